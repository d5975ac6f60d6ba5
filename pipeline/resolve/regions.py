"""Ignore regions (SPEC section 3): character ranges where nothing is annotated.

Markup, URLs, site chrome and the second and later copies of a repeated
paragraph (captions are often printed twice) are content for no one: mentions
and events found there are dropped downstream. Ranges are into the original
text and are merged, sorted and non-overlapping.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

Region = tuple[int, int]

# Markdown image/link syntax around a caption: `![` and `](target)`; the caption is content.
MARKUP = re.compile(r"!\[|\]\([^)\s]*\)|<[^>\n]{1,200}>")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"»)\]]+", re.IGNORECASE)
# A repeated paragraph shorter than this is a common line ("AFP"), not a copy.
MIN_REPEAT_CHARS = 30


def lines_with_offsets(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each line without its line break or surrounding spaces; empty lines skipped."""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            yield start, start + len(stripped)
        pos += len(line)


def chrome_regions(text: str, patterns: list[re.Pattern]) -> list[Region]:
    """Whole lines matched by one of the chrome patterns."""
    return [(s, e) for s, e in lines_with_offsets(text) if any(p.fullmatch(text[s:e]) for p in patterns)]


def repeated_paragraphs(text: str) -> list[Region]:
    """Second and later copies of a line seen earlier (compared without markup and spaces)."""
    seen: set[str] = set()
    regions = []
    for s, e in lines_with_offsets(text):
        key = " ".join(MARKUP.sub(" ", URL.sub(" ", text[s:e])).split()).casefold()
        if len(key) < MIN_REPEAT_CHARS:
            continue
        if key in seen:
            regions.append((s, e))
        seen.add(key)
    return regions


def markup_regions(text: str) -> list[Region]:
    return [m.span() for m in MARKUP.finditer(text)] + [m.span() for m in URL.finditer(text)]


def merge(regions: Iterable[Region]) -> list[Region]:
    merged: list[list[int]] = []
    for s, e in sorted(regions):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def find_ignore_regions(text: str, patterns: list[re.Pattern]) -> list[Region]:
    return merge(chrome_regions(text, patterns) + repeated_paragraphs(text) + markup_regions(text))


def overlaps(regions: list[Region], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of the sorted, merged regions."""
    i = bisect_right(regions, (start, float("inf"))) - 1
    if i >= 0 and regions[i][1] > start:
        return True
    return i + 1 < len(regions) and regions[i + 1][0] < end
