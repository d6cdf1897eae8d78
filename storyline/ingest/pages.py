"""Single-document files: plain text scraped from a page, and HTML pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.decode import check_not_empty, decode_text
from storyline.ingest.errors import InputError
from storyline.model import RawDocument


def read_text_file(path: Path) -> Iterator[RawDocument]:
    raw = path.read_bytes()
    decode_text(raw, str(path))  # refuse binary or undecodable input now, not later
    yield RawDocument(raw=raw, source=str(path), media_type="text/plain")


def read_html_file(path: Path) -> Iterator[RawDocument]:
    raw = path.read_bytes()
    check_not_empty(raw, str(path))
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(str(path), "binary content (NUL bytes), not an HTML page")
    yield RawDocument(raw=raw, source=str(path), media_type="text/html")
