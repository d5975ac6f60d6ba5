"""Score an output directory against a gold JSONL file: SPEC section 5, figure for figure as the reference scorer.

`python -m pipeline.evaluate --out data/processed --gold data/gold/seeds.jsonl`
prints a plain-text report and writes the same figures as JSON (`<out>/eval.json`).

SPEC section 5 names `shared/scoring/score.py` as the reference the unseen
articles are scored with, and `make eval` must give its figures on the same
output; tests/test_reference_scorer.py runs both and compares every figure.
The rules are re-implemented here rather than imported, so that the project
runs nothing from outside its tree; each rule below is the reference's:

- Only gold documents are scored, and only ORG, LOC, PER, DATE, QUANTITY.
  A predicted mention overlapping an ignore region is dropped before matching.
- Matching is one-to-one and greedy in gold order: each gold item takes the
  first unused prediction (table order) that fits. ORG/LOC/PER score exact
  spans, DATE/QUANTITY overlapping ones; dates, quantities and aliases are
  judged on the overlap matches of every label.
- Figures are rounded to 4 decimals as the reference rounds them (so both
  print the same third decimal), and an empty denominator gives 0.0.
Our report adds fp/fn per label, a per-type event table and the failures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

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
ROLES = ("actor", "target", "location")

# "la semaine dernière" resolved against a Monday or a Sunday may differ by a day or two between two
# honest readings: SPEC section 5 allows ± 2 days on relative periods, which the reference tells by the
# gold value (an ISO week `2017-W43` or a range `2020-07/2020-08`) and, for events, by a range of dates.
DATE_TOLERANCE_DAYS = 2
QUANTITY_TOLERANCE = 1e-6
DECIMALS = 4
# What folding drops: quotes and brackets, then French and Arabic articles as whole words.
QUOTES = re.compile(r"[«»\"“”'’()\[\]]")
ARTICLES = re.compile(r"\b(l|le|la|les|des|du|de|d|al|el)\b")
# A predicted argument may hold a gold form with at most this many more words ("les forces irakiennes").
EXTRA_WORDS = 2


# --- small pure functions ----------------------------------------------------------


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall, F1 (0.0 over an empty denominator) and the counts behind them."""
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, DECIMALS),
        "recall": round(recall, DECIMALS),
        "f1": round(f1, DECIMALS),
        "tp": tp,
        "fp": n_pred - tp,
        "fn": n_gold - tp,
    }


def accuracy(right: int, n: int) -> dict[str, Any]:
    """Share of `n` items that are right; `None` when there is nothing to judge."""
    return {"accuracy": round(right / n, DECIMALS) if n else None, "right": right, "n": n}


def overlaps(a: Sequence[int], b: Sequence[int]) -> bool:
    """Whether two half-open spans [start, end) share a character (touching is not overlapping)."""
    return a[0] < b[1] and b[0] < a[1]


def in_regions(span: Sequence[int], regions: Iterable[Sequence[int]]) -> bool:
    """Whether `span` overlaps one of the (ignore) regions."""
    return any(overlaps(span, region) for region in regions)


def greedy(gold: Sequence[Any], pred: Sequence[Any], fits: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: each gold item, in order, takes the first unused pred that fits."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and fits(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def fold(text: Any) -> str:
    """Case, accents, quotes, brackets and articles folded away: `« l'État islamique »` -> `etat islamique`."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    value = ARTICLES.sub(" ", QUOTES.sub(" ", value))
    return re.sub(r"[\s\-]+", " ", value).strip()


def argument_right(candidates: Sequence[str], forms: Sequence[str]) -> bool:
    """Whether folded predicted names fit the gold forms (SPEC section 5).

    `[]` gold forms: right only with no candidate. Otherwise a candidate is
    right when it equals a folded form, is part of one, or holds one with at
    most EXTRA_WORDS more words (not a whole clause).
    """
    if not forms:
        return not candidates
    folded = [fold(form) for form in forms]
    return any(
        c == f or (c and c in f) or (f and f in c and len(c.split()) <= len(f.split()) + EXTRA_WORDS)
        for c in candidates
        for f in folded
    )


def argument_candidates(row: dict, role: str, canonical: dict[str, str]) -> list[str]:
    """The folded names an event row gives a role: its `<role>_text` and its entity's canonical name."""
    names = [row.get(f"{role}_text")]
    entity_id = row.get(f"{role}_id")
    if not is_null(entity_id) and str(entity_id) in canonical:
        names.append(canonical[str(entity_id)])
    return [fold(name) for name in names if not is_null(name) and str(name).strip()]


def to_date(value: Any) -> dt.date | None:
    """A date from a date32 read by pandas (date, datetime, Timestamp) or an ISO string; None if unreadable."""
    if is_null(value):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_right(gold_start: Any, gold_end: Any, pred_start: Any, pred_end: Any, tolerance_days: int = 0) -> bool:
    """Whether both predicted bounds are dates at most `tolerance_days` from the gold ones."""
    bounds = [(to_date(gold_start), to_date(pred_start)), (to_date(gold_end), to_date(pred_end))]
    return all(g is not None and p is not None and abs((p - g).days) <= tolerance_days for g, p in bounds)


def mention_date_tolerance(value: Any) -> int:
    """± 2 days for a gold DATE whose value is an ISO week or a range, else none."""
    value = str(value or "")
    return DATE_TOLERANCE_DAYS if "W" in value or "/" in value else 0


def quantity_right(gold: Any, pred: Any) -> bool:
    """A predicted value within QUANTITY_TOLERANCE of the gold one (35 and 35.0 are equal)."""
    return not is_null(pred) and not is_null(gold) and abs(float(pred) - float(gold)) < QUANTITY_TOLERANCE


def count_right(gold: Any, pred: Any) -> bool:
    """A predicted event count equal to the gold one."""
    return not is_null(pred) and float(pred) == float(gold)


def pair_counts(items: Sequence[tuple[Any, Any, str]], differing_forms: bool = False) -> tuple[int, int, int]:
    """(tp, predicted positive, gold positive) over all unordered pairs of matched mentions, for alias F1.

    `items` are (gold cluster key, predicted entity_id, folded gold text). A
    pair is gold-positive when both gold keys are equal, predicted-positive
    when both entity_ids are equal and not null. With `differing_forms`, only
    pairs whose two texts differ count (`EIIS`/`Daech`, not `EIIS`/`EIIS`).
    Counted by grouping rather than by enumerating pairs, so a gold file of
    10,000 mentions costs no 50 million comparisons.
    """
    rows = [(g, ("null", i) if is_null(p) else ("id", p), t) for i, (g, p, t) in enumerate(items)]

    def pairs(groups: Iterable[tuple]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(groups).values())

    gold_pos = pairs(g for g, _, _ in rows)
    pred_pos = pairs(p for _, p, _ in rows)
    both = pairs((g, p) for g, p, _ in rows)
    if differing_forms:
        gold_pos -= pairs((g, t) for g, _, t in rows)
        pred_pos -= pairs((p, t) for _, p, t in rows)
        both -= pairs((g, p, t) for g, p, t in rows)
    return both, pred_pos, gold_pos


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


def row_span(row: dict) -> tuple[int, int]:
    """A row's (start, end); a row without offsets is (-1, -1), which overlaps nothing."""
    start, end = row.get("start"), row.get("end")
    return (-1, -1) if is_null(start) or is_null(end) else (int(start), int(end))


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


def _read_text(doc: dict, texts: Path | None) -> str:
    """The gold text of a line that carries none, from `<texts>/<doc_id>.txt`; LookupError says why it cannot be read."""
    if texts is None:
        raise LookupError("no texts directory is known (no --texts, and no corpus in the output's run.json)")
    path = texts / f"{doc['doc_id']}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LookupError(f"{path} cannot be read ({getattr(exc, 'strerror', None) or exc})") from None


def load_gold(path: str | Path, texts: str | Path | None = None) -> list[dict]:
    """Gold documents from a JSONL file (SPEC section 4), checked line by line.

    A line without `text` takes it from `<texts>/<doc_id>.txt` (the gold of
    the dev set ships without the publishers' texts); E022 when it cannot.
    The text must have the line's `text_sha256`, and offsets are checked
    against it, so that a broken gold line fails loudly (E006, with its line
    number) instead of silently scoring as misses. Blank lines are skipped;
    `ignore`, `spans`, `events` default to empty.
    """
    path = Path(path)
    texts = None if texts is None else Path(texts)
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
            if isinstance(doc, dict) and isinstance(doc.get("doc_id"), str) and doc.get("text") is None:
                try:
                    doc["text"] = _read_text(doc, texts)
                except LookupError as exc:
                    raise UsageError(Errors.E022.format(path=path, line=number, doc_id=doc["doc_id"], reason=exc)) from None
            reason = _check_gold_doc(doc)
            if reason is None and doc["doc_id"] in first_line:
                reason = f"duplicate doc_id {doc['doc_id']!r}, first on line {first_line[doc['doc_id']]}"
            if reason is None and isinstance(doc.get("text_sha256"), str) and isinstance(doc.get("text"), str):
                if hashlib.sha256(doc["text"].encode("utf-8")).hexdigest() != doc["text_sha256"]:
                    reason = "its text does not have its 'text_sha256' (another version of the article?)"
            if reason is not None:
                raise UsageError(Errors.E006.format(path=path, line=number, reason=reason))
            first_line[doc["doc_id"]] = number
            for field in ("ignore", "spans", "events"):
                doc[field] = doc.get(field) or []
            docs.append(doc)
    return docs


def run_corpus(out_dir: str | Path) -> Path | None:
    """The corpus `newsx extract` read for this output (run.json `options.corpus`), the default --texts."""
    run = Path(out_dir) / "run.json"
    try:
        corpus = json.loads(run.read_text(encoding="utf-8")).get("options", {}).get("corpus")
    except (OSError, ValueError, AttributeError):
        return None
    return Path(corpus) if isinstance(corpus, str) and corpus else None


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


def surface(doc: dict, span: dict) -> str:
    """The gold text a gold span covers."""
    return doc["text"][span["start"] : span["end"]]


def _score_mentions(gold_docs: list[dict], mentions: dict[str, list[dict]]) -> dict[str, Any]:
    """Per-label [tp, pred, gold] counts, exact and overlapping, and the overlap matches as (doc, span, row)."""
    counts: dict[str, dict[str, list[int]]] = {"exact": {}, "overlap": {}}
    for label in SCORED_LABELS:
        counts["exact"][label], counts["overlap"][label] = [0, 0, 0], [0, 0, 0]
    matched: list[tuple[dict, dict, dict]] = []
    for doc in gold_docs:
        pred = [r for r in mentions.get(doc["doc_id"], [])
                if r.get("label") in SCORED_LABELS and not in_regions(row_span(r), doc["ignore"])]
        for label in SCORED_LABELS:
            gold = [s for s in doc["spans"] if s["label"] == label]
            preds = [r for r in pred if r["label"] == label]
            exact = greedy(gold, preds, lambda s, r: (s["start"], s["end"]) == row_span(r))
            overlap = greedy(gold, preds, lambda s, r: overlaps((s["start"], s["end"]), row_span(r)))
            for kind, pairs in (("exact", exact), ("overlap", overlap)):
                tally = counts[kind][label]
                tally[0] += len(pairs)
                tally[1] += len(preds)
                tally[2] += len(gold)
            matched.extend((doc, gold[gi], preds[pi]) for gi, pi in overlap)
    return {"counts": counts, "matched": matched}


def _mention_block(counts: dict[str, dict[str, list[int]]], overlap_labels: Sequence[str]) -> dict[str, Any]:
    """P/R/F1 per label, from the overlap counts for `overlap_labels` and the exact ones otherwise, and micro."""
    chosen = {label: counts["overlap" if label in overlap_labels else "exact"][label] for label in SCORED_LABELS}
    by_label = {
        label: prf(*chosen[label]) | {"match": "overlap" if label in overlap_labels else "exact"}
        for label in SCORED_LABELS
    }
    micro = prf(*(sum(chosen[label][i] for label in SCORED_LABELS) for i in range(3)))
    return {"by_label": by_label, "micro": micro}


def _score_values(matched: list[tuple[dict, dict, dict]]) -> dict[str, Any]:
    """Date and quantity accuracy over the matched DATE/QUANTITY mentions, with what was wrong.

    A gold DATE without `date_start` (PAST_REF: "ces derniers jours") is not
    judged; the others need both predicted bounds within the tolerance.
    """
    dates, quantities = [0, 0], [0, 0]
    failures: dict[str, list[str]] = {"dates": [], "quantities": []}
    for doc, span, row in matched:
        if span["label"] == "DATE" and span.get("date_start"):
            right = date_right(span["date_start"], span.get("date_end"), row.get("date_start"), row.get("date_end"),
                               mention_date_tolerance(span.get("value")))
            dates[0] += right
            dates[1] += 1
            if not right:
                failures["dates"].append(
                    f"{doc['doc_id']} {surface(doc, span)!r} gold {to_date(span['date_start'])}..{to_date(span.get('date_end'))}"
                    f" pred {to_date(row.get('date_start'))}..{to_date(row.get('date_end'))}"
                )
        if span["label"] == "QUANTITY":
            right = quantity_right(span.get("value"), row.get("quantity"))
            quantities[0] += right
            quantities[1] += 1
            if not right:
                failures["quantities"].append(
                    f"{doc['doc_id']} {surface(doc, span)!r} gold {span.get('value')} pred {row.get('quantity')}"
                )
    return {"dates": accuracy(*dates), "quantities": accuracy(*quantities), "failures": failures}


def _score_aliases(matched: list[tuple[dict, dict, dict]]) -> dict[str, Any]:
    """Pairwise alias P/R/F1 over the ORG/LOC/PER mentions matched by overlap, all pairs and differing forms."""
    items = [
        (span.get("entity"), row.get("entity_id"), fold(surface(doc, span)))
        for doc, span, row in matched
        if span["label"] in EXACT_LABELS
    ]
    return {
        "all_pairs": prf(*pair_counts(items)),
        "different_forms": prf(*pair_counts(items, differing_forms=True)),
        "n_mentions": len(items),
    }


def _argument_results(gold: dict, row: dict, canonical: dict[str, str]) -> dict[str, bool]:
    """Right or wrong for each argument the gold event gives (null: not scored)."""
    results = {}
    for role in ROLES:
        if gold.get(role) is not None:
            results[role] = argument_right(argument_candidates(row, role, canonical), gold[role])
    if gold.get("date_start"):
        tolerance = DATE_TOLERANCE_DAYS if gold["date_start"] != gold.get("date_end") else 0
        results["date"] = date_right(gold["date_start"], gold.get("date_end"), row.get("date_start"),
                                     row.get("date_end"), tolerance)
    if gold.get("count") is not None:
        results["count"] = count_right(gold["count"], row.get("count"))
    return results


def _score_events(
    gold_docs: list[dict], events: dict[str, list[dict]], canonical: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """Event P/R/F1 overall and per type with argument accuracy over matched pairs; and the missed events.

    A predicted event overlapping an ignore region (chrome, a repeated
    caption) is not counted unless a gold event's sentence overlaps it.
    """
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    arguments = {arg: [0, 0] for arg in ARGUMENTS}
    missed: list[str] = []
    n_matched = 0
    for doc in gold_docs:
        gold = doc["events"]
        sentences = [(g["sent_start"], g["sent_end"]) for g in gold]
        pred = [r for r in events.get(doc["doc_id"], [])
                if not in_regions(row_span(r), doc["ignore"]) or in_regions(row_span(r), sentences)]
        pairs = greedy(gold, pred, lambda g, r: r.get("event_type") == g["type"]
                       and overlaps((g["sent_start"], g["sent_end"]), row_span(r)))
        for g in gold:
            per_type[g["type"]][2] += 1
        for row in pred:
            per_type[str(row.get("event_type"))][1] += 1
        matched = dict(pairs)
        for gi, g in enumerate(gold):
            if gi not in matched:
                missed.append(f"{doc['doc_id']} missed {g['type']} {g.get('trigger')!r}")
                continue
            per_type[g["type"]][0] += 1
            n_matched += 1
            for arg, right in _argument_results(g, pred[matched[gi]], canonical).items():
                arguments[arg][0] += right
                arguments[arg][1] += 1
    total = [sum(c[i] for c in per_type.values()) for i in range(3)]
    block = {
        "overall": prf(*total),
        "by_type": {t: prf(*per_type[t]) for t in sorted(per_type)},
        "n_matched": n_matched,
        "arguments": {arg: accuracy(*arguments[arg]) for arg in ARGUMENTS},
    }
    return block, missed


def _offset_errors(gold_docs: list[dict], mentions: dict[str, list[dict]]) -> int:
    """Mentions of the gold documents whose `text` is not the gold text at their offsets."""
    return sum(
        doc["text"][start:end] != row.get("text")
        for doc in gold_docs
        for row in mentions.get(doc["doc_id"], [])
        for start, end in [row_span(row)]
    )


def evaluate(out_dir: str | Path, gold_path: str | Path, texts: str | Path | None = None) -> dict[str, Any]:
    """The JSON-serialisable report of SPEC section 5 for one output directory.

    `texts` holds `<doc_id>.txt` for gold lines without text (default: the
    corpus the output was extracted from). Keys: gold, out, n_docs,
    missing_docs (gold documents absent from the documents table),
    text_mismatch_docs, offset_errors, mentions (ORG/LOC/PER exact,
    DATE/QUANTITY overlap), exact (exact spans for all labels), dates,
    quantities, aliases, events, failures. Predictions for doc_ids absent
    from the gold are ignored.
    """
    gold_docs = load_gold(gold_path, texts if texts is not None else run_corpus(out_dir))
    tables = load_output(out_dir)
    doc_ids = {d["doc_id"] for d in gold_docs}
    mentions = _rows_by_doc(tables["mentions"], doc_ids)
    events = _rows_by_doc(tables["events"], doc_ids)
    documents = _rows_by_doc(tables["documents"], doc_ids)
    entities = tables.get("entities")
    canonical = {}
    if entities is not None and "canonical_name" in entities:
        canonical = {str(e): str(n) for e, n in zip(entities["entity_id"], entities["canonical_name"]) if not is_null(n)}
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
    scored = _score_mentions(gold_docs, mentions)
    values = _score_values(scored["matched"])
    event_scores, events_missed = _score_events(gold_docs, events, canonical)
    return {
        "gold": str(gold_path),
        "out": str(out_dir),
        "n_docs": len(gold_docs),
        "missing_docs": sorted(doc_ids - set(documents)),
        "text_mismatch_docs": mismatch,
        "offset_errors": _offset_errors(gold_docs, mentions),
        "mentions": _mention_block(scored["counts"], OVERLAP_LABELS),
        "exact": _mention_block(scored["counts"], ()),
        "dates": values["dates"],
        "quantities": values["quantities"],
        "aliases": _score_aliases(scored["matched"]),
        "events": event_scores,
        "failures": values["failures"] | {"events_missed": events_missed},
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


def _accuracy_text(s: dict) -> str:
    return f"{_fmt(s['accuracy'])} ({s['right']}/{s['n']})"


def render(report: dict[str, Any]) -> str:
    """The report as plain text: mention tables, dates, quantities, aliases, events, then what was wrong."""
    lines = [f"Evaluation of {report['out']} against {report['gold']} ({report['n_docs']} gold documents)"]
    if report["missing_docs"]:
        lines.append(f"Missing from the documents table: {', '.join(report['missing_docs'])}")
    if report["text_mismatch_docs"]:
        lines.append(f"WARNING text differs from the gold (offsets unreliable): {', '.join(report['text_mismatch_docs'])}")
    if report["offset_errors"]:
        lines.append(f"WARNING {report['offset_errors']} mentions whose text is not the gold text at their offsets")
    lines += ["", "Mentions (ORG, LOC, PER: exact span; DATE, QUANTITY: overlapping span)"]
    mentions = report["mentions"]
    lines += _prf_table(
        {f"{label} ({s['match']})": s for label, s in mentions["by_label"].items()} | {"micro": mentions["micro"]}
    )
    lines += ["", "Mentions, exact span for all labels"]
    lines += _prf_table(report["exact"]["by_label"] | {"micro": report["exact"]["micro"]})
    lines.append("")
    lines.append(f"Dates (start and end right, among matched dates with a value): {_accuracy_text(report['dates'])}")
    lines.append(f"Quantities (value right, among matched quantities): {_accuracy_text(report['quantities'])}")
    aliases = report["aliases"]
    lines += ["", f"Aliases (pairwise over {aliases['n_mentions']} matched ORG/LOC/PER mentions)"]
    lines += _prf_table({"all pairs": aliases["all_pairs"], "different forms": aliases["different_forms"]}, "pairs")
    events = report["events"]
    lines += ["", "Events (same type, overlapping sentence, one-to-one)"]
    lines += _prf_table({"overall": events["overall"]} | events["by_type"], "type")
    arguments = ", ".join(f"{arg} {_accuracy_text(s)}" for arg, s in events["arguments"].items())
    lines.append(f"Arguments of the {events['n_matched']} matched events, where the gold gives one: {arguments}")
    for kind, failures in report["failures"].items():
        if failures:
            lines += ["", f"Failures: {kind.replace('_', ' ')} ({len(failures)})"] + [f"  {f}" for f in failures]
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
        "--texts", type=Path, default=None,
        help="folder of <doc_id>.txt for gold lines without text (default: the corpus in <out>/run.json)",
    )
    parser.add_argument(
        "--report", type=Path, default=None, help="JSON report to write (default: <out>/eval.json)"
    )
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.out, args.gold, args.texts)
        print(render(report))
        write_report(report, args.report or args.out / "eval.json")
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
