"""Choosing events by group, place, date and type, and the event table an analyst reads."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

from .output import as_list


def normalize_name(text: object) -> str:
    """Lower case, no accents, single spaces: `État  Islamique` and `etat islamique` compare equal."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("’", "'").split())


def matching_entity_ids(entities: pd.DataFrame, name: str, labels: Iterable[str] | None = None) -> set[str]:
    """Ids of the entities called `name`: its `entity_id`, canonical name or one of its aliases.

    `Daech` finds `org:isis` when Daech is one of its aliases, so a filter on
    one name catches every surface form the run resolved to that entity.
    """
    df = entities if labels is None else entities[entities["label"].isin(list(labels))]
    wanted = normalize_name(name)
    ids = set()
    for entity_id, canonical, aliases in zip(df["entity_id"], df["canonical_name"], df["aliases"]):
        names = {normalize_name(canonical), *(normalize_name(a) for a in as_list(aliases))}
        if entity_id == name or wanted in names:
            ids.add(entity_id)
    return ids


def _text_matches(series: pd.Series, name: str) -> pd.Series:
    """Whole-word match of `name` in normalised text (`EI` must not match inside `Deir`)."""
    pattern = re.compile(r"(?<!\w)" + re.escape(normalize_name(name)) + r"(?!\w)")
    return series.map(lambda s: bool(pattern.search(normalize_name(s))))


def filter_events(
    events: pd.DataFrame,
    entities: pd.DataFrame,
    *,
    group: str | None = None,
    place: str | None = None,
    date_from: object = None,
    date_to: object = None,
    event_type: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The events that pass every filter given (None = no filter on that field).

    - `group`: an entity id or any name of an entity (canonical or alias) that
      is the actor or the target; also a whole-word match in `actor_text` /
      `target_text`, for arguments that got no id.
    - `place`: the same for the location, plus every place whose `admin1`
      (governorate, as spelled in the entities table, e.g. `Salah ad Din`) is
      `place`: `Anbar` also gives the events in al-Qaïm and Rutba.
    - `date_from` / `date_to` (inclusive, anything `pd.Timestamp` reads): the
      event's date range overlaps them; undated events are dropped by a date filter.
    - `event_type`: one type or a list.
    """
    keep = pd.Series(True, index=events.index)
    if group:
        ids = matching_entity_ids(entities, group)
        keep &= (
            events["actor_id"].isin(ids)
            | events["target_id"].isin(ids)
            | _text_matches(events["actor_text"], group)
            | _text_matches(events["target_text"], group)
        )
    if place:
        ids = matching_entity_ids(entities, place, labels=("LOC",))
        in_admin1 = entities["admin1"].map(normalize_name) == normalize_name(place)
        ids |= set(entities.loc[in_admin1, "entity_id"])
        keep &= events["location_id"].isin(ids) | _text_matches(events["location_text"], place)
    if date_from is not None:
        end = events["date_end"].fillna(events["date_start"])
        keep &= end >= pd.Timestamp(date_from)
    if date_to is not None:
        keep &= events["date_start"] <= pd.Timestamp(date_to)
    if event_type:
        types = [event_type] if isinstance(event_type, str) else list(event_type)
        keep &= events["event_type"].isin(types)
    return events[keep]


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """Events as an analyst reads them: date, type, actor, target, place, count and the source sentence."""
    ordered = events.sort_values(["date_start", "doc_id", "start"], na_position="last", kind="stable")
    count = ordered["count"].map(lambda c: "" if pd.isna(c) else f"{c:g}")
    unit = ordered["count_unit"].fillna("")
    return pd.DataFrame(
        {
            "date": [date_range(s, e) for s, e in zip(ordered["date_start"], ordered["date_end"])],
            "event_type": ordered["event_type"].values,
            "actor": ordered["actor_text"].values,
            "target": ordered["target_text"].values,
            "place": ordered["location_text"].values,
            "count": [f"{c} {u}".strip() for c, u in zip(count, unit)],
            "sentence": ordered["sentence"].map(lambda s: " ".join(str(s).split()) if isinstance(s, str) else s).values,
            "doc_id": ordered["doc_id"].values,
            "event_id": ordered["event_id"].values,
        }
    )


def date_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """`2020-08-21`, or `2019-01-01 / 2019-12-31` for a range; empty when undated."""
    if pd.isna(start):
        return ""
    first = start.strftime("%Y-%m-%d")
    if pd.isna(end) or end == start:
        return first
    return f"{first} / {end.strftime('%Y-%m-%d')}"

