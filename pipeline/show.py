"""`newsx show DOC_ID`: one document's mentions and events as terminal tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import UsageError
from .tables.parts import read_table


def show(out: Path, doc_id: str) -> str:
    documents = read_table(out, "documents")
    match = documents[documents.doc_id == doc_id]
    if match.empty:
        raise UsageError(f"no document {doc_id!r} in {out}; `newsx show` takes a doc_id of the documents table")
    doc = match.iloc[0]
    mentions = read_table(out, "mentions")
    events = read_table(out, "events")
    m = mentions[mentions.doc_id == doc_id][["start", "end", "label", "text", "entity_id", "date_start", "date_end", "quantity", "quantity_unit", "method"]]
    e = events[events.doc_id == doc_id][["event_type", "trigger", "actor_text", "target_text", "location_text", "date_start", "date_end", "count", "count_unit"]]
    head = f"{doc_id}  ({doc.path}; status {doc.status}; pub_date {doc.pub_date} from {doc.pub_date_source})"
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
        return "\n\n".join([head, f"mentions ({len(m)})", m.to_string(index=False), f"events ({len(e)})", e.to_string(index=False)])
