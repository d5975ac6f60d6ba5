"""What spaCy is given of a document: pieces of bounded size, with control characters as spaces.

A document longer than the piece size (`--max-chars`) is cut, so that memory
and the model's cost stay those of one piece whatever the document's length.
Each cut is the last break within the size, by preference a paragraph break
(a blank line), else a line break, else a sentence end, else a space, else the
size itself (a run of that many characters without a space). Pieces cover the
text end to end: a piece's offsets plus its start are offsets into the text.

Control characters (NUL...) are replaced by spaces in what spaCy sees, one
character for one, so every offset still points into the original text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .corpus.decode import CONTROL_RE

# The default piece size. Our components and the model slow down on long Docs
# (measured on dense text: 10,000 characters in 2.4 s, 20,000 in 6.8 s, 100,000
# in 46 s and 960 MB), and a long news article is 20,000 characters.
DEFAULT_MAX_CHARS = 20_000
# Breaks by preference; each match ends where the next piece starts.
BREAKS = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line
    re.compile(r"\n\s*"),  # a line break: our pipeline starts a sentence at each line
    re.compile(r"[.!?…][»\"')\]]*\s+"),  # a sentence end
    re.compile(r"\s+"),
)


class Piece(NamedTuple):
    """Characters `start:end` of a document's text."""

    start: int
    end: int


def pieces(text: str, size: int | None) -> list[Piece]:
    """The pieces of `text`, each at most `size` characters (one piece when `size` is None)."""
    if size is None or len(text) <= size:
        return [Piece(0, len(text))]
    found, start = [], 0
    while len(text) - start > size:
        end = cut(text, start, start + size)
        found.append(Piece(start, end))
        start = end
    found.append(Piece(start, len(text)))
    return found


def cut(text: str, start: int, limit: int) -> int:
    """Where the piece starting at `start` ends: the end of the preferred last break before `limit`."""
    window = text[start:limit]
    for pattern in BREAKS:
        last = None
        for last in pattern.finditer(window):
            pass
        if last is not None:
            return start + last.end()
    return limit


def processing_text(text: str) -> str:
    """`text` with each control character a space: the same length, so the same offsets."""
    return CONTROL_RE.sub(" ", text)
