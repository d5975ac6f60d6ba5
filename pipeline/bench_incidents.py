"""`make bench`, incidents: the grouping time on synthetic event rows, against n log n.

Synthetic happenings (an act at a site of one of 36 provinces, told by one to four
documents, each of one to three rows, some without a place) are spread so that a
province sees the same number of rows a day whatever the corpus size: a larger corpus
covers more days, as a real one does. The grouping's cost per row is the number of
open incidents in its province and window, so its time should grow as the sort does:
n log n. Reported, not asserted (the machine's speed drifts).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time

from .resolve.incidents import Place, Report, group_reports
from .tables.incidents import rules

PROVINCES, SITES, ROWS_PER_PROVINCE_DAY = 36, 20, 25
ACTS = ("ATTACK", "AIRSTRIKE", "BOMBING", "SHELLING", "CAPTURE", "SEIZE")
OUTCOMES = ("KILL", "INJURE", "ARREST")
FIRST_DAY = dt.date(2015, 1, 1).toordinal()


def synthetic_reports(n: int, seed: int = 0) -> list[Report]:
    rng = random.Random(seed)
    days = max(1, n // (PROVINCES * ROWS_PER_PROVINCE_DAY))
    reports: list[Report] = []
    docs = 0
    while len(reports) < n:
        province = rng.randrange(PROVINCES)
        site = Place(f"loc:p{province}-s{rng.randrange(SITES)}", "IQ" if province < 18 else "SY", f"p{province}")
        day, act = FIRST_DAY + rng.randrange(days), rng.choice(ACTS)
        for _ in range(rng.randint(1, 4)):
            docs += 1
            published = day + rng.randint(0, 1)
            for sent in range(rng.randint(1, 3)):
                event_type = act if sent == 0 else rng.choice(OUTCOMES)
                reports.append(Report(f"d{docs:08d}", sent, event_type, published, published, site if rng.random() < 0.8 else None))
    return reports[:n]


def time_grouping(sizes: list[int]) -> dict:
    """Seconds to group each size, and the growth from the smallest to the largest against n log n."""
    runs = []
    for n in sizes:
        reports = synthetic_reports(n)
        started = time.perf_counter()
        labels = group_reports(reports, rules())
        runs.append({"rows": n, "seconds": time.perf_counter() - started, "incidents": len(set(labels))})
    first, last = runs[0], runs[-1]
    growth = {
        "time": last["seconds"] / first["seconds"],
        "n log n": last["rows"] * math.log(last["rows"]) / (first["rows"] * math.log(first["rows"])),
        "n": last["rows"] / first["rows"],
    }
    return {"runs": runs, "growth": growth}


def markdown(report: dict) -> str:
    lines = ["| event rows | grouping s | incidents | µs per row |", "|---:|---:|---:|---:|"]
    lines += [f"| {r['rows']} | {r['seconds']:.1f} | {r['incidents']} | {1e6 * r['seconds'] / r['rows']:.1f} |" for r in report["runs"]]
    g = report["growth"]
    lines += ["", f"time grew x{g['time']:.1f} for n log n x{g['n log n']:.1f} (n x{g['n']:.0f})"]
    return "\n".join(lines) + "\n"
