"""`make bench`'s cost per component: what it times and how it sums (no timing is asserted)."""

from pipeline.bench_components import component_costs, markdown

TEXTS = [
    "Le 3 mars 2021, trois roquettes sont tombées sur une base militaire de la province d'Anbar, selon l'armée irakienne.",
    "Les forces de sécurité ont arrêté douze suspects mardi à Mossoul, a annoncé le ministère de l'Intérieur.",
]


def test_every_component_is_timed_in_pipeline_order(nlp):
    costs = component_costs(nlp, TEXTS, "2021-03-04", rounds=1)
    assert list(costs) == nlp.pipe_names
    assert all(ms > 0 for ms in costs.values())


def test_the_table_sums_the_model_and_our_components_apart():
    costs = {"tok2vec": 10.0, "ner": 5.5, "news_names": 1.25, "news_events": 2.0}
    table = markdown(costs, 2)
    assert "| **fr_core_news_md's components** | 15.50 |" in table
    assert "| **ours (`news_*`)** | 3.25 |" in table
    assert "| news_names | 1.25 |" in table
