"""Assemble `report.html`: the template with the styles, the script, the base map and the compressed payload inlined.

The payload is JSON, gzip-compressed (mtime 0, so the same run gives the same
bytes) and base64-encoded: a run of 10,000 documents carries its texts at
about a third of their size, and the page inflates it with the browser's own
DecompressionStream (Chromium 80+, Firefox 113+, Safari 16.4+).
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

from ..views.output import load_output
from .payload import build_payload

HERE = Path(__file__).resolve().parent


def render(payload: dict) -> str:
    """The HTML of one report, every part inline."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")
    basemap = (HERE / "basemap.json").read_text(encoding="utf-8").strip()
    parts = {
        "/*CSS*/": (HERE / "report.css").read_text(encoding="utf-8"),
        "/*JS*/": (HERE / "report.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        "/*BASEMAP*/": basemap.replace("</", "<\\/"),
        "/*PAYLOAD*/": packed,
    }
    html = (HERE / "report.html").read_text(encoding="utf-8")
    for marker, text in parts.items():
        html = html.replace(marker, text, 1)
    return html


def write_report(out: Path | str, target: Path | str | None = None) -> Path:
    """Read the output directory `out` and write `<target or out>/report.html`; returns its path."""
    output = load_output(out)
    path = Path(target if target is not None else out) / "report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(build_payload(output)), encoding="utf-8")
    return path
