"""The record every reader yields: one per input document, failed ones included."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A decoded document and what is known about it before any NLP.

    `text` is THE text: every offset written anywhere points into it. For
    `.txt`/`.md` it is the decoded file, for `.jsonl` the `text` field, for
    HTML the article body as extracted. A document that could not be read has
    `status` "error" (or "empty") and a one-line `error`; it is still yielded,
    so that the documents table accounts for every input. `warning` says what
    was read in an unusual way (control characters...) without refusing it.
    """

    doc_id: str
    path: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    pub_date: dt.date | None = None
    pub_date_source: str | None = None
    status: str = "ok"
    error: str | None = None
    encoding: str | None = None
    warning: str | None = None

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
