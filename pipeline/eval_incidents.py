"""Incident clustering scores: B-cubed precision, recall and F1 over event rows.

Scored when the gold events carry an `incident` key (equal keys: one happening, e.g.
data/incidents/gold.jsonl). Each gold event is paired with a predicted events row as
SPEC section 5 pairs events (same type, overlapping sentence, one-to-one); over those
pairs, B-cubed compares the predicted `incident_id` with the gold key row by row, so a
missed or spurious event weighs on the events scores, not here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any


def bcubed(items: list[tuple[Any, Any]]) -> dict[str, Any]:
    """B-cubed over (gold cluster, predicted cluster) pairs, one per item; 1.0 on no items."""
    both = Counter(items)
    gold = Counter(g for g, _ in items)
    pred = Counter(p for _, p in items)
    n = len(items)
    precision = sum(both[item] / pred[item[1]] for item in items) / n if n else 1.0
    recall = sum(both[item] / gold[item[0]] for item in items) / n if n else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n_rows": n}


def incident_scores(gold_docs: list[dict], events: dict[str, list[dict]]) -> dict[str, Any] | None:
    """B-cubed over the matched rows of gold events with an incident key; None when the gold has none."""
    from .evaluate import greedy, overlaps, row_span

    items, n_gold = [], 0
    for doc in gold_docs:
        gold = [g for g in doc["events"] if g.get("incident") is not None]
        rows = events.get(doc["doc_id"], [])
        n_gold += len(gold)
        pairs = greedy(gold, rows, lambda g, r: r.get("event_type") == g["type"] and overlaps((g["sent_start"], g["sent_end"]), row_span(r)))
        items += [(gold[gi]["incident"], rows[pi].get("incident_id")) for gi, pi in pairs]
    return bcubed(items) | {"n_gold_rows": n_gold} if n_gold else None


def incident_lines(scores: dict[str, Any] | None) -> list[str]:
    if scores is None:
        return []
    return [
        "",
        f"Incidents (B-cubed over {scores['n_rows']} of {scores['n_gold_rows']} gold event rows, matched): "
        f"P {scores['precision']:.3f} R {scores['recall']:.3f} F1 {scores['f1']:.3f}",
    ]
