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
    """Decode page text: BOM, else UTF-16 by its NUL pattern, else UTF-8, else Windows-1252 line by line.

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
    utf16 = utf16_without_bom(sample)
    if utf16:
        try:
            return raw.decode(utf16)
        except UnicodeDecodeError as error:
            raise InputError(source, f"reads as {utf16} without a byte-order mark but is not valid {utf16}: "
                             f"{error.reason} at byte {error.start}") from None
    if b"\x00" in sample:
        raise InputError(source, "binary content (NUL bytes), not text")
    control = sum(1 for b in sample if b in _CONTROL)
    if control > max(8, len(sample) // 100):
        raise InputError(source, f"binary content ({control} control bytes in the first {len(sample)}), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text = "".join(_decode_line(line) for line in raw.splitlines(keepends=True))
        letters = sum(ch.isalpha() or ch.isspace() for ch in text[:65536])
        if letters < 0.6 * min(len(text), 65536):
            raise InputError(source, "undecodable: not UTF-8 and does not read as text in Windows-1252 either")
        return text


def _decode_line(line: bytes) -> str:
    """One line: UTF-8 when it is valid UTF-8, else Windows-1252 (files pasted together mix the two)."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="strict") if _is_cp1252(line) else line.decode("latin-1")


def _is_cp1252(line: bytes) -> bool:
    return not any(b in _CP1252_UNDEFINED for b in line)


_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes sit at every other position, as in Latin-script UTF-16."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None
