"""The `entities` table, aggregated over the run from mention rows.

An entity's facts (canonical name, coordinates) come from the alias
component's `Doc._.news_entities`; what was seen (aliases, counts) from the
mention rows. Canonical name of an unknown entity: its most frequent surface
form (ties: the first in sorted order), so the table does not depend on
document order.
"""

from __future__ import annotations

from collections import Counter


class EntityAggregate:
    def __init__(self):
        self.facts: dict[str, dict] = {}
        self.forms: dict[str, Counter] = {}
        self.docs: dict[str, set[str]] = {}

    def add(self, doc_id: str, mentions: list[dict], facts: dict[str, dict]) -> None:
        for row in mentions:
            entity_id = row["entity_id"]
            if entity_id is None:
                continue
            self.facts.setdefault(entity_id, facts.get(entity_id) or {"label": row["label"]})
            self.forms.setdefault(entity_id, Counter())[row["text"]] += 1
            self.docs.setdefault(entity_id, set()).add(doc_id)

    def rows(self) -> list[dict]:
        rows = []
        for entity_id in sorted(self.facts):
            facts, forms = self.facts[entity_id], self.forms[entity_id]
            frequent = min(forms, key=lambda form: (-forms[form], form))
            rows.append(
                {
                    "entity_id": entity_id,
                    "label": facts.get("label"),
                    "canonical_name": facts.get("canonical_name") or frequent,
                    "aliases": sorted(forms),
                    "n_mentions": sum(forms.values()),
                    "n_docs": len(self.docs[entity_id]),
                    "latitude": facts.get("latitude"),
                    "longitude": facts.get("longitude"),
                    "country_code": facts.get("country_code"),
                    "admin1": facts.get("admin1"),
                    "wikidata_id": facts.get("wikidata_id"),
                }
            )
        return rows
