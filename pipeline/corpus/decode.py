"""Bytes to text, exactly as written: every offset in the output points into this text.

Order: refuse binary by magic number, then a byte-order mark decides
(UTF-8 with BOM -> "utf-8-sig", the BOM dropped; UTF-16/32 -> "utf-16"/"utf-32"),
then UTF-16 without a BOM when the bytes leave no doubt (see `utf16_without_bom`),
then refuse bytes of which more than 1 in 20 are NUL or other control bytes
(`control_reason`: an article with a few stray NULs is read, and the pipeline
sees them as spaces), then strict UTF-8, then charset-normalizer's best
guess among the western single-byte encodings French news comes in (cp1252,
latin-1, iso-8859-15).
Nothing else is tried on purpose: a wider guess (Cyrillic, Greek, Shift-JIS...)
turns mis-encoded French into confident mojibake, which is worse than an E103
row. Newlines are never normalised and nothing is stripped (CRLF stays CRLF).
"""

from __future__ import annotations

import array
import codecs
import re

from charset_normalizer import from_bytes

# (magic prefix, what it is); checked before anything else.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "GZIP archive"),
    (b"\xfd7zXZ\x00", "XZ archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (old .doc/.xls)"),
)

# UTF-32 LE must come before UTF-16 LE: its BOM starts with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset-normalizer's codec names -> the names written to `Document.encoding`.
WESTERN_ENCODINGS: dict[str, str] = {
    "cp1252": "cp1252",
    "latin_1": "latin-1",
    "iso8859_15": "iso-8859-15",
}


# UTF-16 without a BOM: share of code units that must look like Latin text
# (high byte 0, low byte not 0). French prose is above 0.99; 0.9 leaves room for
# curly quotes, the euro sign and NFD accents (U+0300 has a NUL low byte).
UTF16_LATIN_SHARE = 0.9
# Decoded characters that real text never holds (C0 controls but tab, LF, VT, FF, CR).
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# The same as bytes: in UTF-8 and the western single-byte encodings each is one byte.
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
CONTROL_BYTES_RE = re.compile(b"[\x00-\x08\x0e-\x1f\x7f]")
# Bytes with a larger share of control bytes are binary (random bytes have 1 in 10;
# an article with stray NULs a handful in thousands).
MAX_CONTROL_SHARE = 0.05


class BinaryContentError(ValueError):
    """The bytes are not text (an image, an archive, NUL bytes): E102."""


class UndecodableError(ValueError):
    """The bytes are text-like but fit no accepted encoding: E103."""


def magic_reason(data: bytes) -> str | None:
    """What file type the first bytes of `data` announce ("PNG image"), or None."""
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            return what
    return None


def nul_reason(data: bytes) -> str | None:
    """"NUL bytes, the first at byte N" when `data` holds one, else None."""
    first = data.find(b"\x00")
    return None if first < 0 else f"NUL bytes, the first at byte {first}"


def control_reason(data: bytes) -> str | None:
    """Why `data` is binary by its share of NUL and other control bytes (over `MAX_CONTROL_SHARE`), or None."""
    n_control = len(data) - len(data.translate(None, CONTROL_BYTES))
    if n_control <= MAX_CONTROL_SHARE * len(data):
        return None
    what = "NUL bytes" if b"\x00" in data else "control bytes"
    first = CONTROL_BYTES_RE.search(data).start()
    return f"{what}: {n_control:,} control bytes in {len(data):,}, the first at byte {first}"


def binary_reason(data: bytes) -> str | None:
    """Why `data` is binary ("PNG image", "NUL bytes: 2 control bytes in 15, ..."), or None if it may be text.

    Control bytes only count without a UTF-16/32 BOM: those encodings are full of
    NUL bytes. UTF-16 without a BOM counts as binary here; `decode_bytes` still
    reads it when `utf16_without_bom` recognises it.
    """
    if (what := magic_reason(data)) is not None:
        return what
    if bom_encoding(data) is None:
        return control_reason(data)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `data` is unmistakably UTF-16 Latin text without a BOM, else None.

    Some Windows tools write UTF-16 with no byte-order mark. French text then has
    a NUL as every other byte (`L\\x00e\\x00`), which no other text encoding
    produces, so the guess is safe when: the length is even, at least 90% of the
    code units are Latin-1 characters on the one side (`UTF16_LATIN_SHARE`), the
    decoding is strict and the text holds no control characters.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    n_units = len(data) // 2
    zero_units = array.array("H", data).count(0)  # U+0000, whatever the byte order
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        latin = high.count(0) - zero_units
        if latin < UTF16_LATIN_SHARE * n_units:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None
        return None if CONTROL_RE.search(text) else encoding
    return None


def bom_encoding(data: bytes) -> str | None:
    """The codec named by the byte-order mark at the start of `data`, or None."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    return None


def guess_western(data: bytes) -> str | None:
    """charset-normalizer's best western encoding for `data` (our name), or None.

    latin-1 and cp1252 decode bytes 0xA0-0xFF identically, so a latin-1 file
    without bytes 0x80-0x9F is usually reported as "cp1252": same text.
    """
    try:
        best = from_bytes(data, cp_isolation=list(WESTERN_ENCODINGS)).best()
    except Exception:  # noqa: BLE001  (a detector bug must give an E103 row, not stop the corpus)
        return None
    if best is None:
        return None
    return WESTERN_ENCODINGS.get(best.encoding)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return `(text, encoding)` for the bytes of one document.

    Raises BinaryContentError or UndecodableError, with a short reason to put
    in the E102/E103 message.
    """
    reason = magic_reason(data)
    if reason is not None:
        raise BinaryContentError(reason)
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            reason = f"invalid {encoding} after its byte-order mark: {exc.reason} at byte {exc.start}"
            raise UndecodableError(reason) from None
    if b"\x00" in data and (encoding := utf16_without_bom(data)) is not None:
        return data.decode(encoding), encoding
    if (reason := control_reason(data)) is not None:
        raise BinaryContentError(reason)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 at byte {exc.start}"
    encoding = guess_western(data)
    if encoding is None:
        raise UndecodableError(f"{utf8_error}, and no cp1252/latin-1/iso-8859-15 reading is plausible")
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:  # charset-normalizer said yes, the codec says no
        raise UndecodableError(f"{utf8_error}, and invalid {encoding} at byte {exc.start}") from None
