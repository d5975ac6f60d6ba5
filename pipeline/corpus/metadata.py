"""metadata.csv at the corpus root: what the user knows better than any inference.

Columns `doc_id,pub_date,url,title,source` (SPEC section 1; header names are
matched case-insensitively, extra columns ignored, `;` accepted as separator
because spreadsheet exports in French locales use it). An empty cell says
nothing and overrides nothing. A bad row never stops the run: a row without
doc_id, or repeating an earlier doc_id, is dropped (E111); a bad `pub_date`
is dropped alone and the rest of the row is used (E112). Each problem is
returned as a warning message for the reader to log.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Errors
from .pubdate import parse_date_value

METADATA_FILE = "metadata.csv"
COLUMNS = ("doc_id", "pub_date", "url", "title", "source")


@dataclass(frozen=True)
class MetadataRow:
    """One usable metadata.csv row; `line` is its 1-based line in the file (header = 1)."""

    doc_id: str
    line: int
    pub_date: dt.date | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None


def _delimiter(header_line: str) -> str:
    return ";" if ";" in header_line and "," not in header_line else ","


def _rest_dropped(line: int, reason: str) -> str:
    """E111 for a CSV error the reader cannot get past: this row and all later ones are dropped."""
    message = Errors.E111.format(line=line, reason=reason)
    return message.replace("the row is not used.", "this row and the rest of the file are not used.")


def _rows(reader, warnings: list[str]) -> Iterator[tuple[int, list[str]]]:
    """`(line, cells)` per CSV row; a row the csv module rejects ends the file with an E111 warning.

    The csv module cannot resynchronise after an error (e.g. a cell over its
    131,072-character limit), so the rows read so far are kept and the rest
    of the file is dropped, saying so, rather than stopping the run.
    """
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            warnings.append(_rest_dropped(reader.line_num, f"unreadable CSV ({exc})"))
            return
        yield reader.line_num, cells


def parse_metadata(text: str) -> tuple[dict[str, MetadataRow], list[str]]:
    """Rows keyed by doc_id (file order kept), and the warning messages to log."""
    rows: dict[str, MetadataRow] = {}
    warnings: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.partition("\n")[0]))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        warnings.append(_rest_dropped(1, f"unreadable CSV header ({exc})"))
        return rows, warnings
    if header is None:
        return rows, warnings
    names = [name.strip().lower() for name in header]
    if "doc_id" not in names:
        reason = f"no doc_id column in the header {header!r}, expected {','.join(COLUMNS)}"
        warnings.append(Errors.E111.format(line=1, reason=reason))
        return rows, warnings
    where = {name: names.index(name) for name in COLUMNS if name in names}
    for line, cells in _rows(reader, warnings):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") or None for name, i in where.items()}
        doc_id = values.get("doc_id")
        if doc_id is None:
            warnings.append(Errors.E111.format(line=line, reason="empty doc_id"))
            continue
        if doc_id in rows:
            reason = f"doc_id {doc_id!r} already given on line {rows[doc_id].line}"
            warnings.append(Errors.E111.format(line=line, reason=reason))
            continue
        pub_date = None
        if values.get("pub_date") is not None:
            pub_date = parse_date_value(values["pub_date"])
            if pub_date is None:
                where_text = f"{METADATA_FILE} line {line}"
                warnings.append(Errors.E112.format(where=where_text, field="pub_date", value=values["pub_date"]))
        rows[doc_id] = MetadataRow(
            doc_id=doc_id,
            line=line,
            pub_date=pub_date,
            url=values.get("url"),
            title=values.get("title"),
            source=values.get("source"),
        )
    return rows, warnings
