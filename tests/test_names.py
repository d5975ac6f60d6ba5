"""Name spans as SPEC section 3 annotates them: trimming rules, generic filters, gazetteer, ignore regions."""

import re

import pytest

from pipeline.datafiles import read_lines, read_tsv
from pipeline.paths import MODELS_DIR
from pipeline.resolve.names import TrimRule, split_at_joins, trim
from pipeline.resolve.regions import find_ignore_regions

RULES = [TrimRule.from_row(r) for r in read_tsv(MODELS_DIR / "names/trim.tsv")]
CHROME = [re.compile(p, re.IGNORECASE) for p in read_lines(MODELS_DIR / "clean/chrome.txt")]

TRIMS = [
    ("l'EIIS", "ORG", "EIIS"),
    ("« l'État islamique »", "ORG", "État islamique"),
    ("le groupe État islamique", "ORG", "État islamique"),
    ("la province de l'Anbar", "LOC", "Anbar"),
    ("les montagnes de Qara Jogh", "LOC", "Qara Jogh"),
    ("la ville d'al-Sharqat", "LOC", "al-Sharqat"),
    ("Kirkouk", "LOC", "Kirkouk"),
    ("7e division de l'armée irakienne", "ORG", "7e division de l'armée irakienne"),
]


@pytest.mark.parametrize("text,label,expected", TRIMS, ids=[t[0] for t in TRIMS])
def test_trim(text, label, expected):
    start, end = trim(text, label, RULES)
    assert text[start:end] == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Le service antiterroriste irakien (CTS) a arrêté 35 éléments de l'EIIS.", {("service antiterroriste irakien", "ORG"), ("CTS", "ORG"), ("EIIS", "ORG")}),
        ("Les forces irakiennes ont repris à Daech un point de passage près de Krikouk.", {("Daech", "ORG"), ("Krikouk", "LOC")}),
        ("Les avions de la coalition internationale ont frappé des cachettes dans la province de Diyala.", {("coalition internationale", "ORG"), ("Diyala", "LOC")}),
    ],
    ids=["acronym in brackets", "generic forces not ORG", "province de"],
)
def test_names_in_sentences(nlp, sentence, expected):
    doc = nlp(sentence)
    assert {(e.text, e.label_) for e in doc.ents if e.label_ in ("ORG", "LOC", "PER")} == expected


PERSONS = [
    ("Le Premier ministre Haider al-Abbadi a félicité les forces armées.", "Haider al-Abbadi"),
    ("Selon le porte-parole de la police de Kirkouk, Amer Nouri, le convoi a été visé.", "Amer Nouri"),
    ("« La situation est sous contrôle », a assuré Yahya Rasool à la presse.", "Yahya Rasool"),
    ("L'assaut a été lancé, a indiqué le major général Karim Hamid al-Juburi.", "Karim Hamid al-Juburi"),
]


@pytest.mark.parametrize("sentence,person", PERSONS, ids=["title before", "title and comma", "given name", "two-word title"])
def test_persons_without_titles(nlp, sentence, person):
    assert person in [e.text for e in nlp(sentence).ents if e.label_ == "PER"]


ORGS = [
    ("Le major général a commandé la 7e division de l'armée irakienne pendant deux ans.", "7e division de l'armée irakienne"),
    ("Le commandement des opérations d'Anbar a annoncé la fin de l'opération.", "commandement des opérations d'Anbar"),
    ("Le ministère de l'Intérieur a publié un bilan.", "ministère de l'Intérieur"),
    ("Des avions de la coalition dirigée par les États-Unis ont frappé Hajin.", "coalition"),
    ("Le gouvernement irakien a salué la reprise de la ville.", "gouvernement irakien"),
]


@pytest.mark.parametrize("sentence,org", ORGS, ids=["unit of an army", "command of a place", "ministry", "coalition dirigée par", "government"])
def test_official_names(nlp, sentence, org):
    assert org in [e.text for e in nlp(sentence).ents if e.label_ == "ORG"]


PLACES = [
    ("Des frappes ont visé des repaires de l'EI à Wadi Houran, dans l'ouest de l'Anbar.", "Wadi Houran"),
    ("Les jihadistes ont attaqué le village d'Abou Karma, dans le district de Khanaqin.", "Abou Karma"),
    ("Les militants pourraient tirer des roquettes sur Makhmour si la pression continue.", "Makhmour"),
]


@pytest.mark.parametrize("sentence,place", PLACES, ids=["place word", "village de", "sur X"])
def test_places_by_form_and_cue(nlp, sentence, place):
    ents = {e.text: e.label_ for e in nlp(sentence).ents}
    assert ents.get(place) == "LOC"


@pytest.mark.parametrize(
    "sentence,place",
    [
        ("Des bergers ont été blessés par une mine au pied du mont Sinjar.", "Sinjar"),
        ("Le convoi a été attaqué près de Zakho, à la frontière turque.", "Zakho"),
    ],
    ids=["places gazetteer", "GeoNames settlement after a cue"],
)
def test_gazetteer_places(nlp, sentence, place):
    assert place in [e.text for e in nlp(sentence).ents if e.label_ == "LOC"]


def test_surname_alone_is_the_person_named_before(nlp):
    doc = nlp("Le général Adnan al-Zubaidi a présenté le bilan. Selon al-Zubaidi, la menace persiste.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "PER"] == [("Adnan al-Zubaidi", "PER"), ("al-Zubaidi", "PER")]


@pytest.mark.parametrize(
    "sentence,org",
    [
        ("Selon l'Organisation internationale pour les migrations, 1 500 familles sont rentrées.", "Organisation internationale pour les migrations"),
        ("Le gouvernement régional du Kurdistan a rouvert la route.", "gouvernement régional du Kurdistan"),
    ],
    ids=["Organisation is part of the name", "regional government"],
)
def test_whole_official_names(nlp, sentence, org):
    assert org in [e.text for e in nlp(sentence).ents if e.label_ == "ORG"]


def test_attributive_force_name_is_not_org(nlp):
    doc = nlp("Un officier peshmerga a été blessé près de Makhmour.")
    assert "peshmerga" not in [e.text for e in doc.ents]


@pytest.mark.parametrize(
    "sentence",
    ["Les troupes ont avancé sous la pluie.", "Le groupe a perdu du terrain face aux forces de sécurité."],
    ids=["troupes", "le groupe"],
)
def test_generic_descriptions_are_not_names(nlp, sentence):
    assert [e.text for e in nlp(sentence).ents if e.label_ in ("ORG", "LOC", "PER")] == []


def test_repeated_caption_chrome_and_markup_are_ignored():
    caption = "Des éléments de l'EIIS capturés par le CTS sont photographiés le 21 août. [Photo fournie par le CTS]"
    text = f"NOUVELLES D'IRAK\nSécurité\n![{caption}](/images/2020/08/31/x.jpg)\n{caption}\nAimez-vous cet article?\n"
    regions = find_ignore_regions(text, CHROME)
    ignored = [text[s:e] for s, e in regions]
    assert ignored == ["NOUVELLES D'IRAK", "Sécurité", "![", "](/images/2020/08/31/x.jpg)", caption, "Aimez-vous cet article?"]


def test_content_lines_are_not_chrome():
    text = "Sécurité renforcée à Kirkouk après l'attaque.\nPar ailleurs, deux soldats ont été blessés.\n"
    assert find_ignore_regions(text, CHROME) == []


def test_names_in_ignore_regions_are_dropped(nlp):
    text = "NOUVELLES D'IRAK\nLe CTS a arrêté un émir de Daech à Kirkouk.\n"
    doc = nlp(text)
    assert all(e.start_char > len("NOUVELLES D'IRAK") for e in doc.ents)
    assert "IRAK" not in [e.text for e in doc.ents]


LISTS = [
    # (sentence, names as the model might tag them, expected labels)
    ("Les combats se poursuivaient à Tal Afar, Kani Zerdoul et le Hammam Ali.", [("Tal Afar", "LOC"), ("Kani Zerdoul", "PER"), ("Hammam Ali", "PER")], ["LOC", "LOC", "LOC"]),
    ("Des frappes ont visé Raqqa, Tabqa ou Jaabar Saghir.", [("Raqqa", "LOC"), ("Tabqa", "LOC"), ("Jaabar Saghir", "MISC")], ["LOC", "LOC", "LOC"]),
    ("À Bagdad, Haider al-Abadi a reçu le ministre.", [("Bagdad", "LOC"), ("Haider al-Abadi", "PER")], ["LOC", "PER"]),
    ("Il a quitté Mossoul, Ahmed Khalil et Omar Taha sont restés.", [("Mossoul", "LOC"), ("Ahmed Khalil", "PER"), ("Omar Taha", "PER")], ["LOC", "PER", "PER"]),
    ("Les délégués de l'ONU, Ali Hassan et Omar Taha sont arrivés.", [("ONU", "ORG"), ("Ali Hassan", "PER"), ("Omar Taha", "PER")], ["ORG", "PER", "PER"]),
]


@pytest.mark.parametrize("sentence,spans,labels", LISTS, ids=["et le", "ou", "no et: a comma only", "given name stays a person", "opens with an ORG"])
def test_names_listed_after_a_place_are_places(nlp, sentence, spans, labels):
    doc = nlp.make_doc(sentence)
    ents = [doc.char_span(sentence.index(text), sentence.index(text) + len(text), label=label) for text, label in spans]
    assert [e.label_ for e in nlp.get_pipe("news_names")._places_in_lists([(e, e) for e in ents], sentence)] == labels


def test_navigation_rubrics_and_bylines_are_chrome():
    chrome = [
        "Accueil › International › Moyen-Orient",
        "Monde / Proche-Orient / Irak",
        "PROCHE-ORIENT",
        "Temps de lecture : 3 min",
        "Écouter cet article",
        "Article réservé aux abonnés",
        "Par Karim Mansour, envoyé spécial à Erbil",
        "Le Soir avec AFP",
    ]
    content = [
        "Par ailleurs, trois soldats ont été tués près de Kirkouk.",
        "Par Dieu, nous reviendrons, a lancé le chef de la milice.",
        "Justice pour les victimes de Halabja, réclament les familles.",
    ]
    text = "\n".join(chrome + content) + "\n"
    assert [text[s:e] for s, e in find_ignore_regions(text, CHROME)] == chrome


def test_two_places_run_together_are_cut():
    joins = re.compile("|".join(f"(?:{j})" for j in read_lines(MODELS_DIR / "names/place_joins.txt")), re.IGNORECASE)
    text = "al-Mayadin d'al-Quriyah de al-Ashara"
    assert [text[a:b] for a, b in split_at_joins(text, joins)] == ["al-Mayadin", "al-Quriyah", "al-Ashara"]
    assert split_at_joins("Ras al-Ain", joins) == [(0, 10)]


def test_hyphenated_one_token_names_stay(nlp):
    doc = nlp("Le convoi humanitaire est parti de Port-Saïd dans la matinée.")
    assert ("Port-Saïd", "LOC") in [(e.text, e.label_) for e in doc.ents]
