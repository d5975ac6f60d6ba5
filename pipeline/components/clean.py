"""`news_clean`: mark the ignore regions of a document before anything is tagged.

Assigns `Doc._.news_ignore: list[tuple[int, int]]`, sorted character ranges
into the original text. It does not change the text or the tokens (offsets
stay those of the original); later components drop what falls in a region.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..resolve.regions import find_ignore_regions
from .base import DataComponent

Doc.set_extension("news_ignore", default=None, force=True)


class Cleaner(DataComponent):
    data_names = ("chrome",)

    def initialize(self, get_examples=None, *, nlp=None, chrome: list | None = None):
        self.load(chrome=chrome)

    def setup(self):
        self.patterns = [re.compile(p, re.IGNORECASE) for p in self.data["chrome"]]

    def __call__(self, doc: Doc) -> Doc:
        doc._.news_ignore = find_ignore_regions(doc.text, self.patterns)
        return doc


@Language.factory("news_clean", assigns=["doc._.news_ignore"])
def make_cleaner(nlp: Language, name: str) -> Cleaner:
    return Cleaner(nlp, name)
