"""What a name's own words say it is (pipeline/resolve/evidence.py): no name, an organisation,
a place in a list of places. The sentences are the team's own French."""

import pytest

from pipeline.datafiles import read_lines, read_tsv
from pipeline.paths import MODELS_DIR
from pipeline.resolve.evidence import NameEvidence, demonym_forms, spells_acronym

NAMES = MODELS_DIR / "names"
EVIDENCE = NameEvidence(
    read_lines(NAMES / "demonyms.txt"),
    read_lines(NAMES / "not_names.txt"),
    read_lines(NAMES / "weapons.txt"),
    read_lines(NAMES / "weapon_cues.txt"),
    read_tsv(NAMES / "org_words.tsv"),
)


def test_demonym_forms_are_derived_from_the_masculine():
    forms = demonym_forms(["irakien", "kurde", "libanais", "turc|turque"])
    assert {"irakien", "irakienne", "irakiens", "irakiennes", "kurde", "kurdes", "libanaise", "libanais", "turque", "turcs"} <= forms


@pytest.mark.parametrize(
    "acronym,before,expected",
    [
        ("EEI", "les insurgés posaient des engins explosifs improvisés (", True),
        ("CTS", "le service antiterroriste irakien (", False),
        ("FDS", "les Forces démocratiques syriennes (", False),
    ],
    ids=["common phrase", "initials differ", "capitalised name"],
)
def test_acronym_of_a_common_phrase(acronym, before, expected):
    assert spells_acronym(acronym, before) is expected


CHECKS = [
    ("is_weapon", "Katioucha", "des roquettes ", True),
    ("is_weapon", "Su-24", "un ", True),
    ("is_weapon", "Predator", "un drone ", True),
    ("is_weapon", "Hezbollah", "le ", False),
    ("is_organisation", "Jaych al-Islam", "les combattants de ", True),
    ("is_organisation", "Hama Media Center", "", True),
    ("is_organisation", "Al-Mayadeen", "selon la chaîne ", True),
    ("is_organisation", "Observatoire", "selon l'", True),
    ("is_organisation", "Hama", "à ", False),
]


@pytest.mark.parametrize(
    "check,text,before,expected",
    CHECKS,
    ids=["after a weapon noun", "model designation", "any model after a noun", "a group", "Arabic first word", "English last word", "media noun before", "one-word body", "a town"],
)
def test_weapons_and_organisations(check, text, before, expected):
    assert getattr(EVIDENCE, check)(text, before) is expected


def test_descriptive_organisation_takes_its_nationality_adjective():
    assert EVIDENCE.takes_demonym("services antiterroristes", "irakiens")
    assert not EVIDENCE.takes_demonym("Hezbollah", "libanais")


NOT_NAMES = [
    "Les Kurdes et les Turkmènes se disputent le contrôle de la ville, disent les Irakiens.",
    "Le Nord et l'Est du pays restent sous la menace des cellules dormantes.",
    "Debout sur un pick-up, un officier haranguait la foule.",
    "Jour de colère à Bassora\nLes manifestants ont bloqué le port.",
    "Les insurgés posaient des engins explosifs improvisés (EEI) le long des routes.",
    "Les rebelles ont tiré des roquettes Katioucha et un missile Scud sur la base.",
    "La police a interpellé un Syrien et une Libanaise à la frontière.",
]


@pytest.mark.parametrize(
    "sentence,kept", zip(NOT_NAMES, [set(), set(), set(), {"Bassora"}, set(), set(), set()]),
    ids=["peoples", "compass points", "common word opening a sentence", "common word opening a line", "acronym of a common phrase", "weapons", "nationality nouns"],
)
def test_no_name_by_its_own_words(nlp, sentence, kept):
    assert {e.text for e in nlp(sentence).ents if e.label_ in ("ORG", "LOC", "PER")} == kept


def test_photo_credit_words_are_no_names(nlp):
    doc = nlp("Des familles déplacées attendent à un point de contrôle près de Raqqa. — Uncredited/AP/SIPA\nLe camp est plein (AFP/Archives).")
    names = [(e.text, e.label_) for e in doc.ents if e.label_ in ("ORG", "LOC", "PER")]
    assert {("AP", "ORG"), ("AFP", "ORG")} <= set(names)
    assert not {"Uncredited", "Archives"} & {text for text, _ in names}


@pytest.mark.parametrize(
    "sentence,org",
    [
        ("Selon la chaîne Al-Mayadeen, les combats ont repris à l'aube.", "Al-Mayadeen"),
        ("Un blessé est soigné à l'hôpital. [Photo fournie par Hama Media Center]", "Hama Media Center"),
        ("Les combattants de Jaych al-Islam ont quitté la Ghouta orientale.", "Jaych al-Islam"),
        ("La 1re brigade blindée des FDS est entrée dans le village.", "1re brigade blindée des FDS"),
        ("Les hommes de la division d'intervention rapide ont repoussé l'assaut.", "division d'intervention rapide"),
        ("Les avions de la coalition antiterroriste internationale ont frappé un dépôt.", "coalition antiterroriste internationale"),
        ("Les services antiterroristes irakiens ont arrêté trois suspects.", "services antiterroristes irakiens"),
    ],
    ids=["media noun before", "media office", "Arabic group name", "unit of a named force", "unit name", "coalition", "descriptive name with its nationality"],
)
def test_organisations(nlp, sentence, org):
    assert org in [e.text for e in nlp(sentence).ents if e.label_ == "ORG"]


@pytest.mark.parametrize(
    "sentence,places",
    [
        ("Des combats se poursuivaient à Achrafieh, Bani Zeid et le Cheikh Maqsoud, selon un habitant.", ["Bani Zeid", "Cheikh Maqsoud"]),
        ("Les soldats ont repris le quartier de Hay Adel Karim dans la nuit.", ["Hay Adel Karim"]),
    ],
    ids=["list of districts", "quartier de"],
)
def test_places_not_persons(nlp, sentence, places):
    ents = {e.text: e.label_ for e in nlp(sentence).ents}
    assert [ents.get(p) for p in places] == ["LOC"] * len(places)


def test_person_after_a_place_and_a_comma_stays_a_person(nlp):
    doc = nlp("À Erbil, Karwan Aziz a reçu les familles des victimes.")
    assert ("Karwan Aziz", "PER") in [(e.text, e.label_) for e in doc.ents]


def test_rank_before_a_name_makes_a_person(nlp):
    doc = nlp("Six combattants ont été tués, dont un haut gradé, le brigadier Hiwa Salar.")
    assert ("Hiwa Salar", "PER") in [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    "sentence,names",
    [
        ("Le Conseil militaire de Manbij (CMM) a annoncé la mort de trois combattants.", ["Conseil militaire de Manbij", "CMM"]),
        ("Selon l'Observatoire syrien des droits de l'Homme (OSDH), douze civils ont été tués.", ["Observatoire syrien des droits de l'Homme", "OSDH"]),
    ],
    ids=["nested place", "long name"],
)
def test_name_spelled_by_its_acronym_is_one_organisation(nlp, sentence, names):
    assert [e.text for e in nlp(sentence).ents if e.label_ == "ORG"] == names
