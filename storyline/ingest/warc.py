"""WARC archives (plain or gzipped): the HTML responses inside become raw documents.

Responses other than 2xx (redirects, errors) are skipped like revisits and
non-HTML records; a response without a Content-Type is read when its payload
looks like HTML. Every record is read to its end, so a record of any type cut
short is reported (the documents before it are kept). The HTTP header's
charset travels in the media type ("text/html; charset=cp1252"), the payload
stays the bytes as archived.
"""

from __future__ import annotations

import codecs
import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

from storyline.ingest.decode import check_html_not_binary, html_media_type
from storyline.ingest.errors import InputError
from storyline.limits import max_document_bytes, too_large
from storyline.model import RawDocument

try:
    import brotli
except ImportError:  # a dependency; without it warcio passes "br" payloads on undecoded, and they are refused as binary
    brotli = None

# How a payload with no Content-Type shows it is HTML: how it opens, or a tag within its first kilobyte.
_HTML_OPENINGS = (b"<!doctype html", b"<html")
_HTML_TAGS = (b"<html", b"<head", b"<body", b"<p>", b"<p ")


class _BrotliDecompressor:
    """brotli's decompressor with the interface warcio asks of one (zlib's, as brotlipy had it): warcio's own
    factory for "br" fails on the brotli package, whose decompressor has ``process`` and takes no attributes."""

    unused_data = None  # as warcio's factory sets it: nothing kept past the end of the stream

    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decompress(self, data: bytes) -> bytes:
        return self._decompressor.process(data)

    def flush(self) -> bytes:
        return b""


if brotli is not None:
    BufferedReader.DECOMPRESSORS["br"] = _BrotliDecompressor


def read_warc(path: Path) -> Iterator[RawDocument | InputError]:
    found = not_ok = 0  # HTML responses read; responses skipped for their status (redirects, errors)
    limit = max_document_bytes()
    labels: set[str] = set()
    with path.open("rb") as stream:
        try:
            for record in _records(stream, plain=not path.name.lower().endswith(".gz")):
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                source = f"{path}#{uri}" if uri else f"{path}#{found + 1}"
                not_ok += _redirect_or_error(record)
                payload = _html_payload(record, limit + 1)
                size = len(payload or b"") + getattr(record.raw_stream, "limit", 0)  # read, and left to read
                damage = _damage(record)
                if damage:
                    yield InputError(source, f"damaged WARC: {damage}")
                    return
                if payload is None:
                    continue
                found += 1
                source = _unique_label(source, record, labels)  # a URL captured twice is two pages
                if len(payload) > limit:
                    yield InputError(source, f"response {too_large(size)}; skipped")
                    continue
                if not payload.strip():
                    yield InputError(source, "empty HTML response")
                    continue
                try:
                    check_html_not_binary(payload, source)
                except InputError as error:
                    encoding = record.http_headers.get_header("Content-Encoding") if record.http_headers else None
                    yield InputError(source, f"{error.message}{f' (Content-Encoding: {encoding})' if encoding else ''}"
                                     "; skipped")
                    continue
                meta = {"url": uri} if uri.startswith(("http://", "https://")) else {}
                yield RawDocument(raw=payload, source=source, media_type=html_media_type(_content_type(record)),
                                  meta=meta)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
            yield InputError(str(path), f"damaged WARC after {found} HTML responses: {error}")
            return
    if path.name.lower().endswith(".gz") and not _gzip_intact(path):
        yield InputError(str(path), f"damaged WARC after {found} HTML responses: the gzip stream is truncated or corrupt")
    elif found == 0:
        skipped = f" ({not_ok} redirect or error responses skipped)" if not_ok else ""
        yield InputError(str(path), f"WARC holds no HTML responses{skipped}")


def _unique_label(label: str, record: ArcWarcRecord, taken: set[str]) -> str:
    """``label``, or for a later capture of the same URL the label with its WARC-Date ("file#URL@2026-03-10T08:00:00Z",
    then " (2)" if even that repeats): each page is named apart, the first as it always was."""
    if label in taken:
        stamp = record.rec_headers.get_header("WARC-Date")
        base = label = f"{label}@{stamp}" if stamp else label
        number = 2
        while label in taken:
            label, number = f"{base} ({number})", number + 1
    taken.add(label)
    return label


def _content_type(record: ArcWarcRecord) -> str:
    return record.http_headers.get_header("Content-Type", "") if record.http_headers else ""


def _redirect_or_error(record: ArcWarcRecord) -> bool:
    """Whether the record is a response with an HTTP status other than 2xx (its page is not the article)."""
    status = record.http_headers.get_statuscode() if record.http_headers else None
    return record.rec_type == "response" and bool(status) and not status.startswith("2")


def _html_payload(record: ArcWarcRecord, most: int) -> bytes | None:
    """Up to ``most`` bytes of the payload of a 2xx response that is HTML, by its Content-Type or, when it has
    none, by its look; None for any other record."""
    if record.rec_type != "response" or _redirect_or_error(record):
        return None
    content_type = _content_type(record)
    if content_type and "html" not in content_type.lower():
        return None
    payload = record.content_stream().read(most)
    return payload if content_type or _looks_like_html(payload) else None


def _looks_like_html(payload: bytes) -> bool:
    """Whether a payload that came without a Content-Type is an HTML page."""
    head = payload[:1024].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith(_HTML_OPENINGS) or any(tag in head for tag in _HTML_TAGS)


def _records(stream: BinaryIO, plain: bool) -> Iterator[ArcWarcRecord]:
    """The archive's records, raising ``ArchiveLoadFailed`` for the damage warcio passes over: a response whose
    headers end before its WARC-Target-URI, and in a ``plain`` (not gzipped) archive bytes after the last
    record, one cut short in its headers (warcio takes the end of the file there for the end of the archive)."""
    records = ArchiveIterator(stream)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except AttributeError as error:  # warcio reads the missing WARC-Target-URI as None
            raise ArchiveLoadFailed("a record's headers are cut short (no WARC-Target-URI)") from error
        yield record
    left = os.fstat(stream.fileno()).st_size - records.offset
    if plain and left > 0:
        raise ArchiveLoadFailed(f"the file's last {left} bytes are a record cut short in its headers")


def _damage(record: ArcWarcRecord) -> str | None:
    """What is wrong with the record's length, found by reading what is left of it: warcio skips the rest of a
    record silently, so a plain archive cut inside a record nobody read would pass for whole."""
    if not isinstance(record.raw_stream, LimitReader):  # warcio then reads the rest of the archive as this record
        return "record without a Content-Length (its headers cut short)" if record.format == "warc" else None
    while record.raw_stream.read(1 << 16):
        pass
    return "record cut short (fewer bytes than its Content-Length)" if record.raw_stream.limit > 0 else None


def _gzip_intact(path: Path) -> bool:
    """Whether every gzip member decompresses to its end (warcio skips a cut-off last member silently)."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True
