"""Who did what to whom, where, when and how many: the arguments of one event trigger.

Pure functions over the parse and the mention layer (`doc.ents`, read once per
Doc by the caller and passed as `mentions`: each read of `doc.ents` builds new
Spans), so each rule is tested on a sentence without the events component around it.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from spacy.tokens import Span, Token

from .base import span_text

SUBJECT_DEPS = ("nsubj",)
AGENT_DEPS = ("obl:agent",)
PATIENT_DEPS = ("obj", "nsubj:pass")
NAMES = ("ORG", "PER")
# Clauses that share their subject with the verb they hang on: `..., tuant onze soldats`.
SHARED_SUBJECT_DEPS = ("advcl", "conj", "xcomp", "acl")


def mention_in(mentions: Sequence[Span], tokens, labels: tuple[str, ...]) -> Span | None:
    """The first mention with one of `labels` that starts inside `tokens`."""
    indices = {t.i for t in tokens}
    return next((e for e in mentions if e.start in indices and e.label_ in labels), None)


def noun_phrase(token: Token) -> str:
    """`les forces de sécurité irakiennes` -> `forces de sécurité irakiennes`: noun, adjectives, bare `de` complements."""
    words = [token]
    for child in token.children:
        if child.i < token.i:
            continue
        bare_de = child.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in ("de", "d'", "d’") for c in child.children) and not any(c.dep_ == "det" for c in child.children)
        if bare_de:
            words += [t for t in child.subtree if t.dep_ not in ("punct", "conj", "cc") and not t.is_space]
        elif (child.pos_ == "ADJ" and child.dep_ == "amod") or (child.dep_ == "acl" and child.i == token.i + 1 and "Part" in child.morph.get("VerbForm") and not any(g.dep_ in AGENT_DEPS + ("obj", "xcomp", "ccomp", "advcl") or g.pos_ == "VERB" for g in child.children)):
            words.append(child)  # `forces irakiennes`, `hommes armés`
    words = sorted(words, key=lambda t: t.i)
    return span_text(token.doc[words[0].i : words[-1].i + 1])


def has_case(token: Token, words: Container[str]) -> bool:
    """The token's phrase is led by one of `words` (`contre un barrage`, `selon l'OSDH`)."""
    return any(c.dep_ == "case" and c.lemma_ in words for c in token.children)


def phrases_led_by(tokens, words: Container[str]) -> set[int]:
    """Indices of the tokens inside a phrase led by one of `words` (`selon les chiffres donnés dimanche`)."""
    return {t.i for s in tokens if has_case(s, words) for t in s.subtree}


def owner_phrase(token: Token) -> str:
    """`avions de la coalition`, `membres du groupuscule`: the noun phrase with the `de` complement
    that says whose it is, so that an actor named only through its men or machines is named."""
    owner = next((c for c in token.children if c.i > token.i and c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN") and any(g.dep_ == "case" and g.lower_ in ("de", "du", "des", "d'", "d’") for g in c.children)), None)
    if owner is None:
        return noun_phrase(token)
    end = max(t.i for t in owner.subtree if t.dep_ not in ("punct", "conj", "cc", "acl", "acl:relcl") and not t.is_space and t.head.dep_ not in ("acl", "acl:relcl", "conj"))
    return span_text(token.doc[token.i : end + 1])


def is_passive(token: Token, unaccusative: set[str]) -> bool:
    """Passive voice: `ont été tués`, `des éléments capturés par le CTS`; not `sont entrées`
    (a verb conjugated with `être`) nor an active participle (`en affrontant`)."""
    if token.lemma_ in unaccusative:
        return False
    if any(c.dep_ == "obj" for c in token.children) and not any(c.dep_ == "aux:pass" for c in token.children):
        return False  # `les forces ont par ailleurs arrêté cinq suspects`: an object, no passive auxiliary
    if token.dep_ == "acl":
        return "Past" in token.morph.get("Tense")
    return any(c.dep_ in ("nsubj:pass", "obl:agent") for c in token.children) or "Pass" in token.morph.get("Voice")


def child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def agent_token(head: Token, unaccusative: set[str], reporting: set[str], root: Token | None = None) -> Token | None:
    """The doer: the subject of an active verb, the `par` agent of a passive one, or the
    subject of the verb a participle or coordinated clause hangs on (skipping verbs of
    saying: `sont entrées, ont indiqué des commandants, déclenchant...`). A gerund or a
    present participle (`en affrontant`, `..., tuant onze soldats`) takes the subject of
    its sentence's main verb (`root`; `head.sent.root` when not given)."""
    gerund = any(c.lower_ == "en" and c.dep_ in ("mark", "case") for c in head.children)
    present_participle = "Part" in head.morph.get("VerbForm") and "Pres" in head.morph.get("Tense") and child(head, SUBJECT_DEPS) is None
    if gerund or present_participle:
        root = root if root is not None else head.sent.root
    if (gerund or present_participle) and root != head:
        head_subject = agent_token(root, unaccusative, reporting, root)
        if head_subject is not None:
            return head_subject
    token, via = head, None
    for _ in range(4):
        if is_passive(token, unaccusative):
            return child(token, AGENT_DEPS)  # the head's subject would be this verb's patient
        found = child(token, SUBJECT_DEPS + ("nsubj:pass",))  # not passive here: a passive subject is the parser's slip
        if found is not None and found.lower_ == "qui" and token.dep_ == "acl:relcl":
            return token.head  # `le régime syrien, qui a annoncé avoir chassé...`
        if token.lemma_ in reporting and token != head and via != "xcomp":
            found = None  # `ont indiqué des commandants, déclenchant`; not `ont déclaré avoir repris`
        if found is not None or token.dep_ not in SHARED_SUBJECT_DEPS or token.head == token:
            return found
        token, via = token.head, token.dep_
    return None


def patient_token(head: Token, patient_cases: set[str], unaccusative: set[str], patient_subject: Container[str] = (), act: bool = False) -> Token | None:
    """The undergoer: object, passive subject, the noun an `acl` participle describes
    (`des éléments capturés`), the subject of a verb its subject undergoes (`18 civils ont
    trouvé la mort`) or its `à` complement (`a coûté la vie à 600 jihadistes`), else a
    `contre`/`sur`/`à` complement (`tiré des obus sur des positions`); for a noun trigger,
    its `contre`/`sur` complement or its verb's (`ont tiré des obus sur des positions`), else,
    unless it is an act (`obus de mortier`, `frappes de la coalition`), its bare `de`
    complement (`l'arrestation de 32 terroristes`); for a passive the parser left without subject, the
    noun just before its auxiliaries (`« huit terroristes » ont été abattus`)."""
    if head.pos_ not in ("VERB", "AUX"):
        return noun_patient(head, patient_cases, act)
    found = child(head, SUBJECT_DEPS) if subject_undergoes(head, patient_subject) else child(head, ("obj",)) or (None if head.lemma_ in unaccusative else child(head, ("nsubj:pass",)))
    if found is not None and found.dep_ == "obj" and found.lemma_ in patient_subject:
        found = next((c for c in head.children if c.dep_.startswith("obl") and any(g.lemma_ == "à" for g in c.children)), None)
    if found is None:  # `ont arrêté jeudi 30 extrémistes`: an object the parser hung on the date
        found = next((g for c in head.children if c.ent_type_ == "DATE" for g in c.children if g.dep_ == "nmod" and g.ent_type_ != "DATE" and not any(x.dep_ == "case" for x in g.children)), None)
    if found is None and head.dep_ == "acl":
        found = head.head
    if found is None and head.dep_ == "conj" and is_passive(head, unaccusative):
        found = child(head.head, ("nsubj:pass", "nsubj"))  # `ont été tués et trois autres blessés`; `un homme portant ... a été arrêté`
    if found is None and head.dep_ == "conj":  # `a lancé des tirs et attaqué les positions`: the object the parser gave the first verb
        found = next((c for c in head.head.children if c.dep_ == "obj" and c.i > head.i), None)
    if found is None:
        found = next((c for c in head.children if c.dep_.startswith("obl") and has_case(c, patient_cases)), None)
    if found is None and is_passive(head, unaccusative):
        found = noun_before(head)
    return found


def subject_undergoes(verb: Token, patient_subject: Container[str]) -> bool:
    """`18 civils ont trouvé la mort`, `ont péri`: a verb of `patient_subject` with no object but
    one of that list too (`mort`, `vie`: part of the verb); not `ont trouvé des armes`."""
    found = child(verb, ("obj",))
    return verb.lemma_ in patient_subject and (found is None or found.lemma_ in patient_subject)


def noun_patient(head: Token, patient_cases: set[str], act: bool) -> Token | None:
    aiming = set(patient_cases) - {"à"}

    def aimed(token: Token) -> bool:
        return token.dep_.startswith(("nmod", "obl")) and has_case(token, aiming)

    found = next((c for c in head.children if aimed(c)), None)
    if found is None:  # `les bombardements visant plusieurs localités`, `une attaque menée contre un barrage`
        found = next((o for c in head.children if c.dep_ == "acl" for o in c.subtree if (o.dep_ == "obj" and o.head == c) or aimed(o)), None)
    first = head
    while first.dep_ == "conj" and first.head != first:
        first = first.head  # `15 morts et 35 blessés`
    if found is None and first.dep_ in ("obj", "obl:arg"):  # `ont tiré des obus sur des positions`, `faisant parmi les civils 15 morts`
        found = next((c for c in first.head.children if aimed(c)), None)
    nominal = [c for c in head.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") and (c.is_alpha or c.like_num) and c.nbor(-1).text != "-"]  # not `attentat-suicide`
    if found is None:  # `pris d'assaut une prison`: an object the parser hung on the noun
        found = next((c for c in nominal if not any(g.dep_ == "case" for g in c.children)), None)
    if found is None and not act:
        found = next((c for c in nominal if {g.lemma_ for g in c.children if g.dep_ == "case"} == {"de"}), None)
    return found


def noun_before(verb: Token) -> Token | None:
    """The noun ending just before a verb's first auxiliary, past quotes and commas."""
    first = min([verb.i] + [c.i for c in verb.children if c.dep_.startswith("aux")])
    i = first - 1
    while i >= verb.sent.start and verb.doc[i].is_punct:
        i -= 1
    token = verb.doc[i] if i >= verb.sent.start else None
    return token if token is not None and token.pos_ in ("NOUN", "PROPN") else None


def count_of(mentions: Sequence[Span], patient: Token | None, head: Token | None = None) -> tuple[float | None, str | None]:
    """The toll the trigger is part of (`au moins 12 morts`), else the QUANTITY on the patient
    (`35 éléments`), else 1 for a singular `un`/`une`/`l'un` patient (`un officier`)."""
    toll = next((e for e in mentions if head is not None and e.label_ == "QUANTITY" and e.start <= head.i < e.end), None)
    if toll is not None and toll._.news_quantity:
        return toll._.news_quantity["value"], toll._.news_quantity["unit"]
    if patient is None:
        return None, None
    quantity = mention_in(mentions, patient.subtree, ("QUANTITY",))
    if quantity is None:  # `Au moins 70 autres`: the parser hung the numeral on the verb
        doc = patient.doc
        quantity = next((e for e in mentions if e.label_ == "QUANTITY" and e.start < patient.i and all(t.pos_ == "ADJ" for t in doc[e.end : patient.i])), None)
    if quantity is not None and quantity._.news_quantity:
        q = quantity._.news_quantity
        return q["value"], q["unit"]
    if patient.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("un", "une") for c in patient.children):
        return 1.0, patient.lemma_.lower()
    if patient.lower_ in ("un", "une") and patient.pos_ in ("PRON", "NUM"):  # `l'un des kamikazes`
        return 1.0, None
    return None, None


def target_of(mentions: Sequence[Span], patient: Token | None, head: Token, sources: Container[str] = ()) -> tuple[Span | None, str | None]:
    """(named mention, text) of the target: an ORG/PER in the patient phrase (not inside the
    trigger's own clause when the patient is the noun it describes, nor a source: `selon
    l'OSDH`), else the patient noun phrase."""
    if patient is None:
        return None, None
    if patient.pos_ in ("PRON", "NUM"):  # `l'un des kamikazes`: the group named after it
        patient = next((c for c in patient.children if c.dep_ == "nmod"), patient)
    own = {t.i for t in head.subtree} if head.head.i == patient.i else set()
    own |= phrases_led_by(patient.subtree, sources)
    tokens = [t for t in patient.subtree if t.i not in own]
    name = mention_in(mentions, tokens, NAMES)
    if name is not None:
        return name, name.text
    nominal = patient.pos_ in ("NOUN", "PROPN", "ADJ")  # `30 extrémistes`, tagged as an adjective
    if nominal and not any(e.label_ == "LOC" and (e.start <= patient.i < e.end or e.root.head.i == patient.i) for e in mentions):  # not `l'entrée de Baghouz`: a place
        return None, owner_phrase(patient)  # `positions des combattants peshmergas`
    return None, None


def clause_of(head: Token) -> list[Token]:
    """The trigger's clause: its verb's subtree without relative, adverbial or coordinated clauses of their own."""
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    inner = {t.i for c in verb.children if c.dep_ in ("acl:relcl", "advcl", "conj", "parataxis") and c.i != head.i for t in c.subtree}
    return [t for t in verb.subtree if t.i not in inner]


def place_of(mentions: Sequence[Span], head: Token, sent: Span, entities: dict, clause: Sequence[Token]) -> Span | None:
    """The most specific place: a non-country LOC of the trigger's clause (`clause_of(head)`) nearest the trigger, else of the sentence."""
    # `l'armée, appuyée par la Russie, a repris la ville`: a supporter is not a place of the event
    supporters = {t.i for t in sent if t.dep_ == "obl:agent" and t.head.dep_ == "acl"}

    def ranked(indices: Container[int]):
        places = [e for e in mentions if e.start in indices and e.label_ == "LOC" and e.root.i not in supporters]
        return sorted(places, key=lambda e: (is_country(entities.get(e._.news_entity_id, {})), abs(e.start - head.i)))

    for indices in ({t.i for t in clause}, range(sent.start, sent.end)):
        places = ranked(indices)
        if places:
            return places[0]
    return None


def is_country(info: dict) -> bool:
    return bool(info.get("country_code")) and not info.get("admin1")
