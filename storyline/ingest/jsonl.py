"""JSONL exports: one article per line (``id``, ``title``, ``text`` or ``html``, ``url``, ``outlet``, ``published``)."""

from __future__ import annotations

import codecs
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.errors import InputError
from storyline.ingest.decode import check_not_empty
from storyline.ingest.dates import is_placeholder, parse_published
from storyline.ingest.feed import date_as_written, plain_text
from storyline.ingest.pages import read_limited
from storyline.limits import max_document_bytes, too_large
from storyline.model import RawDocument

ARRAY_FACTOR = 16  # a JSON array file is read whole: up to this many times the one-document limit


def read_jsonl(path: Path) -> Iterator[RawDocument | InputError]:
    """Lines are streamed, so an export of any size is read in bounded memory; a file that is one JSON document (an
    array of articles, or one article pretty-printed as news-please writes it) is read whole."""
    compressed = path.name.lower().endswith(".gz")
    opening = None if compressed else _opening_line(path)
    if opening is not None and opening.startswith(b"<"):  # a page saved under a JSON name: one error, not one a line
        kind = "an HTML page" if re.match(rb"<(?:!doctype html|html)\b", opening, re.IGNORECASE) else "markup"
        begins = opening[:40].decode("utf-8", "replace")
        yield InputError(str(path), f"not JSON: the file holds {kind} (it begins {begins!r}); save it as .html to "
                         "read it as a page")
        return
    document = None if compressed else _whole_document(path)
    if document is not None:
        yield from _articles_of(*document, path)
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


def _whole_document(path: Path) -> tuple[list[tuple[Any, bytes]], bool] | None:
    """When the file is one JSON document (an array, or an object over several lines): its items, each with its
    raw bytes, and whether it is an array; None for JSON Lines: a first line that is a whole object or opens no
    array or object, or an object too big to read whole.

    The raw document is kept verbatim: an object's file as it is (without a byte-order mark, as for a line), an
    array item's own text, not the item serialised again.

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
        text = data.decode(json.detect_encoding(data), "surrogatepass")  # as json.loads decodes bytes
        if opening.startswith(b"["):
            return [(item, span.encode("utf-8", "surrogatepass")) for item, span in _array_items(text)], True
        return [(json.loads(text), data)], False
    except (ValueError, RecursionError) as error:
        if opening.startswith(b"{") and any(_is_object(line) for line in data.splitlines()[1:]):
            return None
        raise InputError(str(path), f"invalid JSON: {error}") from None


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _array_items(text: str) -> list[tuple[Any, str]]:
    """The items of a JSON array, each with the text it is written as; ValueError (json's, naming the line) where
    the text is not one array."""
    decoder = json.JSONDecoder()
    items: list[tuple[Any, str]] = []
    start = _JSON_SPACE.match(text).end()
    index = _JSON_SPACE.match(text, start + 1).end()  # past the opening bracket
    if text.startswith("[", start) and not text.startswith("]", index):
        while True:
            item, end = decoder.raw_decode(text, index)  # a comma before "]" is an error here as in json.loads
            items.append((item, text[index:end]))
            index = _JSON_SPACE.match(text, end).end()
            if not text.startswith(",", index):
                break
            index = _JSON_SPACE.match(text, index + 1).end()
    if not text.startswith("[", start) or not text.startswith("]", index) or text[index + 1:].strip(" \t\n\r"):
        json.loads(text)  # raises json's own error, naming where the array breaks
        raise ValueError("not one JSON array")  # json reads what the walk does not: never expected
    return items


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


def _articles_of(items: list[tuple[Any, bytes]], is_array: bool, path: Path) -> Iterator[RawDocument | InputError]:
    """The article of a file holding one JSON object (named by the file), or those of an array (``file#N``)."""
    if not items:
        raise InputError(str(path), "empty JSON array: no articles in it")
    sources = [f"{path}#{number}" for number in range(1, len(items) + 1)] if is_array else [str(path)]
    for (item, raw), source in zip(items, sources):
        if reason := too_large(len(raw)):
            yield InputError(source, f"{reason}; skipped")
            continue
        yield document_from_object(item, raw, source)


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


AUTHOR_SEPARATOR = "; "  # as trafilatura joins a page's several authors
# what names a person or an outlet given as an object; WordPress gives its title as {"rendered": "…"}
NAME_KEYS = ("name", "title", "display_name", "rendered")
# block markup: a text field holding HTML, as a CMS's may ("<p>…</p><p>…</p>"), not text saying "a < b"
_BLOCK_MARKUP = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|section|article|td|pre)\s*>|<(?:br|p|hr)\s*/?>",
                           re.IGNORECASE)


def _is_markup(text: str) -> bool:
    """An HTML fragment: opens and closes with a tag and holds block markup (not a plain text that one scraped
    "<p>…</p>" line opens, nor "40% < the estimate")."""
    text = text.strip()
    return text.startswith("<") and text.endswith(">") and bool(_BLOCK_MARKUP.search(text))


def article_text(item: dict) -> tuple[str, bool] | None:
    """The article's text and whether it is HTML: the ``html`` field, else the first text field the record fills
    (HTML when it holds block markup; a WordPress export's ``content`` is ``{"rendered": "<p>…"}``); None when
    there is none."""
    html = item.get("html")
    if isinstance(html, str) and html.strip():
        return html, True
    for key in TEXT_KEYS:
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("rendered")
        if isinstance(value, str) and value.strip():
            return value, _is_markup(value)
    return None


def name_of(value: Any) -> str | None:
    """The text a field holds: a string, or the name an object gives ({"name": "…", "email": "…"}, WordPress's
    {"rendered": "…"}, as HTML); None for anything else (a number, a list, an object naming nothing)."""
    if isinstance(value, dict):
        key = next((key for key in NAME_KEYS if isinstance(value.get(key), str) and value[key].strip()), None)
        if key == "rendered":
            return plain_text(value[key])  # rendered titles hold entities and inline markup ("&#8217;")
        value = value[key] if key else None
    return (value.strip() or None) if isinstance(value, str) else None


def names_of(value: Any) -> str | None:
    """One name, or several (a list of names or of objects naming them) joined as a page's authors are."""
    if isinstance(value, list):
        return AUTHOR_SEPARATOR.join(dict.fromkeys(filter(None, map(name_of, value)))) or None
    return name_of(value)


def without_nul(value: Any) -> Any:
    """A JSON value with NUL characters ("\\u0000", a scraper's stray byte) left out of its strings: no text
    holds one, and PostgreSQL refuses to store one. The row itself is kept verbatim."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def document_from_object(item: Any, line: bytes, source: str) -> RawDocument | InputError:
    item = without_nul(item)
    if not isinstance(item, dict):
        return InputError(source, f"expected a JSON object, got {type(item).__name__}")
    external_id, url = item.get("id"), item.get("url")
    fields = {
        "external_id": str(external_id).strip() if isinstance(external_id, str | int)
        and not isinstance(external_id, bool) else None,
        "title": name_of(item.get("title")),
        "url": url.strip() if isinstance(url, str) else None,
        "outlet": name_of(item.get("outlet")),
        "author": names_of(item.get("author")) or names_of(item.get("authors")),  # news-please's, newspaper3k's
    }
    meta: dict[str, Any] = {name: value for name, value in fields.items() if value}
    if article_text(item) is None and "title" not in meta:
        return InputError(source, f"no {', '.join(map(repr, TEXT_KEYS))}, 'html' or 'title' to read an article "
                          f"from (its fields: {', '.join(map(str, list(item)[:12]))})")
    if item.get("published"):  # ours must be a date; another tool's date field is read when it is one
        stated = item["published"]
        published = _date_of(stated)
        if published is None and not (isinstance(stated, str | int | float) and is_placeholder(stated)):
            if isinstance(stated, str) and re.match(r"\s*\d{4}-\d{2}-\d{2}\b", stated):
                return InputError(source, f"'published' is {stated!r}: no day of the calendar")
            return InputError(source, f"'published' is {stated!r}; expected YYYY-MM-DD, an ISO datetime "
                              "or Unix time (seconds or milliseconds)")
        if published:  # a placeholder ("0001-01-01") is no date: the text's evidence dates the article
            meta["published"] = published
    else:
        stamps = (item.get(key) for key in PUBLISHED_KEYS[1:])  # "15/05/2026" too, read as a feed's date is
        published = next((day for stamp in stamps if (day := _date_of(stamp) or (
            date_as_written(stamp, item.get("url") if isinstance(item.get("url"), str) else None)
            if isinstance(stamp, str) else None))), None)
        if published:
            meta["published"] = published
    media_type = "application/json"
    return RawDocument(raw=line, source=source, media_type=media_type, meta=meta)


def _date_of(value: Any) -> str | None:
    """The ISO day of a date string or of Unix time (seconds or milliseconds); None for anything else."""
    return parse_published(value) if isinstance(value, str | int | float) else None
