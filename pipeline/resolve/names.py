"""Name-span rules: trim articles, quotes, place words and titles; recognise generics.

Pure functions on (text, label) so each rule is tested without a pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TrimRule:
    label: str  # ORG, LOC, PER or "*"
    side: str  # "lead" or "trail"
    pattern: re.Pattern

    @classmethod
    def from_row(cls, row: dict[str, str]) -> "TrimRule":
        if row["side"] not in ("lead", "trail"):
            raise ValueError(f"trim rule side must be 'lead' or 'trail', got {row['side']!r} in {row}")
        anchored = f"^(?:{row['pattern']})" if row["side"] == "lead" else f"(?:{row['pattern']})$"
        return cls(row["label"], row["side"], re.compile(anchored, re.IGNORECASE))


def trim(text: str, label: str, rules: list[TrimRule]) -> tuple[int, int]:
    """Offsets (relative to `text`) of the name once leading/trailing rules are applied.

    Rules are applied until none changes the span, so `le groupe « l'État islamique »`
    loses article, `groupe`, quote and article in turn. A rule never empties the name.
    """
    start, end = 0, len(text)
    changed = True
    while changed:
        changed = False
        for rule in rules:
            if rule.label not in ("*", label):
                continue
            piece = text[start:end]
            m = rule.pattern.search(piece)
            if not m or m.end() == m.start() or len(piece) - (m.end() - m.start()) < 2:
                continue
            if rule.side == "lead":
                start += m.end()
            else:
                end = start + m.start()
            changed = True
        stripped = text[start:end]
        lead_ws = len(stripped) - len(stripped.lstrip())
        trail_ws = len(stripped) - len(stripped.rstrip())
        if lead_ws or trail_ws:
            start, end = start + lead_ws, end - trail_ws
            changed = True
    return start, end


def normalise_name(text: str) -> str:
    """Lower-case with single spaces and straight apostrophes: the key for generic lists."""
    return " ".join(text.replace("’", "'").split()).casefold()


def split_at_joins(text: str, joins: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of the pieces of `text` between the matches of `joins` (the whole text when none)."""
    edges = [0, *(b for m in joins.finditer(text) for b in m.span()), len(text)]
    return list(zip(edges[::2], edges[1::2]))
