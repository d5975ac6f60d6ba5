"""One batch of Documents -> the rows of every table: the unit of work of every engine.

Plain values only (dicts of str/int/float/date/list), so results cross process
and cluster boundaries. A document the pipeline fails on becomes an `error`
row (E109) and the batch goes on: a failing batch is re-run one document at
a time to find the culprit.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from .corpus import Document
from .errors import Errors
from .tables.entities import fact_rows
from .tables.rows import check_offsets, document_row, event_rows, mention_rows


def to_doc(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.news_pub_date = document.pub_date.isoformat() if document.pub_date else None
    return doc


def run_pipeline(nlp: Language, documents: list[Document]) -> list[tuple[Doc | None, str | None]]:
    """(doc, error) per document, in order; only the failing ones get an error."""
    try:
        return [(doc, None) for doc in nlp.pipe((to_doc(nlp, d) for d in documents), batch_size=max(1, len(documents)))]
    except Exception:  # noqa: BLE001  (isolate the failing document below)
        results = []
        for document in documents:
            try:
                results.append((nlp(to_doc(nlp, document)), None))
            except Exception as e:  # noqa: BLE001
                results.append((None, Errors.E109.format(path=document.path, reason=f"{type(e).__name__}: {e}")))
        return results


def process_documents(nlp: Language, documents: list[Document]) -> dict:
    """Rows for `documents`, `mentions`, `events`, `facts`, and the batch's counts."""
    ready = [d for d in documents if d.status == "ok"]
    results = dict(zip((id(d) for d in ready), run_pipeline(nlp, ready))) if ready else {}
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
        rows["documents"].append(document_row(document, doc))
        if doc is None:
            continue
        mentions = mention_rows(document.doc_id, document.text, doc)
        events = event_rows(document.doc_id, document.text, doc)
        check_offsets(document.text, mentions, events)
        facts.update(doc._.news_entities or {})
        labels.update(m["label"] for m in mentions)
        types.update(e["event_type"] for e in events)
        words += sum(1 for t in doc if not (t.is_space or t.is_punct))
        rows["mentions"] += mentions
        rows["events"] += events
    rows["facts"] = fact_rows(facts)
    rows["counts"] = {"labels": labels, "event_types": types, "words": words}
    return rows
