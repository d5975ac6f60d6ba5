"""What a name's own words say it is: no name at all, or an organisation.

The model tags capitalised words by their shape, so it takes nationality nouns
(`les Kurdes`) for places, weapon models (`des roquettes Katioucha`) for
organisations and an outlet's media office (`Raqqa Media Center`) for a place.
These checks read only the mention and the words right before it, against the
lexicons of `models/names/`, so they hold for any article. Pure: strings in,
answers out.
"""

from __future__ import annotations

import re

from .names import normalise_name

# Initials of an acronym defined in brackets: `engins explosifs improvisés (EEI)`.
WORD = re.compile(r"[^\W\d_][\w-]*")
SMALL_WORDS = {"de", "des", "du", "d", "la", "le", "les", "l", "et", "à", "au", "aux", "en", "pour", "contre", "sur"}


def demonym_forms(rows: list[str]) -> set[str]:
    """Lower-case forms of each demonym: `irakien` -> irakien, irakienne, irakiens, irakiennes.

    A row may give irregular forms after `|` (`turc|turque`); each form gets its plural.
    """
    forms = set()
    for row in rows:
        for word in row.casefold().split("|"):
            feminine = word + "ne" if word.endswith(("ien", "éen")) else word if word.endswith("e") else word + "e"
            for form in (word, feminine):
                forms |= {form, form if form.endswith(("s", "x")) else form + "s"}
    return forms


def acronym_phrase(acronym: str, before: str) -> int | None:
    """Where, in `before` (the text up to `(ACRONYM)`), the phrase starts whose words spell the
    acronym, small words aside (`Observatoire syrien des droits de l'Homme (OSDH)`); None when
    the initials of the last words differ."""
    words = [m for m in WORD.finditer(before) if m.group().casefold() not in SMALL_WORDS]
    letters = acronym.casefold()
    if not 2 <= len(letters) <= len(words):
        return None
    tail = words[-len(letters) :]
    return tail[0].start() if "".join(m.group()[0] for m in tail).casefold() == letters else None


def spells_acronym(acronym: str, before: str) -> bool:
    """True when lower-case words right before `(ACRONYM)` spell it (`engins explosifs
    improvisés (EEI)`): an acronym of a common phrase, not an organisation's name."""
    start = acronym_phrase(acronym, before.rstrip().removesuffix("("))
    return start is not None and before[start:].rstrip().removesuffix("(").islower()


class NameEvidence:
    """The lexicons of `models/names/` compiled once: demonyms, non-names, weapons, organisation words."""

    def __init__(self, demonyms: list[str], not_names: list[str], weapons: list[str], weapon_cues: list[str], org_words: list[dict[str, str]]):
        self.demonyms = demonym_forms(demonyms)
        self.not_names = {normalise_name(w) for w in not_names}
        self.weapons = [re.compile(p) for p in weapons]
        cues = "|".join(f"(?:{c})" for c in weapon_cues) or "(?!)"
        self.weapon_before = re.compile(rf"(?<![\w-])(?:{cues})$", re.IGNORECASE)
        self.weapon_lead = re.compile(rf"(?:{cues})", re.IGNORECASE)
        by_position: dict[str, list[str]] = {}
        for row in org_words:
            by_position.setdefault(row["position"], []).append(f"(?:{row['pattern']})")
        alt = lambda position: "|".join(by_position.get(position, [])) or "(?!)"  # noqa: E731
        self.org_first = re.compile(rf"(?:{alt('first')})")
        self.org_last = re.compile(rf"(?:{alt('last')})")
        self.org_alone = re.compile(rf"(?:{alt('alone')})")
        self.org_before = re.compile(rf"(?<![\w-])(?:{alt('cue')})$", re.IGNORECASE)
        self.org_lead = re.compile(rf"(?:{alt('cue')})(?=[A-ZÉÈ])")

    def is_demonym(self, text: str) -> bool:
        """`Kurdes`, `un Irakien`: a capitalised nationality noun names people, not a place."""
        return normalise_name(text) in self.demonyms

    def is_not_name(self, text: str) -> bool:
        """A compass point (`Sud`) or a photo-credit word (`Uncredited`, `Archives`)."""
        return normalise_name(text) in self.not_names

    def is_weapon(self, text: str, before: str) -> bool:
        """A weapon or vehicle model: by its own form (`F-16`, `Katioucha`) or after a weapon noun."""
        if any(p.fullmatch(text) for p in self.weapons):
            return True
        return bool(self.weapon_before.search(before) or self.weapon_lead.match(text))

    def is_organisation(self, text: str, before: str) -> bool:
        """An organisation by its first or last word (`Jaych al-Islam`, `Raqqa Media Center`), by
        its one word (`l'Observatoire`) or by the noun before it (`la chaîne Al-Arabiya`)."""
        words = text.split()
        if len(words) >= 2 and (self.org_first.fullmatch(words[0]) or self.org_last.fullmatch(words[-1])):
            return True
        if len(words) == 1 and self.org_alone.fullmatch(text):
            return True
        return bool(self.org_before.search(before) or self.org_lead.match(text))

    def cue_length(self, name: str) -> int:
        """Length of the organisation noun that opens a name (`chaîne Al-Arabiya`: 7), else 0."""
        lead = self.org_lead.match(name)
        return lead.end() if lead else 0

    def takes_demonym(self, name: str, following: str) -> bool:
        """`services antiterroristes` + `irakiens`: a descriptive organisation name (lower-case
        head) goes on with its nationality adjective; a proper name (`le Hezbollah libanais`) does not."""
        return name[:1].islower() and following.casefold() in self.demonyms
