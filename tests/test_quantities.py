"""QUANTITY amounts (value, qualifier, symbol units) on French sentences."""

import pytest

from pipeline.datafiles import read_tsv
from pipeline.paths import MODELS_DIR
from pipeline.resolve.numbers import QuantityGrammar, parse_digits

GRAMMAR = QuantityGrammar(read_tsv(MODELS_DIR / "quantities/words.tsv"))

CASES = [
    ("Le CTS a arrêté 35 éléments de l'EIIS.", "35", 35, "=", None),
    ("Neuf grottes ont été détruites.", "Neuf", 9, "=", None),
    ("Deux soldats ont été blessés.", "Deux", 2, "=", None),
    ("Une dizaine de militants ont fui.", "Une dizaine", 10, "~", None),
    ("Au moins 12 civils ont été tués.", "Au moins 12", 12, ">=", None),
    ("Daech contrôle encore plus de 35 % de la province.", "plus de 35 %", 35, ">", "%"),
    ("La coalition a versé 2,5 millions de dollars.", "2,5 millions", 2_500_000, "=", None),
    ("Quelque 1 500 familles ont regagné Mossoul.", "Quelque 1 500", 1500, "~", None),
    ("Les troupes ont avancé de 15 kilomètres.", "15 kilomètres", 15, "=", "km"),
    ("Le siège a duré plus de deux ans.", "plus de deux", 2, ">", None),
    ("Le groupe tient au moins un champ de pétrole.", "au moins un", 1, ">=", None),
    ("Trente-cinq personnes ont été libérées.", "Trente-cinq", 35, "=", None),
]


@pytest.mark.parametrize("sentence,text,value,qualifier,unit", CASES, ids=[c[1] for c in CASES])
def test_amount(sentence, text, value, qualifier, unit):
    found = GRAMMAR.find(sentence)
    assert len(found) == 1
    a = found[0]
    assert (sentence[a.start : a.end], a.value, a.qualifier, a.unit) == (text, value, qualifier, unit)


def test_between_is_two_bounds():
    sentence = "Le groupe compterait entre 3.000 et 5.000 combattants."
    found = GRAMMAR.find(sentence)
    assert [(sentence[a.start : a.end], a.value, a.qualifier) for a in found] == [("entre 3.000", 3000, ">="), ("5.000", 5000, "<=")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Un milicien a été arrêté à Kirkouk.",
        "La 7e division de l'armée irakienne est entrée dans la ville.",
        "Daech a déferlé sur l'Irak en 2014.",
        "Plusieurs maisons ont été détruites.",
        "Des centaines de familles ont fui.",
    ],
    ids=["determiner un", "ordinal", "year", "plusieurs", "des centaines"],
)
def test_not_a_quantity(sentence):
    assert GRAMMAR.find(sentence) == []


@pytest.mark.parametrize("text,value", [("1 500", 1500), ("3.000", 3000), ("2,5", 2.5), ("12", 12), ("1\u202f200", 1200)])
def test_parse_digits(text, value):
    assert parse_digits(text) == value
