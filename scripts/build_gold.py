"""Build the gold file `data/gold/corpus.jsonl` from small authoring files.

Reads
  data/gold/src/_entities.json  entity registry: cluster key -> {"label", "aliases"}. Every
                                ORG/LOC/PER span must use a registered key, with a surface text
                                listed among that key's aliases; "@key" in an event argument
                                expands to the key's aliases.
  data/gold/src/<name>.json     one authoring file per gold document (format below).
  data/corpus/...               the documents; the gold `text` is always the file on disk
                                decoded as UTF-8 (or the jsonl record's `text`), never retyped.
Writes
  data/gold/corpus.jsonl        one JSON line per document, SPEC section 4, sorted by doc_id.

No offset is typed by hand: every span, ignore region, sentence and trigger is located by its
surface text, and the script stops with an error when a text is not found, is ambiguous, breaks
a word, overlaps an ignore region or another name, when a DATE resolution disagrees with the
calendar (weekdays, "hier", "la semaine dernière", ...), or when a registered alias occurs in the
content without being annotated or listed in `not_mentions`.

Authoring file format (JSON):
  {"doc_id": "irak/x", "source": "irak/x.txt" | {"jsonl": "wire.jsonl", "id": "..."},
   "pub_date": "YYYY-MM-DD", "pub_date_source": "metadata|jsonl|text_date_line|text_url",
   "ignore":  [{"text": T, "occ": i?} | {"dup": T} | {"from": T}],
        text: that exact text (i-th occurrence, or the only one); dup: every occurrence but the
        first; from: from T to the end of the text (final newline excluded).
   "spans": [["ORG"|"LOC"|"PER", T, key, opts?],
             ["DATE", T, value, date_start, date_end, opts?],
             ["QUANTITY", T, value, qualifier, unit, opts?]],
        opts: {"occ": i | [i, ...]} (index among the content occurrences of T, in text order),
              {"all": true}, {"ctx": C} (C occurs once in the content and holds T once),
              DATE only: {"future": true} (resolve forward), {"unverified": reason}.
        Without opts, T must occur exactly once in the content.
   "events": [{"type", "sent": first words of the sentence, "sent_occ"?, "trigger", "trig_occ"?,
               "actor", "target", "location": list (items "@key" expand) or null,
               "date": "pub" | null | [start, end] | "YYYY-MM-DD",
               "count": int | null, "count_unit": str | null}],
        The sentence runs from the start of `sent` to the first . ! or ? followed by
        whitespace or the end of the text, or to the end of the line, whichever comes first.
   "negatives": [{"type", "sent", "sent_occ"?, "cue"}]   sentences that must give no event of
        that type (kept here for the tests; not written to corpus.jsonl).
   "not_mentions": [{"text": T, "occ": i?, "why": reason}]  content occurrences of registered
        aliases that are deliberately not annotated (e.g. a bare "coalition").}

Usage: python scripts/build_gold.py          (write data/gold/corpus.jsonl)
       python scripts/build_gold.py --check  (exit 1 if the committed file differs)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SRC = ROOT / "data" / "gold" / "src"
OUT = ROOT / "data" / "gold" / "corpus.jsonl"

EVENT_TYPES = ("ARREST", "KILL", "INJURE", "ATTACK", "AIRSTRIKE", "SHELLING", "BOMBING",
               "CAPTURE", "DESTROY", "SEIZE", "KIDNAP")
NAME_LABELS = ("ORG", "LOC", "PER")
QUALIFIERS = ("=", "~", ">=", ">", "<=", "<")


class GoldError(Exception):
    pass


# --------------------------------------------------------------------------- text access

def load_text(source) -> str:
    if isinstance(source, str):
        return (CORPUS / source).read_bytes().decode("utf-8")
    path = CORPUS / source["jsonl"]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec["id"] == source["id"]:
                return rec["text"]
    raise GoldError(f"{path}: no record with id {source['id']!r}")


def find_all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def word_ok(text: str, start: int, end: int) -> bool:
    """The match neither starts nor ends inside a word."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]
    return not ((before.isalnum() and first.isalnum()) or (after.isalnum() and last.isalnum()))


def overlaps(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


def in_ignore(ignore, start, end) -> bool:
    return any(overlaps(start, end, a, b) for a, b in ignore)


def content_occurrences(text, needle, ignore) -> list[int]:
    return [i for i in find_all(text, needle)
            if word_ok(text, i, i + len(needle)) and not in_ignore(ignore, i, i + len(needle))]


def pick(text, needle, ignore, opts, where) -> list[int]:
    occ = content_occurrences(text, needle, ignore)
    if not occ:
        raise GoldError(f"{where}: {needle!r} not found in the content")
    if "ctx" in opts:
        ctx = opts["ctx"]
        cpos = content_occurrences(text, ctx, ignore)
        if len(cpos) != 1:
            raise GoldError(f"{where}: context {ctx!r} found {len(cpos)} times")
        inner = [p for p in occ if cpos[0] <= p and p + len(needle) <= cpos[0] + len(ctx)]
        if len(inner) != 1:
            raise GoldError(f"{where}: {needle!r} occurs {len(inner)} times in context {ctx!r}")
        return inner
    if opts.get("all"):
        return occ
    if "occ" in opts:
        idx = opts["occ"] if isinstance(opts["occ"], list) else [opts["occ"]]
        for k in idx:
            if k >= len(occ):
                raise GoldError(f"{where}: {needle!r} has {len(occ)} occurrences, asked #{k}")
        return [occ[k] for k in idx]
    if len(occ) != 1:
        raise GoldError(f"{where}: {needle!r} is ambiguous ({len(occ)} occurrences); give occ/ctx/all")
    return occ


# --------------------------------------------------------------------------- dates

MONTHS = {"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
          "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
            "dimanche": 6}
NUMBERS = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
           "huit": 8, "neuf": 9, "dix": 10}
SEASONS = {"printemps": ("SP", 3, 5), "été": ("SU", 6, 8), "automne": ("FA", 9, 11)}
PAST_REFS = {"ces derniers jours", "récemment", "par le passé", "ces derniers mois"}
MONTH_RE = "(" + "|".join(MONTHS) + ")"
WD_RE = "(" + "|".join(WEEKDAYS) + ")"


def month_end(y: int, m: int) -> dt.date:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def latest_weekday(pub: dt.date, wd: int, strict: bool = False) -> dt.date:
    delta = (pub.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return pub - dt.timedelta(days=delta)


def day_month(pub, d, m, y=None, future=False) -> dt.date:
    if y is not None:
        return dt.date(y, m, d)
    cand = dt.date(pub.year, m, d)
    if future:
        return cand if cand >= pub else dt.date(pub.year + 1, m, d)
    return cand if cand <= pub else dt.date(pub.year - 1, m, d)


def resolve_date(surface: str, pub: dt.date, future: bool = False):
    """Independent calendar check: (value, start, end) for the forms the corpus uses, else None."""
    t = surface.lower().strip()
    t = re.sub(r"\s+(soir|matin|après-midi|à l'aube)$", "", t)
    iso = lambda d: d.isoformat()
    if t in PAST_REFS:
        return "PAST_REF", None, None
    if t == "hier" or t == "la veille":
        d = pub - dt.timedelta(days=1)
        return iso(d), iso(d), iso(d)
    if t in ("ce", "aujourd'hui"):  # "ce matin" after suffix removal
        return iso(pub), iso(pub), iso(pub)
    m = re.fullmatch(r"il y a (\w+) jours", t)
    if m:
        d = pub - dt.timedelta(days=NUMBERS[m.group(1)])
        return iso(d), iso(d), iso(d)
    if t == "la semaine dernière":
        monday = pub - dt.timedelta(days=pub.weekday() + 7)
        y, w, _ = monday.isocalendar()
        return f"{y}-W{w:02d}", iso(monday), iso(monday + dt.timedelta(days=6))
    m = re.fullmatch(r"au cours des (\w+) derniers mois", t)
    if m:
        n = NUMBERS[m.group(1)]
        y, mo = pub.year, pub.month - (n - 1)
        while mo < 1:
            y, mo = y - 1, mo + 12
        start = dt.date(y, mo, 1)
        return f"{y}-{mo:02d}/{pub.year}-{pub.month:02d}", iso(start), iso(pub)
    if t == "depuis le début de l'année":
        start = dt.date(pub.year, 1, 1)
        return f"{iso(start)}/{iso(pub)}", iso(start), iso(pub)
    if t == "depuis le début du mois":
        start = dt.date(pub.year, pub.month, 1)
        return f"{iso(start)}/{iso(pub)}", iso(start), iso(pub)
    if t == "au cours de l'année":  # reported past events: the part of the year already elapsed
        start = dt.date(pub.year, 1, 1)
        return f"{iso(start)}/{iso(pub)}", iso(start), iso(pub)
    m = re.fullmatch(r"(?:l'|au |en )?(printemps|été|automne)( dernier)?", t)
    if m:
        code, m0, m1 = SEASONS[m.group(1)]
        if future:
            y = pub.year if dt.date(pub.year, m0, 1) > pub else pub.year + 1
        else:  # the latest season already over at the publication date
            y = pub.year if month_end(pub.year, m1) < pub else pub.year - 1
        return f"{y}-{code}", iso(dt.date(y, m0, 1)), iso(month_end(y, m1))
    m = re.fullmatch(r"(?:dans )?la nuit de " + WD_RE + " à " + WD_RE, t)
    if m:
        d0 = latest_weekday(pub, WEEKDAYS[m.group(1)])
        d1 = d0 + dt.timedelta(days=1)
        if d1.weekday() != WEEKDAYS[m.group(2)]:
            raise GoldError(f"{surface!r}: {m.group(2)} does not follow {m.group(1)}")
        return f"{iso(d0)}/{iso(d1)}", iso(d0), iso(d1)
    m = re.fullmatch(r"entre (\d{4}) et (\d{4})", t)
    if m:
        return f"{m.group(1)}/{m.group(2)}", f"{m.group(1)}-01-01", f"{m.group(2)}-12-31"
    m = re.fullmatch(r"du (\d{1,2}) au (\d{1,2}) " + MONTH_RE + r"(?: (\d{4}))?", t)
    if m:
        mo = MONTHS[m.group(3)]
        y = int(m.group(4)) if m.group(4) else None
        d1 = day_month(pub, int(m.group(2)), mo, y, future)
        d0 = dt.date(d1.year, mo, int(m.group(1)))
        return f"{iso(d0)}/{iso(d1)}", iso(d0), iso(d1)
    t = re.sub(r"^(le |la |l'|en |au |dans |de |daté du |depuis )", "", t)
    m = re.fullmatch(r"(?:" + WD_RE + r" )?(\d{1,2}|1er) " + MONTH_RE + r"(?: (\d{4}))?", t)
    if m:
        day = 1 if m.group(2) == "1er" else int(m.group(2))
        d = day_month(pub, day, MONTHS[m.group(3)], int(m.group(4)) if m.group(4) else None, future)
        if m.group(1) and d.weekday() != WEEKDAYS[m.group(1)]:
            raise GoldError(f"{surface!r}: {iso(d)} is not a {m.group(1)}")
        return iso(d), iso(d), iso(d)
    m = re.fullmatch(r"(mi-|début |fin )" + MONTH_RE + r"(?: (\d{4}))?", t)
    if m:
        mo = MONTHS[m.group(2)]
        y = int(m.group(3)) if m.group(3) else day_month(pub, 1, mo, None, future).year
        d0, d1 = {"mi-": (11, 20), "début ": (1, 10), "fin ": (21, month_end(y, mo).day)}[m.group(1)]
        return f"{y}-{mo:02d}", iso(dt.date(y, mo, d0)), iso(dt.date(y, mo, d1))
    m = re.fullmatch(MONTH_RE + r"(?: (\d{4}))?", t)
    if m:
        mo = MONTHS[m.group(1)]
        y = int(m.group(2)) if m.group(2) else day_month(pub, 1, mo, None, future).year
        return f"{y}-{mo:02d}", iso(dt.date(y, mo, 1)), iso(month_end(y, mo))
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        return t, f"{t}-01-01", f"{t}-12-31"
    m = re.fullmatch(WD_RE + r"( dernier)?", t)
    if m:
        d = latest_weekday(pub, WEEKDAYS[m.group(1)], strict=bool(m.group(2)))
        return iso(d), iso(d), iso(d)
    return None


# --------------------------------------------------------------------------- sentences

def sentence_end(text: str, start: int) -> int:
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    for m in re.finditer(r"[.!?](?=\s|$)", text[start:line_end]):
        return start + m.end()
    return line_end


def locate_sentence(text, ignore, snippet, occ, where):
    hits = [i for i in find_all(text, snippet) if not in_ignore(ignore, i, i + len(snippet))]
    if not hits:
        raise GoldError(f"{where}: sentence start {snippet!r} not found in the content")
    if occ is None and len(hits) != 1:
        raise GoldError(f"{where}: sentence start {snippet!r} is ambiguous ({len(hits)})")
    s = hits[occ or 0]
    if not (s == 0 or text[s - 1] in " \n[*"):
        raise GoldError(f"{where}: {snippet!r} does not start a sentence")
    e = sentence_end(text, s)
    if e < s + len(snippet):
        raise GoldError(f"{where}: {snippet!r} spans a sentence end")
    return s, e


# --------------------------------------------------------------------------- building

def expand(arg, registry, where):
    if arg is None:
        return None
    out = []
    for item in arg:
        if item.startswith("@"):
            key = item[1:]
            if key not in registry:
                raise GoldError(f"{where}: unknown entity {key!r} in event argument")
            out.extend(registry[key]["aliases"])
        else:
            out.append(item)
    seen, uniq = set(), []
    for x in out:
        if x not in seen:
            seen.add(x)
            uniq.append(x)
    return uniq


def build_doc(spec: dict, registry: dict) -> tuple[dict, list[dict]]:
    doc_id = spec["doc_id"]
    text = load_text(spec["source"])
    pub = dt.date.fromisoformat(spec["pub_date"])

    # ignore regions
    ignore = []
    for reg in spec.get("ignore", []):
        where = f"{doc_id} ignore {reg}"
        if "dup" in reg:
            hits = find_all(text, reg["dup"])
            if len(hits) < 2:
                raise GoldError(f"{where}: not repeated")
            ignore.extend((h, h + len(reg["dup"])) for h in hits[1:])
        elif "from" in reg:
            hits = find_all(text, reg["from"])
            if len(hits) != 1:
                raise GoldError(f"{where}: found {len(hits)} times")
            ignore.append((hits[0], len(text.rstrip("\n"))))
        else:
            hits = find_all(text, reg["text"])
            k = reg.get("occ")
            if k is None and len(hits) != 1:
                raise GoldError(f"{where}: found {len(hits)} times")
            if not hits or (k or 0) >= len(hits):
                raise GoldError(f"{where}: not found")
            h = hits[k or 0]
            ignore.append((h, h + len(reg["text"])))
    ignore.sort()

    # spans
    spans = []
    for raw in spec["spans"]:
        label, surface = raw[0], raw[1]
        where = f"{doc_id} {label} {surface!r}"
        if label in NAME_LABELS:
            key = raw[2]
            opts = raw[3] if len(raw) > 3 else {}
            ent = registry.get(key)
            if ent is None:
                raise GoldError(f"{where}: entity {key!r} not in _entities.json")
            if ent["label"] != label:
                raise GoldError(f"{where}: entity {key!r} is {ent['label']}")
            if surface not in ent["aliases"]:
                raise GoldError(f"{where}: not an alias of {key!r}")
            extra = {"entity": key}
        elif label == "DATE":
            value, d0, d1 = raw[2], raw[3], raw[4]
            opts = raw[5] if len(raw) > 5 else {}
            got = resolve_date(surface, pub, future=opts.get("future", False))
            if got is None and "unverified" not in opts:
                raise GoldError(f"{where}: form not checked by resolve_date; add 'unverified'")
            if got is not None and got != (value, d0, d1):
                raise GoldError(f"{where}: authored {(value, d0, d1)} but calendar gives {got}")
            extra = {"value": value, "date_start": d0, "date_end": d1}
        elif label == "QUANTITY":
            value, qual, unit = raw[2], raw[3], raw[4]
            opts = raw[5] if len(raw) > 5 else {}
            if qual not in QUALIFIERS:
                raise GoldError(f"{where}: bad qualifier {qual!r}")
            if not isinstance(value, (int, float)) or not unit:
                raise GoldError(f"{where}: value/unit missing")
            extra = {"value": value, "qualifier": qual, "unit": unit}
        else:
            raise GoldError(f"{where}: unknown label")
        for start in pick(text, surface, ignore, opts, where):
            spans.append({"start": start, "end": start + len(surface), "label": label,
                          "text": surface, **extra})
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        if a["start"] == b["start"] and a["end"] == b["end"]:
            raise GoldError(f"{doc_id}: span {a['text']!r} at {a['start']} annotated twice")
    names = [s for s in spans if s["label"] in NAME_LABELS]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if overlaps(a["start"], a["end"], b["start"], b["end"]):
                raise GoldError(f"{doc_id}: names overlap: {a['text']!r} / {b['text']!r}")

    # every registered alias in the content is annotated or explicitly waived
    waived = set()
    for nm in spec.get("not_mentions", []):
        occ = content_occurrences(text, nm["text"], ignore)
        k = nm.get("occ")
        if not occ or (k is not None and k >= len(occ)):
            raise GoldError(f"{doc_id}: not_mentions {nm['text']!r} not found")
        if not nm.get("why"):
            raise GoldError(f"{doc_id}: not_mentions {nm['text']!r} needs a reason")
        chosen = occ if k is None else [occ[k]]
        waived.update((p, p + len(nm["text"])) for p in chosen)
    covered = [(s["start"], s["end"]) for s in spans]
    for key, ent in registry.items():
        for alias in ent["aliases"]:
            for p in content_occurrences(text, alias, ignore):
                q = p + len(alias)
                if any(a <= p and q <= b for a, b in covered) or (p, q) in waived:
                    continue
                raise GoldError(f"{doc_id}: alias {alias!r} ({key}) at {p} neither annotated "
                                f"nor in not_mentions")

    # events
    events = []
    for ev in spec.get("events", []):
        where = f"{doc_id} {ev['type']} {ev['trigger']!r} in {ev['sent'][:40]!r}"
        if ev["type"] not in EVENT_TYPES:
            raise GoldError(f"{where}: unknown type")
        s0, s1 = locate_sentence(text, ignore, ev["sent"], ev.get("sent_occ"), where)
        sent = text[s0:s1]
        tr = [i for i in find_all(sent, ev["trigger"]) if word_ok(sent, i, i + len(ev["trigger"]))]
        k = ev.get("trig_occ")
        if not tr or (k is None and len(tr) != 1) or (k or 0) >= len(tr):
            raise GoldError(f"{where}: trigger found {len(tr)} times in the sentence")
        date = ev["date"]
        if date == "pub":
            d0 = d1 = spec["pub_date"]
        elif date is None:
            d0 = d1 = None
        elif isinstance(date, str):
            d0 = d1 = date
        else:
            d0, d1 = date
        for d in (d0, d1):
            if d is not None:
                dt.date.fromisoformat(d)
        if (ev.get("count") is None) != (ev.get("count_unit") is None):
            raise GoldError(f"{where}: count and count_unit go together")
        events.append({
            "type": ev["type"], "trigger": ev["trigger"], "trigger_start": s0 + tr[k or 0],
            "sent_start": s0, "sent_end": s1,
            "actor": expand(ev.get("actor"), registry, where),
            "target": expand(ev.get("target"), registry, where),
            "location": expand(ev.get("location"), registry, where),
            "date_start": d0, "date_end": d1,
            "count": ev.get("count"), "count_unit": ev.get("count_unit"),
        })
    events.sort(key=lambda e: (e["sent_start"], e["trigger_start"]))
    seen = set()
    for e in events:
        sig = (e["type"], e["trigger_start"])
        if sig in seen:
            raise GoldError(f"{doc_id}: event {sig} listed twice")
        seen.add(sig)

    # negatives: the sentence holds the cue and no gold event of that type
    negatives = []
    for ng in spec.get("negatives", []):
        where = f"{doc_id} negative {ng['type']} {ng['sent'][:40]!r}"
        if ng["type"] not in EVENT_TYPES:
            raise GoldError(f"{where}: unknown type")
        s0, s1 = locate_sentence(text, ignore, ng["sent"], ng.get("sent_occ"), where)
        if ng["cue"] not in text[s0:s1]:
            raise GoldError(f"{where}: cue {ng['cue']!r} not in the sentence")
        if any(e["type"] == ng["type"] and overlaps(s0, s1, e["sent_start"], e["sent_end"])
               for e in events):
            raise GoldError(f"{where}: a gold {ng['type']} event lies in this sentence")
        negatives.append({"doc_id": doc_id, "type": ng["type"], "sent_start": s0,
                          "sent_end": s1, "cue": ng["cue"]})

    gold = {
        "doc_id": doc_id,
        "text": text,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "meta": {"pub_date": spec["pub_date"], "pub_date_source": spec["pub_date_source"]},
        "ignore": [list(r) for r in ignore],
        "spans": spans,
        "events": events,
    }
    return gold, negatives


def load_registry() -> dict:
    registry = json.loads((SRC / "_entities.json").read_text(encoding="utf-8"))
    for key, ent in registry.items():
        if ent["label"] not in NAME_LABELS or not ent["aliases"]:
            raise GoldError(f"_entities.json: bad entry {key!r}")
    return registry


def source_files() -> list[Path]:
    return sorted(p for p in SRC.glob("*.json") if not p.name.startswith("_"))


def build_all() -> tuple[list[dict], list[dict]]:
    registry = load_registry()
    docs, negatives, ids = [], [], set()
    for path in source_files():
        spec = json.loads(path.read_text(encoding="utf-8"))
        if spec["doc_id"] in ids:
            raise GoldError(f"{path.name}: duplicate doc_id {spec['doc_id']!r}")
        ids.add(spec["doc_id"])
        gold, negs = build_doc(spec, registry)
        docs.append(gold)
        negatives.extend(negs)
    docs.sort(key=lambda d: d["doc_id"])
    return docs, negatives


def render(docs: list[dict]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def main(argv: list[str]) -> int:
    try:
        docs, negatives = build_all()
    except GoldError as exc:
        print(f"build_gold: {exc}", file=sys.stderr)
        return 2
    content = render(docs)
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != content:
            print(f"build_gold: {OUT} is out of date; run scripts/build_gold.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(content, encoding="utf-8")
    n_spans = sum(len(d["spans"]) for d in docs)
    n_events = sum(len(d["events"]) for d in docs)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(docs)} documents, {n_spans} spans, "
          f"{n_events} events, {len(negatives)} negative sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
