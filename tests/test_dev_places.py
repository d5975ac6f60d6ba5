"""Places of the dev set put at the right spot (issue 16), judged as `../shared/dev/README.md` says.

Per (document, gold place): the first gold mention of the place that the pipeline finds with
exactly its span; the point of that mention's entity must lie within the place's tolerance of
`places.tsv` (a country is also right by its `country_code`); no point counts as wrong. Places
the pipeline never finds are the name layer's misses, not counted here; nor are places whose
tolerance is 0 (`Moyen-Orient`: no point can stand for it).
"""

import csv
import json

import pandas as pd
import pytest

from pipeline.resolve.geo import haversine_km

from .conftest import SHARED

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (SHARED / "dev" / "places.tsv").exists(), reason="no ../shared/dev")]

DEV = SHARED / "dev"
# What the dev set holds now (39 of 42 places right, 0.929, at the merge of names and places);
# issue 16 asks ISSUE_TARGET, held below as a strict expected failure until it is met.
FLOOR = 0.92
ISSUE_TARGET = 0.95


def judged_places(gold: list[dict], spots: dict[str, dict], mentions: pd.DataFrame, entities: pd.DataFrame) -> list[tuple[str, str, bool]]:
    """(doc_id, place key, right) for each gold place whose mention the pipeline found."""
    points = entities.set_index("entity_id")
    out = []
    for doc in gold:
        found = {(r.start, r.end): r.entity_id for r in mentions[mentions.doc_id == doc["doc_id"]].itertuples()}
        firsts: dict[str, str] = {}
        for span in sorted((s for s in doc["spans"] if s["label"] == "LOC"), key=lambda s: s["start"]):
            if span["entity"] not in firsts and (span["start"], span["end"]) in found:
                firsts[span["entity"]] = found[(span["start"], span["end"])]
        for key, entity_id in sorted(firsts.items()):
            spot = spots[key]
            if float(spot["tol_km"]) == 0:
                continue
            fact = points.loc[entity_id] if entity_id in points.index else None
            right = False
            if fact is not None and spot["kind"] == "country" and fact["country_code"] == spot["country_code"]:
                right = True
            elif fact is not None and pd.notna(fact["latitude"]):
                distance = haversine_km(float(spot["latitude"]), float(spot["longitude"]), fact["latitude"], fact["longitude"])
                right = distance <= float(spot["tol_km"])
            out.append((doc["doc_id"], key, right))
    return out


@pytest.fixture(scope="module")
def dev_out(tmp_path_factory):
    from pipeline.extract import run_extract

    out = tmp_path_factory.mktemp("dev") / "out"
    run_extract(DEV / "corpus", out, quiet=True)
    return out


@pytest.fixture(scope="module")
def judged(dev_out):
    gold = [json.loads(line) for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with open(DEV / "places.tsv", encoding="utf-8") as f:
        spots = {row["key"]: row for row in csv.DictReader(f, delimiter="\t")}
    found = judged_places(gold, spots, pd.read_parquet(dev_out / "mentions.parquet"), pd.read_parquet(dev_out / "entities.parquet"))
    assert len(found) >= 35, found
    return found


def share_right(judged) -> tuple[float, list]:
    wrong = [(doc_id, key) for doc_id, key, right in judged if not right]
    return 1 - len(wrong) / len(judged), wrong


def test_dev_places_within_tolerance(judged):
    share, wrong = share_right(judged)
    assert share >= FLOOR, f"{len(wrong)} of {len(judged)} dev places off: {wrong}"


@pytest.mark.xfail(strict=True, reason="issue 16 asks 0.95; measured 39/42: al-Dashisha and al-Madina have no GeoNames place within 25 km "
                   "in the data we ship (unresolved), al-Sour is put at Deir ez-Zor, 50 km off")
def test_dev_places_reach_the_issue_target(judged):
    share, wrong = share_right(judged)
    assert share >= ISSUE_TARGET, f"{len(wrong)} of {len(judged)} dev places off: {wrong}"
