"""Readers for the data files under `models/`: one entry per line or TSV, `#` comments.

Registered in spaCy's `readers` registry so `models/config.cfg` can hand a
file's content to a component's `initialize()`; the component never opens a
path itself, and `to_disk`/`from_disk` keep the data inside a saved pipeline.
"""

from __future__ import annotations

from pathlib import Path

from spacy.util import registry


def read_lines(path: str | Path) -> list[str]:
    """Non-empty lines without `#` comments (a `#` only starts a comment at line start)."""
    lines = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def read_tsv(path: str | Path) -> list[dict[str, str]]:
    """Rows of a TSV whose first non-comment line is the header; empty cells become ""."""
    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) > len(header):
            raise ValueError(f"{path}: row {number} has {len(cells)} cells, header has {len(header)}: {line!r}")
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return rows


@registry.readers("news.lines.v1")
def lines_reader(path: str):
    return read_lines(path)


@registry.readers("news.tsv.v1")
def tsv_reader(path: str):
    return read_tsv(path)
