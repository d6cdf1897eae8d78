"""Bytes to text with clear refusals: empty, binary and undecodable inputs."""

from __future__ import annotations

import codecs
import re

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
        text = _decode_lines(raw)
        letters = sum(ch.isalpha() or ch.isspace() for ch in text[:65536])
        if letters < 0.6 * min(len(text), 65536):
            raise InputError(source, "undecodable: not UTF-8 and does not read as text in Windows-1252 either")
        return text


def _decode_lines(raw: bytes) -> str:
    return "".join(_decode_line(line) for line in raw.splitlines(keepends=True))


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


def check_html_not_binary(raw: bytes, source: str) -> None:
    """Refuse an HTML page's bytes that hold NUL bytes no UTF-16 encoding explains."""
    sample = raw[:65536]
    if b"\x00" not in sample or raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if not utf16_without_bom(sample):
        raise InputError(source, "binary content (NUL bytes), not an HTML page")


# Labels browsers read as Windows-1252 (WHATWG Encoding Standard): pages so labelled use its curly quotes and dashes.
_READ_AS_CP1252 = {"ascii", "iso8859-1"}
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def charset_of(content_type: str) -> str | None:
    """The Python codec that a Content-Type's charset parameter names ("text/html; charset=windows-1252" gives
    "cp1252"), or None when it names none or one Python does not know."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return _codec_for(value.strip().strip("\"'"))
    return None


def html_media_type(content_type: str) -> str:
    """The media type an HTML page is stored with: "text/html", with the charset its HTTP header declared
    ("text/html; charset=cp1252"), which decoding takes before the page's own."""
    charset = charset_of(content_type)
    return f"text/html; charset={charset}" if charset else "text/html"


def _meta_charset(raw: bytes) -> str | None:
    """The Python codec that an HTML page's <meta charset> (or http-equiv Content-Type) names in its first 4 KB."""
    found = _META_CHARSET.search(raw[:4096])
    return _codec_for(found.group(1).decode("ascii", errors="replace")) if found else None


def _codec_for(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
        "".encode(name)  # refuses codecs that are no text encoding (base64, zlib)
    except (LookupError, ValueError):
        return None
    return "cp1252" if name in _READ_AS_CP1252 else name


def decode_html(raw: bytes, source: str, http_charset: str | None = None) -> str:
    """Decode an HTML page: byte-order mark or UTF-16 as ``decode_text`` reads them, else the HTTP header's
    charset, else the page's meta charset, else UTF-8, else Windows-1252 line by line.

    A declared charset the bytes are not valid in is passed over for the next
    way. Raises ``InputError`` only for a byte-order mark or UTF-16 pattern the bytes belie.
    """
    if raw.startswith(tuple(bom for bom, _ in _BOMS)) or utf16_without_bom(raw[:65536]):
        return decode_text(raw, source)
    for charset in (http_charset, _meta_charset(raw), "utf-8"):
        if charset:
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return _decode_lines(raw)
