"""Reading an output directory of `newsx extract`: the SPEC section 2 tables and `run.json`.

Date columns are read as pandas datetime64 (`NaT` when unknown), so that
`.dt` and comparisons work.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import UsageError
from ..schema import TABLES
from ..tables import parts

TABLE_NAMES = tuple(TABLES)
DATE_COLUMNS = {
    "documents": ("pub_date",),
    "mentions": ("date_start", "date_end"),
    "entities": (),
    "events": ("date_start", "date_end"),
    "incidents": ("date_start", "date_end", "first_reported", "last_reported"),
}


@dataclass(frozen=True)
class Output:
    """The tables and `run.json` of one output directory, as read by `load_output`."""

    path: Path
    documents: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    incidents: pd.DataFrame
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


def as_list(value: object) -> list[str]:
    """A list column's value (`aliases`, `doc_ids`) as a list of strings, `[]` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]
