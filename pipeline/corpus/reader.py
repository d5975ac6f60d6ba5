"""Reading a corpus directory into Documents, one at a time (SPEC section 1).

`read_corpus(root)` checks the root at once (the only error it raises), then
returns a generator: files are listed directory by directory and read only
when the next document is asked for, so a corpus of millions never sits in
memory. Order is deterministic: relative paths sorted as strings, JSONL lines
in file order, then one E106 row per metadata.csv row that matched nothing.

Every input gives a Document, failed ones included (status "error" or
"empty", `error` from `Errors`), so the documents table accounts for all of
them; nothing here raises for one bad file. Hidden files and directories
(`.git`, `.ipynb_checkpoints`) are skipped; symbolic links are read only when
they resolve to a file inside the root (a linked directory is not entered:
inside the root it is read at its real path anyway, and it may loop).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import Errors, UsageError
from .decode import BinaryContentError, UndecodableError, binary_reason, bom_encoding, decode_bytes
from .document import Document
from .html import extract_article
from .metadata import METADATA_FILE, MetadataRow, parse_metadata
from .pubdate import parse_date_value, resolve_pub_date

logger = logging.getLogger(__name__)

# File suffix (lower-cased) -> how it is read. Anything else is not a document.
DOCUMENT_SUFFIXES: dict[str, str] = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
JSONL_OPTIONAL_FIELDS = ("title", "url", "source")
BINARY_SNIFF_BYTES = 8192  # a .jsonl that is really an archive gives one E102 row, not one per "line"


def read_corpus(root: Path, pub_date: dt.date | None = None) -> Iterator[Document]:
    """Yield one Document per input document under `root`, lazily and in a fixed order.

    `pub_date` is the `--pub-date` option: it is used when metadata.csv or the
    jsonl `date` field give none, and beats dates inferred from the text or URLs.
    Raises UsageError (E001) only when `root` is not a directory.
    """
    root = Path(root)
    if not root.is_dir():
        raise UsageError(Errors.E001.format(path=root))
    if isinstance(pub_date, dt.datetime):
        pub_date = pub_date.date()
    return _iter_documents(root, pub_date)


def _iter_documents(root: Path, option: dt.date | None) -> Iterator[Document]:
    metadata = load_metadata(root)
    first_path: dict[str, str] = {}  # doc_id (as yielded) -> path it was first read from
    n_copies: dict[str, int] = {}
    for rel in iter_corpus_files(root):
        for doc, declared in read_file(root, rel):
            doc = apply_metadata(doc, metadata.get(doc.doc_id), declared, option)
            yield mark_duplicate(doc, first_path, n_copies)
    for row in metadata.values():
        if row.doc_id not in first_path:
            error = Errors.E106.format(line=row.line, doc_id=row.doc_id)
            yield Document(doc_id=row.doc_id, path=METADATA_FILE, status="error", error=error)


# --- files -----------------------------------------------------------------


def document_kind(name: str) -> str | None:
    """"text", "html" or "jsonl" for a document file name, None for anything else."""
    return DOCUMENT_SUFFIXES.get(os.path.splitext(name)[1].lower())


def doc_id_for(rel: str) -> str:
    """The doc_id of a file: its relative path without extension (`sub/article1`)."""
    return os.path.splitext(rel)[0]


def _inside(path: str, root_real: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(root_real)


def iter_corpus_files(root: Path) -> Iterator[str]:
    """Relative POSIX paths of the document files under `root`, sorted as strings, lazily.

    Each directory is sorted with directories keyed as `name/`, which gives the
    same order as sorting the full relative paths, without listing the tree first.
    """
    yield from _walk(root, "", Path(os.path.realpath(root)))


def _walk(directory: Path, prefix: str, root_real: Path) -> Iterator[str]:
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except OSError as exc:
        logger.warning(Errors.E107.format(path=prefix or ".", reason=exc.strerror or exc))
        return
    keyed: list[tuple[str, str, bool]] = []  # (sort key, relative path, is a directory)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name
        if entry.is_symlink():
            if not _inside(entry.path, root_real):
                logger.warning(Errors.E113.format(path=rel, target=os.path.realpath(entry.path)))
            elif not os.path.isdir(entry.path) and document_kind(entry.name):
                keyed.append((entry.name, rel, False))  # a broken link gives an E107 row
        elif entry.is_dir(follow_symlinks=False):
            keyed.append((entry.name + "/", rel, True))
        elif document_kind(entry.name):
            keyed.append((entry.name, rel, False))
    for _, rel, is_dir in sorted(keyed):
        if is_dir:
            yield from _walk(directory / rel.rpartition("/")[2], rel + "/", root_real)
        else:
            yield rel


def _read_bytes(path: Path) -> bytes:
    """All bytes of one file (a seam for tests: permission errors, laziness)."""
    return path.read_bytes()


def read_file(root: Path, rel: str) -> Iterator[tuple[Document, dt.date | None]]:
    """The Documents of one file, each with the date its own record declares (jsonl `date`)."""
    kind = document_kind(rel)
    if kind == "jsonl":
        yield from read_jsonl(root / rel, rel)
        return
    doc_id = doc_id_for(rel)
    try:
        data = _read_bytes(root / rel)
    except OSError as exc:
        yield _failed(doc_id, rel, Errors.E107.format(path=rel, reason=exc.strerror or exc)), None
        return
    decoded = _decode(doc_id, rel, data)
    if isinstance(decoded, Document):
        yield decoded, None
        return
    text, encoding = decoded
    if not text.strip():
        yield Document(doc_id, rel, text, status="empty", error=Errors.E101.format(path=rel), encoding=encoding), None
    elif kind == "html":
        article = extract_article(text)
        fields = dict(title=article.title, url=article.url, source=article.source, encoding=encoding)
        if article.text.strip():
            yield Document(doc_id, rel, article.text, **fields), None
        else:
            error = Errors.E108.format(path=rel)
            yield Document(doc_id, rel, article.text, status="error", error=error, **fields), None
    else:
        yield Document(doc_id, rel, text, encoding=encoding), None


def _failed(doc_id: str, path: str, error: str, encoding: str | None = None) -> Document:
    return Document(doc_id=doc_id, path=path, status="error", error=error, encoding=encoding)


def _decode(doc_id: str, path: str, data: bytes) -> tuple[str, str] | Document:
    """`(text, encoding)`, or the E102/E103 Document when the bytes are not text."""
    try:
        return decode_bytes(data)
    except BinaryContentError as exc:
        return _failed(doc_id, path, Errors.E102.format(path=path, reason=exc))
    except UndecodableError as exc:
        return _failed(doc_id, path, Errors.E103.format(path=path, reason=exc))


# --- jsonl -----------------------------------------------------------------


def read_jsonl(path: Path, rel: str) -> Iterator[tuple[Document, dt.date | None]]:
    """One Document per non-blank line of a .jsonl file, read line by line."""
    file_doc_id = doc_id_for(rel)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield _failed(file_doc_id, rel, Errors.E107.format(path=rel, reason=exc.strerror or exc)), None
        return
    with handle:
        head = handle.read(BINARY_SNIFF_BYTES)
        handle.seek(0)
        reason = binary_reason(head)
        if reason is not None:
            yield _failed(file_doc_id, rel, Errors.E102.format(path=rel, reason=reason)), None
            return
        if bom_encoding(head) in ("utf-16", "utf-32"):
            # Rare; bytes cannot be split on b"\n" in these encodings, so decode the file whole.
            decoded = _decode(file_doc_id, rel, handle.read())
            if isinstance(decoded, Document):
                yield decoded, None
                return
            text, encoding = decoded
            for lineno, line in enumerate(text.split("\n"), start=1):
                yield from _jsonl_record(line, encoding, rel, lineno)
            return
        for lineno, raw in enumerate(handle, start=1):
            decoded = _decode(f"{file_doc_id}:{lineno}", f"{rel}:{lineno}", raw)
            if isinstance(decoded, Document):
                yield decoded, None
                continue
            yield from _jsonl_record(*decoded, rel, lineno)


def _field(record: dict, name: str) -> str | None:
    value = record.get(name)
    return value if isinstance(value, str) and value.strip() else None


def _jsonl_record(line: str, encoding: str, rel: str, lineno: int) -> Iterator[tuple[Document, dt.date | None]]:
    """The Document of one decoded JSONL line (nothing for a blank line)."""
    if not line.strip():
        return
    fallback_id = f"{doc_id_for(rel)}:{lineno}"
    where = f"{rel}:{lineno}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg} at column {exc.colno}"
        yield _failed(fallback_id, where, Errors.E104.format(path=rel, line=lineno, reason=reason), encoding), None
        return
    if not isinstance(record, dict):
        reason = f"a JSON {type(record).__name__}, not an object"
        yield _failed(fallback_id, where, Errors.E104.format(path=rel, line=lineno, reason=reason), encoding), None
        return
    raw_id = record.get("id")
    doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
    if not doc_id.strip():
        error = Errors.E105.format(path=rel, line=lineno, field="id")
        yield _failed(fallback_id, where, error, encoding), None
        return
    text = record.get("text")
    if not isinstance(text, str) or not text:
        yield _failed(doc_id, where, Errors.E105.format(path=rel, line=lineno, field="text"), encoding), None
        return
    fields = {name: _field(record, name) for name in JSONL_OPTIONAL_FIELDS}
    declared = _jsonl_date(record.get("date"), f"{rel} line {lineno}")
    if not text.strip():
        error = Errors.E101.format(path=where)
        yield Document(doc_id, where, text, status="empty", error=error, encoding=encoding, **fields), declared
    else:
        yield Document(doc_id, where, text, encoding=encoding, **fields), declared


def _jsonl_date(value: object, where: str) -> dt.date | None:
    """The jsonl `date` field as a date; a bad value is logged (E112) and ignored."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    date = parse_date_value(value) if isinstance(value, str) else None
    if date is None:
        logger.warning(Errors.E112.format(where=where, field="date", value=value))
    return date


# --- metadata, dates, duplicates ---------------------------------------------


def load_metadata(root: Path) -> dict[str, MetadataRow]:
    """metadata.csv rows by doc_id ({} when there is none); problems are logged, never raised."""
    path = root / METADATA_FILE
    if not path.is_file():
        return {}
    if not _inside(str(path), Path(os.path.realpath(root))):
        logger.warning(Errors.E113.format(path=METADATA_FILE, target=os.path.realpath(path)))
        return {}
    try:
        text, _ = decode_bytes(_read_bytes(path))
    except OSError as exc:
        logger.warning(Errors.E107.format(path=METADATA_FILE, reason=exc.strerror or exc))
        return {}
    except BinaryContentError as exc:
        logger.warning(Errors.E102.format(path=METADATA_FILE, reason=exc))
        return {}
    except UndecodableError as exc:
        logger.warning(Errors.E103.format(path=METADATA_FILE, reason=exc))
        return {}
    rows, warnings = parse_metadata(text)
    for warning in warnings:
        logger.warning(warning)
    return rows


def apply_metadata(
    doc: Document, row: MetadataRow | None, declared: dt.date | None, option: dt.date | None
) -> Document:
    """Fill title/url/source (metadata.csv beats what the file says) and the pub-date chain."""
    title, url, source = doc.title, doc.url, doc.source
    if row is not None:
        title, url, source = row.title or title, row.url or url, row.source or source
    pub_date, pub_date_source = resolve_pub_date(
        doc.text,
        metadata=row.pub_date if row is not None else None,
        jsonl=declared,
        option=option,
        url=url,
    )
    return replace(doc, title=title, url=url, source=source, pub_date=pub_date, pub_date_source=pub_date_source)


def mark_duplicate(doc: Document, first_path: dict[str, str], n_copies: dict[str, int]) -> Document:
    """`doc` unchanged the first time its doc_id is seen; later copies become `id#2`, `id#3`... errors (E110).

    The copy keeps its text so the row shows what was read; an earlier error
    (E101, E105...) is kept in front of the E110 message.
    """
    if doc.doc_id not in first_path:
        first_path[doc.doc_id] = doc.path
        return doc
    n = n_copies.get(doc.doc_id, 1) + 1
    while f"{doc.doc_id}#{n}" in first_path:
        n += 1
    n_copies[doc.doc_id] = n
    new_id = f"{doc.doc_id}#{n}"
    first_path[new_id] = doc.path
    message = Errors.E110.format(path=doc.path, doc_id=doc.doc_id, first=first_path[doc.doc_id])
    error = f"{doc.error} {message}" if doc.error else message
    return replace(doc, doc_id=new_id, status="error", error=error)
