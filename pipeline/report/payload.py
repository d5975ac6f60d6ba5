"""The data a report carries: the shared views of one run, as plain JSON-ready lists.

Tables travel as columns of values plus rows of arrays (no key repeated per
row), event sentences are not stored (the page cuts them from the document
text by their offsets), and the map carries one marker per incident up to
`MAX_MARKERS`, beyond which markers are grouped by place: a page of 50,000
SVG circles would not stay usable, a page of a few thousand does.

Article texts: every document whose text is found unchanged in the run's
corpus goes in (compressed, in blocks inflated on demand: `page.py`), and
the others are rebuilt from the tables (`views.documents.rebuild_text`): any
row of any table can open its document, an entity's too, so texts of
documents without events are needed as well.
"""

from __future__ import annotations

import math

import pandas as pd

from ..views import counts, documents, palette, places, selection, timeline
from ..views.output import Output, as_list
from ..views.selection import date_range

MAX_MARKERS = 3000
MENTION_LABELS = tuple(palette.LABEL_COLORS)


def build_payload(output: Output) -> dict:
    """Everything `report.js` draws, from one loaded output directory."""
    points = places.map_points(output)
    types = _types(output, points.rows)
    return {
        "summary": _summary(output),
        "types": types,
        "colors": {t: palette.EVENT_COLORS.get(t, palette.OTHER_COLOR) for t in types},
        "type_names": {t: palette.EVENT_NAMES_FR.get(t, t) for t in types},
        "labels": dict(palette.LABEL_COLORS),
        "label_names": dict(palette.MENTION_NAMES_FR),
        "map": _map(points),
        "timeline": _timeline(points),
        "tables": {
            "incidents": _incident_table(output.incidents),
            "events": _event_table(output.events),
            "entities": _entity_table(output),
            "documents": _document_table(output),
        },
        "docs": _documents(output),
    }


def _types(output: Output, rows: pd.DataFrame) -> list[str]:
    seen = set(output.events["event_type"].dropna()) | set(rows["event_type"].dropna())
    return [t for t in palette.EVENT_TYPES if t in seen] + sorted(seen - set(palette.EVENT_TYPES))


def _summary(output: Output) -> dict:
    run = output.run
    return {
        "path": str(output.path),
        "status": counts.status_counts(output.documents)["documents"].to_dict(),
        "tables": {k: int(v) for k, v in counts.table_counts(output)["rows"].items()},
        "versions": {k: str(v) for k, v in run.get("versions", {}).items()},
        "options": {k: _plain(v) for k, v in run.get("options", {}).items()},
        "timings": {k: _plain(v) for k, v in run.get("timings", {}).items()},
    }


def _map(points: places.MapPoints) -> dict:
    """Markers as `[lat, lon, weight, type, place, date, id, doc_ids]`, one per located row or, past MAX_MARKERS, per place."""
    rows = points.rows[points.rows["latitude"].notna() & points.rows["longitude"].notna()]
    weight = rows[points.weight].fillna(0)
    if len(rows) <= MAX_MARKERS:
        markers = [
            [round(lat, 4), round(lon, 4), _value(w), t, _text(place), date_range(s, e), str(i), as_list(d)]
            for lat, lon, w, t, place, s, e, i, d in zip(
                rows["latitude"], rows["longitude"], weight, rows["event_type"], rows["place"],
                rows["date_start"], rows["date_end"], rows["id"], rows["doc_ids"])
        ]
        grouped = False
    else:
        table = places.place_counts(rows, points.weight)
        first_docs = rows.groupby(rows["location_id"].fillna(rows["place"]), sort=False)["doc_ids"].first()
        markers = [
            [round(lat, 4), round(lon, 4), _value(size), t, _text(place), "", f"{n} {points.unit}",
             as_list(first_docs.get(loc if isinstance(loc, str) else place, []))[:5]]
            for lat, lon, size, t, place, n, loc in zip(
                table["latitude"], table["longitude"], table["size"], table["main_type"], table["place"],
                table["events"], table["location_id"])
        ]
        grouped = True
    return {
        "grouped": grouped,
        "n_rows": len(points.rows), "n_located": len(rows),
        "markers": markers,
        "frame": list(places.IRAQ_SYRIA_BBOX),
        "cities": places.reference_cities()[["name", "longitude", "latitude"]].values.tolist(),
    }


def _timeline(points: places.MapPoints) -> dict:
    n = timeline.events_by_month(points.rows)
    series = {"n": n, "weight": timeline.events_by_month(points.rows, weight=points.weight)}
    return {
        "months": [m.strftime("%Y-%m") for m in n.index],
        "left_out": len(points.rows) - int(n.values.sum()),
        "series": {name: {t: [_value(v) for v in table[t]] for t in table.columns} for name, table in series.items()},
    }


def _table(columns: list[str], rows: list[list]) -> dict:
    return {"columns": columns, "rows": rows}


def _incident_table(incidents: pd.DataFrame) -> dict:
    ordered = incidents.sort_values(["date_start", "incident_id"], na_position="last", kind="stable")
    rows = [
        [date_range(s, e), t, _text(a), _text(g), _text(p), _value(f), _value(r), as_list(d), str(i)]
        for s, e, t, a, g, p, f, r, d, i in zip(
            ordered["date_start"], ordered["date_end"], ordered["event_type"], ordered["actor_text"],
            ordered["target_text"], ordered["location_text"], ordered["fatalities"], ordered["n_reports"],
            ordered["doc_ids"], ordered["incident_id"])
    ]
    return _table(["date", "type", "actor", "target", "place", "fatalities", "reports", "docs", "id"], rows)


def _event_table(events: pd.DataFrame) -> dict:
    table = selection.event_table(events).drop(columns=["sentence"])
    rows = [[_text(v) for v in row] for row in table.itertuples(index=False)]
    return _table(["date", "type", "actor", "target", "place", "count", "doc", "id"], rows)


def _entity_table(output: Output) -> dict:
    entities = output.entities.sort_values(["n_mentions", "n_docs", "canonical_name"], ascending=[False, False, True])
    first_doc = output.mentions.dropna(subset=["entity_id"]).groupby("entity_id", sort=False)["doc_id"].first()
    rows = [
        [_text(name), label, _value(m), _value(d), ", ".join(as_list(a)), _text(admin1 if isinstance(admin1, str) else cc),
         first_doc.get(eid, ""), eid]
        for name, label, m, d, a, admin1, cc, eid in zip(
            entities["canonical_name"], entities["label"], entities["n_mentions"], entities["n_docs"],
            entities["aliases"], entities["admin1"], entities["country_code"], entities["entity_id"])
    ]
    return _table(["name", "label", "mentions", "docs", "aliases", "region", "doc", "id"], rows)


def _document_table(output: Output) -> dict:
    table = counts.document_overview(output)
    rows = [
        [_text(title), date_range(pub, pub), status, _value(m), _value(e), doc_id]
        for title, pub, status, m, e, doc_id in zip(
            table["title"], table["pub_date"], table["status"], table["n_mentions"], table["n_events"], table["doc_id"])
    ]
    return _table(["title", "date", "status", "mentions", "events", "doc"], rows)


def _documents(output: Output) -> dict:
    """Per document: title, date, text and where its mentions, event sentences and triggers are."""
    texts = documents.corpus_texts(output)
    m = output.mentions.sort_values(["doc_id", "start", "end"], kind="stable")
    labels = m["label"].map({label: i for i, label in enumerate(MENTION_LABELS)}).fillna(-1).astype(int)
    by_doc_mentions = _by_doc(m["doc_id"], m["start"].astype(int), m["end"].astype(int), labels)
    e = output.events.sort_values(["doc_id", "start", "trigger_start"], kind="stable")
    trigger_start = [None if pd.isna(v) else int(v) for v in e["trigger_start"]]
    by_doc_events = _by_doc(e["doc_id"], e["start"].astype(int), e["end"].astype(int), trigger_start,
                            e["trigger"].str.len().fillna(0).astype(int), e["event_type"], e["event_id"])
    docs = {}
    for doc_id, title, pub, status, source in zip(output.documents["doc_id"], output.documents["title"],
                                                  output.documents["pub_date"], output.documents["status"],
                                                  output.documents["source"]):
        if status != "ok":
            continue
        text = texts.get(doc_id)
        docs[doc_id] = {
            "title": _text(title), "date": date_range(pub, pub), "source": _text(source),
            "text": text if text is not None else documents.rebuild_text(output, doc_id),
            "exact": text is not None,
            "mentions": by_doc_mentions.get(doc_id, []), "events": by_doc_events.get(doc_id, []),
        }
    return {"mention_labels": list(MENTION_LABELS), "by_id": docs}


def _by_doc(doc_ids: pd.Series, *columns) -> dict[str, list[list]]:
    """Rows made of `columns`, grouped by doc_id in one pass (a pandas groupby per document is too slow at 10,000)."""
    grouped: dict[str, list[list]] = {}
    for doc_id, *row in zip(doc_ids, *(list(c) for c in columns)):
        grouped.setdefault(doc_id, []).append(row)
    return grouped


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _value(value: object) -> float | int | None:
    """A number as JSON: whole numbers as int, NaN/NA as null."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else round(number, 3)


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value if isinstance(value, (int, float, bool, str)) or value is None else str(value)
