"""`newsx show DOC_ID`: one document's mentions, events and incidents as terminal tables.

The incidents are listed with the other documents that report them, so a reader can go
from one article to every account of the same happening.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import UsageError
from .tables.parts import read_table, table_path


def show(out: Path, doc_id: str) -> str:
    documents = read_table(out, "documents")
    match = documents[documents.doc_id == doc_id]
    if match.empty:
        raise UsageError(f"no document {doc_id!r} in {out}; `newsx show` takes a doc_id of the documents table")
    doc = match.iloc[0]
    mentions = read_table(out, "mentions")
    events = read_table(out, "events")
    m = mentions[mentions.doc_id == doc_id][["start", "end", "label", "text", "entity_id", "date_start", "date_end", "quantity", "quantity_unit", "method"]]
    e = events[events.doc_id == doc_id][["event_type", "trigger", "actor_text", "target_text", "location_text", "date_start", "date_end", "count", "count_unit", "incident_id"]]
    i = incidents(out, set(events[events.doc_id == doc_id].incident_id.dropna()), doc_id)
    head = f"{doc_id}  ({doc.path}; status {doc.status}; pub_date {doc.pub_date} from {doc.pub_date_source})"
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
        blocks = [head, f"mentions ({len(m)})", m.to_string(index=False), f"events ({len(e)})", e.to_string(index=False)]
        return "\n\n".join(blocks + [f"incidents ({len(i)})", i.to_string(index=False)])


def incidents(out: Path, ids: set[str], doc_id: str) -> pd.DataFrame:
    """The incidents of `ids` with the other documents reporting each (none for an output written before incidents)."""
    if table_path(out, "incidents") is None:
        return pd.DataFrame()
    table = read_table(out, "incidents")
    table = table[table.incident_id.isin(ids)].copy()
    table["other_docs"] = [", ".join(d for d in docs if d != doc_id) for docs in table.doc_ids]
    return table[["incident_id", "event_type", "date_start", "location_text", "fatalities", "injured", "n_reports", "n_docs", "other_docs"]]
