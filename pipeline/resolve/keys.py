"""Entity keys: the normalised form under which surface names are compared.

An entity id must be a pure function of the mention, its document and the alias
table (never of document order), so ids agree across workers and resumed runs.
"""

from __future__ import annotations

import re
import unicodedata


def name_key(text: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive key: `État islamique` -> `etat islamique`."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[-‐–_.]", " ", text).split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "x"


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and " " not in text.strip()
