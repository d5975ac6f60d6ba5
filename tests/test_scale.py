"""Scale-out gives the same tables: parts, workers, dask, resume after a kill."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from pipeline.extract import run_extract
from pipeline.schema import TABLES
from pipeline.tables.parts import read_table, recover_swap, staging_dir

from .conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow

TEXTS = [
    "Le CTS a arrêté 35 éléments de l'EIIS à Kirkouk le 21 août.",
    "Vendredi, l'armée irakienne a repris Rawa à Daech, a indiqué le commandement des opérations conjointes.",
    "Deux soldats ont été tués et trois autres blessés par l'explosion d'un engin près de Baiji.",
    "Les Forces démocratiques syriennes ont capturé un responsable de l'EI à Deir Ezzor.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """60 short dispatches in one JSONL file (enough for several parts and batches)."""
    root = tmp_path_factory.mktemp("scale") / "corpus"
    root.mkdir()
    lines = [f'{{"id": "d{i:03d}", "text": "{TEXTS[i % len(TEXTS)]}", "date": "2020-08-31"}}' for i in range(60)]
    (root / "depeches.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out"
    run_extract(corpus, out, batch_size=8, part_docs=1000, quiet=True)
    return out


def assert_same_tables(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(a, name), read_table(b, name), check_dtype=True)


def test_multi_part_output_reads_as_one_table(corpus, reference, tmp_path):
    out = tmp_path / "parts"
    run_extract(corpus, out, batch_size=8, part_docs=16, quiet=True)
    assert (out / "mentions").is_dir() and len(list((out / "mentions").glob("part-*.parquet"))) == 4
    assert_same_tables(reference, out)
    assert len(pd.read_parquet(out / "documents")) == 60


def test_released_model_gives_the_same_tables_and_is_freed(corpus, reference, tmp_path):
    """`newsx extract` frees the model before the aggregation: the same tables, and the process
    no longer holds the pipeline (the next run in the process loads it again)."""
    from pipeline import engines
    from pipeline.paths import CONFIG

    out = tmp_path / "released"
    run_extract(corpus, out, batch_size=8, part_docs=1000, quiet=True, release_model=True)
    assert str(CONFIG) not in engines._PIPELINES
    assert_same_tables(reference, out)


def test_two_workers_equal_one(corpus, reference, tmp_path):
    out = tmp_path / "w2"
    run_extract(corpus, out, batch_size=8, part_docs=1000, workers=2, quiet=True)
    assert_same_tables(reference, out)


def test_dask_local_cluster_equals_local_run(corpus, reference, tmp_path):
    out = tmp_path / "dask"
    run_extract(corpus, out, batch_size=8, part_docs=1000, workers=2, engine="dask", quiet=True)
    assert_same_tables(reference, out)



@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory):
    """Short dispatches around a document of 40 paragraphs, processed in pieces of 400 characters."""
    root = tmp_path_factory.mktemp("long") / "corpus"
    root.mkdir()
    paragraphs = [f"Dépêche {k}. {TEXTS[k % len(TEXTS)]}" for k in range(40)]
    (root / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (root / "long.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (root / "z.txt").write_text(TEXTS[1], encoding="utf-8")
    return root


@pytest.mark.parametrize("options", [{"workers": 2}, {"workers": 2, "engine": "dask"}], ids=["2-workers", "dask"])
def test_engines_equal_one_worker_on_a_long_document(long_corpus, tmp_path, options):
    run_extract(long_corpus, tmp_path / "one", batch_size=2, max_chars=400, quiet=True)
    run_extract(long_corpus, tmp_path / "many", batch_size=2, max_chars=400, quiet=True, **options)
    assert_same_tables(tmp_path / "one", tmp_path / "many")
    mentions = read_table(tmp_path / "one", "mentions")
    text = (long_corpus / "long.txt").read_text(encoding="utf-8")
    assert len(text) > 9 * 400 and mentions[mentions.doc_id == "long"].start.max() > len(text) - 400  # the last piece too


def test_dask_workers_we_start_run_without_the_stack_profiler_or_malloc_trimming():
    """The profiler sampled each task's stack every 10 ms, competing for the GIL; trimming at
    64 KiB made glibc map and unmap the model's arrays at every batch."""
    import dask

    from pipeline.engines import Engine
    from pipeline.paths import MODELS_DIR

    with Engine(MODELS_DIR / "config.cfg", engine="dask", workers=1) as engine:
        settings = engine.client.run(lambda: (dask.config.get("distributed.worker.profile.enabled"), os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS")))
    assert list(settings.values()) == [(False, None, "1")]


def test_resume_after_a_kill_gives_the_uninterrupted_tables(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "extract", "--quiet", "--corpus", str(SAMPLE), "--out", str(out), "--batch-size", "2", "--part-docs", "4"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    documents = staging_dir(out) / "documents"
    deadline = time.time() + 240
    while time.time() < deadline and len(list(documents.glob("part-*.parquet"))) < 2:
        time.sleep(0.2)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert not out.exists(), "a killed run must not leave a half-written output"
    finished = len(list(documents.glob("part-*.parquet")))
    assert finished >= 2
    summary = run_extract(SAMPLE, out, batch_size=2, part_docs=4, resume=True, quiet=True)
    assert summary["counts"]["skipped_as_done"] == 4 * finished
    uninterrupted = tmp_path / "uninterrupted"
    run_extract(SAMPLE, uninterrupted, batch_size=2, part_docs=4, quiet=True)
    assert_same_tables(uninterrupted, out)
    assert not staging_dir(out).exists()


def test_resume_over_a_finished_run_skips_everything(corpus, reference, tmp_path):
    out = tmp_path / "again"
    run_extract(corpus, out, batch_size=8, part_docs=1000, quiet=True)
    summary = run_extract(corpus, out, batch_size=8, part_docs=1000, resume=True, quiet=True)
    assert summary["counts"]["skipped_as_done"] == 60
    assert_same_tables(reference, out)


@pytest.mark.parametrize("delay", [2.0, 11.0, 14.0], ids=["loading", "processing", "committing"])
def test_sigkill_leaves_the_previous_output_or_a_complete_new_one(corpus, reference, tmp_path, delay):
    """Kill a run over an existing output at several points: once the next run has
    recovered a swap cut in half, `--out` holds a complete output, never a mix."""
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    command = [sys.executable, "-m", "pipeline", "extract", "--quiet", "--corpus", str(corpus), "--out", str(out), "--batch-size", "4", "--part-docs", "8"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    run.kill()
    run.wait()
    recover_swap(out.resolve())
    assert (out / "run.json").exists()
    assert_same_tables(reference, out)
