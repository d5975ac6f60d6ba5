"""`news_dates`: DATE mentions, resolved against the document's publication date.

Reads `Doc._.news_pub_date` (ISO string or None). Assigns DATE spans in
`doc.ents` with `Span._.news_date` = `DateValue.as_dict()` and method `rule`.
An expression is read toward the future only when it says so (`prochain`,
`demain`) or its sentence is in the future tense; otherwise toward the past.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resolve.dates import DateGrammar
from .base import DataComponent
from .mentions import holds_longer_name, place_mentions

Doc.set_extension("news_pub_date", default=None, force=True)


def future_tense(span: Span) -> bool:
    """True when the sentence holding `span` has a verb in the future tense."""
    return any("Fut" in t.morph.get("Tense") for t in span.sent)


class DateTagger(DataComponent):
    data_names = ("words", "relative")

    def initialize(self, get_examples=None, *, nlp=None, words: list | None = None, relative: list | None = None):
        self.load(words=words, relative=relative)

    def setup(self):
        self.grammar = DateGrammar(self.data["words"], self.data["relative"])

    def __call__(self, doc: Doc) -> Doc:
        pub = dt.date.fromisoformat(doc._.news_pub_date) if doc._.news_pub_date else None
        spans = []
        for expr in self.grammar.find(doc.text):
            span = doc.char_span(expr.start, expr.end, label="DATE", alignment_mode="expand")
            if span is None:
                continue
            value = self.grammar.resolve(expr, pub, future=future_tense(span))
            span._.news_date = value.as_dict()
            spans.append(span)
        place_mentions(doc, spans, "rule", keep=holds_longer_name)
        return doc


@Language.factory("news_dates", assigns=["doc.ents", "span._.news_date", "span._.news_method"])
def make_date_tagger(nlp: Language, name: str) -> DateTagger:
    return DateTagger(nlp, name)
