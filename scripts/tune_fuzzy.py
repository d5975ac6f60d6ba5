"""Choose the two fuzzy-match thresholds of `news_aliases` on data: GeoNames spellings of Iraqi and Syrian places.

The resolver compares an unknown name with the curated names of the alias table (the aliases
of `models/entities/known.tsv`) only after every exact look-up failed, within one label, one
number of words and one first letter (`pipeline.resolve.keys.similarity`). Two thresholds:
one for names whose consonants agree (`keys.consonants`: `Tikret`/`Tikrit`), one for the
rest (`Krikouk`-like swaps pass the first; `Samawah`/`Samarra` must pass the second).

Simulation: the queries are all spellings of all tier-1 places of `models/places/geonames.tsv`
(name and Latin alternate names: real transliteration variants) and of the known entities;
groups sharing an exact variant key are one entity (union-find), since exact look-up merges
them anyway. A query takes the curated name with the best score if it reaches the threshold
that applies; it is right when both belong to one entity. Recall is over queries whose entity
has a curated name. The script prints precision and recall for each pair of thresholds and
picks the pair of highest recall whose precision is at least `TARGET_PRECISION` (a wrong merge,
`Irak`/`Iran`, costs more than a missed variant, which still gets an id of its own).

Run: .venv/bin/python scripts/tune_fuzzy.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.datafiles import read_tsv  # noqa: E402
from pipeline.resolve.keys import consonants, similarity, variant_keys, variant_tokens  # noqa: E402

MIN_LETTERS = 5
TARGET_PRECISION = 0.97
THRESHOLDS = [0.70, 0.75, 0.80, 0.83, 0.85, 0.88, 0.90, 0.95]


def groups() -> list[tuple[str, list[str], bool]]:
    """(label, spellings, curated) per entity: GeoNames tier-1 places, then known entities."""
    out = []
    for row in read_tsv(ROOT / "models/places/geonames.tsv"):
        if row["tier"] == "1":
            out.append(("LOC", [row["name"], *[n for n in row["alternatenames"].split("|") if n]], False))
    for row in read_tsv(ROOT / "models/entities/known.tsv"):
        out.append((row["label"], row["aliases"].split("|"), True))
    return out


def merged_groups() -> list[tuple[str, list[tuple[str, bool]]]]:
    """Groups sharing an exact variant key merged; each spelling keeps its `curated` flag."""
    found = groups()
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for i, (label, names, _) in enumerate(found):
        for name in names:
            for key in variant_keys(name, label == "LOC"):
                parent[root(i)] = root(owner.setdefault((label, key), i))
    merged: dict[int, tuple[str, list]] = {}
    for i, (label, names, curated) in enumerate(found):
        merged.setdefault(root(i), (label, []))[1].extend((n, curated) for n in names)
    return list(merged.values())


def scored_queries() -> tuple[list[list[tuple[float, bool, bool]]], int]:
    """Per query, its (score, consonants agree, right) against each curated name; and the recall base."""
    table = defaultdict(list)
    queries = []
    for g, (label, names) in enumerate(merged_groups()):
        seen = set()
        for name, curated in names:
            tokens = variant_tokens(name, label == "LOC")
            if not tokens or sum(len(t) for t in tokens) < MIN_LETTERS:
                continue
            keys = set(variant_keys(name, label == "LOC"))
            if curated:
                table[(label, len(tokens), tokens[0][0])].append((g, tokens, keys))
            if tokens not in seen:
                seen.add(tokens)
                queries.append((g, label, tokens, keys))
    with_table = {g for block in table.values() for g, _, _ in block}
    candidates = []
    for g, label, tokens, keys in queries:
        scored = [
            (similarity(tokens, t), consonants(tokens) == consonants(t), h == g)
            for h, t, k in table.get((label, len(tokens), tokens[0][0]), [])
            if not k & keys
        ]
        scored = [s for s in scored if s[0] >= min(THRESHOLDS)]
        if scored:
            candidates.append(scored)
    return candidates, sum(1 for q in queries if q[0] in with_table)


def main() -> int:
    candidates, base = scored_queries()
    print(f"recall base: {base} query spellings whose entity has a curated name")
    print("same-consonants  other  matched  wrong  precision  recall")
    chosen = None
    for t_same in THRESHOLDS:
        for t_other in [t for t in THRESHOLDS if t >= t_same]:
            hit = []
            for scored in candidates:
                passing = [s for s in scored if s[0] >= (t_same if s[1] else t_other)]
                if passing:
                    hit.append(max(passing)[2])
            tp = sum(hit)
            precision, recall = (tp / len(hit) if hit else 1.0), tp / base
            print(f"{t_same:15.2f}  {t_other:5.2f}  {len(hit):7d}  {len(hit) - tp:5d}  {precision:9.3f}  {recall:6.3f}")
            if precision >= TARGET_PRECISION and (chosen is None or recall > chosen[2]):
                chosen = (t_same, t_other, recall, precision)
    print(f"chosen (highest recall with precision >= {TARGET_PRECISION}): same consonants {chosen[0]}, other {chosen[1]} (precision {chosen[3]:.3f}, recall {chosen[2]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
