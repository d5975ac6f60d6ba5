"""Alias resolution (SPEC section 3, "Canonical entities"): one id per real entity, never one for two.

Each resolution rule is tested on French sentences, through `news_aliases` with the mentions
given (so a change of the name layer does not move these tests) and, for the cases of issue 5,
through the whole pipeline. Then the pairs of names that must stay apart, the pure helpers
(`pipeline.resolve.keys`, `pipeline.resolve.linking`), purity (an id does not depend on the
order documents come in) and the to_disk/from_disk round trip.
"""

import re

import pytest

from pipeline.components.aliases import AliasResolver, unknown_id
from pipeline.datafiles import read_tsv
from pipeline.paths import MODELS_DIR
from pipeline.resolve.keys import consonants, is_acronym, name_key, similarity, variant_keys, variant_tokens
from pipeline.resolve.linking import Mention, acronym_definitions, short_form_links

NAME_LABELS = ("ORG", "LOC", "PER", "MISC")


def aliased(nlp, text: str, spans: list[tuple[str, str]]):
    """The Doc after the pipeline's `news_aliases` alone, with the given mentions as its names.

    `spans` are (surface, label) in text order; each is looked for after the previous one.
    """
    doc = nlp.make_doc(text)
    ents, at = [], 0
    for surface, label in spans:
        start = text.index(surface, at)
        ents.append(doc.char_span(start, start + len(surface), label=label))
        at = start + len(surface)
    assert all(e is not None for e in ents), f"a span does not fit the tokens of {text!r}"
    doc.ents = ents
    return nlp.get_pipe("news_aliases")(doc)


def resolve(nlp, text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(text, entity id) of each given mention, resolved by `news_aliases` alone."""
    return [(e.text, e._.news_entity_id) for e in aliased(nlp, text, spans).ents]


def ids(pairs) -> list[str]:
    return [entity_id for _, entity_id in pairs]


# -- 1. the alias table --------------------------------------------------------------------

TABLE = [
    (
        "L'EIIS, aussi appelé Daech, l'EI ou l'État islamique en Irak et en Syrie (ISIS en anglais), a revendiqué l'attaque de l'État islamique.",
        [("EIIS", "ORG"), ("Daech", "ORG"), ("EI", "ORG"), ("État islamique en Irak et en Syrie", "ORG"), ("ISIS", "ORG"), ("État islamique", "ORG")],
        "org:isis",
    ),
    ("Des frappes près de Kirkouk et au nord de Krikouk, dans la province de KIRKOUK.", [("Kirkouk", "LOC"), ("Krikouk", "LOC"), ("KIRKOUK", "LOC")], "loc:kirkuk"),
    ("Le Hachd al-Chaabi, ou Forces de mobilisation populaire, parfois Hashd al-Shaabi.", [("Hachd al-Chaabi", "ORG"), ("Forces de mobilisation populaire", "ORG"), ("Hashd al-Shaabi", "ORG")], "org:pmf"),
    ("Les Services antiterroristes et le service antiterroriste irakien ont attaqué.", [("Services antiterroristes", "ORG"), ("service antiterroriste irakien", "ORG")], "org:cts"),
]


@pytest.mark.parametrize("text,spans,expected", TABLE, ids=["EIIS Daech EI ISIS", "Kirkouk Krikouk", "Hachd", "CTS by name"])
def test_table_aliases_share_one_id(nlp, text, spans, expected):
    assert set(ids(resolve(nlp, text, spans))) == {expected}


def test_extra_alias_is_resolved_but_not_tagged(nlp):
    """`coalition` alone (models/entities/extra_aliases.tsv) means the international coalition once tagged."""
    text = "Les FDS, soutenues par la coalition dirigée par les États-Unis, ont repris Baghouz."
    assert dict(resolve(nlp, text, [("coalition", "ORG")]))["coalition"] == "org:coalition"
    assert "coalition" not in [e.text for e in nlp("Le chef de la coalition a démissionné.").ents]


# -- 2. transliteration variants -----------------------------------------------------------

VARIANTS = [
    ("Qarah Jogh", "Qara Jogh", "LOC"),
    ("al-Qaïm", "Al Qaim", "LOC"),
    ("Deir Ezzor", "Deir ez-Zor", "LOC"),
    ("Hassaké", "Hasakah", "LOC"),
    ("Chaddadé", "Ash Shaddadah", "LOC"),
    ("Raqqa", "Ar-Raqqah", "LOC"),
    ("Baïji", "Bayji", "LOC"),
    ("Falloujah", "Al-Fallujah", "LOC"),
    ("Tal Afar", "Tall 'Afar", "LOC"),
    ("al-Zanjili", "Zanjili", "LOC"),
    ("Wadi al-Shay", "Wadi Shay", "LOC"),
    ("Sabah al-Numan", "Sabah al-Nouman", "PER"),
    ("Hachd al-Chaabi", "Hashd al-Shaabi", "ORG"),
]


@pytest.mark.parametrize("a,b,label", VARIANTS, ids=[f"{a} / {b}" for a, b, _ in VARIANTS])
def test_spelling_variants_across_documents_meet(nlp, a, b, label):
    """Two documents, one spelling each: the same id (a pure function of the name, no shared state)."""
    first = resolve(nlp, f"Des combats ont eu lieu près de {a} mardi.", [(a, label)])
    second = resolve(nlp, f"Selon une source locale, {b} a été visé.", [(b, label)])
    assert ids(first) == ids(second)


FUZZY = [("Tikirt", "loc:tikrit"), ("Kirkuok", "loc:kirkuk"), ("Mossuol", "loc:mosul")]


@pytest.mark.parametrize("typo,expected", FUZZY, ids=[t for t, _ in FUZZY])
def test_misspelt_place_meets_the_table_by_fuzzy_match(nlp, typo, expected):
    text = f"Une attaque a visé un poste à {typo}, dans le nord de l'Irak, près de Kirkouk, de Tikrit et de Mossoul."
    assert dict(resolve(nlp, text, [(typo, "LOC"), ("Irak", "LOC"), ("Kirkouk", "LOC"), ("Tikrit", "LOC"), ("Mossoul", "LOC")]))[typo] == expected


def test_fuzzy_match_stays_within_the_document_s_governorates(nlp):
    """`al-Karabla` (Anbar) is one swap from `Kerbala`: in a story about al-Qaïm it is its own town."""
    text = "Les forces irakiennes ont lancé l'assaut sur al-Karabla et al-Qaïm, dans l'Anbar."
    found = dict(resolve(nlp, text, [("al-Karabla", "LOC"), ("al-Qaïm", "LOC"), ("Anbar", "LOC")]))
    assert found["al-Karabla"] != "loc:karbala"


def test_unknown_names_get_an_id_of_their_own_from_a_normalised_form():
    assert unknown_id("LOC", "al-Zanjili") == unknown_id("LOC", "Zanjili") == "loc:zanjili"
    assert unknown_id("PER", "Omar Haddad") == unknown_id("PER", "Omar Hadad")
    assert unknown_id("ORG", "Conseil militaire de Deir Ezzor") != unknown_id("ORG", "Conseil militaire de Manbij")


# -- 3. acronyms the text defines ------------------------------------------------------------

ACRONYMS = [
    ("Le Conseil militaire de Deir Ezzor (CMDE) a annoncé l'opération. Le CMDE a ensuite arrêté deux hommes.", "Conseil militaire de Deir Ezzor", "CMDE", 2),
    ("Le CMDE (Conseil militaire de Deir Ezzor) a annoncé l'opération. Plus tard, le CMDE a arrêté deux hommes.", "Conseil militaire de Deir Ezzor", "CMDE", 2),
    ("Les Forces de défense d'Anbar « (FDA) » ont repoussé l'attaque, selon les FDA.", "Forces de défense d'Anbar", "FDA", 2),
]


@pytest.mark.parametrize("text,full,short,n_short", ACRONYMS, ids=["X (ABC)", "ABC (X)", "quotes around the bracket"])
def test_acronym_defined_in_the_text_takes_the_id_of_its_expansion(nlp, text, full, short, n_short):
    spans, at = [], 0
    for m in re.finditer(rf"{re.escape(full)}|\b{short}\b", text):
        spans.append((m.group(0), "ORG"))
    found = resolve(nlp, text, spans)
    assert len({entity_id for _, entity_id in found}) == 1
    assert sum(1 for t, _ in found if t == short) == n_short


def test_acronym_known_to_the_table_names_an_unknown_expansion(nlp):
    """`service de lutte contre le terrorisme (CTS)`: the expansion is not in the table, `CTS` is."""
    text = "Le service de lutte contre le terrorisme (CTS) a arrêté 35 éléments de l'EIIS."
    found = dict(resolve(nlp, text, [("service de lutte contre le terrorisme", "ORG"), ("CTS", "ORG"), ("EIIS", "ORG")]))
    assert found["service de lutte contre le terrorisme"] == found["CTS"] == "org:cts"


def test_a_place_in_brackets_defines_no_acronym(nlp):
    """`BAGDAD (AFP)`, `Hassaké (Syrie)`: a dateline or a country, not an expansion."""
    text = "BAGDAD (AFP) -- Les combats ont repris près de Hassaké (Syrie)."
    found = dict(resolve(nlp, text, [("BAGDAD", "LOC"), ("AFP", "ORG"), ("Hassaké", "LOC"), ("Syrie", "LOC")]))
    assert found == {"BAGDAD": "loc:baghdad", "AFP": "org:afp", "Hassaké": "loc:hasakah", "Syrie": "loc:syria"}


# -- 4. short forms within the document -------------------------------------------------------

SHORT_FORMS = [
    ("Le porte-parole du CTS, Sabah al-Numan, a parlé. Selon al-Numan, les attaques reculent.", ("Sabah al-Numan", "PER"), ("al-Numan", "PER")),
    ("Le capitaine Karwan Aziz a appelé à l'aide. Aziz a demandé des frappes.", ("Karwan Aziz", "PER"), ("Aziz", "PER")),
    ("Le général Ali Hussein al-Tamimi a parlé. Selon al-Tamimi, deux suspects ont été arrêtés.", ("Ali Hussein al-Tamimi", "PER"), ("al-Tamimi", "LOC")),
    ("L'Observatoire syrien des droits de l'homme a compté les morts, selon l'Observatoire.", ("Observatoire syrien des droits de l'homme", "ORG"), ("Observatoire", "ORG")),
]


@pytest.mark.parametrize("text,full,short", SHORT_FORMS, ids=["al-X after X al-Y", "surname after full name", "short form tagged as a place", "first word of an organisation"])
def test_short_form_takes_the_id_of_the_full_name(nlp, text, full, short):
    found = resolve(nlp, text, [full, short])
    assert found[0][1] == found[1][1]


def test_short_form_goes_to_the_nearest_full_name_before_it(nlp):
    text = "Abou Bakr al-Baghdadi a succédé à Abou Omar al-Baghdadi. Plus tard, al-Baghdadi a proclamé le califat."
    found = resolve(nlp, text, [("Abou Bakr al-Baghdadi", "PER"), ("Abou Omar al-Baghdadi", "PER"), ("al-Baghdadi", "PER")])
    assert ids(found) == ["per:abu-bakr-al-baghdadi", "per:abu-omar-al-baghdadi", "per:abu-omar-al-baghdadi"]


# -- 5. the cases of issue 5 through the whole pipeline --------------------------------------

SEED_SENTENCES = (
    "Le service antiterroriste irakien (CTS) a réussi à contrecarrer de nombreuses attaques des éléments restants de "
    "« l'État islamique en Irak et en Syrie » (EIIS), a déclaré le porte-parole du CTS, Sabah al-Numan. "
    "Selon al-Numan, plusieurs maisons ont été détruites dans le nord de Krikouk et la chaîne de montagnes Qarah Jogh. "
    "Dix militants ont été tués dans les montagnes de Qara Jogh, au sud de Kirkouk, et Daech a reculé."
)


def test_issue_5_cases_in_one_article(nlp):
    doc = nlp(SEED_SENTENCES)
    by_text = {}
    for e in doc.ents:
        if e.label_ in NAME_LABELS:
            by_text.setdefault(e.text, set()).add(e._.news_entity_id)
    assert by_text["CTS"] == by_text["service antiterroriste irakien"] == {"org:cts"}
    assert by_text["EIIS"] == by_text["Daech"] == by_text["État islamique en Irak et en Syrie"] == {"org:isis"}
    assert by_text["Krikouk"] == by_text["Kirkouk"] == {"loc:kirkuk"}
    assert by_text["Qarah Jogh"] == by_text["Qara Jogh"] == {"loc:qara-jogh"}
    assert by_text["al-Numan"] == by_text["Sabah al-Numan"]
    assert all(e._.news_entity_id for e in doc.ents if e.label_ in NAME_LABELS)


# -- 6. names that must stay apart -----------------------------------------------------------

APART = [
    ("Les frontières de l'Irak et de l'Iran restent fermées.", ("Irak", "LOC"), ("Iran", "LOC")),
    ("Le chef Moussa a été tué à Mossoul.", ("Moussa", "PER"), ("Mossoul", "LOC")),
    ("Des combats à Mossoul puis à Moussa, un hameau voisin.", ("Mossoul", "LOC"), ("Moussa", "LOC")),
    ("Les FDS ont quitté Deir Ezzor pour Deir Hafer.", ("Deir Ezzor", "LOC"), ("Deir Hafer", "LOC")),
    ("Des renforts ont quitté Hama pour Homs.", ("Hama", "LOC"), ("Homs", "LOC")),
    ("Des convois relient Samarra et Samawah.", ("Samarra", "LOC"), ("Samawah", "LOC")),
    ("La route de Tal Afar à Tal Abyad est coupée.", ("Tal Afar", "LOC"), ("Tal Abyad", "LOC")),
    ("L'EI a fui Albou Kamal pour le village d'Abou Karma.", ("Albou Kamal", "LOC"), ("Abou Karma", "LOC")),
    ("Le mont Sinjar domine la ville de Sinjar.", ("Sinjar", "LOC"), ("Sinjar", "LOC")),
    ("Les vergers de la rivière Diyala, dans la province de Diyala.", ("Diyala", "LOC"), ("Diyala", "LOC")),
    ("Abou Bakr al-Baghdadi a été vu à Bagdad.", ("Abou Bakr al-Baghdadi", "PER"), ("Bagdad", "LOC")),
    ("Le poste-frontière de Husaybah, aux abords d'al-Qaïm, a été repris.", ("Husaybah", "LOC"), ("al-Qaïm", "LOC")),
    ("Le ministère de la Défense et le ministère de la Santé ont publié des bilans.", ("ministère de la Défense", "ORG"), ("ministère de la Santé", "ORG")),
    ("La 7e division de l'armée irakienne a relevé la 15e division de l'armée irakienne.", ("7e division de l'armée irakienne", "ORG"), ("15e division de l'armée irakienne", "ORG")),
    ("Le commandement des opérations de Ninive et le commandement des opérations d'Anbar coopèrent.", ("commandement des opérations de Ninive", "ORG"), ("commandement des opérations d'Anbar", "ORG")),
    ("L'armée irakienne et l'armée de l'air irakienne ont frappé.", ("armée irakienne", "ORG"), ("armée de l'air irakienne", "ORG")),
    ("Bachar al-Assad a succédé à Hafez al-Assad.", ("Bachar al-Assad", "PER"), ("Hafez al-Assad", "PER")),
    ("Al-Qaïda a perdu du terrain près d'al-Qaïm.", ("Al-Qaïda", "ORG"), ("al-Qaïm", "LOC")),
    ("La police fédérale a remplacé la police irakienne.", ("police fédérale", "ORG"), ("police irakienne", "ORG")),
    ("Karim al-Lami et Karima al-Lami ont témoigné.", ("Karim al-Lami", "PER"), ("Karima al-Lami", "PER")),
]


@pytest.mark.parametrize("text,a,b", APART, ids=[f"{a[0]} / {b[0]} ({b[1]})" for _, a, b in APART])
def test_different_entities_get_different_ids(nlp, text, a, b):
    found = resolve(nlp, text, [a, b])
    assert found[0][1] != found[1][1], found


def test_deir_places_stay_apart_across_documents(nlp):
    first = resolve(nlp, "Les combats ont repris à Deir Ezzor.", [("Deir Ezzor", "LOC")])
    second = resolve(nlp, "Les combats ont repris à Deir Hafer, à l'est d'Alep.", [("Deir Hafer", "LOC"), ("Alep", "LOC")])
    assert first[0][1] != second[0][1]


# -- 7. purity: ids do not depend on document order ------------------------------------------

DOCS = [
    "Selon al-Numan, le CTS a arrêté 35 éléments de l'EIIS près de Krikouk.",
    "Le service antiterroriste irakien (CTS) a détruit neuf grottes à Qara Jogh.",
    "Les FDS ont capturé un responsable de Daech à al-Busayrah, selon Rojhat Khalil. Selon Khalil, l'opération continue.",
    "Les Forces de mobilisation populaire (FMP) ont lancé une offensive. Deux combattants des FMP ont été blessés.",
]


def test_ids_do_not_depend_on_document_order(nlp):
    def run(texts):
        return {t: [(e.text, e._.news_entity_id) for e in d.ents if e.label_ in NAME_LABELS] for t, d in zip(texts, nlp.pipe(texts))}

    assert run(DOCS) == run(list(reversed(DOCS)))


def test_to_disk_from_disk_round_trip(nlp, tmp_path):
    pipe = nlp.get_pipe("news_aliases")
    pipe.to_disk(tmp_path / "aliases")
    copy = AliasResolver(nlp, "news_aliases").from_disk(tmp_path / "aliases")
    text = "Le CTS (service antiterroriste irakien) a frappé Qarah Jogh et Hajin. Selon l'OSDH, Daech a reculé."
    doc = nlp(text)
    mentions = [(e.text, e._.news_entity_id) for e in doc.ents if e.label_ in NAME_LABELS]
    doc2 = copy(doc)
    assert [(e.text, e._.news_entity_id) for e in doc2.ents if e.label_ in NAME_LABELS] == mentions
    assert doc2._.news_entities == doc._.news_entities


# -- 8. pure helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "a,b",
    [("Kirkouk", "Kirkuk"), ("Qarah Jogh", "Qara Jogh"), ("al-Qaïm", "Al Qa'im"), ("Deir Ezzor", "Deir ez-Zor"), ("Mossoul", "Mosul"), ("Hassaké", "Hassakeh"), ("Daech", "Daesh"), ("Baïji", "Beiji")],
)
def test_variant_keys_meet(a, b):
    assert set(variant_keys(a, True)) & set(variant_keys(b, True))


@pytest.mark.parametrize(
    "a,b,place",
    [("Irak", "Iran", True), ("Mossoul", "Moussa", True), ("Deir Ezzor", "Deir Hafer", True), ("Bagdad", "al-Baghdadi", True), ("Hama", "Homs", True), ("Karim", "Karima", False), ("al-Qaïm", "al-Qasim", True)],
)
def test_variant_keys_keep_apart(a, b, place):
    assert not set(variant_keys(a, place)) & set(variant_keys(b, place))


def test_similarity_is_word_by_word():
    assert similarity(variant_tokens("Krikouk", True), variant_tokens("Kirkouk", True)) >= 0.8
    assert consonants(variant_tokens("Tikret", True)) == consonants(variant_tokens("Tikrit", True))
    assert similarity(variant_tokens("Abou Kamal", True), variant_tokens("Abou Karma", True)) < 0.75
    assert similarity(variant_tokens("7e division", False), variant_tokens("15e division", False)) == 0
    ninive, anbar = "commandement des opérations de Ninive", "commandement des opérations d'Anbar"
    assert similarity(variant_tokens(ninive), variant_tokens(anbar)) < 0.5


def test_keys_and_acronyms():
    assert name_key("État islamique") == "etat islamique"
    assert is_acronym("CTS") and is_acronym("EIIL") and not is_acronym("Daech") and not is_acronym("DEIR EZZOR")


def test_acronym_definitions_and_short_forms_on_plain_mentions():
    text = "Le Conseil militaire de Manbij (CMM) et Rojhat Khalil. Selon Khalil, le CMM avance."
    spans = [("ORG", "Conseil militaire de Manbij"), ("ORG", "CMM"), ("PER", "Rojhat Khalil"), ("PER", "Khalil"), ("ORG", "CMM")]
    mentions, at = [], 0
    for i, (label, surface) in enumerate(spans):
        start = text.index(surface, at)
        mentions.append(Mention(i, start, start + len(surface), label, surface))
        at = start + len(surface)
    assert acronym_definitions(mentions, text) == [(1, 0)]
    assert short_form_links(mentions) == {3: 2}


# -- 9. the table itself -------------------------------------------------------------------------

def test_table_rows_are_well_formed():
    rows = read_tsv(MODELS_DIR / "entities/known.tsv")
    ids = [r["entity_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"(org|loc|per):[a-z0-9-]+", i) for i in ids)
    assert all(r["label"] in ("ORG", "LOC", "PER") and r["canonical_name"] and r["aliases"] for r in rows)
    extra = read_tsv(MODELS_DIR / "entities/extra_aliases.tsv")
    places = {r["entity_id"] for r in read_tsv(MODELS_DIR / "places/gazetteer.tsv")}
    assert {r["entity_id"] for r in extra} <= set(ids) | places


def test_an_alias_names_one_entity_of_its_label():
    """Within a label, two table entities never share a name (only the gazetteer's features may,
    and the cue word then decides: `Sinjar` the mountain)."""
    owner = {}
    for row in read_tsv(MODELS_DIR / "entities/known.tsv"):
        for alias in row["aliases"].split("|"):
            key = (row["label"], alias if is_acronym(alias) else name_key(alias))
            assert owner.setdefault(key, row["entity_id"]) == row["entity_id"], f"{alias!r}: {owner[key]} and {row['entity_id']}"


@pytest.mark.slow
def test_fuzzy_thresholds_are_those_the_tuning_script_chooses(nlp):
    """The thresholds are chosen on data by scripts/tune_fuzzy.py: the defaults must follow it."""
    import subprocess
    import sys

    from .conftest import ROOT

    run = subprocess.run([sys.executable, str(ROOT / "scripts/tune_fuzzy.py")], capture_output=True, text=True, check=True)
    chosen = re.search(r"same consonants ([\d.]+), other ([\d.]+)", run.stdout)
    pipe = nlp.get_pipe("news_aliases")
    assert (float(chosen.group(1)), float(chosen.group(2))) == (pipe.fuzzy_same_consonants, pipe.fuzzy_other)
