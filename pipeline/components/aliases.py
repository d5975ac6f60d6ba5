"""`news_aliases`: one entity id per real entity, for every ORG/LOC/PER/MISC mention.

In order: the known-entities table (`models/entities/known.tsv`, any alias,
compared by `name_key`); an acronym the document defines (`X (ABC)` or
`ABC (X)`) takes the id of its expansion; a person's later short form
(`al-Numan` after `Sabah al-Numan`) takes the full name's id; anything else
gets `<label>:<slug>` of its own form. Assigns `Span._.news_entity_id` and
`Doc._.news_entities: dict[id, dict]` (canonical name and, for known places,
coordinates) for the entities table.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resolve.keys import is_acronym, name_key, slug
from .base import DataComponent

Doc.set_extension("news_entities", default=None, force=True)

NAME_LABELS = ("ORG", "LOC", "PER", "MISC")
GEO_FIELDS = ("latitude", "longitude", "country_code", "admin1", "wikidata_id")


def known_info(row: dict[str, str]) -> dict:
    info = {"label": row["label"], "canonical_name": row["canonical_name"]}
    for name in GEO_FIELDS:
        value = row.get(name) or None
        info[name] = float(value) if value and name in ("latitude", "longitude") else value
    return info


def acronym_links(doc: Doc) -> dict[int, int]:
    """Token start of a mention -> token start of the mention it abbreviates or expands, from `X (Y)`."""
    ents = [e for e in doc.ents if e.label_ in NAME_LABELS]
    links = {}
    for first, second in zip(ents, ents[1:]):
        between = doc[first.end : second.start].text.strip()
        after = doc[second.end].text if second.end < len(doc) else ""
        if between == "(" and after == ")" and is_acronym(first.text) != is_acronym(second.text):
            short, full = (second, first) if is_acronym(second.text) else (first, second)
            links[short.start] = full.start
    return links


class AliasResolver(DataComponent):
    data_names = ("known",)

    def initialize(self, get_examples=None, *, nlp=None, known: list | None = None):
        self.load(known=known)

    def setup(self):
        self.by_key: dict[tuple[str, str], str] = {}
        self.info: dict[str, dict] = {}
        for row in self.data["known"]:
            self.info[row["entity_id"]] = known_info(row)
            for alias in row["aliases"].split("|"):
                self.by_key.setdefault((row["label"], name_key(alias)), row["entity_id"])

    def known_id(self, span: Span) -> str | None:
        return self.by_key.get((span.label_, name_key(span.text)))

    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in doc.ents if e.label_ in NAME_LABELS]
        by_start = {e.start: e for e in ents}
        links = acronym_links(doc)
        ids: dict[int, str] = {}
        for e in ents:
            if e.start in links:
                continue
            ids[e.start] = self.known_id(e) or f"{e.label_.lower()}:{slug(e.text)}"
        for short, full in links.items():
            ids[short] = self.known_id(by_start[short]) or ids[full]
        persons = [e for e in ents if e.label_ == "PER"]
        for e in persons:
            longer = [p for p in persons if len(p) > len(e) and name_key(p.text).endswith(" " + name_key(e.text))]
            if longer and not self.known_id(e):
                ids[e.start] = ids[longer[0].start]
        entities = {}
        for e in ents:
            e._.news_entity_id = ids[e.start]
            info = self.info.get(ids[e.start]) or {"label": e.label_, "canonical_name": None}
            entities[ids[e.start]] = info
        doc._.news_entities = entities
        return doc


@Language.factory("news_aliases", assigns=["span._.news_entity_id", "doc._.news_entities"])
def make_alias_resolver(nlp: Language, name: str) -> AliasResolver:
    return AliasResolver(nlp, name)
