"""`news_quantities`: QUANTITY mentions with value, qualifier and unit.

Assigns QUANTITY spans in `doc.ents` with `Span._.news_quantity` =
`{"value", "qualifier", "unit"}` and method `rule`. The unit is the symbol or
currency in the amount (`%`, `USD`), else the lemma of the counted noun right
after it (`35 éléments` -> `élément`, `une dizaine de militants` -> `militant`),
which joins the span. Numbers inside a DATE (`le 21 août`) are left alone, and so
is a lone number word after a noun (`un logement neuf`, `le colonel Neuf`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resolve.numbers import QuantityGrammar
from .base import DataComponent, doc_text
from .mentions import place_mentions

LINK_WORDS = {"de", "d'", "d’", "des"}


class QuantityTagger(DataComponent):
    data_names = ("words",)

    def initialize(self, get_examples=None, *, nlp=None, words: list | None = None):
        self.load(words=words)

    def setup(self):
        self.grammar = QuantityGrammar(self.data["words"])

    def __call__(self, doc: Doc) -> Doc:
        dates = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        spans = []
        for amount in self.grammar.find(doc_text(doc)):
            if any(s < amount.end and amount.start < e for s, e in dates):
                continue
            span = doc.char_span(amount.start, amount.end, label="QUANTITY", alignment_mode="expand")
            if span is None or self.not_a_number(span):
                continue
            unit, end = amount.unit, span.end
            if unit is None:
                unit, end = self.counted_noun(doc, span.end)
            span = Span(doc, span.start, end, label="QUANTITY")
            span._.news_quantity = {"value": amount.value, "qualifier": amount.qualifier, "unit": unit}
            spans.append(span)
        place_mentions(doc, spans, "rule", keep=lambda old, new: old.label_ == "DATE")
        return doc

    @staticmethod
    def not_a_number(span: Span) -> bool:
        """A lone number word right after a noun and before no noun: the adjective or a name (`un logement
        neuf`, `le colonel Neuf`) or an identifier (`le chapitre trois`). The tagger's own part of speech
        is no help here: it tags `Neuf grottes` PROPN and `neuf maisons` ADJ."""
        if len(span) != 1 or not span[0].is_alpha:
            return False
        doc, i = span.doc, span.start
        after_noun = i > 0 and doc[i - 1].pos_ in ("NOUN", "PROPN")
        before_noun = i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN"
        return after_noun and not before_noun

    def counted_noun(self, doc: Doc, i: int) -> tuple[str | None, int]:
        """(unit, end token) for the noun after token `i`, through `de`/`d'`; (None, i) if there is none."""
        j = i
        if j < len(doc) and doc[j].lower_ in LINK_WORDS:
            j += 1
        if j >= len(doc):
            return None, i
        token = doc[j]
        symbol = self.grammar.unit_of(token.text)
        if symbol:
            return symbol, j + 1
        if token.pos_ == "NOUN":
            return token.lemma_.lower(), j + 1
        return None, i


@Language.factory("news_quantities", assigns=["doc.ents", "span._.news_quantity", "span._.news_method"])
def make_quantity_tagger(nlp: Language, name: str) -> QuantityTagger:
    return QuantityTagger(nlp, name)
