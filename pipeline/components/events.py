"""`news_events`: one row per event reported in a sentence, typed like ACLED.

Triggers (`models/events/triggers.tsv`) are matched on lemmas (or as written),
so inflections and the passive voice match. SPEC section 3 keeps only real,
specific events, so a trigger is dropped when it lies in an ignore region; when
a blocker (`déjouer`, `tenter`, `prévoir`) or a negated verb governs it; when
its verb is conditional, subjunctive, future or an infinitive (unless `a permis
de`); when it is in the present outside a title (habitual); when it is a noun
that only sets the scene (`lors du raid`), is counted by a trend (`les attaques
se sont multipliées`), names a weapon seized (`saisi des roquettes`) or is part
of another noun (`fusils d'assaut`); and when it is negated, unless
`keep_negated` is set (then `negated` says so). One event per type and sentence.
The words behind these rules are in `models/events/context.tsv`.

Arguments (`event_arguments`): actor, target, count, the most specific place,
the date of the clause or sentence, else of the same event told elsewhere in
the article, else the publication date. ACLED types from `acled.tsv`.
Assigns `Doc._.news_events: list[dict]` with the SPEC `events` columns.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..resolve.acled import AcledMap
from .base import DataComponent
from .event_arguments import NAMES, agent_token, clause_of, count_of, mention_in, noun_phrase, patient_token, place_of
from .mentions import Sentences, in_ignore_region

Doc.set_extension("news_events", default=None, force=True)

# How far up the parse a blocker may govern the trigger (`essaient de mener des attaques`: 2).
BLOCKER_DEPTH = 3
UNREAL_MOODS = ("Cnd", "Sub")


class EventExtractor(DataComponent):
    data_names = ("triggers", "blockers", "negators", "context", "refine", "agents", "acled", "cues")

    def initialize(self, get_examples=None, *, nlp=None, triggers: list | None = None, blockers: list | None = None, negators: list | None = None, context: list | None = None, refine: list | None = None, agents: list | None = None, acled: list | None = None, cues: list | None = None):
        self.load(triggers=triggers, blockers=blockers, negators=negators, context=context, refine=refine, agents=agents, acled=acled, cues=cues)

    def __init__(self, nlp: Language, name: str, keep_negated: bool = False):
        self.keep_negated = keep_negated
        super().__init__(nlp, name)

    def setup(self):
        self.context: dict[str, set[str]] = {}
        for row in self.data["context"]:
            self.context.setdefault(row["kind"], set()).add(row["word"])
        articles = self.context.get("article", set())
        self.refinements = [(r["from_type"], r["to_type"], r["cue"]) for r in self.data["refine"]]
        self.matcher = Matcher(self.nlp.vocab)
        # One-word triggers (most of them) by a dictionary lookup per token, far cheaper than
        # Matcher patterns; phrases (`lancer l'assaut`) through the Matcher.
        self.single: dict[str, list[tuple[str, str]]] = {}
        for row in self.data["triggers"]:
            words = [w for w in row["trigger"].split() if w not in articles]
            if len(words) == 1:
                self.single.setdefault(words[0], []).append((row["event_type"], row.get("pos") or ""))
                continue
            for attr in ("LEMMA", "LOWER"):
                pattern = []
                for k, word in enumerate(words):
                    if k:
                        pattern.append({"POS": {"IN": ["DET", "ADJ"]}, "OP": "*"})
                    pattern.append({attr: word})
                self.matcher.add(row["event_type"], [pattern])
        self.single_keys = numpy.array([hash_string(w) for w in self.single], dtype=numpy.uint64)
        self.blockers = set(self.data["blockers"])
        self.agents = set(self.data["agents"])
        self.event_nouns = {r["trigger"].split()[0] for r in self.data["triggers"] if r.get("pos") == "NOUN"} | self.context.get("event_noun", set())
        self.negators = set(self.data["negators"])
        self.acled = AcledMap(self.data["acled"], self.data["cues"])

    def single_word_triggers(self, doc: Doc) -> list[Span]:
        found = []
        # compare hashes over the whole Doc first: a Token object per word costs more than the lookup
        hits = numpy.flatnonzero(numpy.isin(doc.to_array([LEMMA, LOWER]), self.single_keys).any(axis=1)) if len(doc) else ()
        for i in hits:
            token = doc[int(i)]
            for word in {token.lemma_, token.lower_}:
                for event_type, pos in self.single.get(word, ()):
                    if not pos or token.pos_ == pos or (pos == "VERB" and token.pos_ == "AUX"):
                        found.append(Span(doc, token.i, token.i + 1, label=event_type))
        return found

    def __call__(self, doc: Doc) -> Doc:
        matches = [Span(doc, s, e, label=key) for key, s, e in self.matcher(doc)] + self.single_word_triggers(doc)
        mentions = doc.ents
        triggers = sorted(filter_spans(matches), key=lambda s: s.start)
        trigger_tokens = {t.i for span in triggers for t in span}
        events, seen = [], set()
        sentences = Sentences(doc)
        for trigger in triggers:
            head = trigger[0]
            sent = sentences.of(head.i)
            if in_ignore_region(doc, trigger.start_char, trigger.end_char) or self.unreal(head, sent, trigger_tokens):
                continue
            negated = self.negated(head)
            if negated and not self.keep_negated:
                continue
            event_type = self.refined(trigger.label_, head)
            if (sent.start, event_type) in seen:
                continue  # the same event told twice in one sentence
            seen.add((sent.start, event_type))
            events.append(self.describe(doc, mentions, trigger, event_type, negated, events, sent, sentences.number(head.i)))
        doc._.news_events = date_from_story(events, doc._.news_pub_date)
        return doc

    def refined(self, event_type: str, head: Token) -> str:
        clause = {t.lemma_ for t in (head.subtree if head.pos_ in ("VERB", "AUX") else head.head.subtree)}
        for from_type, to_type, cue in self.refinements:
            if event_type == from_type and cue in clause:
                return to_type
        return event_type

    def unreal(self, head: Token, sent: Span, trigger_tokens: set[int]) -> bool:
        """Not a specific event that happened: blocked, hypothetical, planned, habitual,
        generic, scene-setting, or only a weapon named as the object of another event."""
        words = self.context
        if self.blocked(head) or (head.i and head.nbor(-1).text == "-"):
            return True  # blocked, or part of a compound (`lance-roquettes`)
        noun = head.pos_ not in ("VERB", "AUX")
        if noun:
            if self.scene_setting(head, sent):
                return True
            governor = head.head
            while governor.ent_type_ == "DATE" and governor.head != governor:
                governor = governor.head  # `mené jeudi des frappes`: the date is not the governor
            while governor.pos_ == "NOUN" and governor.lemma_ in words["measure"] and governor.head != governor:
                governor = governor.head  # `une série de frappes`
            if governor.lemma_ in words["trend"] or (head.dep_ == "obj" and governor.i in trigger_tokens):
                return True
            if governor.pos_ == "NOUN" and governor.i != head.i and governor.lemma_ not in words["measure"]:
                return True  # `fusils d'assaut`, `auteurs de l'attentat`
            verb = governor
        else:
            verb = head
        chain = [verb]
        while chain[-1].dep_ == "xcomp" and len(chain) < 4:
            chain.append(chain[-1].head)  # `pourraient tirer`
        inflected = chain + [c for v in chain for c in v.children if c.dep_.startswith("aux")]
        if any(set(t.morph.get("Mood")) & set(UNREAL_MOODS) or "Fut" in t.morph.get("Tense") for t in inflected):
            return True
        if verb.pos_ in ("VERB", "AUX") and "Inf" in verb.morph.get("VerbForm") and verb.head.lemma_ not in words["enabler"]:
            return True
        tensed = [verb] + ([c for c in verb.children if c.dep_ == "aux:pass"] if noun else [])
        present = any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") and "Pres" in t.morph.get("Tense") for t in tensed)
        return present and not is_headline(sent)  # `Ces attaques sont limitées`: a state, not an event

    def scene_setting(self, head: Token, sent: Span) -> bool:
        """`lors d'un raid`, `dans l'attaque`: a scene word just before the noun, whatever the parse says."""
        i = head.i - 1
        while i >= max(sent.start, head.i - 4) and head.doc[i].pos_ in ("DET", "ADP", "ADV", "ADJ", "NOUN"):
            if head.doc[i].lemma_ in self.context["scene"]:
                return True
            if head.doc[i].pos_ == "NOUN":
                break
            i -= 1
        return any(c.lemma_ in self.context["scene"] for c in head.children if c.dep_ in ("case", "fixed", "advmod", "mark"))

    def blocked(self, token: Token) -> bool:
        """A blocker governs the trigger (`ont déjoué des attentats`), or a negated verb does
        (`n'ont pas réussi à prendre le contrôle`)."""
        current = token
        for _ in range(BLOCKER_DEPTH):
            if current.head == current:
                break
            coordinated = current.dep_ == "conj"  # `n'a pas été capturé, mais des caches ont été découvertes`
            current = current.head
            if not coordinated and (current.lemma_ in self.blockers or self.negated(current)):
                return True
        return False

    def negated(self, token: Token) -> bool:
        heads = [token] + ([token.head] if token.dep_ in ("obj", "nsubj:pass") else [])
        subjects = [c for h in heads for c in h.children if c.dep_.startswith("nsubj")]
        return any(child.lower_ in self.negators for h in heads for child in h.children) or any(
            d.lower_ in ("aucun", "aucune", "nul", "nulle") for s in subjects for d in s.children if d.dep_ == "det"
        )

    def describe(self, doc: Doc, mentions: tuple[Span, ...], trigger: Span, event_type: str, negated: bool, earlier: list[dict], sent: Span, sent_index: int) -> dict:
        head = trigger[0]
        entities = doc._.news_entities or {}
        actor_text, actor_id = self.actor(mentions, head, trigger, earlier, sent.root)
        patient = patient_token(head, self.context["patient_case"], self.context["unaccusative"])
        target = mention_in(mentions, patient.subtree, NAMES) if patient is not None else None
        count, count_unit = count_of(mentions, patient) if event_type in self.context["counted"] else (None, None)
        location = place_of(mentions, head, sent, entities)
        place = entities.get(location._.news_entity_id, {}) if location is not None else {}
        date = self.date_of(mentions, head, sent)
        date_text, date_start, date_end = (date.text, date._.news_date["start"], date._.news_date["end"]) if date is not None else (None, None, None)
        acled_type, acled_sub = self.acled.types(
            event_type,
            actor_id=actor_id,
            actor_text=actor_text,
            target_text=noun_phrase(patient) if patient is not None and patient.pos_ in ("NOUN", "PROPN") else None,
            trigger=sent.text,
        )
        return {
            "sent_id": sent_index,
            "start": sent.start_char,
            "end": sent.end_char,
            "trigger": trigger.text,
            "trigger_start": trigger.start_char,
            "event_type": event_type,
            "acled_event_type": acled_type,
            "acled_sub_event_type": acled_sub,
            "actor_id": actor_id,
            "actor_text": actor_text,
            "target_id": target._.news_entity_id if target is not None else None,
            "target_text": target.text if target is not None else None,
            "location_id": location._.news_entity_id if location is not None else None,
            "location_text": location.text if location is not None else None,
            "latitude": place.get("latitude"),
            "longitude": place.get("longitude"),
            "date_start": date_start,
            "date_end": date_end,
            "date_text": date_text,
            "count": count,
            "count_unit": count_unit,
            "negated": negated,
            "sentence": sent.text,
        }

    def actor(self, mentions: tuple[Span, ...], head: Token, trigger: Span, earlier: list[dict], root: Token) -> tuple[str | None, str | None]:
        """(text, entity id) of the doer: a named ORG/PER in the agent phrase, else an agent noun
        (`hommes armés`), else for a pronoun the previous event's actor (`Elles ont lancé l'assaut`)."""
        if head.pos_ in ("VERB", "AUX"):
            token = agent_token(head, self.context["unaccusative"], self.context["reporting"], root)
            if token is None:  # `tués dans une opération du CTS`
                token = next((g for c in head.children if c.dep_.startswith("obl") and c.lemma_ in self.event_nouns for g in c.children if g.dep_ == "nmod"), None)
        else:  # `les frappes de la coalition`, `une embuscade de l'EI`, else the governing verb's subject
            token = next((c for c in head.children if c.dep_ == "nmod" and mention_in(mentions, c.subtree, NAMES) is not None), None)
            if token is None and head.head.pos_ in ("VERB", "AUX") and head.dep_ != "nsubj":
                token = agent_token(head.head, self.context["unaccusative"], self.context["reporting"], root)
        if token is None:
            return None, None
        name = mention_in(mentions, token.subtree, NAMES)
        if name is not None and not (trigger.start <= name.start < trigger.end):
            return name.text, name._.news_entity_id
        if token.pos_ == "PRON":
            return (earlier[-1]["actor_text"], earlier[-1]["actor_id"]) if earlier else (None, None)
        if token.lemma_.lower() in self.agents:
            return noun_phrase(token), None
        return None, None

    @staticmethod
    def date_of(mentions: tuple[Span, ...], head: Token, sent: Span) -> Span | None:
        """A resolved DATE of the trigger's clause, else the nearest one in the sentence."""
        dated = [e for e in mentions if sent.start <= e.start < sent.end and e.label_ == "DATE" and (e._.news_date or {}).get("start")]
        clause = {t.i for t in clause_of(head)} if dated else set()
        in_clause = [e for e in dated if e.start in clause]
        candidates = in_clause or dated
        return min(candidates, key=lambda e: abs(e.start - head.i)) if candidates else None


def date_from_story(events: list[dict], pub_date: str | None) -> list[dict]:
    """Dates for events whose sentence gives none: the article's own date for that event.

    A title (`une embuscade de l'EI tue 11 soldats`) or a follow-up sentence
    (`Les frappes ont détruit...`) tells an event dated elsewhere in the article:
    take the date of the nearest dated event of the same type, else of the nearest
    earlier dated event, else the publication date (a news event of the day).
    """
    dated = [(i, e) for i, e in enumerate(events) if e["date_text"] is not None]
    for i, event in enumerate(events):
        if event["date_text"] is not None:
            continue
        same = [(abs(j - i), e) for j, e in dated if e["event_type"] == event["event_type"]]
        before = [(i - j, e) for j, e in dated if j < i]
        source = min(same or before, key=lambda pair: pair[0])[1] if (same or before) else None
        event["date_start"] = source["date_start"] if source else pub_date
        event["date_end"] = source["date_end"] if source else pub_date
    return events


def is_headline(sent: Span) -> bool:
    """A title line: no closing punctuation (`Les forces irakiennes reprennent un poste frontalier à Daech`)."""
    text = sent.text.rstrip()
    return bool(text) and text[-1] not in ".!?…»\")]:;"


@Language.factory(
    "news_events",
    assigns=["doc._.news_events"],
    default_config={"keep_negated": False},
)
def make_event_extractor(nlp: Language, name: str, keep_negated: bool) -> EventExtractor:
    return EventExtractor(nlp, name, keep_negated=keep_negated)
