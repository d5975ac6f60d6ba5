"""Doc -> plain rows for the `documents`, `mentions` and `events` tables.

Every text column is cut from the document's original text by offset, so
`text[start:end] == mention` holds by construction; `check_offsets` asserts it
again on every row before anything is written.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from spacy.tokens import Doc

from ..components.mentions import Sentences
from ..corpus import Document

NAME_LABELS = ("ORG", "LOC", "PER", "MISC")


class Start(NamedTuple):
    """Where a piece begins in its document: character and sentence id."""

    char: int
    sent: int


def iso_to_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def document_row(document: Document, status: str | None = None, error: str | None = None, n_tokens: int | None = None, n_sentences: int | None = None) -> dict:
    return {
        "doc_id": document.doc_id,
        "path": document.path,
        "title": document.title,
        "url": document.url,
        "source": document.source,
        "pub_date": document.pub_date,
        "pub_date_source": document.pub_date_source,
        "n_chars": len(document.text),
        "n_tokens": n_tokens,
        "n_sentences": n_sentences,
        "text_sha256": document.text_sha256,
        "status": status or document.status,
        "error": error if error is not None else document.error,
        "encoding": document.encoding,
        "warning": document.warning,
    }


def mention_rows(doc_id: str, text: str, doc: Doc, sentences: Sentences, piece: Start) -> list[dict]:
    """The mentions of `doc`, a piece of `text` that begins at `piece`."""
    rows = []
    for k, ent in enumerate(doc.ents):
        date = ent._.news_date or {}
        quantity = ent._.news_quantity or {}
        start, end = ent.start_char + piece.char, ent.end_char + piece.char
        rows.append(
            {
                "doc_id": doc_id,
                "mention_id": f"{doc_id}:m{k}",
                "sent_id": sentences.number(ent.start) + piece.sent,
                "start": start,
                "end": end,
                "text": text[start:end],
                "label": ent.label_,
                "entity_id": ent._.news_entity_id if ent.label_ in NAME_LABELS else None,
                "method": ent._.news_method or "model",
                "date_value": date.get("value"),
                "date_start": iso_to_date(date.get("start")),
                "date_end": iso_to_date(date.get("end")),
                "date_granularity": date.get("granularity"),
                "quantity": quantity.get("value"),
                "quantity_qualifier": quantity.get("qualifier"),
                "quantity_unit": quantity.get("unit"),
            }
        )
    return rows


def shifted_events(doc: Doc, piece: Start) -> list[dict]:
    """The events of `doc`, a piece that begins at `piece`, with offsets and sentence ids into the whole text."""
    events = [dict(event) for event in doc._.news_events or []]
    for event in events:
        for key in ("start", "end", "trigger_start"):
            event[key] += piece.char
        event["sent_id"] += piece.sent
    return events


def event_rows(doc_id: str, text: str, events: list[dict]) -> list[dict]:
    """Rows of the events table; sentence and trigger are cut from the original text (spaCy saw control characters as spaces)."""
    rows = []
    for k, event in enumerate(events):
        row = {"doc_id": doc_id, "event_id": f"{doc_id}:e{k}", **event}
        row["sentence"] = text[row["start"] : row["end"]]
        row["trigger"] = text[row["trigger_start"] : row["trigger_start"] + len(row["trigger"])]
        row["date_start"] = iso_to_date(row["date_start"])
        row["date_end"] = iso_to_date(row["date_end"])
        rows.append(row)
    return rows


def check_offsets(text: str, mentions: list[dict], events: list[dict]) -> None:
    """Raise if a row's text is not the original text at its offsets (a bug, never bad input)."""
    for row in mentions:
        if text[row["start"] : row["end"]] != row["text"]:
            raise AssertionError(f"mention {row['mention_id']}: {row['text']!r} != text[{row['start']}:{row['end']}]")
    for row in events:
        if text[row["start"] : row["end"]] != row["sentence"]:
            raise AssertionError(f"event {row['event_id']}: sentence is not text[{row['start']}:{row['end']}]")
        if text[row["trigger_start"] : row["trigger_start"] + len(row["trigger"])] != row["trigger"]:
            raise AssertionError(f"event {row['event_id']}: trigger {row['trigger']!r} is not at {row['trigger_start']}")
