"""Geocoding: which real place a LOC name stands for, and where it is.

Pure functions and plain records; `pipeline.components.aliases` connects them to the Doc.

A place name often fits several places: `Sinjar` the town and the mountain, `Diyala` the
governorate and the river, `Sinjar` also a village of Idlib, alternate names GeoNames gives
to the wrong town (`Husaybah` is listed for Al Qa'im). `rank_places` picks one by, in order:

1. the curated tables (known entities, the team's gazetteer) over GeoNames, unless the curated
   place lies in a country the document never places anything in while a GeoNames
   candidate lies in a governorate the document does (a Syrian `Sinjar` in an Idlib story);
2. the word before the name (`mont Sinjar`, `rivière Diyala`, `ville de`): a place of that
   kind; no such word: a settlement or district rather than a mountain or river;
3. the document's context: the governorates (admin1), then the countries of the places
   named in the same sentence, then the governorates, then the countries of the whole
   document (those of its places, and of adjectives such as `irakien`), so the nearby
   province decides, not the first match;
4. a name spelt as GeoNames or the table spells it before a transliteration variant, its own
   name before an alternate one; then the larger population; then Iraq and Syria before their
   neighbours, before the rest of the world (the region the corpus is about); the id, last,
   so that the choice never depends on the order of anything.

Candidates that `credible` rejects never reach the ranking (foreign places through an
alternate name, transliteration matches outside the governorates the document names).

All of it reads only the mention, its document and the tables: the id is a pure function
of them (DESIGN.md), whatever order documents arrive in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# Settlements and divisions: one family, so `ville de`, `district de`, `province de` and no
# cue at all prefer them over the physical features (one family each) of the same name.
SETTLEMENT_KINDS = frozenset({"country", "region", "province", "district", "city", "town", "village", "neighbourhood", "camp", "settlement"})
# A place the text ties to a town (`à l'ouest de Raqqa`) lies within this distance of it.
TIED_MAX_KM = 100
# Sources, best first.
KNOWN, GAZETTEER, GEONAMES = 0, 1, 2


@dataclass(frozen=True)
class Place:
    """One real place (or other entity of the table), with what the entities table shows."""

    entity_id: str
    label: str
    canonical_name: str | None
    latitude: float | None = None
    longitude: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    wikidata_id: str | None = None
    kind: str = "settlement"
    source: int = KNOWN
    tier: int = 0  # GeoNames: 1 Iraq/Syria, 2 neighbours, 3 world; 0 for the curated tables
    population: int = 0
    # matched (a place of the tables), near (at the town the text ties it to), story (at the story's
    # last town before it), admin (only the governorate or country the text puts it in)
    geo_status: str = "matched"

    def info(self) -> dict:
        """The `Doc._.news_entities` value (keys fixed by the events component and the writer)."""
        return {
            "label": self.label,
            "canonical_name": self.canonical_name,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "wikidata_id": self.wikidata_id,
            "geo_status": None if self.label != "LOC" else self.geo_status if self.latitude is not None or self.geo_status == "admin" else "unresolved",
        }


@dataclass(frozen=True)
class Candidate:
    place: Place
    strict: bool  # the name matched without transliteration folding
    primary: bool  # the name is the place's own name, not one of its alternate names


@dataclass
class Context:
    """Where a document (or sentence) is: governorates and countries of its resolved places."""

    admin1: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    def add(self, place: Place) -> None:
        if place.country_code:
            self.countries.add(place.country_code)
        if place.admin1:
            self.admin1.add(place.admin1)


def credible(c: Candidate, document: Context) -> bool:
    """Whether a GeoNames match may stand for the document's place: a place of a country the document
    names (with none named, of Iraq or Syria) unless matched under its own name (an alternate name
    of an Ethiopian town is not an Iraqi neighbourhood written the same); a transliteration
    match, inside a governorate the document names, if it names any (a village of Aleppo is not
    the one of a Raqqa story). World cities known by their French names (`Moscou`) are in
    the curated table, which this does not judge."""
    p = c.place
    if p.source != GEONAMES:
        return True
    if not (c.strict and c.primary) and p.country_code not in (document.countries or {"IQ", "SY"}):
        return False
    return c.strict or not document.admin1 or p.admin1 in document.admin1


def kind_fits(cue: str | None, kind: str) -> int:
    """2: the cue names this kind (or its family); 1: no cue and a settlement; 0 otherwise."""
    if cue is None:
        return 1 if kind in SETTLEMENT_KINDS else 0
    if cue == kind or (cue in SETTLEMENT_KINDS and kind in SETTLEMENT_KINDS):
        return 2
    return 0


def rank_places(candidates: list[Candidate], *, cue: str | None, sentence: Context, document: Context) -> Candidate:
    """The candidate the document means (see the module docstring for the order)."""

    def out_of_context(c: Candidate) -> bool:
        return bool(document.countries) and c.place.country_code not in document.countries

    local = {c.place.admin1 for c in candidates if c.place.source == GEONAMES and c.place.admin1 in document.admin1}

    def score(c: Candidate) -> tuple:
        p = c.place
        curated = p.source != GEONAMES and not (out_of_context(c) and local)
        return (
            curated,
            kind_fits(cue, p.kind),
            p.admin1 in sentence.admin1 if p.admin1 else False,
            p.country_code in sentence.countries if p.country_code else False,
            p.admin1 in document.admin1 if p.admin1 else False,
            p.country_code in document.countries if p.country_code else False,
            -p.source,
            c.strict,
            c.primary,
            p.population,
            -(p.tier or 0),
            p.entity_id,
        )

    return max(candidates, key=score)


def cue_before(text_before: str, cues: list[tuple[re.Pattern, str]]) -> str | None:
    """The kind named by the words right before a place name (`les monts` -> mountain)."""
    for pattern, kind in cues:
        if pattern.search(text_before):
            return kind
    return None


def compile_cues(rows: list[dict[str, str]]) -> list[tuple[re.Pattern, str]]:
    """Cue phrases (`rivière`, `monts`, `poste-frontière`) as patterns anchored at the name:
    the phrase, then `de`/`du`/`des`/`d'`/`de la`/`de l'` or nothing, then the name."""
    out = []
    for row in sorted(rows, key=lambda r: -len(r["cue"])):
        phrase = r"\s+".join(re.escape(w) for w in row["cue"].split())
        out.append((re.compile(rf"(?<![\w-]){phrase}\s*(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|l['’]|la|le|les)\s*)?[«\"“]?\s*$", re.IGNORECASE), row["kind"]))
    return out


def contradicts(place: Place, anchor: Place) -> bool:
    """Whether `place` cannot be where the text ties it to `anchor` (`X, près de Y`): another
    country, another governorate, or more than `TIED_MAX_KM` from a town."""
    if place.country_code != anchor.country_code or (place.admin1 and anchor.admin1 and place.admin1 != anchor.admin1):
        return True
    points = None not in (place.latitude, anchor.latitude) and anchor.kind not in ("country", "region", "province")
    return points and haversine_km(place.latitude, place.longitude, anchor.latitude, anchor.longitude) > TIED_MAX_KM


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius (6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def as_float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None
