"""The `newsx` command: extract, eval, bench, show, report.

Exit codes: 0 all documents ok (or empty), 1 some documents failed, 2 usage or
I/O error (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from .errors import Errors, UsageError
from .paths import CONFIG

EXAMPLES = """examples:
  newsx extract --corpus data/corpus --out data/processed
  newsx extract --corpus ../shared/corpus/seeds --out /tmp/seeds --pub-date 2020-08-31
  newsx extract --corpus big/ --out big-tables --workers 2 --resume
  newsx extract --corpus big/ --out big-tables --engine dask --scheduler tcp://10.0.0.5:8786
  newsx eval --out /tmp/seeds --gold ../shared/gold/seeds.jsonl
  newsx show 000_cea1a441efd8a299 --out /tmp/seeds
  newsx bench --sizes 1000,10000
  newsx report --out data/processed          # writes data/processed/report.html
"""


def pub_date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(Errors.E003.format(value=value)) from None


def max_chars_arg(value: str) -> int:
    """A piece size: a whole number of characters, 0 for no splitting."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(Errors.E008.format(value=value))
    return number


def seconds_arg(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(Errors.E009.format(value=value))
    return seconds


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.ArgumentDefaultsHelpFormatter
    parser = argparse.ArgumentParser(prog="newsx", description=__doc__.splitlines()[0], epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="corpus in, tables out", formatter_class=fmt)
    ex.add_argument("--corpus", type=Path, default=Path("data/corpus"), help="corpus directory (read recursively)")
    ex.add_argument("--out", type=Path, default=Path("data/processed"), help="output directory (replaced atomically)")
    ex.add_argument("--pub-date", type=pub_date_arg, default=None, help="publication date for documents with none in metadata (YYYY-MM-DD)")
    ex.add_argument("--max-chars", type=max_chars_arg, default=None, help="piece size in characters (default 20000): longer documents are processed in pieces cut at paragraph, then sentence boundaries, and joined back; 0 to process every document whole")
    ex.add_argument("--doc-timeout", type=seconds_arg, default=None, help="seconds the pipeline may spend on one document (on each piece of a long one); slower ones become E119 error rows (default: no limit; not enforced on dask workers)")
    ex.add_argument("--batch-size", type=int, default=32, help="documents per batch sent to a worker")
    ex.add_argument("--part-docs", type=int, default=1000, help="documents per Parquet part (a run with several parts writes a folder per table)")
    ex.add_argument("--workers", type=int, default=1, help="worker processes (local pool, or dask workers of the LocalCluster)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local", help="where batches run: this machine, or a dask.distributed cluster")
    ex.add_argument("--scheduler", default=None, help="address of an existing dask scheduler (with --engine dask; default: start a LocalCluster)")
    ex.add_argument("--resume", action="store_true", help="skip documents already done in --out (or in its interrupted run) by doc_id and text_sha256")
    ex.add_argument("--config", type=Path, default=CONFIG, help="pipeline config")
    ex.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    ex.add_argument("--log", type=Path, default=None, help="also write warnings and the summary to this file")

    ev = sub.add_parser("eval", help="score an output directory against a gold JSONL (SPEC section 5)", formatter_class=fmt)
    ev.add_argument("--out", type=Path, default=Path("data/processed"), help="output directory of `newsx extract`")
    ev.add_argument("--gold", type=Path, default=Path("data/gold/corpus.jsonl"), help="gold JSONL file")
    ev.add_argument("--texts", type=Path, default=None, help="folder of <doc_id>.txt for gold lines without text (default: the corpus in <out>/run.json)")
    ev.add_argument("--report", type=Path, default=None, help="JSON report path (default: <out>/eval.json)")

    be = sub.add_parser("bench", help="throughput and memory against bare fr_core_news_md", formatter_class=fmt)
    be.add_argument("--sizes", default="1000,10000", help="corpus sizes in documents, comma-separated (empty: no document run)")
    be.add_argument("--incident-rows", default="100000,1000000", help="synthetic event rows to time the incidents grouping on, comma-separated (empty: none)")
    be.add_argument("--long", default=None, help="long documents to run, separated by `;` ('' for none; default: all)")
    be.add_argument("--variants", default=None, help="variant names to run, separated by `;`; the bare one always runs (default: all)")
    be.add_argument("--corpus", type=Path, default=Path("data/corpus"), help="sample corpus the synthetic one is built from")
    be.add_argument("--report", type=Path, default=Path("data/bench/bench.json"), help="JSON report path (a .md table is written beside it)")
    be.add_argument("--report-run", default="10000,50000", help="DOCS,EVENTS of the large run whose HTML report is timed in Chromium (empty: skip)")

    sh = sub.add_parser("show", help="print one document's mentions and events", formatter_class=fmt)
    sh.add_argument("doc_id", help="a doc_id of the documents table")
    sh.add_argument("--out", type=Path, default=Path("data/processed"), help="output directory of `newsx extract`")

    re_ = sub.add_parser("report", help="write <out>/report.html: the run in one file that opens offline in any browser", formatter_class=fmt)
    re_.add_argument("--out", type=Path, default=Path("data/processed"), help="output directory of `newsx extract` (the report is written into it)")
    return parser


def summary_lines(summary: dict) -> list[str]:
    counts = summary["counts"]
    by_status = counts["documents_by_status"]
    return [
        f"documents: {sum(by_status.values())} (ok {by_status['ok']}, empty {by_status['empty']}, error {by_status['error']})",
        "mentions: " + ", ".join(f"{k} {v}" for k, v in counts["mentions_by_label"].items()),
        f"entities: {counts['tables']['entities']}",
        "events: " + (", ".join(f"{k} {v}" for k, v in counts["events_by_type"].items()) or "none"),
        f"time: {summary['timings']['total_seconds']:.1f} s ({summary['timings']['docs_per_second']:.1f} docs/s after loading"
        + (f", {counts['skipped_as_done']} already done" if counts["skipped_as_done"] else "")
        + ")",
    ]


def setup_logging(log: Path | None) -> None:
    """Warnings (bad metadata rows, skipped links) to stderr, and everything to `log` if given."""
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    handlers[0].setLevel(logging.WARNING)
    if log is not None:
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(logging.FileHandler(log, encoding="utf-8"))
        except OSError as e:
            raise UsageError(Errors.E002.format(path=log, reason=e.strerror or e)) from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers, force=True)
    for noisy in ("spacy", "distributed"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "extract":
            setup_logging(args.log)
            from .extract import run_extract

            summary = run_extract(
                args.corpus,
                args.out,
                pub_date=args.pub_date,
                **({} if args.max_chars is None else {"max_chars": args.max_chars or None}),
                doc_timeout=args.doc_timeout,
                batch_size=args.batch_size,
                part_docs=args.part_docs,
                workers=args.workers,
                engine=args.engine,
                scheduler=args.scheduler,
                resume=args.resume,
                config=args.config,
                quiet=args.quiet,
                release_model=True,
            )
            lines = summary_lines(summary) + [f"output: {args.out}"]
            logging.getLogger("newsx").info("; ".join(lines))
            if not args.quiet:
                print("\n".join(lines))
            return 1 if summary["counts"]["documents_by_status"]["error"] else 0
        if args.command == "eval":
            from . import evaluate

            argv_eval = ["--out", str(args.out), "--gold", str(args.gold)]
            for option, value in (("--texts", args.texts), ("--report", args.report)):
                argv_eval += [option, str(value)] if value else []
            return evaluate.main(argv_eval)
        if args.command == "bench":
            from .bench import run_bench

            sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
            incident_rows = [int(n) for n in args.incident_rows.split(",") if n.strip()]
            report_run = tuple(int(n) for n in args.report_run.split(",")) if args.report_run else None
            long_documents = None if args.long is None else [name for name in args.long.split(";") if name]
            run_bench(sizes, args.corpus, args.report, args.variants.split(";") if args.variants else None, incident_rows, report_run, long_documents)
            return 0
        if args.command == "show":
            from .show import show

            print(show(args.out, args.doc_id))
            return 0
        if args.command == "report":
            from .report.page import write_report

            path = write_report(args.out)
            print(f"{path} ({path.stat().st_size / 2**20:.1f} MiB)")
            return 0
    except UsageError as e:
        print(f"newsx: {e}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
