"""Reading a corpus directory into Documents, one at a time (SPEC section 1).

`read_corpus(root)` checks the root at once (the only error it raises), then
returns a generator: files are listed directory by directory and read only
when the next document is asked for, so a corpus of millions never sits in
memory. Order is deterministic: relative paths sorted as strings, JSONL lines
in file order, then one E106 row per metadata.csv row that matched nothing.

Every input gives a Document, failed ones included (status "error" or
"empty", `error` from `Errors`, one line naming the file and line), so the
documents table accounts for all of them; nothing here raises for one bad
file, and an unexpected failure on one document becomes an E118 row. Hidden
files and directories (`.git`, `.ipynb_checkpoints`) are skipped; symbolic
links are read only when they resolve to a file inside the root (a linked
directory is not entered: inside the root it is read at its real path anyway,
and it may loop). Only regular files are read: a named pipe called `x.txt`
would block the run forever.

Length is no reason to refuse a document: long ones are processed in pieces
(`pipeline.pieces`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import Errors, UsageError
from .decode import (
    CONTROL_RE,
    BinaryContentError,
    UndecodableError,
    bom_encoding,
    decode_bytes,
    magic_reason,
    nul_reason,
    utf16_without_bom,
)
from .document import Document
from .html import extract_article
from .metadata import METADATA_FILE, MetadataRow, parse_metadata
from .pubdate import parse_date_value, resolve_pub_date

logger = logging.getLogger(__name__)

# File suffix (lower-cased) -> how it is read. Anything else is not a document.
DOCUMENT_SUFFIXES: dict[str, str] = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
JSONL_OPTIONAL_FIELDS = ("title", "url", "source")
BINARY_SNIFF_BYTES = 8192  # a .jsonl that is really an archive gives one E102 row, not one per "line"
# Characters escaped in paths and messages so that an `error` stays on one line
# (a file name may hold a newline); str.splitlines() splits on all of them.
LINE_BREAKING_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A lone UTF-16 surrogate: json.loads accepts "\ud83d" alone, UTF-8 cannot encode it.
SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
FILE_TYPES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_corpus(root: Path, pub_date: dt.date | None = None) -> Iterator[Document]:
    """Yield one Document per input document under `root`, lazily and in a fixed order.

    `pub_date` is the `--pub-date` option: it is used when metadata.csv or the
    jsonl `date` field give none, and beats dates inferred from the text or URLs.
    Raises UsageError only when `root` is not a directory (E001).
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
        shown = display_rel(rel)
        for doc, declared in _guarded(read_file(root, rel), doc_id_for(shown), shown):
            try:
                doc = apply_metadata(doc, metadata.get(doc.doc_id), declared, option)
            except Exception as exc:  # noqa: BLE001  (one odd document must not stop the corpus)
                doc = _unexpected(doc.doc_id, doc.path, exc)
            yield mark_duplicate(_one_line(_control_warning(doc)), first_path, n_copies)
    for row in metadata.values():
        if row.doc_id not in first_path:
            error = Errors.E106.format(line=row.line, doc_id=row.doc_id)
            yield Document(doc_id=row.doc_id, path=METADATA_FILE, status="error", error=error)


def _guarded(
    documents: Iterator[tuple[Document, dt.date | None]], doc_id: str, path: str
) -> Iterator[tuple[Document, dt.date | None]]:
    """`documents`, but an unexpected exception becomes one E118 row (`doc_id`, `path`) instead of a crash."""
    while True:
        try:
            item = next(documents)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001
            logger.exception("reader failure on %s", path)
            yield _unexpected(doc_id, path, exc), None
            return
        yield item


def _control_warning(doc: Document) -> Document:
    """`doc` with a W101 warning when its text holds control characters (which the pipeline reads as spaces)."""
    found = CONTROL_RE.search(doc.text) if doc.status == "ok" else None
    if found is None:
        return doc
    warning = Errors.W101.format(path=doc.path, count=len(CONTROL_RE.findall(doc.text)), first=found.start())
    return replace(doc, warning=f"{doc.warning} {warning}" if doc.warning else warning)


def _unexpected(doc_id: str, path: str, exc: BaseException) -> Document:
    reason = f"{type(exc).__name__}: {exc}"
    return _failed(doc_id, path, Errors.E118.format(path=path, reason=escape_line_breaks(reason)[:300]))


def escape_line_breaks(text: str) -> str:
    """`text` with line-breaking and control characters written as escapes (`\n` -> `\\n`)."""
    if not LINE_BREAKING_RE.search(text):
        return text
    return LINE_BREAKING_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _one_line(doc: Document) -> Document:
    if doc.error and LINE_BREAKING_RE.search(doc.error):
        return replace(doc, error=escape_line_breaks(doc.error))
    return doc


# --- files -----------------------------------------------------------------


def document_kind(name: str) -> str | None:
    """"text", "html" or "jsonl" for a document file name, None for anything else."""
    return DOCUMENT_SUFFIXES.get(os.path.splitext(name)[1].lower())


def doc_id_for(rel: str) -> str:
    """The doc_id of a file: its relative path without extension (`sub/article1`)."""
    return os.path.splitext(rel)[0]


def display_rel(rel: str) -> str:
    """`rel` as written in `path`, `doc_id` and messages: valid Unicode on one line.

    A file name that is not UTF-8 comes from the OS with surrogate escapes,
    which Parquet cannot store: its bytes are shown as `\xe9`. Control
    characters and line breaks are escaped (`\n`), so an `error` stays one line.
    The file itself is still read at its real name.
    """
    if rel.isprintable():
        return rel
    shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return escape_line_breaks(shown)


def _inside(path: str, root_real: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(root_real)


def iter_corpus_files(root: Path) -> Iterator[str]:
    """Relative POSIX paths of the document files under `root`, sorted as strings, lazily.

    Each directory is sorted with directories keyed as `name/`, which gives the
    same order as sorting the full relative paths, without listing the tree first.
    The walk keeps its own stack, so a very deep tree cannot exhaust Python's recursion.
    """
    root_real = Path(os.path.realpath(root))
    stack = [iter(_listing(root, "", root_real))]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        rel, is_dir = item
        if is_dir:
            stack.append(iter(_listing(root / rel, rel + "/", root_real)))
        else:
            yield rel


def _listing(directory: Path, prefix: str, root_real: Path) -> list[tuple[str, bool]]:
    """`(relative path, is a directory)` of the entries of one directory worth visiting, in walk order."""
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except OSError as exc:
        logger.warning(Errors.E107.format(path=display_rel(prefix) or ".", reason=exc.strerror or exc))
        return []
    keyed: list[tuple[str, str, bool]] = []  # (sort key, relative path, is a directory)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name
        try:
            is_link = entry.is_symlink()
            is_dir = not is_link and entry.is_dir(follow_symlinks=False)
        except OSError:  # cannot even stat it: read it as a file, which gives an E107 row
            is_link = is_dir = False
        if is_link:
            if not _inside(entry.path, root_real):
                logger.warning(Errors.E113.format(path=display_rel(rel), target=display_rel(os.path.realpath(entry.path))))
            elif not os.path.isdir(entry.path) and document_kind(entry.name):
                keyed.append((entry.name, rel, False))  # a broken link gives an E107 row
        elif is_dir:
            keyed.append((entry.name + "/", rel, True))
        elif document_kind(entry.name):
            keyed.append((entry.name, rel, False))
    return [(rel, is_dir) for _, rel, is_dir in sorted(keyed)]


def _read_bytes(path: Path) -> bytes:
    """All bytes of one file (a seam for tests: permission errors, laziness)."""
    return path.read_bytes()


def _open_binary(path: Path):
    """The file opened for reading bytes (a seam for tests, as `_read_bytes`)."""
    return open(path, "rb")


def _regular_size(path: Path) -> int:
    """The size in bytes of the file at `path` (links followed); OSError if it is not a regular file.

    A named pipe or a device called `x.txt` would block or never end.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        what = next((name for test, name in FILE_TYPES if test(st.st_mode)), "not a regular file")
        raise OSError(f"not a regular file but {what}; only regular files are read")
    return st.st_size


def _os_reason(exc: OSError) -> str:
    return str(exc.strerror or exc)


def read_file(root: Path, rel: str) -> Iterator[tuple[Document, dt.date | None]]:
    """The Documents of one file, each with the date its own record declares (jsonl `date`)."""
    kind = document_kind(rel)
    shown = display_rel(rel)
    if kind == "jsonl":
        yield from read_jsonl(root / rel, shown)
        return
    doc_id = doc_id_for(shown)
    try:
        _regular_size(root / rel)
        data = _read_bytes(root / rel)
    except OSError as exc:
        yield _failed(doc_id, shown, Errors.E107.format(path=shown, reason=_os_reason(exc))), None
        return
    decoded = _decode(doc_id, shown, data)
    if isinstance(decoded, Document):
        yield decoded, None
        return
    text, encoding = decoded
    if not text.strip():
        yield Document(doc_id, shown, text, status="empty", error=Errors.E101.format(path=shown), encoding=encoding), None
    elif kind == "html":
        article = extract_article(text)
        warning = Errors.W102.format(path=shown, reason=article.too_deep) if article.too_deep else None
        fields = dict(title=article.title, url=article.url, source=article.source, encoding=encoding, warning=warning)
        if not article.text.strip():
            error = Errors.E108.format(path=shown)
            yield Document(doc_id, shown, article.text, status="error", error=error, **fields), None
        else:
            yield Document(doc_id, shown, article.text, **fields), None
    else:
        yield Document(doc_id, shown, text, encoding=encoding), None


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


def _jsonl_binary_reason(head: bytes) -> str | None:
    """Why a whole .jsonl file is binary, judged on its first bytes; None to read it line by line.

    A magic number decides at once. NUL bytes only condemn the whole file when
    it does not even start like JSONL (`{`): inside a real JSONL file they
    belong to one bad line, which gets its own E102 row while the others are read.
    """
    if (what := magic_reason(head)) is not None:
        return what
    if b"\x00" in head and not head.lstrip(b" \t\r\n").startswith(b"{"):
        return nul_reason(head)
    return None


def _whole_file_encoding(head: bytes, complete: bool) -> str | None:
    """The encoding of a .jsonl file that cannot be split on b"\\n": UTF-16/32, with or without BOM."""
    encoding = bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        return encoding
    if b"\x00" not in head:
        return None
    sample = head if complete else head[: len(head) // 2 * 2 - 2]  # no code unit or pair cut in two
    return utf16_without_bom(sample)


def read_jsonl(path: Path, rel: str) -> Iterator[tuple[Document, dt.date | None]]:
    """One Document per non-blank line of a .jsonl file, read line by line (`rel` as displayed).

    A file with no non-blank line gives one E101 row for the file, so that it
    is accounted for like an empty .txt.
    """
    n_documents = 0
    for item in _jsonl_documents(path, rel):
        n_documents += 1
        yield item
    if n_documents == 0:
        yield Document(doc_id_for(rel), rel, "", status="empty", error=Errors.E101.format(path=rel)), None


def _jsonl_documents(path: Path, rel: str) -> Iterator[tuple[Document, dt.date | None]]:
    file_doc_id = doc_id_for(rel)
    try:
        _regular_size(path)
        handle = _open_binary(path)
    except OSError as exc:
        yield _failed(file_doc_id, rel, Errors.E107.format(path=rel, reason=_os_reason(exc))), None
        return
    with handle:
        try:
            head = handle.read(BINARY_SNIFF_BYTES)
            complete = not handle.read(1)
            handle.seek(0)
        except OSError as exc:
            yield _failed(file_doc_id, rel, Errors.E107.format(path=rel, reason=_os_reason(exc))), None
            return
        whole = magic_reason(head) is None and _whole_file_encoding(head, complete) is not None
        reason = None if whole else _jsonl_binary_reason(head)
        if reason is not None:
            yield _failed(file_doc_id, rel, Errors.E102.format(path=rel, reason=reason)), None
            return
        if whole:
            # Rare; bytes cannot be split on b"\n" in these encodings, so decode the file whole.
            decoded = _decode(file_doc_id, rel, handle.read())
            if isinstance(decoded, Document):
                yield decoded, None
                return
            text, encoding = decoded
            for lineno, line in enumerate(text.split("\n"), start=1):
                yield from _guarded(_jsonl_record(line, encoding, rel, lineno), f"{file_doc_id}:{lineno}", f"{rel}:{lineno}")
            return
        lines = enumerate(iter(handle.readline, b""), start=1)
        lineno = 0
        while True:
            try:
                lineno, raw = next(lines)
            except StopIteration:
                return
            except OSError as exc:  # the disk failed mid-file: say where, keep what was read
                where = f"{rel}:{lineno + 1}"
                yield _failed(f"{file_doc_id}:{lineno + 1}", where, Errors.E107.format(path=where, reason=_os_reason(exc))), None
                return
            where = f"{rel}:{lineno}"
            decoded = _decode(f"{file_doc_id}:{lineno}", where, raw)
            if isinstance(decoded, Document):
                yield decoded, None
            else:
                yield from _guarded(_jsonl_record(*decoded, rel, lineno), f"{file_doc_id}:{lineno}", where)


def _valid_unicode(value: str, where: str, field: str) -> str:
    """`value` with each lone surrogate replaced by U+FFFD (same length), logged as E117."""
    count = len(SURROGATE_RE.findall(value))
    if not count:
        return value
    logger.warning(Errors.E117.format(where=where, field=field, count=count))
    return SURROGATE_RE.sub("\ufffd", value)


def _field(record: dict, name: str, where: str) -> str | None:
    value = record.get(name)
    return _valid_unicode(value, where, name) if isinstance(value, str) and value.strip() else None


def _json_kind(value: object) -> str:
    kinds = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "arrays or objects nested too deeply"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _jsonl_record(line: str, encoding: str, rel: str, lineno: int) -> Iterator[tuple[Document, dt.date | None]]:
    """The Document of one decoded JSONL line (nothing for a blank line)."""
    if not line.strip():
        return
    fallback_id = f"{doc_id_for(rel)}:{lineno}"
    where = f"{rel}:{lineno}"
    told = f"{rel} line {lineno}"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:  # ValueError: also integers over 4,300 digits
        reason = _json_error(exc)
        yield _failed(fallback_id, where, Errors.E104.format(path=rel, line=lineno, reason=reason), encoding), None
        return
    if not isinstance(record, dict):
        reason = f"a JSON {_json_kind(record)}, not an object"
        yield _failed(fallback_id, where, Errors.E104.format(path=rel, line=lineno, reason=reason), encoding), None
        return
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or (raw_id is not None and not isinstance(raw_id, (str, int))):
        error = Errors.E116.format(path=rel, line=lineno, field="id", kind=_json_kind(raw_id), hint=" or an integer")
        yield _failed(fallback_id, where, error, encoding), None
        return
    doc_id = _valid_unicode(str(raw_id), told, "id") if raw_id is not None else ""
    if not doc_id.strip():
        error = Errors.E105.format(path=rel, line=lineno, field="id")
        yield _failed(fallback_id, where, error, encoding), None
        return
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        error = Errors.E116.format(path=rel, line=lineno, field="text", kind=_json_kind(text), hint="")
        yield _failed(doc_id, where, error, encoding), None
        return
    if not text:
        yield _failed(doc_id, where, Errors.E105.format(path=rel, line=lineno, field="text"), encoding), None
        return
    text = _valid_unicode(text, told, "text")
    fields = {name: _field(record, name, told) for name in JSONL_OPTIONAL_FIELDS}
    date = record.get("date")
    declared = _jsonl_date(_valid_unicode(date, told, "date") if isinstance(date, str) else date, told)
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
        shown = value if isinstance(value, str) and len(value) <= 100 else f"{str(value)[:100]}..."
        logger.warning(Errors.E112.format(where=where, field="date", value=shown))
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
        _regular_size(path)
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
