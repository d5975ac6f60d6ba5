"""The `incidents` table and `events.incident_id`: a second pass over the written events.

It runs once the parts of every engine are written, in the process that commits the
output, so one worker, a pool and dask give the same incidents. The grouping is
`resolve.incidents`; this module reads what it needs from the events, documents and
entities, and sums each incident up: the act rather than its deaths, the most specific
place, the reconciled tolls, the documents and outlets that report it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache
from operator import itemgetter

import pandas as pd

from ..datafiles import read_tsv
from ..paths import MODELS_DIR
from ..resolve.incidents import COUNTRY, PROVINCE, SITE, Place, Report, Rules, group_reports
from ..resolve.tolls import reconcile

EVENT_COLUMNS = [
    "doc_id", "event_id", "sent_id", "event_type", "acled_event_type", "acled_sub_event_type",
    "actor_id", "actor_text", "target_id", "target_text", "location_id", "location_text",
    "latitude", "longitude", "date_start", "date_end", "date_text", "count",
]  # fmt: skip
LEVELS = {"country": COUNTRY, "province": PROVINCE, "region": PROVINCE}


@cache
def rules() -> Rules:
    folder = MODELS_DIR / "incidents"
    return Rules.from_rows(read_tsv(folder / "types.tsv"), read_tsv(folder / "windows.tsv"), read_tsv(folder / "parties.tsv"))


@cache
def place_levels() -> dict[str, int]:
    """Countries and provinces by entity id (models/places/known_places.tsv); any other place is a site."""
    return {row["entity_id"]: LEVELS[row["kind"]] for row in read_tsv(MODELS_DIR / "places" / "known_places.tsv") if row["kind"] in LEVELS}


def places(entities: list[dict]) -> dict[str, Place]:
    levels = place_levels()
    return {
        e["entity_id"]: Place(e["entity_id"], e.get("country_code"), e.get("admin1"), levels.get(e["entity_id"], SITE))
        for e in entities
        if e["label"] == "LOC"
    }


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for every missing value (NaN, NaT, pd.NA).

    Built column by column, and equal strings of a column share one object: the ids, types and
    texts of a large run's events repeat, and a copy of the whole frame as objects held each
    row's strings apart (about half the incidents step's peak memory on 70,000 events).
    """
    columns = []
    for name in frame.columns:
        column = frame[name]
        shared: dict = {}
        columns.append([shared.setdefault(v, v) if isinstance(v, str) else v for v in column.astype(object).where(column.notna(), None).tolist()])
    names = list(frame.columns)
    return [dict(zip(names, row)) for row in zip(*columns)]


def as_date(value) -> dt.date | None:
    return None if value is None else pd.Timestamp(value).date()


def day(value) -> int | None:
    return None if value is None else as_date(value).toordinal()


def incident_tables(events: pd.DataFrame, documents: pd.DataFrame, entities: list[dict]) -> tuple[list[dict], list[str]]:
    """The incidents rows, and the incident_id of every events row (in the frame's order)."""
    rows = records(events[EVENT_COLUMNS])
    where = places(entities)
    reports = [
        Report(
            r["doc_id"], r["sent_id"], r["event_type"], day(r["date_start"]), day(r["date_end"]),
            where.get(r["location_id"]), r["actor_id"], r["target_id"],
        )
        for r in rows
    ]  # fmt: skip
    labels = group_reports(reports, rules())
    members: dict[int, list[dict]] = {}
    for label, row in zip(labels, rows):
        members.setdefault(label, []).append(row)
    docs = {d["doc_id"]: d for d in records(documents[["doc_id", "pub_date", "source"]])}
    facts = {e["entity_id"]: e for e in entities}
    in_order = itemgetter("doc_id", "sent_id")  # a stable sort: the rows of one sentence keep their order
    table = [incident_row(sorted(members[label], key=in_order), docs, facts, where) for label in sorted(members)]
    ids = [table[label]["incident_id"] for label in labels]
    return table, ids


def incident_row(rows: list[dict], docs: dict[str, dict], facts: dict[str, dict], where: dict[str, Place]) -> dict:
    """One incident from its events rows (in document and sentence order)."""
    r = rules()
    types = Counter(row["event_type"] for row in rows)
    primary = min(types, key=lambda t: (not r.is_act(t), r.rank.get(t, len(r.rank)), -types[t], t))
    main = [row for row in rows if row["event_type"] == primary]
    acts = [row for row in rows if r.is_act(row["event_type"])] or rows
    acled = most_common((row["acled_event_type"], row["acled_sub_event_type"]) for row in main) or (None, None)
    stated = [row for row in rows if row["date_text"] and row["date_start"]] or [row for row in rows if row["date_start"]]
    named = Counter(row["location_id"] for row in rows if row["location_id"])
    place_id = min(named, key=lambda i: (-(where[i].level if i in where else SITE), -named[i], i), default=None)
    fact = facts.get(place_id, {})
    doc_ids = sorted({row["doc_id"] for row in rows})
    published = [as_date(docs[d]["pub_date"]) for d in doc_ids if docs.get(d, {}).get("pub_date")]

    def toll(event_type: str) -> tuple:
        return reconcile((row["doc_id"], docs.get(row["doc_id"], {}).get("pub_date"), row["count"]) for row in rows if row["event_type"] == event_type and row["count"] is not None)

    fatalities, fewest, most = toll("KILL")
    actor_id, actor_text = argument(acts, "actor")
    target_id, target_text = argument(main, "target")
    return {
        "incident_id": f"inc:{rows[0]['event_id']}",
        "event_type": primary,
        "acled_event_type": acled[0],
        "acled_sub_event_type": acled[1],
        "date_start": min((as_date(row["date_start"]) for row in stated), default=None),
        "date_end": max((as_date(row["date_end"] or row["date_start"]) for row in stated), default=None),
        "location_id": place_id,
        "location_text": most_common(row["location_text"] for row in rows if row["location_id"] == place_id),
        "latitude": fact.get("latitude"),
        "longitude": fact.get("longitude"),
        "actor_id": actor_id,
        "actor_text": actor_text,
        "target_id": target_id,
        "target_text": target_text,
        "fatalities": fatalities,
        "fatalities_min": fewest,
        "fatalities_max": most,
        "injured": toll("INJURE")[0],
        "n_reports": len(rows),
        "n_docs": len(doc_ids),
        "doc_ids": doc_ids,
        "sources": sorted({docs[d]["source"] for d in doc_ids if docs.get(d, {}).get("source")}),
        "first_reported": min(published, default=None),
        "last_reported": max(published, default=None),
    }


def argument(rows: list[dict], name: str) -> tuple[str | None, str | None]:
    """The entity most rows name as `name` (on a tie the most specific party: the police before its ministry),
    with its most frequent wording; else the most frequent wording."""
    named = Counter(row[f"{name}_id"] for row in rows if row[f"{name}_id"] is not None)
    entity = min(named, key=lambda i: (-named[i], -len(rules().above(i)), i), default=None)
    return entity, most_common(row[f"{name}_text"] for row in rows if row[f"{name}_id"] == entity)


def most_common(values):
    """The most frequent non-null value, the smallest on a tie; None without any."""
    counts = Counter(v for v in values if v is not None)
    return min(counts, key=lambda v: (-counts[v], v), default=None)
