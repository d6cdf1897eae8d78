"""Single-document files: plain text scraped from a page, and HTML pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.decode import check_html_not_binary, check_not_empty, decode_text
from storyline.ingest.errors import InputError
from storyline.limits import max_document_bytes, too_large
from storyline.model import RawDocument

# Pages bloated by inline scripts, styles and images are read up to this many times the document limit;
# the cleaner drops those parts before parsing (storyline.clean.html.slim_page).
HTML_BLOAT_FACTOR = 4


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, refused before reading when it is over ``limit``."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(str(path), too_large(size) if limit == max_document_bytes() else
                         f"{size / (1024 * 1024):.1f} MB is over the {limit / (1024 * 1024):.1f} MB limit for this kind of file")
    return path.read_bytes()


def read_text_file(path: Path) -> Iterator[RawDocument | InputError]:
    """A text file; one that holds a web page or a feed under a text name (a page saved as .txt) is read as what
    it holds."""
    raw = read_limited(path, max_document_bytes())
    opening = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if opening.startswith((b"<!doctype html", b"<html")):
        yield from read_html_file(path)
        return
    if opening.startswith((b"<?xml", b"<rss", b"<feed")):
        from storyline.ingest.feed import is_feed, read_feed  # the feed reader reads pages too: imported here
        if is_feed(raw):
            yield from read_feed(raw, str(path))
            return
    decode_text(raw, str(path))  # refuse binary or undecodable input now, not later
    yield RawDocument(raw=raw, source=str(path), media_type="text/plain")


def read_html_file(path: Path) -> Iterator[RawDocument]:
    raw = read_limited(path, HTML_BLOAT_FACTOR * max_document_bytes())
    check_not_empty(raw, str(path))
    check_html_not_binary(raw, str(path))
    yield RawDocument(raw=raw, source=str(path), media_type="text/html")
