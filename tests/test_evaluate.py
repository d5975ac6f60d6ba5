"""Scoring as SPEC section 5 says: pure helpers alone, then `evaluate` on tiny Parquet outputs.

No spaCy: output directories are written by hand with the pipeline.schema
schemas, from French sentences, and every expected figure is computed by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import evaluate as ev
from pipeline import schema
from pipeline.errors import UsageError

from .conftest import ROOT as REPO
from .conftest import SEEDS_GOLD as SEEDS

TEXT = "Le service antiterroriste irakien (CTS) a arrêté 35 éléments de l'EIIS le 21 août."


# --- fixtures: gold lines and output directories -------------------------------------


def span(text: str, surface: str, label: str, nth: int = 0, **extra) -> dict:
    """A gold span for the `nth` occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "label": label, "text": surface, **extra}


def gold_doc(doc_id: str = "d1", text: str = TEXT, spans=None, events=None, ignore=None) -> dict:
    return {
        "doc_id": doc_id,
        "text": text,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "meta": {"pub_date": "2020-08-31"},
        "ignore": ignore or [],
        "spans": spans or [],
        "events": events or [],
    }


def arrest_doc() -> dict:
    """The running example: four mentions, a date and one ARREST event."""
    return gold_doc(
        spans=[
            span(TEXT, "service antiterroriste irakien", "ORG", entity="cts"),
            span(TEXT, "CTS", "ORG", entity="cts"),
            span(TEXT, "35 éléments", "QUANTITY", value=35, qualifier="=", unit="élément"),
            span(TEXT, "EIIS", "ORG", entity="isis"),
            span(TEXT, "le 21 août", "DATE", value="2020-08-21", date_start="2020-08-21", date_end="2020-08-21"),
        ],
        events=[
            {
                "type": "ARREST",
                "trigger": "arrêté",
                "trigger_start": TEXT.index("arrêté"),
                "sent_start": 0,
                "sent_end": len(TEXT),
                "actor": ["CTS", "service antiterroriste irakien"],
                "target": ["EIIS", "Daech", "État islamique"],
                "location": None,
                "date_start": "2020-08-21",
                "date_end": "2020-08-21",
                "count": 35,
                "count_unit": "élément",
            }
        ],
    )


def write_gold(tmp_path: Path, docs: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def as_date(value):
    return None if value is None else dt.date.fromisoformat(value)


def mention_row(doc: dict, s: dict, **overrides) -> dict:
    """A predicted mention equal to gold span `s` (entity_id = gold cluster key)."""
    row = {
        "doc_id": doc["doc_id"],
        "mention_id": f"{doc['doc_id']}:{s['start']}",
        "start": s["start"],
        "end": s["end"],
        "text": doc["text"][s["start"] : s["end"]],
        "label": s["label"],
        "entity_id": s.get("entity"),
        "method": "rule",
    }
    if s["label"] == "DATE":
        row.update(date_value=s.get("value"), date_start=as_date(s.get("date_start")), date_end=as_date(s.get("date_end")))
    if s["label"] == "QUANTITY":
        row.update(quantity=float(s["value"]), quantity_qualifier=s.get("qualifier"), quantity_unit=s.get("unit"))
    row.update(overrides)
    if "start" in overrides or "end" in overrides:
        row["text"] = doc["text"][row["start"] : row["end"]]
    return row


def event_row(doc: dict, e: dict, **overrides) -> dict:
    """A predicted event equal to gold event `e` (first acceptable form of each argument)."""

    def first(forms):
        return forms[0] if forms else None

    row = {
        "doc_id": doc["doc_id"],
        "event_id": f"{doc['doc_id']}:e{e['sent_start']}:{e.get('trigger_start')}",
        "start": e["sent_start"],
        "end": e["sent_end"],
        "trigger": e.get("trigger"),
        "trigger_start": e.get("trigger_start"),
        "event_type": e["type"],
        "actor_text": first(e.get("actor")),
        "target_text": first(e.get("target")),
        "location_text": first(e.get("location")),
        "date_start": as_date(e.get("date_start")),
        "date_end": as_date(e.get("date_end")),
        "count": None if e.get("count") is None else float(e["count"]),
        "count_unit": e.get("count_unit"),
        "sentence": doc["text"][e["sent_start"] : e["sent_end"]],
    }
    row.update(overrides)
    return row


def document_row(doc: dict) -> dict:
    return {"doc_id": doc["doc_id"], "path": doc["doc_id"] + ".txt", "n_chars": len(doc["text"]),
            "text_sha256": doc.get("text_sha256"), "status": "ok"}


def write_output(out: Path, documents=(), mentions=(), events=(), parts: bool = False) -> Path:
    """An output directory as the pipeline writes it: one Parquet file per table (or parts)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("documents", documents), ("mentions", mentions), ("events", events)):
        table = pa.Table.from_pylist(list(rows), schema=schema.TABLES[name])
        if parts:
            (out / name).mkdir()
            half = table.num_rows // 2
            pq.write_table(table.slice(0, half), out / name / "part-0000.parquet")
            pq.write_table(table.slice(half), out / name / "part-0001.parquet")
        else:
            pq.write_table(table, out / f"{name}.parquet")
    return out


def output_from_gold(out: Path, docs: list[dict], parts: bool = False) -> Path:
    """The perfect output: every gold span and event turned into a predicted row."""
    return write_output(
        out,
        documents=[document_row(d) for d in docs],
        mentions=[mention_row(d, s) for d in docs for s in d["spans"] if s["label"] != "MISC"],
        events=[event_row(d, e) for d in docs for e in d["events"]],
        parts=parts,
    )


def figures(report: dict, path: str = ""):
    """Every (path, value) of precision/recall/f1/accuracy in a report, but over nothing to score."""
    for key, value in report.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            if value.get("tp", 1) + value.get("fp", 0) + value.get("fn", 0) and value.get("n", 1):
                yield from figures(value, where)
        elif key in ("precision", "recall", "f1", "accuracy"):
            yield where, value


def assert_all_perfect(report: dict) -> None:
    wrong = {where: value for where, value in figures(report) if value != 1.0}
    assert not wrong, wrong
    assert report["missing_docs"] == [] and report["offset_errors"] == 0
    assert not any(report["failures"].values()), report["failures"]


# --- pure functions --------------------------------------------------------------------


@pytest.mark.parametrize(
    "counts, expected",
    [
        ((3, 4, 5), (0.75, 0.6, 0.6667, 1, 2)),
        ((1, 3, 3), (0.3333, 0.3333, 0.3333, 2, 2)),  # rounded to 4 decimals, as the reference scorer does
        ((0, 0, 0), (0.0, 0.0, 0.0, 0, 0)),  # nothing to find, nothing found: 0.0 as in the reference
        ((0, 2, 0), (0.0, 0.0, 0.0, 2, 0)),
        ((0, 0, 2), (0.0, 0.0, 0.0, 0, 2)),
        ((2, 2, 2), (1.0, 1.0, 1.0, 0, 0)),
    ],
    ids=["mixed", "rounded", "nothing-to-find-nothing-found", "only-false-positives", "only-misses", "perfect"],
)
def test_prf(counts, expected):
    result = ev.prf(*counts)
    assert (result["precision"], result["recall"], result["f1"], result["fp"], result["fn"]) == expected
    assert result["tp"] == counts[0]


def same(gold, pred):
    return tuple(gold) == tuple(pred)


@pytest.mark.parametrize(
    "gold, pred, fits, expected",
    [
        ([(3, 33)], [(3, 33)], same, [(0, 0)]),
        ([(63, 67)], [(61, 67)], same, []),  # "l'EIIS" for "EIIS"
        ([(68, 78)], [(71, 78)], ev.overlaps, [(0, 0)]),  # "21 août" for "le 21 août"
        ([(68, 78)], [(71, 78), (68, 78)], ev.overlaps, [(0, 0)]),  # the first fitting prediction, not the best
        ([(0, 10), (5, 15)], [(4, 15)], ev.overlaps, [(0, 0)]),  # the first gold item takes it, not the best fit
        ([(0, 10), (8, 12)], [(9, 11), (0, 5)], ev.overlaps, [(0, 0)]),  # greedy: a second pair is not looked for
        ([(0, 10)], [(10, 20)], ev.overlaps, []),  # touching is not overlapping
        ([(3, 33)], [(3, 33), (3, 33)], same, [(0, 0)]),  # a duplicate prediction is left over
    ],
    ids=["exact", "shifted-exact", "overlap", "first-prediction", "first-gold", "greedy", "touching", "duplicate"],
)
def test_greedy(gold, pred, fits, expected):
    assert ev.greedy(gold, pred, fits) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CTS", "cts"),
        ("le CTS", "cts"),
        ("L'EIIS", "eiis"),
        ("l’EIIS", "leiis"),  # the reference drops ’ with the accents, before it could split off the article
        ("« l'État islamique »", "etat islamique"),
        ("\u00ab\u00a0État islamique\u00a0\u00bb", "etat islamique"),
        ("Les forces de la coalition ", "forces coalition"),
        ("al-Qaïm", "qaim"),
        ("Daech (EI)", "daech ei"),
        ("Laval", "laval"),  # "la" is an article only as a whole word
    ],
    ids=["bare", "le", "l-apostrophe", "l-typographic", "quotes-accents", "nbsp-quotes", "inner-articles",
         "arabic-article", "brackets", "la-prefix"],
)
def test_fold(text, expected):
    assert ev.fold(text) == expected


@pytest.mark.parametrize(
    "candidates, forms, expected",
    [
        (["cts"], ["CTS", "service antiterroriste irakien"], True),
        (["antiterroriste"], ["service antiterroriste irakien"], True),  # part of a form
        (["forces cts"], ["CTS"], True),  # holds a form with one more word
        (["combattants daech venus syrie"], ["Daech"], False),  # three more words: a clause, not a name
        (["forces irakiennes"], ["CTS"], False),
        ([], [], True),  # `[]`: the sentence names none, and none is given
        (["kirkouk"], [], False),
        ([], ["Qara Jogh"], False),
        ([""], ["CTS"], False),  # a name folded to nothing fits no form
    ],
    ids=["equal", "part", "two-more-words", "clause", "wrong", "both-empty", "invented", "missed", "folded-empty"],
)
def test_argument_right(candidates, forms, expected):
    assert ev.argument_right(candidates, forms) is expected


@pytest.mark.parametrize(
    "row, expected",
    [
        ({"actor_text": "le CTS", "actor_id": "E1"}, ["cts", "service antiterroriste irakien"]),
        ({"actor_text": "le CTS", "actor_id": "E9"}, ["cts"]),  # an id the entities table does not know
        ({"actor_text": None, "actor_id": "E1"}, ["service antiterroriste irakien"]),
        ({"actor_text": "  ", "actor_id": None}, []),
        ({"actor_text": float("nan"), "actor_id": float("nan")}, []),
    ],
    ids=["text-and-canonical", "unknown-id", "canonical-only", "blank", "nan"],
)
def test_argument_candidates(row, expected):
    assert ev.argument_candidates(row, "actor", {"E1": "Service antiterroriste irakien"}) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("2017-W43", 2), ("2020-07/2020-08", 2), ("2006/2017", 2), ("2020-08-30", 0), ("2020-08", 0), ("2014", 0),
     ("2020-SU", 0), (None, 0)],
    ids=["week", "month-range", "year-range", "day", "month", "year", "season", "none"],
)
def test_mention_date_tolerance(value, expected):
    assert ev.mention_date_tolerance(value) == expected


@pytest.mark.parametrize(
    "gold, pred, tolerance, expected",
    [
        (("2017-10-23", "2017-10-29"), ("2017-10-23", "2017-10-29"), 0, True),
        (("2017-10-23", "2017-10-29"), ("2017-10-25", "2017-10-27"), 2, True),
        (("2017-10-23", "2017-10-29"), ("2017-10-20", "2017-10-26"), 2, False),  # 3 days off
        (("2020-08-21", "2020-08-21"), ("2020-08-22", "2020-08-22"), 0, False),
        (("2020-08-21", "2020-08-21"), (dt.date(2020, 8, 21), dt.date(2020, 8, 21)), 0, True),
        (("2020-08-21", "2020-08-21"), ("2020-08-21", None), 2, False),  # an open end is not a date
        (("2020-08-21", "2020-08-21"), (None, None), 2, False),
    ],
    ids=["equal", "within-2-days", "3-days-off", "day-off-no-tolerance", "date-objects", "open-end", "unresolved"],
)
def test_date_right(gold, pred, tolerance, expected):
    assert ev.date_right(*gold, *pred, tolerance_days=tolerance) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(2020, 8, 21), dt.date(2020, 8, 21)),
        (dt.datetime(2020, 8, 21, 23, 0), dt.date(2020, 8, 21)),
        (pd.Timestamp("2020-08-21"), dt.date(2020, 8, 21)),
        (np.datetime64("2020-08-21"), dt.date(2020, 8, 21)),
        ("2020-08-21", dt.date(2020, 8, 21)),
        ("PAST_REF", None),
        (None, None),
        (float("nan"), None),
        (pd.NaT, None),
    ],
    ids=["date", "datetime", "timestamp", "numpy", "string", "not-a-day", "none", "nan", "nat"],
)
def test_to_date(value, expected):
    assert ev.to_date(value) == expected


@pytest.mark.parametrize(
    "gold, pred, expected",
    [(35, 35.0, True), (35, 35.0000001, True), (35, 36.0, False), (1, None, False), (1, float("nan"), False)],
    ids=["equal", "float-tolerance", "different", "missed", "nan"],
)
def test_quantity_right(gold, pred, expected):
    assert ev.quantity_right(gold, pred) is expected


@pytest.mark.parametrize(
    "gold, pred, expected",
    [(35, 35.0, True), (35, 35.0000001, False), (10, None, False)],
    ids=["equal", "no-tolerance", "missed"],
)
def test_count_right(gold, pred, expected):
    assert ev.count_right(gold, pred) is expected


def brute_force_pairs(items, differing_forms=False):
    """The reference scorer's loop over all pairs: (tp, predicted positive, gold positive)."""
    tp = pred = gold = 0
    for (g1, p1, t1), (g2, p2, t2) in itertools.combinations(items, 2):
        if differing_forms and t1 == t2:
            continue
        gold_positive = g1 == g2
        pred_positive = p1 is not None and p1 == p2
        tp += gold_positive and pred_positive
        pred += pred_positive
        gold += gold_positive
    return tp, pred, gold


ALIAS_CASES = {
    # two gold clusters (cts: 2 mentions, isis: 3 mentions), 4 gold-positive pairs
    "perfect": ([("cts", "A", "cts"), ("cts", "A", "service antiterroriste irakien"),
                 ("isis", "I", "eiis"), ("isis", "I", "daech"), ("isis", "I", "eiis")], (4, 4, 4), (3, 3, 3)),
    # CTS merged into the isis entity: 3 wrong pairs, and the cts pair is lost
    "wrong-merge": ([("cts", "I", "cts"), ("cts", "A", "service antiterroriste irakien"),
                     ("isis", "I", "eiis"), ("isis", "I", "daech"), ("isis", "I", "eiis")], (3, 6, 4), (2, 5, 3)),
    # Daech split off: its 2 pairs are lost, nothing wrong is merged
    "split": ([("cts", "A", "cts"), ("cts", "A", "service antiterroriste irakien"),
               ("isis", "I", "eiis"), ("isis", "D", "daech"), ("isis", "I", "eiis")], (2, 2, 4), (1, 1, 3)),
    # a null entity_id pairs with nothing; two null gold keys are equal, as in the reference
    "nulls": ([("cts", None, "cts"), ("cts", None, "service antiterroriste irakien"),
               (None, "X", "anbar"), (None, "X", "ninive")], (1, 1, 2), (1, 1, 2)),
}


@pytest.mark.parametrize("items, expected_all, expected_diff", ALIAS_CASES.values(), ids=ALIAS_CASES.keys())
def test_pair_counts(items, expected_all, expected_diff):
    assert ev.pair_counts(items) == expected_all == brute_force_pairs(items)
    assert ev.pair_counts(items, differing_forms=True) == expected_diff == brute_force_pairs(items, True)


# --- evaluate on tiny outputs ----------------------------------------------------------


def run(tmp_path: Path, docs: list[dict], mentions=(), events=(), documents=None) -> dict:
    gold = write_gold(tmp_path, docs)
    out = write_output(tmp_path / "out", documents=documents if documents is not None else [document_row(d) for d in docs],
                       mentions=mentions, events=events)
    return ev.evaluate(out, gold)


def test_perfect_prediction_scores_one(tmp_path):
    doc = arrest_doc()
    report = ev.evaluate(output_from_gold(tmp_path / "out", [doc]), write_gold(tmp_path, [doc]))
    assert_all_perfect(report)
    assert report["mentions"]["by_label"]["ORG"]["tp"] == 3
    assert report["events"]["n_matched"] == 1
    json.dumps(report)  # JSON-serialisable as is


def test_wrong_label_is_a_false_positive_and_a_false_negative(tmp_path):
    doc = arrest_doc()
    cts = doc["spans"][1]
    rows = [mention_row(doc, s) for s in doc["spans"] if s is not cts] + [mention_row(doc, cts, label="LOC")]
    report = run(tmp_path, [doc], mentions=rows)
    by_label = report["mentions"]["by_label"]
    assert (by_label["ORG"]["tp"], by_label["ORG"]["fp"], by_label["ORG"]["fn"]) == (2, 0, 1)
    assert (by_label["LOC"]["tp"], by_label["LOC"]["fp"], by_label["LOC"]["fn"]) == (0, 1, 0)
    assert report["mentions"]["micro"]["precision"] == pytest.approx(4 / 5)


def test_shifted_org_misses_but_shifted_date_overlaps(tmp_path):
    doc = arrest_doc()
    eiis, date = doc["spans"][3], doc["spans"][4]
    rows = [mention_row(doc, s) for s in doc["spans"][:3]]
    rows.append(mention_row(doc, eiis, start=eiis["start"] - 2))  # "l'EIIS"
    rows.append(mention_row(doc, date, start=date["start"] + 3))  # "21 août"
    report = run(tmp_path, [doc], mentions=rows)
    org, dates = report["mentions"]["by_label"]["ORG"], report["mentions"]["by_label"]["DATE"]
    assert (org["tp"], org["fp"], org["fn"]) == (2, 1, 1)
    assert (dates["tp"], dates["fp"], dates["fn"]) == (1, 0, 0)
    exact = report["exact"]["by_label"]["DATE"]
    assert (exact["tp"], exact["fp"], exact["fn"]) == (0, 1, 1)
    assert report["dates"] == {"accuracy": 1.0, "right": 1, "n": 1}


def test_mentions_in_ignore_regions_are_not_counted(tmp_path):
    text = "NOUVELLES D'IRAK\nLes forces irakiennes reprennent al-Qaïm à Daech.\nAimez-vous cet article?"
    header = [0, text.index("\n")]
    widget = [text.index("Aimez"), len(text)]
    doc = gold_doc(text=text, ignore=[header, widget], spans=[
        span(text, "al-Qaïm", "LOC", entity="alqaim"), span(text, "Daech", "ORG", entity="isis")])
    rows = [mention_row(doc, s) for s in doc["spans"]]
    rows.append(mention_row(doc, span(text, "IRAK", "LOC")))  # in the section label
    rows.append(mention_row(doc, {"start": widget[0] - 5, "end": widget[0] + 5, "label": "ORG"}))  # straddles it
    report = run(tmp_path, [doc], mentions=rows)
    assert report["mentions"]["micro"]["fp"] == 0
    assert report["mentions"]["micro"]["precision"] == 1.0


def test_events_in_ignore_regions_are_not_counted(tmp_path):
    # A photo caption printed twice: the second copy is an ignore region.
    caption = "Des éléments de l'EIIS capturés par le service antiterroriste irakien le 21 août."
    text = caption + "\n" + caption
    second = [len(caption) + 1, len(text)]
    event = {"type": "ARREST", "trigger_start": caption.index("capturés"), "sent_start": 0, "sent_end": len(caption),
             "actor": ["service antiterroriste irakien"], "target": ["EIIS"], "location": None,
             "date_start": "2020-08-21", "date_end": "2020-08-21", "count": None}
    doc = gold_doc(text=text, ignore=[second], events=[event])
    copy = event_row(doc, event, start=second[0], end=second[1], trigger_start=second[0] + event["trigger_start"])
    no_trigger = event_row(doc, event, event_type="KILL", start=second[0], end=second[1], trigger_start=None)
    report = run(tmp_path, [doc], events=[event_row(doc, event), copy, no_trigger])
    assert (report["events"]["overall"]["tp"], report["events"]["overall"]["fp"]) == (1, 0)


def test_ignored_event_is_kept_when_a_gold_event_shares_its_sentence(tmp_path):
    text = "Sécurité\nLe CTS a arrêté 35 éléments de l'EIIS."
    doc = gold_doc(text=text, ignore=[[0, 8]], events=[
        {"type": "ARREST", "trigger_start": text.index("arrêté"), "sent_start": 9, "sent_end": len(text),
         "actor": ["CTS"], "target": ["EIIS"], "count": 35}])
    # Sentence split wrongly: the predicted sentence starts in the header, so does no trigger_start -> midpoint.
    pred = event_row(doc, doc["events"][0], event_type="KILL", start=0, end=12, trigger_start=None)
    report = run(tmp_path, [doc], events=[pred])
    assert (report["events"]["overall"]["tp"], report["events"]["overall"]["fp"], report["events"]["overall"]["fn"]) == (0, 1, 1)


def test_alias_pairs(tmp_path):
    text = "Le CTS, ou service antiterroriste irakien, traque l'EIIS. L'EIIS, appelé aussi Daech, recule."
    doc = gold_doc(text=text, spans=[
        span(text, "CTS", "ORG", entity="cts"),
        span(text, "service antiterroriste irakien", "ORG", entity="cts"),
        span(text, "EIIS", "ORG", entity="isis"),
        span(text, "EIIS", "ORG", 1, entity="isis"),
        span(text, "Daech", "ORG", entity="isis"),
    ])
    # Daech wrongly merged with the CTS entity (and so split from the isis cluster).
    ids = ["A", "A", "I", "I", "A"]
    rows = [mention_row(doc, s, entity_id=i) for s, i in zip(doc["spans"], ids)]
    aliases = run(tmp_path, [doc], mentions=rows)["aliases"]
    # pairs: gold+ {CTS-sai, E1-E2, E1-Da, E2-Da}; pred+ {CTS-sai, CTS-Da, sai-Da, E1-E2}
    assert (aliases["all_pairs"]["tp"], aliases["all_pairs"]["fp"], aliases["all_pairs"]["fn"]) == (2, 2, 2)
    assert aliases["all_pairs"]["precision"] == pytest.approx(0.5)
    assert aliases["all_pairs"]["recall"] == pytest.approx(0.5)
    # differing forms drop E1-E2 ("EIIS"/"EIIS"): gold+ 3, pred+ 3, tp 1
    diff = aliases["different_forms"]
    assert (diff["tp"], diff["fp"], diff["fn"]) == (1, 2, 2)
    assert diff["precision"] == diff["recall"] == 0.3333
    assert aliases["n_mentions"] == 5


def test_alias_pairs_span_documents_and_skip_unmatched_mentions(tmp_path):
    text1, text2 = "L'EIIS recule à Kirkouk.", "Daech recule à Krikouk."
    doc1 = gold_doc("d1", text1, spans=[span(text1, "EIIS", "ORG", entity="isis"), span(text1, "Kirkouk", "LOC", entity="kirkuk")])
    doc2 = gold_doc("d2", text2, spans=[span(text2, "Daech", "ORG", entity="isis"), span(text2, "Krikouk", "LOC", entity="kirkuk")])
    rows = [mention_row(doc1, doc1["spans"][0], entity_id="Q1"), mention_row(doc2, doc2["spans"][0], entity_id="Q1"),
            mention_row(doc1, doc1["spans"][1], entity_id="Q2")]  # Krikouk missed: no pair with it
    aliases = run(tmp_path, [doc1, doc2], mentions=rows)["aliases"]
    assert aliases["n_mentions"] == 3
    assert (aliases["all_pairs"]["tp"], aliases["all_pairs"]["fp"], aliases["all_pairs"]["fn"]) == (1, 0, 0)


def test_date_tolerance_on_weeks_and_ranges_only_and_past_ref_not_judged(tmp_path):
    text = "La semaine dernière, puis le 21 août, et ces derniers jours, les forces ont avancé."
    doc = gold_doc(text=text, spans=[
        span(text, "La semaine dernière", "DATE", value="2020-W34", date_start="2020-08-17", date_end="2020-08-23"),
        span(text, "le 21 août", "DATE", value="2020-08-21", date_start="2020-08-21", date_end="2020-08-21"),
        span(text, "ces derniers jours", "DATE", value="PAST_REF", date_start=None, date_end=None),
    ])
    week, day, past = doc["spans"]
    rows = [
        mention_row(doc, week, date_start=dt.date(2020, 8, 18), date_end=dt.date(2020, 8, 25)),  # 1 and 2 days off: right
        mention_row(doc, day, date_start=dt.date(2020, 8, 22), date_end=dt.date(2020, 8, 22)),  # 1 day off: wrong
        mention_row(doc, past, date_start=dt.date(2020, 8, 28), date_end=dt.date(2020, 8, 31)),  # no gold date: not judged
    ]
    report = run(tmp_path, [doc], mentions=rows)
    assert report["mentions"]["by_label"]["DATE"]["tp"] == 3
    assert report["dates"] == {"accuracy": 0.5, "right": 1, "n": 2}
    assert report["failures"]["dates"] == ["d1 'le 21 août' gold 2020-08-21..2020-08-21 pred 2020-08-22..2020-08-22"]


def test_quantity_value_accuracy(tmp_path):
    doc = arrest_doc()
    rows = [mention_row(doc, s, quantity=53.0) if s["label"] == "QUANTITY" else mention_row(doc, s) for s in doc["spans"]]
    report = run(tmp_path, [doc], mentions=rows)
    assert report["mentions"]["by_label"]["QUANTITY"]["tp"] == 1
    assert report["quantities"] == {"accuracy": 0.0, "right": 0, "n": 1}


@pytest.mark.parametrize("good_first", [False, True], ids=["other-first", "good-first"])
def test_event_one_to_one_takes_the_first_prediction_in_table_order(tmp_path, good_first):
    doc = arrest_doc()
    gold_event = doc["events"][0]
    other = event_row(doc, gold_event, trigger_start=gold_event["trigger_start"] + 20, actor_text="les forces irakiennes")
    good = event_row(doc, gold_event, actor_text="le CTS", target_text="L'EIIS", location_text="Anbar", count=35.0)
    events = run(tmp_path, [doc], events=[good, other] if good_first else [other, good])["events"]
    assert (events["overall"]["tp"], events["overall"]["fp"], events["overall"]["fn"]) == (1, 1, 0)
    assert events["by_type"]["ARREST"]["precision"] == 0.5
    assert events["n_matched"] == 1
    # location is null in the gold: not scored, whatever the output says
    assert {arg: (s["right"], s["n"]) for arg, s in events["arguments"].items()} == {
        "actor": (int(good_first), 1), "target": (1, 1), "location": (0, 0), "date": (1, 1), "count": (1, 1)}


def test_event_arguments_wrong(tmp_path):
    doc = arrest_doc()
    wrong = event_row(doc, doc["events"][0], actor_text="forces irakiennes", target_text=None, location_text="Anbar",
                      date_start=dt.date(2020, 8, 31), count=None)
    events = run(tmp_path, [doc], events=[wrong])["events"]
    assert events["overall"]["f1"] == 1.0
    assert {arg: s["right"] for arg, s in events["arguments"].items()} == {
        "actor": 0, "target": 0, "location": 0, "date": 0, "count": 0}


def test_wrong_event_type_is_fp_and_fn_per_type(tmp_path):
    doc = arrest_doc()
    events = run(tmp_path, [doc], events=[event_row(doc, doc["events"][0], event_type="KILL")])["events"]
    assert (events["by_type"]["ARREST"]["fn"], events["by_type"]["KILL"]["fp"]) == (1, 1)
    assert events["arguments"]["actor"] == {"accuracy": None, "right": 0, "n": 0}


def test_only_gold_documents_are_scored_and_missing_ones_are_all_missed(tmp_path):
    doc = arrest_doc()
    other = gold_doc("d2", "Le 18 août, 10 militants ont été tués à Qara Jogh.",
                     spans=[span("Le 18 août, 10 militants ont été tués à Qara Jogh.", "Qara Jogh", "LOC", entity="qj")])
    rows = [mention_row(doc, s) for s in doc["spans"]]
    stray = dict(rows[0], doc_id="not-in-gold")
    report = run(tmp_path, [doc, other], mentions=rows + [stray], documents=[document_row(doc)])
    assert report["missing_docs"] == ["d2"]
    assert report["mentions"]["by_label"]["LOC"]["fn"] == 1
    assert report["mentions"]["micro"]["fp"] == 0


def test_misc_is_never_scored(tmp_path):
    text = "L'opération Tempête du désert a été lancée par le CTS."
    doc = gold_doc(text=text, spans=[span(text, "Tempête du désert", "MISC"), span(text, "CTS", "ORG", entity="cts")])
    rows = [mention_row(doc, doc["spans"][1]), mention_row(doc, span(text, "opération", "MISC"))]
    report = run(tmp_path, [doc], mentions=rows)
    assert "MISC" not in report["mentions"]["by_label"]
    assert report["mentions"]["micro"] == ev.prf(1, 1, 1)


def test_text_mismatch_is_reported(tmp_path):
    doc = arrest_doc()
    report = run(tmp_path, [doc], documents=[dict(document_row(doc), text_sha256="0" * 64)])
    assert report["text_mismatch_docs"] == ["d1"]


def test_parts_directory_reads_as_one_table(tmp_path):
    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc], parts=True)
    assert len(list((out / "mentions").glob("*.parquet"))) == 2
    assert len(ev.load_output(out)["mentions"]) == len(doc["spans"])
    assert_all_perfect(ev.evaluate(out, write_gold(tmp_path, [doc])))


# --- gold loading and the command line -------------------------------------------------


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "invalid JSON"),
        ('["d1"]', "expected a JSON object"),
        ('{"text": "x"}', "doc_id"),
        ('{"doc_id": "d1", "text": "Le CTS", "spans": [{"start": 3, "end": 6, "label": "ORG", "text": "EIIS"}]}',
         "differs from text[3:6]"),
        ('{"doc_id": "d1", "text": "", "events": [{"type": "KILL"}]}', "sent_start"),
        ('{"doc_id": "d1", "text": "Le CTS", "text_sha256": "00"}', "does not have its 'text_sha256'"),
    ],
    ids=["json", "not-object", "no-doc-id", "offsets", "event-sentence", "sha256"],
)
def test_bad_gold_line(tmp_path, line, reason):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc_id": "ok", "text": ""}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        ev.load_gold(path)
    message = str(info.value)
    assert message.startswith("E006") and "line 3" in message and reason in message


def write_textless(tmp_path: Path, doc: dict, texts: Path | None) -> Path:
    """The gold line without its text; the text as `<texts>/<doc_id>.txt` when `texts` is given."""
    if texts is not None:
        texts.mkdir(parents=True, exist_ok=True)
        (texts / f"{doc['doc_id']}.txt").write_text(doc["text"], encoding="utf-8")
    return write_gold(tmp_path, [{k: v for k, v in doc.items() if k != "text"}])


def test_gold_without_text_reads_it_from_texts_or_from_the_run_corpus(tmp_path):
    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc])
    gold = write_textless(tmp_path, doc, tmp_path / "corpus")
    assert_all_perfect(ev.evaluate(out, gold, tmp_path / "corpus"))
    (out / "run.json").write_text(json.dumps({"options": {"corpus": str(tmp_path / "corpus")}}), encoding="utf-8")
    assert_all_perfect(ev.evaluate(out, gold))


@pytest.mark.parametrize("with_dir", [False, True], ids=["no-texts-dir", "no-file"])
def test_gold_without_text_and_nowhere_to_read_it(tmp_path, with_dir):
    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc])
    gold = write_textless(tmp_path, doc, None)
    (tmp_path / "corpus").mkdir()
    with pytest.raises(UsageError) as info:
        ev.evaluate(out, gold, tmp_path / "corpus" if with_dir else None)
    message = str(info.value)
    assert message.startswith("E022 ") and "line 1" in message and "'d1'" in message and "--texts" in message
    assert ("d1.txt" in message) is with_dir


def test_cli_passes_texts(tmp_path, capsys):
    from pipeline.cli import main as newsx

    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc])
    gold = write_textless(tmp_path, doc, tmp_path / "corpus")
    assert newsx(["eval", "--out", str(out), "--gold", str(gold), "--texts", str(tmp_path / "corpus")]) == 0
    assert "1.000" in capsys.readouterr().out
    assert newsx(["eval", "--out", str(out), "--gold", str(gold)]) == 2
    assert "E022 " in capsys.readouterr().err


def test_duplicate_gold_doc_id(tmp_path):
    path = write_gold(tmp_path, [gold_doc("d1"), gold_doc("d1")])
    with pytest.raises(UsageError, match="E006 .* line 2: duplicate doc_id 'd1', first on line 1"):
        ev.load_gold(path)


def test_main_writes_report_and_prints_tables(tmp_path, capsys):
    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc])
    assert ev.main(["--out", str(out), "--gold", str(write_gold(tmp_path, [doc]))]) == 0
    printed = capsys.readouterr().out
    assert "ORG (exact)" in printed and "DATE (overlap)" in printed and "ARREST" in printed and "1.000" in printed
    report = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert report["mentions"]["micro"]["f1"] == 1.0


def test_main_missing_gold_exits_2_with_one_line(tmp_path, capsys):
    out = output_from_gold(tmp_path / "out", [arrest_doc()])
    assert ev.main(["--out", str(out), "--gold", str(tmp_path / "absent.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("E004 gold file not found") and err.count("\n") == 1


def test_main_missing_table_exits_2_with_one_line(tmp_path, capsys):
    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc])
    (out / "mentions.parquet").unlink()
    assert ev.main(["--out", str(out), "--gold", str(write_gold(tmp_path, [doc]))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("E005 ") and "mentions" in err and err.count("\n") == 1


def test_main_table_without_required_column_exits_2(tmp_path, capsys):
    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc])
    pq.write_table(pa.table({"doc_id": ["d1"], "start": [0]}), out / "mentions.parquet")
    assert ev.main(["--out", str(out), "--gold", str(write_gold(tmp_path, [doc]))]) == 2
    assert capsys.readouterr().err.startswith("E021 ")


def test_module_runs_as_a_script(tmp_path):
    doc = arrest_doc()
    out = output_from_gold(tmp_path / "out", [doc])
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.evaluate", "--out", str(out), "--gold", str(write_gold(tmp_path, [doc])),
         "--report", str(report)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Events" in result.stdout
    assert json.loads(report.read_text(encoding="utf-8"))["events"]["overall"]["f1"] == 1.0


# --- the real gold ---------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_file(), reason="shared gold file not available")
def test_seeds_gold_against_itself_scores_one(tmp_path):
    docs = ev.load_gold(SEEDS)
    report = ev.evaluate(output_from_gold(tmp_path / "out", docs), SEEDS)
    assert_all_perfect(report)
    assert report["n_docs"] == len(docs)
    assert report["mentions"]["micro"]["tp"] == sum(s["label"] != "MISC" for d in docs for s in d["spans"])
    assert report["events"]["n_matched"] == sum(len(d["events"]) for d in docs)
