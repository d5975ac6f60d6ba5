"""Build `data/incidents/gold.jsonl` from `data/incidents/gold.tsv` and the texts in `data/incidents/corpus/`.

Each TSV row names a sentence by its first words; the sentence runs from there to the
first `.`, `!` or `?` followed by whitespace, or to the end of its line. The JSONL is
SPEC section 4 with events only (no spans): `type`, `sent_start`, `sent_end` and the
`incident` key that `pipeline.eval_incidents` scores.

Usage: python scripts/build_incident_gold.py          (write the JSONL)
       python scripts/build_incident_gold.py --check  (exit 1 if the committed file differs)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pipeline.corpus import read_corpus
from pipeline.datafiles import read_tsv

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "incidents"
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def build() -> str:
    documents = {d.doc_id: d for d in read_corpus(SAMPLE / "corpus")}
    events: dict[str, list[dict]] = {doc_id: [] for doc_id in sorted(documents)}
    for row in read_tsv(SAMPLE / "gold.tsv"):
        text = documents[row["doc_id"]].text
        start = text.find(row["sent"])
        if start < 0 or text.find(row["sent"], start + 1) >= 0:
            raise SystemExit(f"{row['doc_id']}: {row['sent']!r} is not in the text exactly once")
        end = SENTENCE_END.search(text, start + len(row["sent"]))
        events[row["doc_id"]].append({"type": row["type"], "sent_start": start, "sent_end": end.end() if end else len(text), "incident": row["incident"]})
    lines = []
    for doc_id, doc_events in events.items():
        document = documents[doc_id]
        meta = {"pub_date": document.pub_date.isoformat() if document.pub_date else None, "source": document.source}
        lines.append(json.dumps({"doc_id": doc_id, "text": document.text, "meta": meta, "events": doc_events}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = SAMPLE / "gold.jsonl"
    if "--check" in sys.argv:
        sys.exit(0 if target.read_text(encoding="utf-8") == build() else 1)
    target.write_text(build(), encoding="utf-8")
