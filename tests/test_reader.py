"""The corpus reader (SPEC section 1): formats, encodings, bad inputs, the pub-date chain.

Corpora are built in `tmp_path` from short French news sentences; the seed
corpus in ../shared/corpus/seeds is read as is at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import types
from pathlib import Path

import pytest

from pipeline.corpus import Document, read_corpus
from pipeline.corpus import html as html_module
from pipeline.corpus import reader as reader_module
from pipeline.corpus.decode import BinaryContentError, UndecodableError, binary_reason, decode_bytes
from pipeline.corpus.html import extract_article, plain_text
from pipeline.corpus.metadata import parse_metadata
from pipeline.corpus.pubdate import find_text_date, find_url_date, parse_date_line, parse_date_value, resolve_pub_date
from pipeline.errors import UsageError

from .conftest import SEEDS as SHARED_SEEDS

SEEDS = SHARED_SEEDS

ARREST = "Le service antiterroriste irakien a arrêté 35 éléments de l'EIIS le 21 août.\n"
CAVES = "Dix militants ont été tués et neuf grottes détruites dans les montagnes de Qara Jogh.\n"
# Every character cp1252 is asked to carry: é à ç œ ’ (and CRLF line ends).
CP1252_TEXT = (
    "Le service antiterroriste irakien a arrêté 35 éléments de l’EIIS à Mossoul.\r\n"
    "Les forces ont reçu l’appui de la coalition ; le cœur de la façade a été détruit.\r\n"
)
# latin-1 has no œ nor ’.
LATIN1_TEXT = (
    "Le service antiterroriste irakien a arrêté 35 éléments de l'EIIS à Mossoul.\n"
    "Les forces ont reçu l'appui de la coalition près de la façade du marché.\n"
)
ISO15_TEXT = "Les forces ont reçu l'appui de la coalition à Mossoul ; le cœur du marché a coûté 5 000 € à reconstruire.\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
# Bytes 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252 and control characters in latin-1.
UNDECODABLE_BYTES = b"Rapport \x81\x8d\x8f\x90\x9d\x81\x8d\x8f sur \x90\x9d\x81\x8d les \x8f\x90\x9d\x81 pertes"

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Le CTS arrête 35 éléments de l'EIIS | Diyaruna</title>
<script>var suivi = "SCRIPT-EN-TETE";</script><style>.menu { color: red; }</style>
</head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/irak">Rubrique Irak</a></li></ul></nav>
<article>
<h1>Le CTS arrête 35 éléments de l'EIIS</h1>
<p>Le service antiterroriste irakien a arrêté 35 éléments de l'EIIS le 21 août, a déclaré son porte-parole à Bagdad.</p>
<!-- COMMENTAIRE-HTML caché -->
<script>document.write("SCRIPT-DANS-ARTICLE");</script>
<p>Dix militants ont été tués et neuf grottes détruites dans les montagnes de Qara Jogh, au sud de Mossoul.</p>
</article>
<section id="comments" class="comments"><h3>Commentaires</h3>
<div class="comment"><p>Un lecteur anonyme a écrit : article très intéressant sur la situation.</p></div></section>
<footer>Tous droits réservés</footer>
</body></html>
"""


def make_corpus(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text, written as UTF-8, or raw bytes) under `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def read_all(root: Path, **kwargs) -> list[Document]:
    return list(read_corpus(root, **kwargs))


def by_id(docs: list[Document]) -> dict[str, Document]:
    return {doc.doc_id: doc for doc in docs}


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


# --- formats -------------------------------------------------------------------

FORMAT_CASES = [
    ("article.txt", ARREST + CAVES, "article", "article.txt", ARREST + CAVES),
    ("note.md", "# Irak\n\n" + ARREST, "note", "note.md", "# Irak\n\n" + ARREST),
    ("sub/article1.txt", ARREST, "sub/article1", "sub/article1.txt", ARREST),
    ("Majuscules.TXT", CAVES, "Majuscules", "Majuscules.TXT", CAVES),
    ("news.jsonl", jsonl({"id": "cts-35", "text": ARREST}), "cts-35", "news.jsonl:1", ARREST),
]


@pytest.mark.parametrize(
    "rel,content,doc_id,path,text", FORMAT_CASES, ids=["txt", "md", "subdir", "upper-suffix", "jsonl"]
)
def test_each_format_gives_one_document(tmp_path, rel, content, doc_id, path, text):
    [doc] = read_all(make_corpus(tmp_path, {rel: content}))
    assert (doc.doc_id, doc.path, doc.text, doc.status, doc.error) == (doc_id, path, text, "ok", None)


def test_html_body_keeps_paragraphs_and_drops_chrome(tmp_path):
    [doc] = read_all(make_corpus(tmp_path, {"page.html": ARTICLE_HTML}))
    assert (doc.doc_id, doc.path, doc.status) == ("page", "page.html", "ok")
    lines = doc.text.split("\n")  # one line per paragraph
    assert any(line.startswith("Le service antiterroriste irakien a arrêté 35 éléments") for line in lines)
    assert any(line.startswith("Dix militants ont été tués et neuf grottes détruites") for line in lines)
    for chrome in ("SCRIPT-EN-TETE", "SCRIPT-DANS-ARTICLE", "COMMENTAIRE-HTML", "Rubrique Irak", "lecteur anonyme", "color"):
        assert chrome not in doc.text
    assert doc.title and doc.title.startswith("Le CTS arrête 35 éléments")


def test_htm_suffix_and_page_metadata(tmp_path):
    page = ARTICLE_HTML.replace(
        "</title>",
        '</title><link rel="canonical" href="https://diyaruna.com/fr/articles/2020/08/31/cts">'
        '<meta property="og:site_name" content="Diyaruna">',
    )
    [doc] = read_all(make_corpus(tmp_path, {"page.htm": page}))
    assert (doc.url, doc.source) == ("https://diyaruna.com/fr/articles/2020/08/31/cts", "Diyaruna")
    assert (doc.pub_date, doc.pub_date_source) == (dt.date(2020, 8, 31), "url")


def test_jsonl_optional_fields_and_line_order(tmp_path):
    lines = jsonl(
        {"id": "b", "text": CAVES, "title": "Qara Jogh", "url": "https://exemple.fr/b", "source": "AFP"},
        {"id": "a", "text": ARREST},
    )
    docs = read_all(make_corpus(tmp_path, {"news.jsonl": lines}))
    assert [(d.doc_id, d.path) for d in docs] == [("b", "news.jsonl:1"), ("a", "news.jsonl:2")]
    assert (docs[0].title, docs[0].url, docs[0].source) == ("Qara Jogh", "https://exemple.fr/b", "AFP")
    assert (docs[1].title, docs[1].url, docs[1].source) == (None, None, None)


def test_order_is_sorted_relative_paths(tmp_path):
    files = {"b.md": ARREST, "a/b.txt": ARREST, "a.txt": ARREST, "a-c.txt": ARREST, "z.jsonl": jsonl(
        {"id": "z2", "text": ARREST}, {"id": "z1", "text": CAVES})}
    docs = read_all(make_corpus(tmp_path, files))
    paths = [doc.path.partition(":")[0] for doc in docs]
    assert paths == sorted(paths)
    assert [doc.doc_id for doc in docs] == ["a-c", "a", "a/b", "b", "z2", "z1"]


def test_other_files_and_hidden_ones_are_ignored(tmp_path):
    files = {"a.txt": ARREST, "donnees.csv": "x,y\n", "b.json": "{}", "c.pdf": b"%PDF-1.4", "d.docx": b"PK\x03\x04",
             "sub/metadata.csv": "doc_id,pub_date\nx,2020-01-01\n", ".cache/e.txt": CAVES, ".f.txt": CAVES}
    assert [doc.doc_id for doc in read_all(make_corpus(tmp_path, files))] == ["a"]


def test_symlinks_inside_root_are_read_outside_are_not(tmp_path, caplog):
    root = make_corpus(tmp_path / "corpus", {"a.txt": ARREST})
    outside = make_corpus(tmp_path / "ailleurs", {"secret.txt": CAVES, "dir/x.txt": CAVES})
    os.symlink(root / "a.txt", root / "lien.txt")
    os.symlink(outside / "secret.txt", root / "dehors.txt")
    os.symlink(outside / "dir", root / "repertoire")
    with caplog.at_level(logging.WARNING):
        docs = read_all(root)
    assert [(d.doc_id, d.text) for d in docs] == [("a", ARREST), ("lien", ARREST)]
    assert sorted(r.getMessage().split(":")[0] for r in caplog.records) == ["E113 dehors.txt", "E113 repertoire"]


# --- encodings -----------------------------------------------------------------

ENCODING_CASES = [
    (CP1252_TEXT.encode("utf-8"), CP1252_TEXT, "utf-8"),
    (b"\xef\xbb\xbf" + CP1252_TEXT.encode("utf-8"), CP1252_TEXT, "utf-8-sig"),
    (CP1252_TEXT.encode("cp1252"), CP1252_TEXT, "cp1252"),
    (LATIN1_TEXT.encode("latin-1"), LATIN1_TEXT, ("latin-1", "cp1252", "iso-8859-15")),
    (ISO15_TEXT.encode("iso-8859-15"), ISO15_TEXT, "iso-8859-15"),
    (CP1252_TEXT.encode("utf-16"), CP1252_TEXT, "utf-16"),
    (b"\xfe\xff" + CP1252_TEXT.encode("utf-16-be"), CP1252_TEXT, "utf-16"),
]
ENCODING_IDS = ["utf-8", "utf-8-bom", "cp1252", "latin-1", "iso-8859-15", "utf-16-le-bom", "utf-16-be-bom"]


@pytest.mark.parametrize("data,text,encoding", ENCODING_CASES, ids=ENCODING_IDS)
def test_each_encoding_decodes_to_the_same_text(tmp_path, data, text, encoding):
    [doc] = read_all(make_corpus(tmp_path, {"article.txt": data}))
    assert doc.status == "ok"
    assert doc.text == text  # no BOM, CRLF kept, nothing stripped
    assert doc.encoding in ((encoding,) if isinstance(encoding, str) else encoding)


@pytest.mark.parametrize(
    "data,text",
    [
        (b"Ligne un\r\nLigne deux\r\n", "Ligne un\r\nLigne deux\r\n"),
        (b"  \n" + ARREST.encode() + b"\n\n", "  \n" + ARREST + "\n\n"),
        (b"Mac\rClassique\r", "Mac\rClassique\r"),
    ],
    ids=["crlf", "leading-and-trailing-blanks", "bare-cr"],
)
def test_text_is_the_decoded_bytes_exactly(tmp_path, data, text):
    [doc] = read_all(make_corpus(tmp_path, {"a.txt": data}))
    assert doc.text == text


@pytest.mark.parametrize(
    "data,reason",
    [
        (PNG_BYTES, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00", "GZIP"),
        (b"texte\x00avec\x00nul", "NUL"),
        (ARREST.encode("utf-16-le"), "NUL"),
        (ARREST.encode(), None),
        (ARREST.encode("utf-16"), None),
    ],
    ids=["png", "jpeg", "gif", "pdf", "zip", "gzip", "nul", "utf16-without-bom", "utf8", "utf16-with-bom"],
)
def test_binary_reason(data, reason):
    found = binary_reason(data)
    assert (found is None) if reason is None else (reason in found)


def test_decode_bytes_errors():
    with pytest.raises(BinaryContentError):
        decode_bytes(PNG_BYTES)
    with pytest.raises(UndecodableError, match="invalid UTF-8 at byte 8"):
        decode_bytes(UNDECODABLE_BYTES)
    assert decode_bytes(b"") == ("", "utf-8")


# --- bad inputs: each still gives exactly one Document ---------------------------

BAD_INPUT_CASES = [
    ({"vide.txt": b""}, "vide", "vide.txt", "empty", "E101", "vide.txt"),
    ({"blanc.md": b"  \r\n\t\n  "}, "blanc", "blanc.md", "empty", "E101", "blanc.md"),
    ({"image.txt": PNG_BYTES}, "image", "image.txt", "error", "E102", "image.txt"),
    ({"nul.txt": b"abc\x00def"}, "nul", "nul.txt", "error", "E102", "nul.txt"),
    ({"illisible.txt": UNDECODABLE_BYTES}, "illisible", "illisible.txt", "error", "E103", "illisible.txt"),
    ({"menu.html": "<html><head><title>Menu</title></head><body><nav>Accueil</nav></body></html>"},
     "menu", "menu.html", "error", "E108", "menu.html"),
    ({"news.jsonl": jsonl({"id": "a", "text": ARREST}, '{"id": "b", "text": "coupé', {"id": "c", "text": CAVES})},
     "news:2", "news.jsonl:2", "error", "E104", "news.jsonl line 2"),
    ({"sub/news.jsonl": jsonl({"id": "a", "text": ARREST}, "[1, 2]")},
     "sub/news:2", "sub/news.jsonl:2", "error", "E104", "sub/news.jsonl line 2"),
    ({"news.jsonl": jsonl({"id": "a", "text": ARREST}, {"id": "sans-texte", "title": "Titre"})},
     "sans-texte", "news.jsonl:2", "error", "E105", "news.jsonl line 2: missing or empty field 'text'"),
    ({"news.jsonl": jsonl({"text": ARREST}, {"id": "b", "text": CAVES})},
     "news:1", "news.jsonl:1", "error", "E105", "news.jsonl line 1: missing or empty field 'id'"),
    ({"news.jsonl": jsonl({"id": "blanc", "text": " \n "})},
     "blanc", "news.jsonl:1", "empty", "E101", "news.jsonl:1"),
    ({"a.txt": ARREST, "metadata.csv": "doc_id,pub_date,url,title,source\na,,,,\nfantome,2020-08-31,,,\n"},
     "fantome", "metadata.csv", "error", "E106", "metadata.csv line 3"),
    ({"a.md": ARREST, "a.txt": CAVES}, "a#2", "a.txt", "error", "E110", "a.txt: duplicate doc_id 'a', already read from a.md"),
    ({"a.txt": ARREST, "news.jsonl": jsonl({"id": "a", "text": CAVES}, {"id": "a", "text": CAVES})},
     "a#3", "news.jsonl:2", "error", "E110", "news.jsonl:2: duplicate doc_id 'a', already read from a.txt"),
]
BAD_INPUT_IDS = [
    "empty-file", "whitespace-only", "png-bytes", "nul-bytes", "undecodable", "html-without-body",
    "jsonl-malformed-line", "jsonl-not-an-object", "jsonl-missing-text", "jsonl-missing-id", "jsonl-blank-text",
    "metadata-row-without-document", "duplicate-file-doc-id", "duplicate-jsonl-id-third-copy",
]  # fmt: skip


@pytest.mark.parametrize("files,doc_id,path,status,code,where", BAD_INPUT_CASES, ids=BAD_INPUT_IDS)
def test_bad_input_gives_one_document_with_status_and_error(tmp_path, files, doc_id, path, status, code, where):
    docs = read_all(make_corpus(tmp_path, files))
    assert len({doc.doc_id for doc in docs}) == len(docs)  # doc_ids stay unique
    bad = [doc for doc in docs if doc.status != "ok"]
    assert len(bad) == 1 or code == "E110"
    [doc] = [doc for doc in docs if doc.doc_id == doc_id]
    assert (doc.path, doc.status) == (path, status)
    assert doc.error.startswith(code) or code in doc.error
    assert where in doc.error


def test_malformed_jsonl_line_does_not_stop_the_file(tmp_path):
    lines = jsonl({"id": "a", "text": ARREST}, '{"id": "b", "text": "coupé', "", {"id": "c", "text": CAVES})
    docs = read_all(make_corpus(tmp_path, {"news.jsonl": lines}))
    assert [(d.doc_id, d.path, d.status) for d in docs] == [
        ("a", "news.jsonl:1", "ok"), ("news:2", "news.jsonl:2", "error"), ("c", "news.jsonl:4", "ok")]


def test_unmatched_metadata_rows_come_after_all_documents(tmp_path):
    files = {"a.txt": ARREST, "b.txt": CAVES, "metadata.csv": "doc_id,pub_date\nfantome,2020-01-01\nb,2020-02-02\n"}
    docs = read_all(make_corpus(tmp_path, files))
    assert [(d.doc_id, d.status) for d in docs] == [("a", "ok"), ("b", "ok"), ("fantome", "error")]


def test_unreadable_file_gives_e107(tmp_path, monkeypatch):
    root = make_corpus(tmp_path, {"a.txt": ARREST, "verrou.txt": CAVES})
    real_read = reader_module._read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "verrou.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(reader_module, "_read_bytes", read_bytes)
    docs = by_id(read_all(root))
    assert docs["a"].status == "ok"
    assert docs["verrou"].status == "error"
    assert docs["verrou"].error == "E107 verrou.txt: cannot read the file (Permission denied)."


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_by_permission_gives_e107(tmp_path):
    root = make_corpus(tmp_path, {"verrou.txt": CAVES})
    (root / "verrou.txt").chmod(0)
    [doc] = read_all(root)
    assert (doc.status, doc.error[:4]) == ("error", "E107")


def test_missing_root_raises_usage_error_at_call(tmp_path):
    with pytest.raises(UsageError, match="E001 corpus directory not found"):
        read_corpus(tmp_path / "absent")


def test_broken_symlink_inside_root_gives_e107(tmp_path):
    root = make_corpus(tmp_path, {"a.txt": ARREST})
    os.symlink(root / "disparu.txt", root / "casse.txt")
    docs = by_id(read_all(root))
    assert docs["casse"].status == "error" and docs["casse"].error.startswith("E107 casse.txt")


def test_utf16_jsonl(tmp_path):
    data = jsonl({"id": "a", "text": CP1252_TEXT}).encode("utf-16")
    [doc] = read_all(make_corpus(tmp_path, {"news.jsonl": data}))
    assert (doc.doc_id, doc.text, doc.encoding) == ("a", CP1252_TEXT, "utf-16")


# --- laziness ------------------------------------------------------------------


def test_reader_is_a_lazy_generator(tmp_path, monkeypatch):
    root = make_corpus(tmp_path, {f"article{i}.txt": ARREST for i in range(5)})
    reads: list[str] = []
    real_read = reader_module._read_bytes
    monkeypatch.setattr(reader_module, "_read_bytes", lambda path: reads.append(path.name) or real_read(path))
    documents = read_corpus(root)
    assert isinstance(documents, types.GeneratorType)
    assert reads == []
    first = next(documents)
    assert first.doc_id == "article0" and reads == ["article0.txt"]
    assert len(list(documents)) == 4 and len(reads) == 5


# --- metadata.csv ----------------------------------------------------------------


def test_metadata_overrides_inferred_fields(tmp_path):
    files = {
        "page.html": ARTICLE_HTML,
        "news.jsonl": jsonl({"id": "j1", "text": ARREST, "title": "Titre jsonl", "source": "AFP"}),
        "metadata.csv": "doc_id,pub_date,url,title,source\n"
        "page,2020-08-31,https://diyaruna.com/a,Titre CSV,diyaruna.com\nj1,,,Titre CSV 2,\n",
    }
    docs = by_id(read_all(make_corpus(tmp_path, files)))
    assert (docs["page"].title, docs["page"].url, docs["page"].source) == ("Titre CSV", "https://diyaruna.com/a", "diyaruna.com")
    assert (docs["j1"].title, docs["j1"].source) == ("Titre CSV 2", "AFP")  # empty cells override nothing


def test_metadata_csv_from_a_spreadsheet_export(tmp_path):
    csv_bytes = b"\xef\xbb\xbf" + "doc_id;pub_date;title\r\na;31/08/2020;Été à Mossoul\r\n".encode("utf-8")
    [doc] = read_all(make_corpus(tmp_path, {"a.txt": ARREST, "metadata.csv": csv_bytes}))
    assert (doc.title, doc.pub_date, doc.pub_date_source) == ("Été à Mossoul", dt.date(2020, 8, 31), "metadata")
    cp1252 = "doc_id,title\na,Le cœur de Mossoul et l’Anbar reprennent vie après la guerre\n".encode("cp1252")
    [doc] = read_all(make_corpus(tmp_path, {"metadata.csv": cp1252}))
    assert doc.title == "Le cœur de Mossoul et l’Anbar reprennent vie après la guerre"


def test_bad_metadata_date_keeps_the_document_ok_and_logs(tmp_path, caplog):
    files = {"a.txt": "Publié le 3 novembre 2017\n" + ARREST, "metadata.csv": "doc_id,pub_date,title\na,31/02/2020,Titre\n"}
    with caplog.at_level(logging.WARNING):
        [doc] = read_all(make_corpus(tmp_path, files))
    assert (doc.status, doc.error, doc.title) == ("ok", None, "Titre")
    assert (doc.pub_date, doc.pub_date_source) == (dt.date(2017, 11, 3), "text")
    assert any("metadata.csv line 2" in record.getMessage() and "E112" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    "text,expected_rows,codes",
    [
        ("doc_id,pub_date,url,title,source\na,2020-08-31,,Titre,AFP\n", {"a": (dt.date(2020, 8, 31), "Titre", "AFP")}, []),
        ("Doc_ID;Pub_Date\r\na;31/08/2020\r\n", {"a": (dt.date(2020, 8, 31), None, None)}, []),
        ("doc_id,pub_date\na,hier\n", {"a": (None, None, None)}, ["E112"]),
        ("doc_id,pub_date\n,2020-08-31\n", {}, ["E111"]),
        ("doc_id,pub_date\na,2020-08-31\na,2021-01-01\n", {"a": (dt.date(2020, 8, 31), None, None)}, ["E111"]),
        ("id,date\na,2020-08-31\n", {}, ["E111"]),
        ("", {}, []),
    ],
    ids=["full-row", "semicolons-and-case", "bad-date", "empty-doc-id", "repeated-doc-id", "no-doc-id-column", "empty-file"],
)
def test_parse_metadata(text, expected_rows, codes):
    rows, warnings = parse_metadata(text)
    assert {k: (r.pub_date, r.title, r.source) for k, r in rows.items()} == expected_rows
    assert [w[:4] for w in warnings] == codes


# --- publication date chain --------------------------------------------------------

DATE_LINE_TEXT = "NOUVELLES D'IRAK\nPublié le 3 novembre 2017 à 14h05\n\n" + ARREST
URL_TEXT = ARREST + "![Photo](/cnmi_di/images/2020/08/31/25808-Iraq.jpg)\n" + CAVES
BOTH_TEXT = DATE_LINE_TEXT + "Source : https://diyaruna.com/fr/articles/2019/01/02/cts\n"

CHAIN_CASES = [
    # (files, pub_date option, expected date, expected source)
    ({"a.txt": BOTH_TEXT, "metadata.csv": "doc_id,pub_date\na,2020-08-31\n"}, dt.date(2021, 1, 1), "2020-08-31", "metadata"),
    ({"n.jsonl": jsonl({"id": "a", "text": BOTH_TEXT, "date": "2020-08-30"}),
      "metadata.csv": "doc_id,pub_date\na,2020-08-31\n"}, None, "2020-08-31", "metadata"),
    ({"n.jsonl": jsonl({"id": "a", "text": BOTH_TEXT, "date": "2020-08-30"})}, dt.date(2021, 1, 1), "2020-08-30", "jsonl"),
    ({"n.jsonl": jsonl({"id": "a", "text": BOTH_TEXT, "date": "pas une date"})}, None, "2017-11-03", "text"),
    ({"a.txt": BOTH_TEXT}, dt.date(2021, 1, 1), "2021-01-01", "option"),
    ({"a.txt": BOTH_TEXT}, None, "2017-11-03", "text"),
    ({"a.txt": URL_TEXT}, None, "2020-08-31", "url"),
    ({"n.jsonl": jsonl({"id": "a", "text": ARREST, "url": "https://diyaruna.com/fr/2019/05/06/x"})}, None, "2019-05-06", "url"),
    ({"a.txt": ARREST + "Vendredi 3 novembre, les forces irakiennes ont repris al-Qaïm.\n"}, None, None, None),
]
CHAIN_IDS = [
    "metadata-beats-all", "metadata-beats-jsonl", "jsonl-beats-option", "bad-jsonl-date-falls-through",
    "option-beats-text", "text-beats-url", "url-in-text", "url-field", "no-date",
]  # fmt: skip


@pytest.mark.parametrize("files,option,expected,source", CHAIN_CASES, ids=CHAIN_IDS)
def test_pub_date_chain(tmp_path, files, option, expected, source):
    [doc] = [d for d in read_all(make_corpus(tmp_path, files), pub_date=option) if d.doc_id == "a"]
    assert (doc.pub_date, doc.pub_date_source) == (expected and dt.date.fromisoformat(expected), source)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Publié le 3 novembre 2017 à 14h05", "2017-11-03"),
        ("Mis à jour le 4 novembre 2017 à 10:30", "2017-11-04"),
        ("03/11/2017", "2017-11-03"),
        ("2017-11-03", "2017-11-03"),
        ("2017-11-03T14:05:00+01:00", "2017-11-03"),
        ("Lundi 12 mars 2021", "2021-03-12"),
        ("Date : 1er août 2020", "2020-08-01"),
        ("Publié le 12 fevrier 2019 - 18:42 (heure de Paris)", "2019-02-12"),
        ("Publié le 3 nov. 2017, mis à jour le 4 nov. 2017", "2017-11-03"),
        ("*Publié le 31 août 2020*", "2020-08-31"),
        ("Le 2 novembre 2017, les forces irakiennes progressent vers al-Qaïm.", None),
        ("Vendredi 3 novembre", None),
        ("Publié le 31 février 2017", None),
        ("Daech a déferlé sur l'Irak en 2014.", None),
        ("NOUVELLES D’IRAK", None),
    ],
    ids=[
        "publie-le-with-time", "mis-a-jour", "dd-mm-yyyy", "iso", "iso-datetime", "weekday", "date-prefix-1er",
        "no-accent-and-timezone", "publication-then-update", "markdown-emphasis", "sentence-with-date",
        "no-year", "impossible-date", "year-only", "section-header",
    ],
)
def test_parse_date_line(line, expected):
    assert parse_date_line(line) == (expected and dt.date.fromisoformat(expected))


def test_text_date_only_near_top_or_bottom():
    body = [f"Paragraphe {i} sur les opérations du CTS dans l'Anbar." for i in range(30)]
    assert find_text_date("\n".join(body[:15] + ["03/11/2017"] + body[15:])) is None  # 16th non-blank line
    assert find_text_date("\n\n".join(body[:14] + ["03/11/2017"] + body[14:])) == dt.date(2017, 11, 3)
    assert find_text_date("\n".join(body + ["Publié le 03/11/2017"] + body[:4])) == dt.date(2017, 11, 3)
    assert find_text_date("Mis à jour le 05/11/2017\nPublié le 03/11/2017\n" + ARREST) == dt.date(2017, 11, 3)


@pytest.mark.parametrize(
    "text,url,expected",
    [
        ("Voir https://diyaruna.com/fr/articles/2019/01/02/cts pour la suite.", None, "2019-01-02"),
        ("![Photo](/cnmi_di/images/2020/08/31/25808.jpg)", None, "2020-08-31"),
        ("https://exemple.fr/2019/01/02/a", "https://exemple.fr/2020/08/31/b", "2020-08-31"),
        ("Le 21/08/2020 à Bagdad, sans lien.", None, None),
        ("https://exemple.fr/2020/13/45/faux", None, None),
    ],
    ids=["http-url", "markdown-image", "document-url-first", "no-url", "impossible-date"],
)
def test_find_url_date(text, url, expected):
    assert find_url_date(text, url) == (expected and dt.date.fromisoformat(expected))


@pytest.mark.parametrize(
    "value,expected",
    [("2020-08-31", "2020-08-31"), ("2020-08-31T10:00:00Z", "2020-08-31"), ("31/08/2020", "2020-08-31"),
     ("31 août 2020", "2020-08-31"), ("août 2020", None), ("", None)],
    ids=["iso", "iso-datetime", "french-numeric", "french-words", "no-day", "empty"],
)  # fmt: skip
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == (expected and dt.date.fromisoformat(expected))


def test_resolve_pub_date_unknown():
    assert resolve_pub_date(ARREST) == (None, None)


# --- HTML helpers ------------------------------------------------------------------


def test_plain_text_fallback_drops_scripts_navigation_comments():
    page = ("<html><head><title>T</title></head><body><nav>Accueil</nav><header>Menu</header>"
            "<div>Bagdad <!-- caché --> centre<script>var a = 1;</script> ville</div>"
            "<p>Deux<br>lignes</p><footer>Pied</footer></body></html>")  # fmt: skip
    assert plain_text(page) == "Bagdad centre ville\nDeux\nlignes"


def test_html_falls_back_to_lxml_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(html_module, "trafilatura_text", lambda html: "")
    [doc] = read_all(make_corpus(tmp_path, {"page.html": ARTICLE_HTML}))
    assert doc.status == "ok"
    assert "Dix militants ont été tués" in doc.text and "SCRIPT-DANS-ARTICLE" not in doc.text
    assert "Rubrique Irak" not in doc.text


def test_extract_article_cp1252_page_title():
    article = extract_article("<html><head><title>Été à Mossoul</title></head><body><p>" + ARREST + "</p></body></html>")
    assert article.title == "Été à Mossoul" and "arrêté 35 éléments" in article.text


# --- the seed corpus ----------------------------------------------------------------


def test_seed_corpus():
    docs = read_all(SEEDS)
    assert [(d.doc_id, d.pub_date, d.pub_date_source, d.status) for d in docs] == [
        ("000_cea1a441efd8a299", dt.date(2020, 8, 31), "metadata", "ok"),
        ("003_44c6d5d4010a164b", dt.date(2017, 11, 3), "metadata", "ok"),
    ]
    for doc in docs:
        assert doc.text == (SEEDS / doc.path).read_bytes().decode("utf-8")
        assert (doc.path, doc.encoding, doc.source) == (doc.doc_id + ".txt", "utf-8", "diyaruna.com")
    assert docs[1].title == "Les forces irakiennes reprennent un poste frontalier à Daech"
