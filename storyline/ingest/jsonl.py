"""JSONL exports: one article per line (``id``, ``title``, ``text`` or ``html``, ``url``, ``outlet``, ``published``)."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.errors import InputError
from storyline.ingest.decode import check_not_empty
from storyline.ingest.dates import parse_published
from storyline.limits import max_document_bytes
from storyline.model import RawDocument

ARRAY_FACTOR = 16  # a JSON array file is read whole: up to this many times the one-document limit


def read_jsonl(path: Path) -> Iterator[RawDocument | InputError]:
    """Lines are streamed, so an export of any size is read in bounded memory; a JSON array is read whole."""
    compressed = path.name.lower().endswith(".gz")
    if not compressed:
        with path.open("rb") as stream:
            if stream.read(4096).lstrip()[:1] == b"[":  # a JSON array of articles
                yield from _read_array(path)
                return
    limit = max_document_bytes()
    lines = number = 0  # lines read, over the limit or not: a file of only oversized lines is not "empty"
    with (gzip.open(path, "rb") if compressed else path.open("rb")) as stream:
        try:
            for number, line in enumerate(_lines(stream, limit), start=1):
                if line is None:
                    lines += 1
                    yield InputError(f"{path}:{number}", f"line over the {limit / (1024 * 1024):.1f} MB limit "
                                     "for one document (STORYLINE_MAX_DOCUMENT_MB); skipped")
                    continue
                if not line.strip():
                    continue
                lines += 1
                yield _read_line(line.strip(), f"{path}:{number}", number)
        except (EOFError, OSError, zlib.error) as error:
            yield InputError(str(path), f"damaged gzip after {number} lines ({error or 'truncated'}); "
                             "the lines before were read")
            return
    if not lines:
        check_not_empty(b"", str(path))


def _read_array(path: Path) -> Iterator[RawDocument | InputError]:
    from storyline.ingest.pages import read_limited

    data = read_limited(path, ARRAY_FACTOR * max_document_bytes())
    try:
        items = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise InputError(str(path), f"invalid JSON: {error}") from None
    if not isinstance(items, list):
        raise InputError(str(path), f"expected a JSON array of articles, got {type(items).__name__}")
    for number, item in enumerate(items, start=1):
        line = json.dumps(item, ensure_ascii=False, sort_keys=True).encode()
        yield document_from_object(item, line, f"{path}#{number}")


def _lines(stream, limit: int) -> Iterator[bytes | None]:
    """The stream's lines; None for a line over ``limit`` bytes, which is skipped without being held whole."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield None
            continue
        yield line


def _read_line(line: bytes, source: str, number: int) -> RawDocument | InputError:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as error:
        return InputError(source, f"line {number} is not UTF-8 (byte {line[error.start]:#04x} at {error.start}); JSON "
                          "lines are UTF-8: re-encode the file (e.g. iconv -f cp1252 -t utf-8)")
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
        return InputError(source, f"invalid JSON on line {number}: {error}")
    return document_from_object(item, line, source)


# the names other tools give an article's fields (news-please writes "maintext" and "date_publish")
TEXT_KEYS = ("text", "body", "content", "maintext", "article", "article_text")
PUBLISHED_KEYS = ("published", "date_publish", "published_at", "publish_date", "date", "pubDate")


def field_of(item: dict, keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` the record fills with text (a WordPress export's ``content`` object is not text)."""
    return next((item[key] for key in keys if isinstance(item.get(key), str) and item[key].strip()), None)


def document_from_object(item: Any, line: bytes, source: str) -> RawDocument | InputError:
    if not isinstance(item, dict):
        return InputError(source, f"expected a JSON object, got {type(item).__name__}")
    text, html = field_of(item, TEXT_KEYS), item.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        if not (isinstance(item.get("title"), str) and item["title"].strip()):
            return InputError(source, f"no {', '.join(map(repr, TEXT_KEYS))}, 'html' or 'title' to read an article "
                              f"from (its fields: {', '.join(map(str, list(item)[:12]))})")
    meta: dict[str, Any] = {}
    for key, name in (("id", "external_id"), ("title", "title"), ("url", "url"), ("outlet", "outlet"), ("author", "author")):
        value = item.get(key)
        if value is not None and str(value).strip():
            meta[name] = str(value).strip()
    if item.get("published"):  # ours must be a date; another tool's date field is read when it is one
        published = parse_published(str(item["published"]))
        if published is None:
            return InputError(source, f"'published' is {item['published']!r}; expected YYYY-MM-DD or an ISO datetime")
        meta["published"] = published
    else:
        stamps = (item.get(key) for key in PUBLISHED_KEYS[1:])
        published = next((day for stamp in stamps if isinstance(stamp, str) and (day := parse_published(stamp))), None)
        if published:
            meta["published"] = published
    media_type = "application/json"
    return RawDocument(raw=line, source=source, media_type=media_type, meta=meta)
