"""The mention layer shared by the components: `doc.ents` plus plain-valued span extensions.

Every mention of every label lives in `doc.ents` (names, DATE, QUANTITY), so
displacy shows them all and later stages find them by position. What a stage
knows about a mention is kept in span extensions, which spaCy stores in
`doc.user_data` keyed by character offsets, so they survive pickling across
processes:

- `Span._.news_method: str` (`model`, `gazetteer`, `rule`)
- `Span._.news_entity_id: str | None`
- `Span._.news_date: dict | None` (`value`, `start`, `end`, `granularity`; ISO strings)
- `Span._.news_quantity: dict | None` (`value`, `qualifier`, `unit`)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from ..resolve.regions import overlaps

for _name in ("news_method", "news_entity_id", "news_date", "news_quantity"):
    Span.set_extension(_name, default=None, force=True)


class Sentences:
    """Sentence lookup by token index, built once per Doc.

    `Token.sent` and `Span.sent` re-check the whole Doc's annotation at every call
    (measured: a third of our components' time on the sample corpus).
    """

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents) if len(doc) else []
        self.starts = [s.start for s in self.spans]

    def number(self, i: int) -> int:
        return max(0, bisect_right(self.starts, i) - 1)

    def of(self, i: int) -> Span:
        return self.spans[self.number(i)]


def in_ignore_region(doc: Doc, start_char: int, end_char: int) -> bool:
    return overlaps(doc._.news_ignore or [], start_char, end_char)


def holds_longer_name(old: Span, new: Span) -> bool:
    """A longer name holding the new span stays (`commandement des opérations d'Anbar` over `Anbar`)."""
    return old.label_ in ("ORG", "LOC", "PER") and old.start <= new.start and new.end <= old.end and len(old) > len(new)


def place_mentions(doc: Doc, spans: Iterable[Span], method: str, *, keep=lambda old, new: False) -> list[Span]:
    """Add `spans` to `doc.ents`, replacing the mentions they overlap.

    A new span is skipped when it lies in an ignore region, or when an old one it
    overlaps is kept by `keep(old, new)`. Returns the spans placed.
    """
    ents = list(doc.ents)
    bounds = [(e.start, e.end) for e in ents]  # read once: each Span attribute is a call into spaCy
    placed: list[Span] = []
    taken: list[tuple[int, int]] = []
    for new in sorted(spans, key=lambda s: (s.start, -len(s))):
        start, end = new.start, new.end
        if in_ignore_region(doc, new.start_char, new.end_char):
            continue
        clashing = [k for k, (a, b) in enumerate(bounds) if a < end and start < b]
        if any(keep(ents[k], new) for k in clashing):
            continue
        if any(a < end and start < b for a, b in taken):
            continue
        if clashing:
            gone = set(clashing)
            ents = [e for k, e in enumerate(ents) if k not in gone]
            bounds = [x for k, x in enumerate(bounds) if k not in gone]
        ents.append(new)
        bounds.append((start, end))
        placed.append(new)
        taken.append((start, end))
    if placed:
        doc.ents = sorted(ents, key=lambda s: s.start)
    for span in placed:
        span._.news_method = method
    return placed
