"""JSONL exports: one article per line (``id``, ``title``, ``text`` or ``html``, ``url``, ``outlet``, ``published``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.errors import InputError
from storyline.ingest.decode import check_not_empty
from storyline.ingest.dates import parse_published
from storyline.model import RawDocument


def read_jsonl(path: Path) -> Iterator[RawDocument | InputError]:
    data = path.read_bytes()
    check_not_empty(data, str(path))
    if data.lstrip()[:1] == b"[":  # a JSON array of articles
        try:
            items = json.loads(data)
        except ValueError as error:
            raise InputError(str(path), f"invalid JSON: {error}") from None
        for number, item in enumerate(items, start=1):
            line = json.dumps(item, ensure_ascii=False, sort_keys=True).encode()
            yield document_from_object(item, line, f"{path}#{number}")
        return
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            item = json.loads(line)
        except ValueError as error:
            yield InputError(source, f"invalid JSON on line {number}: {error}")
            continue
        yield document_from_object(item, line.strip(), source)


def document_from_object(item: Any, line: bytes, source: str) -> RawDocument | InputError:
    if not isinstance(item, dict):
        return InputError(source, f"expected a JSON object, got {type(item).__name__}")
    text, html = item.get("text"), item.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        if not (isinstance(item.get("title"), str) and item["title"].strip()):
            return InputError(source, "no 'text', 'html' or 'title' to read an article from")
    meta: dict[str, Any] = {}
    for key, name in (("id", "external_id"), ("title", "title"), ("url", "url"), ("outlet", "outlet"), ("author", "author")):
        value = item.get(key)
        if value is not None and str(value).strip():
            meta[name] = str(value).strip()
    if item.get("published"):
        published = parse_published(str(item["published"]))
        if published is None:
            return InputError(source, f"'published' is {item['published']!r}; expected YYYY-MM-DD or an ISO datetime")
        meta["published"] = published
    media_type = "application/json"
    return RawDocument(raw=line, source=source, media_type=media_type, meta=meta)
