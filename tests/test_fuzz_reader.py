"""Property-based tests and a bounded fuzz run of the corpus reader (issue 10).

Properties: random bytes under any document suffix never make the reader
raise, every Document has a status in {ok, empty, error} and a one-line error
exactly when it is not ok; valid UTF-8 text reads back unchanged (offsets into
it are offsets into the file); French text in the accepted encodings reads
back unchanged or is refused (E102/E103), never turned into other text; a
JSONL `text`, lone surrogates included, keeps its length and every valid
character at its index. The fuzz run throws whole random corpora at the
reader (odd file names, mutated articles, random JSON, broken metadata.csv)
and counts inputs tried, crashes (the reader raised) and invariant
violations (it answered wrongly); `test_fuzz_figures` prints them.

Every test here runs in well under 60 s in total (`max_examples` below);
the examples are random on each run, and `database=None` keeps Hypothesis
from writing a `.hypothesis/` folder into the checkout.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.corpus import Document, read_corpus
from pipeline.corpus.decode import BINARY_MAGIC, magic_reason

from .test_reader import ARREST, ARTICLE_HTML, CAVES, CP1252_TEXT, PNG_BYTES

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".TXT")
STATUSES = {"ok", "empty", "error"}
FUZZ = {"inputs": 0, "files": 0, "documents": 0, "crashes": 0, "violations": 0, "seconds": 0.0}
# 300 corpora take about 5-10 s; NEWSX_FUZZ_EXAMPLES=5000 runs a longer campaign by hand.
FUZZ_EXAMPLES = int(os.environ.get("NEWSX_FUZZ_EXAMPLES", "300"))
FAST = settings(max_examples=150, deadline=2000, database=None, suppress_health_check=[HealthCheck.too_slow])


def read_files(files: dict[bytes, bytes], **kwargs) -> list[Document]:
    """Write `files` (relative name as bytes -> content) in a fresh directory and read it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            path = root / os.fsdecode(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return list(read_corpus(root, **kwargs))


def check_invariants(docs: list[Document]) -> None:
    """What holds for every corpus, however bad."""
    assert len({d.doc_id for d in docs}) == len(docs)
    for doc in docs:
        assert doc.status in STATUSES, doc
        assert (doc.error is None) == (doc.status == "ok"), doc
        if doc.error is not None:
            assert len(doc.error.splitlines()) == 1 and doc.error[:1] == "E", doc.error
            assert not doc.error.startswith("E118"), doc.error  # an unexpected failure is a bug to fix
        if doc.status == "ok":
            assert doc.text.strip()
        for value in (doc.doc_id, doc.path, doc.text, doc.title or "", doc.url or "", doc.source or ""):
            value.encode("utf-8")  # storable in Parquet: no lone surrogate anywhere
        assert doc.text_sha256


# --- properties ------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash(data, suffix):
    docs = read_files({b"doc" + suffix.encode(): data})
    check_invariants(docs)
    if suffix == ".jsonl":
        assert len(docs) >= 1  # one per non-blank line, or one E101/E102/E103 row for the file
    else:
        assert len(docs) == 1 and docs[0].path == "doc" + suffix


# Valid text without control characters (tab, CR and LF allowed): a NUL or
# other control makes a file binary by design.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\r\n"), max_size=400)


@FAST
@given(text=TEXT, suffix=st.sampled_from((".txt", ".md")))
def test_valid_utf8_reads_back_unchanged(text, suffix):
    data = text.encode("utf-8")
    [doc] = read_files({b"doc" + suffix.encode(): data})
    check_invariants([doc])
    if magic_reason(data):  # text that starts like a GIF or PDF is refused as such
        assert doc.error.startswith("E102")
        return
    expected = text.removeprefix("\ufeff")  # the UTF-8 byte-order mark is not text
    assert doc.status == ("ok" if expected.strip() else "empty")
    assert doc.text == expected
    assert doc.encoding == ("utf-8-sig" if text.startswith("\ufeff") else "utf-8")


# French letters whose single-byte codes (0xC0-0xFF) can never form valid UTF-8
# on their own, so the only possible readings are the right one or a refusal.
FRENCH = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ 0123456789.,;:!?'-\n"
                                 "àâäçéèêëîïôöùûüÿÀÂÇÉÈÊËÎÏÔÙÛÜ"), min_size=1, max_size=300)  # fmt: skip
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "iso-8859-15")


@FAST
@given(text=FRENCH, encoding=st.sampled_from(ENCODINGS))
def test_french_text_in_any_accepted_encoding_is_read_back_or_refused(text, encoding):
    [doc] = read_files({b"doc.txt": text.encode(encoding)})
    check_invariants([doc])
    if doc.status == "error":
        assert doc.error[:4] in ("E102", "E103"), doc.error
    else:
        assert doc.text == text  # never another text: offsets stay true
    if encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        assert doc.status != "error"  # UTF-8 and BOM-marked text is always read


@FAST
@given(
    text=st.text(st.characters(blacklist_categories=()), max_size=300),
    ensure_ascii=st.booleans(),
    record_id=st.one_of(st.text(max_size=10), st.integers(), st.none(), st.floats(allow_nan=False), st.booleans()),
)
def test_jsonl_text_keeps_its_offsets(text, ensure_ascii, record_id):
    """A JSONL `text` is the document text as is; a lone surrogate becomes U+FFFD in place (same length)."""
    has_surrogate = any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    line = json.dumps({"id": record_id, "text": text}, ensure_ascii=ensure_ascii or has_surrogate)
    [doc] = read_files({b"n.jsonl": (line + "\n").encode("utf-8")})
    check_invariants([doc])
    if doc.status != "ok":
        return
    assert len(doc.text) == len(text)
    for original, read in zip(text, doc.text):
        assert read == ("\ufffd" if 0xD800 <= ord(original) <= 0xDFFF else original)


def test_reading_is_deterministic_on_random_corpora():
    @settings(max_examples=30, deadline=None, database=None)
    @given(corpus=st.lists(st.tuples(st.sampled_from(SUFFIXES), st.binary(max_size=300)), max_size=6))
    def check(corpus):
        with tempfile.TemporaryDirectory() as tmp:
            for i, (suffix, data) in enumerate(corpus):
                (Path(tmp) / f"f{i}{suffix}").write_bytes(data)
            assert list(read_corpus(tmp)) == list(read_corpus(tmp))

    check()


# --- the fuzz run ------------------------------------------------------------------------

NAME_CHARS = [b"a", b"B", b"z", b"0", b" ", b"-", b"#", b":", b"\xc3\xa9", b"\xe9", b"\n", b"\t", b"\xe2\x80\xa8", b"'", b'"']
SEED_DOCUMENTS = [
    (ARREST + CAVES).encode(),
    CP1252_TEXT.encode("cp1252"),
    CP1252_TEXT.encode("utf-16"),
    ARREST.encode("utf-16-le"),
    ARTICLE_HTML.encode(),
    ("<html><body>" + "<div>" * 400 + "<p>" + ARREST + "</p></body></html>").encode(),
    ("".join(json.dumps({"id": f"a{i}", "text": ARREST, "date": "2020-08-31"}) + "\n" for i in range(4))).encode(),
    ("Publié le 3 ſept. 2017 à 14h05\n" + ARREST + "https://exemple.fr/2020/08/31/a\n").encode(),
    PNG_BYTES,
]


@st.composite
def mutated(draw) -> bytes:
    """A seed document with a few random edits: flipped bytes, inserted junk, cuts, prefixes."""
    data = bytearray(draw(st.sampled_from(SEED_DOCUMENTS)))
    for _ in range(draw(st.integers(0, 4))):
        edit = draw(st.sampled_from(["flip", "insert", "cut", "prefix", "repeat"]))
        at = draw(st.integers(0, len(data)))
        if edit == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif edit == "insert":
            data[at:at] = draw(st.sampled_from([b"\x00", b"\r", b"\n", b"\xff\xfe", b"\xef\xbb\xbf", b"\x81\x8d", b"\\ud83d",
                                                b"<div>" * 50, b'{"id":', b"[" * 50, b"\xe2\x80\xa8", b"\x1b"]))  # fmt: skip
        elif edit == "cut":
            del data[at:]
        elif edit == "prefix":
            data[0:0] = draw(st.sampled_from([magic for magic, _ in BINARY_MAGIC] + [b"\xff\xfe", b"\xfe\xff", b"{"]))
        else:
            data += bytes(data[at:])
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "text", "date", "title", "x"]), inner, max_size=4),
    max_leaves=8,
)
JSONL = st.lists(JSON_VALUES.map(lambda v: json.dumps(v)), max_size=6).map(lambda lines: ("\n".join(lines) + "\n").encode())
METADATA = st.lists(
    st.lists(st.sampled_from(["a", "doc", "f0", "2020-08-31", "31/02/2020", "", '"', "x" * 50, "é", ";"]), max_size=6).map(",".join),
    max_size=5,
).map(lambda rows: ("doc_id,pub_date,url,title,source\n" + "\n".join(rows)).encode())
FILE_NAMES = st.tuples(
    st.lists(st.sampled_from(NAME_CHARS), min_size=1, max_size=6).map(b"".join), st.sampled_from(SUFFIXES)
).map(lambda t: t[0] + t[1].encode())
CONTENT = st.one_of(st.binary(max_size=500), mutated(), JSONL)


@settings(max_examples=FUZZ_EXAMPLES, deadline=5000, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    files=st.dictionaries(FILE_NAMES, CONTENT, min_size=1, max_size=5),
    metadata=st.none() | METADATA,
)
def test_fuzz_reader(files, metadata):
    started = time.perf_counter()
    FUZZ["inputs"] += 1
    FUZZ["files"] += len(files)
    if metadata is not None:
        files = {**files, b"metadata.csv": metadata}
    try:
        docs = read_files(files)
    except Exception:
        FUZZ["crashes"] += 1
        raise
    finally:
        FUZZ["seconds"] += time.perf_counter() - started
    FUZZ["documents"] += len(docs)
    try:
        check_invariants(docs)
        n_plain = sum(1 for name in files if not name.lower().endswith(b".jsonl") and name != b"metadata.csv")
        assert len(docs) >= n_plain + sum(1 for name in files if name.lower().endswith(b".jsonl"))
    except AssertionError:
        FUZZ["violations"] += 1
        raise


def test_fuzz_figures(capsys):
    """Print the fuzz run's figures (also without -s) for the closing note; fails if anything crashed."""
    if not FUZZ["inputs"]:
        pytest.skip("test_fuzz_reader did not run")
    with capsys.disabled():
        print(
            f"\nfuzz_reader: {FUZZ['inputs']} corpora tried ({FUZZ['files']} files, {FUZZ['documents']} documents read), "
            f"{FUZZ['crashes']} crashes, {FUZZ['violations']} invariant violations, {FUZZ['seconds']:.1f} s reading"
        )
    assert FUZZ["crashes"] == FUZZ["violations"] == 0


# --- the offset invariant through the whole pipeline ---------------------------------------

FRAGMENTS = [ARREST, CAVES, "Publié le 3 novembre 2017\n", "« l'EIIS »", "\r\n", "\u00a0", "\u202f", " ", "Ⅻ", "ﬁ", "é", "e\u0301",
             "🙂", "\u200b", "\t", "35 %", "BAGDAD, 13 janvier (Xinhua) -- ", "1er", "\u2028", "Qara Jogh", "Mossoul."]  # fmt: skip


@pytest.mark.slow
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), min_size=1, max_size=25))
def test_offsets_through_the_pipeline_on_random_text(nlp, parts):
    """Mentions and events cut from random French-ish Unicode text point into the text as read."""
    from pipeline.batch import process_documents
    from pipeline.tables.rows import check_offsets

    for doc in read_files({b"doc.txt": "".join(parts).encode("utf-8", "surrogatepass")}):
        if doc.status != "ok":
            continue
        rows = process_documents(nlp, [doc])
        mentions, events = rows["mentions"], rows["events"]
        check_offsets(doc.text, mentions, events)
        assert all(0 <= m["start"] < m["end"] <= len(doc.text) for m in mentions)
