"""The SPEC section 2 tables: column names and Arrow types, in one place.

Writers cast every table to these schemas, evaluation and tests read them, so
a column cannot drift between what is written and what is checked. Dates are
Arrow `date32` (pandas reads them as datetime64 or `datetime.date` objects),
counts are float64 so that an unknown count is NaN, lists are `list<string>`.
"""

import pyarrow as pa

LABELS = ("ORG", "LOC", "PER", "DATE", "QUANTITY", "MISC")
ENTITY_LABELS = ("ORG", "LOC", "PER", "MISC")
STATUSES = ("ok", "error", "empty")
PUB_DATE_SOURCES = ("metadata", "jsonl", "option", "text", "url")

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("path", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("pub_date", pa.date32()),
        ("pub_date_source", pa.string()),
        ("n_chars", pa.int64()),
        ("n_tokens", pa.int64()),
        ("n_sentences", pa.int64()),
        ("text_sha256", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("encoding", pa.string()),
        ("warning", pa.string()),
    ]
)

MENTIONS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("mention_id", pa.string()),
        ("sent_id", pa.int64()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("entity_id", pa.string()),
        ("method", pa.string()),
        ("date_value", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_granularity", pa.string()),
        ("quantity", pa.float64()),
        ("quantity_qualifier", pa.string()),
        ("quantity_unit", pa.string()),
    ]
)

ENTITIES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("label", pa.string()),
        ("canonical_name", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("n_mentions", pa.int64()),
        ("n_docs", pa.int64()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("country_code", pa.string()),
        ("admin1", pa.string()),
        ("wikidata_id", pa.string()),
        ("geo_status", pa.string()),
    ]
)

EVENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("event_id", pa.string()),
        ("sent_id", pa.int64()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("trigger", pa.string()),
        ("trigger_start", pa.int64()),
        ("event_type", pa.string()),
        ("acled_event_type", pa.string()),
        ("acled_sub_event_type", pa.string()),
        ("actor_id", pa.string()),
        ("actor_text", pa.string()),
        ("target_id", pa.string()),
        ("target_text", pa.string()),
        ("location_id", pa.string()),
        ("location_text", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_text", pa.string()),
        ("count", pa.float64()),
        ("count_unit", pa.string()),
        ("negated", pa.bool_()),
        ("sentence", pa.string()),
        ("incident_id", pa.string()),
    ]
)

# One row per happening, however many rows and documents tell it (`pipeline/tables/incidents.py`).
INCIDENTS = pa.schema(
    [
        ("incident_id", pa.string()),
        ("event_type", pa.string()),
        ("acled_event_type", pa.string()),
        ("acled_sub_event_type", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("location_id", pa.string()),
        ("location_text", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("actor_id", pa.string()),
        ("actor_text", pa.string()),
        ("target_id", pa.string()),
        ("target_text", pa.string()),
        ("fatalities", pa.float64()),
        ("fatalities_min", pa.float64()),
        ("fatalities_max", pa.float64()),
        ("injured", pa.float64()),
        ("n_reports", pa.int64()),
        ("n_docs", pa.int64()),
        ("doc_ids", pa.list_(pa.string())),
        ("sources", pa.list_(pa.string())),
        ("first_reported", pa.date32()),
        ("last_reported", pa.date32()),
    ]
)

TABLES = {"documents": DOCUMENTS, "mentions": MENTIONS, "entities": ENTITIES, "events": EVENTS, "incidents": INCIDENTS}
