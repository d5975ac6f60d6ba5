"""End to end: corpus in, the four SPEC tables and run.json out, offsets exact, runs repeatable."""

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.corpus import read_corpus
from pipeline.extract import run_extract
from pipeline.schema import TABLES
from pipeline.tables.parts import read_table, table_path

from .conftest import SAMPLE, SEEDS

pytestmark = pytest.mark.slow


def tables(out):
    return {name: read_table(out, name) for name in TABLES}


@pytest.mark.parametrize("which", ["seeds_out", "sample_out"])
def test_every_spec_column_with_its_type(which, request):
    out = request.getfixturevalue(which)
    for name, schema in TABLES.items():
        assert pq.read_schema(table_path(out, name)) == schema, name
    run = json.loads((out / "run.json").read_text())
    assert set(run) >= {"versions", "options", "counts", "timings"}
    assert run["counts"]["tables"]["documents"] == len(read_table(out, "documents"))


@pytest.mark.parametrize("which,corpus", [("seeds_out", SEEDS), ("sample_out", SAMPLE)])
def test_offsets_point_into_the_original_text(which, corpus, request):
    out = request.getfixturevalue(which)
    texts = {d.doc_id: d.text for d in read_corpus(corpus)}
    t = tables(out)
    assert len(t["mentions"]) > 0 and len(t["events"]) > 0
    for row in t["mentions"].itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    for row in t["events"].itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.sentence
        assert texts[row.doc_id][row.trigger_start : row.trigger_start + len(row.trigger)] == row.trigger


def test_every_document_has_a_row(sample_out):
    documents = read_table(sample_out, "documents")
    expected = [d.doc_id for d in read_corpus(SAMPLE)]
    assert list(documents.doc_id) == expected
    assert documents.doc_id.is_unique


def test_seed_rows_as_the_contract_says(seeds_out):
    t = tables(seeds_out)
    docs = t["documents"].set_index("doc_id")
    assert str(docs.loc["003_44c6d5d4010a164b", "pub_date"])[:10] == "2017-11-03"
    assert docs.loc["003_44c6d5d4010a164b", "pub_date_source"] == "metadata"
    m = t["mentions"]
    cts = m[(m.doc_id == "000_cea1a441efd8a299") & (m.text == "CTS")]
    assert set(cts.label) == {"ORG"} and cts.entity_id.nunique() == 1
    arrest = t["events"][(t["events"].event_type == "ARREST") & (t["events"].trigger == "arrêté")].iloc[0]
    assert (arrest.actor_text, arrest.target_text, arrest["count"], arrest.count_unit) == ("CTS", "EIIS", 35, "élément")
    assert arrest.acled_sub_event_type == "Arrests"


def test_two_runs_give_identical_tables(seeds_out, tmp_path):
    run_extract(SEEDS, tmp_path / "again", quiet=True)
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(seeds_out, name), read_table(tmp_path / "again", name))
