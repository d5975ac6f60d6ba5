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


def kinds(found):
    return {e["event_type"]: e for e in found}


def test_a_bombing_and_its_toll_are_three_rows(nlp):
    found = kinds(events(nlp, "Un engin explosif a sauté lundi au passage d'une patrouille près de Tikrit, faisant trois morts et quatre blessés."))
    assert set(found) == {"BOMBING", "KILL", "INJURE"}
    assert (found["KILL"]["count"], found["INJURE"]["count"]) == (3, 4)


def test_a_toll_noun_gives_the_count(nlp):
    found = kinds(events(nlp, "L'attaque de l'EI contre le barrage a fait au moins 40 morts mardi."))
    assert found["KILL"]["count"] == 40 and found["ATTACK"]["actor_text"] == "EI"


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Deux civils ont été tués mardi lors d'un bombardement aérien russe près d'Idleb.", {"KILL", "AIRSTRIKE"}),
        ("Un berger a été blessé dimanche dans une attaque menée par des hommes armés contre un barrage.", {"INJURE", "ATTACK"}),
        ("Trois combattants ont été blessés lors de la frappe initiale, selon la même source.", {"INJURE"}),
        ("Deux suspects ont été arrêtés au cours des raids, a précisé le colonel.", {"ARREST"}),
    ],
    ids=["introduces-air-strike", "introduces-attack", "points-back-initial", "points-back-raids"],
)
def test_event_noun_in_an_adverbial(nlp, sentence, expected):
    assert {e["event_type"] for e in events(nlp, sentence)} == expected


def test_the_attack_introduced_in_an_adverbial_has_its_doer_and_target(nlp):
    found = kinds(events(nlp, "Un berger a été blessé dimanche dans une attaque menée par des hommes armés contre un barrage."))
    assert found["ATTACK"]["actor_text"] == "hommes armés" and found["ATTACK"]["target_text"] == "barrage"


def test_victims_are_the_target(nlp):
    [event] = events(nlp, "Les soldats ont arrêté jeudi 30 extrémistes dans un village de la province.")
    assert (event["target_text"], event["count"]) == ("extrémistes", 30)


def test_a_carried_bomb_is_no_bombing(nlp):
    found = events(nlp, "Un kamikaze portant une ceinture d'explosifs a été arrêté jeudi à l'entrée de Kirkouk.")
    assert [(e["event_type"], e["target_text"], e["count"]) for e in found] == [("ARREST", "kamikaze", 1)]


def test_a_past_change_of_control_keeps_its_own_date(nlp):
    found = events(nlp, "La ville était tombée aux mains des jihadistes en 2014, avant sa reconquête par l'armée en juillet 2017.")
    assert [(e["event_type"], e["actor_text"], e["date_start"]) for e in found] == [
        ("CAPTURE", "jihadistes", "2014-01-01"),
        ("CAPTURE", "armée", "2017-07-01"),
    ]


def test_an_undated_sentence_continues_the_story(nlp):
    found = events(nlp, "Mardi, des jihadistes ont attaqué un poste de police à Baqouba. Au moins 70 autres personnes ont été blessées.", pub="2020-08-27")
    assert [(e["event_type"], e["date_start"]) for e in found] == [("ATTACK", "2020-08-25"), ("INJURE", "2020-08-25")]
    assert found[1]["count"] == 70


def test_an_attack_pointing_back_keeps_the_type_and_place_of_the_act(nlp):
    found = events(nlp, "Une voiture piégée a explosé jeudi sur un marché de Bagdad. Cette attaque a été revendiquée par l'EI.")
    assert [e["event_type"] for e in found] == ["BOMBING", "BOMBING"]
    assert found[1]["location_text"] == "Bagdad" and found[1]["actor_text"] == "EI"


def test_aircraft_stand_for_their_force(nlp):
    [event] = events(nlp, "Des avions de la coalition ont attaqué mercredi un village près de Mayadine.")
    assert (event["event_type"], event["actor_text"]) == ("AIRSTRIKE", "avions de la coalition")


def test_plus_without_ne_does_not_negate(nlp):
    found = events(nlp, "Le porte-parole a donné plus de détails, indiquant que les avions avaient mené dimanche une frappe contre un repaire de l'EI.")
    assert [e["event_type"] for e in found] == ["AIRSTRIKE"]


def test_the_opponent_is_the_target_not_the_supporter(nlp):
    found = kinds(events(nlp, "Les forces irakiennes ont mené mardi un raid dans le désert de l'Anbar, avec le soutien de la coalition internationale, à la recherche d'éléments de l'EI."))
    assert found["ATTACK"]["target_text"] == "EI"


def test_a_people_as_subject_is_the_doer(nlp):
    [event] = events(nlp, "Après trois jours de combats, les Kurdes ont repris jeudi le village de Bashiqa.")
    assert (event["event_type"], event["actor_text"]) == ("CAPTURE", "Kurdes")


def test_a_record_of_many_attacks_is_no_event(nlp):
    found = events(nlp, "L'attaque porte la marque de l'EI, qui a mené de nombreux attentats-suicides contre des lieux de culte.")
    assert "BOMBING" not in {e["event_type"] for e in found}


def test_a_bomber_named_as_an_object_is_no_bombing(nlp):
    found = events(nlp, "La police a arrêté samedi cinq hommes soupçonnés d'avoir aidé le kamikaze.")
    assert [e["event_type"] for e in found] == ["ARREST"]


def test_a_slipped_passive_keeps_its_doer_and_victims(nlp):
    [event] = events(nlp, "Les forces de sécurité ont par ailleurs arrêté samedi cinq suspects soupçonnés d'avoir aidé le kamikaze, a annoncé le ministère.")
    assert (event["actor_text"], event["target_text"], event["count"]) == ("forces de sécurité", "suspects", 5)


def test_a_country_before_a_colon_is_a_rubric_not_the_doer(nlp):
    found = kinds(events(nlp, "Irak : un attentat-suicide contre une mosquée fait 23 morts à Kirkouk"))
    assert found["KILL"]["actor_text"] is None and found["KILL"]["count"] == 23


def test_the_announcer_is_no_target(nlp):
    found = kinds(events(nlp, "Une frappe aérienne a visé lundi une cache près d'al-Qaïm, a annoncé mardi le commandement des opérations conjointes."))
    assert found["AIRSTRIKE"]["target_text"] != "commandement des opérations conjointes"
