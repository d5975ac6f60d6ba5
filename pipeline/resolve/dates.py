"""French date expressions found in text and resolved to calendar ranges.

`DateGrammar` compiles the word lists of `models/dates/` into regular
expressions; `find()` returns non-overlapping matches with what they say
(`DateExpr`), and `resolve()` turns one into a `DateValue` against a
publication date. Resolution goes toward the past unless the expression or
the caller says future: a news article mostly reports what happened.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

D = dt.date


@dataclass(frozen=True)
class DateValue:
    value: str  # TIMEX3-like: 2020-08-21, 2020-08, 2014, 2017-W43, 2020-07/2020-08, XXXX-11-03, PAST_REF
    start: D | None
    end: D | None
    granularity: str  # day | week | month | year | range

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "granularity": self.granularity,
        }


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    kind: str
    fields: dict = field(default_factory=dict)


def month_end(year: int, month: int) -> D:
    return D(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def week_of(day: D) -> DateValue:
    monday = day - dt.timedelta(days=day.weekday())
    iso = monday.isocalendar()
    return DateValue(f"{iso[0]}-W{iso[1]:02d}", monday, monday + dt.timedelta(days=6), "week")


def month_value(year: int, month: int) -> DateValue:
    return DateValue(f"{year}-{month:02d}", D(year, month, 1), month_end(year, month), "month")


def year_value(year: int) -> DateValue:
    return DateValue(str(year), D(year, 1, 1), D(year, 12, 31), "year")


def day_value(day: D) -> DateValue:
    return DateValue(day.isoformat(), day, day, "day")


def range_value(start: D, end: D, value: str | None = None) -> DateValue:
    return DateValue(value or f"{start.isoformat()}/{end.isoformat()}", start, end, "range")


def safe_date(year: int, month: int, day: int) -> D | None:
    try:
        return D(year, month, day)
    except ValueError:
        return None


def year_for(month: int, day: int, pub: D, future: bool) -> int:
    """The year that puts (month, day) on or before `pub` (on or after it when `future`)."""
    candidate = safe_date(pub.year, month, min(day, 28 if month == 2 else day)) or D(pub.year, month, 1)
    if future:
        return pub.year if candidate >= pub else pub.year + 1
    return pub.year if candidate <= pub else pub.year - 1


class DateGrammar:
    """Regular expressions built from `words` (kind, word, value) and `relative` (pattern, unit, offset) rows."""

    def __init__(self, words: list[dict[str, str]], relative: list[dict[str, str]]):
        self.words: dict[str, dict[str, str]] = {}
        for row in words:
            self.words.setdefault(row["kind"], {})[row["word"].casefold()] = row["value"]
        self.relative = [(re.compile(rf"\b(?:{r['pattern']})(?!\w)", re.IGNORECASE), r["unit"], int(r["offset"])) for r in relative]
        alt = lambda kind: "|".join(re.escape(w) for w in sorted(self.words.get(kind, {}), key=len, reverse=True)) or "(?!)"  # noqa: E731
        month, weekday, number, unit = alt("month"), alt("weekday"), alt("number"), alt("unit")
        part, season = alt("part"), alt("season")
        day = r"1er|[12]\d|3[01]|0?[1-9]"
        year = r"(?:1[89]|20)\d{2}"
        num = rf"(?:\d{{1,2}}|{number})"
        self.patterns: list[tuple[str, re.Pattern]] = [
            (kind, re.compile(p, re.IGNORECASE))
            for kind, p in [
                ("day_range", rf"\b(?:du|entre le) (?P<d1>{day})(?: (?P<m1>{month}))? (?:au|et le) (?P<d2>{day}) (?P<m2>{month})(?: (?P<y>{year}))?(?!\w)"),
                ("iso", rf"\b(?P<y>{year})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
                ("numeric", rf"\b(?P<d>0?[1-9]|[12]\d|3[01])/(?P<m>0?[1-9]|1[0-2])/(?P<y>{year})\b"),
                ("day", rf"(?:\b(?P<w>{weekday})\s+)?(?:\b(?:le|Le)\s+)?\b(?P<d>{day})\s+(?P<m>{month})(?:\s+(?P<y>{year}))?(?!\w)"),
                ("part", rf"\b(?:(?:au|en|à la|à|dès la|dès le|depuis la|depuis le|le|la) )?(?P<p>{part})[- ](?:(?:de |d')?(?P<m>{month}))(?: (?P<y>{year}))?(?!\w)"),
                ("season", rf"\b(?:l['’]|cet |cette |ce |au |en )(?P<s>{season})(?: (?P<dir>dernier|passé|prochain)| (?P<y>{year}))?(?!\w)"),
                ("month", rf"\b(?:(?:en|au mois de|le mois de|depuis|fin|début) )?(?P<m>{month})(?: (?P<y>{year}))(?!\w)"),
                ("month", rf"\b(?:en|au mois de|depuis) (?P<m>{month})(?!\w)"),
                ("year_range", rf"\b(?:de|entre) (?P<y1>{year}) (?:à|et) (?P<y2>{year})\b"),
                ("year", rf"\b(?:en|depuis|dès|avant|après|fin|début|courant|l['’]année|l['’]an) (?P<y>{year})\b"),
                ("ago", rf"\bil y a (?:environ |près de |plus de )?(?P<n>{num}|un|une) (?P<u>{unit})(?!\w)"),
                ("last_n", rf"\b(?:au cours|au long|lors|pendant|durant) (?:des|de ces) (?P<n>{num}) (?:derniers|dernières) (?P<u>{unit})(?!\w)"),
                ("last_n", rf"\b(?:ces|les) (?P<n>{num}) (?:derniers|dernières) (?P<u>{unit})(?!\w)"),
                ("since_start", r"\bdepuis le début (?:de l['’]|du |de la )(?P<u>année|mois|semaine)(?!\w)"),
                ("weekday", rf"\b(?P<w>{weekday})(?: (?P<dir>dernier|prochain|passé))?(?!\w)"),
            ]
        ]

    def find(self, text: str) -> list[DateExpr]:
        """All date expressions, earlier patterns winning over later ones they overlap."""
        found: list[DateExpr] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or b <= s for a, b in taken)

        candidates = [(kind, m) for kind, p in self.patterns for m in p.finditer(text)]
        candidates += [("relative", (rx, u, o, m)) for rx, u, o in self.relative for m in rx.finditer(text)]
        for kind, m in candidates:
            if kind == "relative":
                _, unit, offset, match = m
                s, e = match.span()
                fields = {"unit": unit, "offset": offset}
                kind = "past_ref" if unit == "past_ref" else "relative"
            else:
                s, e = m.span()
                fields = {k: v for k, v in m.groupdict().items() if v is not None}
            if free(s, e):
                found.append(DateExpr(s, e, kind, fields))
                taken.append((s, e))
        return sorted(found, key=lambda x: x.start)

    def _num(self, word: str) -> int:
        word = word.casefold()
        if word.isdigit():
            return int(word)
        if word in ("un", "une"):
            return 1
        return int(self.words["number"][word])

    def _month(self, word: str) -> int:
        return int(self.words["month"][word.casefold()])

    def resolve(self, expr: DateExpr, pub: D | None, future: bool = False) -> DateValue:
        """Calendar range of `expr` against publication date `pub` (None: unknown)."""
        f, k = expr.fields, expr.kind
        if k == "past_ref":
            return DateValue("PAST_REF", None, None, "range")
        if k in ("iso", "numeric"):
            day = safe_date(int(f["y"]), int(f["m"]), int(f["d"]))
            return day_value(day) if day else DateValue("XXXX", None, None, "day")
        if k == "day":
            d = 1 if f["d"].casefold() == "1er" else int(f["d"])
            m = self._month(f["m"])
            if "y" in f:
                y = int(f["y"])
            elif pub:
                y = year_for(m, d, pub, future)
            else:
                return DateValue(f"XXXX-{m:02d}-{d:02d}", None, None, "day")
            day = safe_date(y, m, d)
            return day_value(day) if day else DateValue(f"XXXX-{m:02d}-{d:02d}", None, None, "day")
        if k == "day_range":
            m2 = self._month(f["m2"])
            m1 = self._month(f["m1"]) if "m1" in f else m2
            d1 = 1 if f["d1"].casefold() == "1er" else int(f["d1"])
            d2 = 1 if f["d2"].casefold() == "1er" else int(f["d2"])
            if "y" in f:
                y2 = int(f["y"])
            elif pub:
                y2 = year_for(m2, d2, pub, future)
            else:
                return DateValue(f"XXXX-{m1:02d}-{d1:02d}/XXXX-{m2:02d}-{d2:02d}", None, None, "range")
            y1 = y2 - 1 if m1 > m2 else y2
            a, b = safe_date(y1, m1, d1), safe_date(y2, m2, d2)
            return range_value(a, b) if a and b else DateValue("XXXX", None, None, "range")
        if k in ("part", "month"):
            m = self._month(f["m"])
            if "y" in f:
                y = int(f["y"])
            elif pub:
                y = year_for(m, 1, pub, future) if (m != pub.month or future) else pub.year
            else:
                return DateValue(f"XXXX-{m:02d}", None, None, "month" if k == "month" else "range")
            if k == "month":
                return month_value(y, m)
            first, last = self.words["part"][f["p"].casefold()].split("-")
            last_day = month_end(y, m).day if last == "end" else int(last)
            return range_value(D(y, m, int(first)), D(y, m, last_day))
        if k == "year":
            return year_value(int(f["y"]))
        if k == "year_range":
            return range_value(D(int(f["y1"]), 1, 1), D(int(f["y2"]), 12, 31), f"{f['y1']}/{f['y2']}")
        if pub is None:
            return DateValue("XXXX", None, None, "range")
        if k == "season":
            first, last = (int(x) for x in self.words["season"][f["s"].casefold()].split("-"))
            if "y" in f:
                y = int(f["y"])
            elif f.get("dir") in ("dernier", "passé"):
                end_year = pub.year if (last < first or pub > month_end(pub.year, last)) else pub.year - 1
                y = end_year - 1 if last < first else end_year
                if last < first and pub.month <= last:
                    y -= 1
            elif f.get("dir") == "prochain":
                y = pub.year if pub.month < first else pub.year + 1
            else:
                y = pub.year
            end_y = y + 1 if last < first else y
            return range_value(D(y, first, 1), month_end(end_y, last))
        if k == "weekday":
            target = int(self.words["weekday"][f["w"].casefold()])
            direction = f.get("dir")
            if direction == "prochain" or (future and direction is None):
                delta = (target - pub.weekday()) % 7 or (7 if direction else 0)
                return day_value(pub + dt.timedelta(days=delta))
            delta = (pub.weekday() - target) % 7 or (7 if direction else 0)
            return day_value(pub - dt.timedelta(days=delta))
        if k == "relative":
            unit, offset = f["unit"], f["offset"]
            return self._shift(pub, unit, offset)
        if k == "ago":
            return self._shift(pub, self.words["unit"][f["u"].casefold()], -self._num(f["n"]))
        if k == "last_n":
            n, unit = self._num(f["n"]), self.words["unit"][f["u"].casefold()]
            if unit == "month":
                y, m = add_months(pub.year, pub.month, -(n - 1))
                return range_value(D(y, m, 1), pub, f"{y}-{m:02d}/{pub.year}-{pub.month:02d}")
            days = {"day": n, "week": 7 * n, "year": 365 * n}[unit]
            return range_value(pub - dt.timedelta(days=days), pub)
        if k == "since_start":
            unit = f["u"].casefold()
            start = D(pub.year, 1, 1) if unit == "année" else D(pub.year, pub.month, 1) if unit == "mois" else pub - dt.timedelta(days=pub.weekday())
            return range_value(start, pub)
        raise ValueError(f"unknown date expression kind {k!r}")

    @staticmethod
    def _shift(pub: D, unit: str, offset: int) -> DateValue:
        if unit == "day":
            return day_value(pub + dt.timedelta(days=offset))
        if unit == "week":
            return week_of(pub + dt.timedelta(weeks=offset))
        if unit == "month":
            return month_value(*add_months(pub.year, pub.month, offset))
        return year_value(pub.year + offset)
