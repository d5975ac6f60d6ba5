"""Tables as Parquet parts, written aside and moved into place.

A run writes into `<out>.partial/`: each table is a folder of parts
(`mentions/part-00000.parquet`, ...), each part written to a temporary name
and renamed, so a part on disk is always complete. A killed run leaves the
previous `<out>` intact plus finished parts that `--resume` picks up.
`commit()` turns a one-part table into `<name>.parquet` (small runs stay
simple) and keeps a folder of parts otherwise; `pandas.read_parquet` reads
both, and `read_table` here hides the difference. Events parts are written
without `incident_id` (known only once every part is in) and `commit()` writes
them again with it, beside the `incidents` table.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Errors, UsageError
from ..schema import INCIDENTS, TABLES

STREAMED = ("documents", "mentions", "events", "facts")
FACTS = pa.schema(
    [
        ("entity_id", pa.string()),
        ("label", pa.string()),
        ("canonical_name", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("country_code", pa.string()),
        ("admin1", pa.string()),
        ("wikidata_id", pa.string()),
        ("geo_status", pa.string()),
    ]
)
SCHEMAS = {**TABLES, "facts": FACTS}


def table_path(out: Path, name: str) -> Path | None:
    """`<out>/<name>.parquet` or `<out>/<name>/`, whichever exists."""
    for path in (Path(out) / f"{name}.parquet", Path(out) / name):
        if path.exists():
            return path
    return None


def read_table(out: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    path = table_path(out, name)
    if path is None:
        raise UsageError(Errors.E005.format(path=out, table=name))
    return pd.read_parquet(path, columns=columns)


def staging_dir(out: Path) -> Path:
    out = Path(out).resolve()
    return out.with_name(f"{out.name}.partial")


def recover_swap(out: Path) -> None:
    """Finish or undo a commit killed between its two renames (`<out>` briefly absent).

    If the new output was complete (`<out>.partial.commit` holds run.json) it goes
    into place, else the previous output (`<out>.old`) comes back: never a mix.
    """
    old, new = out.with_name(f"{out.name}.old"), out.with_name(f"{out.name}.partial.commit")
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        return
    if (new / "run.json").exists():
        new.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    elif old.exists():
        old.rename(out)


class PartWriter:
    """Append-only parts under the staging folder; `n_parts` continues a resumed run's numbering."""

    def __init__(self, out: Path, *, resume: bool):
        self.out = Path(out).resolve()
        self.staging = staging_dir(self.out)
        recover_swap(self.out)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            if self.staging.exists() and not resume:
                shutil.rmtree(self.staging)
            for name in STREAMED:
                (self.staging / name).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UsageError(Errors.E002.format(path=self.out, reason=e.strerror or e)) from None
        if resume and not any((self.staging / "documents").glob("part-*.parquet")) and table_path(self.out, "documents"):
            self._adopt_finished_output()
        self.n_parts = len(list((self.staging / "documents").glob("part-*.parquet")))

    def _adopt_finished_output(self) -> None:
        """Resume over a finished run: its tables become the first parts of this one, and its
        entities table gives back the facts (canonical names, coordinates) of those parts."""
        entities = table_path(self.out, "entities")
        if entities is not None:
            facts = pq.read_table(entities, columns=FACTS.names).cast(FACTS)
            pq.write_table(facts, self.staging / "facts" / "part-00000.parquet")
        for name in ("documents", "mentions", "events"):
            path = table_path(self.out, name)
            if path is None:
                continue
            files = sorted(path.glob("part-*.parquet")) if path.is_dir() else [path]
            for k, file in enumerate(files):
                shutil.copyfile(file, self.staging / name / f"part-{k:05d}.parquet")

    def done(self) -> pd.DataFrame:
        """doc_id and text_sha256 of the documents already in finished parts."""
        folder = self.staging / "documents"
        if not any(folder.glob("part-*.parquet")):
            return pd.DataFrame({"doc_id": [], "text_sha256": [], "status": []})
        return pd.read_parquet(folder, columns=["doc_id", "text_sha256", "status"])

    def write_part(self, rows: dict[str, list[dict]]) -> None:
        """One part per table, documents last: a part counts as done once its documents part exists."""
        for name in ("mentions", "events", "facts", "documents"):
            target = self.staging / name / f"part-{self.n_parts:05d}.parquet"
            tmp = target.with_suffix(".tmp")
            pq.write_table(pa.Table.from_pylist(rows.get(name, []), schema=SCHEMAS[name]), tmp)
            os.replace(tmp, target)
        self.n_parts += 1

    def parts(self, name: str) -> list[Path]:
        """Finished parts of a table, for parts whose documents part exists (a killed run's
        orphan mentions/events parts, written before their documents part, are left out)."""
        finished = {p.name for p in (self.staging / "documents").glob("part-*.parquet")}
        return sorted(p for p in (self.staging / name).glob("part-*.parquet") if p.name in finished)

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The finished parts of a table as one frame (typed and empty when there are none)."""
        parts = self.parts(name)
        if not parts:
            empty = SCHEMAS[name].empty_table()
            return (empty.select(columns) if columns else empty).to_pandas()
        return pd.concat([pd.read_parquet(p, columns=columns) for p in parts], ignore_index=True)

    def commit(self, entities: list[dict], incidents: list[dict], incident_ids: list[str], run_info: dict) -> Path:
        """Write the final tables beside `<out>` (run.json last), then swap them in.

        `incident_ids` follow the events parts in order (as `read("events")` gives them):
        each events part is written again with its slice of them.
        """
        final = self.staging.with_name(f"{self.staging.name}.commit")
        shutil.rmtree(final, ignore_errors=True)
        final.mkdir()
        done = 0
        for name in ("documents", "mentions", "events"):
            parts = self.parts(name)
            if not parts:
                pq.write_table(TABLES[name].empty_table(), final / f"{name}.parquet")
                continue
            if len(parts) > 1:
                (final / name).mkdir()
            for k, part in enumerate(parts):
                target = final / name / f"part-{k:05d}.parquet" if len(parts) > 1 else final / f"{name}.parquet"
                if name != "events":
                    shutil.copyfile(part, target)
                    continue
                table = pq.read_table(part, columns=TABLES["events"].names[:-1])
                ids = pa.array(incident_ids[done : done + table.num_rows], pa.string())
                pq.write_table(table.append_column("incident_id", ids), target)
                done += table.num_rows
        pq.write_table(pa.Table.from_pylist(entities, schema=TABLES["entities"]), final / "entities.parquet")
        pq.write_table(pa.Table.from_pylist(incidents, schema=INCIDENTS), final / "incidents.parquet")
        (final / "run.json").write_text(json.dumps(run_info, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        old = self.out.with_name(f"{self.out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.out.exists():
            self.out.rename(old)
        final.rename(self.out)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)
        return self.out
