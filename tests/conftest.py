"""Shared fixtures: the pipeline loaded once, and extraction runs shared by the end-to-end tests."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The team's shared folder sits beside the checkout (CI has it); NEWSX_SHARED points elsewhere.
SHARED = Path(os.environ.get("NEWSX_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "gold" / "seeds.jsonl"
DEV = SHARED / "dev" / "corpus"
DEV_GOLD = SHARED / "dev" / "gold.jsonl"
SAMPLE = ROOT / "data" / "corpus"
SAMPLE_GOLD = ROOT / "data" / "gold" / "corpus.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory):
    from pipeline.extract import run_extract

    out = tmp_path_factory.mktemp("seeds") / "out"
    run_extract(SEEDS, out, quiet=True)
    return out


@pytest.fixture(scope="session")
def dev_out(tmp_path_factory):
    from pipeline.extract import run_extract

    out = tmp_path_factory.mktemp("dev") / "out"
    run_extract(DEV, out, quiet=True)
    return out


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory):
    from pipeline.extract import run_extract

    out = tmp_path_factory.mktemp("sample") / "out"
    run_extract(SAMPLE, out, quiet=True)
    return out


def write_incidents(out: Path) -> Path:
    """A stand-in `incidents` table (SPEC section 2) for an output that has none: events of one type, place and
    start date make one incident, fatalities the largest KILL count among them. The incidents stage is built
    elsewhere; this only gives the views and the report something of the right shape to read."""
    import pandas as pd

    events = pd.read_parquet(out / "events.parquet" if (out / "events.parquet").exists() else out / "events")
    documents = pd.read_parquet(out / "documents.parquet" if (out / "documents.parquet").exists() else out / "documents")
    pub = dict(zip(documents["doc_id"], documents["pub_date"]))
    events = events.assign(key=events["event_type"] + "|" + events["location_id"].fillna(events["event_id"]) + "|"
                           + events["date_start"].astype(str))
    rows = []
    for n, (_, group) in enumerate(events.groupby("key", sort=True)):
        first = group.iloc[0]
        kills = group.loc[group["event_type"] == "KILL", "count"].dropna()
        docs = sorted(set(group["doc_id"]))
        dates = sorted(d for d in (pub.get(d) for d in docs) if d is not None)
        rows.append({
            "incident_id": f"inc-{n:05d}", **{c: first[c] for c in (
                "event_type", "acled_event_type", "acled_sub_event_type", "date_start", "date_end", "location_id",
                "location_text", "latitude", "longitude", "actor_id", "actor_text", "target_id", "target_text")},
            "fatalities": float(kills.max()) if len(kills) else None, "fatalities_min": None, "fatalities_max": None,
            "injured": None, "n_reports": len(group), "n_docs": len(docs), "doc_ids": docs,
            "first_reported": dates[0] if dates else None, "last_reported": dates[-1] if dates else None,
        })
    pd.DataFrame(rows).to_parquet(out / "incidents.parquet", index=False)
    return out
