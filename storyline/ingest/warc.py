"""WARC archives (plain or gzipped): the HTML responses inside become raw documents."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.errors import InputError
from storyline.limits import max_document_bytes, too_large
from storyline.model import RawDocument


def read_warc(path: Path) -> Iterator[RawDocument | InputError]:
    found = 0
    limit = max_document_bytes()
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                source = f"{path}#{uri}" if uri else f"{path}#{found + 1}"
                content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
                if "html" not in content_type.lower():
                    continue
                payload = record.content_stream().read(limit + 1)
                found += 1
                if getattr(record.raw_stream, "limit", 0) > 0 and len(payload) <= limit:
                    yield InputError(source, "damaged WARC: record cut short (fewer bytes than its Content-Length)")
                    return
                if len(payload) > limit:
                    yield InputError(source, f"response {too_large(len(payload) + getattr(record.raw_stream, 'limit', 0))}; skipped")
                    continue
                if not payload.strip():
                    yield InputError(source, "empty HTML response")
                    continue
                meta = {"url": uri} if uri.startswith(("http://", "https://")) else {}
                yield RawDocument(raw=payload, source=source, media_type="text/html", meta=meta)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
            yield InputError(str(path), f"damaged WARC after {found} HTML responses: {error}")
            return
    if path.name.lower().endswith(".gz") and not _gzip_intact(path):
        yield InputError(str(path), f"damaged WARC after {found} HTML responses: the gzip stream is truncated or corrupt")
    elif found == 0:
        yield InputError(str(path), "WARC holds no HTML responses")


def _gzip_intact(path: Path) -> bool:
    """Whether every gzip member decompresses to its end (warcio skips a cut-off last member silently)."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True
