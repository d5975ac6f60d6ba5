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

from .components.mentions import Sentences
from .corpus import Document
from .errors import Errors
from .pieces import DEFAULT_MAX_CHARS, Piece, pieces, processing_text
from .tables.entities import fact_rows
from .tables.joined import DocumentRows, join_pieces
from .tables.rows import Start, check_offsets, document_row, event_rows, mention_rows, shifted_events


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


def to_doc(nlp: Language, document: Document, piece: Piece) -> Doc:
    text = processing_text(document.text[piece.start : piece.end])
    if len(text) > nlp.max_length:  # a piece is at most --max-chars, which the user may have raised
        nlp.max_length = len(text)
    doc = nlp.make_doc(text)
    doc._.news_text = text
    doc._.news_pub_date = document.pub_date.isoformat() if document.pub_date else None
    return doc


def run_pipeline(nlp: Language, items: list[tuple[Document, Piece]], doc_timeout: float | None = None) -> list[tuple[Doc | None, str | None]]:
    """(doc, error) per (document, piece), in order; only the failing ones get an error.

    With `doc_timeout`, the batch gets `doc_timeout` seconds per piece; if it
    overruns, each piece is re-run alone under `doc_timeout` and a slow one
    becomes an E119 row.
    """
    try:
        with time_limit(doc_timeout and doc_timeout * len(items)):
            return [(doc, None) for doc in nlp.pipe((to_doc(nlp, d, p) for d, p in items), batch_size=max(1, len(items)))]
    except Exception:  # noqa: BLE001  (isolate the failing or slow document below)
        results = []
        for document, piece in items:
            try:
                with time_limit(doc_timeout):
                    results.append((nlp(to_doc(nlp, document, piece)), None))
            except DocumentTimeout:
                results.append((None, Errors.E119.format(path=document.path, seconds=doc_timeout)))
            except Exception as e:  # noqa: BLE001
                results.append((None, Errors.E109.format(path=document.path, reason=f"{type(e).__name__}: {e}")))
        return results


def piece_rows(document: Document, doc: Doc, start: Start) -> DocumentRows:
    """The rows of one processed piece, offsets and sentence ids into the whole document."""
    sentences = Sentences(doc)
    return DocumentRows(
        mentions=mention_rows(document.doc_id, document.text, doc, sentences, start),
        events=shifted_events(doc, start),
        facts=doc._.news_entities or {},
        n_tokens=len(doc),
        n_sentences=len(sentences.spans),
        words=word_count(doc),
    )


def long_document_rows(nlp: Language, document: Document, bounds: list[Piece], doc_timeout: float | None) -> DocumentRows | str:
    """The joined rows of a document processed piece after piece (one Doc in memory at a time), or its error."""
    parts, start = [], Start(0, 0)
    for piece in bounds:
        [(doc, error)] = run_pipeline(nlp, [(document, piece)], doc_timeout)
        if error:
            return error
        part = piece_rows(document, doc, start)
        parts.append(part)
        start = Start(piece.end, start.sent + part.n_sentences)
    pub_date = document.pub_date.isoformat() if document.pub_date else None
    return join_pieces(document.doc_id, parts, nlp.get_pipe("news_aliases"), processing_text(document.text), pub_date)


def process_documents(nlp: Language, documents: list[Document], doc_timeout: float | None = None, max_chars: int | None = DEFAULT_MAX_CHARS) -> dict:
    """Rows for `documents`, `mentions`, `events`, `facts`, and the batch's counts.

    A document longer than `max_chars` is processed in pieces (`pipeline.pieces`) and joined back.
    """
    bounds = {id(d): pieces(d.text, max_chars) for d in documents if d.status == "ok"}
    whole = [d for d in documents if len(bounds.get(id(d), ())) == 1]
    results = dict(zip(map(id, whole), run_pipeline(nlp, [(d, bounds[id(d)][0]) for d in whole], doc_timeout))) if whole else {}
    rows: dict = {"documents": [], "mentions": [], "events": [], "facts": []}
    facts: dict[str, dict] = {}
    labels: Counter = Counter()
    types: Counter = Counter()
    words = 0
    for document in documents:
        if document.status != "ok":
            rows["documents"].append(document_row(document))
            continue
        if id(document) in results:
            doc, error = results[id(document)]
            found = error or piece_rows(document, doc, Start(0, 0))
        else:
            found = long_document_rows(nlp, document, bounds[id(document)], doc_timeout)
        if isinstance(found, str):
            rows["documents"].append(document_row(document, status="error", error=found))
            continue
        rows["documents"].append(document_row(document, n_tokens=found.n_tokens, n_sentences=found.n_sentences))
        mentions = found.mentions
        events = event_rows(document.doc_id, document.text, found.events)
        check_offsets(document.text, mentions, events)
        facts.update(found.facts)
        labels.update(m["label"] for m in mentions)
        types.update(e["event_type"] for e in events)
        words += found.words
        rows["mentions"] += mentions
        rows["events"] += events
    rows["facts"] = fact_rows(facts)
    rows["counts"] = {"labels": labels, "event_types": types, "words": words}
    return rows
