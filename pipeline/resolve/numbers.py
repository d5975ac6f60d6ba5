"""French amounts in text: value, qualifier and where the counted noun should start.

`QuantityGrammar.find()` returns `Amount`s: the character span of qualifier +
number (+ scale or symbol unit), its value and qualifier. The component then
looks at the tokens after the span for the counted noun (its lemma is the unit).
Number words are parsed with text2num; a run of words it rejects is split into
the longest runs it accepts (`cinquante soixante` = 50 and 60).

Forms read: digits with French separators (`1 500`, `3.000`, `2,5`, `-4`), number
words (`quatre-vingt-dix-neuf`, `un million deux cent mille`), scales (`2,5 millions`,
`un million et demi`, `un demi-million`), approximations (`une dizaine`, `trois
douzaines`), currency signs before or after (`$10`, `20 €`, `15 dollars 50`), ranges
(`entre 3.000 et 5.000`, `10 - 20 euros`: two amounts, `>=` and `<=`).
Excluded by construction (SPEC section 3): `un`/`une` without a qualifier or a scale
(a determiner), ordinals (`7e`, `vingt et unième`), fractions (`deux tiers`),
`des centaines` (no numeral), four-digit years without qualifier or unit, `neuf`
ending a phrase (the adjective: `un logement neuf`), numbers inside URLs, and numbers that
name rather than count: identifiers after a word such as `numéro` or `article` (kind
`identifier` of the word table: `l'article 421-2`), phone numbers (`01 45 67 89 12`),
digit runs too long for an amount (an account or file number) and model designations
(`Su-24`, `Shahed-136`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Numbers that name something: a phone number (French or international), 13 digits or more
# (no count in the news needs them: identifiers, account numbers), digits glued to a word
# by a hyphen (`F-16`, `Shahed-136`).
NAMING_NUMBER = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.]?(?:\(0\)\s?)?\d{1,3}(?:[\s.-]?\d{2,4}){2,5}|0\d(?:[\s.-]\d{2}){4})(?!\w)"
    r"|(?<![\w.,])\d(?:[ .\u00a0\u202f]?\d){12,}(?!\w)"
    r"|(?<=[^\W\d_]-)\d[\w-]*"
)
# What an identifier word leads: its number with the pieces joined to it (`421-2`, `12/2019`, `3.1`).
IDENTIFIER_TAIL = r"\s*(?:[:°]\s*)?\d[\w/.-]*(?<![.-])"
YEAR = re.compile(r"(1[89]|20)\d\d")
END_OF_PHRASE = re.compile(r"\s*(?:[,.;:!?)\]]|$)")
RANGE_NOUN = re.compile(
    r"\s+(?!(?:sur|contre|face|à|au|aux|en|et|ou|dans|avec|pour|par|lors|puis|mais|de|du|des|le|la|les)\b)[a-zà-ÿ]", re.IGNORECASE
)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: float
    qualifier: str
    unit: str | None  # set when the span ends with a symbol or currency word


def parse_digits(text: str) -> float:
    """`1 500` -> 1500, `3.000` -> 3000, `6.700,54` -> 6700.54, `2,5` -> 2.5, `0.8` -> 0.8 (French separators)."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text).replace("−", "-")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    return float(text.replace(",", "."))


class QuantityGrammar:
    """Regular expressions over the word table of `models/quantities/words.tsv` (kind, word, value)."""

    def __init__(self, words: list[dict[str, str]]):
        table: dict[str, dict[str, str]] = {}
        for row in words:
            table.setdefault(row["kind"], {})[row["word"].casefold()] = row["value"]
        self.table = table

        def alt(kind: str, after: str = r"(?!\w)") -> str:
            """The words of `kind`, longest first; a word ending in a letter or digit must end there (`after`)."""
            entries = sorted(table.get(kind, {}), key=len, reverse=True)
            if not entries:
                return "(?!)"
            return "(?:" + "|".join(re.escape(w) + (after if w[-1].isalnum() else "") for w in entries) + ")"

        word = alt("number")
        small = "(?:" + "|".join(re.escape(w) + r"(?!\w)" for w in sorted(table.get("number", {}), key=len, reverse=True)
                             if not re.match(r"cents?$|mil|milli", w)) + ")" if table.get("number") else "(?!)"
        prefix = alt("prefix", after=r"(?![^\W\d_])")  # `USD1,23`: a code may touch its digits
        # `et` joins words only in `vingt et un`, `soixante et onze`: `deux et trois` are two amounts
        join = r"(?:\s+|-)(?:et(?:\s+|-)(?=(?:un|une|onze)(?!\w)))?"
        words_seq = rf"{word}(?:{join}{word})*"
        small_seq = rf"{small}(?:{join}{small})*"  # below a hundred: cents
        unscaled = "(?:" + "|".join(re.escape(w) + r"(?!\w)" for w in sorted(table.get("number", {}), key=len, reverse=True)
                                   if w not in table.get("scale", {}) or w == "mille") + ")" if table.get("number") else "(?!)"
        decimals = rf"{unscaled}(?:{join}{unscaled})*"  # `virgule cinq millions`: the scale is not a decimal
        digits = r"(?>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?(?!\d)|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?)"
        unit = alt("unit")
        approx = alt("approx", after=r"s?(?!\w)")
        # `deux cent virgule cinq`: the words after `virgule` are the decimals (leading `zéro`s kept)
        number = rf"(?:(?P<sign>[-−](?=\d))?(?P<digits>{digits})|(?P<words>{words_seq})(?:\s+virgule\s+(?P<dec>{decimals}))?)"
        tail = rf"(?:\s+(?P<scale>{alt('scale')})|\s+(?P<ascale>{approx}))?(?:\s+et\s+(?P<frac>{alt('fraction')}))?(?:(?:\s*|-)(?P<unit>{unit}))?"
        qual = lambda name: rf"(?:(?P<{name}>{alt('qualifier')})\s*)?"  # noqa: E731  (`près d'un`: no space after an apostrophe)
        # after number words: no ordinal or fraction ends the run (`vingt et unième`, `cinq cent unième`,
        # `trois quarts`), and no longer hyphenated word (`quatre-vingtième`) but a unit (`trois-tonnes`)
        not_ordinal = (
            rf"(?!(?:{join}{word})*(?:-(?!{unit})[^\W\d]|(?:\s+et\s+|\s+|-)(?:[\w-]*i[eè]mes?|tiers|quarts?)(?!\w)))"
        )
        self.pattern = re.compile(
            rf"(?<![\w,.])(?:{qual('aqual')}(?P<approx_det>une|un|la|d'une|d’une|d'un|d’un)\s+(?P<approx>{approx})"
            rf"|{qual('hqual')}(?:un|une)\s+demi-(?P<hscale>{alt('scale')})"
            rf"|{qual('qual')}(?:(?P<pre>{prefix})\s*)?{number}{not_ordinal}{tail})(?!\w)",
            re.IGNORECASE,
        )
        pair = lambda sep: (  # noqa: E731
            rf"\s*{sep}\s*(?:(?P<pre>{prefix})\s*)?(?:(?P<digits>{digits})|(?P<words>{words_seq})){not_ordinal}"
            rf"(?:\s+(?P<scale>{alt('scale')}))?(?:\s*(?P<unit>{alt('unit')}))?(?!\w)"
        )
        self.pair_end = re.compile(pair(r"\bet\b"), re.IGNORECASE)
        self.dash_end = re.compile(pair(r"[-–]"), re.IGNORECASE)
        self.cents = re.compile(rf"\s+(?:et\s+)?(?P<c>\d{{1,2}}(?!\d)|{small_seq})(?:\s+(?P<cw>cents?|centimes?))?(?!\w)", re.IGNORECASE)
        self.word = re.compile(r"\S+")
        self.identifier = re.compile(rf"(?<!\w){alt('identifier', after='')}{IDENTIFIER_TAIL}", re.IGNORECASE)

    # ------------------------------------------------------------------ values

    def _words_value(self, words: str) -> float | None:
        """text2num's value of a run of number words, None when it rejects it."""
        tokens = [self.table["number"].get(t) or t for t in re.split(r"[\s-]+", words.casefold().replace("’", "'")) if t]
        try:
            return float(text2num(" ".join(tokens), "fr"))
        except ValueError:
            return None

    def _scaled(self, value: float, m: re.Match) -> float:
        groups = m.groupdict()
        scale = None
        if groups.get("scale"):
            scale = float(self.table["scale"][m.group("scale").casefold()])
        elif groups.get("ascale"):
            scale = self._approx(m.group("ascale"))
        if scale:
            value *= scale
        if groups.get("frac"):
            last = (m.group("words") or "").split()[-1:]  # `cinq milliards et trois quarts`: the words' own scale
            unit = scale or (float(self.table["scale"][last[0].casefold()]) if last and last[0].casefold() in self.table["scale"] else None)
            if unit:
                value += float(self.table["fraction"][re.sub(r"\s+", " ", m.group("frac").casefold())]) * unit
        return value

    def _approx(self, word: str) -> float:
        word = word.casefold()
        return float(self.table["approx"].get(word) or self.table["approx"][word[:-1]])  # `dizaines`

    def _decimals(self, words: str) -> tuple[float, int] | None:
        """(value, words used) of the decimals after `virgule`: `zéro cinq` -> .05, `deux cent trente six` -> .236;
        when text2num rejects the whole run (`deux trois six`), its longest accepted start (`deux` -> .2)."""
        tokens = words.split()
        for n in range(len(tokens), 0, -1):
            zeros = 0
            while zeros < n - 1 and tokens[zeros].casefold() in ("zéro", "zero"):
                zeros += 1
            value = self._words_value(" ".join(tokens[zeros:n]))
            if value is not None and value == int(value):
                digits = "0" * zeros + str(int(value))
                return float("0." + digits), n
        return None

    def unit_of(self, word: str) -> str | None:
        """The unit written for a symbol or unit word (`dollars` -> `USD`), None for other words."""
        return self.table.get("unit", {}).get(word.casefold())

    def _unit(self, m: re.Match) -> str | None:
        if m.groupdict().get("unit"):
            return self.unit_of(m.group("unit"))
        if m.groupdict().get("pre"):
            return self.table["prefix"][m.group("pre").casefold()]
        return None

    # ------------------------------------------------------------------ finding

    def find(self, text: str) -> list[Amount]:
        """Amounts left to right. A match may give none (a year), one, or two (a pair); when it gives less
        than it matched (`un virgule deux trois six` = 1,2 then 3 and 6), the search goes on after what was used."""
        skipped = [m.span() for pattern in (URL, NAMING_NUMBER, self.identifier) for m in pattern.finditer(text)]
        amounts: list[Amount] = []
        pos = 0
        while (m := self.pattern.search(text, pos)) is not None:
            found = [] if any(a <= m.start() < b for a, b in skipped) else self._amounts(text, m)
            amounts += found
            pos = max(m.start() + 1, found[-1].end if found else m.end())
        return amounts

    def _qualifier(self, word: str | None) -> str:
        return self.table["qualifier"][re.sub(r"\s+", " ", word.casefold())] if word else "="

    def _amounts(self, text: str, m: re.Match) -> list[Amount]:
        if m.group("approx"):
            value = self._approx(m.group("approx"))
            return [Amount(m.start(), m.end(), value, "~" if not m.group("aqual") else self._qualifier(m.group("aqual")), None)]
        if m.group("hscale"):
            value = 0.5 * float(self.table["scale"][m.group("hscale").casefold()])
            return [Amount(m.start(), m.end(), value, self._qualifier(m.group("hqual")), None)]
        qual, words, end = m.group("qual"), m.group("words"), m.end()
        if m.group("frac") and not (m.group("scale") or (words and words.split()[-1].casefold() in self.table["scale"])):
            return self._without_tail(text, m)
        if words:
            value = self._words_value(words)
            if value is None:
                return self._split_words(text, m)
            if not self._counts(text, m, words, qual):
                return []
            if m.group("dec"):
                decimals = self._decimals(m.group("dec"))
                if decimals is None:
                    return [Amount(m.start(), m.end("words"), value, self._qualifier(qual), None)]
                value += decimals[0]
                used = re.match(r"\S+(?:\s+\S+){%d}" % (decimals[1] - 1), m.group("dec"))
                if m.start("dec") + used.end() < m.end("dec"):  # decimals cut short: the rest is read again
                    return [Amount(m.start(), m.start("dec") + used.end(), value, self._qualifier(qual), None)]
        else:
            value = parse_digits(m.group("digits"))
            if m.group("sign"):
                value = -value
            bare = not m.group("unit") and not m.group("pre") and not m.group("scale") and not m.group("ascale")
            if bare and YEAR.fullmatch(m.group("digits")) and (not qual or self._between_years(text, m, qual)):
                return []  # a year (`en 2014`, `entre 2010 et 2012`), not an amount
        value = self._scaled(value, m)
        symbol = self._qualifier(qual)
        if m.group("ascale") and not qual:
            symbol = "~"
        unit = self._unit(m)
        cents = self.cents.match(text, end) if unit and len(unit) == 3 and unit.isupper() else None
        if cents and (cents.group("cw") or END_OF_PHRASE.match(text, cents.end())):
            part = float(cents.group("c")) if cents.group("c").isdigit() else self._words_value(cents.group("c"))
            if part is not None and part < 100:
                value, end = value + part / 100, cents.end()
        found = [Amount(m.start(), end, value, symbol, unit)]
        second = self._pair(text, found, qual)  # may turn found[0] into a lower bound
        return found + second

    def _between_years(self, text: str, m: re.Match, qual: str) -> bool:
        """`entre 2010 et 2012`: both bounds look like years and bear no unit (`entre 2000 et 2500 combattants` counts)."""
        if qual.casefold() != "entre":
            return False
        pair = self.pair_end.match(text, m.end())
        return bool(pair and pair.group("digits") and YEAR.fullmatch(pair.group("digits")) and not pair.group("unit") and not pair.group("scale"))

    def _counts(self, text: str, m: re.Match, words: str, qual: str | None) -> bool:
        """False for number words that are not amounts here: a determiner `un`, `cent` of `pour cent`,
        a bare scale word (`millions`), the adjective `neuf` ending a phrase."""
        low = words.casefold()
        has_scale = bool(m.group("scale") or m.group("ascale") or m.group("frac") or m.group("dec"))
        if low in ("un", "une") and not qual and not has_scale:
            return False
        if low in ("cent", "cents") and re.search(r"pour\s+$", text[: m.start("words")], re.IGNORECASE):
            return False
        if all(t in self.table.get("scale", {}) or t == "cents" for t in low.split()) and low not in ("mille", "cent"):
            return False
        if low == "neuf" and not qual and not m.group("unit") and END_OF_PHRASE.match(text, m.end()):
            return False
        if re.search(r"virgule\s+$", text[: m.start()], re.IGNORECASE):
            return False  # decimals without their whole part
        return True

    def _without_tail(self, text: str, m: re.Match) -> list[Amount]:
        """`deux et demi` has no scale for its fraction: read the number alone."""
        cut = re.search(r"\s+et\s+$", text[: m.start("frac")])
        again = self.pattern.match(text[: cut.start()], m.start())
        return self._amounts(text, again) if again else []

    def _split_words(self, text: str, m: re.Match) -> list[Amount]:
        """A run of words text2num rejects as one number: the longest accepted runs, left to right.
        Hyphenated groups stay whole (`vingt-un` is no number); the qualifier goes to the first run."""
        start = m.start("words")
        tokens = [(t.start() + start, t.end() + start, t.group()) for t in self.word.finditer(m.group("words"))]
        amounts, i, qual = [], 0, m.group("qual")
        while i < len(tokens):
            for j in range(len(tokens), i, -1):
                run = tokens[i:j]
                if run[0][2].casefold() == "et" or run[-1][2].casefold() == "et":
                    continue
                value = self._words_value(" ".join(t[2] for t in run))
                if value is not None:
                    words = " ".join(t[2] for t in run).casefold()
                    scale_only = all(w in self.table.get("scale", {}) for w in words.split()) and words != "mille"
                    if (words not in ("un", "une") or qual) and not scale_only:
                        begin = m.start() if qual and not amounts else run[0][0]
                        amounts.append(Amount(begin, run[-1][1], value, self._qualifier(qual if not amounts else None), None))
                    i = j
                    break
            else:
                i += 1
        return amounts

    def _pair(self, text: str, found: list[Amount], qual: str | None) -> list[Amount]:
        """`entre 3.000 et 5.000`, `10 - 20 euros`: the second bound as its own amount (`<=`), the first turns `>=`."""
        first = found[0]
        if qual and qual.casefold() == "entre":
            pair = self.pair_end.match(text, first.end)
        elif first.qualifier in ("=", "~"):
            pair = self.dash_end.match(text, first.end)
        else:
            return []
        if not pair:
            return []
        if pair.group("words"):
            second = self._words_value(pair.group("words"))
            if second is None or pair.group("words").casefold() in ("un", "une"):
                return []
        else:
            second = parse_digits(pair.group("digits"))
        if pair.group("scale"):
            second *= float(self.table["scale"][pair.group("scale").casefold()])
        if not (qual and qual.casefold() == "entre"):
            if second < first.value:
                return []  # `2-1` is a score, not a range
            # `10 - 20 euros`, `40-50 ans`, `environ 40 - 50`: a unit, a scale, an approximation or a noun after
            # it; `6 - 3, 3 - 6` and `43 - 13 sur les Broncos` are scores
            if not (pair.group("unit") or pair.group("scale") or first.unit or first.qualifier == "~" or RANGE_NOUN.match(text, pair.end())):
                return []
        unit = self._unit(pair) or first.unit
        start = pair.start("pre") if pair.group("pre") else pair.start("digits") if pair.group("digits") else pair.start("words")
        low = ">=" if first.qualifier in ("=", ">=") else first.qualifier
        found[0] = Amount(first.start, first.end, first.value, low, first.unit or unit)
        return [Amount(start, pair.end(), second, "<=", unit)]
