"""Draw the README pictures from an extraction of the sample corpus, with the notebooks' own functions.

Reads
  an output directory of `newsx extract` (--out), or, by default, extracts
  data/corpus into a temporary directory first (about 20 s).
Writes (--img, default docs/img/)
  events_by_type.png    events per type            (notebook 02, `nb.plot_events_by_type`)
  events_by_month.png   events per month and type  (notebook 02, `nb.plot_events_by_month`)
  events_map.png        events by place, offline   (notebook 02, `nb.plot_event_map`)
  report_<view>.png     each view of the HTML report (`newsx report`), shot in headless Chromium
                        (`pipeline/report/browser.py`; skipped with a message where Chromium is absent)

The figures are the ones the notebooks show, so the README never drifts from
them in kind; rerun this script after a change to the pipeline or to
`pipeline/notebook.py`. PNG metadata carries no software version, so the
files only change when the picture does.

    .venv/bin/python scripts/readme_images.py [--out data/processed] [--img docs/img]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import notebook as nb  # noqa: E402

IMAGES = {
    "events_by_type.png": lambda out: nb.plot_events_by_type(out.events),
    "events_by_month.png": lambda out: nb.plot_events_by_month(out.events),
    "events_map.png": lambda out: nb.plot_event_map(out.events),
}
DPI = 100
# Report views shot for the README: the nav button to press, then what to click inside the view (None: nothing).
REPORT_VIEWS = {
    "summary": None,
    "map": "#markers circle >> nth=0",
    "timeline": None,
    "events": None,
    "entities": None,
    "document": None,
}


def write_images(out_dir: Path, img_dir: Path) -> list[Path]:
    """Draw every picture of IMAGES from the output in `out_dir` into `img_dir`; returns the files written."""
    output = nb.load_output(out_dir)
    img_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in IMAGES.items():
        path = img_dir / name
        draw(output).savefig(path, dpi=DPI, metadata={"Software": None})
        written.append(path)
    return written


def write_report_images(out_dir: Path, img_dir: Path) -> list[Path]:
    """Write the report of `out_dir` and a screenshot of each view of REPORT_VIEWS; the document view is the first event's."""
    from pipeline.report.browser import chromium_missing, open_report
    from pipeline.report.page import write_report

    reason = chromium_missing()
    if reason:
        print(f"report screenshots skipped: {reason}", file=sys.stderr)
        return []
    img_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        with open_report(write_report(out_dir, tmp), height=760) as visit:
            page = visit.page
            for view, click in REPORT_VIEWS.items():
                if view == "document":
                    page.click("nav button[data-view=events]")
                    page.click("#view-events tbody tr >> nth=0")
                    page.wait_for_selector("mark.trigger.current")
                else:
                    page.click(f"nav button[data-view={view}]")
                if click:
                    page.locator(click).click(force=True)
                path = img_dir / f"report_{view}.png"
                page.screenshot(path=str(path))
                written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="an existing `newsx extract` output directory (default: extract data/corpus now)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus", help="corpus to extract when --out is not given")
    parser.add_argument("--img", type=Path, default=ROOT / "docs" / "img", help="where the PNG files go")
    args = parser.parse_args(argv)
    if args.out is not None:
        written = write_images(args.out, args.img) + write_report_images(args.out, args.img)
    else:
        from pipeline.extract import run_extract

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            run_extract(args.corpus, out, quiet=True)
            written = write_images(out, args.img) + write_report_images(out, args.img)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
