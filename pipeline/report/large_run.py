"""The report on a large run, for `make bench`: a run of N documents and M events made from a real one, then timed in Chromium.

The large run copies an extraction of the sample corpus: document i is a
copy of sample document i mod n under the id `bench-i`, its text written to a
JSONL corpus (so the report reads exact texts, as from a real run), its
mentions and events copied with it, event dates shifted by one day per round
of copies (so the timeline spans months, not one), until `n_events` events,
then grouped into incidents by the incidents stage itself. No model runs: making 10,000 documents this way takes seconds, extracting
them would take ten minutes and measure the pipeline, not the report.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import INCIDENTS
from ..tables.incidents import incident_tables, records
from ..views.output import load_output
from ..views.documents import corpus_texts
from .browser import open_report
from .page import write_report


def make_large_run(sample_out: Path, n_docs: int, n_events: int, target: Path) -> Path:
    """Write a run of `n_docs` documents and at most `n_events` events to `target/out` (corpus in `target/corpus`)."""
    sample = load_output(sample_out)
    texts = corpus_texts(sample)
    docs = sample.documents[sample.documents["doc_id"].isin(texts)].reset_index(drop=True)
    corpus, out = target / "corpus", target / "out"
    corpus.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    copies = pd.DataFrame({"i": range(n_docs)})
    copies["src"] = docs["doc_id"].to_numpy()[copies["i"] % len(docs)]
    copies["new"] = copies["i"].map(lambda i: f"bench-{i:05d}")
    copies["shift"] = pd.to_timedelta(copies["i"] // len(docs), unit="D")
    with open(corpus / "bench.jsonl", "w", encoding="utf-8") as f:
        for new, src in zip(copies["new"], copies["src"]):
            f.write(json.dumps({"id": new, "text": texts[src], "date": "2020-08-31"}, ensure_ascii=False) + "\n")
    tables = {
        "documents": copies.merge(docs, left_on="src", right_on="doc_id").assign(path=lambda t: "bench.jsonl:" + (t["i"] + 1).astype(str)),
        "mentions": copies.merge(sample.mentions, left_on="src", right_on="doc_id"),
        "events": copies.merge(sample.events, left_on="src", right_on="doc_id").sort_values(["i", "start"], kind="stable").head(n_events),
    }
    tables["mentions"]["mention_id"] = tables["mentions"]["new"] + tables["mentions"]["mention_id"].str.replace(r"^.*:", ":", regex=True)
    events = tables["events"]
    events["event_id"] = events["new"] + events["event_id"].str.replace(r"^.*:", ":", regex=True)
    events["date_start"] = events["date_start"] + events["shift"]
    events["date_end"] = events["date_end"] + events["shift"]
    for name, table in tables.items():
        table = table.assign(doc_id=table["new"]).drop(columns=["i", "src", "new", "shift"])
        for column in ("date_start", "date_end", "pub_date"):
            if column in table.columns:
                table[column] = table[column].dt.date
        tables[name] = table.sort_values("doc_id", kind="stable")
    incidents, incident_ids = incident_tables(tables["events"], tables["documents"], records(sample.entities))
    tables["events"]["incident_id"] = incident_ids
    for name, table in tables.items():
        table.to_parquet(out / f"{name}.parquet", index=False)
    pq.write_table(pa.Table.from_pylist(incidents, schema=INCIDENTS), out / "incidents.parquet")
    sample.entities.to_parquet(out / "entities.parquet", index=False)
    run = {**sample.run, "options": {**sample.run.get("options", {}), "corpus": str(corpus.resolve())}}
    (out / "run.json").write_text(json.dumps(run, indent=2, default=str), encoding="utf-8")
    return out


def measure_report(out: Path) -> dict:
    """Write the report of `out` and open it: build time, file size, time until interactive, a filter's time."""
    t0 = time.perf_counter()
    path = write_report(out)
    build_s = time.perf_counter() - t0
    output = load_output(out)
    t0 = time.perf_counter()
    with open_report(path, timeout_ms=60_000) as visit:
        load_s = time.perf_counter() - t0
        page = visit.page
        ready_ms = int(page.get_attribute("body", "data-ready"))
        page.click("nav button[data-view=events]")
        filter_ms = page.evaluate("""() => {
            const select = document.querySelector('#view-events select');
            const t0 = performance.now();
            select.value = 'KILL';
            select.dispatchEvent(new Event('change'));
            return performance.now() - t0;
        }""")
        errors = list(visit.errors)
    return {
        "documents": len(output.documents), "events": len(output.events), "mentions": len(output.mentions),
        "build_s": round(build_s, 1), "size_mb": round(path.stat().st_size / 2**20, 2),
        "interactive_ms": ready_ms, "open_to_interactive_s": round(load_s, 2), "filter_events_by_type_ms": round(filter_ms),
        "console_errors": errors,
    }
