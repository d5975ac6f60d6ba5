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


# --------------------------------------------------------------------------- forms added for issue 6
MORE = [
    # number words
    ("Un million deux cent mille personnes ont fui Mossoul.", "Un million deux cent mille", 1_200_000, "=", None),
    ("Cinquante et un millions de dollars ont été débloqués.", "Cinquante et un millions", 51_000_000, "=", None),
    ("Septante-cinq maisons ont été reconstruites.", "Septante-cinq", 75, "=", None),
    ("Le village comptait mil neuf cent vingt habitants.", "mil neuf cent vingt", 1920, "=", None),
    ("L'armée n'a signalé zéro mort dans ses rangs.", "zéro", 0, "=", None),
    ("Cent soldats ont été déployés.", "Cent", 100, "=", None),
    ("La croissance a atteint deux virgule cinq pour cent.", "deux virgule cinq pour cent", 2.5, "=", "%"),
    # scales and halves
    ("Un million et demi de déplacés vivent dans les camps.", "Un million et demi", 1_500_000, "=", None),
    ("La ville compte 3 millions et demi d'habitants.", "3 millions et demi", 3_500_000, "=", None),
    ("Un demi-million d'enfants ne sont pas scolarisés.", "Un demi-million", 500_000, "=", None),
    ("Le programme a coûté 1 billion de dinars.", "1 billion", 1e12, "=", None),
    # approximations
    ("Trois douzaines de roquettes ont été tirées.", "Trois douzaines", 36, "~", None),
    ("Deux centaines de familles ont regagné Sinjar.", "Deux centaines", 200, "~", None),
    ("Les forces ont arrêté près d'un millier de suspects.", "près d'un millier", 1000, "~", None),
    ("Le convoi transportait à peu près 40 tonnes d'aide.", "à peu près 40 tonnes", 40, "~", "t"),
    ("Le loyer a grimpé à quasi 300 euros.", "quasi 300 euros", 300, "~", "EUR"),
    ("Le prix reste en dessous de 10 dollars.", "en dessous de 10 dollars", 10, "<", "USD"),
    ("La rançon demandée est plus que 5 000 dollars.", "plus que 5 000 dollars", 5000, ">", "USD"),
    # digits: signs, decimals, attached units, currency before the number
    ("L'économie a reculé de -4,5 % cette année.", "-4,5 %", -4.5, "=", "%"),
    ("Le taux d'inflation est passé à 3.5 % en mai.", "3.5 %", 3.5, "=", "%"),
    ("Des obus de 155mm ont été saisis.", "155mm", 155, "=", "mm"),
    ("Le tunnel de 2,5-km reliait les quartiers.", "2,5-km", 2.5, "=", "km"),
    ("Le satellite de trois-tonnes a été lancé.", "trois-tonnes", 3, "=", "t"),
    ("Le baril se vend $75 à Bassora.", "$75", 75, "=", "USD"),
    ("Le billet coûte EUR 20 sur place.", "EUR 20", 20, "=", "EUR"),
    ("Sa fortune est évaluée à £ 8,10 millions.", "£ 8,10 millions", 8_100_000, "=", "GBP"),
    ("Le pain ne coûte que 15 dollars et 15 cents.", "15 dollars et 15 cents", 15.15, "=", "USD"),
    ("Le ticket coûte 3 euros 50.", "3 euros 50", 3.5, "=", "EUR"),
    ("Le coût est de 6.700,54 dinars.", "6.700,54 dinars", 6700.54, "=", "IQD"),
]


@pytest.mark.parametrize("sentence,text,value,qualifier,unit", MORE, ids=[c[1] for c in MORE])
def test_more_amount_forms(sentence, text, value, qualifier, unit):
    found = GRAMMAR.find(sentence)
    assert len(found) == 1, [sentence[a.start : a.end] for a in found]
    a = found[0]
    assert (sentence[a.start : a.end], a.qualifier, a.unit) == (text, qualifier, unit)
    assert a.value == pytest.approx(value)


@pytest.mark.parametrize(
    "sentence,amounts",
    [
        ("Le groupe compterait 10 - 20 000 hommes.", [("10", 10, ">="), ("20 000", 20000, "<=")]),
        ("Il a environ 40-50 ans.", [("environ 40", 40, "~"), ("50", 50, "<=")]),
        ("La victoire 2-1 a été fêtée.", [("2", 2, "="), ("1", 1, "=")]),
        ("Elle s'incline 3 - 6, 2 - 6 face à la tête de série.", [("3", 3, "="), ("6", 6, "="), ("2", 2, "="), ("6", 6, "=")]),
        ("Il a gagné 43 - 56 sur les Broncos.", [("43", 43, "="), ("56", 56, "=")]),
        ("Le groupe compterait entre 2000 et 2500 combattants.", [("entre 2000", 2000, ">="), ("2500", 2500, "<=")]),
        ("Deux et trois combattants ont été tués.", [("Deux", 2, "="), ("trois", 3, "=")]),
        ("Cinquante soixante trente et onze.", [("Cinquante", 50, "="), ("soixante", 60, "="), ("trente", 30, "="), ("onze", 11, "=")]),
        ("Un virgule deux trois six.", [("Un virgule deux", 1.2, "="), ("trois", 3, "="), ("six", 6, "=")]),
    ],
    ids=["dash range", "approximate range", "score", "tennis scores", "score before a preposition", "entre with a year-like bound", "deux et trois",
         "rejected run split", "decimals cut short"],
)
def test_several_amounts(sentence, amounts):
    found = GRAMMAR.find(sentence)
    assert [(sentence[a.start : a.end], pytest.approx(a.value), a.qualifier) for a in found] == amounts


@pytest.mark.parametrize(
    "sentence",
    [
        "Le vingt et unième siècle a commencé dans la violence.",
        "Il est devenu la cinq cent unième victime du conflit.",
        "La ville fête son quatre-vingtième anniversaire.",
        "Les trois quarts du territoire ont été repris.",
        "Deux tiers des électeurs se sont abstenus.",
        "Un logement neuf.",
        "Des millions de déplacés attendent de rentrer.",
        "Le taux est exprimé pour cent habitants.",
        "Voir https://exemple.fr/recherche?q=30%25%2020% pour le détail.",
        "Je dis virgule cinq.",
        "Une dizaine? Non, plusieurs dizaines de blessés.",
        "Le club l'avait révélé entre 2010 et 2012.",
    ],
    ids=["vingt et unième", "cinq cent unième", "quatre-vingtième", "trois quarts", "deux tiers", "neuf adjective",
         "des millions", "pour cent alone", "url", "decimals alone", "plusieurs dizaines", "entre two years"],
)
def test_not_an_amount(sentence):
    found = GRAMMAR.find(sentence)
    assert [sentence[a.start : a.end] for a in found if not sentence[a.start : a.end].lower().startswith("une dizaine")] == []


@pytest.mark.parametrize(
    "sentence,quantities",
    [
        ("Un logement neuf a été détruit, et neuf maisons endommagées.", [("neuf maisons", 9.0, "maison")]),
        ("Neuf grottes ont été détruites.", [("Neuf grottes", 9.0, "grotte")]),
        ("Le chapitre trois du rapport recense 12 attaques.", [("12 attaques", 12.0, "attaque")]),
    ],
    ids=["logement neuf", "Neuf grottes", "chapitre trois"],
)
def test_component_leaves_number_words_after_a_noun(nlp, sentence, quantities):
    doc = nlp(sentence)
    got = [(e.text, e._.news_quantity["value"], e._.news_quantity["unit"]) for e in doc.ents if e.label_ == "QUANTITY"]
    assert got == quantities


@pytest.mark.parametrize(
    "sentence,amounts",
    [
        ("Pour témoigner, appelez le 01 45 67 89 12 ou le +33 6 12 34 56 78 avant midi.", []),
        ("Il est poursuivi en vertu de l'article 421-2 du code pénal et du décret n° 2015-1475.", []),
        ("La résolution 2254 prévoit un cessez-le-feu.", []),
        ("Le virement portait la référence 40213377450012 et le compte 123456789012345678901234567890.", []),
        ("Un Su-24 et deux drones Shahed-136 ont été abattus.", [2.0]),
        ("Le dossier compte 350 pages et vise 12 suspects.", [350.0, 12.0]),
    ],
    ids=["phone numbers", "article and decree numbers", "resolution number", "long digit runs", "model designations", "counts stay"],
)
def test_numbers_that_name_are_no_amounts(sentence, amounts):
    assert [a.value for a in GRAMMAR.find(sentence)] == amounts
