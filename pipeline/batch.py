"""One batch of Documents -> the rows of every table: the unit of work of every engine.

Plain values only (dicts of str/int/float/date/list), so results cross process
and cluster boundaries. A document the pipeline fails on becomes an `error`
row (E109) and the batch goes on: a failing batch is re-run one document at
a time to find the culprit.
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from .corpus import Document
from .errors import Errors
from .tables.entities import fact_rows
from .components.mentions import Sentences
from .tables.rows import check_offsets, document_row, event_rows, mention_rows


class DocumentTimeout(Exception):
    """Raised by `time_limit` when the pipeline runs past `--doc-timeout`."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in this thread after `seconds` (SIGALRM; a no-op without a limit,
    off the main thread, e.g. on dask workers, or where setitimer does not exist).

    Python runs the handler between bytecodes, so a long stretch inside one C
    call (a big matrix product) overruns the limit until it returns.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def word_count(doc: Doc) -> int:
    """Tokens that are neither space nor punctuation: the words of words/s (`run.json`, `make bench`)."""
    return int((~doc.to_array([IS_SPACE, IS_PUNCT]).any(axis=1)).sum()) if len(doc) else 0


def to_doc(nlp: Language, document: Document) -> Doc:
    if len(document.text) > nlp.max_length:  # the reader enforced --max-chars, which the user may have raised
        nlp.max_length = len(document.text)
    doc = nlp.make_doc(document.text)
    doc._.news_pub_date = document.pub_date.isoformat() if document.pub_date else None
    return doc


def run_pipeline(nlp: Language, documents: list[Document], doc_timeout: float | None = None) -> list[tuple[Doc | None, str | None]]:
    """(doc, error) per document, in order; only the failing ones get an error.

    With `doc_timeout`, the batch gets `doc_timeout` seconds per document; if it
    overruns, each document is re-run alone under `doc_timeout` and a slow one
    becomes an E119 row.
    """
    try:
        with time_limit(doc_timeout and doc_timeout * len(documents)):
            return [(doc, None) for doc in nlp.pipe((to_doc(nlp, d) for d in documents), batch_size=max(1, len(documents)))]
    except Exception:  # noqa: BLE001  (isolate the failing or slow document below)
        results = []
        for document in documents:
            try:
                with time_limit(doc_timeout):
                    results.append((nlp(to_doc(nlp, document)), None))
            except DocumentTimeout:
                results.append((None, Errors.E119.format(path=document.path, seconds=doc_timeout)))
            except Exception as e:  # noqa: BLE001
                results.append((None, Errors.E109.format(path=document.path, reason=f"{type(e).__name__}: {e}")))
        return results


def process_documents(nlp: Language, documents: list[Document], doc_timeout: float | None = None) -> dict:
    """Rows for `documents`, `mentions`, `events`, `facts`, and the batch's counts."""
    ready = [d for d in documents if d.status == "ok"]
    results = dict(zip((id(d) for d in ready), run_pipeline(nlp, ready, doc_timeout))) if ready else {}
    rows: dict = {"documents": [], "mentions": [], "events": [], "facts": []}
    facts: dict[str, dict] = {}
    labels: Counter = Counter()
    types: Counter = Counter()
    words = 0
    for document in documents:
        doc, error = results.get(id(document), (None, None))
        if error:
            rows["documents"].append(document_row(document, None, status="error", error=error))
            continue
        sentences = Sentences(doc) if doc is not None else None
        rows["documents"].append(document_row(document, doc, n_sentences=len(sentences.spans) if sentences else None))
        if doc is None:
            continue
        mentions = mention_rows(document.doc_id, document.text, doc, sentences)
        events = event_rows(document.doc_id, document.text, doc)
        check_offsets(document.text, mentions, events)
        facts.update(doc._.news_entities or {})
        labels.update(m["label"] for m in mentions)
        types.update(e["event_type"] for e in events)
        words += word_count(doc)
        rows["mentions"] += mentions
        rows["events"] += events
    rows["facts"] = fact_rows(facts)
    rows["counts"] = {"labels": labels, "event_types": types, "words": words}
    return rows
