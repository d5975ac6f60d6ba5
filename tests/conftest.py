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

