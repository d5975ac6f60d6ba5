"""The incidents stage: each rule on French reports, the team's sample and its gold, the dev set, the contract."""

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.evaluate import evaluate
from pipeline.eval_incidents import bcubed
from pipeline.extract import run_extract
from pipeline.resolve.incidents import COUNTRY, PROVINCE, Place, Report, group_reports
from pipeline.resolve.tolls import reconcile
from pipeline.schema import EVENTS, INCIDENTS
from pipeline.tables.incidents import rules
from pipeline.tables.parts import read_table, table_path

from .conftest import ROOT, SHARED

INCIDENTS_SAMPLE = ROOT / "data" / "incidents"
IRAQ = Place("loc:iraq", "IQ", None, COUNTRY)
ANBAR = Place("loc:anbar", "IQ", "Anbar", PROVINCE)
QAIM = Place("loc:alqaim", "IQ", "Anbar")
RAMADI = Place("loc:ramadi", "IQ", "Anbar")
HAWIJA = Place("loc:hawija", "IQ", "Kirkuk")
MONDAY = dt.date(2021, 3, 8).toordinal()


def report(doc, sent, event_type, day=MONDAY, place=QAIM, actor=None, target=None, last=None):
    return Report(doc, sent, event_type, day, day if last is None else last, place, actor, target)


def same(labels, a, b):
    return labels[a] == labels[b]


# --- the rules, one by one, on the rows French reports give ------------------------


def test_an_act_and_the_deaths_it_caused_in_one_sentence_are_one_incident():
    # « Une frappe de drone a visé lundi un repaire près d'al-Qaïm, faisant cinq morts »
    labels = group_reports([report("a", 1, "AIRSTRIKE"), report("a", 1, "KILL", place=None)], rules())
    assert same(labels, 0, 1)


def test_deaths_join_the_nearest_act_of_the_document():
    # « Une voiture piégée a explosé à Baqouba. (...) Des hommes armés ont attaqué un barrage à Hawija.
    #   Trois policiers ont été tués. »: the deaths belong to the attack told just before.
    rows = [report("a", 0, "BOMBING"), report("a", 5, "SHELLING"), report("a", 6, "KILL", place=None)]
    labels = group_reports(rows, rules())
    assert same(labels, 1, 2) and not same(labels, 0, 2)


def test_a_toll_counted_days_later_joins_the_act_of_its_sentence():
    # « L'assaut du 20 janvier contre la prison a fait 373 morts », the toll dated when counted
    rows = [report("a", 1, "ATTACK"), report("a", 1, "KILL", day=MONDAY + 9, last=MONDAY + 10), report("a", 3, "KILL", day=MONDAY + 9)]
    labels = group_reports(rows, rules())
    assert same(labels, 0, 1) and not same(labels, 0, 2), "a toll of another sentence keeps its own date"


def test_a_death_told_before_the_act_of_its_sentence_joins_that_act():
    # « Des kamikazes ont attaqué une caserne à Ramadi. Une frappe a visé Hawija. L'un des kamikazes
    #   a été abattu, tandis que l'autre s'est fait exploser »: the death is the attackers', not the strike's
    rows = [report("a", 0, "ATTACK", place=RAMADI), report("a", 1, "AIRSTRIKE", place=HAWIJA), report("a", 2, "KILL", place=None), report("a", 2, "BOMBING", place=None)]
    labels = group_reports(rows, rules())
    assert same(labels, 0, 2) and same(labels, 0, 3) and not same(labels, 1, 2)


def test_title_and_body_are_one_incident():
    # « Hawija : trois policiers tués » / « Des hommes armés ont attaqué jeudi un barrage près de Hawija »
    labels = group_reports([report("a", 0, "KILL", place=HAWIJA), report("a", 2, "ATTACK", place=HAWIJA)], rules())
    assert same(labels, 0, 1)


def test_outlets_reporting_a_strike_the_next_day_join_it():
    # Monday: « une frappe de drone près d'al-Qaïm »; Tuesday, dated by its publication:
    # « six membres de Daech tués dans un raid aérien dans la province d'Anbar »
    rows = [report("a", 1, "AIRSTRIKE"), report("b", 1, "KILL", day=MONDAY + 1, place=ANBAR), report("c", 0, "AIRSTRIKE", place=IRAQ)]
    labels = group_reports(rows, rules())
    assert same(labels, 0, 1)
    assert not same(labels, 0, 2), "a country-wide report does not say which strike it tells"


def test_the_same_checkpoint_attacked_again_a_month_later_is_a_second_incident():
    rows = [report("a", 1, "ATTACK", place=HAWIJA), report("b", 1, "ATTACK", day=MONDAY + 32, place=HAWIJA)]
    assert not same(group_reports(rows, rules()), 0, 1)


def test_attacks_on_four_days_in_a_row_do_not_chain_into_one():
    rows = [report(doc, 1, "ATTACK", day=MONDAY + k, place=HAWIJA) for k, doc in enumerate("abcd")]
    labels = group_reports(rows, rules())
    assert len(set(labels)) >= 2


def test_another_act_on_the_same_day_in_the_same_town_stays_apart():
    # « une voiture piégée explose sur un marché de Baqouba » / « une cache d'armes saisie à Baqouba »
    rows = [report("a", 1, "BOMBING"), report("b", 1, "SEIZE")]
    assert not same(group_reports(rows, rules()), 0, 1)


def test_two_towns_of_one_province_are_two_places():
    rows = [report("a", 1, "AIRSTRIKE", place=QAIM), report("b", 1, "AIRSTRIKE", place=RAMADI)]
    assert not same(group_reports(rows, rules()), 0, 1)


def test_contradicting_actors_or_targets_keep_reports_apart():
    # « la coalition a frappé » / « l'aviation russe a frappé », the same day, the same town
    rows = [report("a", 1, "AIRSTRIKE", actor="org:coalition"), report("b", 1, "AIRSTRIKE", actor="org:russian-air-force")]
    assert not same(group_reports(rows, rules()), 0, 1)
    rows = [report("a", 1, "ARREST", target="org:isis"), report("b", 1, "ARREST", target="org:pkk")]
    assert not same(group_reports(rows, rules()), 0, 1)
    rows = [report("a", 1, "AIRSTRIKE", actor="org:coalition"), report("b", 1, "AIRSTRIKE")]
    assert same(group_reports(rows, rules()), 0, 1), "an actor one outlet leaves out is no contradiction"


def test_a_force_and_its_ministry_are_one_party():
    # « une attaque contre un barrage de la police fédérale près de Hawija » / the next day:
    # « trois policiers tués près de Hawija, a annoncé le ministère de l'Intérieur »
    rows = [report("a", 1, "ATTACK", place=HAWIJA, target="org:iraqi-federal-police"), report("b", 1, "ATTACK", place=HAWIJA, target="org:iraq-moi")]
    assert same(group_reports(rows, rules()), 0, 1)
    rows = [report("a", 1, "ATTACK", place=HAWIJA, target="org:iraqi-federal-police"), report("b", 1, "ATTACK", place=HAWIJA, target="org:iraqi-army")]
    assert not same(group_reports(rows, rules()), 0, 1), "the police and the army are two parties"


def test_the_dead_one_outlet_reports_confirm_the_target_another_gives():
    # « une frappe de drone a visé un repaire de l'État islamique près d'al-Qaïm » / « six membres
    # de Daech tués dans une frappe (...), a annoncé le commandement des opérations conjointes »,
    # the announcer read as the strike's target: the dead still name the same party.
    rows = [
        report("a", 1, "AIRSTRIKE", target="org:isis"),
        report("b", 1, "KILL", day=MONDAY + 1, place=ANBAR, target="org:isis"),
        report("b", 1, "AIRSTRIKE", day=MONDAY + 1, place=ANBAR, target="org:joc"),
    ]
    assert len(set(group_reports(rows, rules()))) == 1


def test_a_vague_date_joins_no_other_document():
    # « en août, des frappes ont visé la région d'al-Qaïm »: which strike of August?
    rows = [report("a", 1, "AIRSTRIKE"), report("b", 1, "AIRSTRIKE", day=MONDAY - 7, last=MONDAY + 20)]
    assert not same(group_reports(rows, rules()), 0, 1)


def test_grouping_depends_on_documents_not_on_row_order():
    rows = [report("b", 1, "AIRSTRIKE"), report("a", 1, "KILL"), report("a", 0, "KILL", place=ANBAR), report("c", 1, "SEIZE")]
    labels = group_reports(rows, rules())
    shuffled = group_reports(rows[::-1], rules())[::-1]
    assert [labels.index(x) for x in labels] == [shuffled.index(x) for x in shuffled]


def test_the_latest_toll_wins_and_the_highest_on_a_tie():
    monday, tuesday = dt.date(2021, 3, 8), dt.date(2021, 3, 9)
    assert reconcile([("a", monday, 5.0), ("a", monday, 3.0), ("b", tuesday, 7.0), ("c", tuesday, 6.0)]) == (7.0, 5.0, 7.0)
    assert reconcile([("a", tuesday, 4.0), ("b", monday, 9.0)]) == (4.0, 4.0, 9.0)
    assert reconcile([]) == (None, None, None)


def test_bcubed_counts_every_row():
    assert bcubed([("x", 1), ("x", 1), ("y", 2)])["f1"] == 1.0
    merged = bcubed([("x", 1), ("x", 1), ("y", 1)])
    assert merged["recall"] == 1.0 and merged["precision"] == pytest.approx(5 / 9)


# --- the team's sample: six happenings, several outlets, distractors ---------------

def test_sample_gold_is_rebuilt_from_its_tsv_and_holds_six_happenings_told_two_to_four_times():
    assert subprocess.run([sys.executable, str(ROOT / "scripts" / "build_incident_gold.py"), "--check"]).returncode == 0
    docs = [json.loads(line) for line in (INCIDENTS_SAMPLE / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    reports: dict[str, set] = {}
    for doc in docs:
        for event in doc["events"]:
            reports.setdefault(event["incident"], set()).add(doc["doc_id"])
    assert sum(2 <= len(told) <= 4 for told in reports.values()) >= 6


@pytest.fixture(scope="module")
def incidents_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("incidents") / "out"
    run_extract(INCIDENTS_SAMPLE / "corpus", out, quiet=True)
    return out


def incident_of(out, doc_id, event_type):
    events = read_table(out, "events")
    ids = set(events[(events.doc_id == doc_id) & (events.event_type == event_type)].incident_id)
    assert len(ids) == 1, (doc_id, event_type, ids)
    incidents = read_table(out, "incidents")
    return incidents[incidents.incident_id == ids.pop()].iloc[0]


@pytest.mark.slow
def test_sample_clustering_scores_at_least_0_90(incidents_out):
    scores = evaluate(incidents_out, INCIDENTS_SAMPLE / "gold.jsonl")["incidents"]
    assert scores["n_rows"] >= 40
    assert min(scores["precision"], scores["recall"], scores["f1"]) >= 0.90, scores


@pytest.mark.slow
def test_sample_strike_counted_once_with_the_updated_toll(incidents_out):
    strike = incident_of(incidents_out, "qaim_frappe_bilan", "KILL")
    assert strike.event_type == "AIRSTRIKE" and strike.acled_sub_event_type == "Air/drone strike"
    assert sorted(strike.doc_ids) == ["qaim_frappe_bilan", "qaim_frappe_courrier", "qaim_frappe_tigre"]
    assert (strike.fatalities, strike.fatalities_min, strike.fatalities_max) == (7, 5, 7)
    assert strike.location_id == "loc:alqaim" and pd.notna(strike.latitude)
    assert (str(strike.first_reported), str(strike.last_reported)) == ("2021-03-08", "2021-03-09")
    assert strike.actor_id == "org:coalition"


@pytest.mark.slow
def test_sample_distractors_are_their_own_incidents(incidents_out):
    june = incident_of(incidents_out, "hawija_barrage_radio", "ATTACK")
    assert june.n_docs == 3 and len(june.sources) == 3
    assert june.target_id == "org:iraqi-federal-police", "the police named, not its ministry"
    assert incident_of(incidents_out, "hawija_barrage_nouvelle", "ATTACK").incident_id != june.incident_id
    assert incident_of(incidents_out, "qaim_frappe_nouvelle", "AIRSTRIKE").n_docs == 1
    market = incident_of(incidents_out, "baqouba_marche_radio", "BOMBING")
    assert market.n_docs == 2 and (market.fatalities, market.fatalities_min) == (12, 10)
    assert incident_of(incidents_out, "baqouba_cache_tigre", "SEIZE").incident_id != market.incident_id


@pytest.mark.slow
def test_every_events_row_has_its_incident(incidents_out):
    events, incidents = read_table(incidents_out, "events"), read_table(incidents_out, "incidents")
    assert events.incident_id.notna().all() and set(events.incident_id) == set(incidents.incident_id)
    assert incidents.n_reports.sum() == len(events) and incidents.incident_id.is_unique
    assert pq.read_schema(table_path(incidents_out, "incidents")) == INCIDENTS


@pytest.mark.slow
def test_an_empty_corpus_gives_an_empty_incidents_table(tmp_path):
    (tmp_path / "corpus").mkdir()
    run_extract(tmp_path / "corpus", tmp_path / "out", quiet=True)
    assert pq.read_schema(table_path(tmp_path / "out", "incidents")) == INCIDENTS
    assert pq.read_schema(table_path(tmp_path / "out", "events")) == EVENTS
    assert len(read_table(tmp_path / "out", "incidents")) == 0


# --- the dev set: one happening inside one document --------------------------------


@pytest.fixture(scope="module")
def dev_out(tmp_path_factory):
    corpus = SHARED / "dev" / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"no dev set at {corpus}")
    out = tmp_path_factory.mktemp("dev") / "out"
    run_extract(corpus, out, quiet=True)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    "doc_id,act,outcome",
    [("h04", "BOMBING", "KILL"), ("h08", "BOMBING", "KILL"), ("h11", "BOMBING", "KILL"), ("h19", "ATTACK", "KILL")],
)
def test_dev_an_act_and_its_outcome_told_in_one_sentence_share_their_incident(dev_out, doc_id, act, outcome):
    events = read_table(dev_out, "events")
    rows = events[events.doc_id == doc_id]
    sentences = set(rows[rows.event_type == act].sent_id) & set(rows[rows.event_type == outcome].sent_id)
    assert sentences, f"{doc_id}: no sentence with {act} and {outcome}"
    for sent_id in sentences:
        told = rows[(rows.sent_id == sent_id) & rows.event_type.isin([act, outcome])]
        assert told.incident_id.nunique() == 1, told[["event_type", "trigger", "incident_id"]]


@pytest.mark.slow
def test_dev_two_happenings_of_one_sentence_stay_apart(dev_out):
    # h08, first sentence: fighters attacked near Kirkuk while bombs killed 21 people in Baghdad
    events = read_table(dev_out, "events")
    first = events[(events.doc_id == "h08") & (events.sent_id == 0)].set_index("event_type")
    assert first.loc["ATTACK", "incident_id"] != first.loc["KILL", "incident_id"]


@pytest.mark.slow
def test_show_lists_the_documents_reporting_the_same_incident(incidents_out):
    from pipeline.show import show

    shown = show(incidents_out, "hawija_barrage_radio")
    assert "incidents (1)" in shown and "hawija_barrage_quotidien, hawija_barrage_tigre" in shown


def test_bench_times_the_grouping_on_synthetic_rows():
    from pipeline.bench_incidents import markdown, synthetic_reports, time_grouping

    assert synthetic_reports(300) == synthetic_reports(300) and len(synthetic_reports(300)) == 300
    report = time_grouping([200, 400])
    assert [r["rows"] for r in report["runs"]] == [200, 400] and set(report["growth"]) == {"time", "n log n", "n"}
    assert "n log n" in markdown(report)
