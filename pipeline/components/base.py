"""Shared shape of the data-driven components: cheap constructor, data in `initialize()`.

The data (lists and table rows read from `models/` by the config's readers)
is kept as given, so `to_disk`/`from_disk` can save it inside a pipeline
directory: a saved pipeline never needs the `models/` path again.
"""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

Doc.set_extension("news_text", default=None, force=True)


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per document: spaCy joins every token's text at each access
    (about a millisecond for an article), and the components read it many times.
    Retokenising never changes a Doc's text, so the cached string stays right."""
    text = doc._.news_text
    if text is None:
        text = doc._.news_text = doc.text
    return text


def span_text(span: Span) -> str:
    """`span.text`, sliced from `doc_text`: spaCy builds a Token object for every word of the span
    at each access, which for a sentence costs more than the rule that reads it."""
    return doc_text(span.doc)[span.start_char : span.end_char]


class DataComponent:
    """Subclasses list their data names in `data_names` and build state in `setup()`.

    spaCy validates `[initialize.components.<name>]` against the signature of
    `initialize`, so each subclass spells its data out as keyword arguments there
    and passes them on to `load()`.
    """

    data_names: tuple[str, ...] = ()

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name
        self.data: dict = {key: [] for key in self.data_names}
        self.setup()

    def load(self, **data):
        unknown = set(data) - set(self.data_names)
        if unknown:
            raise ValueError(f"{self.name}: unknown initialize settings {sorted(unknown)}; expected {list(self.data_names)}")
        self.data = {key: list(data.get(key) or []) for key in self.data_names}
        self.setup()

    def setup(self) -> None:
        """Build matchers and lookups from `self.data`."""

    def to_disk(self, path: Path, exclude=tuple()):
        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_json(Path(path) / "data.json", self.data)

    def from_disk(self, path: Path, exclude=tuple()):
        self.load(**srsly.read_json(Path(path) / "data.json"))
        return self
