"""JSONL exports: one article per line (``id``, ``title``, ``text`` or ``html``, ``url``, ``outlet``, ``published``)."""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.errors import InputError
from storyline.ingest.decode import check_not_empty
from storyline.ingest.dates import parse_published
from storyline.ingest.pages import read_limited
from storyline.limits import max_document_bytes, too_large
from storyline.model import RawDocument

ARRAY_FACTOR = 16  # a JSON array file is read whole: up to this many times the one-document limit


def read_jsonl(path: Path) -> Iterator[RawDocument | InputError]:
    """Lines are streamed, so an export of any size is read in bounded memory; a file that is one JSON document (an
    array of articles, or one article pretty-printed as news-please writes it) is read whole."""
    compressed = path.name.lower().endswith(".gz")
    document = None if compressed else _whole_document(path)
    if document is not None:
        yield from _articles_of(document, path)
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
                if number == 1:
                    line = line.removeprefix(codecs.BOM_UTF8)  # so a line's article id does not depend on it
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


def _whole_document(path: Path) -> list | dict | None:
    """The file's JSON when the file is one JSON document (an array, or an object over several lines); None for
    JSON Lines: a first line that is a whole object or opens no array or object, or an object too big to read whole.

    Raises InputError for an array that is not valid JSON, and for a broken object none of whose lines is an object
    on its own (JSON Lines with broken lines are read line by line, each broken one named).
    """
    opening = _opening_line(path)
    if opening is None or not opening.startswith((b"[", b"{")) or _is_object(opening):
        return None
    if opening.startswith(b"{") and path.stat().st_size > ARRAY_FACTOR * max_document_bytes():
        return None  # too big to hold whole: streamed as lines
    data = read_limited(path, ARRAY_FACTOR * max_document_bytes()).removeprefix(codecs.BOM_UTF8)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        if opening.startswith(b"{") and any(_is_object(line) for line in data.splitlines()[1:]):
            return None
        raise InputError(str(path), f"invalid JSON: {error}") from None


def _opening_line(path: Path) -> bytes | None:
    """The first line that is not blank, stripped, without a byte-order mark; None when it is over the limit."""
    with path.open("rb") as stream:
        for number, line in enumerate(_lines(stream, max_document_bytes())):
            if line is None:
                return None
            line = (line.removeprefix(codecs.BOM_UTF8) if number == 0 else line).strip()
            if line:
                return line
    return None


def _is_object(line: bytes) -> bool:
    """Whether the line is a JSON object, as each line of JSON Lines is (a line of a pretty-printed list may be a
    JSON string or number)."""
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _articles_of(document: list | dict, path: Path) -> Iterator[RawDocument | InputError]:
    """The article of a file holding one JSON object (named by the file), or those of an array (``file#N``)."""
    if isinstance(document, dict):
        items, sources = [document], [str(path)]
    elif document:
        items, sources = document, [f"{path}#{number}" for number in range(1, len(document) + 1)]
    else:
        raise InputError(str(path), "empty JSON array: no articles in it")
    for item, source in zip(items, sources):
        line = json.dumps(item, ensure_ascii=False, sort_keys=True).encode()
        if reason := too_large(len(line)):
            yield InputError(source, f"{reason}; skipped")
            continue
        yield document_from_object(item, line, source)


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
    for key, name in (("id", "external_id"), ("title", "title"), ("url", "url"), ("outlet", "outlet"),
                      ("author", "author")):
        value = item.get(key)
        if value is not None and str(value).strip():
            meta[name] = str(value).strip()
    if item.get("published"):  # ours must be a date; another tool's date field is read when it is one
        published = _date_of(item["published"])
        if published is None:
            return InputError(source, f"'published' is {item['published']!r}; expected YYYY-MM-DD, an ISO datetime "
                              "or Unix time (seconds or milliseconds)")
        meta["published"] = published
    else:
        stamps = (item.get(key) for key in PUBLISHED_KEYS[1:])
        published = next((day for stamp in stamps if (day := _date_of(stamp))), None)
        if published:
            meta["published"] = published
    media_type = "application/json"
    return RawDocument(raw=line, source=source, media_type=media_type, meta=meta)


def _date_of(value: Any) -> str | None:
    """The ISO day of a date string or of Unix time (seconds or milliseconds); None for anything else."""
    return parse_published(value) if isinstance(value, str | int | float) else None
