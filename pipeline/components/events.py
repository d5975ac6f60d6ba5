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

import datetime as dt

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as UPOS_IDS
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..resolve.acled import AcledMap
from .base import DataComponent, doc_text, span_text
from .event_arguments import NAMES, agent_token, child, clause_of, count_of, has_case, is_country, mention_in, noun_phrase, owner_phrase, patient_token, phrases_led_by, place_of, subject_undergoes, target_of
from .mentions import Sentences, in_ignore_region

Doc.set_extension("news_events", default=None, force=True)

# How far up the parse a blocker may govern the trigger (`essaient de mener des attaques`: 2).
BLOCKER_DEPTH = 3
UNREAL_MOODS = ("Cnd", "Sub")
# What may stand between the words of a phrase trigger: `lancer une vaste offensive`.
PHRASE_FILLERS = ("DET", "ADJ")
# Types that are the act itself (an attack noun pointing back takes one of them).
ACTS = ("ATTACK", "AIRSTRIKE", "BOMBING", "SHELLING")
REMOTE = ("AIRSTRIKE", "SHELLING")
# An event dated more than this before publication is background, not the story the next sentence continues.
BACKGROUND_DAYS = 31
PLACE_COLUMNS = ("location_id", "location_text", "latitude", "longitude")
# Arguments that travel together, the first of each group saying whether it is known.
ARGUMENT_COLUMNS = (("actor_text", "actor_id"), ("target_text", "target_id"), ("count", "count_unit"), ("location_text",) + PLACE_COLUMNS[:1] + PLACE_COLUMNS[2:])


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
        self.needs: dict[tuple[str, str], str] = {}  # (event type, trigger word) -> context kind
        phrase_starts, phrases = set(), set()
        for row in self.data["triggers"]:
            words = [w for w in row["trigger"].split() if w not in articles]
            if len(words) == 1:
                self.single.setdefault(words[0], []).append((row["event_type"], row.get("pos") or ""))
                if row.get("needs"):
                    self.needs[(row["event_type"], words[0])] = row["needs"]
                continue
            phrase_starts.add(words[0])
            phrases.add(tuple(hash_string(w) for w in words))
            for attr in ("LEMMA", "LOWER"):
                pattern = []
                for k, word in enumerate(words):
                    if k:
                        pattern.append({"POS": {"IN": list(PHRASE_FILLERS)}, "OP": "*"})
                    pattern.append({attr: word})
                self.matcher.add(row["event_type"], [pattern])
        self.single_keys = numpy.array([hash_string(w) for w in self.single], dtype=numpy.uint64)
        self.phrase_starts = numpy.array([hash_string(w) for w in sorted(phrase_starts)], dtype=numpy.uint64)
        self.phrase_words = {key for phrase in phrases for key in phrase}
        self.phrase_pos = {UPOS_IDS[p] for p in PHRASE_FILLERS}
        self.blockers = set(self.data["blockers"])
        self.agents = set(self.data["agents"])
        self.event_nouns = {r["trigger"].split()[0] for r in self.data["triggers"] if r.get("pos") == "NOUN"} | self.context.get("event_noun", set())
        self.negators = set(self.data["negators"])
        self.acled = AcledMap(self.data["acled"], self.data["cues"])
        self.reporting_keys = numpy.array([hash_string(w) for w in sorted(self.context.get("reporting", ()))], dtype=numpy.uint64)

    def reported(self, doc: Doc) -> set[int]:
        """`phrases_led_by(sentence, reporting)` for every sentence at once (`selon l'OSDH`), tried only on
        the heads of the few `case` words of saying rather than on every token's children."""
        dep_lemma = doc.to_array([DEP, LEMMA])
        leaders = (dep_lemma[:, 0] == doc.vocab.strings["case"]) & numpy.isin(dep_lemma[:, 1], self.reporting_keys)
        return phrases_led_by([doc[i].head for i in numpy.flatnonzero(leaders).tolist()], self.context["reporting"])

    def phrase_triggers(self, doc: Doc, words: numpy.ndarray, sentences: Sentences) -> list[Span]:
        """The Matcher's phrases, run only from each phrase's first word over the words a phrase may
        hold (its words, determiners, adjectives): on a whole article the Matcher cost more than all
        our other event rules, as it tries every pattern at every token."""
        found = []
        pos, keys = doc.to_array([POS]).tolist(), words.tolist()
        for i in numpy.flatnonzero(numpy.isin(words, self.phrase_starts).any(axis=1)).tolist():
            end, stop = i + 1, sentences.of(i).end
            while end < stop and (pos[end] in self.phrase_pos or not self.phrase_words.isdisjoint(keys[end])):
                end += 1
            if end > i + 1:
                found += self.matcher(doc[i:end], as_spans=True)
        return found

    def single_word_triggers(self, doc: Doc, words: numpy.ndarray) -> list[Span]:
        found = []
        # compare hashes over the whole Doc first: a Token object per word costs more than the lookup
        hits = numpy.flatnonzero(numpy.isin(words, self.single_keys).any(axis=1))
        for i in hits:
            token = doc[int(i)]
            for word in {token.lemma_, token.lower_}:
                for event_type, pos in self.single.get(word, ()):
                    if not pos or token.pos_ == pos or (pos == "VERB" and token.pos_ == "AUX"):
                        found.append(Span(doc, token.i, token.i + 1, label=event_type))
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc._.news_events = []
            return doc
        sentences = Sentences(doc)
        words = doc.to_array([LEMMA, LOWER])
        matches = self.phrase_triggers(doc, words, sentences) + self.single_word_triggers(doc, words)
        mentions = doc.ents
        triggers = sorted(filter_spans(matches), key=lambda s: s.start)
        trigger_tokens = {t.i: k for k, span in enumerate(triggers) for t in span}  # token -> its trigger
        reported = self.reported(doc) if triggers else set()
        events, nouns, told_before, seen = [], [], [], {}
        for trigger in triggers:
            head = trigger[0]
            sent = sentences.of(head.i)
            if in_ignore_region(doc, trigger.start_char, trigger.end_char) or self.unreal(trigger, sent, trigger_tokens) or not self.has_needed_word(trigger):
                continue
            negated = self.negated(head)
            if negated and not self.keep_negated:
                continue
            clause = clause_of(head)
            event_type, source = self.refined(trigger.label_, head, events, clause)
            event = self.describe(doc, mentions, trigger, event_type, negated, events, sent, sentences.number(head.i), reported, clause)
            first = seen.get((sent.start, event_type))
            if first is not None and not (first["date_text"] and event["date_text"] and first["date_text"] != event["date_text"]):
                # the same event told twice in one sentence: one row, all it says (two dates: two events)
                for group in ARGUMENT_COLUMNS:
                    if first[group[0]] is None and event[group[0]] is not None:
                        first.update({k: event[k] for k in group})
                continue
            seen.setdefault((sent.start, event_type), event)
            if source is not None and event["location_id"] is None:
                event.update({k: source[k] for k in PLACE_COLUMNS})  # `cette attaque`: where the act was told
            events.append(event)
            nouns.append(trigger[-1].lemma_)
            told_before.append(head.pos_ == "NOUN")
        kept = self.without_generic_operations(list(zip(events, nouns, told_before)))
        doc._.news_events = date_from_story([e for e, _, _ in kept], doc._.news_pub_date, [t for _, _, t in kept])
        return doc

    def has_needed_word(self, trigger: Span) -> bool:
        """A trigger listed with `needs` counts only with such a subject or patient (`une voiture a sauté`)."""
        head = trigger[0]
        kind = self.needs.get((trigger.label_, head.lemma_)) or self.needs.get((trigger.label_, head.lower_))
        if kind is None:
            return True
        words = self.context.get(kind, set())
        patient = patient_token(head, self.context["patient_case"], self.context["unaccusative"])
        phrases = [t.subtree for t in (child(head, ("nsubj", "nsubj:pass")), patient) if t is not None]
        return any(t.lemma_.lower() in words for phrase in phrases for t in phrase)  # `300 kilogrammes d'explosifs`

    def without_generic_operations(self, events: list[tuple]) -> list[tuple]:
        """An ATTACK told only by an operation noun (`opérations`, `raids`: the last word of each
        trigger, second in each tuple) gives way to the arrest or seizure its sentence tells."""
        done = {e["sent_id"] for e, *_ in events if e["event_type"] in ("ARREST", "SEIZE")}
        operations = self.context.get("operation", set())
        return [t for t in events if not (t[0]["event_type"] == "ATTACK" and t[0]["sent_id"] in done and t[1] in operations)]

    def refined(self, event_type: str, head: Token, earlier: list[dict], clause: list[Token]) -> tuple[str, dict | None]:
        """The type its clause's words give (`les avions ont attaqué` is an air strike); an attack
        noun pointing back (`cette attaque`) keeps the type of the act told before it, and a word
        for air or ground fire alike (`bombardements`) that of the strike or shelling told before.
        `clause` is `clause_of(head)`. Returns the type and the earlier event it points back to, if any."""
        pointing = event_type == "ATTACK" and head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in self.context["demonstrative"] for c in head.children)
        if pointing or head.lemma_ in self.context["generic_act"]:
            kinds = ACTS if pointing else REMOTE
            act = next((e for e in reversed(earlier) if e["event_type"] in kinds), None)
            if act is not None:
                return act["event_type"], act
        target = {t.i for c in head.children if c.dep_ == "obj" for t in c.subtree} if head.pos_ in ("VERB", "AUX") else set()
        words = {t.lemma_ for t in clause if t.i not in target}  # the means, not the target (`a affronté les kamikazes`)
        for from_type, to_type, cue in self.refinements:
            if event_type == from_type and cue in words:
                return to_type, None
        return event_type, None

    def unreal(self, trigger: Span, sent: Span, trigger_tokens: dict[int, int]) -> bool:
        """Not a specific event that happened: blocked, hypothetical, planned, habitual,
        generic, scene-setting, or only a weapon named as the object of another event."""
        words = self.context
        head = trigger[0]
        if self.blocked(head) or (head.i and head.nbor(-1).text == "-"):
            return True  # blocked, or part of a compound (`lance-roquettes`)
        if self.describes_people(trigger) or self.points_back(head) or self.only_names_a_doer(head):
            return True
        noun = head.pos_ not in ("VERB", "AUX")
        if noun:
            if self.scene_setting(head, sent):
                return True
            first = head
            while first.head != first and (first.dep_ == "conj" or trigger_tokens.get(first.head.i, -1) == trigger_tokens.get(first.i, -2)):
                first = first.head  # `12 morts et 28 blessés`: the second toll hangs on the first; `une frappe de drone et un attentat`
            governor = first.head if first.head != first else head
            while governor.ent_type_ == "DATE" and governor.head != governor:
                governor = governor.head  # `mené jeudi des frappes`: the date is not the governor
            while governor.pos_ == "NOUN" and governor.lemma_ in words["measure"] and governor.head != governor:
                governor = governor.head  # `une série de frappes`
            if governor.lemma_ in words["trend"] or (first.dep_ in ("obj", "nsubj:pass") and governor.i in trigger_tokens):
                return True
            if governor.pos_ == "NOUN" and governor.i != head.i and governor.lemma_ not in words["measure"] | words["scene"]:
                return True  # `fusils d'assaut`, `auteurs de l'attentat`; not `à la suite de l'attaque`
            verb = governor
        else:
            verb = head
        chain = [verb]
        while chain[-1].dep_ == "xcomp" and len(chain) < 4:
            chain.append(chain[-1].head)  # `pourraient tirer`
        inflected = chain + [c for v in chain for c in v.children if c.dep_.startswith("aux")]
        if any(set(t.morph.get("Mood")) & set(UNREAL_MOODS) or "Fut" in t.morph.get("Tense") for t in inflected):
            return True
        if any(c.dep_ == "aux:tense" and "Fin" in c.morph.get("VerbForm") for c in verb.children) or (any(c.dep_ == "expl:pass" for c in verb.children) and "Part" in verb.morph.get("VerbForm")):
            return False  # a compound past (`a affronté`, `s'en sont suivis`), whatever form the parser gave the participle
        if verb.pos_ in ("VERB", "AUX") and "Inf" in verb.morph.get("VerbForm") and verb.head.lemma_ not in words["enabler"]:
            return True
        tensed = [verb] + ([c for c in verb.children if c.dep_ == "aux:pass"] if noun else [])
        present = any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") and "Pres" in t.morph.get("Tense") for t in tensed)
        return present and not self.tells_a_scene(sent)  # `Ces attaques sont limitées`: a state, not an event

    def tells_a_scene(self, sent: Span) -> bool:
        """A title, or a photo caption (`... mènent un raid. [Photo fournie par ...]`): their present is the event's."""
        if is_headline(sent):
            return True
        after = doc_text(sent.doc)[sent.end_char : sent.end_char + 40].lstrip()
        credit = after[1:].split(" ", 1)[0].casefold() if after[:1] in "[(" and after else ""
        return credit in self.context["caption"] or any(t.lower_ in self.context["caption"] and t.i > sent.start and t.nbor(-1).text in "[(" for t in sent)

    def points_back(self, head: Token) -> bool:
        """A demonstrative noun in a verb's complement points back to an event already told; a
        bare participle on a definite noun names people or things by an event already told
        (`en la possession des personnes arrêtées`), unlike one with its own agent, date or place
        (`des djihadistes arrêtés le 21 janvier par les forces kurdes`); a noun of `needs_patient`
        without its patient is no event (`d'importantes destructions`)."""
        if head.pos_ == "NOUN":
            if head.dep_.startswith("obl") and any(c.dep_ == "det" and c.lower_ in self.context["demonstrative"] for c in head.children):
                return True  # `soupçonnés d'avoir participé à ces rapts`; not `cette attaque a été revendiquée`
            return head.lemma_ in self.context["needs_patient"] and not any(c.dep_ == "nmod" for c in head.children)
        if head.dep_ != "acl" or any(c.dep_ not in ("punct", "advmod") for c in head.children):
            return False
        return any(c.dep_ in ("det", "case") and "Def" in c.morph.get("Definite") for c in head.head.children)

    def only_names_a_doer(self, head: Token) -> bool:
        """A person trigger (`kamikaze`) tells its act as a subject or beside an act (`une attaque de
        kamikazes`), not as the object of another verb (`soupçonnés d'avoir aidé le kamikaze`); a
        trigger counted by `de nombreux`, `de multiples` is a record, not an event."""
        if any(c.lemma_ in self.context["generic_quantifier"] for c in head.children if c.dep_ in ("amod", "det", "nummod")):
            return True
        if head.pos_ != "NOUN" or head.lemma_ not in self.agents:
            return False
        return not head.dep_.startswith("nsubj") and head.head.lemma_ not in self.event_nouns

    def negates(self, token: Token) -> bool:
        """`pas`, `jamais`, `ne`...; `plus` only beside a `ne` (`n'a plus`, not `a donné plus de détails`)."""
        if token.lower_ not in self.negators:
            return False
        return token.lower_ != "plus" or any(c.lower_ in ("ne", "n'", "n’") for c in token.head.children)

    def describes_people(self, trigger: Span) -> bool:
        """A noun trigger in a relative clause on `ceux`, `celui`...: what those people did is
        background (`ceux qui avaient mené des attaques`), unlike what befell them (`ceux qui avaient été blessés`)."""
        if trigger[-1].pos_ != "NOUN":
            return False
        token = trigger[-1]
        for _ in range(BLOCKER_DEPTH):
            if token.dep_ == "acl:relcl":
                return token.head.lemma_ in self.context["generic_antecedent"]
            if token.head == token:
                return False
            token = token.head
        return False

    def scene_setting(self, head: Token, sent: Span) -> bool:
        """`lors du raid`, `dans les combats`: a scene word just before the noun, whatever the parse
        says, and a noun that only points back; one that introduces its event there (`lors d'un
        bombardement aérien russe`, `après l'attaque par Daech d'une prison`) is an event."""
        return self.after_scene_word(head, sent) and not self.introduces(head)

    def after_scene_word(self, head: Token, sent: Span) -> bool:
        """A scene word (`lors`, `après`, `dans`) just before the noun or on it."""
        i = head.i - 1
        while i >= max(sent.start, head.i - 4) and head.doc[i].pos_ in ("DET", "ADP", "ADV", "ADJ", "NOUN"):
            if head.doc[i].lemma_ in self.context["scene"]:
                return True
            if head.doc[i].pos_ == "NOUN":
                break
            i -= 1
        return any(c.lemma_ in self.context["scene"] for c in head.children if c.dep_ in ("case", "fixed", "advmod", "mark"))

    def introduces(self, head: Token) -> bool:
        """A noun trigger that tells its event rather than pointing back: an indefinite article, or
        a complement or adjective of its own that is not one of pointing back (`initiale`, `intenses`)."""
        words = self.context
        dets = [c for c in head.children if c.dep_ == "det"]
        if any(d.lower_ in words["demonstrative"] for d in dets) or any(c.dep_ == "amod" and c.lemma_ in words["back_adj"] for c in head.children):
            return False
        if any(d.lower_ in ("un", "une") for d in dets):
            return True
        return any(c.dep_ in ("nmod", "acl", "amod") and c.pos_ != "PRON" for c in head.children)

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
        return any(self.negates(child) for h in heads for child in h.children) or any(
            d.lower_ in ("aucun", "aucune", "nul", "nulle") for s in subjects for d in s.children if d.dep_ == "det"
        )

    def describe(self, doc: Doc, mentions: tuple[Span, ...], trigger: Span, event_type: str, negated: bool, earlier: list[dict], sent: Span, sent_index: int, reported: set[int], clause: list[Token]) -> dict:
        head = trigger[0]
        entities = doc._.news_entities or {}
        actor_text, actor_id = self.actor(mentions, head, trigger, earlier, sent.root, entities)
        patient = patient_token(head, self.context["patient_case"], self.context["unaccusative"], self.context["patient_subject"], event_type in ACTS)
        if len(trigger) > 1 and (patient is None or trigger.start <= patient.i < trigger.end):  # `ont pris d'assaut une prison`, `mènent un raid contre`
            patient = patient_token(trigger[-1], self.context["patient_case"], self.context["unaccusative"], act=event_type in ACTS)
        target, target_text = target_of(mentions, patient, head, self.context["reporting"])
        target_id = target._.news_entity_id if target is not None else None
        if patient is not None and patient.lemma_ in self.context["anaphoric_patient"] and target is None:
            told = next((e for e in reversed(earlier) if e["target_text"] is not None), None)  # `70 autres ont été blessés`
            target, target_text = None, None
            if told is not None:
                target_text, target_id = told["target_text"], told["target_id"]
        if target_text is not None and actor_text is not None and (target_text == actor_text or (target is not None and target._.news_entity_id == actor_id)):
            target, target_text, target_id = None, None, None  # the doer named again inside the patient phrase
        if target_text is None and event_type in ACTS + ("ARREST",):
            target = self.opponent(mentions, head, sent, actor_id, actor_text, reported)
            target_text, target_id = (target.text, target._.news_entity_id) if target is not None else (None, None)
        if event_type in self.context["counted"]:
            count, count_unit = count_of(mentions, patient, head)
        else:  # an act counts itself (`quatre attaques`), a bombing its devices (`deux bombes ont explosé`)
            devices = child(head, ("nsubj",)) if event_type == "BOMBING" and head.pos_ in ("VERB", "AUX") else None
            count, count_unit = count_of(mentions, devices, head)
        location = place_of(mentions, head, sent, entities, clause)
        place = entities.get(location._.news_entity_id, {}) if location is not None else {}
        date = self.date_of(mentions, head, sent, reported, clause)
        date_text, date_start, date_end = (date.text, date._.news_date["start"], date._.news_date["end"]) if date is not None else (None, None, None)
        sentence = span_text(sent)
        acled_type, acled_sub = self.acled.types(
            event_type,
            actor_id=actor_id,
            actor_text=actor_text,
            target_text=noun_phrase(patient) if patient is not None and patient.pos_ in ("NOUN", "PROPN") else None,
            trigger=sentence,
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
            "target_id": target_id,
            "target_text": target_text,
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
            "sentence": sentence,
        }

    def actor(self, mentions: tuple[Span, ...], head: Token, trigger: Span, earlier: list[dict], root: Token, entities: dict) -> tuple[str | None, str | None]:
        """(text, entity id) of the doer: a named ORG/PER in the agent phrase, else an agent noun
        (`hommes armés`), else for a pronoun the previous event's actor (`Elles ont lancé l'assaut`)."""
        if head.pos_ in ("VERB", "AUX"):
            undergoes = subject_undergoes(head, self.context["patient_subject"])
            token = None if undergoes else agent_token(head, self.context["unaccusative"], self.context["reporting"], root)
            if token is None:  # `tués dans une opération du CTS`, `ont trouvé la mort dans les frappes de la coalition`
                token = self.doer_of_event_noun(mentions, head)
        else:  # `les frappes de la coalition`, `l'attaque par Daech`, else the governing verb's subject
            token = self.noun_doer(mentions, head)
            if token is None and head.head.pos_ in ("VERB", "AUX") and head.dep_ != "nsubj":
                token = agent_token(head.head, self.context["unaccusative"], self.context["reporting"], root)
        if token is not None and token.lemma_ in self.event_nouns and token.head.pos_ in ("VERB", "AUX") and token.head != head:
            # `des opérations qui ont permis de capturer`: the doer of the operation
            token = agent_token(token.head, self.context["unaccusative"], self.context["reporting"], root) or token
        holder = next((c for c in trigger[-1].children if c.dep_ == "nmod" and has_case(c, ("de",))), None) if len(trigger) > 1 else None
        if holder is not None and (token is None or token.dep_ == "nsubj:pass" or token.lemma_ in self.context["unaccusative"] or head.lemma_ in self.context["unaccusative"]):
            token = holder  # `Albou Kamal est tombée aux mains des jihadistes`
        if token is None:
            return None, None
        own = set(range(trigger.start, trigger.end)) | ({t.i for t in head.subtree} if token.is_ancestor(head) else set())
        name = mention_in(mentions, [t for t in token.subtree if t.i not in own], NAMES)
        if name is not None:
            return name.text, name._.news_entity_id
        place = next((e for e in mentions if e.label_ in ("LOC", "MISC") and e.start <= token.i < e.end), None)
        rubric = place is not None and doc_text(head.doc)[place.end_char : place.end_char + 2].strip().startswith(":")  # `Irak : un attentat...`
        if place is not None and not rubric and (place.label_ == "MISC" or is_country(entities.get(place._.news_entity_id, {}))) and token.dep_.startswith(("nsubj", "obl:agent")):
            return place.text, place._.news_entity_id  # `la Turquie a bombardé`, `les Kurdes ont repris`
        if token.pos_ == "PRON":
            return (earlier[-1]["actor_text"], earlier[-1]["actor_id"]) if earlier else (None, None)
        if token.lemma_.lower() in self.agents:
            return owner_phrase(token), None
        if token.dep_.startswith("nsubj") and token.text[:1].isupper() and token.i > token.sent.start and token.pos_ in ("PROPN", "NOUN"):
            return token.text, None  # a people as doer (`les Kurdes ont repris`): no name of its own, but the doer
        return None, None

    def opponent(self, mentions: tuple[Span, ...], head: Token, sent: Span, actor_id: str | None, actor_text: str | None, reported: set[int]) -> Span | None:
        """For an act or an arrest with no patient named, the organisation the sentence sets against the
        doer (`mènent un raid à la recherche d'éléments de l'EIIS`): an ORG after the trigger, else
        before it outside the subjects, that is not the doer, a source (`selon l'OSDH`, `a indiqué le
        CTS`) nor a supporter (`avec le soutien de la coalition`)."""
        reporting, support = self.context["reporting"], self.context["support"]
        aside = reported | {t.i for s in sent if s.head.lemma_ in reporting and (s.dep_.startswith("nsubj") or (s.dep_ == "obj" and says(s.head))) for t in s.subtree}
        aside |= {t.i for s in sent if s.lemma_ in support for c in s.children if c.dep_ == "nmod" and any(g.lemma_ == "de" for g in c.children) for t in c.subtree}  # `avec le soutien de la coalition`
        doers = {t.i for s in sent if s.dep_.startswith("nsubj") for t in s.subtree}
        candidates = [e for e in mentions if e.label_ == "ORG" and sent.start <= e.start < sent.end and e.start not in aside and e._.news_entity_id != actor_id and e.text != actor_text]
        after = [e for e in candidates if e.start > head.i]
        return (after or [e for e in candidates if e.start < head.i and e.start not in doers] or [None])[0]

    def noun_doer(self, mentions: tuple[Span, ...], head: Token) -> Token | None:
        """The doer of a noun trigger: its `par` complement or the `par` agent of a participle on it
        (`une attaque menée par des hommes armés`); for an act (`les frappes de la coalition`), its
        named `de` complement, not for an arrest or a killing, whose `de` complement is the patient."""
        cases = self.context["actor_case"]
        for c in head.children:
            if c.dep_ == "nmod" and has_case(c, cases):
                return c
            if c.dep_ == "acl":
                agent = child(c, ("obl:agent",))
                if agent is not None:
                    return agent
        if head.ent_type_ == "" and self.refined_act(head):
            return next((c for c in head.children if c.dep_ == "nmod" and mention_in(mentions, c.subtree, NAMES) is not None), None)
        return None

    def refined_act(self, head: Token) -> bool:
        return any(t in ACTS for t, _ in self.single.get(head.lemma_, ()))

    def doer_of_event_noun(self, mentions: tuple[Span, ...], head: Token) -> Token | None:
        """`tués dans une opération du CTS`, `trouvé la mort dans les frappes effectuées par la coalition`."""
        for c in head.children:
            if c.dep_.startswith("obl") and c.lemma_ in self.event_nouns:
                found = self.noun_doer(mentions, c) or next((g for g in c.children if g.dep_ == "nmod" and mention_in(mentions, g.subtree, NAMES) is not None), None)
                if found is not None:
                    return found
        return None

    def date_of(self, mentions: tuple[Span, ...], head: Token, sent: Span, reported: set[int], clause: list[Token]) -> Span | None:
        """A resolved DATE of the trigger's clause, else the nearest one in the sentence; not the
        date of a source (`selon les chiffres donnés dimanche`). A noun in a complement
        (`à la suite de l'attaque de la prison`) has only the dates of its own phrase."""
        dated = [e for e in mentions if sent.start <= e.start < sent.end and e.label_ == "DATE" and (e._.news_date or {}).get("start") and e.start not in reported]
        if head.pos_ == "NOUN" and self.after_scene_word(head, sent):
            own = {t.i for t in head.subtree}
            dated = [e for e in dated if e.start in own]
        within = {t.i for t in clause} if dated else set()
        in_clause = [e for e in dated if e.start in within]
        candidates = in_clause or dated
        return min(candidates, key=lambda e: abs(e.start - head.i)) if candidates else None


def date_from_story(events: list[dict], pub_date: str | None, told_before: list[bool] | None = None) -> list[dict]:
    """Dates for events whose sentence gives none: the article's own date for that event.

    A sentence that gives no date continues the story told before it (`Au moins
    70 autres ont été blessés` after `vendredi, ... ont attaqué`): take the date of
    the nearest earlier dated event (not background when the article has news of
    its own), of the same type first for an event noun in a
    complement (`told_before`: `à la suite de l'attaque`). A title or an opening
    sentence tells an event dated further on: take the nearest later dated event
    of the same type, else of any type (the news the article tells). Else the
    publication date (a news event of the day).
    """
    dated = [(i, e) for i, e in enumerate(events) if e["date_text"] is not None]
    news = pub_date and [(i, e) for i, e in dated if not is_background(e, pub_date)]
    for i, event in enumerate(events):
        if event["date_text"] is not None:
            continue
        before = [e for j, e in (news or dated) if j < i]
        same = [e for e in before if e["event_type"] == event["event_type"]]
        before = same if told_before and told_before[i] and same else before
        later = [e for j, e in dated if j > i]
        after = [e for e in later if e["event_type"] == event["event_type"]] or later
        source = before[-1] if before else (after[0] if after else None)
        event["date_start"] = source["date_start"] if source else pub_date
        event["date_end"] = source["date_end"] if source else pub_date
    return events


def says(verb: Token) -> bool:
    """A finite verb of saying with no subject before it: its object is the speaker the parser
    missed (`..., a annoncé mardi le commandement`), not what was said (`confirmant son affiliation`)."""
    finite = "Fin" in verb.morph.get("VerbForm") or any(c.dep_.startswith("aux") for c in verb.children)
    return finite and not any(c.dep_.startswith("nsubj") and c.i < verb.i and c.pos_ != "PRON" for c in verb.children)


def is_background(event: dict, pub_date: str) -> bool:
    """Dated over a month before publication: background (`tombés aux mains des jihadistes l'été
    dernier`) that the next sentences do not continue when the article has news of its own."""
    return event["date_end"] is not None and (dt.date.fromisoformat(pub_date) - dt.date.fromisoformat(event["date_end"])).days > BACKGROUND_DAYS


def is_headline(sent: Span) -> bool:
    """A title line: no closing punctuation (`Les forces irakiennes reprennent un poste frontalier à Daech`)."""
    text = span_text(sent).rstrip()
    return bool(text) and text[-1] not in ".!?…»\")]:;"


@Language.factory(
    "news_events",
    assigns=["doc._.news_events"],
    default_config={"keep_negated": False},
)
def make_event_extractor(nlp: Language, name: str, keep_negated: bool) -> EventExtractor:
    return EventExtractor(nlp, name, keep_negated=keep_negated)
