"""One figure per incident from reports that disagree (three dead on the day, five the next).

A document's figure is the highest its rows give (a title's `cinq morts` and the body's
`cinq soldats tués` are one toll, not ten). Across documents the latest report wins,
since tolls are revised as bodies are found; reports of one day that differ give the
highest. The lowest and highest figures are kept beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def reconcile(figures: Iterable[tuple[str, Any, float]]) -> tuple[float | None, float | None, float | None]:
    """(best, lowest, highest) over (doc_id, publication date or None, count) triples; Nones without any."""
    per_doc: dict[str, tuple[Any, float]] = {}
    for doc, published, count in figures:
        if doc not in per_doc or count > per_doc[doc][1]:
            per_doc[doc] = (published, count)
    if not per_doc:
        return None, None, None
    counts = [count for _, count in per_doc.values()]
    latest = max(per_doc.values(), key=lambda dated: (dated[0] is not None, dated[0] or 0, dated[1]))
    return latest[1], min(counts), max(counts)
