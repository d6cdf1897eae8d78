"""Bytes to text with clear refusals: empty, binary and undecodable inputs."""

from __future__ import annotations

import codecs

from storyline.ingest.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}


def check_not_empty(raw: bytes, source: str) -> None:
    if not raw.strip():
        raise InputError(source, "empty file (no bytes other than whitespace)")


def decode_text(raw: bytes, source: str) -> str:
    """Decode page text: BOM, else UTF-8, else Windows-1252 when the bytes read as text.

    Raises ``InputError`` for empty input, binary content (NUL or many control
    bytes) and bytes that no likely encoding turns into readable text.
    """
    check_not_empty(raw, source)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(source, f"starts with a {encoding} byte-order mark but is not valid {encoding}: {error.reason} at byte {error.start}") from None
    sample = raw[:65536]
    if b"\x00" in sample:
        raise InputError(source, "binary content (NUL bytes), not text")
    control = sum(1 for b in sample if b in _CONTROL)
    if control > max(8, len(sample) // 100):
        raise InputError(source, f"binary content ({control} control bytes in the first {len(sample)}), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(
                source,
                f"undecodable: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                "and not Windows-1252 either; convert it to UTF-8",
            ) from None
        letters = sum(ch.isalpha() or ch.isspace() for ch in text[:65536])
        if letters < 0.6 * min(len(text), 65536):
            raise InputError(source, "undecodable: not UTF-8 and does not read as text in Windows-1252")
        return text
