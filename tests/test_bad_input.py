"""Issue 10: a corpus of bad inputs, built in `tmp_path`, read without a crash and accounted for.

One corpus holds every kind of bad input next to good documents. The reader
must give exactly one Document per input document (each file, each non-blank
JSONL line, plus one E106 row per metadata.csv row that matches nothing),
each failed one with its status and a one-line `error` naming the file (and
the line for JSONL); the good documents must read exactly as they do in a
corpus holding them alone. The slow test runs the whole extraction on a small
version of the same corpus (no 20 MB file, 50 JSONL lines).

Nothing large is committed: the 20 MB file and the 10,000-line JSONL are
written by the tests. We run as root in CI, so unreadable files are simulated
by patching the reader's two read seams; a real `chmod 000` is tried too and
checked against what `os.access` says.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest

from pipeline.corpus import Document, read_corpus
from pipeline.corpus import reader as reader_module
from pipeline.errors import UsageError
from pipeline.pieces import DEFAULT_MAX_CHARS

from .test_reader import ARREST, ARTICLE_HTML, CAVES, CP1252_TEXT, PNG_BYTES, UNDECODABLE_BYTES

STATUSES = {"ok", "empty", "error"}
FRONTIER = "Les forces irakiennes ont repris le poste frontalier d'al-Qaïm, près de la Syrie, le 3 novembre 2017.\n"
SECRET = "SECRET-HORS-CORPUS : ce texte ne doit jamais être lu.\n"
LOCKED = {"locked.txt", "verrou.jsonl"}  # refused by the patched read seams


@dataclass(frozen=True)
class Expected:
    """One document the reader must yield: where it comes from and how it ends."""

    doc_id: str
    path: str
    status: str = "ok"
    code: str | None = None  # the error code the message starts with (E110 may follow an earlier one)
    where: str | None = None  # text the message must contain: the file, and "line N" for JSONL


@dataclass
class BadCorpus:
    root: Path
    expected: list[Expected] = field(default_factory=list)
    good_files: dict[str, bytes] = field(default_factory=dict)  # the good documents alone, as a corpus

    @property
    def good_ids(self) -> set[str]:
        return {e.doc_id for e in self.expected if e.status == "ok"}


def write(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / os.fsdecode(rel) if isinstance(rel, bytes) else root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def zip_bytes() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ARREST)
    return buffer.getvalue()


def nested_html(depth: int, tag: str = "div") -> str:
    body = f"<p>{ARREST.strip()}</p><p>{CAVES.strip()}</p>"
    return f"<html><head><title>Profond</title></head><body>{f'<{tag}>' * depth}{body}{f'</{tag}>' * depth}</body></html>"


BROKEN_HTML = (
    "<html><head><title>Cassé</title><body><div><p>" + ARREST.strip() + "<b>gras <i>italique</p></div></span>"
    "<table><tr><td>" + CAVES.strip() + "<td>cellule</table></table></body></html><<<>>>&&&;"
)
SCRIPTS_ONLY_HTML = (
    "<html><head><script>var a = 'SCRIPT';</script><style>p { color: red; }</style></head>"
    "<body><!-- " + ARREST.strip() + " --><script>document.write('x');</script><noscript></noscript></body></html>"
)


def jsonl_lines(n: int) -> tuple[list[str], list[Expected], list[str]]:
    """`n` JSONL lines (some bad), what each non-blank one must give, and the good lines alone.

    Every 50 lines: a malformed line, a line without id, one without text, a
    repeated id, a blank line (not a document), a text that is not a string,
    an array, a blank text; line 2 repeats the doc_id of a file read earlier.
    """
    lines, expected, good = [], [], []
    rel = "news/flux.jsonl"
    for i in range(1, n + 1):
        where = f"{rel}:{i}"
        line_of = f"{rel} line {i}"
        kind = "dup-file" if i == 2 else {7: "malformed", 13: "no-id", 21: "no-text", 29: "dup", 33: "blank",
                                           41: "text-type", 45: "array", 47: "blank-text"}.get(i % 50, "good")  # fmt: skip
        text = f"Dépêche {i}. {ARREST if i % 2 else CAVES}"
        if kind == "good":
            line = json.dumps({"id": f"j{i}", "text": text, "source": "AFP"}, ensure_ascii=i % 3 == 0)
            expected.append(Expected(f"j{i}", where))
            good.append(line)
        elif kind == "dup-file":
            line = json.dumps({"id": "good/article", "text": text})
            expected.append(Expected("good/article#2", where, "error", "E110", f"{where}: duplicate doc_id 'good/article'"))
        elif kind == "malformed":
            line = '{"id": "j%d", "text": "coupé' % i
            expected.append(Expected(f"news/flux:{i}", where, "error", "E104", line_of))
        elif kind == "no-id":
            line = json.dumps({"text": text})
            expected.append(Expected(f"news/flux:{i}", where, "error", "E105", f"{line_of}: missing or empty field 'id'"))
        elif kind == "no-text":
            line = json.dumps({"id": f"j{i}", "title": "Sans texte"})
            expected.append(Expected(f"j{i}", where, "error", "E105", f"{line_of}: missing or empty field 'text'"))
        elif kind == "dup":
            line = json.dumps({"id": f"j{i - 1}", "text": text})
            expected.append(Expected(f"j{i - 1}#2", where, "error", "E110", f"{where}: duplicate doc_id 'j{i - 1}'"))
        elif kind == "blank":
            line = "   "
        elif kind == "text-type":
            line = json.dumps({"id": f"j{i}", "text": ["liste"]})
            expected.append(Expected(f"j{i}", where, "error", "E116", f"{line_of}: field 'text' is a JSON array"))
        elif kind == "array":
            line = "[1, 2]"
            expected.append(Expected(f"news/flux:{i}", where, "error", "E104", line_of))
        else:  # blank-text
            line = json.dumps({"id": f"j{i}", "text": " \n "})
            expected.append(Expected(f"j{i}", where, "empty", "E101", where))
        lines.append(line)
    return lines, expected, good


def build_bad_corpus(base: Path, *, n_jsonl: int, huge: bool) -> BadCorpus:
    """The bad-input corpus under `base/corpus` (and a file outside it, `base/ailleurs`)."""
    root = base / "corpus"
    corpus = BadCorpus(root)
    expect = corpus.expected.append

    def good(rel: str, data: bytes | str, doc_id: str, **kwargs) -> None:
        write(root, rel, data)
        corpus.good_files[rel] = data.encode("utf-8") if isinstance(data, str) else data
        expect(Expected(doc_id, kwargs.get("path", rel)))

    def bad(rel: str, data: bytes | str, doc_id: str, status: str, code: str, where: str | None = None) -> None:
        write(root, rel, data)
        expect(Expected(doc_id, rel, status, code, where or rel))

    # good documents, in several formats and encodings
    good("good/article.txt", ARREST + CAVES, "good/article")
    good("good/note.md", "# Irak\n\n" + FRONTIER, "good/note")
    good("good/page.html", ARTICLE_HTML, "good/page")
    good("good/cp1252.txt", CP1252_TEXT.encode("cp1252"), "good/cp1252")
    good("good/utf16-sans-bom.txt", (ARREST + FRONTIER).encode("utf-16-le"), "good/utf16-sans-bom")
    good("good/casse.html", BROKEN_HTML, "good/casse")
    good("good/imbrique.html", nested_html(600), "good/imbrique")  # past libxml2's default depth of 256
    good(b"good/caf\xe9.txt", CAVES, "good/caf\\xe9", path="good/caf\\xe9.txt")  # a file name that is not UTF-8
    good("dup.md", FRONTIER, "dup")
    good("chmod.txt", CAVES, "chmod")  # chmod 000 below; root reads it anyway

    # empty and binary files
    bad("vide.txt", b"", "vide", "empty", "E101")
    bad("blanc.md", " \r\n\t\n   \n", "blanc", "empty", "E101")
    bad("image.txt", PNG_BYTES + bytes(range(256)), "image", "error", "E102", "image.txt: binary content (PNG image)")
    bad("archive.html", zip_bytes(), "archive", "error", "E102", "archive.html: binary content (ZIP archive)")
    bad("archive.jsonl", zip_bytes(), "archive#2", "error", "E102", "archive.jsonl: binary content (ZIP archive)")  # then E110
    good("nul.txt", ARREST.encode() + b"\x00\x00\x01\x02" + CAVES.encode(), "nul")  # an article with stray control bytes: W101
    bad("illisible.txt", UNDECODABLE_BYTES, "illisible", "error", "E103", "illisible.txt: cannot decode")
    bad("rien.jsonl", b"\n\n  \n", "rien", "empty", "E101", "rien.jsonl: empty file")
    # HTML
    good("html/profond.html", nested_html(3000, "font"), "html/profond")  # past libxml2's hard limit of 2048: W102
    bad("html/scripts.html", SCRIPTS_ONLY_HTML, "html/scripts", "error", "E108", "html/scripts.html")
    # size
    if huge:
        data = (ARREST * (20 * 2**20 // len(ARREST.encode()) + 1)).encode()
        good("huge.txt", data, "huge")  # long documents are read whole, and processed in pieces
    # duplicates across files; the jsonl one is in `jsonl_lines`
    bad("dup.txt", CAVES, "dup#2", "error", "E110", "dup.txt: duplicate doc_id 'dup', already read from dup.md")
    # unreadable (see `refuse_locked`)
    bad("locked.txt", ARREST, "locked", "error", "E107", "locked.txt: cannot read the file (Permission denied)")
    bad("verrou.jsonl", json.dumps({"id": "verrou", "text": ARREST}) + "\n", "verrou", "error", "E107",
        "verrou.jsonl: cannot read the file (Permission denied)")  # fmt: skip
    os.chmod(root / "chmod.txt", 0)
    # symbolic links: a loop, a loop of two, a directory loop (not entered), and one leaving the corpus (not followed)
    os.symlink("boucle.txt", root / "boucle.txt")
    os.symlink("boucle-b.txt", root / "boucle-a.txt")
    os.symlink("boucle-a.txt", root / "boucle-b.txt")
    os.symlink("..", root / "good" / "parent")
    write(base / "ailleurs", "secret.txt", SECRET)
    os.symlink(base / "ailleurs" / "secret.txt", root / "lien-dehors.txt")
    for name in ("boucle", "boucle-a", "boucle-b"):
        expect(Expected(name, f"{name}.txt", "error", "E107", f"{name}.txt: cannot read the file (Too many levels of symbolic links)"))
    if hasattr(os, "mkfifo"):  # a named pipe would block a plain read forever
        os.mkfifo(root / "tube.txt")
        expect(Expected("tube", "tube.txt", "error", "E107", "tube.txt: cannot read the file (not a regular file but a named pipe"))

    # a JSONL file of good and bad lines, and one with an invalid Unicode escape
    lines, line_docs, good_lines = jsonl_lines(n_jsonl)
    write(root, "news/flux.jsonl", "\n".join(lines) + "\n")
    corpus.good_files["news/flux.jsonl"] = ("\n".join(good_lines) + "\n").encode()
    corpus.expected += line_docs
    good("news/surrogat.jsonl", '{"id": "surrogat", "text": "Le CTS \\ud83d a arr\\u00eat\\u00e9 35 \\u00e9l\\u00e9ments."}\n',
         "surrogat", path="news/surrogat.jsonl:1")  # fmt: skip

    # metadata.csv: a good row, a bad date, an empty doc_id, a row for no document, a repeated row, then a
    # cell over the csv module's limit, which drops that row and the rest (the `j3` row is never used)
    metadata = (
        "doc_id,pub_date,url,title,source\n"
        "good/article,2020-08-31,,Titre CSV,AFP\n"
        "dup,31/02/2020,,,\n"
        ",2020-01-01,,,\n"
        "fantome,2020-01-01,,,\n"
        "good/article,2021-01-01,,,\n"
        f"j3,2020-01-01,,{'x' * 200_000},\n"
        "fantome2,2020-01-01,,,\n"
    )
    write(root, "metadata.csv", metadata)
    corpus.good_files["metadata.csv"] = b"doc_id,pub_date,url,title,source\ngood/article,2020-08-31,,Titre CSV,AFP\n"
    expect(Expected("fantome", "metadata.csv", "error", "E106", "metadata.csv line 5"))
    return corpus


def build_good_corpus(base: Path, corpus: BadCorpus) -> Path:
    root = base / "good-only"
    for rel, data in corpus.good_files.items():
        write(root, rel, data)
    return root


@pytest.fixture
def refuse_locked(monkeypatch):
    """Make the two read seams refuse `locked.*` as a read-protected file would (we run as root)."""
    real_read, real_open = reader_module._read_bytes, reader_module._open_binary

    def check(path: Path) -> None:
        if path.name in LOCKED:
            raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(reader_module, "_read_bytes", lambda path: check(path) or real_read(path))
    monkeypatch.setattr(reader_module, "_open_binary", lambda path: check(path) or real_open(path))


def chmod_expectation(corpus: BadCorpus) -> None:
    """`chmod.txt` is good where root ignores the mode, an E107 row elsewhere."""
    if os.access(corpus.root / "chmod.txt", os.R_OK):
        return
    corpus.expected[:] = [e for e in corpus.expected if e.doc_id != "chmod"]
    corpus.expected.append(Expected("chmod", "chmod.txt", "error", "E107", "chmod.txt: cannot read the file (Permission denied)"))
    del corpus.good_files["chmod.txt"]


def check_documents(docs: list[Document], corpus: BadCorpus) -> None:
    """Exactly the expected documents, each with its status and a one-line message in place."""
    ids = [d.doc_id for d in docs]
    assert len(ids) == len(set(ids)), "doc_ids must stay unique"
    expected = {e.doc_id: e for e in corpus.expected}
    assert len(expected) == len(corpus.expected)
    assert sorted(ids) == sorted(expected), (set(ids) ^ set(expected))
    for doc in docs:
        want = expected[doc.doc_id]
        assert (doc.path, doc.status) == (want.path, want.status), doc
        assert doc.status in STATUSES
        if doc.status == "ok":
            assert doc.error is None and doc.text.strip()
            continue
        assert doc.error and len(doc.error.splitlines()) == 1, doc.error
        assert doc.error.startswith(want.code) or f" {want.code} " in doc.error, doc.error
        assert want.where in doc.error, (want.where, doc.error)


def read_bad(tmp_path: Path, *, n_jsonl: int, huge: bool, **kwargs) -> tuple[BadCorpus, list[Document]]:
    corpus = build_bad_corpus(tmp_path, n_jsonl=n_jsonl, huge=huge)
    chmod_expectation(corpus)
    return corpus, list(read_corpus(corpus.root, **kwargs))


# --- the reader over the full bad corpus ----------------------------------------------


def test_bad_corpus_one_document_per_input(tmp_path, refuse_locked, caplog):
    with caplog.at_level(logging.WARNING):
        corpus, docs = read_bad(tmp_path, n_jsonl=10_000, huge=True)
    check_documents(docs, corpus)
    assert sum(1 for d in docs if d.path.startswith("news/flux.jsonl:")) == 10_000 - 10_000 // 50  # blank lines give none
    assert not any(SECRET.strip() in d.text for d in docs)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("pipeline")]
    assert any(m.startswith("E113 lien-dehors.txt: symbolic link to") for m in messages)
    assert not any(d.path.startswith("good/parent") for d in docs)  # a directory loop inside the root: not entered
    assert any(m.startswith("E111 metadata.csv line 4: empty doc_id") for m in messages)
    assert any(m.startswith("E111 metadata.csv line 6") for m in messages)
    assert any(m.startswith("E111 metadata.csv line 7: unreadable CSV") and "rest of the file" in m for m in messages)
    assert any(m.startswith("E112 metadata.csv line 3") for m in messages)
    assert any(m.startswith("E117 news/surrogat.jsonl line 1") for m in messages)


def test_good_documents_read_as_without_the_bad_ones(tmp_path, refuse_locked):
    corpus, docs = read_bad(tmp_path, n_jsonl=500, huge=False)
    alone = {d.doc_id: d for d in read_corpus(build_good_corpus(tmp_path, corpus))}
    assert {d.doc_id for d in alone.values() if d.status == "ok"} == corpus.good_ids
    for doc in docs:
        if doc.status == "ok":
            other = alone[doc.doc_id]
            assert (doc.text, doc.title, doc.url, doc.source, doc.pub_date, doc.pub_date_source, doc.encoding) == (
                other.text, other.title, other.url, other.source, other.pub_date, other.pub_date_source, other.encoding)  # fmt: skip


def test_specific_readings(tmp_path, refuse_locked):
    corpus, docs = read_bad(tmp_path, n_jsonl=60, huge=False)
    by_id = {d.doc_id: d for d in docs}
    assert by_id["good/utf16-sans-bom"].text == ARREST + FRONTIER
    assert by_id["good/utf16-sans-bom"].encoding == "utf-16-le"
    assert ARREST.strip() in by_id["good/imbrique"].text and CAVES.strip() in by_id["good/imbrique"].text
    assert ARREST.strip().split(" le 21")[0] in by_id["good/casse"].text
    assert by_id["good/article"].title == "Titre CSV"  # the good metadata row is used
    assert by_id["surrogat"].text == "Le CTS \ufffd a arrêté 35 éléments."  # same length as the JSON string
    assert by_id["html/profond"].text == ARREST.strip() + "\n" + CAVES.strip()
    assert by_id["html/profond"].warning.startswith("W102 html/profond.html: the HTML is nested too deeply") and "2048" in by_id["html/profond"].warning
    assert "metadata.csv" not in {d.path for d in docs if d.doc_id == "fantome2"}  # dropped with the bad cell


def test_reading_twice_gives_the_same_documents_in_the_same_order(tmp_path, refuse_locked):
    corpus = build_bad_corpus(tmp_path, n_jsonl=300, huge=False)
    assert list(read_corpus(corpus.root)) == list(read_corpus(corpus.root))


def test_unreadable_by_permission_for_real(tmp_path):
    """A real chmod 000: E107 where permissions apply, read as usual where they do not (root)."""
    path = write(tmp_path, "verrou.txt", ARREST)
    write(tmp_path, "verrou.jsonl", json.dumps({"id": "v", "text": ARREST}) + "\n")
    os.chmod(path, 0)
    os.chmod(tmp_path / "verrou.jsonl", 0)
    try:
        docs = {d.doc_id: d for d in read_corpus(tmp_path)}
        if os.access(path, os.R_OK):
            assert docs["verrou"].status == "ok" and docs["v"].status == "ok"
        else:
            assert docs["verrou"].error == "E107 verrou.txt: cannot read the file (Permission denied)."
            assert docs["verrou#2"].error == "E107 verrou.jsonl: cannot read the file (Permission denied)."
    finally:
        os.chmod(path, 0o644)


def test_very_deep_directory_tree(tmp_path):
    """A tree deeper than the recursion limit allows: the walk keeps its own stack, so it still works.

    The limit is lowered for the test (300 folders, 200 frames to spare) rather
    than building 1,000+ folders, which pytest's own recursive clean-up could not remove.
    """
    path = tmp_path
    for _ in range(300):
        path = path / "a"
        path.mkdir()
    write(path, "x.txt", ARREST)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(traceback.extract_stack()) + 200)
    try:
        docs = list(read_corpus(tmp_path))
    finally:
        sys.setrecursionlimit(limit)
    assert [(d.doc_id, d.status) for d in docs] == [("a/" * 300 + "x", "ok")]


def test_unreadable_directory_is_logged(tmp_path, monkeypatch, caplog):
    write(tmp_path, "a.txt", ARREST)
    write(tmp_path, "prive/b.txt", CAVES)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "prive":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(reader_module.os, "scandir", scandir)
    with caplog.at_level(logging.WARNING):
        docs = list(read_corpus(tmp_path))
    assert [d.doc_id for d in docs] == ["a"]
    assert any(r.getMessage() == "E107 prive/: cannot read the file (Permission denied)." for r in caplog.records)


def test_jsonl_read_error_mid_file_keeps_the_lines_before(tmp_path, monkeypatch):
    write(tmp_path, "n.jsonl", "".join(json.dumps({"id": f"a{i}", "text": ARREST}) + "\n" for i in range(3)))
    real_open = reader_module._open_binary

    class Failing:
        def __init__(self, handle):
            self.handle, self.n = handle, 0

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def readline(self, *args):
            self.n += 1
            if self.n == 3:
                raise OSError(5, "Input/output error")
            return self.handle.readline(*args)

    monkeypatch.setattr(reader_module, "_open_binary", lambda path: Failing(real_open(path)))
    docs = list(read_corpus(tmp_path))
    assert [(d.doc_id, d.status) for d in docs] == [("a0", "ok"), ("a1", "ok"), ("n:3", "error")]
    assert docs[2].error == "E107 n.jsonl:3: cannot read the file (Input/output error)."


def test_unexpected_failure_becomes_an_e118_row(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", ARREST)
    write(tmp_path, "b.txt", CAVES)
    write(tmp_path, "n.jsonl", json.dumps({"id": "x", "text": ARREST}) + "\n" + json.dumps({"id": "y", "text": CAVES}) + "\n")
    real_decode = reader_module.decode_bytes

    def decode(data: bytes):
        if data.startswith(CAVES.encode()):
            raise TypeError("bogue simulé")
        return real_decode(data)

    monkeypatch.setattr(reader_module, "decode_bytes", decode)
    docs = list(read_corpus(tmp_path))
    assert [(d.doc_id, d.status) for d in docs] == [("a", "ok"), ("b", "error"), ("x", "ok"), ("y", "ok")]
    assert docs[1].error.startswith("E118 b.txt: the reader failed on this document (TypeError: bogue simulé)")


@pytest.mark.parametrize(
    "line,status,message",
    [
        ("[" * 100_000, "error", "E104 n.jsonl line 1: malformed JSON (arrays or objects nested too deeply)."),
        ('{"id": ' + "1" * 5000 + "}", "error", "E104 n.jsonl line 1: malformed JSON (Exceeds the limit (4300 digits)"),
        ('"une chaîne"', "error", "E104 n.jsonl line 1: malformed JSON (a JSON string, not an object)."),
        ('{"id": 1.5, "text": "Bagdad"}', "error", "E116 n.jsonl line 1: field 'id' is a JSON number, not a string or an integer"),
        ('{"id": true, "text": "Bagdad"}', "error", "E116 n.jsonl line 1: field 'id' is a JSON boolean"),
        ('{"id": "a", "text": {"fr": "Bagdad"}}', "error", "E116 n.jsonl line 1: field 'text' is a JSON object"),
        ('{"id": "a", "text": null}', "error", "E105 n.jsonl line 1: missing or empty field 'text'"),
        ('{"id": 42, "text": "Bagdad"}', "ok", None),
        ('{"id": "a", "text": "Bagdad", "date": ["2020"]}', "ok", None),
    ],
    ids=["deep-nesting", "huge-integer", "string", "float-id", "bool-id", "object-text", "null-text", "int-id", "list-date"],
)
def test_odd_jsonl_lines(tmp_path, line, status, message):
    write(tmp_path, "n.jsonl", line + "\n")
    [doc] = read_corpus(tmp_path)
    assert doc.status == status
    assert doc.error is None if message is None else doc.error.startswith(message)


@pytest.mark.parametrize(
    "line,expected",
    [("3 ſept 2017", "2017-09-03"), ("Publié le 3 MAİ 2017", "2017-05-03"), ("3 AOÛT 2017", "2017-08-03")],
    ids=["long-s", "dotted-capital-i", "capitals"],
)
def test_date_lines_with_odd_letters_do_not_crash(tmp_path, line, expected):
    """re.IGNORECASE lets `ſ` match `s`: the month lookup used to raise KeyError and stop the run."""
    write(tmp_path, "a.txt", line + "\n" + ARREST)
    [doc] = read_corpus(tmp_path)
    assert (doc.status, str(doc.pub_date), doc.pub_date_source) == ("ok", expected, "text")


def test_cp1252_jsonl_line_in_a_utf8_file(tmp_path):
    write(tmp_path, "n.jsonl", json.dumps({"id": "a", "text": "Été"}, ensure_ascii=False).encode("utf-8") + b"\n"
          + '{"id": "b", "text": "Le cœur de Mossoul"}'.encode("cp1252") + b"\n")  # fmt: skip
    docs = list(read_corpus(tmp_path))
    assert [(d.doc_id, d.text, d.encoding) for d in docs] == [("a", "Été", "utf-8"), ("b", "Le cœur de Mossoul", "cp1252")]


# --- long documents: read whole, whatever --max-chars (the piece size of the processing) ---


@pytest.mark.parametrize(
    "rel,content,text",
    [
        ("a.txt", "é" * 101, "é" * 101),
        ("a.jsonl", json.dumps({"id": "a", "text": "x" * 101}) + "\n", "x" * 101),
        ("a.html", f"<html><body><p>{'mot ' * 600}</p></body></html>", ("mot " * 600).strip()),
    ],
    ids=["txt", "jsonl-text", "html-page"],
)
def test_long_documents_are_read_whole(tmp_path, rel, content, text):
    write(tmp_path, rel, content)
    [doc] = read_corpus(tmp_path)
    assert doc.status == "ok" and doc.error is None and doc.text == text  # never flagged, never truncated


def test_default_piece_size_is_within_spacy_max_length():
    import inspect

    from spacy.language import Language

    assert DEFAULT_MAX_CHARS <= inspect.signature(Language.__init__).parameters["max_length"].default


def test_long_jsonl_line_is_read_whole_and_the_next_lines_read(tmp_path):
    line = json.dumps({"id": "long", "text": "x" * (2 * 2**20)})
    write(tmp_path, "n.jsonl", json.dumps({"id": "a", "text": ARREST}) + "\n" + line + "\n" + json.dumps({"id": "b", "text": CAVES}) + "\n")
    docs = list(read_corpus(tmp_path))
    assert [(d.doc_id, d.status) for d in docs] == [("a", "ok"), ("long", "ok"), ("b", "ok")]
    assert docs[1].text == "x" * (2 * 2**20)


def test_huge_file_is_read_whole(tmp_path):
    text = ARREST * (20 * 2**20 // len(ARREST.encode()) + 1)
    write(tmp_path, "huge.txt", text)
    [doc] = read_corpus(tmp_path)
    assert doc.status == "ok" and doc.text == text


@pytest.mark.parametrize("value", [0, -5, 1.5, "1000", True])
def test_bad_max_chars_is_a_usage_error(tmp_path, value):
    from pipeline.extract import run_extract

    with pytest.raises(UsageError, match="E008"):
        run_extract(tmp_path, tmp_path / "out", max_chars=value, quiet=True)


# --- end to end -------------------------------------------------------------------------


@pytest.mark.slow
def test_extract_on_the_bad_corpus(tmp_path, refuse_locked):
    """The whole run finishes; one documents row per input; good documents' mentions as when alone."""
    import pandas as pd

    from pipeline.extract import run_extract
    from pipeline.tables.parts import read_table

    corpus = build_bad_corpus(tmp_path, n_jsonl=50, huge=False)
    chmod_expectation(corpus)
    summary = run_extract(corpus.root, tmp_path / "out", quiet=True)
    run_extract(build_good_corpus(tmp_path, corpus), tmp_path / "out-good", quiet=True)

    documents = read_table(tmp_path / "out", "documents")
    assert sorted(documents.doc_id) == sorted(e.doc_id for e in corpus.expected)
    assert documents.doc_id.is_unique
    assert summary["counts"]["documents_by_status"]["ok"] == len(corpus.good_ids)
    statuses = dict(zip(documents.doc_id, documents.status))
    assert all(statuses[e.doc_id] == e.status for e in corpus.expected)
    assert documents.error.dropna().map(lambda e: len(e.splitlines()) == 1).all()

    def good_mentions(out: Path) -> pd.DataFrame:
        mentions = read_table(out, "mentions")
        mentions = mentions[mentions.doc_id.isin(corpus.good_ids)]
        return mentions.sort_values(["doc_id", "start", "end", "label"]).reset_index(drop=True)

    bad_run, good_run = good_mentions(tmp_path / "out"), good_mentions(tmp_path / "out-good")
    assert len(good_run) > 0
    pd.testing.assert_frame_equal(bad_run, good_run)


# --- control characters: read, processed as spaces, warned about -----------------------


def test_article_with_nul_bytes_is_read_unchanged_with_a_warning(tmp_path):
    data = ARREST.encode() + b"\x00\x00" + CAVES.encode()
    write(tmp_path, "nul.txt", data)
    [doc] = read_corpus(tmp_path)
    assert doc.status == "ok" and doc.error is None and doc.text == data.decode()
    assert doc.warning.startswith(f"W101 nul.txt: 2 control character(s) (NUL...), the first at character {len(ARREST)}")


def test_control_bytes_in_bulk_and_renamed_images_are_still_binary(tmp_path):
    write(tmp_path, "photo.txt", PNG_BYTES + bytes(range(256)))
    write(tmp_path, "blob.txt", bytes(range(32)) * 40)
    docs = {d.doc_id: d for d in read_corpus(tmp_path)}
    assert docs["photo"].error.startswith("E102 photo.txt: binary content (PNG image)")
    assert docs["blob"].error.startswith("E102 blob.txt: binary content (NUL bytes: 1,080 control bytes in 1,280, the first at byte 0)")


def test_nul_article_gives_its_mentions_at_their_offsets(nlp):
    from pipeline.batch import process_documents
    from pipeline.tables.rows import check_offsets

    text = ARREST + "\x00\x00" + CAVES.replace("les montagnes", "les\x01montagnes")
    clean = ARREST + "  " + CAVES.replace("les montagnes", "les montagnes")
    nul, spaced = (process_documents(nlp, [Document("d", "d.txt", t, warning="W101")]) for t in (text, clean))
    assert nul["documents"][0]["status"] == "ok" and nul["documents"][0]["warning"] == "W101"
    check_offsets(text, nul["mentions"], nul["events"])
    assert [(m["start"], m["end"], m["label"]) for m in nul["mentions"]] == [(m["start"], m["end"], m["label"]) for m in spaced["mentions"]]
    assert {"service antiterroriste irakien", "EIIS", "le 21 août", "Qara Jogh", "neuf grottes"} <= {m["text"] for m in nul["mentions"]}


# --- HTML nested past libxml2's limit: read as a stream of tags --------------------------


def test_page_nested_5000_deep_gives_its_mentions(tmp_path, nlp):
    from pipeline.batch import process_documents
    from pipeline.tables.rows import check_offsets

    write(tmp_path, "profond.html", nested_html(5000))
    [doc] = read_corpus(tmp_path)
    assert doc.status == "ok" and doc.title == "Profond" and doc.warning.startswith("W102 profond.html")
    rows = process_documents(nlp, [doc])
    assert rows["documents"][0]["status"] == "ok" and rows["documents"][0]["warning"] == doc.warning
    check_offsets(doc.text, rows["mentions"], rows["events"])
    assert {"service antiterroriste irakien", "EIIS", "Qara Jogh"} <= {m["text"] for m in rows["mentions"]}


def test_flat_reading_drops_scripts_and_navigation():
    from pipeline.corpus.html import flat_text

    page = "<html><head><title>T</title><style>p {}</style></head><body><nav>Accueil</nav><div><p>Un  texte</p>" \
           "<script>var x = '<p>';</script><!-- commentaire --><p>Deux &amp; trois</p></div></body></html>"  # fmt: skip
    assert flat_text(page) == "Un texte\nDeux & trois"
