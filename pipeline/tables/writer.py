"""Parquet output written aside, then moved into place.

Tables go to a fresh sibling directory (`<out>.partial-<pid>`) as they are
produced, one row group per batch so memory stays flat; `commit()` swaps it
with the output directory. A run that dies leaves the previous output intact
and no half-written table under the output name.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Errors, UsageError
from ..schema import TABLES


class TableWriter:
    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir).resolve()
        self.staging = self.out_dir.with_name(f"{self.out_dir.name}.partial-{os.getpid()}")
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            if self.staging.exists():
                shutil.rmtree(self.staging)
            self.staging.mkdir()
        except OSError as e:
            raise UsageError(Errors.E002.format(path=self.out_dir, reason=e.strerror or e)) from None
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.counts = {name: 0 for name in TABLES}

    def append(self, table: str, rows: list[dict]) -> None:
        if not rows and table in self.writers:
            return
        schema = TABLES[table]
        if table not in self.writers:
            self.writers[table] = pq.ParquetWriter(self.staging / f"{table}.parquet", schema)
        if rows:
            self.writers[table].write_table(pa.Table.from_pylist(rows, schema=schema))
            self.counts[table] += len(rows)

    def commit(self, run_info: dict) -> Path:
        for table in TABLES:
            self.append(table, [])
        for writer in self.writers.values():
            writer.close()
        (self.staging / "run.json").write_text(json.dumps(run_info, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        old = self.out_dir.with_name(f"{self.out_dir.name}.old-{os.getpid()}")
        if self.out_dir.exists():
            self.out_dir.rename(old)
        self.staging.rename(self.out_dir)
        if old.exists():
            shutil.rmtree(old)
        return self.out_dir

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.close()
        shutil.rmtree(self.staging, ignore_errors=True)
