"""Entity keys: the normalised forms under which surface names are compared.

An entity id must be a pure function of the mention, its document and the alias
table (never of document order), so ids agree across workers and resumed runs.
Everything here is a pure function of a string.

Three levels, from strict to loose:

- `name_key`: case, accents, apostrophes, hyphens and dots ignored
  (`État islamique` -> `etat islamique`). Used for exact table look-ups.
- `variant_keys`: transliteration-insensitive keys, so the French, English and
  transliterated spellings of one Arabic or Kurdish name meet: the article
  (`al-`, `Al `, `el-`, `ez-`, `ash `...), doubled letters (`Mossoul`/`Mosul`),
  French digraphs (`ou`, `ch`, `dj`), `q`/`k`, `w`/`u`, `y`/`i`, `ei`/`ai`, a
  final `h` (`Qarah`/`Qara`) and, for places, a final `a`, `e` or `o`
  (`Hassaké`/`Hasakah`; not `i`: the town of `al-Baghdadi` is not `Baghdad`).
  A name has up to two keys (article dropped everywhere, or only in front), both
  spaceless, so `Deir Ezzor`/`Deir ez-Zor` and `Tal al-Dhahab`/`Tal Dhahab` meet.
- `variant_tokens` + `similarity`: the fuzzy level, token by token (see there).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

# Hyphenated Arabic article (`al-Qaïm`, `ez-Zor`, `ash-Sharqat`), removed wherever it stands.
_HYPHEN_ARTICLE = re.compile(r"\b(?:al|el|il|ul|a[dnrstz]|e[dnrstz]|ash|esh|ech|adh|ath|edh)[-‐‑]", re.IGNORECASE)
# Apostrophes and the ayn/hamza marks of transliterations.
_APOSTROPHES = "'’‘`ʿʾʼ´"
_APOSTROPHE = re.compile(rf"(?<=\w\w)[{_APOSTROPHES}](?=\w)")
# French function words that carry no identity (`ministère de l'Intérieur`).
_FRENCH_GLUE = frozenset({"l", "d", "de", "du", "des", "la", "le", "les"})
# A standalone article: `Al Qaim`; a sun-letter one only before its own letter (`an Najaf`,
# `as Sukhnah`), so the French `en`, `et`, `an` of ordinary words are left alone.
_ARTICLES = frozenset({"al", "el"})
_SUN_ARTICLES = {"ad": "d", "adh": "dh", "an": "n", "ar": "r", "as": "s", "ash": "sh", "at": "t", "ath": "th", "az": "z", "ed": "d", "en": "n", "er": "r", "es": "s", "ech": "ch", "ez": "z"}
# Spelling rules applied in this order to each word (already lower case, accent-free).
_SPELLING = [
    (re.compile(r"sch"), "sh"),
    (re.compile(r"ch"), "sh"),
    (re.compile(r"dj|dzh|dz"), "j"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"qu(?=[ei])|ck|q|c(?=[aou])"), "k"),
    (re.compile(r"ou|oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"w"), "u"),
    (re.compile(r"y"), "i"),
    (re.compile(r"ei"), "ai"),
    (re.compile(r"(.)\1+"), r"\1"),
]


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents, straight apostrophes: `Qaïm` -> `qaim`."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return _COMBINING.sub("", text).casefold()


def name_key(text: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive key: `État islamique` -> `etat islamique`."""
    return " ".join(re.sub(r"[-‐–_.]", " ", fold(text)).split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "x"


def is_acronym(text: str) -> bool:
    """2 to 8 capitals and nothing else but digits (`CTS`, `EIIL`, `G5`): `Daech`, `KIRKOUK CITY` are not."""
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and " " not in text.strip()


@lru_cache(maxsize=100_000)
def _spell(word: str, place: bool) -> str:
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    if place and len(word) >= 4:
        # Final `h` then final vowel: Qarah/Qara, Hassakeh/Hasakah/Hassaké, Mayadine/Mayadin.
        # Not a final `i`: it makes adjectives and other names (al-Baghdadi, the town, is not Baghdad).
        if word.endswith("h") and word[-2] in "aeiou":
            word = word[:-1]
        if len(word) >= 4 and word[-1] in "aeo":
            word = word[:-1]
    return word


def _words(text: str, *, strip_inner: bool) -> list[str]:
    """Words of a name once articles, apostrophes and French glue words are gone."""
    text = _APOSTROPHE.sub("", fold(text))
    if strip_inner:
        text = _HYPHEN_ARTICLE.sub("", text)
    else:
        text = re.sub(rf"^\s*{_HYPHEN_ARTICLE.pattern}", "", text, flags=re.IGNORECASE)
    raw = re.sub(rf"[^a-z0-9]+", " ", text).split()
    words = []
    for i, word in enumerate(raw):
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if not strip_inner and i > 0:
            words.append(word)
            continue
        if word in _ARTICLES and nxt:
            continue
        if word in _SUN_ARTICLES and nxt.startswith(_SUN_ARTICLES[word]) and nxt:
            continue
        words.append(word)
    kept = [w for w in words if w not in _FRENCH_GLUE]
    return kept or words


@lru_cache(maxsize=200_000)
def variant_tokens(text: str, place: bool = False) -> tuple[str, ...]:
    """The words of `variant_keys` before they are joined: the unit of fuzzy comparison."""
    return tuple(_spell(w, place) for w in _words(text, strip_inner=True))


@lru_cache(maxsize=200_000)
def variant_keys(text: str, place: bool = False) -> tuple[str, ...]:
    """One or two spaceless transliteration-insensitive keys (see the module docstring).

    `place=True` also drops a final vowel, which place names vary on
    (`Hassaké`/`Hasakah`) but given names use to tell people apart (`Karim`/`Karima`).
    """
    keys = []
    for strip_inner in (True, False):
        key = re.sub(r"(.)\1+", r"\1", "".join(_spell(w, place) for w in _words(text, strip_inner=strip_inner)))
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Fuzzy likeness of two names in [0, 1], word by word.

    Both names must have the same number of words; words of up to 3 letters and
    words holding digits must be equal (`7e division`/`15e division`); the score is
    the lowest word score, each the OSA similarity (edits, adjacent swaps counted
    once: `Krikouk`/`Kirkouk` is one edit). So `commandement des opérations de
    Ninive`/`... d'Anbar` scores what `ninive`/`anbar` score (0.17) however long the
    shared part, and `Abou Kamal`/`Abou Karma` is judged on `kamal`/`karma` alone.
    """
    if len(a) != len(b) or not a:
        return 0.0
    low = 1.0
    for x, y in zip(a, b):
        if x == y:
            continue
        if len(x) <= 3 or len(y) <= 3 or any(c.isdigit() for c in x + y):
            return 0.0
        low = min(low, OSA.normalized_similarity(x, y))
    return low


def consonants(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The words without their vowels: transliterations of one Arabic name mostly differ in
    vowels (`Tikrit`/`Tikret`, `Kerbala`/`Karbala`), different names in consonants
    (`Samarra`/`Samawah`, `Qaim`/`Qasim`). `similarity` is trusted lower when these agree."""
    return tuple(re.sub(r"[aeiou]", "", t) for t in tokens)
