"""`newsx report`: the payload from the shared views, one self-contained HTML file, and the page in a real browser.

The payload tests use the hand-written tiny output of test_notebooks.py
(every count known, incidents grouped by the incidents stage); the browser
test opens the report of the sample corpus (`sample_out`, its incidents as
extraction wrote them) in headless Chromium, as an analyst would.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.report import payload as report_payload
from pipeline.report.browser import chromium_missing, open_report
from pipeline.report.page import render, write_report
from pipeline.views.output import load_output, read_table
from tests.test_notebooks import MOSSOUL, write_corpus, write_output


@pytest.fixture()
def tiny_out(tmp_path) -> Path:
    write_corpus(tmp_path / "corpus")
    return write_output(tmp_path / "out", str(tmp_path / "corpus"))


def unpack(html: str) -> dict:
    """The payload a report carries, its document blocks put back in `docs.by_id`, as report.js reads them."""
    def read(packed: str) -> dict:
        return json.loads(gzip.decompress(base64.b64decode(packed)))

    core = read(re.search(r'<script type="application/octet-stream" id="payload">(.*?)</script>', html, re.S).group(1))
    blocks = [read(b) for b in re.findall(r'<script type="application/octet-stream" class="docs" data-block="\d+">(.*?)</script>', html, re.S)]
    core["docs"]["by_id"] = {doc_id: doc for block in blocks for doc_id, doc in block.items()}
    return core


def test_the_payload_summarises_the_run_and_lists_its_events(tiny_out):
    data = report_payload.build_payload(load_output(tiny_out))
    assert data["summary"]["status"] == {"ok": 2, "error": 1, "empty": 0}
    assert data["summary"]["versions"] == {"newsx": "0.1.0"}
    events = data["tables"]["events"]
    assert [r[1] for r in events["rows"]] == ["AIRSTRIKE", "KILL", "INJURE", "ARREST"]  # by date, as event_table
    assert data["type_names"]["AIRSTRIKE"] == "Frappe aérienne"


def test_documents_carry_their_text_mentions_and_triggers(tiny_out):
    docs = report_payload.build_payload(load_output(tiny_out))["docs"]
    doc = docs["by_id"]["irak/mossoul"]
    assert doc["exact"] and doc["text"] == MOSSOUL
    assert "casse" not in docs["by_id"]  # a failed document has no text
    start, end, trigger_start, trigger_len, event_type, event_id = doc["events"][0]
    assert doc["text"][trigger_start : trigger_start + trigger_len] == "arrêté" and event_type == "ARREST"
    assert event_id == "irak/mossoul:e0"
    s, e, label = doc["mentions"][0]
    assert (doc["text"][s:e], docs["mention_labels"][label]) == ("service antiterroriste irakien", "ORG")


def test_incidents_are_mapped_one_marker_each_sized_by_fatalities(tiny_out):
    # « l'EIIS a tué deux soldats et blessé trois civils près de Baiji »: the deaths and the injured, one marker
    data = report_payload.build_payload(load_output(tiny_out))
    markers = {m[6]: m for m in data["map"]["markers"]}
    assert len(markers) == 3 and not data["map"]["grouped"]
    kill = next(m for m in markers.values() if m[3] == "KILL")
    assert kill[2] == 2 and kill[4] == "Baiji" and kill[7] == ["irak/mossoul"]
    assert data["summary"]["tables"]["incidents"] == 3 and len(data["tables"]["incidents"]["rows"]) == 3
    assert data["timeline"]["series"]["weight"]["KILL"] == [2]


def test_a_crowded_map_groups_markers_by_place(tiny_out, monkeypatch):
    monkeypatch.setattr(report_payload, "MAX_MARKERS", 2)
    data = report_payload.build_payload(load_output(tiny_out))
    assert data["map"]["grouped"] and len(data["map"]["markers"]) == 3  # Mossoul, Baiji, Rutba
    baiji = next(m for m in data["map"]["markers"] if m[4] == "Baiji")
    assert baiji[2] == 2  # its incident's 2 killed


def test_the_report_is_one_deterministic_file_with_nothing_to_fetch(tiny_out, capsys):
    assert main(["report", "--out", str(tiny_out)]) == 0
    path = tiny_out / "report.html"
    assert str(path) in capsys.readouterr().out
    html = path.read_text(encoding="utf-8")
    data = unpack(html)
    assert data["docs"]["by_id"]["depeche-1"]["title"] and data["docs"]["index"]["depeche-1"][0] == 0
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "a resource outside the file"
    assert "<link" not in html and "@import" not in html
    assert html == render(report_payload.build_payload(load_output(tiny_out)))
    assert write_report(tiny_out, tiny_out / "again").read_bytes() == path.read_bytes()


# --- in a browser ------------------------------------------------------------


def _require_chromium() -> None:
    reason = chromium_missing()
    if reason and os.environ.get("CI"):
        pytest.fail(f"the browser test must run in CI: {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def sample_report(sample_out, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("report") / "out"
    shutil.copytree(sample_out, out)
    path = write_report(out)
    return path, unpack(path.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.browser
def test_the_sample_report_works_in_chromium(sample_report):
    _require_chromium()
    path, data = sample_report
    with open_report(path) as visit:
        page = visit.page
        # The map: one marker per geolocated incident.
        page.click("nav button[data-view=map]")
        incidents = read_table(path.parent, "incidents")
        located = int((incidents.latitude.notna() & incidents.longitude.notna()).sum())
        assert located > 10 and data["map"]["n_located"] == located and page.locator("#markers circle").count() == located
        page.locator("#markers circle").first.click(force=True)
        assert page.locator("#popup a").count() >= 1
        # A table filtered by type shows fewer rows, all of that type.
        page.click("nav button[data-view=events]")
        table = page.locator("#view-events")
        before = table.locator(".count").inner_text()
        table.locator("select").select_option("KILL")
        after = table.locator(".count").inner_text()
        assert before != after
        kills = sum(1 for r in data["tables"]["events"]["rows"] if r[1] == "KILL")
        assert after.startswith(f"{kills} ligne")
        assert set(table.locator("tbody .type").evaluate_all("els => els.map(e => e.title)")) == {"KILL"}
        # Clicking an event opens its document, its trigger highlighted.
        row = table.locator("tbody tr").first
        event_id = row.locator("td").last.inner_text()
        row.click()
        page.wait_for_selector("#view-document:not([hidden]) mark.trigger.current")
        doc_id, = (r[6] for r in data["tables"]["events"]["rows"] if r[7] == event_id)
        event = next(e for e in data["docs"]["by_id"][doc_id]["events"] if e[5] == event_id)
        trigger = data["docs"]["by_id"][doc_id]["text"][event[2] : event[2] + event[3]]
        assert page.locator("mark.trigger.current").first.get_attribute("data-event") == event_id
        assert "".join(page.locator("mark.trigger.current").all_inner_texts()) == trigger
        assert page.locator("#view-document .m").count() > 0  # mentions highlighted too
        for view in ("summary", "timeline", "incidents", "entities", "documents"):
            page.click(f"nav button[data-view={view}]")
        assert page.locator("#timeline rect.bar").count() > 0
    assert visit.errors == []
    assert visit.requests == [path.resolve().as_uri()]


@pytest.mark.browser
def test_readme_report_screenshots(tiny_out, tmp_path):
    _require_chromium()
    import runpy

    script = runpy.run_path(str(Path(__file__).resolve().parent.parent / "scripts" / "readme_images.py"))
    written = script["write_report_images"](tiny_out, tmp_path / "img")
    assert [p.name for p in written] == [f"report_{view}.png" for view in script["REPORT_VIEWS"]]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)
