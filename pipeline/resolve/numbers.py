"""French amounts in text: value, qualifier and where the counted noun should start.

`QuantityGrammar.find()` returns `Amount`s: the character span of qualifier +
number (+ scale or symbol unit), its value and qualifier. The component then
looks at the tokens after the span for the counted noun (its lemma is the unit).
Number words are parsed with text2num; excluded by construction: `un`/`une`
without a qualifier (a determiner), ordinals (`7e`), `des centaines`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: float
    qualifier: str
    unit: str | None  # set when the span ends with a symbol or currency word


def parse_digits(text: str) -> float:
    """`1 500` -> 1500, `3.000` -> 3000, `2,5` -> 2.5 (French separators)."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    return float(text.replace(",", "."))


class QuantityGrammar:
    def __init__(self, words: list[dict[str, str]]):
        table: dict[str, dict[str, str]] = {}
        for row in words:
            table.setdefault(row["kind"], {})[row["word"].casefold()] = row["value"]
        self.table = table

        def alt(kind: str) -> str:
            return "|".join(re.escape(w) for w in sorted(table.get(kind, {}), key=len, reverse=True))

        word = rf"(?:{alt('number')})"
        digits = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?"
        words_seq = rf"{word}(?:(?:-| et | |-et-){word})*"
        scale = rf"(?:\s+(?P<scale>{alt('scale')}))?"
        unit = rf"(?:\s*(?P<unit>{alt('unit')}))?"
        qual = lambda name: rf"(?:(?P<{name}>{alt('qualifier')})\s+)?"  # noqa: E731
        self.pattern = re.compile(
            rf"(?<![\w,.])(?:{qual('aqual')}(?P<approx_det>une|la|d'une|d’une)\s+(?P<approx>{alt('approx')})s?"
            rf"|{qual('qual')}(?:(?P<digits>{digits})|(?P<words>{words_seq})){scale}{unit})(?![\w])",
            re.IGNORECASE,
        )
        self.pair_end = re.compile(rf"\s+et\s+(?:(?P<digits>{digits})|(?P<words>{words_seq})){scale}{unit}(?!\w)", re.IGNORECASE)

    def _value(self, m: re.Match) -> float | None:
        if m.group("digits"):
            value = parse_digits(m.group("digits"))
        else:
            try:
                value = float(text2num(m.group("words").casefold().replace("-et-", " et ").replace("-", " "), "fr"))
            except ValueError:
                return None
        if m.group("scale"):
            value *= float(self.table["scale"][m.group("scale").casefold()])
        return value

    def _unit(self, m: re.Match) -> str | None:
        return self.unit_of(m.group("unit")) if m.group("unit") else None

    def unit_of(self, word: str) -> str | None:
        """The unit written for a symbol or unit word (`dollars` -> `USD`), None for other words."""
        return self.table["unit"].get(word.casefold())

    def find(self, text: str) -> list[Amount]:
        amounts: list[Amount] = []
        for m in self.pattern.finditer(text):
            if amounts and m.start() < amounts[-1].end:
                continue  # the second half of an `entre ... et ...` pair, already taken
            if m.group("approx"):
                qual = m.group("aqual")
                amounts.append(Amount(m.start(), m.end(), float(self.table["approx"][m.group("approx").casefold()]), "~" if not qual else self.table["qualifier"][qual.casefold()], None))
                continue
            qual = m.group("qual")
            words = m.group("words")
            if words and words.casefold() in ("un", "une") and not qual:
                continue  # a determiner, not a count
            value = self._value(m)
            if value is None:
                continue
            symbol = self.table["qualifier"][qual.casefold()] if qual else "="
            if m.group("digits") and not qual and not m.group("unit") and re.fullmatch(r"(1[89]|20)\d\d", m.group("digits")):
                continue  # a year, not an amount
            amounts.append(Amount(m.start(), m.end(), value, symbol, self._unit(m)))
            if qual and qual.casefold() == "entre":
                pair = self.pair_end.match(text, m.end())
                if pair:
                    second = self._value(pair)
                    if second is not None:
                        unit = self._unit(pair)
                        start = pair.start() + len(pair.group(0)) - len(pair.group(0).lstrip()[3:].lstrip())
                        amounts.append(Amount(start, pair.end(), second, "<=", unit))
                        if unit and not amounts[-2].unit:
                            amounts[-2] = Amount(amounts[-2].start, amounts[-2].end, amounts[-2].value, ">=", unit)
        return amounts
