"""French date expressions found in text and resolved to calendar ranges.

`DateGrammar` compiles the word lists of `models/dates/` into regular
expressions; `find()` returns non-overlapping matches with what they say
(`DateExpr`), and `resolve()` turns one into a `DateValue` against a
publication date. Resolution goes toward the past unless the expression
(`prochain`, `dans trois jours`) or the caller (`future=True`: the sentence is in
the future tense) says future: a news article mostly reports what happened.

Conventions (SPEC section 3 and its gold files): `fin janvier` = 21st..end,
`début` = 1st..10th, `mi-` = 11th..20th; `l'été dernier` = June..August; `fin 2019` =
October..December; a date keeps its own value whatever preposition leads it (`depuis
mars 2013` is March 2013), while periods that say they run to the present do (`depuis le
début de l'année`, `au cours des trois derniers mois`: from the 1st of the month two months
before the publication date to it); a relative count keeps its unit as granularity (TIMEX3: `il y a trois
mois` is that month, `il y a trois jours` that day, `il y a deux ans jour pour jour` that
day); `la veille`, `le lendemain`, `trois jours plus tard` count from the day just told
(`resolve_all`); vague past references (`récemment`) are PAST_REF with no range. What is left alone on purpose: times of day (`à 14h40` is not part
of the span), bare numbers that could be counts (`17 2`), durations without
`il y a`/`dans` (`pendant trois ans` is a QUANTITY for SPEC).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from text_to_num import text2num

from .scan import PatternSet

D = dt.date

# Apostrophe look-alikes and no-break spaces, mapped one character to one so that offsets hold.
SAME_LENGTH = str.maketrans({**{c: "'" for c in "’ʼʻ՚ꞌ＇′‵ʹ‘`´"}, "\u00a0": " ", "\u202f": " "})
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
THAT = re.compile(r"\s?-\s?là\b")


def fold(text: str) -> str:
    """`text` in lower case with apostrophe and space look-alikes unified, offset for offset.

    The grammar's patterns are compiled without re.IGNORECASE and run on this:
    case-insensitive matching costs sre its fast first-character checks, and
    the date patterns ran twice as slow with it.
    """
    text = text.translate(SAME_LENGTH)
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


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


UNRESOLVED = DateValue("XXXX", None, None, "range")


def month_end(year: int, month: int) -> D:
    return D(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_months(day: D, months: int) -> D:
    """`day` moved by whole months, clipped to the target month's last day (31 March - 1 month = 28/29 February)."""
    y, m = add_months(day.year, day.month, months)
    return D(y, m, min(day.day, calendar.monthrange(y, m)[1]))


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


def pick_year(make: Callable[[int], tuple[D, D] | None], pub: D, future: bool) -> int | None:
    """The year whose period `make(year)` = (start, end) is the latest to start on or before
    `pub` (the earliest to end on or after it when `future`). Years where the period does not
    exist (29 February) are skipped, up to eight years away."""
    years = range(pub.year + 1, pub.year - 9, -1) if not future else range(pub.year - 1, pub.year + 9)
    for year in years:
        period = make(year)
        if period and (period[1] >= pub if future else period[0] <= pub):
            return year
    return None


def year_for(month: int, day: int, pub: D, future: bool) -> int | None:
    """The year that puts (month, day) on or before `pub` (on or after it when `future`)."""

    def make(year):
        date = safe_date(year, month, day)
        return (date, date) if date else None

    return pick_year(make, pub, future)


def two_digit_year(text: str) -> int:
    """`14` -> 2014, `74` -> 1974: two-digit years below 50 are this century's."""
    value = int(text)
    return value if len(text) == 4 else (2000 + value if value < 50 else 1900 + value)


def weekday_near(pub: D, target: int, future: bool, strict: bool = False) -> D:
    """The `target` weekday nearest to `pub` going back (forward when `future`); `pub` itself unless `strict`."""
    if future:
        delta = (target - pub.weekday()) % 7 or (7 if strict else 0)
        return pub + dt.timedelta(days=delta)
    delta = (pub.weekday() - target) % 7 or (7 if strict else 0)
    return pub - dt.timedelta(days=delta)


class DateGrammar:
    """Regular expressions built from `words` (kind, word, value) and `relative` (pattern, unit, offset) rows.

    With no rows (a component before `initialize()`), only forms made of digits are found.
    """

    def __init__(self, words: list[dict[str, str]], relative: list[dict[str, str]]):
        self.words: dict[str, dict[str, str]] = {}
        for row in words:
            self.words.setdefault(row["kind"], {})[row["word"].casefold()] = row["value"]
        self.relative = [
            (re.compile(rf"\b(?:{r['pattern']})(?!\w)"), r["unit"], int(r["offset"]), r.get("anchor") == "event") for r in relative
        ]
        self.relative_set = PatternSet([rx for rx, *_ in self.relative])  # rare: one scan for all rows

        def alt(*kinds: str) -> str:
            words = sorted({w for kind in kinds for w in self.words.get(kind, {})}, key=len, reverse=True)
            return "(?:" + "|".join(re.escape(w) + (r"(?!\w)" if w[-1].isalnum() else "") for w in words) + ")" if words else "(?!)"

        month_full, month = alt("month"), alt("month", "month_abbr")
        weekday, weekday_abbr = alt("weekday"), alt("weekday_abbr")  # abbreviations only before a date or a time
        unit, number = alt("unit"), alt("number")
        part, week_part, year_part = alt("part"), alt("week_part"), alt("year_part")
        season, holiday, decade = alt("season"), alt("holiday"), alt("decade")
        phrases = sorted((w for w in self.words.get("holiday", {}) if re.search(r"[\s-]", w)), key=len, reverse=True)
        holiday_phrase = "(?:" + "|".join(re.escape(w) for w in phrases) + ")" if phrases else "(?!)"
        numw = rf"{number}(?:(?:-|\s+)(?:et(?:-|\s+))?{number})*"
        year = r"(?:1[89]|20)\d{2}"
        yy = r"(?:(?:1[89]|20)\d{2}|\d{2})"
        dd, mm = r"(?:[12]\d|3[01]|0?[1-9])", r"(?:1[0-2]|0?[1-9])"
        dn = rf"(?:{dd}(?:er|re|ère|ème|eme|e)?(?!\d)|premier|{numw})"
        end_of_phrase = r"(?=\s*(?:[,.;:!?)\]]|$))"
        yy_tail = rf"\s+(?P<yy>\d{{2}}){end_of_phrase}"
        count = rf"(?:\d{{1,3}}|{numw})"
        dur = rf"{count}\s+{unit}(?:\s*,?\s*(?:et\s+)?{count}\s+{unit})*"
        approx = r"(?:environ\s+|près\s+de\s+|plus\s+de\s+|à\s+peu\s+près\s+|quelque\s+)?"
        self.count_unit = re.compile(rf"(?P<n>{count})\s+(?P<u>{unit})")
        prep = r"(?:(?:au|en|à la|à|dès la|dès le|depuis la|depuis le|vers la|vers le|le|la|dès|depuis|vers)\s+)?"
        day_side = lambda i: rf"\b(?:(?P<w{i}>{weekday})\s+)?(?P<d{i}>{dn})(?:\s+(?:de\s+)?(?P<m{i}>{month}))?(?:\s+(?P<y{i}>{year}))?"  # noqa: E731
        # What a pattern cannot match without, checked once per text: most texts have no `12/03`
        # and many no month name, and a cheap search skips the costly patterns that need one.
        gates = {"digit-digit": r"\d[-/.]\d", "digit-sep": r"\d[/-]|[/-]\d", "month": month, "part": alt("part", "week_part", "year_part"), "season": season, "holiday": holiday}
        self.gates = {name: re.compile(p) for name, p in gates.items()}
        self.patterns: list[tuple[str, re.Pattern, str | None]] = [
            (kind, re.compile(p), gate[0] if gate else None)
            for kind, p, *gate in [
                ("numeric", rf"\b(?P<y>{year})-(?P<m>{mm})-(?P<d>{dd})(?!\d)", "digit-digit"),
                ("parts3", rf"(?<![\w/.-])(?P<a>{month}|{year}|{dd})[/-](?P<b>{month}|{year}|{dd})[/-](?P<c>{month}|{year}|{dd})(?![\w/-])", "digit-sep"),
                ("numeric_range", rf"(?<![\d/.])(?P<d1>{dd})/(?P<m1>{mm})(?:/(?P<y1>{yy}))?\s*[-–]\s*(?P<d2>{dd})/(?P<m2>{mm})(?:/(?P<y2>{yy}))?(?![\d/])", "digit-digit"),
                ("numeric", rf"(?:\b(?P<w>{weekday}|{weekday_abbr})\s*,?\s+)?(?:\b(?P<le>le|du|au)\s+)?(?<![\d/.,])(?P<d>{dd})(?P<sep>[/.])(?P<m>{mm})(?:(?P=sep)(?P<y>{yy}))?(?![\d/]|[.,]\d)", "digit-digit"),
                ("day_range", rf"(?:\b(?P<pre>du|entre\s+le|entre|de|les|le)\s+)?(?:\ble\s+)?{day_side(1)}\s*(?P<sep>au|à|jusqu'au|jusqu'à|-|–|et\s+le|et)\s*(?:\ble\s+)?{day_side(2)}(?!\w|[:h.,]\d)"),
                ("weekday_range", rf"\b(?:(?:dans\s+)?la\s+nuit\s+)?(?:de|du)\s+(?P<w1>{weekday})\s+(?:à|au)\s+(?P<w2>{weekday})(?!\w)"),
                ("day", rf"(?:\b(?P<w>{weekday}|{weekday_abbr})\s*,?\s+)?(?:\b(?:le|Le)\s+)?(?<![\d,.])\b(?P<d>{dn})\s+(?P<m>{month})(?:\s+(?:de\s+)?(?P<y>{year})(?![\d,.]\d)|{yy_tail})?(?!\w)", "month"),
                ("day", rf"(?:\b(?P<w>{weekday}|{weekday_abbr})\s*,?\s+)?\b(?P<m>{month})\s+(?P<d>{dn}),?\s+(?:de\s+)?(?P<y>{year})(?!\w)", "month"),
                ("day", rf"\b(?P<m>{month_full})\s+(?P<d>{dn}){end_of_phrase}", "month"),
                ("day_range", rf"\b(?P<m1>{month_full})\s+(?P<d1>{dd})\s*(?P<sep>[-–])\s*(?P<d2>{dd}){end_of_phrase}", "month"),
                ("weekday_day", rf"\b(?P<w>{weekday})\s+(?P<d>{dn})(?=\s*(?:[,.;:!?)\]]|$)|\s+(?:à|au|et|dans|vers|en|matin|soir|après-midi)\b)"),
                ("weekday_day", rf"\ble\s+(?P<d>{dd})\s+(?P<w>{weekday})(?!\w)"),
                ("ordinal_day", rf"\b(?:le\s+)?(?P<o>premier|dernier|{dd}(?:e|ème|eme))\s+jour\s+(?:de\s+|d')(?P<m>{month_full})(?:\s+(?P<y>{year}))?(?!\w)", "month"),
                ("ordinal_week", rf"\b(?:la\s+)?(?P<o>premi[eè]re|derni[eè]re)\s+semaine\s+(?:de\s+|d')(?P<m>{month_full})(?:\s+(?P<y>{year}))?(?!\w)", "month"),
                ("week_of", rf"\b(?:la\s+)?semaine\s+du\s+(?P<d>{dn})\s+(?P<m>{month})(?:\s+(?P<y>{year}))?(?!\w)", "month"),
                ("since_start", r"\bdepuis le début (?:de l'|du |de la )(?P<u>année|mois|semaine)(?!\w)"),
                ("part", rf"\b{prep}(?P<p>{part})(?:-|\s+(?:du\s+mois\s+)?(?:de\s+|d')|\s+)(?P<m>{month_full})(?:\s+(?P<y>{year}))?(?!\w)", "month"),
                ("unit_part", rf"\b(?:(?:au|en|à la|à|dès la|dès le|dès|depuis la|depuis le|vers la|vers le|la|le)\s+)?(?P<p>{week_part}|{year_part}|{part})(?:-|\s+)(?:de\s+la\s+|du\s+|de\s+l'|d'|de\s+)(?P<u>semaine|mois|année)(?!\w)", "part"),
                ("year_part", rf"\b(?:(?:au|en|à la|à|dès|depuis|vers)\s+)?(?P<p>{year_part})(?:-|\s+(?:de\s+l'année\s+)?)(?P<y>{year})(?!\w)", "part"),
                ("season", rf"\b(?:l'|cet |cette |ce |au |en |à l'|durant l'|pendant l')(?P<s>{season})(?: (?P<dir>dernier|passé|prochain)| (?P<y>{year}))?(?!\w)", "season"),
                ("month", rf"\b(?:(?P<pre>en|au\s+mois\s+de|au\s+mois\s+d'|le\s+mois\s+de|le\s+mois\s+d'|ce\s+mois\s+de|ce\s+mois\s+d'|depuis|dès|courant|cet|cette|ce|jusqu'en|avant|après)\s+)?(?P<m>{month_full})(?:\s+(?:de\s+l'année\s+)?(?P<y>{year})(?![\d,.]\d)|{yy_tail})?(?!\w)", "month"),
                ("month", rf"\b(?P<y>{year})-(?P<m>0[1-9]|[1-9])(?![\d-])"),
                ("decade", rf"\b(?:les\s+|des\s+|aux\s+|dans\s+les\s+)?années\s+(?P<dec>(?:19|20)\d0|{decade})(?!\w)"),
                ("year_range", rf"\b(?:de|entre|depuis)\s+(?P<y1>{year})\s+(?:à|et|jusqu'à|jusqu'en)\s+(?P<y2>{year})\b"),
                ("year_range", rf"(?:\b(?:en|de|depuis|pour)\s+)?(?<![\d/.-])\b(?P<y1>{year})\s*[-–]\s*(?P<y2>{year})(?![\d/.-])"),
                ("year", rf"\b(?P<pre>en|depuis|dès|avant|après|courant|l'année|l'an|jusqu'en|jusqu'à|d'ici|par\s+rapport\s+à|vers|à\s+partir\s+de|au\s+cours\s+de\s+l'année)\s+(?P<y>{year})(?![\d,.]\d|\s*%)\b"),
                ("ago", rf"\bil\s+y\s*a\s+{approx}(?P<dur>{dur})(?:,?\s+(?P<same_day>jour\s+pour\s+jour))?(?!\w)"),
                ("in", rf"\bdans\s+{approx}(?P<dur>{dur})(?!\w)"),
                ("later", rf"\b(?P<dur>{dur})\s+(?P<dir>plus\s+tard|après|plus\s+tôt|auparavant)(?!\w)(?!\s+(?:(?:le|la|les|son|sa|ses|leur|leurs|cette|ce|cet|de|du|des|que)\b|l'|d'|qu'))"),
                ("last_n", rf"\b(?:au cours|au long|lors|pendant|durant) (?:des|de ces) (?P<n>{count}) (?P<dir>derniers|dernières|prochains|prochaines) (?P<u>{unit})(?!\w)"),
                ("last_n", rf"\b(?:ces|les) (?P<n>{count}) (?P<dir>derniers|dernières|prochains|prochaines) (?P<u>{unit})(?!\w)"),
                ("weekday", rf"\b(?:(?P<this>ce|cette)\s+)?(?P<w>{weekday})"
                 rf"(?:\s+(?P<dir>dernier|prochain|passé|suivant|d'après|précédent)"
                 rf"|\s+(?:de\s+)?(?P<wk>la|cette)\s+semaine(?:\s+(?P<wdir>derni[eè]re|pass[ée]e|précédente|prochaine|suivante|d'après|qui\s+suit))?"
                 rf"|\s+en\s+(?P<en>huit|8|quinze|15))?(?!\w)"),
                ("weekday", rf"\b(?P<w>{weekday_abbr})(?=\s+\d{{1,2}}[:h]\d)"),
                ("day_only", rf"\b(?:le|Le)\s+(?P<d>{dd})(?:er)?(?=\s*(?:[,;:!?)\]]|\.(?!\d)|$)|\s+(?:à|au|et|dans|vers|matin|soir|après-midi)\b)"),
                # a one-word holiday needs its article or preposition (`Clément Noël`, `Toussaint Louverture` are names)
                ("holiday", rf"\b(?:(?:le\s+)?jour\s+de\s+(?:la\s+)?|(?:la\s+)?journée\s+de\s+(?:la\s+)?|(?:(?:à|avant|après|depuis|dès|pour|jusqu'à|de)\s+)?(?:la|le)\s+|(?:à|avant|après|depuis|dès|pour|jusqu'à|de)\s+)(?P<h>{holiday})(?:\s+(?P<y>{year}))?(?!\w)", "holiday"),
                ("holiday", rf"\b(?P<h>{holiday_phrase})(?:\s+(?P<y>{year}))?(?!\w)", "holiday"),
            ]
        ]

    # ------------------------------------------------------------------ finding

    def find(self, text: str) -> list[DateExpr]:
        """All date expressions, longest first; ties go to the earlier pattern. None inside URLs."""
        norm = fold(text)
        urls = [m.span() for m in URL.finditer(norm)]
        candidates = []
        open_gates: dict[str, bool] = {}
        for rank, (kind, pattern, gate) in enumerate(self.patterns):
            if gate is not None:
                if gate not in open_gates:
                    open_gates[gate] = self.gates[gate].search(norm) is not None
                if not open_gates[gate]:
                    continue
            for m in pattern.finditer(norm):
                fields = {k: v for k, v in m.groupdict().items() if v is not None}
                if self._valid(kind, fields, norm, m):
                    candidates.append((m.start(), m.end(), rank, kind, fields))
        for index, m in self.relative_set.finditer(norm):
            _, unit, delta, on_event = self.relative[index]
            kind = "past_ref" if unit == "past_ref" else "relative"
            fields = {"unit": unit, "offset": delta, **({"on_event": True} if on_event else {})}
            candidates.append((m.start(), m.end(), len(self.patterns) + index, kind, fields))
        found: list[DateExpr] = []
        for s, e, _, kind, fields in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
            if s == e or any(a <= s < b for a, b in urls) or THAT.match(norm, e):
                continue  # `cette année-là`, `ce jour-là` point at another date of the story
            if all(e <= x.start or x.end <= s for x in found):
                found.append(DateExpr(s, e, kind, fields))
        return sorted(found, key=lambda x: x.start)

    def _valid(self, kind: str, f: dict, text: str, m: re.Match) -> bool:
        """Checks a regex cannot make: day numbers in range, a month somewhere in a day range, one role each in `parts3`."""
        if kind in ("day", "weekday_day", "week_of", "day_only"):
            return self._day(f["d"]) is not None
        if kind == "numeric":
            if "y" in f:
                return True
            # d/m without a year only after `le`/`du`/`au`, when both halves have two digits (31/10, 22/04) or
            # when the day is above 12 (29/2: no other reading); `1/3` is a fraction.
            return f.get("sep") == "/" and ("le" in f or (len(f["d"]) == 2 and len(f["m"]) == 2) or int(f["d"]) > 12)
        if kind == "parts3":
            return self._parts3(f) is not None
        if kind == "year_range":
            return int(f["y1"]) < int(f["y2"])
        if kind == "day_range":
            if self._day(f["d1"]) is None or self._day(f["d2"]) is None:
                return False
            sep, pre = f["sep"].strip().casefold(), re.sub(r"\s+", " ", f.get("pre", "").casefold())
            if pre in ("les", "le") and sep.startswith("et") and "m2" in f:
                return True  # `les 7 et 8 août`: two days, read as the range that holds them
            if sep in ("-", "–") and not (f["d1"][0].isdigit() and f["d2"][0].isdigit()):
                return False  # `3 juin 2019 – Un attentat…`: a dash joins days written in digits
            if sep.startswith("et") != pre.startswith("entre"):
                return False
            if sep in ("à", "jusqu'à") and pre not in ("de", "du"):
                return False  # `11 décembre à 09:00` is a time, `de 3 à 5 mars` a range
            if "m1" in f or "m2" in f:
                return True
            # no month at all: only `du 13 au 18` / `entre le 13 et le 18`, and not before a noun (`du 13 au 18 %`)
            return pre in ("du", "entre le") and re.match(r"\s*(?:[,.;:!?)]|$)", text[m.end() :]) is not None
        return True

    def _day(self, word: str) -> int | None:
        word = word.casefold()
        if word == "premier":
            return 1
        digits = re.match(r"\d+", word)
        try:
            value = int(digits.group()) if digits else self._num(word)
        except ValueError:
            return None
        return value if 1 <= value <= 31 else None

    def _num(self, word: str) -> int:
        word = re.sub(r"[\s-]+", " ", word.casefold()).strip()
        if word.isdigit():
            return int(word)
        return int(text2num(word, "fr"))

    def _month(self, word: str) -> int:
        word = word.casefold()
        if word.isdigit():
            return int(word)
        return int(self.words.get("month", {}).get(word) or self.words["month_abbr"][word])

    def _parts3(self, f: dict) -> tuple[int, int, int] | None:
        """(year, month, day) of a three-part date with a month name, whatever the order (`23/Sep/2020`, `Sep-23-2020`)."""
        roles: dict[str, str] = {}
        for key in "abc":
            part = f[key]
            role = "m" if not part.isdigit() else "y" if len(part) == 4 else "d"
            if role in roles:
                return None
            roles[role] = part
        if len(roles) != 3:
            return None
        return int(roles["y"]), self._month(roles["m"]), int(roles["d"])

    # ------------------------------------------------------------------ resolving

    def resolve_all(self, exprs: list[DateExpr], pub: D | None, futures: list[bool]) -> list[DateValue]:
        """`exprs` (in text order) resolved one by one; those that count from the event just told
        (`la veille`, `le lendemain`, `plus tôt dans la journée`, `trois jours plus tard`) count from
        the last day resolved before them, else from `pub` (SPEC section 3)."""
        told, values = None, []
        for expr, future in zip(exprs, futures):
            on_event = expr.kind == "later" or "on_event" in expr.fields
            value = self.resolve(expr, told if on_event and told else pub, future)
            if value.granularity == "day" and value.start:
                told = value.start
            values.append(value)
        return values

    def resolve(self, expr: DateExpr, pub: D | None, future: bool = False) -> DateValue:
        """Calendar range of `expr` against publication date `pub` (None: unknown)."""
        f, k = expr.fields, expr.kind
        if k == "past_ref":
            return DateValue("PAST_REF", None, None, "range")
        if k == "numeric":
            y = two_digit_year(f["y"]) if "y" in f else None
            return self._day_of(y, int(f["m"]), int(f["d"]), pub, future)
        if k == "parts3":
            y, m, d = self._parts3(f)
            return self._day_of(y, m, d, pub, future)
        if k == "day":
            y = int(f["y"]) if "y" in f else two_digit_year(f["yy"]) if "yy" in f else None
            return self._day_of(y, self._month(f["m"]), self._day(f["d"]), pub, future)
        if k == "numeric_range":
            return self._range_of(
                (int(f["d1"]), int(f["m1"]), two_digit_year(f["y1"]) if "y1" in f else None),
                (int(f["d2"]), int(f["m2"]), two_digit_year(f["y2"]) if "y2" in f else None),
                pub,
                future,
            )
        if k == "day_range":
            m2 = self._month(f["m2"]) if "m2" in f else None
            m1 = self._month(f["m1"]) if "m1" in f else m2
            m2 = m2 or m1
            side1 = (self._day(f["d1"]), m1, int(f["y1"]) if "y1" in f else None)
            side2 = (self._day(f["d2"]), m2, int(f["y2"]) if "y2" in f else None)
            return self._range_of(side1, side2, pub, future)
        if k in ("part", "month"):
            return self._month_or_part(f, k, pub, future)
        if k == "year":
            return year_value(int(f["y"]))
        if k == "year_range":
            return range_value(D(int(f["y1"]), 1, 1), D(int(f["y2"]), 12, 31), f"{f['y1']}/{f['y2']}")
        if k == "year_part":
            first, last = (int(x) for x in self.words["year_part"][f["p"].casefold()].split("-"))
            y = int(f["y"])
            return range_value(D(y, first, 1), month_end(y, last))
        if k == "decade":
            dec = f["dec"]
            start = int(dec) if dec.isdigit() else int(self.words["decade"][re.sub(r"\s+", " ", dec.casefold())])
            return range_value(D(start, 1, 1), D(start + 9, 12, 31), f"{start // 10:03d}")
        if k == "ordinal_day":
            m = self._month(f["m"])
            y = int(f["y"]) if "y" in f else (pick_year(lambda y: (D(y, m, 1), month_end(y, m)), pub, future) if pub else None)
            if y is None:
                return UNRESOLVED
            o = f["o"].casefold()
            day = month_end(y, m).day if o == "dernier" else 1 if o == "premier" else int(re.match(r"\d+", o).group())
            date = safe_date(y, m, day)
            return day_value(date) if date else UNRESOLVED
        if k == "ordinal_week":
            m = self._month(f["m"])
            y = int(f["y"]) if "y" in f else (pick_year(lambda y: (D(y, m, 1), month_end(y, m)), pub, future) if pub else None)
            if y is None:
                return UNRESOLVED
            # weeks (Monday..Sunday) that lie wholly inside the month
            first_monday = D(y, m, 1) + dt.timedelta(days=(7 - D(y, m, 1).weekday()) % 7)
            last_sunday = month_end(y, m) - dt.timedelta(days=(month_end(y, m).weekday() + 1) % 7)
            monday = first_monday if f["o"].casefold().startswith("premi") else last_sunday - dt.timedelta(days=6)
            return week_of(monday)
        if k == "week_of":
            y = int(f["y"]) if "y" in f else None
            day = self._day_of(y, self._month(f["m"]), self._day(f["d"]), pub, future)
            return week_of(day.start) if day.start else day
        if k == "holiday":
            month, day = (int(x) for x in self.words["holiday"][f["h"].casefold()].split("-"))
            return self._day_of(int(f["y"]) if "y" in f else None, month, day, pub, future)
        if pub is None:
            return UNRESOLVED
        if k == "season":
            return self._season(f, pub, future)
        if k == "unit_part":
            return self._unit_part(f, pub, future)
        if k == "weekday":
            return self._weekday(f, pub, future)
        if k == "weekday_day":
            return self._weekday_day(f, pub, future)
        if k == "weekday_range":
            w1, w2 = (int(self.words["weekday"][f[x].casefold()]) for x in ("w1", "w2"))
            last = weekday_near(pub, w2, future)
            return range_value(last - dt.timedelta(days=(w2 - w1) % 7), last)
        if k == "day_only":
            return self._day_of(None, None, self._day(f["d"]), pub, future)
        if k == "relative":
            return self._shift(pub, f["unit"], f["offset"])
        if k in ("ago", "in", "later"):
            sign = -1 if k == "ago" or f.get("dir", "").casefold() in ("plus tôt", "auparavant") else 1
            return self._offset(pub, f["dur"], sign, same_day="same_day" in f)
        if k == "last_n":
            return self._last_n(f, pub)
        if k == "since_start":
            unit = f["u"].casefold()
            start = D(pub.year, 1, 1) if unit == "année" else D(pub.year, pub.month, 1) if unit == "mois" else pub - dt.timedelta(days=pub.weekday())
            return range_value(start, pub)
        raise ValueError(f"unknown date expression kind {k!r}")

    def _day_of(self, y: int | None, m: int | None, d: int, pub: D | None, future: bool) -> DateValue:
        """A day; a missing year (and month) is the one that puts it nearest `pub` in the reading direction."""
        if y is None and m is None:
            if pub is None:
                return DateValue(f"XXXX-XX-{d:02d}", None, None, "day")
            months = range(0, 13) if future else range(0, -13, -1)
            for delta in months:
                yy, mm = add_months(pub.year, pub.month, delta)
                date = safe_date(yy, mm, d)
                if date and (date >= pub if future else date <= pub):
                    return day_value(date)
            return UNRESOLVED
        if y is None:
            if pub is None:
                return DateValue(f"XXXX-{m:02d}-{d:02d}", None, None, "day")
            y = year_for(m, d, pub, future)
            if y is None:
                return DateValue(f"XXXX-{m:02d}-{d:02d}", None, None, "day")
        date = safe_date(y, m, d)
        return day_value(date) if date else DateValue(f"{y}-{m:02d}-{d:02d}", None, None, "day")

    def _range_of(self, side1: tuple, side2: tuple, pub: D | None, future: bool) -> DateValue:
        """From (day, month, year) to (day, month, year); months and years missing on one side come from the other."""
        (d1, m1, y1), (d2, m2, y2) = side1, side2
        if m1 is None and m2 is None:  # `du 13 au 18`: the month nearest pub
            if pub is None:
                return DateValue(f"XXXX-XX-{d1:02d}/XXXX-XX-{d2:02d}", None, None, "range")
            for delta in range(0, 13) if future else range(0, -13, -1):
                yy, mm = add_months(pub.year, pub.month, delta)
                a, b = safe_date(yy, mm, d1), safe_date(yy, mm, d2)
                if a and b and (b >= pub if future else a <= pub):
                    return range_value(a, b)
            return UNRESOLVED
        m1, m2 = m1 or m2, m2 or m1
        wrap = 1 if (m1, d1) > (m2, d2) else 0  # `du 28 décembre au 3 janvier`
        if y1 is None and y2 is not None:
            y1 = y2 - wrap
        elif y2 is None and y1 is not None:
            y2 = y1 + wrap
        elif y1 is None:
            if pub is None:
                return DateValue(f"XXXX-{m1:02d}-{d1:02d}/XXXX-{m2:02d}-{d2:02d}", None, None, "range")

            def make(year):
                a, b = safe_date(year, m1, d1), safe_date(year + wrap, m2, d2)
                return (a, b) if a and b else None

            y1 = pick_year(make, pub, future)
            if y1 is None:
                return UNRESOLVED
            y2 = y1 + wrap
        a, b = safe_date(y1, m1, d1), safe_date(y2, m2, d2)
        return range_value(a, b) if a and b and a <= b else UNRESOLVED

    def _month_or_part(self, f: dict, k: str, pub: D | None, future: bool) -> DateValue:
        m = self._month(f["m"])
        if k == "part":
            first, last = self.words["part"][re.sub(r"\s+", " ", f["p"].casefold())].split("-")

            def make(year):
                return D(year, m, int(first)), month_end(year, m) if last == "end" else D(year, m, int(last))

        else:

            def make(year):
                return D(year, m, 1), month_end(year, m)

        if "y" in f or "yy" in f:
            y = int(f["y"]) if "y" in f else two_digit_year(f["yy"])
        elif pub is None:
            return DateValue(f"XXXX-{m:02d}", None, None, "month" if k == "month" else "range")
        elif f.get("pre", "").casefold() in ("ce", "cet", "cette") or re.match(r"ce\s+mois", f.get("pre", ""), re.IGNORECASE):
            y = pub.year  # `cette année`'s month, whichever side of pub it is
        else:
            y = pick_year(make, pub, future)
        if k == "month":
            return month_value(y, m)
        return range_value(*make(y))

    def _season(self, f: dict, pub: D, future: bool) -> DateValue:
        first, last = (int(x) for x in self.words["season"][f["s"].casefold()].split("-"))

        def make(year):
            return D(year, first, 1), month_end(year + (1 if last < first else 0), last)

        if "y" in f:
            y = int(f["y"])
        elif f.get("dir") in ("dernier", "passé"):  # the last one over before pub
            y = next(y for y in range(pub.year, pub.year - 3, -1) if make(y)[1] < pub)
        elif f.get("dir") == "prochain":  # the next one to start after pub
            y = next(y for y in range(pub.year - 1, pub.year + 3) if make(y)[0] > pub)
        else:
            y = pick_year(make, pub, future)
        return range_value(*make(y))

    def _unit_part(self, f: dict, pub: D, future: bool) -> DateValue:
        """`en fin de semaine`, `au début du mois`, `en fin d'année`: that part of the current unit, or of the
        previous (next) one when the current one's part is still to come (already over)."""
        unit, p = f["u"].casefold(), f["p"].casefold()
        if unit == "semaine":
            first, last = (int(x) for x in self.words["week_part"][p].split("-"))
            monday = pub - dt.timedelta(days=pub.weekday())
            periods = [(monday + dt.timedelta(days=7 * w + first), monday + dt.timedelta(days=7 * w + last)) for w in (-1, 0, 1)]
        elif unit == "mois":
            first, last = self.words["part"][p].split("-")
            periods = []
            for delta in (-1, 0, 1):
                y, m = add_months(pub.year, pub.month, delta)
                periods.append((D(y, m, int(first)), month_end(y, m) if last == "end" else D(y, m, int(last))))
        else:
            first, last = (int(x) for x in self.words["year_part"][p].split("-"))
            periods = [(D(y, first, 1), month_end(y, last)) for y in (pub.year - 1, pub.year, pub.year + 1)]
        if future:
            start, end = next(p for p in periods if p[1] >= pub)
        else:
            start, end = [p for p in periods if p[0] <= pub][-1]
        return range_value(start, end)

    def _weekday(self, f: dict, pub: D, future: bool) -> DateValue:
        word = f["w"].casefold()
        target = int(self.words["weekday"].get(word) or self.words["weekday_abbr"][word])
        direction = f.get("dir", "").casefold()
        if "wk" in f:  # `mardi de la semaine prochaine`, `lundi cette semaine`
            wdir = re.sub(r"\s+", " ", f.get("wdir", "").casefold())
            weeks = -1 if wdir[:5] in ("derni", "passé", "passe", "précé") else 1 if wdir else 0
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=weeks)
            return day_value(monday + dt.timedelta(days=target))
        if "en" in f:  # `lundi en huit`: a week after that coming Monday
            days = 7 if f["en"] in ("huit", "8") else 14
            return day_value(weekday_near(pub, target, True) + dt.timedelta(days=days))
        if direction in ("suivant", "d'après"):  # that weekday of next week
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=1)
            return day_value(monday + dt.timedelta(days=target))
        if direction == "prochain":
            return day_value(weekday_near(pub, target, True, strict=True))
        if direction in ("dernier", "passé", "précédent"):
            return day_value(weekday_near(pub, target, False, strict=True))
        return day_value(weekday_near(pub, target, future))

    def _weekday_day(self, f: dict, pub: D, future: bool) -> DateValue:
        """`jeudi 15`: the 15th that is a Thursday, nearest pub in the reading direction (within two years)."""
        word = f["w"].casefold()
        target = int(self.words["weekday"].get(word) or self.words["weekday_abbr"][word])
        d = self._day(f["d"])
        for delta in range(0, 25) if future else range(0, -25, -1):
            y, m = add_months(pub.year, pub.month, delta)
            date = safe_date(y, m, d)
            if date and date.weekday() == target and (date >= pub if future else date <= pub):
                return day_value(date)
        return self._day_of(None, None, d, pub, future)

    def _offset(self, pub: D, dur: str, sign: int, same_day: bool = False) -> DateValue:
        """`il y a 1 an et 2 mois` / `dans trois jours`: pub moved by each count; the smallest unit is the granularity,
        or the day when the text says `jour pour jour` (`il y a deux ans jour pour jour`: that very day)."""
        day, smallest = pub, "year"
        order = ["day", "week", "month", "year"]
        for m in self.count_unit.finditer(dur):
            n, unit = self._num(m.group("n")), self.words["unit"][m.group("u").casefold()]
            if unit == "year":
                day = shift_months(day, sign * 12 * n)
            elif unit == "month":
                day = shift_months(day, sign * n)
            else:
                day = day + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
            smallest = min(smallest, unit, key=order.index)
        if smallest == "day" or same_day:
            return day_value(day)
        if smallest == "week":
            return week_of(day)
        if smallest == "month":
            return month_value(day.year, day.month)
        return year_value(day.year)

    def _last_n(self, f: dict, pub: D) -> DateValue:
        """`au cours des trois derniers mois`: the three months up to pub, the current one counted, from
        the 1st of the first (SPEC's gold: on 31 August `les deux derniers mois` are 1 July..31 August);
        `les trois prochains jours`: from pub to the end of the last one."""
        n, unit = self._num(f["n"]), self.words["unit"][f["u"].casefold()]
        if f["dir"].casefold().startswith("derni"):
            if unit == "month":
                y, m = add_months(pub.year, pub.month, -(n - 1))
                return range_value(D(y, m, 1), pub, f"{y}-{m:02d}/{pub.year}-{pub.month:02d}")
            days = {"day": n, "week": 7 * n, "year": 365 * n}[unit]
            return range_value(pub - dt.timedelta(days=days), pub)
        if unit == "month":
            y, m = add_months(pub.year, pub.month, n - 1)
            return range_value(pub, month_end(y, m))
        days = {"day": n, "week": 7 * n, "year": 365 * n}[unit]
        return range_value(pub, pub + dt.timedelta(days=days))

    @staticmethod
    def _shift(pub: D, unit: str, offset: int) -> DateValue:
        if unit == "day":
            return day_value(pub + dt.timedelta(days=offset))
        if unit == "week":
            return week_of(pub + dt.timedelta(weeks=offset))
        if unit == "month":
            return month_value(*add_months(pub.year, pub.month, offset))
        return year_value(pub.year + offset)
