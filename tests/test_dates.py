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
    # SPEC section 3 (updated): a date keeps its own value whatever leads it; periods that say they
    # run to the present; `fin <année>`; `jour pour jour`.
    ("Le poste-frontière est fermé depuis mars 2013.", "2015-06-10", "depuis mars 2013", "2013-03-01", "2013-03-31"),
    ("Aucun convoi n'est passé depuis novembre.", "2021-02-03", "depuis novembre", "2020-11-01", "2020-11-30"),
    ("La route est coupée depuis 2016.", "2021-02-03", "depuis 2016", "2016-01-01", "2016-12-31"),
    ("Dès juillet 2011, les premiers déserteurs ont rejoint la rébellion.", "2013-01-20", "Dès juillet 2011", "2011-07-01", "2011-07-31"),
    ("Les cellules dormantes se sont multipliées depuis le début de l'année.", "2021-09-15", "depuis le début de l'année", "2021-01-01", "2021-09-15"),
    ("Plus de quarante attaques ont été recensées au cours des trois derniers mois.", "2022-02-07", "au cours des trois derniers mois", "2021-12-01", "2022-02-07"),
    ("Au cours des six derniers mois, la milice a perdu du terrain.", "2019-04-30", "Au cours des six derniers mois", "2018-11-01", "2019-04-30"),
    ("Les désertions se sont multipliées fin 2019.", "2020-05-02", "fin 2019", "2019-10-01", "2019-12-31"),
    ("Il y a deux ans jour pour jour, le barrage tombait aux mains des jihadistes.", "2016-08-07", "Il y a deux ans jour pour jour", "2014-08-07", "2014-08-07"),
    ("Il y a cinq ans, jour pour jour, la ville était libérée.", "2022-07-10", "Il y a cinq ans, jour pour jour", "2017-07-10", "2017-07-10"),
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


# --------------------------------------------------------------------------- forms added for issue 6
# (sentence, publication date, future, expected text, start, end); None = no start/end (open side)

MORE = [
    # absolute and partial dates
    ("L'accord signé le 20/02/14 prévoyait un cessez-le-feu.", "2016-01-10", False, "le 20/02/14", "2014-02-20", "2014-02-20"),
    ("Le décret du 31/10 n'a jamais été appliqué.", "2016-01-10", False, "du 31/10", "2015-10-31", "2015-10-31"),
    ("Le rapport publié le 23.04.2022 fait état de 12 morts.", "2022-05-01", False, "le 23.04.2022", "2022-04-23", "2022-04-23"),
    ("Mis à jour 2015-05-02T10:20:19+0000 par la rédaction.", "2015-05-03", False, "2015-05-02", "2015-05-02", "2015-05-02"),
    ("Le 8 déc. 2014, un attentat a frappé Bagdad.", "2015-01-01", False, "Le 8 déc. 2014", "2014-12-08", "2014-12-08"),
    ("Publié le 15 fév 2013 par la rédaction.", "2013-02-16", False, "le 15 fév 2013", "2013-02-15", "2013-02-15"),
    ("Dimanche, 11 mai 2014, les électeurs se sont rendus aux urnes.", "2014-05-12", False, "Dimanche, 11 mai 2014", "2014-05-11", "2014-05-11"),
    ("Le quatre octobre, les forces ont repris la ville.", "2017-11-03", False, "Le quatre octobre", "2017-10-04", "2017-10-04"),
    ("Le premier mars 2013, le barrage a été repris.", "2014-01-01", False, "Le premier mars 2013", "2013-03-01", "2013-03-01"),
    ("Le 23 novembre de 1987, la ville a été bombardée.", "2019-05-30", False, "Le 23 novembre de 1987", "1987-11-23", "1987-11-23"),
    ("En juillet 98, la France a remporté le Mondial.", "2019-08-12", False, "En juillet 98", "1998-07-01", "1998-07-31"),
    ("Mars a été le mois le plus meurtrier depuis 2016.", "2020-08-31", False, "Mars", "2020-03-01", "2020-03-31"),
    ("Le mois de mars a été le plus meurtrier.", "2020-08-31", False, "Le mois de mars", "2020-03-01", "2020-03-31"),
    ("Ce mois de décembre sera décisif pour la coalition.", "2016-11-07", False, "Ce mois de décembre", "2016-12-01", "2016-12-31"),
    ("Les premiers départs sont prévus en mars 2015 ou 2015-06 au plus tard.", "2014-01-01", False, "en mars 2015", "2015-03-01", "2015-03-31"),
    ("Le Parlement a été élu le 29/2, selon la commission.", "2017-03-22", False, "le 29/2", "2016-02-29", "2016-02-29"),
    ("Publié mer. 10 juin 2020 à 14h.", "2020-06-11", False, "mer. 10 juin 2020", "2020-06-10", "2020-06-10"),
    ("Jeu 15:12 — mise à jour de la dépêche.", "2012-11-13", False, "Jeu", "2012-11-08", "2012-11-08"),
    # ranges of days
    ("Les combats ont duré du 28 décembre au 3 janvier.", "2021-01-15", False, "du 28 décembre au 3 janvier", "2020-12-28", "2021-01-03"),
    ("Entre le 13 et le 18, les frappes se sont multipliées.", "2021-02-20", False, "Entre le 13 et le 18", "2021-02-13", "2021-02-18"),
    ("Le forum s'est tenu du 14 au 20 sept. 2014 à Erbil.", "2015-01-01", False, "du 14 au 20 sept. 2014", "2014-09-14", "2014-09-20"),
    ("Les pèlerins sont attendus du 10 juin au 1er juillet.", "2021-05-01", True, "du 10 juin au 1er juillet", "2021-06-10", "2021-07-01"),
    ("Le couvre-feu a été levé entre le 3 et le quinze mai.", "2021-06-01", False, "entre le 3 et le quinze mai", "2021-05-03", "2021-05-15"),
    ("Une trêve a été observée du samedi 13 au dimanche 15 juillet.", "2018-08-01", False, "du samedi 13 au dimanche 15 juillet", "2018-07-13", "2018-07-15"),
    ("Période couverte : 10/1-11/2/2017.", "2018-10-24", False, "10/1-11/2/2017", "2017-01-10", "2017-02-11"),
    ("La nuit de mercredi à jeudi a été calme à Kirkouk.", "2021-05-27", False, "La nuit de mercredi à jeudi", "2021-05-26", "2021-05-27"),
    ("En 2019-2020, le nombre d'attaques a baissé.", "2021-01-01", False, "En 2019-2020", "2019-01-01", "2020-12-31"),
    ("Des frappes ont visé Hawija les 7 et 8 août.", "2020-08-31", False, "les 7 et 8 août", "2020-08-07", "2020-08-08"),
    # parts of a month, week, year
    ("Les renforts sont arrivés à la fin du mois de mars.", "2021-06-01", False, "à la fin du mois de mars", "2021-03-21", "2021-03-31"),
    ("La première quinzaine d'avril a été meurtrière.", "2021-06-01", False, "La première quinzaine d'avril", "2021-04-01", "2021-04-14"),
    ("Le ministre se rendra à Mossoul en fin de semaine.", "2020-08-25", True, "en fin de semaine", "2020-08-27", "2020-08-30"),
    ("Les salaires ont été versés au début du mois.", "2020-08-25", False, "au début du mois", "2020-08-01", "2020-08-10"),
    ("L'offensive est prévue en fin d'année.", "2013-02-12", True, "en fin d'année", "2013-10-01", "2013-12-31"),
    ("Les frappes se sont intensifiées fin 2014.", "2016-01-01", False, "fin 2014", "2014-10-01", "2014-12-31"),
    ("Le dernier jour d'octobre 2015, le pont a sauté.", "2016-01-01", False, "Le dernier jour d'octobre 2015", "2015-10-31", "2015-10-31"),
    ("La première semaine d'octobre 2014 a été calme.", "2015-01-01", False, "La première semaine d'octobre 2014", "2014-10-06", "2014-10-12"),
    ("La semaine du 7 octobre a vu les premiers retours.", "2013-11-01", False, "La semaine du 7 octobre", "2013-10-07", "2013-10-13"),
    # decades; a year keeps its own value whatever the preposition (SPEC: `depuis mars 2013` is March 2013)
    ("Le conflit remonte aux années 1990.", "2020-01-01", False, "aux années 1990", "1990-01-01", "1999-12-31"),
    ("Dans les années quatre-vingt-dix, la ville comptait 200 000 habitants.", "2020-01-01", False, "Dans les années quatre-vingt-dix", "1990-01-01", "1999-12-31"),
    ("Les attaques ont reculé de 35 % par rapport à 2019.", "2020-12-30", False, "par rapport à 2019", "2019-01-01", "2019-12-31"),
    ("Le groupe est actif dans la région depuis 2014.", "2017-11-03", False, "depuis 2014", "2014-01-01", "2014-12-31"),
    ("Ce quartier n'avait pas été touché avant 2014.", "2017-11-03", False, "avant 2014", "2014-01-01", "2014-12-31"),
    ("Aucune attaque n'a été signalée après 2014.", "2017-11-03", False, "après 2014", "2014-01-01", "2014-12-31"),
    ("Aucune attaque n'est prévue après 2024.", "2017-11-03", True, "après 2024", "2024-01-01", "2024-12-31"),
    # weekdays
    ("Le ministre arrivera mardi de la semaine prochaine.", "2013-02-12", False, "mardi de la semaine prochaine", "2013-02-19", "2013-02-19"),
    ("La réunion a eu lieu lundi cette semaine.", "2013-02-12", False, "lundi cette semaine", "2013-02-11", "2013-02-11"),
    ("Le poste a été repris dimanche de la semaine dernière.", "2013-02-12", False, "dimanche de la semaine dernière", "2013-02-10", "2013-02-10"),
    ("Les pourparlers reprendront mercredi suivant.", "2013-02-12", False, "mercredi suivant", "2013-02-20", "2013-02-20"),
    ("Le verdict est attendu lundi en huit.", "2013-02-12", False, "lundi en huit", "2013-02-25", "2013-02-25"),
    ("Jeudi 15, les forces sont entrées dans la ville.", "2013-09-01", False, "Jeudi 15", "2013-08-15", "2013-08-15"),
    ("Le 12, les forces irakiennes sont entrées dans la ville.", "2021-03-20", False, "Le 12", "2021-03-12", "2021-03-12"),
    # counts of days, weeks, months against the publication date
    ("Je suis revenu dans mon pays il ya 2 jours.", "2021-05-20", False, "il ya 2 jours", "2021-05-18", "2021-05-18"),
    ("Il y a un an et deux mois, la ville était encore aux mains de Daech.", "2014-09-01", False, "Il y a un an et deux mois", "2013-07-01", "2013-07-31"),
    ("Le vote aura lieu dans trois jours.", "2020-08-31", False, "dans trois jours", "2020-09-03", "2020-09-03"),
    ("Deux jours plus tard, le village était repris.", "2013-02-12", False, "Deux jours plus tard", "2013-02-14", "2013-02-14"),
    ("Les routes resteront fermées les trois prochains jours.", "2020-08-31", False, "les trois prochains jours", "2020-08-31", "2020-09-03"),
    # fixed relative words
    ("La veille, un convoi avait été visé.", "2020-03-12", False, "La veille", "2020-03-11", "2020-03-11"),
    ("Le lendemain, les forces ont repris le poste.", "2020-03-12", False, "Le lendemain", "2020-03-13", "2020-03-13"),
    ("La semaine suivante, les combats ont cessé.", "2013-02-12", False, "La semaine suivante", "2013-02-18", "2013-02-24"),
    ("Le mois suivant, l'armée a lancé l'assaut.", "2013-02-12", False, "Le mois suivant", "2013-03-01", "2013-03-31"),
    ("L'attaque a été menée la semaine derniere.", "2019-07-29", False, "la semaine derniere", "2019-07-22", "2019-07-28"),
    ("Aujourdʼhui, les écoles ont rouvert.", "2014-09-01", False, "Aujourdʼhui", "2014-09-01", "2014-09-01"),
    # holidays and seasons
    ("Les combattants ont été libérés à Noël.", "2020-01-10", False, "à Noël", "2019-12-25", "2019-12-25"),
    ("Le cimetière a été visé le jour de la Toussaint.", "2020-01-10", False, "le jour de la Toussaint", "2019-11-01", "2019-11-01"),
    ("Le dictateur a été exécuté le jour de Noël 1989.", "2019-12-30", False, "le jour de Noël 1989", "1989-12-25", "1989-12-25"),
    ("Les festivités du nouvel an ont été annulées.", "2021-01-05", False, "nouvel an", "2021-01-01", "2021-01-01"),
    ("Le gouvernement prévoit de lancer une offensive au printemps.", "2020-12-30", True, "au printemps", "2021-03-01", "2021-05-31"),
    # headlines and datelines in capitals (the grammar matches a lower-cased copy, offset for offset)
    ("MOSSOUL, LUNDI 3 JUIN 2019 – Un attentat a frappé le marché.", "2019-06-04", False, "LUNDI 3 JUIN 2019", "2019-06-03", "2019-06-03"),
    ("Hier, İstanbul a accueilli les négociateurs.", "2019-05-10", False, "Hier", "2019-05-09", "2019-05-09"),
    ("À İzmir, AUJOURD’HUI, le procès s'ouvre.", "2019-05-10", False, "AUJOURD’HUI", "2019-05-10", "2019-05-10"),
]


@pytest.mark.parametrize("sentence,pub,future,text,start,end", MORE, ids=[c[3] for c in MORE])
def test_more_date_forms(sentence, pub, future, text, start, end):
    found = GRAMMAR.find(sentence)
    assert [sentence[e.start : e.end] for e in found][:1] == [text]
    value = GRAMMAR.resolve(found[0], dt.date.fromisoformat(pub), future=future)
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    assert (iso(value.start), iso(value.end)) == (start, end)


def test_vague_count_in_the_past_is_a_past_reference():
    found = GRAMMAR.find("Il y a quelques jours, des tirs ont visé la base.")
    assert GRAMMAR.resolve(found[0], dt.date(2020, 8, 31)).value == "PAST_REF"


def test_relative_count_keeps_its_unit():
    """TIMEX3-style (SPEC section 2): `il y a trois mois` is that month, `il y a deux semaines` that week."""
    found = GRAMMAR.find("Il y a trois mois, la ville a été reprise ; il y a deux semaines, un convoi a été visé.")
    values = [GRAMMAR.resolve(e, dt.date(2020, 8, 31)).value for e in found]
    assert values == ["2020-05", "2020-W34"]


@pytest.mark.parametrize(
    "sentence",
    [
        "La résolution 2254 a été adoptée par 15 voix contre 2.",
        "Près de 1/3 des habitants ont fui vers le sud.",
        "Le score final, 3-1, a surpris les supporters.",
        "À la veille de l'élection, les tensions montent à Bagdad.",
        "Le lendemain de l'attaque, la ville était déserte.",
        "Ce jour-là, personne n'est sorti.",
        "Le 7 de l'équipe a été exclu du match.",
        "Ils ont fui par la mer.",
        "Un jeu de pouvoir se joue au Parlement.",
        "La lentille 75-300 mm a été saisie avec 17 2 caisses.",
        "Voir https://exemple.fr/2019/01/02/bagdad-3-mars pour le détail.",
        "Les 3 et 5 soldats blessés ont été évacués.",
        "Cette année-là, la ville comptait 200 000 habitants.",
        "Le skieur Clément Noël a remporté le slalom.",
        "Toussaint Louverture est mort en captivité.",
        "Deux jours après l'attaque, la ville était déserte.",
        "Le siège a duré plus de deux ans.",
        "Il est détenu depuis trois ans à Bagdad.",
    ],
    ids=["resolution number", "fraction", "score", "la veille de", "le lendemain de", "ce jour-là", "le 7 de",
         "la mer.", "jeu", "spaced numbers", "url", "counts", "cette année-là", "Noël as a name", "Toussaint as a name",
         "après l'attaque", "duration plus de deux ans", "duration depuis trois ans"],
)
def test_no_date_in(sentence):
    assert [sentence[e.start : e.end] for e in GRAMMAR.find(sentence)] == []


@pytest.mark.parametrize("sentence", ["La base a été tenue de 2014 au 2 mai 2018.", "Le maire de la commune au 5 mars était absent."])
def test_a_day_range_starts_at_a_word(sentence):
    """`14 au 2 mai` inside `2014 au 2 mai`, `une au 5 mars` inside `commune`: no."""
    found = GRAMMAR.find(sentence)
    assert found and all(e.start == 0 or not sentence[e.start - 1].isalnum() for e in found)
    assert "day_range" not in [e.kind for e in found]


def test_invalid_day_stays_unresolved():
    found = GRAMMAR.find("Le document est daté du 30/2.")
    assert GRAMMAR.resolve(found[0], dt.date(2020, 3, 22)).start is None


def test_empty_grammar_still_reads_digits():
    """A component before `initialize()` holds a grammar without words: it finds only what needs none."""
    found = DateGrammar([], []).find("Le 21 août, hier, en 2014.")
    assert [(e.kind, e.fields["y"]) for e in found] == [("year", "2014")]


def test_component_reads_the_tense_of_the_verb_it_depends_on(nlp):
    doc = nlp.make_doc("Le ministre a déclaré mardi que l'armée va lancer une offensive au printemps.")
    doc._.news_pub_date = "2020-12-30"
    doc = nlp(doc)
    dates = {e.text: e._.news_date["start"] for e in doc.ents if e.label_ == "DATE"}
    assert dates == {"mardi": "2020-12-29", "au printemps": "2021-03-01"}


# `la veille`, `le lendemain`, `plus tôt dans la journée`, `N jours plus tard` count from the day just told.
TOLD = [
    ("Samedi 4 mai, une patrouille a été visée près de Hit. Le lendemain, l'armée a bouclé le secteur.", "2019-05-09", "Le lendemain", "2019-05-05"),
    ("L'assaut a été lancé le 17 octobre. La veille, des tracts avaient été largués sur la ville.", "2016-10-25", "La veille", "2016-10-16"),
    ("Dimanche soir, deux obus sont tombés sur le marché. Plus tôt dans la journée, un drone avait survolé le quartier.", "2021-03-09", "Plus tôt dans la journée", "2021-03-07"),
    ("Le convoi est parti de Bagdad le 2 juin. Trois jours plus tard, il a été attaqué.", "2014-06-20", "Trois jours plus tard", "2014-06-05"),
    ("Le lendemain, les forces ont repris le poste.", "2020-03-12", "Le lendemain", "2020-03-13"),  # nothing told: the publication date
]


@pytest.mark.parametrize("text,pub,expression,day", TOLD, ids=[c[2] + " " + c[3] for c in TOLD])
def test_relative_day_counts_from_the_day_just_told(text, pub, expression, day):
    found = GRAMMAR.find(text)
    values = GRAMMAR.resolve_all(found, dt.date.fromisoformat(pub), [False] * len(found))
    by_text = {text[e.start : e.end]: v for e, v in zip(found, values)}
    assert (by_text[expression].start.isoformat(), by_text[expression].end.isoformat()) == (day, day)
