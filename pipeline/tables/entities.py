"""The `entities` table, aggregated at the end of a run from the mention and facts parts.

An entity's facts (canonical name, coordinates) come from the alias
component's `Doc._.news_entities`, written as `facts` parts; what was seen
(aliases, counts) from the mention rows. Canonical name of an entity the
alias table does not know: its most frequent surface form (ties: the first in
sorted order), so the table does not depend on document order or on how the
run was split.
"""

from __future__ import annotations

import pandas as pd

FACT_FIELDS = ("label", "canonical_name", "latitude", "longitude", "country_code", "admin1", "wikidata_id", "geo_status")


def fact_rows(entities: dict[str, dict]) -> list[dict]:
    """`Doc._.news_entities` as rows of the facts parts."""
    return [{"entity_id": entity_id, **{f: info.get(f) for f in FACT_FIELDS}} for entity_id, info in sorted(entities.items())]


def entity_rows(mentions: pd.DataFrame, facts: pd.DataFrame) -> list[dict]:
    """One row per entity id seen in `mentions` (columns doc_id, text, label, entity_id)."""
    named = mentions[mentions.entity_id.notna()]
    known = facts.drop_duplicates("entity_id").set_index("entity_id") if len(facts) else pd.DataFrame()
    rows = []
    for entity_id, group in named.groupby("entity_id", sort=True):
        forms = group.text.value_counts()
        frequent = min(forms.index, key=lambda form: (-forms[form], form))
        fact = known.loc[entity_id] if entity_id in known.index else None

        def get(field, fact=fact):
            value = fact[field] if fact is not None else None
            return None if value is None or (isinstance(value, float) and pd.isna(value)) else value

        rows.append(
            {
                "entity_id": entity_id,
                "label": get("label") or group.label.iloc[0],
                "canonical_name": get("canonical_name") or frequent,
                "aliases": sorted(forms.index),
                "n_mentions": int(forms.sum()),
                "n_docs": int(group.doc_id.nunique()),
                **{f: get(f) for f in ("latitude", "longitude", "country_code", "admin1", "wikidata_id", "geo_status")},
            }
        )
    return rows
