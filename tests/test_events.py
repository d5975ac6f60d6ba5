"""Events on French sentences: each type, active and passive voice, each filter, each argument rule."""

import pytest

pytestmark = pytest.mark.slow


def events(nlp, text, pub="2020-08-31"):
    doc = nlp.make_doc(text)
    doc._.news_pub_date = pub
    return nlp(doc)._.news_events


TYPES = [
    ("Le CTS a arrêté 35 éléments de l'EIIS à Kirkouk.", "ARREST"),
    ("Trois membres de Daech ont été interpellés mardi à Mossoul par la police fédérale.", "ARREST"),
    ("Une frappe de drone a tué deux chefs de l'EI près de Hawija.", "KILL"),
    ("Cinq soldats ont été tués par des jihadistes dans la province de Diyala.", "KILL"),
    ("Deux policiers ont été blessés lundi soir à Tikrit.", "INJURE"),
    ("Des jihadistes ont attaqué un poste de l'armée irakienne près de Baiji.", "ATTACK"),
    ("L'aviation irakienne a mené jeudi des frappes aériennes contre des caches de Daech.", "AIRSTRIKE"),
    ("L'artillerie turque a pilonné des villages près de la frontière.", "SHELLING"),
    ("Une voiture piégée a explosé dimanche sur un marché de Bagdad.", "BOMBING"),
    ("Les forces irakiennes ont repris le contrôle du village d'al-Aith.", "CAPTURE"),
    ("Les soldats ont détruit neuf grottes utilisées par l'EI.", "DESTROY"),
    ("La police a saisi 300 kilogrammes d'explosifs dans un entrepôt de Ramadi.", "SEIZE"),
    ("Des hommes armés ont enlevé un berger près de Raqqa.", "KIDNAP"),
]


@pytest.mark.parametrize("sentence,event_type", TYPES, ids=[f"{t}-{i}" for i, (_, t) in enumerate(TYPES)])
def test_each_type(nlp, sentence, event_type):
    assert event_type in [e["event_type"] for e in events(nlp, sentence)]


NO_EVENT = [
    ("Aucun policier n'a été blessé pendant l'opération.", "negated subject"),
    ("Les deux gardes n'ont pas été tués, contrairement aux premières informations.", "negated verb"),
    ("Les forces de sécurité ont déjoué un attentat à la voiture piégée à Bagdad.", "thwarted"),
    ("Les jihadistes essaient de mener des attaques contre les villages.", "attempted"),
    ("L'armée prévoit de lancer une offensive au printemps.", "planned"),
    ("Les militants pourraient tirer des roquettes sur la base.", "hypothetical"),
    ("Les attaques de l'EI se sont multipliées ces derniers mois.", "trend"),
    ("Les douaniers saisissent régulièrement des armes à ce poste.", "habitual present"),
    ("Deux militants ont été capturés lors d'un raid nocturne.", "scene-setting noun"),
]


@pytest.mark.parametrize("sentence,kind", NO_EVENT, ids=[k for _, k in NO_EVENT])
def test_no_event(nlp, sentence, kind):
    found = events(nlp, sentence)
    if kind == "scene-setting noun":
        assert [e["event_type"] for e in found] == ["ARREST"]
    else:
        assert found == []


def test_arguments_active_voice(nlp):
    [event] = events(nlp, "Au cours des deux derniers mois, le CTS a arrêté 35 éléments de l'EIIS.")
    assert (event["actor_text"], event["target_text"], event["count"], event["count_unit"]) == ("CTS", "EIIS", 35, "élément")
    assert (event["date_start"], event["date_end"]) == ("2020-07-01", "2020-08-31")
    assert event["acled_sub_event_type"] == "Arrests" and event["negated"] is False


def test_arguments_passive_voice_and_place(nlp):
    [event] = events(nlp, "Le 18 août, dix militants ont été tués par l'armée irakienne dans les montagnes de Qara Jogh.")
    assert (event["event_type"], event["actor_text"], event["count"], event["location_text"]) == ("KILL", "armée irakienne", 10, "Qara Jogh")
    assert event["date_start"] == "2020-08-18"
    assert event["latitude"] is not None


def test_participle_clause_shares_the_subject(nlp):
    found = events(nlp, "L'État islamique a tendu dimanche une embuscade à un convoi de l'armée syrienne, tuant onze soldats.", pub="2020-05-20")
    kill = next(e for e in found if e["event_type"] == "KILL")
    assert kill["actor_text"] == "État islamique" and kill["count"] == 11 and kill["date_start"] == "2020-05-17"


def test_pronoun_actor_is_the_previous_actor(nlp):
    found = events(nlp, "Les forces irakiennes ont lancé l'assaut sur Rawa. Elles ont repris la ville jeudi.")
    assert [e["actor_text"] for e in found] == ["forces irakiennes", "forces irakiennes"]


def test_state_actor_capture_is_government_regains_territory(nlp):
    [event] = events(nlp, "L'armée irakienne a repris vendredi la ville de Rawa à l'EI.")
    assert event["acled_sub_event_type"] == "Government regains territory"


def test_artillery_bombing_is_shelling(nlp):
    [event] = events(nlp, "L'artillerie du régime syrien a bombardé mercredi les abords de Soussa.")
    assert event["event_type"] == "SHELLING"


def test_title_takes_the_date_of_its_story(nlp):
    text = "Une embuscade de l'EI tue 11 soldats dans la Badia\n\nL'EI a tendu dimanche une embuscade à un convoi, tuant onze soldats."
    found = events(nlp, text, pub="2020-05-20")
    assert [e["date_start"] for e in found if e["event_type"] == "KILL"] == ["2020-05-17", "2020-05-17"]


def test_one_event_per_type_and_sentence(nlp):
    found = events(nlp, "Les forces sont entrées dans al-Qaïm et ont libéré le passage frontalier.")
    assert [e["event_type"] for e in found] == ["CAPTURE"]
