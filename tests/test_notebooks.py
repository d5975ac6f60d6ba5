"""The analyst notebooks: every helper of `pipeline/notebook.py`, then the three notebooks run top to bottom.

The helpers are checked on a tiny output written by hand (two French documents
about Iraq and one failed file, with offsets computed from the text), so that
each expected count is known exactly and does not move when the pipeline is
tuned. The slow tests use a real extraction of data/corpus (`sample_out`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import notebook as nb
from pipeline.errors import UsageError
from pipeline.schema import TABLES
from pipeline.tables import parts
from pipeline.tables.incidents import incident_tables

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_NAMES = ("01_overview", "02_events", "03_document")

MOSSOUL = (
    "Le service antiterroriste irakien (CTS) a arrêté 35 membres de Daech à Mossoul le 21 août 2020.\n"
    "Selon l'armée, l'EIIS a tué deux soldats et blessé trois civils près de Baiji mardi.\n"
)
DEPECHE = "Des frappes aériennes ont visé l'État islamique à Rutba en 2019."


# --- the tiny output -------------------------------------------------------


def _at(text: str, part: str, occ: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occ + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _mention(doc_id, text, n, part, label, entity_id=None, method="gazetteer", **extra):
    start, end = _at(text, part)
    return dict(doc_id=doc_id, mention_id=f"{doc_id}:m{n}", sent_id=0, start=start, end=end, text=part,
                label=label, entity_id=entity_id, method=method, **extra)


def _date(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def _event(doc_id, text, n, sentence, trigger, event_type, acled, sub, **extra):
    start, end = _at(text, sentence)
    row = dict(doc_id=doc_id, event_id=f"{doc_id}:e{n}", sent_id=0, start=start, end=end, trigger=trigger,
               trigger_start=text.index(trigger, start), event_type=event_type, acled_event_type=acled,
               acled_sub_event_type=sub, negated=False, sentence=sentence)
    row.update(extra)
    return row


PLACES = {  # entity_id: (latitude, longitude, admin1)
    "loc:mosul": (36.335, 43.119, "Nineveh"),
    "loc:baiji": (34.929, 43.489, "Salah ad Din"),
    "loc:rutba": (33.037, 40.284, "Anbar"),
}


def tiny_tables() -> dict[str, list[dict]]:
    a, b = "irak/mossoul", "depeche-1"
    s1, s2 = MOSSOUL.split("\n")[0], MOSSOUL.split("\n")[1]
    mentions = [
        _mention(a, MOSSOUL, 0, "service antiterroriste irakien", "ORG", "org:cts"),
        _mention(a, MOSSOUL, 1, "CTS", "ORG", "org:cts", method="rule"),
        _mention(a, MOSSOUL, 2, "35 membres", "QUANTITY", method="rule", quantity=35.0, quantity_qualifier="=", quantity_unit="membre"),
        _mention(a, MOSSOUL, 3, "Daech", "ORG", "org:isis"),
        _mention(a, MOSSOUL, 4, "Mossoul", "LOC", "loc:mosul"),
        _mention(a, MOSSOUL, 5, "le 21 août 2020", "DATE", method="rule", date_value="2020-08-21",
                 date_start=_date("2020-08-21"), date_end=_date("2020-08-21"), date_granularity="day"),
        _mention(a, MOSSOUL, 6, "EIIS", "ORG", "org:isis"),
        _mention(a, MOSSOUL, 7, "deux soldats", "QUANTITY", method="rule", quantity=2.0, quantity_qualifier="=", quantity_unit="soldat"),
        _mention(a, MOSSOUL, 8, "trois civils", "QUANTITY", method="rule", quantity=3.0, quantity_qualifier="=", quantity_unit="civil"),
        _mention(a, MOSSOUL, 9, "Baiji", "LOC", "loc:baiji"),
        _mention(a, MOSSOUL, 10, "mardi", "DATE", method="rule", date_value="2020-08-18",
                 date_start=_date("2020-08-18"), date_end=_date("2020-08-18"), date_granularity="day"),
        _mention(b, DEPECHE, 0, "État islamique", "ORG", "org:isis"),
        _mention(b, DEPECHE, 1, "Rutba", "LOC", "loc:rutba"),
        _mention(b, DEPECHE, 2, "en 2019", "DATE", method="rule", date_value="2019",
                 date_start=_date("2019-01-01"), date_end=_date("2019-12-31"), date_granularity="year"),
    ]

    def place(entity_id, text):
        lat, lon, _ = PLACES[entity_id]
        return dict(location_id=entity_id, location_text=text, latitude=lat, longitude=lon)

    events = [
        _event(a, MOSSOUL, 0, s1, "arrêté", "ARREST", "Strategic developments", "Arrests",
               actor_id="org:cts", actor_text="CTS", target_id="org:isis", target_text="Daech",
               date_start=_date("2020-08-21"), date_end=_date("2020-08-21"), date_text="le 21 août 2020",
               count=35.0, count_unit="membre", **place("loc:mosul", "Mossoul")),
        _event(a, MOSSOUL, 1, s2, "tué", "KILL", "Battles", "Armed clash",
               actor_id="org:isis", actor_text="EIIS", target_text="soldats",
               date_start=_date("2020-08-18"), date_end=_date("2020-08-18"), date_text="mardi",
               count=2.0, count_unit="soldat", **place("loc:baiji", "Baiji")),
        _event(a, MOSSOUL, 2, s2, "blessé", "INJURE", "Battles", "Armed clash",
               actor_id="org:isis", actor_text="EIIS", target_text="civils",
               date_start=_date("2020-08-18"), date_end=_date("2020-08-18"), date_text="mardi",
               count=3.0, count_unit="civil", **place("loc:baiji", "Baiji")),
        _event(b, DEPECHE, 0, DEPECHE, "frappes aériennes", "AIRSTRIKE", "Explosions/Remote violence", "Air/drone strike",
               target_id="org:isis", target_text="État islamique",
               date_start=_date("2019-01-01"), date_end=_date("2019-12-31"), date_text="en 2019",
               **place("loc:rutba", "Rutba")),
    ]
    entities = [
        dict(entity_id="org:isis", label="ORG", canonical_name="État islamique", aliases=["Daech", "EIIS", "État islamique"],
             n_mentions=3, n_docs=2),
        dict(entity_id="org:cts", label="ORG", canonical_name="service antiterroriste irakien",
             aliases=["CTS", "service antiterroriste irakien"], n_mentions=2, n_docs=1),
        *(
            dict(entity_id=eid, label="LOC", canonical_name=name, aliases=aliases, n_mentions=1, n_docs=1,
                 latitude=PLACES[eid][0], longitude=PLACES[eid][1], country_code="IQ", admin1=PLACES[eid][2])
            for eid, name, aliases in (("loc:mosul", "Mossoul", ["Mossoul"]), ("loc:baiji", "Baïji", ["Baiji"]),
                                       ("loc:rutba", "Routba", ["Rutba"]))
        ),
    ]

    def document(doc_id, path, text, pub_date, **extra):
        return dict(doc_id=doc_id, path=path, title=text.split("\n")[0][:40], pub_date=_date(pub_date),
                    pub_date_source="metadata", n_chars=len(text), n_tokens=len(text.split()), n_sentences=text.count("."),
                    text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), status="ok", encoding="utf-8", **extra)

    documents = [
        document("casse", "casse.txt", "", "2020-08-20"),
        document(a, "irak/mossoul.txt", MOSSOUL, "2020-08-22"),
        document(b, "wire.jsonl:1", DEPECHE, "2019-05-02"),
    ]
    documents[0].update(status="error", error="E103 casse.txt: cannot decode the bytes as text (test).", text_sha256=None)
    return dict(documents=documents, mentions=mentions, entities=entities, events=events)


def write_corpus(root: Path) -> Path:
    (root / "irak").mkdir(parents=True, exist_ok=True)
    (root / "irak" / "mossoul.txt").write_text(MOSSOUL, encoding="utf-8")
    (root / "wire.jsonl").write_text(json.dumps({"id": "depeche-1", "text": DEPECHE, "date": "2019-05-02"}) + "\n", encoding="utf-8")
    return root


def write_output(out: Path, corpus: str, *, parts: tuple[str, ...] = ()) -> Path:
    """The tiny tables in `out`, incidents grouped by the incidents stage; tables named in `parts` as a folder of
    two parts (`<name>/part-0000N.parquet`)."""
    out.mkdir(parents=True, exist_ok=True)
    rows = tiny_tables()
    tables = {name: pa.Table.from_pylist(rows[name], schema=TABLES[name]) for name in rows}
    incidents, incident_ids = incident_tables(tables["events"].to_pandas(), tables["documents"].to_pandas(), rows["entities"])
    column = TABLES["events"].get_field_index("incident_id")
    tables["events"] = tables["events"].set_column(column, "incident_id", pa.array(incident_ids, pa.string()))
    tables["incidents"] = pa.Table.from_pylist(incidents, schema=TABLES["incidents"])
    for name, table in tables.items():
        if name in parts:
            (out / name).mkdir()
            half = table.num_rows // 2
            pq.write_table(table.slice(0, half), out / name / "part-00000.parquet")
            pq.write_table(table.slice(half), out / name / "part-00001.parquet")
        else:
            pq.write_table(table, out / f"{name}.parquet")
    run = {"versions": {"newsx": "0.1.0"}, "options": {"corpus": corpus, "workers": 1},
           "counts": {"tables": {"documents": 3}}, "timings": {"total_seconds": 1.5}}
    (out / "run.json").write_text(json.dumps(run), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("tiny")
    write_corpus(base / "corpus")
    return write_output(base / "out", str(base / "corpus"))


@pytest.fixture(scope="module")
def tiny(tiny_dir) -> nb.Output:
    return nb.load_output(tiny_dir)


# --- loading ---------------------------------------------------------------


def test_load_output_reads_every_table_with_dates_as_datetimes(tiny):
    assert (len(tiny.documents), len(tiny.mentions), len(tiny.entities), len(tiny.events), len(tiny.incidents)) == (3, 14, 5, 4, 3)
    assert str(tiny.events["date_start"].dtype).startswith("datetime64")
    assert str(tiny.documents["pub_date"].dtype).startswith("datetime64")
    assert tiny.run["options"]["workers"] == 1


def test_a_table_may_be_a_folder_of_parts(tmp_path):
    out = write_output(tmp_path / "out", "corpus", parts=("mentions", "events"))
    output = nb.load_output(out)
    assert len(output.mentions) == 14 and len(output.events) == 4
    assert parts.table_path(out, "mentions") == out / "mentions"
    assert parts.table_path(out, "documents") == out / "documents.parquet"


def test_a_missing_table_says_how_to_make_it(tmp_path):
    out = write_output(tmp_path / "out", "corpus")
    (out / "events.parquet").unlink()
    with pytest.raises(UsageError, match="E005 .* no events table"):
        nb.load_output(out)
    with pytest.raises(UsageError, match="NOTEBOOK_OUT"):
        nb.load_output(tmp_path / "nowhere")


def test_a_column_missing_from_an_older_output_is_added_empty(tmp_path):
    out = write_output(tmp_path / "out", "corpus")
    table = pq.read_table(out / "entities.parquet").drop_columns(["wikidata_id", "admin1"])
    pq.write_table(table, out / "entities.parquet")
    entities = nb.read_table(out, "entities")
    assert {"wikidata_id", "admin1"} <= set(entities.columns) and entities["admin1"].isna().all()


def test_run_json_is_optional(tmp_path):
    out = write_output(tmp_path / "out", "corpus")
    (out / "run.json").unlink()
    assert nb.load_output(out).run == {}


# --- overview --------------------------------------------------------------


def test_status_counts_lists_every_status(tiny):
    assert nb.status_counts(tiny.documents)["documents"].to_dict() == {"ok": 2, "error": 1, "empty": 0}


def test_document_overview_counts_rows_per_document(tiny):
    table = nb.document_overview(tiny).set_index("doc_id")
    assert table.loc["irak/mossoul", ["n_mentions", "n_events"]].tolist() == [11, 3]
    assert table.loc["depeche-1", ["n_mentions", "n_events"]].tolist() == [3, 1]
    assert table.loc["casse", ["status", "n_mentions", "n_events"]].tolist() == ["error", 0, 0]
    assert table.loc["casse", "error"].startswith("E103")


def test_mention_counts_by_label_and_method(tiny):
    table = nb.mention_counts(tiny.mentions)
    assert list(table.index) == ["ORG", "LOC", "PER", "DATE", "QUANTITY", "MISC"]
    assert table["total"].to_dict() == {"ORG": 5, "LOC": 3, "PER": 0, "DATE": 3, "QUANTITY": 3, "MISC": 0}
    assert table.loc["ORG", "rule"] == 1 and table.loc["ORG", "gazetteer"] == 4


def test_top_entities_with_their_aliases(tiny):
    table = nb.top_entities(tiny.entities, n=2)
    assert table["entity_id"].tolist() == ["org:isis", "org:cts"]
    assert table.loc[0, "aliases"] == "Daech, EIIS, État islamique" and table.loc[0, "n_aliases"] == 3
    assert nb.top_entities(tiny.entities, label="LOC")["canonical_name"].tolist() == ["Baïji", "Mossoul", "Routba"]


def test_dates_by_month_splits_by_granularity_and_keeps_empty_months(tiny):
    table = nb.dates_by_month(tiny.mentions)
    assert list(table.columns) == ["day", "year"]
    assert table.index[0] == pd.Timestamp("2019-01-01") and table.index[-1] == pd.Timestamp("2020-08-01")
    assert len(table) == 20  # every month from January 2019 to August 2020
    assert table.loc["2020-08-01", "day"] == 2 and table.loc["2019-01-01", "year"] == 1
    assert int(table.values.sum()) == 3


def test_run_figures_flattens_run_json(tiny):
    table = nb.run_figures(tiny.run)
    rows = {(s, k): v for s, k, v in table.itertuples(index=False)}
    assert rows[("counts", "tables.documents")] == 3
    assert rows[("timings", "total_seconds")] == 1.5
    assert rows[("options", "workers")] == 1


# --- events ----------------------------------------------------------------


def test_events_by_type_with_acled_types(tiny):
    table = nb.events_by_type(tiny.events)
    assert table["events"].to_dict() == {"AIRSTRIKE": 1, "ARREST": 1, "INJURE": 1, "KILL": 1}
    assert table.loc["AIRSTRIKE", "acled_sub_event_type"] == "Air/drone strike"


def test_events_by_month_counts_only_dates_precise_to_a_month(tiny):
    table = nb.events_by_month(tiny.events)
    assert list(table.index) == [pd.Timestamp("2020-08-01")]
    assert table.loc["2020-08-01"].to_dict() == {"ARREST": 1, "KILL": 1, "INJURE": 1}
    every = nb.events_by_month(tiny.events, max_days=None)
    assert len(every) == 20 and every.loc["2019-01-01", "AIRSTRIKE"] == 1  # the year 2019 counts in January
    assert nb.precise_dates(tiny.events).tolist() == [True, True, True, False]


@pytest.mark.parametrize(
    "text,expected",
    [("État  Islamique", "etat islamique"), ("l’EIIS", "l'eiis"), ("  Baïji ", "baiji"), (None, "")],
    ids=["accents-case-spaces", "apostrophe", "diaeresis", "missing"],
)
def test_normalize_name(text, expected):
    assert nb.normalize_name(text) == expected


def _ids(events: pd.DataFrame) -> list[str]:
    return sorted(events["event_id"])


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({}, ["depeche-1:e0", "irak/mossoul:e0", "irak/mossoul:e1", "irak/mossoul:e2"]),
        ({"group": "Daech"}, ["depeche-1:e0", "irak/mossoul:e0", "irak/mossoul:e1", "irak/mossoul:e2"]),
        ({"group": "etat islamique"}, ["depeche-1:e0", "irak/mossoul:e0", "irak/mossoul:e1", "irak/mossoul:e2"]),
        ({"group": "org:cts"}, ["irak/mossoul:e0"]),
        ({"group": "soldats"}, ["irak/mossoul:e1"]),
        ({"group": "EI"}, []),
        ({"place": "Mossoul"}, ["irak/mossoul:e0"]),
        ({"place": "Baïji"}, ["irak/mossoul:e1", "irak/mossoul:e2"]),
        ({"place": "Anbar"}, ["depeche-1:e0"]),
        ({"place": "salah ad din"}, ["irak/mossoul:e1", "irak/mossoul:e2"]),
        ({"date_from": "2020-08-19"}, ["irak/mossoul:e0"]),
        ({"date_to": "2020-08-19"}, ["depeche-1:e0", "irak/mossoul:e1", "irak/mossoul:e2"]),
        ({"date_from": "2019-06-01", "date_to": "2019-06-30"}, ["depeche-1:e0"]),
        ({"event_type": "KILL"}, ["irak/mossoul:e1"]),
        ({"event_type": ["KILL", "ARREST"], "group": "CTS"}, ["irak/mossoul:e0"]),
        ({"group": "Daech", "place": "Rutba", "date_from": dt.date(2019, 1, 1)}, ["depeche-1:e0"]),
    ],
    ids=["none", "group-alias", "group-unaccented", "group-id", "group-text-only", "group-whole-word",
         "place", "place-alias", "place-admin1", "place-admin1-case", "date-from", "date-to",
         "date-overlap", "type", "types-and-group", "all-together"],
)
def test_filter_events(tiny, filters, expected):
    assert _ids(nb.filter_events(tiny.events, tiny.entities, **filters)) == expected


def test_event_table_reads_like_a_report(tiny):
    table = nb.event_table(tiny.events)
    assert table["event_type"].tolist() == ["AIRSTRIKE", "KILL", "INJURE", "ARREST"]  # by date
    first, arrest = table.iloc[0], table.iloc[3]
    assert first["date"] == "2019-01-01 / 2019-12-31" and first["count"] == ""
    assert arrest[["date", "actor", "target", "place", "count"]].tolist() == ["2020-08-21", "CTS", "Daech", "Mossoul", "35 membre"]
    assert arrest["sentence"].startswith("Le service antiterroriste irakien (CTS) a arrêté")


def test_place_counts_one_row_per_place(tiny):
    table = nb.place_counts(tiny.events)
    assert table["place"].tolist() == ["Baiji", "Mossoul", "Rutba"]
    assert table.loc[0, ["events", "main_type", "types"]].tolist() == [2, "INJURE", "INJURE 1, KILL 1"]
    assert nb.place_counts(tiny.events.iloc[:0]).empty


def test_reference_cities_come_from_installed_data_inside_the_frame():
    cities = nb.reference_cities()
    assert {"Baghdad", "Mosul", "Damascus", "Aleppo"} <= set(cities["name"])
    assert nb.in_bbox(cities).all()
    assert "Sadr City" not in set(cities["name"])  # next to Baghdad
    assert cities["name"].map(str.isascii).all()


# --- incidents -------------------------------------------------------------


def test_incidents_are_counted_mapped_and_dated_by_fatalities(tiny):
    # « l'EIIS a tué deux soldats et blessé trois civils près de Baiji mardi »: one incident, two rows
    assert str(tiny.incidents["date_start"].dtype).startswith("datetime64")
    counts = nb.table_counts(tiny)["rows"].to_dict()
    assert counts["events"] == 4 and counts["incidents"] == 3 and counts["fatalities (incidents)"] == 2
    assert tiny.events["incident_id"].nunique() == 3
    points = nb.map_points(tiny)
    assert (points.unit, points.weight) == ("incidents", "fatalities")
    assert points.rows.set_index("place").loc["Baiji", "doc_ids"] == ["irak/mossoul"]
    places = nb.place_counts(points.rows, points.weight).set_index("place")
    assert places.loc["Baiji", ["events", "size", "main_type"]].tolist() == [1, 2.0, "KILL"]  # one incident, 2 killed
    by_month = nb.events_by_month(points.rows, weight="fatalities")
    assert by_month.loc["2020-08-01"].to_dict() == {"ARREST": 0, "KILL": 2}
    fig = nb.plot_event_map(points.rows, unit="incidents", weight="fatalities", cities=False)
    assert "3 incidents at 3 places" in fig.axes[0].get_title()
    fig = nb.plot_events_by_month(points.rows, unit="incidents", weight="fatalities")
    assert fig.axes[0].get_title().startswith("Fatalities per month (2 fatalities")


# --- figures ---------------------------------------------------------------


def _png_bytes(fig) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


def test_plots_are_figures_with_one_bar_per_count(tiny):
    by_type = nb.plot_events_by_type(tiny.events)
    assert len(by_type.axes[0].patches) == 4
    by_month = nb.plot_events_by_month(tiny.events)
    assert "1 undated or dated more loosely than a month left out" in by_month.axes[0].get_title()
    dates = nb.plot_dates_by_month(tiny.mentions)
    assert "3 of 3 DATE mentions" in dates.axes[0].get_title()
    for fig in (by_type, by_month, dates):
        assert _png_bytes(fig).startswith(b"\x89PNG")


def test_event_map_frames_the_region_and_lists_places_outside(tiny):
    events = tiny.events.copy()
    events.loc[3, ["latitude", "longitude", "location_text", "location_id"]] = [60.0, 100.0, "Russie", "loc:russia"]
    fig = nb.plot_event_map(events)
    ax = fig.axes[0]
    assert ax.get_xlim() == (35.0, 49.0) and ax.get_ylim() == (29.0, 38.0)
    assert ax.get_xlabel() == "Outside this frame: Russie (1)"
    assert "3 events at 2 places; 0 without coordinates" in ax.get_title()
    labels = {t.get_text() for t in ax.texts}
    assert {"Baiji (2)", "Mossoul", "Baghdad"} <= labels
    assert _png_bytes(fig).startswith(b"\x89PNG")


def test_event_map_of_no_events_is_an_empty_frame(tiny):
    fig = nb.plot_event_map(tiny.events.iloc[:0], cities=False)
    assert "0 events at 0 places" in fig.axes[0].get_title()
    assert _png_bytes(fig).startswith(b"\x89PNG")


# --- one document ----------------------------------------------------------


def test_first_document_with_events_skips_documents_without(tiny):
    assert nb.first_document_with_events(tiny) == "irak/mossoul"


def test_an_unknown_doc_id_names_valid_ones(tiny):
    with pytest.raises(KeyError, match="no document 'nope'.*'casse'"):
        nb.document_row(tiny, "nope")


@pytest.mark.parametrize("doc_id,text", [("irak/mossoul", MOSSOUL), ("depeche-1", DEPECHE)], ids=["txt", "jsonl-line"])
def test_document_text_is_read_back_from_the_corpus(tiny, doc_id, text):
    doc = nb.document_text(tiny, doc_id)
    assert (doc.source, doc.text) == ("corpus", text)
    assert nb.offset_mismatches(tiny, doc_id, doc.text).empty


def test_a_relative_corpus_path_is_found_beside_the_output(tmp_path):
    write_corpus(tmp_path / "data" / "corpus")
    output = nb.load_output(write_output(tmp_path / "data" / "processed", "data/corpus"))
    assert nb.resolve_corpus(output) == tmp_path / "data" / "corpus"
    assert nb.document_text(output, "irak/mossoul").source == "corpus"


def test_a_changed_or_missing_corpus_gives_the_rebuilt_text(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    output = nb.load_output(write_output(tmp_path / "out", str(corpus)))
    (corpus / "irak" / "mossoul.txt").write_text(MOSSOUL.upper(), encoding="utf-8")
    doc = nb.document_text(output, "irak/mossoul")
    assert doc.source == "rebuilt" and "rebuilt" in doc.note
    assert doc.text == MOSSOUL.replace("\n", " ")  # every character is in an event sentence but the newlines
    shutil.rmtree(corpus)
    assert nb.document_text(output, "irak/mossoul").source == "rebuilt"
    assert nb.document_text(output, "irak/mossoul", corpus=tmp_path / "elsewhere").source == "rebuilt"


def test_rebuild_text_keeps_every_offset(tiny):
    text = nb.rebuild_text(tiny, "depeche-1")
    assert text == DEPECHE
    assert nb.offset_mismatches(tiny, "depeche-1", text).empty
    only_mentions = dataclasses.replace(tiny, events=tiny.events.iloc[:0])
    partial = nb.rebuild_text(only_mentions, "depeche-1", fill="_")
    assert len(partial) == len(DEPECHE) and partial == "_" * DEPECHE.index("État") + "État islamique___Rutba_en 2019_"


def test_offset_mismatches_shows_rows_that_do_not_fit_the_text(tiny):
    wrong = nb.offset_mismatches(tiny, "depeche-1", "x" * len(DEPECHE))
    assert set(wrong["row"]) == {"mention", "event sentence", "event trigger"}
    assert len(wrong) == 5


def test_displacy_entities_mentions_and_triggers_without_overlap(tiny):
    view = nb.displacy_entities(tiny, "irak/mossoul", MOSSOUL, title="irak/mossoul")
    labels = [(MOSSOUL[s["start"] : s["end"]], s["label"]) for s in view["ents"]]
    assert labels[:4] == [("service antiterroriste irakien", "ORG"), ("CTS", "ORG"), ("arrêté", "ARREST"), ("35 membres", "QUANTITY")]
    assert ("tué", "KILL") in labels and ("blessé", "INJURE") in labels
    starts = [(s["start"], s["end"]) for s in view["ents"]]
    assert all(end <= next_start for (_, end), (next_start, _) in zip(starts, starts[1:]))
    # A trigger overlapping a mention is left out, the mention kept.
    events = tiny.events.copy()
    events.loc[0, ["trigger", "trigger_start"]] = ["Daech", MOSSOUL.index("Daech")]
    clash = dataclasses.replace(tiny, events=events)
    labels = [(MOSSOUL[s["start"] : s["end"]], s["label"]) for s in nb.displacy_entities(clash, "irak/mossoul", MOSSOUL)["ents"]]
    assert ("Daech", "ORG") in labels and ("Daech", "ARREST") not in labels


def test_displacy_sentences_label_each_sentence_with_its_event_types(tiny):
    view = nb.displacy_sentences(tiny, "irak/mossoul", MOSSOUL)
    assert [s["label"] for s in view["ents"]] == ["ARREST", "KILL + INJURE"]
    assert nb.displacy_options(view)["colors"]["KILL + INJURE"] == nb.EVENT_COLORS["KILL"]


def test_displacy_renders_the_views(tiny):
    from spacy import displacy

    doc = nb.document_text(tiny, "irak/mossoul")
    entities = nb.displacy_entities(tiny, "irak/mossoul", doc.text)
    sentences = nb.displacy_sentences(tiny, "irak/mossoul", doc.text)
    html = displacy.render(entities, style="ent", manual=True, jupyter=False, options=nb.displacy_options(entities))
    assert "ARREST" in html and "Mossoul" in html and nb.EVENT_COLORS["ARREST"] in html
    html = displacy.render(sentences, style="ent", manual=True, jupyter=False, options=nb.displacy_options(sentences))
    assert "KILL + INJURE" in html


def test_document_tables_in_text_order(tiny):
    mentions = nb.document_mentions(tiny, "irak/mossoul")
    assert mentions["text"].tolist()[:3] == ["service antiterroriste irakien", "CTS", "35 membres"]
    events = nb.document_events(tiny, "irak/mossoul")
    assert events[["event_id", "trigger", "event_type"]].values.tolist() == [
        ["irak/mossoul:e0", "arrêté", "ARREST"], ["irak/mossoul:e1", "tué", "KILL"], ["irak/mossoul:e2", "blessé", "INJURE"]]


# --- the notebooks themselves ----------------------------------------------


def _code_cells(name: str) -> list:
    import nbformat

    return [c for c in nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_notebooks_are_stored_clean_and_hold_no_logic(name):
    cells = _code_cells(name)
    assert 'NOTEBOOK_OUT = os.environ.get("NOTEBOOK_OUT", "../data/processed")' in cells[0].source
    assert "parameters" in cells[0].metadata.get("tags", [])
    for cell in cells:
        assert cell.outputs == [] and cell.execution_count is None, "clear the outputs before saving"
        assert "def " not in cell.source and "class " not in cell.source, "logic belongs in pipeline/notebook.py"
        assert "read_parquet" not in cell.source, "read outputs with nb.load_output"


def test_readme_images_script(tiny_dir, tmp_path):
    import runpy

    script = runpy.run_path(str(ROOT / "scripts" / "readme_images.py"))
    written = script["write_images"](tiny_dir, tmp_path / "img")
    assert [p.name for p in written] == ["events_by_type.png", "events_by_month.png", "events_map.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)


@pytest.mark.slow
def test_sample_output_reads_back_every_document(sample_out):
    output = nb.load_output(sample_out)
    for doc_id in output.documents.loc[output.documents["status"] == "ok", "doc_id"]:
        doc = nb.document_text(output, doc_id)
        assert doc.source == "corpus", doc_id
        assert nb.offset_mismatches(output, doc_id, doc.text).empty, doc_id


@pytest.mark.slow
@pytest.mark.parametrize("name,n_images", [("01_overview", 3), ("02_events", 3), ("03_document", 0)])
def test_notebook_runs_top_to_bottom(sample_out, monkeypatch, name, n_images):
    """Execute one notebook against the sample corpus output; plots and the map must be PNG images."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("NOTEBOOK_OUT", str(sample_out))  # the kernel inherits the environment
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= n_images
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert str(sample_out) in text
    if name == "03_document":
        assert html.count('class="entities"') == 2  # the two displaCy views
        assert "text from the corpus" in text
