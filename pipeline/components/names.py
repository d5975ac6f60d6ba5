"""`news_names`: the name layer (ORG, LOC, PER, MISC) the way SPEC section 3 annotates it.

Runs after the model's `ner`. It adds names from the known-entities gazetteer
(`models/entities/known.tsv`) that the model misses (`CTS`, `EIIS`, `Daech`),
trims every name span (article, quote, `province de`, title), drops generic
descriptions (`les forces irakiennes`) and adjectives tagged as places, and
removes names in ignore regions. Sets `Span._.news_method` to `model` or
`gazetteer`. It leaves DATE and QUANTITY to their own components.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..resolve.names import TrimRule, normalise_name, trim
from .base import DataComponent
from .mentions import holds_longer_name, in_ignore_region, place_mentions

NAME_LABELS = ("ORG", "LOC", "PER", "MISC")
# Up to this length an alias is matched with its case (`EI`, `IS`, `Hit`), above it case-insensitively.
EXACT_CASE_MAX = 5


class NameTagger(DataComponent):
    data_names = ("known", "trim_rules", "generic")

    def initialize(self, get_examples=None, *, nlp=None, known: list | None = None, trim_rules: list | None = None, generic: list | None = None):
        self.load(known=known, trim_rules=trim_rules, generic=generic)

    def setup(self):
        self.rules = [TrimRule.from_row(r) for r in self.data["trim_rules"]]
        self.generic = {normalise_name(g) for g in self.data["generic"]}
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for row in self.data["known"]:
            for alias in row["aliases"].split("|"):
                matcher = self.exact if len(alias) <= EXACT_CASE_MAX else self.lower
                matcher.add(row["label"], [self.nlp.make_doc(alias)])

    def __call__(self, doc: Doc) -> Doc:
        model = [self._trimmed(e) for e in doc.ents if e.label_ in NAME_LABELS]
        doc.ents = [e for e in model if e is not None and not self._unwanted(e)]
        for span in doc.ents:
            span._.news_method = "model"
        found = [Span(doc, s, e, label=m) for m, s, e in self.exact(doc, as_spans=False) + self.lower(doc, as_spans=False)]
        found = [f for f in (self._trimmed(s) for s in found) if f is not None]
        place_mentions(doc, found, "gazetteer", keep=holds_longer_name)
        doc.ents = [e for e in doc.ents if not in_ignore_region(doc, e.start_char, e.end_char)]
        return doc

    def _trimmed(self, span: Span) -> Span | None:
        start, end = trim(span.text, span.label_, self.rules)
        trimmed = span.doc.char_span(span.start_char + start, span.start_char + end, label=span.label_, alignment_mode="contract")
        return trimmed if trimmed is not None and len(trimmed) else None

    def _unwanted(self, span: Span) -> bool:
        if normalise_name(span.text) in self.generic:
            return True
        if span.label_ == "LOC" and len(span) == 1 and span[0].pos_ == "ADJ":
            return True
        return all(not t.is_alpha for t in span)


@Language.factory("news_names", assigns=["doc.ents", "span._.news_method"])
def make_name_tagger(nlp: Language, name: str) -> NameTagger:
    return NameTagger(nlp, name)
