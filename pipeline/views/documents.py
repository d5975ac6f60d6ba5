"""One document: its text (read back from the corpus, or rebuilt from the tables) and its rows in text order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .output import Output
from .selection import event_table


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
    bases = [out, *out.parents, Path.cwd(), Path(__file__).resolve().parents[2]]
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
    from ..corpus.reader import read_file

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


def corpus_texts(output: Output, corpus: Path | str | None = None) -> dict[str, str]:
    """The exact text of every document found unchanged in the run's corpus, by doc_id.

    Reads each candidate corpus (`corpus_candidates`) once, front to back:
    `read_original_text` per document would re-read a whole JSONL file for
    each of its lines, which a report of 10,000 documents cannot afford. The
    first candidate that gives any text wins; a document whose text changed
    since the run (other `text_sha256`) is left out.
    """
    from ..corpus import read_corpus

    wanted = dict(zip(output.documents["doc_id"], output.documents["text_sha256"]))
    for root in corpus_candidates(output, corpus):
        texts = {d.doc_id: d.text for d in read_corpus(root)
                 if d.doc_id in wanted and d.text_sha256 == wanted[d.doc_id]}
        if texts:
            return texts
    return {}
