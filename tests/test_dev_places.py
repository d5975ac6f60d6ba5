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
FLOOR = 0.95


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


def test_dev_places_within_tolerance(dev_out):
    gold = [json.loads(line) for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with open(DEV / "places.tsv", encoding="utf-8") as f:
        spots = {row["key"]: row for row in csv.DictReader(f, delimiter="\t")}
    judged = judged_places(gold, spots, pd.read_parquet(dev_out / "mentions.parquet"), pd.read_parquet(dev_out / "entities.parquet"))
    wrong = [(doc_id, key) for doc_id, key, right in judged if not right]
    assert len(judged) >= 35, judged
    assert 1 - len(wrong) / len(judged) >= FLOOR, f"{len(wrong)} of {len(judged)} dev places off: {wrong}"
