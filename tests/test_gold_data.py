"""Consistency of the sample corpus (data/corpus/) and its gold file (data/gold/corpus.jsonl).

The gold file is built by scripts/build_gold.py from data/gold/src/; these tests check the
built file against the documents on disk and against SPEC sections 3-4, and that it is up to
date with its sources.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.util
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLD = ROOT / "data" / "gold" / "corpus.jsonl"

EVENT_TYPES = {"ARREST", "KILL", "INJURE", "ATTACK", "AIRSTRIKE", "SHELLING", "BOMBING",
               "CAPTURE", "DESTROY", "SEIZE", "KIDNAP"}
LABELS = {"ORG", "LOC", "PER", "DATE", "QUANTITY"}
NAME_LABELS = {"ORG", "LOC", "PER"}
QUALIFIERS = {"=", "~", ">=", ">", "<=", "<"}
EVENT_KEYS = {"type", "trigger", "trigger_start", "sent_start", "sent_end", "actor", "target",
              "location", "date_start", "date_end", "count", "count_unit"}


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_gold", ROOT / "scripts" / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _load_builder()
GOLD_DOCS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
IDS = [d["doc_id"] for d in GOLD_DOCS]


def jsonl_records() -> dict[str, dict]:
    records = {}
    for path in CORPUS.rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                records[rec["id"]] = rec
    return records


def document_text(doc_id: str) -> str:
    for ext in (".txt", ".md"):
        path = CORPUS / f"{doc_id}{ext}"
        if path.exists():
            return path.read_bytes().decode("utf-8")
    return jsonl_records()[doc_id]["text"]


def in_ignore(doc, start, end) -> bool:
    return any(start < b and a < end for a, b in doc["ignore"])


# --------------------------------------------------------------------------- the file as a whole

def test_enough_gold_documents():
    assert len(GOLD_DOCS) >= 19
    assert len(set(IDS)) == len(IDS), "duplicate doc_id"


def test_every_event_type_has_three_gold_events():
    counts = Counter(e["type"] for d in GOLD_DOCS for e in d["events"])
    missing = {t: counts[t] for t in EVENT_TYPES if counts[t] < 3}
    assert not missing, missing


def test_gold_is_up_to_date_with_its_sources():
    docs, _ = BUILD.build_all()
    assert BUILD.render(docs) == GOLD.read_text(encoding="utf-8"), \
        "data/gold/corpus.jsonl differs from a rebuild: run scripts/build_gold.py"


def test_every_event_type_has_three_negative_sentences():
    docs, negatives = BUILD.build_all()
    counts = Counter(n["type"] for n in negatives)
    assert all(counts[t] >= 3 for t in EVENT_TYPES), counts
    by_doc = {d["doc_id"]: d for d in docs}
    for n in negatives:
        doc = by_doc[n["doc_id"]]
        assert not any(e["type"] == n["type"] and e["sent_start"] < n["sent_end"]
                       and n["sent_start"] < e["sent_end"] for e in doc["events"]), n


def test_entity_keys_are_consistent_across_the_file():
    labels = defaultdict(set)
    for doc in GOLD_DOCS:
        for s in doc["spans"]:
            if s["label"] in NAME_LABELS:
                labels[s["entity"]].add(s["label"])
    assert all(len(v) == 1 for v in labels.values()), {k: v for k, v in labels.items() if len(v) > 1}
    registry = BUILD.load_registry()
    for doc in GOLD_DOCS:
        for s in doc["spans"]:
            if s["label"] in NAME_LABELS:
                assert s["text"] in registry[s["entity"]]["aliases"], (doc["doc_id"], s)


def test_corpus_layout():
    txt = [p for p in CORPUS.rglob("*.txt")]
    md = list(CORPUS.rglob("*.md"))
    assert len(txt) + len(md) == 18 and len(md) == 2
    assert len(jsonl_records()) == 3
    assert (CORPUS / "html" / "page_mossoul.html").exists()
    gold_ids = set(IDS)
    assert "html/page_mossoul" not in gold_ids
    expected = {str(p.relative_to(CORPUS).with_suffix("")) for p in txt + md} | set(jsonl_records())
    assert gold_ids == expected


def test_metadata_csv_names_existing_documents_and_matches_gold_dates():
    with (CORPUS / "metadata.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == ["doc_id", "pub_date", "url", "title", "source"]
    by_id = {d["doc_id"]: d for d in GOLD_DOCS}
    for row in rows:
        doc_id = row["doc_id"]
        assert any((CORPUS / f"{doc_id}{ext}").exists() for ext in (".txt", ".md", ".html")), doc_id
        dt.date.fromisoformat(row["pub_date"])
        if doc_id in by_id:
            assert by_id[doc_id]["meta"]["pub_date"] == row["pub_date"], doc_id
    in_csv = {r["doc_id"] for r in rows}
    records = jsonl_records()
    for doc in GOLD_DOCS:
        source = doc["meta"]["pub_date_source"]
        doc_id, pub = doc["doc_id"], doc["meta"]["pub_date"]
        if source == "metadata":
            assert doc_id in in_csv
        elif source == "jsonl":
            assert records[doc_id]["date"] == pub
        elif source == "text_date_line":
            assert doc_id not in in_csv
            d = dt.date.fromisoformat(pub)
            assert re.search(rf"Publié le {d.day} mars {d.year}", doc["text"]), doc_id
        elif source == "text_url":
            assert doc_id not in in_csv
            assert "/" + pub.replace("-", "/") + "/" in doc["text"], doc_id
        else:
            pytest.fail(f"{doc_id}: unknown pub_date_source {source!r}")
    assert sum(1 for d in GOLD_DOCS if d["meta"]["pub_date_source"].startswith("text_")) == 2


# --------------------------------------------------------------------------- per document

@pytest.mark.parametrize("doc", GOLD_DOCS, ids=IDS)
def test_text_is_the_document_on_disk(doc):
    text = document_text(doc["doc_id"])
    assert text == doc["text"]
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == doc["text_sha256"]
    dt.date.fromisoformat(doc["meta"]["pub_date"])


@pytest.mark.parametrize("doc", GOLD_DOCS, ids=IDS)
def test_ignore_regions(doc):
    regions = doc["ignore"]
    assert regions == sorted(regions)
    for (a, b), nxt in zip(regions, regions[1:] + [[len(doc["text"]) + 1, 0]]):
        assert 0 <= a < b <= len(doc["text"]) and b <= nxt[0]


@pytest.mark.parametrize("doc", GOLD_DOCS, ids=IDS)
def test_spans(doc):
    text = doc["text"]
    names = []
    for s in doc["spans"]:
        assert s["label"] in LABELS, s
        assert 0 <= s["start"] < s["end"] <= len(text)
        assert text[s["start"]:s["end"]] == s["text"], s
        assert not in_ignore(doc, s["start"], s["end"]), s
        assert s["text"] == s["text"].strip(), s
        if s["label"] in NAME_LABELS:
            assert isinstance(s.get("entity"), str) and s["entity"], s
            names.append(s)
        elif s["label"] == "DATE":
            assert {"value", "date_start", "date_end"} <= set(s), s
            if s["date_start"] is None:
                assert s["date_end"] is None and s["value"] == "PAST_REF", s
            else:
                assert dt.date.fromisoformat(s["date_start"]) <= dt.date.fromisoformat(s["date_end"]), s
        else:
            assert {"value", "qualifier", "unit"} <= set(s), s
            assert isinstance(s["value"], (int, float)) and s["qualifier"] in QUALIFIERS and s["unit"], s
    names.sort(key=lambda s: s["start"])
    for a, b in zip(names, names[1:]):
        assert a["end"] <= b["start"], f"overlapping names {a} / {b}"


@pytest.mark.parametrize("doc", GOLD_DOCS, ids=IDS)
def test_dates_agree_with_the_calendar(doc):
    pub = dt.date.fromisoformat(doc["meta"]["pub_date"])
    weekdays = BUILD.WEEKDAYS
    for s in doc["spans"]:
        if s["label"] != "DATE":
            continue
        got = BUILD.resolve_date(s["text"], pub, future=s["date_start"] is not None and s["date_start"] > str(pub))
        assert got == (s["value"], s["date_start"], s["date_end"]), (s, got)
        m = re.match(r"(?i)(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b", s["text"])
        if m and s["date_start"] == s["date_end"] and s["date_start"]:
            assert dt.date.fromisoformat(s["date_start"]).weekday() == weekdays[m.group(1).lower()], s
        if s["date_start"]:
            # only the planned spring offensive ("prévoit ... au printemps") lies after publication
            assert s["date_start"] <= str(pub) or s["text"] == "au printemps", s


@pytest.mark.parametrize("doc", GOLD_DOCS, ids=IDS)
def test_events(doc):
    text = doc["text"]
    pub = doc["meta"]["pub_date"]
    for e in doc["events"]:
        assert set(e) == EVENT_KEYS, e
        assert e["type"] in EVENT_TYPES, e
        s0, s1, t0 = e["sent_start"], e["sent_end"], e["trigger_start"]
        assert 0 <= s0 < s1 <= len(text), e
        assert s0 <= t0 and t0 + len(e["trigger"]) <= s1, e
        assert text[t0:t0 + len(e["trigger"])] == e["trigger"], e
        assert not in_ignore(doc, t0, t0 + len(e["trigger"])), e
        # a whole sentence: starts after a line start, space or "[" and ends with . ! ? or a line end
        assert s0 == 0 or text[s0 - 1] in " \n[*", e
        assert text[s1 - 1] in ".!?" or s1 == len(text) or text[s1] == "\n", e
        assert "\n" not in text[s0:s1], e
        for arg in ("actor", "target", "location"):
            value = e[arg]
            assert value is None or (isinstance(value, list) and value and all(isinstance(x, str) and x for x in value)), e
            # SPEC: an argument the sentence does not name is left empty
            assert value is None or any(x in text[s0:s1] for x in value), (arg, e)
        assert (e["date_start"] is None) == (e["date_end"] is None), e
        if e["date_start"] is not None:
            assert e["date_start"] <= e["date_end"] <= pub, e
        assert (e["count"] is None) == (e["count_unit"] is None), e
        assert e["count"] is None or (isinstance(e["count"], int) and e["count"] >= 1), e


# --------------------------------------------------------------------------- coverage (SPEC section 3)

def spans_of(label):
    return [(d["doc_id"], s) for d in GOLD_DOCS for s in d["spans"] if s["label"] == label]


def test_coverage_dates():
    texts = [s["text"].lower() for _, s in spans_of("DATE")]
    required = ["le 21 août", "vendredi", "la semaine dernière", "au cours des deux derniers mois",
                "en 2014", "mi-décembre", "fin janvier", "début mars", "l'été dernier", "hier",
                "mardi dernier", "il y a trois jours", "depuis le début de l'année",
                "du 5 au 11 janvier", "ces derniers jours", "récemment", "12 mars 2021"]
    assert [r for r in required if r not in texts] == []
    assert any(re.fullmatch(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \w+", t) for t in texts)


def test_coverage_quantities():
    spans = [s for _, s in spans_of("QUANTITY")]
    texts = [s["text"] for s in spans]
    for required in ["35 éléments", "neuf grottes", "deux soldats", "1 500 familles",
                     "2,5 millions de dollars", "15 kilomètres", "plus de deux ans", "5.000 combattants"]:
        assert required in texts, required
    assert any(t.startswith("une dizaine de") for t in texts)
    assert any(t.startswith("au moins 12") for t in texts)
    assert any(s["text"] == "plus de 35 %" and s["unit"] == "%" and s["qualifier"] == ">" for s in spans)
    assert any(s["text"] == "3.000" and s["value"] == 3000 and s["qualifier"] == ">=" for s in spans)
    full = " ".join(d["text"] for d in GOLD_DOCS)
    for non_quantity in ["Un milicien", "7e division", "plusieurs", "des centaines", "La moitié"]:
        assert non_quantity in full, non_quantity
        assert not any(non_quantity.lower() in t.lower() for t in texts), non_quantity


def test_coverage_names():
    org = {s["text"] for _, s in spans_of("ORG")}
    loc = {s["text"] for _, s in spans_of("LOC")}
    for name in ["EIIS", "Daech", "EI", "État islamique", "État islamique en Irak et en Syrie", "ISIS",
                 "service antiterroriste irakien", "CTS", "armée irakienne", "police fédérale",
                 "Forces de mobilisation populaire", "peshmergas", "Forces démocratiques syriennes",
                 "FDS", "coalition internationale", "AFP", "ministère de la Défense"]:
        assert name in org, name
    for name in ["Ninive", "Anbar", "Salaheddine", "Diyala", "Kirkouk", "Krikouk", "Hamrin",
                 "Qara Jogh", "Qarah Jogh", "Tigre", "Euphrate", "Deir Ezzor", "Raqqa",
                 "Albou Kamal", "Hassaké"]:
        assert name in loc, name
    # a person named with a title, then by a short form in the same article
    per_docs = defaultdict(set)
    for doc_id, s in spans_of("PER"):
        per_docs[(doc_id, s["entity"])].add(s["text"])
    assert sum(1 for forms in per_docs.values() if len(forms) > 1) >= 5
    # an acronym defined in both orders: "X (ABC)" and "ABC (X)"
    orders = set()
    for doc in GOLD_DOCS:
        names = [s for s in doc["spans"] if s["label"] == "ORG"]
        for a, b in zip(names, names[1:]):
            if a["entity"] == b["entity"] and doc["text"][a["end"]:b["start"]] == " (":
                orders.add("long-short" if len(a["text"]) > len(b["text"]) else "short-long")
    assert orders == {"long-short", "short-long"}


def test_builder_fails_loudly_on_missing_or_ambiguous_text():
    registry = BUILD.load_registry()
    base = {"doc_id": "probe", "source": "irak/hamrin_grottes.txt", "pub_date": "2020-11-06",
            "pub_date_source": "metadata", "ignore": [], "events": []}
    with pytest.raises(BUILD.GoldError, match="not found"):
        BUILD.build_doc({**base, "spans": [["LOC", "Mossoul", "mosul"]]}, registry)
    with pytest.raises(BUILD.GoldError, match="ambiguous"):
        BUILD.build_doc({**base, "spans": [["LOC", "Diyala", "diyala"]]}, registry)
    with pytest.raises(BUILD.GoldError, match="calendar gives"):
        BUILD.build_doc({**base, "spans": [["DATE", "Jeudi 5 novembre", "2020-11-06", "2020-11-06", "2020-11-06"]]}, registry)
