"""Open a report in the system's headless Chromium through Playwright: for the browser test, the bench and the README screenshots.

Playwright (a dev extra) drives Debian's `chromium` package, never a browser
of its own (`playwright install` downloads one, which this project's machines
cannot). The flags keep Chromium from calling home at start (component
updates, sync, background networking), so every request the page log shows
comes from the report itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
READY = "body[data-ready]"  # report.js sets it once every view is drawn


def chromium_missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium; .ci/run installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@dataclass
class Visit:
    """One report opened in a page, with what the page logged."""

    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def open_report(report: Path, width: int = 1280, height: int = 900, timeout_ms: int = 30_000) -> Iterator[Visit]:
    """`report.html` loaded and drawn in headless Chromium; console errors, page errors and requests recorded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                    args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            visit = Visit(page)
            page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: visit.errors.append(str(e)))
            page.on("request", lambda r: visit.requests.append(r.url))
            page.goto(Path(report).resolve().as_uri())
            page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
            yield visit
        finally:
            browser.close()
