"""Long documents are processed in pieces and joined back as one document (issue 17).

The 20 MB and 3.6 MB acceptance runs are in `make bench` (pipeline/bench.py),
not here: these check the same properties on texts the suite can afford.
"""

import datetime as dt

import pytest

from pipeline.batch import process_documents
from pipeline.corpus import Document
from pipeline.pieces import Piece, pieces
from pipeline.tables.rows import check_offsets

TOWNS = ["Kirkouk", "Mossoul", "Baiji", "Tikrit", "Ramadi", "Falloujah", "Samarra", "Haditha"]
PARAGRAPHS = [
    "Le service antiterroriste irakien (CTS) a arrêté 35 éléments de l'EIIS à Kirkouk le 21 août 2020.",
    *(
        f"Le {day} septembre 2020, le CTS a arrêté {n} militants de l'EIIS à {TOWNS[n % len(TOWNS)]}. "
        f"Deux soldats ont été tués près de {TOWNS[(n + 3) % len(TOWNS)]}, a déclaré Sabah al-Numan."
        for n, day in zip(range(3, 40), range(1, 30))
    ),
]
SENTENCE = "Le 21 août 2020, les forces de l'Union européenne ont arrêté 12 militants à Mossoul."


def as_document(text: str) -> Document:
    return Document("long", "long.txt", text, pub_date=dt.date(2020, 8, 31))


def spans(rows: list[dict]) -> list[tuple]:
    return [(m["start"], m["end"], m["label"], m["text"]) for m in rows]


# --- cutting ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 7, 50, 200, 10_000])
def test_pieces_cover_the_text_within_the_size(size):
    text = "\n\n".join(PARAGRAPHS[:6]) + " " + "x" * 120
    found = pieces(text, size)
    assert found[0].start == 0 and found[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(found, found[1:]))
    assert all(0 < p.end - p.start <= size for p in found)


def test_pieces_break_at_paragraphs_then_sentences_then_spaces():
    text = "Un court paragraphe.\n\nUne phrase. Une autre phrase qui continue"
    assert pieces(text, 30) == [Piece(0, 22), Piece(22, 34), Piece(34, len(text))]  # blank line, sentence end, then hard
    assert pieces(text, None) == pieces(text, len(text)) == [Piece(0, len(text))]
    assert pieces("a" * 25, 10) == [Piece(0, 10), Piece(10, 20), Piece(20, 25)]  # no space at all: cut at the size


# --- joining ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_rows(nlp):
    text = "\n\n".join(PARAGRAPHS)
    rows = process_documents(nlp, [as_document(text)], max_chars=600)
    return text, rows


def test_one_documents_row_with_every_mention_at_its_offsets(long_rows):
    text, rows = long_rows
    [row] = rows["documents"]
    assert row["status"] == "ok" and row["n_chars"] == len(text) and len(text) > 6 * 600
    check_offsets(text, rows["mentions"], rows["events"])
    assert all(text[m["start"] : m["end"]] == m["text"] for m in rows["mentions"])
    assert [m["mention_id"] for m in rows["mentions"]] == [f"long:m{k}" for k in range(len(rows["mentions"]))]
    assert [e["event_id"] for e in rows["events"]] == [f"long:e{k}" for k in range(len(rows["events"]))]


def test_same_mentions_as_each_paragraph_alone(nlp, long_rows):
    text, rows = long_rows
    expected, start = [], 0
    for paragraph in PARAGRAPHS:
        alone = process_documents(nlp, [as_document(paragraph)], max_chars=None)
        expected += [(s + start, e + start, label, mention) for s, e, label, mention in spans(alone["mentions"])]
        start += len(paragraph) + 2
    assert spans(rows["mentions"]) == expected


def test_sentence_ids_run_through_the_document(long_rows):
    text, rows = long_rows
    ids = [m["sent_id"] for m in rows["mentions"]]
    assert ids == sorted(ids) and ids[-1] == rows["documents"][0]["n_sentences"] - 1
    events = [e["sent_id"] for e in rows["events"]]
    assert events == sorted(events) and len(set(events)) > 10


def test_entity_ids_agree_across_pieces(long_rows):
    """`CTS`, defined in the first piece, has its expansion's id in every piece; one id per name."""
    _, rows = long_rows
    ids: dict[tuple[str, str], set] = {}
    for m in rows["mentions"]:
        if m["entity_id"]:
            ids.setdefault((m["label"], m["text"]), set()).add(m["entity_id"])
    assert all(len(found) == 1 for found in ids.values()), ids
    [expansion] = [m["entity_id"] for m in rows["mentions"] if m["text"] == "service antiterroriste irakien"]
    assert ids[("ORG", "CTS")] == {expansion}
    named = {m["entity_id"] for m in rows["mentions"] if m["entity_id"]}
    assert {e["location_id"] for e in rows["events"]} - {None} <= named
    assert {f["entity_id"] for f in rows["facts"]} >= named


def test_events_from_every_piece(long_rows):
    text, rows = long_rows
    pieces_with_events = {e["start"] // 600 for e in rows["events"]}
    assert len(pieces_with_events) >= len(text) // 600 - 1


def test_one_line_of_copies_gives_every_mention_of_every_copy(nlp):
    """No paragraph break at all: the pieces are cut at sentence ends."""
    copies = 40
    one = process_documents(nlp, [as_document(SENTENCE)], max_chars=None)["mentions"]
    text = " ".join([SENTENCE] * copies)
    rows = process_documents(nlp, [as_document(text)], max_chars=500)
    assert rows["documents"][0]["status"] == "ok"
    assert len(rows["mentions"]) == copies * len(one) and {m["label"] for m in one} >= {"LOC", "ORG", "DATE", "QUANTITY"}
    check_offsets(text, rows["mentions"], rows["events"])
    step = len(SENTENCE) + 1
    assert spans(rows["mentions"]) == [(s + k * step, e + k * step, label, t) for k in range(copies) for s, e, label, t in spans(one)]
