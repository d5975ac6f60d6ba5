"""Assemble `report.html`: the template with the styles, the script, the base map and the compressed payload inlined.

The payload is JSON, gzip-compressed (mtime 0, so the same run gives the same
bytes) and base64-encoded, inflated by the browser's own DecompressionStream
(Chromium 80+, Firefox 113+, Safari 16.4+). The documents (texts, mentions,
events: most of the bytes) go apart, in blocks of `DOCS_PER_BLOCK`, each
inflated only when one of its documents is opened: on a run of 10,000
documents, inflating and parsing every text before the first view was most
of the time to interactive.
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

from ..views.output import load_output
from .payload import build_payload

HERE = Path(__file__).resolve().parent


DOCS_PER_BLOCK = 200


def pack(value: object) -> str:
    """JSON, gzip (no timestamp), base64: what `inflate` in report.js reads back."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


def split_documents(payload: dict) -> tuple[dict, list[dict]]:
    """The payload without the documents' contents, plus those contents in blocks; `docs.index` says which block and title."""
    by_id = payload["docs"]["by_id"]
    ids = list(by_id)
    blocks = [{d: by_id[d] for d in ids[i : i + DOCS_PER_BLOCK]} for i in range(0, len(ids), DOCS_PER_BLOCK)]
    index = {d: [n, by_id[d]["title"]] for n, block in enumerate(blocks) for d in block}
    core = {**payload, "docs": {"mention_labels": payload["docs"]["mention_labels"], "index": index}}
    return core, blocks


def render(payload: dict) -> str:
    """The HTML of one report, every part inline."""
    core, blocks = split_documents(payload)
    documents = "\n".join(f'<script type="application/octet-stream" class="docs" data-block="{n}">{pack(block)}</script>'
                          for n, block in enumerate(blocks))
    basemap = (HERE / "basemap.json").read_text(encoding="utf-8").strip()
    parts = {
        "/*CSS*/": (HERE / "report.css").read_text(encoding="utf-8"),
        "/*JS*/": (HERE / "report.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        "/*BASEMAP*/": basemap.replace("</", "<\\/"),
        "/*PAYLOAD*/": pack(core),
        "<!--DOCUMENTS-->": documents,
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
