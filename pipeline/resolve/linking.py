"""Alias resolution as pure functions: the name index, and the links a document makes itself.

`NameIndex` answers "which entities of the tables carry this name?" at three levels (see
`keys`): an acronym exactly as written; the case/accent-free key or a transliteration key;
a fuzzy match against the curated names only. All keys are computed once, when the tables
load; a look-up costs a few dict probes, and the fuzzy level a scan of the curated names
that share the query's label, number of words and first letter (a few dozen at most).

The document-level links (`acronym_definitions`, `short_form_links`) read only the
document's own mentions, so they stay pure functions of the document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .geo import Candidate, Place
from .keys import consonants, is_acronym, name_key, similarity, variant_keys, variant_tokens

# Acronyms up to this length are matched as written (`EI`, `IS`, `AP`), like news_names does.
EXACT_CASE_MAX = 5
# The fuzzy level skips names shorter than this (in letters): `Irak`/`Iran` are one edit apart.
FUZZY_MIN_LETTERS = 5
# GeoNames places outside Iraq and Syria (tiers 2 and 3) are matched on their exact key only:
# transliteration keys would let Iraqi names reach them through foreign alternate names
# (`Yathrib`, an Iraqi town GeoNames lacks, is an alternate name of Medina).
LOOSE_MAX_TIER = 1


@dataclass(frozen=True)
class Mention:
    """What the resolver needs of a name span: plain values, so it is tested without spaCy."""

    index: int
    start: int  # character offsets into the document text
    end: int
    label: str
    text: str
    sent: int = 0


class NameIndex:
    """Entities of the tables by name: `add()` each (place, names), then look up."""

    def __init__(self, *, fuzzy_same_consonants: float = 0.70, fuzzy_other: float = 0.85):
        self.fuzzy_same_consonants = fuzzy_same_consonants
        self.fuzzy_other = fuzzy_other
        self.acronyms: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
        self.strict: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
        self.loose: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
        self.fuzzy_names: dict[tuple[str, int, str], list[tuple[tuple[str, ...], Place]]] = defaultdict(list)
        self._fuzzy_cache: dict[tuple[str, str], Place | None] = {}

    def add(self, place: Place, names: list[str], *, primary: str | None = None, fuzzy: bool = True) -> None:
        """Index `place` under each of `names`; `primary` is its own name (ranks above alternates)."""
        is_place = place.label == "LOC"
        for name in names:
            name = name.strip()
            if not name:
                continue
            is_primary = primary is None or name == primary
            if is_acronym(name) and len(name) <= EXACT_CASE_MAX:
                self._put(self.acronyms, (place.label, name), Candidate(place, True, is_primary))
                continue
            self._put(self.strict, (place.label, name_key(name)), Candidate(place, True, is_primary))
            if place.tier > LOOSE_MAX_TIER:
                continue
            for key in variant_keys(name, is_place):
                self._put(self.loose, (place.label, key), Candidate(place, False, is_primary))
            tokens = variant_tokens(name, is_place) if fuzzy else ()
            if tokens and sum(len(t) for t in tokens) >= FUZZY_MIN_LETTERS:
                block = self.fuzzy_names[(place.label, len(tokens), tokens[0][0])]
                if (tokens, place) not in block:
                    block.append((tokens, place))

    @staticmethod
    def _put(table: dict, key: tuple[str, str], candidate: Candidate) -> None:
        found = table[key]
        for i, old in enumerate(found):
            if old.place.entity_id == candidate.place.entity_id:
                if (candidate.strict, candidate.primary) > (old.strict, old.primary):
                    found[i] = candidate
                return
        found.append(candidate)

    def lookup(self, label: str, text: str) -> list[Candidate]:
        """Entities carrying this name, exactly or under a transliteration key; [] if none.

        An all-capital short name (`EI`) is looked up as written only. Each candidate says
        whether it matched strictly (same case/accent-free key): rankings prefer those.
        """
        if is_acronym(text) and len(text) <= EXACT_CASE_MAX and (label, text) in self.acronyms:
            return list(self.acronyms[(label, text)])
        strict = self.strict.get((label, name_key(text)))
        loose: list[Candidate] = []
        for key in variant_keys(text, label == "LOC"):
            for c in self.loose.get((label, key), []):
                if not any(c.place.entity_id == o.place.entity_id for o in loose):
                    loose.append(c)
        found = list(strict or [])
        # Loose matches of other entities join: the ranking weighs context before strictness,
        # so `Riyad` in a story about Kirkuk finds the village of Kirkuk governorate.
        found += [c for c in loose if not any(c.place.entity_id == s.place.entity_id for s in found)]
        return found

    def fuzzy(self, label: str, text: str) -> Place | None:
        """The curated entity whose name is closest to `text`, if close enough (see `keys.similarity`).

        Two thresholds, chosen by scripts/tune_fuzzy.py on GeoNames spellings of Iraqi and
        Syrian places (940 spellings of an entity of the table; at 0.70 and 0.85 the best
        match is right 97.4% of the time and finds 23.5% of the spellings that no exact key
        finds): 0.70 when the consonants agree (`Tikret`/`Tikrit`, `Krikouk`/`Kirkouk`),
        0.85 otherwise. A tie between two entities at the best score gives no match.
        """
        cache_key = (label, text)
        if cache_key in self._fuzzy_cache:
            return self._fuzzy_cache[cache_key]
        tokens = variant_tokens(text, label == "LOC")
        result = None
        if tokens and sum(len(t) for t in tokens) >= FUZZY_MIN_LETTERS:
            skeleton = consonants(tokens)
            best: dict[str, float] = {}
            places: dict[str, Place] = {}
            for other, place in self.fuzzy_names.get((label, len(tokens), tokens[0][0]), []):
                score = similarity(tokens, other)
                if score >= (self.fuzzy_same_consonants if consonants(other) == skeleton else self.fuzzy_other):
                    if score > best.get(place.entity_id, 0.0):
                        best[place.entity_id], places[place.entity_id] = score, place
            if best:
                ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
                if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                    result = places[ranked[0][0]]
        if len(self._fuzzy_cache) < 100_000:
            self._fuzzy_cache[cache_key] = result
        return result


_OPEN = re.compile(r"^[\s«»\"“”]*\([\s«»\"“”]*$")
_CLOSE = re.compile(r"^[\s«»\"“”]*\)")


def acronym_definitions(mentions: list[Mention], text: str) -> list[tuple[int, int]]:
    """(acronym, expansion) mention indexes for each `X (ABC)` or `ABC (X)` in the text.

    Only ORG acronyms (an ORG or MISC expansion): a place or a person in brackets
    (`Hassaké (Syrie)`, `BAGDAD (AFP)`) defines nothing. The two mentions must follow
    each other with only the bracket (and quotes or spaces) between them.
    """
    pairs = []
    for first, second in zip(mentions, mentions[1:]):
        if not _OPEN.match(text[first.end : second.start]) or not _CLOSE.match(text[second.end : second.end + 4]):
            continue
        a, b = is_acronym(first.text), is_acronym(second.text)
        if a == b:
            continue
        short, full = (first, second) if a else (second, first)
        if short.label == "ORG" and full.label in ("ORG", "MISC") and len(full.text) > len(short.text):
            pairs.append((short.index, full.index))
    return pairs


def _person_tail(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return 0 < len(short) < len(full) and full[-len(short):] == short


def short_form_links(mentions: list[Mention]) -> dict[int, int]:
    """Short mention index -> the index of the full name it stands for, within one document.

    Persons: a mention whose words are the last words of a longer PER name (`al-Numan`,
    `Numan` after `Sabah al-Numan`; compared on transliteration keys). Organisations: a
    single capitalised word that opens an ORG name of three words or more (`Observatoire`
    after `Observatoire syrien des droits de l'homme`). The short form may carry another
    label (the model often tags `al-Tamimi` as a place). Among several full names, the
    nearest one before the short form, else the nearest after it.
    """
    persons = [(m, variant_tokens(m.text)) for m in mentions if m.label == "PER"]
    orgs = [(m, name_key(m.text).split()) for m in mentions if m.label == "ORG" and len(m.text.split()) >= 3]
    links = {}
    for m in mentions:
        tokens = variant_tokens(m.text)
        fulls = [f for f, ft in persons if f.index != m.index and _person_tail(tokens, ft)]
        if not fulls and m.label != "PER" and len(m.text.split()) == 1 and m.text[:1].isupper() and not is_acronym(m.text):
            key = name_key(m.text)
            fulls = [f for f, words in orgs if f.index != m.index and words[0] == key]
        if fulls:
            before = [f for f in fulls if f.start < m.start]
            chosen = max(before, key=lambda f: f.start) if before else min(fulls, key=lambda f: f.start)
            links[m.index] = chosen.index
    return links
