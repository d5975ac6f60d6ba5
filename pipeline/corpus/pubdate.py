"""The publication-date chain of SPEC section 1, and the small date parsers it needs.

Order: metadata.csv `pub_date` / the jsonl `date` field, the `--pub-date`
option, a date line in the text, a `/YYYY/MM/DD/` path in a URL, else unknown.
`pub_date_source` records which one won ("metadata", "jsonl", "option",
"text", "url" or None): relative dates ("vendredi", "la semaine dernière")
are resolved against this date, so a wrong guess is worse than none.

That is why a text line only counts when it is *essentially* a full date with
a year (`Publié le 3 novembre 2017 à 14h05`, `03/11/2017`, `Lundi 12 mars
2021`), short, and near the top (first 15 non-blank lines) or the bottom (last
5): a sentence that merely contains a date ("Le 2 novembre 2017, les forces
...") is an event date, not the publication date. Hand-written patterns rather
than dateparser: they are strict, fast and need no language detection.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

HEAD_LINES = 15
TAIL_LINES = 5
MAX_DATE_LINE = 90  # characters; "Publié le mercredi 13 septembre 2017 à 14h05, mis à jour à 18h30" is 63
MIN_YEAR, MAX_YEAR = 1900, 2099

# Month words (lower-case, accents optional) -> month number; abbreviations with an optional dot.
MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip

_ACCENTED = {"e": "[eéÉ]", "a": "[aàâ]", "u": "[uûù]"}


def _accent_insensitive(word: str) -> str:
    return "".join(_ACCENTED.get(ch, re.escape(ch)) for ch in word)


_MONTH = "(?:" + "|".join(_accent_insensitive(m) for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\.?"
_DAY = r"(?:1\s?er|1ᵉʳ|0?[1-9]|[12]\d|3[01])"
_YEAR = r"\d{4}"

# Each alternative names its groups d/m/y with a suffix, so one regex can hold them all.
_DATE = (
    rf"(?:(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})\s+(?P<y1>{_YEAR})"  # 3 novembre 2017, 1er mars 2021
    rf"|(?P<d2>\d{{1,2}})\s*[/.-]\s*(?P<m2>\d{{1,2}})\s*[/.-]\s*(?P<y2>{_YEAR})"  # 03/11/2017, 3.11.2017
    rf"|(?P<y3>{_YEAR})\s*[/.-]\s*(?P<m3>\d{{1,2}})\s*[/.-]\s*(?P<d3>\d{{1,2}}))"  # 2017-11-03
)
_TIME = (
    r"(?:\s*(?:,|à|a|-|–|—|T)?\s*\d{1,2}\s*(?:h|H|:)\s*(?:\d{2})?(?:\s*min)?(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|\(?(?:heure de Paris|heure locale|GMT|UTC|CET|CEST|HNE|HAE)\)?))?)"
)
_UPDATE = r"(?:derni[eè]re\s+)?(?:mise?\s+[aà]\s+jour|modifi[ée]e?|actualis[ée]e?)"
_PUBLISH = r"(?:publi[ée]e?|publication|post[ée]e?|paru(?:e|tion)?|mise?\s+en\s+ligne|[ée]dition|date|en\s+date\s+du)"
_PREFIX = rf"(?:(?P<prefix>{_PUBLISH}|{_UPDATE})\s*(?:le|du|:)?\s*)"
# The line: decoration, prefix, weekday, date, time, then at most an update note.
DATE_LINE_RE = re.compile(
    rf"^[\s*_>#|\[(-]*{_PREFIX}?(?:le\s+)?(?:{_WEEKDAY}\s*,?\s*)?(?:le\s+)?{_DATE}{_TIME}?"
    rf"(?:\s*[|,;·–—-]?\s*(?:\(?{_UPDATE}\b.*))?[\s*_.)\]]*$",
    re.IGNORECASE,
)
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
URL_RE = re.compile(r"""(?:https?://|www\.)[^\s<>"'()\[\]]+|\]\(([^)\s]+)\)""", re.IGNORECASE)
URL_DATE_RE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?=/|$|[?#])")


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def month_key(word: str) -> str:
    """The MONTHS key of a matched month word: case-folded, accents and final dot dropped.

    Case-folding, not `lower()`: with re.IGNORECASE the pattern also accepts
    `ſept` (long s) or `maİ`, and `"ſ".casefold()` is `"s"`.
    """
    return _strip_accents(word.casefold()).casefold().rstrip(".")


def make_date(year: int | str, month: int | str, day: int | str) -> dt.date | None:
    """`datetime.date(year, month, day)`, or None if impossible or outside 1900-2099."""
    try:
        year, month, day = int(year), int(month), int(day)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        return None


def _date_from_match(match: re.Match[str]) -> dt.date | None:
    if match.group("y1"):
        day = re.sub(r"\D", "", match.group("d1")) or "1"
        month = MONTHS.get(month_key(match.group("m1")))
        return make_date(match.group("y1"), month, day) if month else None
    if match.group("y2"):
        return make_date(match.group("y2"), match.group("m2"), match.group("d2"))
    return make_date(match.group("y3"), match.group("m3"), match.group("d3"))


def parse_date_line(line: str) -> dt.date | None:
    """The date of a line that is essentially a full date with a year, else None.

    >>> parse_date_line("Publié le 3 novembre 2017 à 14h05")
    datetime.date(2017, 11, 3)
    >>> parse_date_line("Le 2 novembre 2017, les forces irakiennes progressent.") is None
    True
    """
    if len(line.strip()) > MAX_DATE_LINE:
        return None
    match = DATE_LINE_RE.match(line)
    return _date_from_match(match) if match else None


def _is_update_line(line: str) -> bool:
    match = DATE_LINE_RE.match(line)
    return bool(match and match.group("prefix") and re.match(_UPDATE, match.group("prefix"), re.IGNORECASE))


def find_text_date(text: str, head: int = HEAD_LINES, tail: int = TAIL_LINES) -> dt.date | None:
    """The publication date written on a line of its own near the top or the bottom.

    Lines are counted without blank ones (paragraphs are often double-spaced).
    A "Publié le" line beats a "Mis à jour le" line; otherwise the first wins.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    positions = list(range(min(head, len(lines))))
    positions += [i for i in range(max(len(lines) - tail, 0), len(lines)) if i >= head]
    found = [(line, date) for line in (lines[i] for i in positions) if (date := parse_date_line(line))]
    for line, date in found:
        if not _is_update_line(line):
            return date
    return found[0][1] if found else None


def url_date(url: str) -> dt.date | None:
    """The date of a `/YYYY/MM/DD/` path in one URL, else None."""
    for match in URL_DATE_RE.finditer(url):
        date = make_date(*match.groups())
        if date is not None:
            return date
    return None


def find_url_date(text: str, url: str | None = None) -> dt.date | None:
    """A `/YYYY/MM/DD/` date from the document's own URL first, then from URLs in the text.

    URLs in the text are `http(s)://` or `www.` links and Markdown link targets
    (`](/images/2020/08/31/photo.jpg)`, as in the seed corpus).
    """
    if url and (date := url_date(url)):
        return date
    for match in URL_RE.finditer(text):
        if date := url_date(match.group(1) or match.group(0)):
            return date
    return None


def parse_date_value(value: str) -> dt.date | None:
    """A declared date (metadata.csv `pub_date`, jsonl `date`), else None.

    ISO first (`2020-08-31`, `2020-08-31T10:00:00Z`), then any form a date line
    accepts (`31/08/2020`, `31 août 2020`).
    """
    match = _ISO_RE.match(value)
    if match:
        return make_date(*match.groups())
    return parse_date_line(value)


def resolve_pub_date(
    text: str,
    *,
    metadata: dt.date | None = None,
    jsonl: dt.date | None = None,
    option: dt.date | None = None,
    url: str | None = None,
) -> tuple[dt.date | None, str | None]:
    """`(pub_date, pub_date_source)` by the SPEC order; `(None, None)` when unknown."""
    if metadata is not None:
        return metadata, "metadata"
    if jsonl is not None:
        return jsonl, "jsonl"
    if option is not None:
        return option, "option"
    if (date := find_text_date(text)) is not None:
        return date, "text"
    if (date := find_url_date(text, url)) is not None:
        return date, "url"
    return None, None
