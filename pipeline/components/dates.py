"""`news_dates`: DATE mentions, resolved against the document's publication date, or against the
date just told for those that count from it (`le lendemain`: `DateGrammar.resolve_all`).

Reads `Doc._.news_pub_date` (ISO string or None). Assigns DATE spans in
`doc.ents` with `Span._.news_date` = `DateValue.as_dict()` and method `rule`.
An expression is read toward the future only when it says so (`prochain`,
`demain`) or the verb it depends on is in the future (`arrivera vendredi`,
`va lancer ... au printemps`); otherwise toward the past. The verb is the first
verb up the dependency tree from the span, so `a annoncé mardi qu'il
arrivera jeudi` reads `mardi` as past and `jeudi` as future; with no verb above
it, the sentence decides.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..resolve.dates import DateGrammar
from .base import DataComponent, doc_text
from .mentions import Sentences, holds_longer_name, place_mentions

Doc.set_extension("news_pub_date", default=None, force=True)


# Verbs that put a following infinitive in the future: `va lancer`, `doit se rendre`, `prévoit de lancer`.
FUTURE_AUXILIARIES = {"aller", "devoir", "prévoir", "compter", "envisager", "projeter"}


def is_future(verb: Token) -> bool:
    """A verb in the future tense, or an infinitive under a present `aller`/`devoir`/`prévoir`... (or the auxiliary itself)."""
    if "Fut" in verb.morph.get("Tense"):
        return True
    if "Inf" in verb.morph.get("VerbForm"):
        head = verb.head
        if head is not verb and head.lemma_ in FUTURE_AUXILIARIES and "Pres" in head.morph.get("Tense"):
            return True
        return any(c.lemma_ in FUTURE_AUXILIARIES and "Pres" in c.morph.get("Tense") for c in verb.children if c.dep_.startswith("aux"))
    if verb.lemma_ in FUTURE_AUXILIARIES and "Pres" in verb.morph.get("Tense"):
        return any(c.pos_ in ("VERB", "AUX") and "Inf" in c.morph.get("VerbForm") for c in verb.children)
    return any("Fut" in c.morph.get("Tense") for c in verb.children if c.dep_.startswith("aux"))


def governing_verb(span: Span, sent: Span) -> Token | None:
    """The first verb (or auxiliary) up the dependency tree from the span's root."""
    token = span.root
    for _ in range(len(sent)):
        if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def future_tense(span: Span, sent: Span) -> bool:
    """True when the verb the span depends on is future (see `is_future`); without a verb above it,
    when any verb of its sentence `sent` is."""
    verb = governing_verb(span, sent)
    if verb is not None:
        return is_future(verb)
    return any(is_future(t) for t in sent if t.pos_ in ("VERB", "AUX"))


class DateTagger(DataComponent):
    data_names = ("words", "relative")

    def initialize(self, get_examples=None, *, nlp=None, words: list | None = None, relative: list | None = None):
        self.load(words=words, relative=relative)

    def setup(self):
        self.grammar = DateGrammar(self.data["words"], self.data["relative"])

    def __call__(self, doc: Doc) -> Doc:
        pub = dt.date.fromisoformat(doc._.news_pub_date) if doc._.news_pub_date else None
        found = []
        sentences = None
        for expr in self.grammar.find(doc_text(doc)):
            span = doc.char_span(expr.start, expr.end, label="DATE", alignment_mode="expand")
            if span is not None:
                sentences = sentences or Sentences(doc)
                found.append((expr, span, future_tense(span, sentences.of(span.start))))
        values = self.grammar.resolve_all([e for e, _, _ in found], pub, [f for _, _, f in found])
        for (_, span, _), value in zip(found, values):
            span._.news_date = value.as_dict()
        place_mentions(doc, [span for _, span, _ in found], "rule", keep=holds_longer_name)
        return doc


@Language.factory("news_dates", assigns=["doc.ents", "span._.news_date", "span._.news_method"])
def make_date_tagger(nlp: Language, name: str) -> DateTagger:
    return DateTagger(nlp, name)
