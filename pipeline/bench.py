"""`make bench`: our pipeline against bare fr_core_news_md on the same texts, in one run.

A synthetic corpus of N documents is built from the sample corpus (its texts
cycled, each document a JSONL line). Each variant runs in its own process so
that its peak RSS is its own: bare `spacy.load("fr_core_news_md")` +
`nlp.pipe`, and `newsx extract` end to end (reading, all components, Parquet
writing). Throughput excludes model loading, which is reported apart.
Words are the non-space, non-punctuation tokens of the texts.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import read_corpus


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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bare(corpus: Path) -> dict:
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load("fr_core_news_md")
    t1 = time.perf_counter()
    texts = (json.loads(line)["text"] for line in open(corpus / "bench.jsonl", encoding="utf-8"))
    docs = words = 0
    for doc in nlp.pipe(texts, batch_size=32):
        docs += 1
        words += sum(1 for t in doc if not (t.is_space or t.is_punct))
    t2 = time.perf_counter()
    return {"docs": docs, "words": words, "load_s": t1 - t0, "process_s": t2 - t1, "peak_rss_mb": peak_rss_mb()}


def run_ours(corpus: Path) -> dict:
    from .extract import run_extract

    with tempfile.TemporaryDirectory() as out:
        summary = run_extract(corpus, Path(out) / "out", quiet=True)
    timings = summary["timings"]
    return {
        "docs": sum(summary["counts"]["documents_by_status"].values()),
        "words": summary["counts"]["words"],
        "load_s": timings["load_seconds"],
        "process_s": timings["process_seconds"],
        "peak_rss_mb": peak_rss_mb(),
    }


def measure(variant: str, corpus: Path) -> dict:
    """Run one variant in a fresh interpreter and return its figures."""
    out = subprocess.run([sys.executable, "-m", "pipeline.bench", variant, str(corpus)], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["docs_per_s"] = figures["docs"] / figures["process_s"]
    figures["words_per_s"] = figures["words"] / figures["process_s"]
    return figures


def markdown(report: dict) -> str:
    lines = [
        f"# Benchmark: {report['n_docs']} documents, {report['n_chars']} characters",
        "",
        "| variant | docs/s | words/s | load s | process s | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in report["variants"].items():
        lines.append(f"| {name} | {r['docs_per_s']:.1f} | {r['words_per_s']:.0f} | {r['load_s']:.1f} | {r['process_s']:.1f} | {r['peak_rss_mb']:.0f} |")
    lines += ["", f"ours / bare words/s: **{report['ratio_words_per_s']:.3f}**", ""]
    return "\n".join(lines)


def run_bench(n_docs: int, sample: Path, report_path: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        chars = build_corpus(sample, n_docs, corpus)
        variants = {"bare fr_core_news_md": measure("bare", corpus), "newsx extract, 1 worker": measure("ours", corpus)}
    bare, ours = variants.values()
    report = {"n_docs": n_docs, "n_chars": chars, "variants": variants, "ratio_words_per_s": ours["words_per_s"] / bare["words_per_s"]}
    report_path = Path(report_path)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    report_path.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return report


if __name__ == "__main__":
    variant, corpus_dir = sys.argv[1], Path(sys.argv[2])
    print(json.dumps({"bare": run_bare, "ours": run_ours}[variant](corpus_dir)))
