"""PatternSet: one scan for many patterns, the same matches as each pattern's own finditer."""

import re

import pytest

from pipeline.datafiles import read_tsv
from pipeline.paths import MODELS_DIR
from pipeline.resolve.scan import PatternSet

TEXTS = [
    "Hier, l'armée a repris le village ; avant-hier, la coalition avait frappé. Le lendemain de l'attaque, rien.",
    "La 15e division et le commandement des opérations de Ninive ont mené l'assaut avec le ministère de la Défense.",
    "Ces derniers jours, cette semaine et le mois dernier : aujourd'hui comme hier, la veille au soir.",
    "",
]


def each_alone(patterns, text):
    return [(i, m.span()) for i, p in enumerate(patterns) for m in p.finditer(text)]


@pytest.mark.parametrize("table", ["dates/relative.tsv", "names/patterns.tsv"])
def test_same_matches_as_each_pattern_alone(table):
    patterns = [re.compile(r["pattern"]) for r in read_tsv(MODELS_DIR / table)]
    found = [[(i, m.span()) for i, m in PatternSet(patterns).finditer(text)] for text in TEXTS]
    assert found == [each_alone(patterns, text) for text in TEXTS]
    assert sum(map(len, found)) >= 2


def test_overlapping_matches_of_one_pattern_are_left_as_finditer_leaves_them():
    patterns = [re.compile(r"la semaine(?: dernière)?"), re.compile(r"semaine dernière")]
    text = "la semaine dernière, puis la semaine"
    assert [(i, m.group()) for i, m in PatternSet(patterns).finditer(text)] == [(0, "la semaine dernière"), (0, "la semaine"), (1, "semaine dernière")]


def test_patterns_with_other_flags_are_refused():
    with pytest.raises(ValueError, match="share their flags"):
        PatternSet([re.compile("hier"), re.compile("demain", re.IGNORECASE)])
