"""Bytes to text, exactly as written: every offset in the output points into this text.

Order: refuse binary (magic numbers, NUL bytes), then a byte-order mark decides
(UTF-8 with BOM -> "utf-8-sig", the BOM dropped; UTF-16/32 -> "utf-16"/"utf-32"),
then strict UTF-8, then charset-normalizer's best guess among the western
single-byte encodings French news comes in (cp1252, latin-1, iso-8859-15).
Nothing else is tried on purpose: a wider guess (Cyrillic, Greek, Shift-JIS...)
turns mis-encoded French into confident mojibake, which is worse than an E103
row. Newlines are never normalised and nothing is stripped (CRLF stays CRLF).
"""

from __future__ import annotations

import codecs

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


class BinaryContentError(ValueError):
    """The bytes are not text (an image, an archive, NUL bytes): E102."""


class UndecodableError(ValueError):
    """The bytes are text-like but fit no accepted encoding: E103."""


def binary_reason(data: bytes) -> str | None:
    """Why `data` is binary ("PNG image", "NUL bytes"), or None if it may be text.

    NUL bytes only count without a UTF-16/32 BOM: those encodings are full of them.
    """
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            return what
    if b"\x00" in data and bom_encoding(data) is None:
        return "NUL bytes"
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
    best = from_bytes(data, cp_isolation=list(WESTERN_ENCODINGS)).best()
    if best is None:
        return None
    return WESTERN_ENCODINGS.get(best.encoding)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return `(text, encoding)` for the bytes of one document.

    Raises BinaryContentError or UndecodableError, with a short reason to put
    in the E102/E103 message.
    """
    reason = binary_reason(data)
    if reason is not None:
        raise BinaryContentError(reason)
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            reason = f"invalid {encoding} after its byte-order mark: {exc.reason} at byte {exc.start}"
            raise UndecodableError(reason) from None
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
