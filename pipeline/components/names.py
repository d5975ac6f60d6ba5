"""`news_names`: the name layer (ORG, LOC, PER, MISC) the way SPEC section 3 annotates it.

Runs after the model's `ner`. It adds names from the known-entities gazetteer
(`models/entities/known.tsv`) and the places gazetteer (`models/places/gazetteer.tsv`)
that the model misses (`CTS`, `EIIS`, `Daech`, `mont Sinjar`), and GeoNames
settlements of Iraq and Syria after a place cue (`le village de X`),
trims every name span (article, quote, `province de`, title), drops generic
descriptions (`les forces irakiennes`), adjectives tagged as places and what the
name's own words say is no name (pipeline/resolve/evidence.py: nationality nouns,
compass points, credit words, weapons, a common word capitalised at a sentence
start, the acronym of a common phrase), relabels organisations by their words and
persons listed among places, and removes names in ignore regions. Sets
`Span._.news_method` to `model`, `gazetteer` or `rule`. It leaves DATE and QUANTITY to their own components.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..resolve.anchors import place_cue_pattern
from ..resolve.evidence import NameEvidence, acronym_phrase, spells_acronym
from ..resolve.names import TrimRule, normalise_name, split_at_joins, trim
from .base import DataComponent, doc_text, span_text
from .mentions import holds_longer_name, in_ignore_region, place_mentions

NAME_LABELS = ("ORG", "LOC", "PER", "MISC")
# Up to this length an alias is matched with its case (`EI`, `IS`, `Hit`), above it case-insensitively.
EXACT_CASE_MAX = 5
# An acronym in brackets right after the name it stands for: `Front de libération nationale kurde (FLNK)`.
BRACKETED_ACRONYM = re.compile(r"\s*\((?-i:[A-Z][A-Z0-9]{1,7})\)")
# How far back the spelled-out name of a bracketed acronym may start.
ACRONYM_REACH = 160
# Between two names of one list: `Tal X, Maktab Y et le Z` (an article or `de` may lead the next name).
LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:et|ou)\s+)?|(?:et|ou)\s+)(?:(?:le|la|les|de|du|des)\s+|[ld]['’])?", re.IGNORECASE)


class NameTagger(DataComponent):
    data_names = ("known", "places", "geonames", "trim_rules", "generic", "titles", "given_names", "patterns", "place_heads", "place_cues", "demonyms", "not_names", "weapons", "weapon_cues", "org_words", "place_joins")

    def initialize(self, get_examples=None, *, nlp=None, known: list | None = None, places: list | None = None, geonames: list | None = None, trim_rules: list | None = None, generic: list | None = None, titles: list | None = None, given_names: list | None = None, patterns: list | None = None, place_heads: list | None = None, place_cues: list | None = None, demonyms: list | None = None, not_names: list | None = None, weapons: list | None = None, weapon_cues: list | None = None, org_words: list | None = None, place_joins: list | None = None):
        self.load(known=known, places=places, geonames=geonames, trim_rules=trim_rules, generic=generic, titles=titles, given_names=given_names, patterns=patterns, place_heads=place_heads, place_cues=place_cues, demonyms=demonyms, not_names=not_names, weapons=weapons, weapon_cues=weapon_cues, org_words=org_words, place_joins=place_joins)

    def setup(self):
        self.rules = [TrimRule.from_row(r) for r in self.data["trim_rules"]]
        self.generic = {normalise_name(g) for g in self.data["generic"]}
        titles = "|".join(re.escape(t) for t in sorted(self.data["titles"], key=len, reverse=True)) or "(?!)"
        self.title_lead = re.compile(rf"^(?:(?:le|la|l['’]) ?)?(?:{titles})(?![\w-])\s*", re.IGNORECASE)
        # `le porte-parole du CTS, Sabah al-Numan`: a title, an optional complement, a comma.
        self.title_before = re.compile(rf"(?<![\w-])(?:{titles})(?: (?:de|du|des|d['’]|de la|de l['’])[^,.;:]{{1,40}})?,? $", re.IGNORECASE)
        self.given_names = {g.casefold() for g in self.data["given_names"]}
        # each scanned on its own: most start with a word sre can search for, which one joined scan cannot
        self.patterns = [(row["label"], re.compile(row["pattern"])) for row in self.data["patterns"]]
        self.place_heads = {h.casefold() for h in self.data["place_heads"]}
        self.place_before = place_cue_pattern(self.data["place_cues"])
        self.place_joins = re.compile("|".join(f"(?:{j})" for j in self.data["place_joins"]) or "(?!)", re.IGNORECASE)
        self.evidence = NameEvidence(self.data["demonyms"], self.data["not_names"], self.data["weapons"], self.data["weapon_cues"], self.data["org_words"])
        # French common words (nouns, adjectives, adverbs, verbs) and their inflected forms: the
        # model's own lemmatizer tables, so `Debout` or `Jour` opening a sentence is known as a word.
        tables = self.nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in self.nlp.component_names else None
        index = tables.get_table("lemma_index", {}) if tables is not None else {}
        self.common_words = {w for pos in index for w in index[pos]}
        self.lemmas = tables.get_table("lemma_lookup", {}) if tables is not None else {}
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for row in self.data["known"] + [{**r, "label": "LOC"} for r in self.data["places"]]:
            for alias in row["aliases"].split("|"):
                matcher = self.exact if len(alias) <= EXACT_CASE_MAX else self.lower
                matcher.add(row["label"], [self.nlp.make_doc(alias)])
        # GeoNames settlements of Iraq and Syria: only after a place cue (`village de X`), case as written.
        self.settlements = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        names = {n for r in self.data["geonames"] if r.get("tier") == "1" for n in [r["name"], *r["alternatenames"].split("|")]}
        for name in sorted(n for n in names if len(n) >= 4 and n[0].isupper()):
            self.settlements.add("LOC", [self.nlp.make_doc(name)])

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        model = [(e, self._person_or_trimmed(e, text)) for e in doc.ents if e.label_ in NAME_LABELS]
        model = [(e, piece) for e, m in model for piece in self._split_place(m)]
        doc.ents = self._places_in_lists([(e, m) for e, m in model if m is not None and not self._unwanted(m, text)], text)
        for span in doc.ents:
            span._.news_method = "model"
        found = [Span(doc, s, e, label=m) for m, s, e in self.exact(doc, as_spans=False) + self.lower(doc, as_spans=False)]
        found = [f for f in (self._trimmed(s) for s in found) if f is not None and not self._attributive(f)]
        found = self._with_demonyms(found)
        found += [Span(doc, s, e, label="LOC") for _, s, e in self.settlements(doc) if self.place_before.search(text[max(0, doc[s].idx - 60) : doc[s].idx])]
        place_mentions(doc, found, "gazetteer", keep=holds_longer_name)
        ruled = [doc.char_span(m.start(), m.end(), label=label, alignment_mode="contract") for label, pattern in self.patterns for m in pattern.finditer(text)]
        place_mentions(doc, [r for r in ruled if r is not None and len(r)], "rule", keep=holds_longer_name)
        place_mentions(doc, self._spelled_out(doc, text), "rule", keep=holds_longer_name)
        place_mentions(doc, self._short_forms(doc, text), "rule", keep=lambda old, new: old._.news_method != "model" or old.label_ == "PER")
        doc.ents = [e for e in doc.ents if not in_ignore_region(doc, e.start_char, e.end_char)]
        return doc

    @staticmethod
    def _attributive(span: Span) -> bool:
        """`un officier peshmerga`: a lower-case name used as an adjective right after a noun."""
        prev = span.doc[span.start - 1] if span.start else None
        return span_text(span).islower() and prev is not None and prev.pos_ == "NOUN"

    def _short_forms(self, doc: Doc, text: str) -> list[Span]:
        """Later mentions of a person by surname (`al-Zubaidi` after `Adnan al-Zubaidi`), whatever the model said."""
        surnames = {e.text.split()[-1] for e in doc.ents if e.label_ == "PER" and len(e.text.split()) >= 2}
        found = []
        for surname in sorted(surnames):
            if len(surname) < 3 or surname.casefold() in self.place_heads:
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
                span = doc.char_span(m.start(), m.end(), label="PER")
                if span is not None:
                    found.append(span)
        return found

    def _spelled_out(self, doc: Doc, text: str) -> list[Span]:
        """The whole name an organisation's acronym stands for, nested places and all
        (`Conseil militaire de Manbij (CMM)`), and the acronym: the words before
        `(ACRONYM)` that spell it, when the acronym is tagged ORG or the name starts with an
        organisation word, and the name has a capital (not a common phrase)."""
        orgs = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"}
        found = []
        for m in BRACKETED_ACRONYM.finditer(text):
            acronym = m.group().strip()[1:-1]
            before = text[max(0, m.start() - ACRONYM_REACH) : m.start()]
            start = acronym_phrase(acronym, before)
            if start is None or before[start:].islower() or "\n" in before[start:]:
                continue
            tagged = (m.end() - 1 - len(acronym), m.end() - 1) in orgs
            if tagged or self.evidence.is_organisation(before[start:], ""):
                name = doc.char_span(m.start() - len(before) + start, m.start(), label="ORG", alignment_mode="contract")
                short = doc.char_span(m.end() - 1 - len(acronym), m.end() - 1, label="ORG")
                found += [s for s in (name, short) if s is not None and len(s)]
        return found

    def _places_in_lists(self, pairs: list[tuple[Span, Span]], text: str) -> list[Span]:
        """A person or other name in a list of places (`à Tal X, Maktab Y et le Mollah Z`) is a place too: the
        name follows a place through `,` or `et`, and a list goes on after it unless `et` led it
        (`à Bagdad, Ali Hassan a dit` stays a person). A given name first keeps a person."""
        names: list[Span] = []
        for i, (original, span) in enumerate(pairs):
            prev = names[-1] if names else None
            if span.label_ in ("PER", "MISC") and prev is not None and prev.label_ == "LOC" and span_text(original).split()[0].casefold() not in self.given_names:
                gap = LIST_GAP.fullmatch(text, prev.end_char, original.start_char)
                after = pairs[i + 1][0].start_char if i + 1 < len(pairs) else None
                goes_on = after is not None and LIST_GAP.fullmatch(text, original.end_char, after)
                if gap and (re.search(r"\b(?:et|ou)\b", gap.group(), re.IGNORECASE) or goes_on):
                    place = span.doc.char_span(original.start_char, original.end_char, label="LOC")
                    span = self._trimmed(place) if place is not None else span
            names.append(span)
        return names

    def _split_place(self, span: Span | None) -> list[Span | None]:
        """`al-Qaïm d'al-Obeidi`: two places run together, cut at each join of `place_joins`."""
        if span is None or span.label_ != "LOC":
            return [span]
        pieces = [span.doc.char_span(span.start_char + a, span.start_char + b, label="LOC") for a, b in split_at_joins(span_text(span), self.place_joins)]
        return pieces if all(p is not None for p in pieces) else [span]

    def _with_demonyms(self, found: list[Span]) -> list[Span]:
        """`services antiterroristes irakiens`: a descriptive organisation name takes the nationality adjective after it."""
        longer = []
        for span in found:
            nxt = span.doc[span.end] if span.end < len(span.doc) else None
            if span.label_ == "ORG" and nxt is not None and not nxt.is_sent_start and self.evidence.takes_demonym(span_text(span), nxt.text):
                span = Span(span.doc, span.start, span.end + 1, label="ORG")
            longer.append(span)
        return longer

    def _person_or_trimmed(self, span: Span, text: str) -> Span | None:
        """A model name with organisation words (`Raqqa Media Center`, `la chaîne X`) is an
        organisation, cue cut off; one with a title (`Premier ministre Haider al-Abbadi`), after
        one, or starting with a given name (`Sabah al-Numan`) is a person, title cut off; one that
        starts with a place word (`Wadi Houran`) or follows a place cue (`près de X`) is a place."""
        name = text[span.start_char : span.end_char]
        titled = self.title_lead.match(name)
        before = text[max(0, span.start_char - 60) : span.start_char]
        words = name.split()
        if self.evidence.is_organisation(name, before):
            org = self._trimmed(span.doc.char_span(span.start_char, span.end_char, label="ORG"))
            cue = self.evidence.cue_length(span_text(org)) if org is not None else 0
            return org.doc.char_span(org.start_char + cue, org.end_char, label="ORG", alignment_mode="contract") if cue else org
        if not titled and (words[0].casefold() in self.place_heads or (span.label_ != "ORG" and self.place_before.search(before))):
            if not (len(words) >= 3 and words[0].casefold() in self.given_names):
                place = span.doc.char_span(span.start_char, span.end_char, label="LOC")
                return self._trimmed(place) if place is not None else None
        given = len(words) >= 2 and words[0].casefold() in self.given_names
        if titled or given or (span.label_ != "ORG" and self.title_before.search(before)):
            start = span.start_char + (titled.end() if titled else 0)
            person = span.doc.char_span(start, span.end_char, label="PER", alignment_mode="contract")
            if person is not None and len(person):
                return self._trimmed(person)
        return self._trimmed(span)

    def _trimmed(self, span: Span) -> Span | None:
        start, end = trim(span_text(span), span.label_, self.rules)
        trimmed = span.doc.char_span(span.start_char + start, span.start_char + end, label=span.label_, alignment_mode="contract")
        return trimmed if trimmed is not None and len(trimmed) else None

    def _unwanted(self, span: Span, text: str) -> bool:
        name = text[span.start_char : span.end_char]
        if normalise_name(name) in self.generic:
            return True
        if span.label_ == "LOC" and len(span) == 1 and span[0].pos_ == "ADJ":
            return True
        before = text[max(0, span.start_char - 60) : span.start_char]
        evidence = self.evidence
        if evidence.is_demonym(name) or evidence.is_not_name(name) or evidence.is_weapon(name, before):
            return True
        if name.isupper() and before.endswith("(") and text.startswith(")", span.end_char) and spells_acronym(name, before):
            return True
        return self._common_word_at_start(span, name) or not any(c.isalpha() for c in name)

    def _common_word_at_start(self, span: Span, name: str) -> bool:
        """`Debout devant ses troupes, ...`, `Jour de deuil`: one capitalised word opening a sentence
        or a line that French knows as a common word is that word, not a name. Persons are left
        alone (`Pierre`, `Martin`)."""
        if len(span) != 1 or span.label_ == "PER" or not span[0].is_sent_start or not name.istitle():
            return False
        word = name.casefold()
        return word in self.common_words or any(lemma in self.common_words for lemma in self.lemmas.get(word, []))


@Language.factory("news_names", assigns=["doc.ents", "span._.news_method"])
def make_name_tagger(nlp: Language, name: str) -> NameTagger:
    return NameTagger(nlp, name)
