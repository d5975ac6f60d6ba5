"""The rows of a document processed in pieces, joined into the rows of one document.

Each piece was resolved alone: `news_aliases` saw only its mentions, so an
acronym defined in one piece, a short form of a name met in another, or the
governorates the whole text is about could not count. The join runs the alias
resolver's pure core again over every name mention of the document, gives the
mentions their document-wide ids, and moves each event's actor, target and
place to the new id of the mention it was read from. Undated events take their
date from the whole story again (`date_from_story`), and a paragraph repeating
one of an earlier piece is ignored as within one piece (`repeated_paragraphs`).
What stays per piece: an event whose actor is a pronoun takes the previous
event's actor only within its piece.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..components.events import date_from_story
from ..resolve.linking import Mention
from ..resolve.regions import merge, overlaps, repeated_paragraphs
from .rows import NAME_LABELS

EVENT_ARGUMENTS = ("actor", "target", "location")


@dataclass
class DocumentRows:
    """What one document (or one piece of it) gives: rows with offsets into the whole text, and counts."""

    mentions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)  # as `news_events` gives them, before `event_rows`
    facts: dict[str, dict] = field(default_factory=dict)
    n_tokens: int = 0
    n_sentences: int = 0
    words: int = 0


def join_pieces(doc_id: str, parts: list[DocumentRows], resolver, seen_text: str, pub_date: str | None) -> DocumentRows:
    """One document's rows from those of its pieces, in order; `seen_text` is the text spaCy saw."""
    if len(parts) == 1:
        return parts[0]
    repeated = merge(repeated_paragraphs(seen_text))
    for part in parts:
        part.mentions = [row for row in part.mentions if not overlaps(repeated, row["start"], row["end"])]
        part.events = [e for e in part.events if not overlaps(repeated, e["trigger_start"], e["trigger_start"] + len(e["trigger"]))]
    joined = DocumentRows(
        mentions=[row for part in parts for row in part.mentions],
        n_tokens=sum(part.n_tokens for part in parts),
        n_sentences=sum(part.n_sentences for part in parts),
        words=sum(part.words for part in parts),
    )
    names = [row for row in joined.mentions if row["label"] in NAME_LABELS]
    mentions = [Mention(i, r["start"], r["end"], r["label"], seen_text[r["start"] : r["end"]], r["sent_id"]) for i, r in enumerate(names)]
    ids, joined.facts = resolver.resolve(mentions, seen_text)
    new_id = {(r["start"], r["end"]): ids[i] for i, r in enumerate(names)}
    for part in parts:
        move_arguments(part, new_id, joined.facts, seen_text)
        joined.events += part.events
    for row in names:
        row["entity_id"] = new_id[(row["start"], row["end"])]
    for k, row in enumerate(joined.mentions):
        row["mention_id"] = f"{doc_id}:m{k}"
    joined.events = date_from_story(joined.events, pub_date)
    return joined


def move_arguments(part: DocumentRows, new_id: dict[tuple[int, int], str], facts: dict[str, dict], seen_text: str) -> None:
    """Give each event of `part` the document-wide ids of its actor, target and place.

    An event names its argument by the piece's id and text only: the mention read
    is the piece's mention with that id and text in the event's sentence, else the
    one with that id nearest to the trigger.
    """
    by_id = defaultdict(list)
    for row in part.mentions:
        if row["label"] in NAME_LABELS:
            by_id[row["entity_id"]].append((row["start"], row["end"]))
    for event in part.events:
        for argument in EVENT_ARGUMENTS:
            spans = by_id.get(event[f"{argument}_id"])
            if not spans:
                continue
            text = event[f"{argument}_text"]

            def distance(span, event=event, text=text):
                inside = event["start"] <= span[0] and span[1] <= event["end"] and seen_text[span[0] : span[1]] == text
                return (not inside, abs(span[0] - event["trigger_start"]), span)

            event[f"{argument}_id"] = new_id[min(spans, key=distance)]
        place = facts.get(event["location_id"], {}) if event["location_id"] else {}
        event["latitude"], event["longitude"] = place.get("latitude"), place.get("longitude")
