"""Choose the fuzzy-match threshold of `news_aliases` on data: GeoNames spellings of Iraqi and Syrian places.

Positive pairs: two spellings of one place (its name and Latin alternate names in
`models/places/geonames.tsv`, tier 1, plus the aliases of one entity in
`models/entities/known.tsv`). Negative pairs: spellings of two different places or
entities. Only pairs the resolver would compare are counted: same label, same number
of words, same first letter, variant keys not already equal (those match exactly, without
fuzzy) and at least `MIN_LETTERS` letters. For each threshold the script prints how many
pairs reach it, precision and recall; the chosen threshold is the lowest whose precision on
these pairs is at least `TARGET_PRECISION`, since a wrong merge (`Irak`/`Iran`) costs more
than a missed variant (which still gets an id of its own).

Run: .venv/bin/python scripts/tune_fuzzy.py
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.datafiles import read_tsv  # noqa: E402
from pipeline.resolve.keys import similarity, variant_keys, variant_tokens  # noqa: E402

MIN_LETTERS = 5
TARGET_PRECISION = 0.97
THRESHOLDS = [0.70, 0.75, 0.78, 0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.95]


def groups() -> list[tuple[str, list[str]]]:
    """(label, spellings) per real entity."""
    out = []
    for row in read_tsv(ROOT / "models/places/geonames.tsv"):
        if row["tier"] == "1":
            names = [row["name"], *[n for n in row["alternatenames"].split("|") if n]]
            out.append(("LOC", names))
    for row in read_tsv(ROOT / "models/entities/known.tsv"):
        out.append((row["label"], row["aliases"].split("|")))
    return out


def main() -> int:
    items = []  # (entity index, label, tokens, keys)
    for i, (label, names) in enumerate(groups()):
        seen = set()
        for name in names:
            tokens = variant_tokens(name, label == "LOC")
            if not tokens or tokens in seen or sum(len(t) for t in tokens) < MIN_LETTERS:
                continue
            seen.add(tokens)
            items.append((i, label, tokens, set(variant_keys(name, label == "LOC"))))
    blocks = defaultdict(list)
    for item in items:
        blocks[(item[1], len(item[2]), item[2][0][0])].append(item)
    scores = []  # (score, same entity)
    for block in blocks.values():
        for a, b in itertools.combinations(block, 2):
            if a[3] & b[3]:
                continue
            s = similarity(a[2], b[2])
            if s >= min(THRESHOLDS):
                scores.append((s, a[0] == b[0]))
    positives = sum(1 for a, b in itertools.combinations(items, 2) if a[0] == b[0] and a[1] == b[1] and len(a[2]) == len(b[2]) and a[2][0][0] == b[2][0][0] and not a[3] & b[3])
    print(f"{len(items)} spellings, {positives} positive pairs compared, {len(scores)} pairs at >= {min(THRESHOLDS)}")
    print("threshold  matched  wrong  precision  recall")
    chosen = None
    for t in THRESHOLDS:
        hit = [same for s, same in scores if s >= t]
        tp = sum(hit)
        precision = tp / len(hit) if hit else 1.0
        recall = tp / positives if positives else 0.0
        print(f"{t:9.2f}  {len(hit):7d}  {len(hit) - tp:5d}  {precision:9.3f}  {recall:6.3f}")
        if chosen is None and precision >= TARGET_PRECISION:
            chosen = t
    print(f"chosen threshold (lowest with precision >= {TARGET_PRECISION}): {chosen}")
    wrong = sorted({(s, ) for s, same in scores if not same and chosen and s >= chosen})
    return 0


if __name__ == "__main__":
    sys.exit(main())
