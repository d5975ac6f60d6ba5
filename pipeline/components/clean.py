"""`news_clean`: mark the ignore regions of a document before anything is tagged.

Assigns `Doc._.news_ignore: list[tuple[int, int]]`, sorted character ranges
into the original text. It does not change the text (offsets stay those of
the original); it only splits a token that straddles a region's edge, so the
model sees `CTS` in `[Photo fournie par le CTS]](/images/...)`, and starts a
sentence at each line (the parser runs after it and keeps them). Later
components drop what falls in a region.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from ..resolve.regions import find_ignore_regions
from .base import DataComponent, doc_text

Doc.set_extension("news_ignore", default=None, force=True)


class Cleaner(DataComponent):
    data_names = ("chrome",)

    def initialize(self, get_examples=None, *, nlp=None, chrome: list | None = None):
        self.load(chrome=chrome)

    def setup(self):
        self.patterns = [re.compile(p, re.IGNORECASE) for p in self.data["chrome"]]

    def __call__(self, doc: Doc) -> Doc:
        regions = find_ignore_regions(doc_text(doc), self.patterns)
        doc._.news_ignore = regions
        split_at_boundaries(doc, sorted({b for region in regions for b in region}), self.nlp.tokenizer)
        start_sentences_at_lines(doc)
        return doc


SENTENCE_END = {".", "!", "?", "…", "»", '"', ")", ":", ";"}
SENTENCE_END_KEYS = numpy.array([hash_string(p) for p in SENTENCE_END], dtype=numpy.uint64)


def start_sentences_at_lines(doc: Doc) -> None:
    """A line break ends a sentence (titles, captions and credits are sentences of their own),
    and a sentence may only start after closing punctuation otherwise.

    The parser runs after this and decides among the remaining candidates. Leaving
    every other token undecided is not enough: with some starts set, the parser then
    breaks sentences inside names (`Selon al` / `-` / `Zubaidi`). Read and written
    as whole arrays: a Token object per word cost more than the rule.
    """
    if not len(doc):
        return
    orth, space = doc.to_array([ORTH, IS_SPACE]).T
    closing = numpy.isin(orth, SENTENCE_END_KEYS).tolist()
    starts = [0] * len(doc)
    previous, newline = None, False
    for i, is_space in enumerate(space.tolist()):
        if is_space:
            newline = newline or "\n" in doc[i].text
            if i:
                starts[i] = -1
            continue
        if previous is not None:
            if newline:
                starts[i] = 1
            elif not closing[previous]:
                starts[i] = -1
        previous, newline = i, False
    doc.from_array([SENT_START], numpy.array(starts, dtype=numpy.int64).astype(numpy.uint64).reshape(-1, 1))


def split_at_boundaries(doc: Doc, boundaries: list[int], tokenizer) -> None:
    """Split tokens that straddle a region boundary (`CTS]](/images/...`), so names stay whole tokens.

    Each piece is tokenized again, so `CTS]` also loses its bracket.
    """
    if not boundaries or not len(doc):
        return
    starts = doc.to_array(IDX).tolist()
    cuts: dict[int, list[int]] = {}
    for b in boundaries:
        i = bisect_right(starts, b) - 1
        if i >= 0 and starts[i] < b < starts[i] + len(doc[i].text):
            cuts.setdefault(i, []).append(b - starts[i])
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            edges = [0, *inner, len(token.text)]
            orths = [t.text for a, b in zip(edges, edges[1:]) for t in tokenizer(token.text[a:b])]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


@Language.factory("news_clean", assigns=["doc._.news_ignore"])
def make_cleaner(nlp: Language, name: str) -> Cleaner:
    return Cleaner(nlp, name)
