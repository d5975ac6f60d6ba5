"""`news_events`: one row per event reported in a sentence, typed like ACLED.

Triggers (`models/events/triggers.tsv`) are matched on lemmas (or lower-case
forms), so inflections and the passive voice match. A trigger is dropped when
it lies in an ignore region, when a blocker governs it (`ont contrecarré des
attaques`, `essaient de mener des attaques`: not an event that happened), or
when it is negated (`n'ont pas été tués`) unless `keep_negated` is set; then
the row says `negated`. Arguments come from the dependency parse and the
mention layer: actor (subject, or `par` agent of a passive), target (object,
or passive subject; a named ORG/PER only), location (a LOC in the clause, else
in the sentence), date (a DATE in the clause, else the nearest in the sentence,
else the publication date), count (the QUANTITY on the target). Assigns
`Doc._.news_events: list[dict]` with the SPEC `events` columns as plain values.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..resolve.acled import AcledMap
from .base import DataComponent
from .mentions import in_ignore_region

Doc.set_extension("news_events", default=None, force=True)

SUBJECT_DEPS = ("nsubj",)
AGENT_DEPS = ("obl:agent",)
OBJECT_DEPS = ("obj", "nsubj:pass")
NAMES = ("ORG", "PER")
# How far up the parse a blocker may govern the trigger (`essaient de mener des attaques`: 2).
BLOCKER_DEPTH = 3


def mention_in(doc: Doc, tokens: list[Token], labels: tuple[str, ...]) -> Span | None:
    """The first mention with one of `labels` that starts inside `tokens`."""
    indices = {t.i for t in tokens}
    for ent in doc.ents:
        if ent.label_ in labels and ent.start in indices:
            return ent
    return None


def noun_phrase(token: Token) -> str | None:
    """`les forces irakiennes` -> `forces irakiennes`: the noun and its adjectives, no determiner."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [t for t in token.subtree if t.i == token.i or (t.head == token and t.pos_ == "ADJ" and t.i > token.i)]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


class EventExtractor(DataComponent):
    data_names = ("triggers", "blockers", "negators", "acled", "cues")

    def initialize(self, get_examples=None, *, nlp=None, triggers: list | None = None, blockers: list | None = None, negators: list | None = None, acled: list | None = None, cues: list | None = None):
        self.load(triggers=triggers, blockers=blockers, negators=negators, acled=acled, cues=cues)

    def __init__(self, nlp: Language, name: str, keep_negated: bool = False):
        self.keep_negated = keep_negated
        super().__init__(nlp, name)

    def setup(self):
        self.matcher = Matcher(self.nlp.vocab)
        for row in self.data["triggers"]:
            words = row["trigger"].split()
            for attr in ("LEMMA", "LOWER"):
                pattern = []
                for k, word in enumerate(words):
                    if k:
                        pattern.append({"POS": {"IN": ["DET", "ADJ"]}, "OP": "?"})
                    pattern.append({attr: word})
                if row.get("pos") and len(words) == 1:
                    pattern[0]["POS"] = {"IN": [row["pos"], "AUX"] if row["pos"] == "VERB" else [row["pos"]]}
                self.matcher.add(row["event_type"], [pattern])
        self.blockers = set(self.data["blockers"])
        self.negators = set(self.data["negators"])
        self.acled = AcledMap(self.data["acled"], self.data["cues"])

    def __call__(self, doc: Doc) -> Doc:
        matches = [Span(doc, s, e, label=key) for key, s, e in self.matcher(doc)]
        events = []
        for trigger in sorted(filter_spans(matches), key=lambda s: s.start):
            if in_ignore_region(doc, trigger.start_char, trigger.end_char) or self.blocked(trigger.root):
                continue
            negated = self.negated(trigger[0])
            if negated and not self.keep_negated:
                continue
            events.append(self.describe(doc, trigger, negated))
        doc._.news_events = events
        return doc

    def blocked(self, token: Token) -> bool:
        head, depth = token, 0
        while head.head != head and depth < BLOCKER_DEPTH:
            head, depth = head.head, depth + 1
            if head.lemma_ in self.blockers:
                return True
        return False

    def negated(self, token: Token) -> bool:
        heads = [token] + ([token.head] if token.dep_ in ("obj", "nsubj:pass") else [])
        return any(child.lower_ in self.negators for h in heads for child in h.children)

    def describe(self, doc: Doc, trigger: Span, negated: bool) -> dict:
        head = trigger[0]
        sent = head.sent
        sent_index = next(i for i, s in enumerate(doc.sents) if s.start == sent.start)
        actor_tok = self.argument(head, AGENT_DEPS if self.passive(head) else SUBJECT_DEPS)
        target_tok = self.argument(head, OBJECT_DEPS)
        if head.dep_ == "acl" and target_tok is None:
            target_tok = head.head  # `des éléments de l'EIIS capturés par le CTS`
        if actor_tok is None and head.pos_ == "NOUN":
            actor_tok = self.argument(head.head, SUBJECT_DEPS) if head.head.pos_ in ("VERB", "AUX") else None
            if actor_tok is None:
                actor_tok = next((c for c in head.children if c.dep_ == "nmod"), None)
        actor = mention_in(doc, list(actor_tok.subtree), NAMES) if actor_tok is not None else None
        actor_text = actor.text if actor is not None else (noun_phrase(actor_tok) if actor_tok is not None else None)
        target = mention_in(doc, list(target_tok.subtree), NAMES) if target_tok is not None else None
        clause = list(head.subtree) if head.pos_ in ("VERB", "AUX") else list(head.head.subtree)
        location = mention_in(doc, clause, ("LOC",)) or mention_in(doc, list(sent), ("LOC",))
        date = mention_in(doc, clause, ("DATE",)) or self.nearest(doc, sent, head, "DATE")
        quantity = mention_in(doc, list(target_tok.subtree), ("QUANTITY",)) if target_tok is not None else None
        date_info = date._.news_date if date is not None else None
        pub = doc._.news_pub_date
        date_start = date_info["start"] if date_info else pub
        date_end = date_info["end"] if date_info else pub
        entities = doc._.news_entities or {}
        place = entities.get(location._.news_entity_id, {}) if location is not None else {}
        acled_type, acled_sub = self.acled.types(
            trigger.label_,
            actor_id=actor._.news_entity_id if actor is not None else None,
            actor_text=actor_text,
            target_text=noun_phrase(target_tok) if target_tok is not None else None,
            trigger=sent.text,
        )
        q = quantity._.news_quantity if quantity is not None else None
        return {
            "sent_id": sent_index,
            "start": sent.start_char,
            "end": sent.end_char,
            "trigger": trigger.text,
            "trigger_start": trigger.start_char,
            "event_type": trigger.label_,
            "acled_event_type": acled_type,
            "acled_sub_event_type": acled_sub,
            "actor_id": actor._.news_entity_id if actor is not None else None,
            "actor_text": actor_text,
            "target_id": target._.news_entity_id if target is not None else None,
            "target_text": target.text if target is not None else None,
            "location_id": location._.news_entity_id if location is not None else None,
            "location_text": location.text if location is not None else None,
            "latitude": place.get("latitude"),
            "longitude": place.get("longitude"),
            "date_start": date_start,
            "date_end": date_end,
            "date_text": date.text if date is not None else None,
            "count": q["value"] if q else None,
            "count_unit": q["unit"] if q else None,
            "negated": negated,
            "sentence": sent.text,
        }

    @staticmethod
    def passive(token: Token) -> bool:
        return any(c.dep_ in ("aux:pass", "nsubj:pass") for c in token.children) or token.dep_ == "acl"

    @staticmethod
    def argument(token: Token, deps: tuple[str, ...]) -> Token | None:
        return next((c for c in token.children if c.dep_ in deps), None)

    @staticmethod
    def nearest(doc: Doc, sent: Span, token: Token, label: str) -> Span | None:
        found = [e for e in doc.ents if e.label_ == label and sent.start <= e.start < sent.end]
        return min(found, key=lambda e: abs(e.start - token.i)) if found else None


@Language.factory(
    "news_events",
    assigns=["doc._.news_events"],
    default_config={"keep_negated": False},
)
def make_event_extractor(nlp: Language, name: str, keep_negated: bool) -> EventExtractor:
    return EventExtractor(nlp, name, keep_negated=keep_negated)
