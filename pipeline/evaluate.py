"""Score an output directory against a gold JSONL file, exactly as SPEC section 5 says.

`python -m pipeline.evaluate --out data/processed --gold data/gold/seeds.jsonl`
prints a plain-text report and writes the same figures as JSON (`<out>/eval.json`).

The scoring is a handful of pure functions (span matching, date/argument
comparison, pair counting, P/R/F1), each tested alone in tests/test_evaluate.py;
`evaluate` only connects them to the tables. Only documents present in the gold
are scored, MISC is never scored, and nothing predicted inside a gold `ignore`
region counts for or against (SPEC section 3).

Conventions where SPEC leaves a choice:
- P/R/F1 with an empty denominator: 1.0 when there is neither anything to find
  nor anything found, else 0.0 (so a perfect output scores 1.0 everywhere).
- Accuracies over zero matched items are `None` (JSON null, shown as "n/a").
- Matching is one-to-one and greedy, with fixed tie-breaks, so a report never
  depends on row order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from pipeline.errors import Errors, UsageError
from pipeline.eval_incidents import incident_lines, incident_scores

EXACT_LABELS = ("ORG", "LOC", "PER")
OVERLAP_LABELS = ("DATE", "QUANTITY")
SCORED_LABELS = EXACT_LABELS + OVERLAP_LABELS
REQUIRED_TABLES = ("documents", "mentions", "events")
OPTIONAL_TABLES = ("entities",)
# Columns without which a table cannot be scored; any other column may be absent (read as null).
REQUIRED_COLUMNS = {
    "documents": ("doc_id",),
    "mentions": ("doc_id", "start", "end", "label"),
    "events": ("doc_id", "event_type", "start", "end"),
}
ARGUMENTS = ("actor", "target", "location", "date", "count")

# "la semaine dernière" resolved against a Monday or a Sunday may differ by a day or two
# between two honest readings; SPEC section 5 allows ± 2 days on such relative periods only.
DATE_TOLERANCE_DAYS = 2
RELATIVE_DATE = re.compile(
    r"(?<!\w)(?:avant-hier|hier|demain|il y a|depuis|cours|"
    r"derni[eè]re?s?|prochaine?s?|passée?s?)(?!\w)",
    re.IGNORECASE,
)
QUANTITY_TOLERANCE = 1e-6
ARTICLE = re.compile(r"^(?:les|le|la)\s+|^l['’]\s*")
QUOTES = "«»\"“”"


# --- small pure functions ----------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall, F1 and the counts behind them.

    An empty denominator gives 1.0 when the other side is empty too (nothing to
    find, nothing found) and 0.0 otherwise, so that a label absent from both gold
    and output does not drag a perfect run below 1.0.
    """
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def accuracy(right: int, n: int) -> dict[str, Any]:
    """Share of `n` items that are right; `None` when there is nothing to judge."""
    return {"accuracy": right / n if n else None, "right": right, "n": n}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters two half-open spans [start, end) share (0 when disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlaps_any(span: tuple[int, int], regions: Iterable[Sequence[int]]) -> bool:
    """Whether `span` shares at least one character with one of the regions."""
    return any(overlap(span, (r[0], r[1])) > 0 for r in regions)


def spans_match(gold: tuple[int, int], pred: tuple[int, int], overlapping: bool) -> bool:
    """Exact span equality, or (for DATE/QUANTITY) at least one shared character."""
    return overlap(gold, pred) > 0 if overlapping else tuple(gold) == tuple(pred)


def match_spans(
    gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], overlapping: bool
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs for spans of one label in one document.

    With `overlapping`, candidates are taken greedily by largest overlap, then
    smallest boundary distance, then position, so that `le 21 août` predicted as
    `21 août` takes the gold span it covers and a second overlapping prediction
    is a false positive instead of a second true positive.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if spans_match(g, p, overlapping):
                distance = abs(g[0] - p[0]) + abs(g[1] - p[1])
                candidates.append((-overlap(g, p), distance, gi, pi))
    return greedy_pairs(candidates)


def greedy_pairs(candidates: list[tuple]) -> list[tuple[int, int]]:
    """One-to-one (gold, pred) pairs from `(key, key, gi, pi)` candidates, best key first."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for *_, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def is_relative_date(value: str | None, text: str | None) -> bool:
    """Whether a gold DATE is a relative period (ISO week value or a word like `dernière`).

    Only those get the ± 2 days tolerance: `le 21 août` must be exactly right.
    """
    return "W" in str(value or "") or bool(RELATIVE_DATE.search(str(text or "")))


def date_right(
    gold_start: Any, gold_end: Any, pred_start: Any, pred_end: Any, tolerance_days: int = 0
) -> bool:
    """Whether both bounds agree: null with null, or dates at most `tolerance_days` apart.

    A gold `PAST_REF` (null start and end) is right only when the prediction
    leaves both null too.
    """
    for gold, pred in ((gold_start, pred_start), (gold_end, pred_end)):
        gold, pred = iso_date(gold), iso_date(pred)
        if gold is None or pred is None:
            if gold is not pred:
                return False
            continue
        try:
            gap = abs((dt.date.fromisoformat(gold) - dt.date.fromisoformat(pred)).days)
        except ValueError:  # not a calendar date (e.g. a malformed value): only equality counts
            gap = 0 if gold == pred else math.inf
        if gap > tolerance_days:
            return False
    return True


def number_right(gold: Any, pred: Any, tolerance: float = QUANTITY_TOLERANCE) -> bool:
    """Both null, or both numbers within `tolerance` (floats: 35 and 35.0 are equal)."""
    if is_null(gold) or is_null(pred):
        return is_null(gold) and is_null(pred)
    try:
        return abs(float(gold) - float(pred)) <= tolerance
    except (TypeError, ValueError):
        return False


def normalise_argument(text: Any) -> str:
    """Case-folded surface form without surrounding spaces, quotes or leading article.

    `« l'État islamique »` and `État islamique` name the same argument: the
    gold lists bare names, the pipeline may keep the article or the quotes.
    """
    if is_null(text):
        return ""
    value = str(text).casefold()
    previous = None
    while value != previous:
        previous = value
        value = value.strip().strip(QUOTES).strip()
        value = ARTICLE.sub("", value, count=1)
    return value


def argument_right(pred_text: Any, gold_forms: Any) -> bool:
    """Whether a predicted argument is one of the gold's acceptable surface forms.

    An empty gold (null or `[]`) is right only when the prediction is empty too.
    """
    if is_null(gold_forms) or gold_forms == "":
        forms: list[Any] = []
    elif isinstance(gold_forms, str):
        forms = [gold_forms]
    else:
        forms = list(gold_forms)
    accepted = {normalise_argument(f) for f in forms} - {""}
    pred = normalise_argument(pred_text)
    if not accepted:
        return pred == ""
    return pred in accepted


def pair_counts(items: Sequence[tuple[Any, Any, str]], differing_forms: bool = False) -> tuple[int, int, int]:
    """(tp, fp, fn) over all unordered pairs of matched mentions, for alias F1.

    `items` are (gold cluster key, predicted entity_id, surface text). A pair is
    gold-positive when both gold keys are equal, predicted-positive when both
    entity_ids are equal; a null key equals nothing. With `differing_forms`,
    only pairs whose two texts differ are counted (`EIIS`/`Daech`, not
    `EIIS`/`EIIS`). Counted by grouping rather than by enumerating pairs, so a
    gold file of 10,000 mentions costs no 50 million comparisons.
    """
    def key(value: Any, i: int, tag: str) -> Any:
        return (tag, i) if is_null(value) or value == "" else ("k", value)

    rows = [(key(g, i, "g"), key(p, i, "p"), t) for i, (g, p, t) in enumerate(items)]

    def pairs(groups: Iterable[tuple]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(groups).values())

    gold_pos = pairs(g for g, _, _ in rows)
    pred_pos = pairs(p for _, p, _ in rows)
    both = pairs((g, p) for g, p, _ in rows)
    if differing_forms:
        gold_pos -= pairs((g, t) for g, _, t in rows)
        pred_pos -= pairs((p, t) for _, p, t in rows)
        both -= pairs((g, p, t) for g, p, t in rows)
    return both, pred_pos - both, gold_pos - both


def match_events(
    gold: Sequence[tuple[str, int, int, int | None]], pred: Sequence[tuple[str, int, int, int | None]]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of events of one document.

    Items are (type, sentence start, sentence end, trigger_start or None). A pair
    needs the same type and overlapping sentences. Greedy: closest trigger_start
    first (unknown triggers last), then largest sentence overlap, then position,
    so two KILL events in one sentence pair with the right two predictions.
    """
    candidates = []
    for gi, (gtype, gs, ge, gtrig) in enumerate(gold):
        for pi, (ptype, ps, pe, ptrig) in enumerate(pred):
            shared = overlap((gs, ge), (ps, pe))
            if gtype == ptype and shared > 0:
                distance = abs(gtrig - ptrig) if gtrig is not None and ptrig is not None else math.inf
                candidates.append((distance, -shared, gi, pi))
    return greedy_pairs(candidates)


def event_anchor(start: int, end: int, trigger_start: int | None) -> float:
    """Where a predicted event sits: its trigger, or the middle of its sentence."""
    return trigger_start if trigger_start is not None else (start + end) / 2


def in_regions(position: float, regions: Iterable[Sequence[int]]) -> bool:
    """Whether a character position falls inside one of the half-open regions."""
    return any(r[0] <= position < r[1] for r in regions)


def is_null(value: Any) -> bool:
    """None, NaN, NaT or pd.NA: pandas gives any of them for a missing Parquet value."""
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, dict, set)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # arrays (list columns) are values, not nulls
        return False


def iso_date(value: Any) -> str | None:
    """An ISO `YYYY-MM-DD` string from a date32 read by pandas (date, datetime64, Timestamp) or a string."""
    if is_null(value):
        return None
    if isinstance(value, str):
        return value.strip()[:10] or None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return pd.Timestamp(value).date().isoformat()


def _int_or_none(value: Any) -> int | None:
    return None if is_null(value) else int(value)


# --- reading ------------------------------------------------------------------------


def _check_gold_doc(doc: Any) -> str | None:
    """The reason a parsed gold line is unusable, or None when it is fine."""
    if not isinstance(doc, dict):
        return f"expected a JSON object, got {type(doc).__name__}"
    if not isinstance(doc.get("doc_id"), str) or not doc["doc_id"]:
        return "missing or empty 'doc_id'"
    text = doc.get("text")
    if text is not None and not isinstance(text, str):
        return "'text' is not a string"

    def is_int(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    for field in ("spans", "events", "ignore"):
        if doc.get(field) is not None and not isinstance(doc[field], list):
            return f"{field!r} is not a list"
    for i, region in enumerate(doc.get("ignore") or []):
        if not (isinstance(region, list) and len(region) == 2 and all(map(is_int, region))):
            return f"ignore region {i} is not [start, end]: {region!r}"
    for i, span in enumerate(doc.get("spans") or []):
        if not isinstance(span, dict) or not is_int(span.get("start")) or not is_int(span.get("end")):
            return f"span {i} has no integer 'start' and 'end'"
        if not isinstance(span.get("label"), str):
            return f"span {i} has no 'label'"
        if not 0 <= span["start"] < span["end"]:
            return f"span {i} has start {span['start']} >= end {span['end']}"
        if text is not None and "text" in span and text[span["start"] : span["end"]] != span["text"]:
            found = text[span["start"] : span["end"]]
            return f"span {i} text {span['text']!r} differs from text[{span['start']}:{span['end']}] {found!r}"
    for i, event in enumerate(doc.get("events") or []):
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return f"event {i} has no 'type'"
        if not is_int(event.get("sent_start")) or not is_int(event.get("sent_end")):
            return f"event {i} has no integer 'sent_start' and 'sent_end'"
        if event.get("trigger_start") is not None and not is_int(event["trigger_start"]):
            return f"event {i} 'trigger_start' is not an integer"
    return None


def load_gold(path: str | Path) -> list[dict]:
    """Gold documents from a JSONL file (SPEC section 4), checked line by line.

    Offsets are checked against the gold text so that a broken gold line fails
    loudly (E006, with its line number) instead of silently scoring as misses.
    Blank lines are skipped; `ignore`, `spans`, `events` default to empty.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(Errors.E004.format(path=path))
    docs: list[dict] = []
    first_line: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(Errors.E006.format(path=path, line=number, reason=f"invalid JSON ({exc})")) from None
            reason = _check_gold_doc(doc)
            if reason is None and doc["doc_id"] in first_line:
                reason = f"duplicate doc_id {doc['doc_id']!r}, first on line {first_line[doc['doc_id']]}"
            if reason is not None:
                raise UsageError(Errors.E006.format(path=path, line=number, reason=reason))
            first_line[doc["doc_id"]] = number
            for field in ("ignore", "spans", "events"):
                doc[field] = doc.get(field) or []
            docs.append(doc)
    return docs


def _table_path(out_dir: Path, name: str) -> Path | None:
    """`<name>.parquet`, else a directory `<name>/` holding Parquet parts, else None."""
    single = out_dir / f"{name}.parquet"
    if single.is_file():
        return single
    parts = out_dir / name
    if parts.is_dir() and any(parts.rglob("*.parquet")):
        return parts
    return None


def load_output(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The output tables as DataFrames: documents, mentions, events, and entities if present.

    Raises E005 for a missing required table and E021 for a table without the
    columns scoring needs (other missing columns are read as null).
    """
    out_dir = Path(out_dir)
    tables: dict[str, pd.DataFrame] = {}
    for name in REQUIRED_TABLES + OPTIONAL_TABLES:
        path = _table_path(out_dir, name)
        if path is None:
            if name in REQUIRED_TABLES:
                raise UsageError(Errors.E005.format(path=out_dir, table=name))
            continue
        frame = pd.read_parquet(path)
        missing = [c for c in REQUIRED_COLUMNS.get(name, ()) if c not in frame.columns]
        if missing:
            raise UsageError(Errors.E021.format(path=path, table=name, columns=", ".join(missing)))
        tables[name] = frame
    return tables


def _rows_by_doc(frame: pd.DataFrame, doc_ids: set[str]) -> dict[str, list[dict]]:
    """Rows of the gold documents as plain dicts, grouped by doc_id, in table order."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    if frame.empty:
        return grouped
    for row in frame[frame["doc_id"].isin(doc_ids)].to_dict("records"):
        grouped[row["doc_id"]].append(row)
    return grouped


# --- scoring ------------------------------------------------------------------------


def _score_mentions(
    gold_docs: list[dict], mentions: dict[str, list[dict]], overlap_labels: Sequence[str]
) -> tuple[dict[str, list[int]], list[tuple[dict, dict]]]:
    """Per-label [tp, fp, fn] and the matched (gold span, predicted row) pairs.

    A prediction overlapping an ignore region is dropped before matching unless
    it matches a gold span; one kept but left unmatched is still not a false
    positive, since nothing in an ignore region counts against the output.
    """
    counts = {label: [0, 0, 0] for label in SCORED_LABELS}
    matched: list[tuple[dict, dict]] = []
    for doc in gold_docs:
        ignore = doc["ignore"]
        rows = mentions.get(doc["doc_id"], [])
        for label in SCORED_LABELS:
            overlapping = label in overlap_labels
            gold = [s for s in doc["spans"] if s["label"] == label]
            gold_spans = [(s["start"], s["end"]) for s in gold]
            pred = []
            for row in rows:
                if row.get("label") != label:
                    continue
                start, end = _int_or_none(row.get("start")), _int_or_none(row.get("end"))
                span = (start, end) if start is not None and end is not None else (-1, -1)
                if overlaps_any(span, ignore) and not any(spans_match(g, span, overlapping) for g in gold_spans):
                    continue
                pred.append((span, row))
            pairs = match_spans(gold_spans, [span for span, _ in pred], overlapping)
            used = {pi for _, pi in pairs}
            fp = sum(1 for pi, (span, _) in enumerate(pred) if pi not in used and not overlaps_any(span, ignore))
            counts[label][0] += len(pairs)
            counts[label][1] += fp
            counts[label][2] += len(gold) - len(pairs)
            matched.extend((gold[gi], pred[pi][1]) for gi, pi in pairs)
    return counts, matched


def _mention_block(counts: dict[str, list[int]], overlap_labels: Sequence[str]) -> dict[str, Any]:
    by_label = {}
    for label in SCORED_LABELS:
        by_label[label] = prf(*counts[label]) | {"match": "overlap" if label in overlap_labels else "exact"}
    micro = prf(*(sum(counts[label][i] for label in SCORED_LABELS) for i in range(3)))
    return {"by_label": by_label, "micro": micro}


def _score_events(gold_docs: list[dict], events: dict[str, list[dict]]) -> dict[str, Any]:
    """Event P/R/F1 overall and per type, and argument accuracy over matched pairs."""
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    right = Counter()
    n_matched = 0
    for doc in gold_docs:
        gold = doc["events"]
        gold_items = [(g["type"], g["sent_start"], g["sent_end"], g.get("trigger_start")) for g in gold]
        pred, pred_items = [], []
        for row in events.get(doc["doc_id"], []):
            start, end = _int_or_none(row.get("start")), _int_or_none(row.get("end"))
            start, end = (start, end) if start is not None and end is not None else (-1, -1)
            trigger = _int_or_none(row.get("trigger_start"))
            if in_regions(event_anchor(start, end, trigger), doc["ignore"]) and not any(
                overlap((start, end), (g[1], g[2])) > 0 for g in gold_items
            ):
                continue
            pred.append(row)
            pred_items.append((row.get("event_type"), start, end, trigger))
        pairs = match_events(gold_items, pred_items)
        for g in gold:
            per_type[g["type"]][2] += 1
        for row in pred:
            per_type[str(row.get("event_type"))][1] += 1
        for gi, pi in pairs:
            counts = per_type[gold[gi]["type"]]
            counts[0] += 1
            counts[1] -= 1
            counts[2] -= 1
            g, p = gold[gi], pred[pi]
            n_matched += 1
            right["actor"] += argument_right(p.get("actor_text"), g.get("actor"))
            right["target"] += argument_right(p.get("target_text"), g.get("target"))
            right["location"] += argument_right(p.get("location_text"), g.get("location"))
            right["date"] += date_right(g.get("date_start"), g.get("date_end"), p.get("date_start"), p.get("date_end"))
            right["count"] += number_right(g.get("count"), p.get("count"))
    total = [sum(c[i] for c in per_type.values()) for i in range(3)]
    return {
        "overall": prf(*total),
        "by_type": {t: prf(*per_type[t]) for t in sorted(per_type)},
        "n_matched": n_matched,
        "arguments": {arg: accuracy(right[arg], n_matched) for arg in ARGUMENTS},
    }


def evaluate(out_dir: str | Path, gold_path: str | Path) -> dict[str, Any]:
    """The JSON-serialisable report of SPEC section 5 for one output directory.

    Keys: gold, out, n_docs, missing_docs, text_mismatch_docs, mentions (ORG/LOC/PER
    exact, DATE/QUANTITY overlap), exact (exact spans for all labels), dates,
    quantities, aliases, events. Predictions for doc_ids absent from the gold
    are ignored; a gold document with no prediction at all is all-missed and
    listed under `missing_docs`.
    """
    gold_docs = load_gold(gold_path)
    tables = load_output(out_dir)
    doc_ids = {d["doc_id"] for d in gold_docs}
    mentions = _rows_by_doc(tables["mentions"], doc_ids)
    events = _rows_by_doc(tables["events"], doc_ids)
    documents = _rows_by_doc(tables["documents"], doc_ids)
    seen = set(documents) | set(mentions) | set(events)
    # Offsets into another text than the gold's would score as misses: say so.
    mismatch = sorted(
        d["doc_id"]
        for d in gold_docs
        if d.get("text_sha256")
        and any(
            not is_null(r.get("text_sha256")) and r.get("text_sha256") != d["text_sha256"]
            for r in documents.get(d["doc_id"], [])
        )
    )

    counts, matched = _score_mentions(gold_docs, mentions, OVERLAP_LABELS)
    exact_counts, _ = _score_mentions(gold_docs, mentions, ())

    dates = [(g, p) for g, p in matched if g["label"] == "DATE"]
    dates_right = sum(
        date_right(
            g.get("date_start"),
            g.get("date_end"),
            p.get("date_start"),
            p.get("date_end"),
            DATE_TOLERANCE_DAYS if is_relative_date(g.get("value"), g.get("text")) else 0,
        )
        for g, p in dates
    )
    quantities = [(g, p) for g, p in matched if g["label"] == "QUANTITY"]
    quantities_right = sum(number_right(g.get("value"), p.get("quantity")) for g, p in quantities)

    entity_items = [
        (g.get("entity"), p.get("entity_id"), g.get("text", p.get("text")))
        for g, p in matched
        if g["label"] in EXACT_LABELS
    ]
    return {
        "gold": str(gold_path),
        "out": str(out_dir),
        "n_docs": len(gold_docs),
        "missing_docs": sorted(doc_ids - seen),
        "text_mismatch_docs": mismatch,
        "mentions": _mention_block(counts, OVERLAP_LABELS),
        "exact": _mention_block(exact_counts, ()),
        "dates": accuracy(dates_right, len(dates)),
        "quantities": accuracy(quantities_right, len(quantities)),
        "aliases": {
            "all_pairs": prf(*pair_counts(entity_items)),
            "different_forms": prf(*pair_counts(entity_items, differing_forms=True)),
            "n_mentions": len(entity_items),
        },
        "events": _score_events(gold_docs, events),
        "incidents": incident_scores(gold_docs, events),
    }


# --- output -------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _prf_table(rows: dict[str, dict], first: str = "label") -> list[str]:
    width = max([len(first)] + [len(name) for name in rows]) + 2
    lines = [f"{first:<{width}}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}"]
    for name, s in rows.items():
        lines.append(
            f"{name:<{width}}{_fmt(s['precision']):>7}{_fmt(s['recall']):>7}{_fmt(s['f1']):>7}"
            f"{s['tp']:>7}{s['fp']:>7}{s['fn']:>7}"
        )
    return lines


def render(report: dict[str, Any]) -> str:
    """The report as plain text: mention tables, dates, quantities, aliases, events."""
    lines = [f"Evaluation of {report['out']} against {report['gold']} ({report['n_docs']} gold documents)"]
    if report["missing_docs"]:
        lines.append(f"Missing from the output (all missed): {', '.join(report['missing_docs'])}")
    if report.get("text_mismatch_docs"):
        lines.append(f"WARNING text differs from the gold (offsets unreliable): {', '.join(report['text_mismatch_docs'])}")
    lines += ["", "Mentions (ORG, LOC, PER: exact span; DATE, QUANTITY: overlapping span)"]
    mentions = report["mentions"]
    lines += _prf_table(
        {f"{label} ({s['match']})": s for label, s in mentions["by_label"].items()} | {"micro": mentions["micro"]}
    )
    lines += ["", "Mentions, exact span for all labels"]
    lines += _prf_table(report["exact"]["by_label"] | {"micro": report["exact"]["micro"]})
    lines.append("")
    for title, key in (("Dates (start and end right)", "dates"), ("Quantities (value right)", "quantities")):
        s = report[key]
        lines.append(f"{title}: {_fmt(s['accuracy'])} ({s['right']}/{s['n']} matched)")
    aliases = report["aliases"]
    lines += ["", f"Aliases (pairwise over {aliases['n_mentions']} matched ORG/LOC/PER mentions)"]
    lines += _prf_table({"all pairs": aliases["all_pairs"], "different forms": aliases["different_forms"]}, "pairs")
    events = report["events"]
    lines += ["", "Events (same type, overlapping sentence, one-to-one)"]
    lines += _prf_table({"overall": events["overall"]} | events["by_type"], "type")
    arguments = ", ".join(f"{arg} {_fmt(s['accuracy'])}" for arg, s in events["arguments"].items())
    lines.append(f"Arguments ({events['n_matched']} matched events): {arguments}")
    lines += incident_lines(report.get("incidents"))
    return "\n".join(lines)


def write_report(report: dict[str, Any], path: str | Path) -> None:
    """Write the report as UTF-8 JSON; E020 when the file cannot be written."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(Errors.E020.format(path=path, reason=exc.strerror or exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the report, write it as JSON; exit 2 with one line on bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.evaluate",
        description="Score an output directory against a gold JSONL file (SPEC section 5).",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("data/processed"), help="output directory (default: data/processed)"
    )
    parser.add_argument("--gold", type=Path, required=True, help="gold JSONL file (SPEC section 4)")
    parser.add_argument(
        "--report", type=Path, default=None, help="JSON report to write (default: <out>/eval.json)"
    )
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.out, args.gold)
        print(render(report))
        write_report(report, args.report or args.out / "eval.json")
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
