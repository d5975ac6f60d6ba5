"""What a run holds, counted: documents by status, mentions by label, top entities, events by type, run.json."""

from __future__ import annotations

import pandas as pd

from ..schema import LABELS, STATUSES
from .output import Output, as_list


def table_counts(output: Output) -> pd.DataFrame:
    """Rows per table, and for events and incidents what they stand for: incidents are real-world
    happenings (SPEC section 2), events the sentences reporting them, so an analyst counts incidents."""
    rows = [(name, len(getattr(output, name))) for name in ("documents", "mentions", "entities", "events", "incidents")]
    rows.append(("fatalities (incidents)", int(output.incidents["fatalities"].fillna(0).sum())))
    return pd.DataFrame(rows, columns=["table", "rows"]).set_index("table")


def status_counts(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents per status, every status of SPEC section 2 listed (0 when absent)."""
    counts = documents["status"].value_counts()
    order = list(STATUSES) + sorted(set(counts.index) - set(STATUSES))
    return pd.DataFrame({"documents": [int(counts.get(s, 0)) for s in order]}, index=pd.Index(order, name="status"))


def document_overview(output: Output) -> pd.DataFrame:
    """One row per document: status, publication date and how many mentions and events it gave."""
    n_mentions = output.mentions.groupby("doc_id").size()
    n_events = output.events.groupby("doc_id").size()
    docs = output.documents
    table = docs[["doc_id", "title", "pub_date", "pub_date_source", "status", "n_chars", "n_sentences", "error"]].copy()
    table["n_mentions"] = docs["doc_id"].map(n_mentions).fillna(0).astype(int)
    table["n_events"] = docs["doc_id"].map(n_events).fillna(0).astype(int)
    return table.reset_index(drop=True)


def mention_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per label (SPEC order, 0 when absent) and per method, with a total column."""
    table = pd.crosstab(mentions["label"], mentions["method"]) if len(mentions) else pd.DataFrame()
    order = list(LABELS) + sorted(set(table.index) - set(LABELS))
    table = table.reindex(order, fill_value=0)
    table.columns = list(table.columns)
    table.index.name = "label"
    table.insert(0, "total", table.sum(axis=1).astype(int))
    return table


def top_entities(entities: pd.DataFrame, n: int = 15, label: str | None = None) -> pd.DataFrame:
    """The `n` entities with the most mentions (ties: most documents, then name), aliases joined.

    `n_aliases` counts the surface forms: an entity seen as `EIIS`, `Daech` and
    `État islamique` shows the alias resolution at work.
    """
    df = entities if label is None else entities[entities["label"] == label]
    df = df.sort_values(["n_mentions", "n_docs", "canonical_name"], ascending=[False, False, True]).head(n)
    aliases = df["aliases"].map(as_list)
    return pd.DataFrame(
        {
            "entity_id": df["entity_id"].values,
            "label": df["label"].values,
            "canonical_name": df["canonical_name"].values,
            "n_mentions": df["n_mentions"].values,
            "n_docs": df["n_docs"].values,
            "n_aliases": aliases.map(len).values,
            "aliases": aliases.map(", ".join).values,
        }
    )


def run_figures(run: dict) -> pd.DataFrame:
    """run.json flattened to (section, key, value) rows: versions, options, counts, timings."""
    rows = []

    def walk(prefix: str, value: object, section: str) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub, section)
        else:
            rows.append((section, prefix, value if value is None or isinstance(value, (int, float, bool)) else str(value)))

    for section, value in run.items():
        if isinstance(value, dict):
            walk("", value, section)
        else:
            rows.append((section, "", str(value)))
    return pd.DataFrame(rows, columns=["section", "key", "value"])


def events_by_type(events: pd.DataFrame) -> pd.DataFrame:
    """Events per `event_type` (most frequent first) with the ACLED types they were given."""
    if events.empty:
        return pd.DataFrame(columns=["events", "acled_event_type", "acled_sub_event_type"], index=pd.Index([], name="event_type"))
    grouped = events.groupby("event_type")
    table = pd.DataFrame(
        {
            "events": grouped.size(),
            "acled_event_type": grouped["acled_event_type"].agg(_joined_unique),
            "acled_sub_event_type": grouped["acled_sub_event_type"].agg(_joined_unique),
        }
    )
    return table.sort_values(["events"], ascending=False, kind="stable")


def _joined_unique(values: pd.Series) -> str:
    return "; ".join(sorted({v for v in values if isinstance(v, str)}))
