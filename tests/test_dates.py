"""DATE detection and resolution on French news sentences, with pinned publication dates."""

import datetime as dt

import pytest

from pipeline.datafiles import read_tsv
from pipeline.paths import MODELS_DIR
from pipeline.resolve.dates import DateGrammar

GRAMMAR = DateGrammar(read_tsv(MODELS_DIR / "dates/words.tsv"), read_tsv(MODELS_DIR / "dates/relative.tsv"))

CASES = [
    # (sentence, publication date, expected text, start, end)
    ("Le CTS a arrêté 35 éléments au cours des deux derniers mois.", "2020-08-31", "au cours des deux derniers mois", "2020-07-01", "2020-08-31"),
    ("Ils ont été photographiés le 21 août.", "2020-08-31", "le 21 août", "2020-08-21", "2020-08-21"),
    ("Vendredi 3 novembre, les forces irakiennes ont repris le poste.", "2017-11-03", "Vendredi 3 novembre", "2017-11-03", "2017-11-03"),
    ("Le régime a annoncé vendredi avoir chassé Daech.", "2017-11-03", "vendredi", "2017-11-03", "2017-11-03"),
    ("Les forces ont lancé leur opération la semaine dernière.", "2017-11-03", "la semaine dernière", "2017-10-23", "2017-10-29"),
    ("Daech a déferlé sur l'Irak en 2014.", "2017-11-03", "en 2014", "2014-01-01", "2014-12-31"),
    ("Les combats ont repris à la mi-décembre.", "2021-01-15", "à la mi-décembre", "2020-12-11", "2020-12-20"),
    ("L'offensive a commencé fin janvier.", "2021-03-02", "fin janvier", "2021-01-21", "2021-01-31"),
    ("Les renforts sont arrivés début mars.", "2021-03-20", "début mars", "2021-03-01", "2021-03-10"),
    ("Le village avait été repris l'été dernier.", "2017-11-03", "l'été dernier", "2017-06-01", "2017-08-31"),
    ("Deux soldats ont été blessés hier à Tikrit.", "2019-05-10", "hier", "2019-05-09", "2019-05-09"),
    ("L'attaque a eu lieu mardi dernier.", "2017-11-03", "mardi dernier", "2017-10-31", "2017-10-31"),
    ("Le convoi a été visé il y a trois jours.", "2017-11-03", "il y a trois jours", "2017-10-31", "2017-10-31"),
    ("Plus de 200 arrestations depuis le début de l'année.", "2020-08-31", "depuis le début de l'année", "2020-01-01", "2020-08-31"),
    ("L'opération s'est déroulée du 5 au 11 janvier.", "2021-02-01", "du 5 au 11 janvier", "2021-01-05", "2021-01-11"),
    ("Le rapport a été publié le 12 mars 2021.", "2022-01-01", "le 12 mars 2021", "2021-03-12", "2021-03-12"),
    ("Le 30 décembre, une embuscade a tué trois soldats.", "2021-01-04", "Le 30 décembre", "2020-12-30", "2020-12-30"),
    ("Le ministre se rendra à Mossoul la semaine prochaine.", "2017-11-03", "la semaine prochaine", "2017-11-06", "2017-11-12"),
]


@pytest.mark.parametrize("sentence,pub,text,start,end", CASES, ids=[c[2] for c in CASES])
def test_date_found_and_resolved(sentence, pub, text, start, end):
    found = GRAMMAR.find(sentence)
    assert [sentence[e.start : e.end] for e in found] == [text]
    value = GRAMMAR.resolve(found[0], dt.date.fromisoformat(pub))
    assert (value.start.isoformat(), value.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "sentence,text",
    [("Ces derniers jours, les attaques se sont multipliées.", "Ces derniers jours"), ("Des cellules ont récemment été démantelées.", "récemment")],
    ids=["ces derniers jours", "récemment"],
)
def test_vague_past_reference_has_no_range(sentence, text):
    found = GRAMMAR.find(sentence)
    assert [sentence[e.start : e.end] for e in found] == [text]
    value = GRAMMAR.resolve(found[0], dt.date(2020, 8, 31))
    assert (value.value, value.start, value.end) == ("PAST_REF", None, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Le CTS a arrêté 35 éléments de l'EIIS.",
        "La 7e division de l'armée irakienne a avancé de 15 kilomètres.",
    ],
    ids=["no date", "ordinal and measure"],
)
def test_no_date(sentence):
    assert GRAMMAR.find(sentence) == []


def test_day_without_year_or_publication_date_is_unresolved():
    found = GRAMMAR.find("Le 3 novembre, les forces sont entrées dans al-Qaïm.")
    value = GRAMMAR.resolve(found[0], None)
    assert (value.value, value.start, value.end) == ("XXXX-11-03", None, None)


def test_future_tense_turns_weekday_forward():
    found = GRAMMAR.find("Le ministre arrivera vendredi à Bagdad.")
    value = GRAMMAR.resolve(found[0], dt.date(2017, 11, 1), future=True)
    assert value.start == dt.date(2017, 11, 3)
