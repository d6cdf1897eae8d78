"""Export stored articles, stories, storylines, quotations, merges, splits and corrections by hand as JSON
lines, CSV or Parquet.

Records are read page by page, so memory stays bounded. In CSV and Parquet an
article's annotation lists (blocks, entities, quotes, ...) are JSON strings, one
column each; a story's outlets and a storyline's stories are JSON lists in CSV and list columns in Parquet.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import json
from collections.abc import Iterator
from typing import IO, Any

from storyline.model import Story, Storyline
from storyline.store import Store

KINDS = ("articles", "stories", "storylines", "quotes", "merges", "splits", "corrections")
FORMATS = ("jsonl", "json", "csv", "parquet")
PAGE = 1000
NESTED = frozenset({"blocks", "removed", "entities", "quotes", "dates", "sentences", "articles"})  # JSON in Parquet
# nullable numbers: Parquet cannot guess their type from a page of nulls
NUMERIC = frozenset({"join_probability", "probability", "separation"})
# an empty export still says its columns (a CSV header, a typed Parquet schema); names are a contract
FIELDS = {
    "articles": ("id", "external_id", "source", "outlet", "url", "published", "published_estimate",
                 "published_evidence", "author", "title", "body", "status", "note", "blocks", "removed", "entities",
                 "quotes", "dates", "sentences", "duplicate_of", "story", "storyline", "joined", "join_probability"),
    "stories": tuple(f.name for f in dataclasses.fields(Story)),
    "storylines": (*(f.name for f in dataclasses.fields(Storyline)), "article_count", "stories"),
    "quotes": ("article", "position", "speaker", "speaker_key", "speaker_mention", "cue", "kind", "text", "outlet",
               "published", "story", "title"),
    "merges": ("story", "into", "now_in", "article", "probability"),
    "splits": ("story", "into", "article", "separation", "articles"),
    "corrections": ("moved", "id", "from", "to", "to_new", "note", "moved_at"),
}
RAW_FIELDS = ("media_type", "raw_base64")  # with --raw: each article's document as it came, byte for byte
COUNTS = frozenset({"position", "article_count", "story_count", "copies", "to_check"})
LISTS = frozenset({"outlets", "stories"})
FLAGS = frozenset({"to_new", "estimated"})


def article_record(item, raw: bool = False) -> dict[str, Any]:
    """The export's record of one article (names are a contract: outside checks read them); with ``raw``, also its
    media type and raw document (base64: the bytes as they came, whatever their encoding)."""
    record = {
        "id": item.id, "external_id": item.external_id, "source": item.source, "outlet": item.outlet,
        "url": item.url, "published": item.published, "published_estimate": item.published_estimate,
        "published_evidence": item.published_evidence, "author": item.author, "title": item.title,
        "body": item.body, "status": item.status, "note": item.note,
        "blocks": [b.to_dict() for b in item.blocks],
        "removed": [{"text": r.text, "reason": r.reason, "kind": r.kind} for r in item.removed],
        "entities": [{"text": e.text, "label": e.label, "canonical": e.canonical, "start": e.start, "end": e.end}
                     for e in item.entities],
        "quotes": [{"text": q.text, "speaker": q.speaker, "speakers": q.speakers, "speaker_mention": q.speaker_mention,
                    "kind": q.kind,
                    "cue": q.cue, "start": q.start, "end": q.end, "content_start": q.content_start,
                    "content_end": q.content_end, "speaker_start": q.speaker_start, "speaker_end": q.speaker_end}
                   for q in item.quotes],
        "dates": [{"text": d.text, "value": d.value, "start": d.start, "end": d.end} for d in item.dates],
        "sentences": [s.to_dict() for s in item.sentences],
        "duplicate_of": item.duplicate_of, "story": item.story, "storyline": item.storyline,
        "joined": item.joined, "join_probability": item.join_probability,
    }
    if raw:
        record.update(media_type=item.media_type, raw_base64=base64.b64encode(item.raw).decode("ascii"))
    return record


def fields_of(kind: str, raw: bool = False) -> tuple[str, ...]:
    return FIELDS[kind] + (RAW_FIELDS if raw else ())


def records(store: Store, kind: str, raw: bool = False) -> Iterator[dict[str, Any]]:
    """The records of one kind; ``raw``: articles with their raw documents."""
    if kind == "articles":
        for item in store.iter_articles():
            yield article_record(item, raw)
        return
    if kind == "corrections":  # a reader's moves: few, read at once
        yield from store.corrections()
        return
    if kind == "merges":  # rare: read at once
        yield from store.merges()
        return
    if kind == "splits":  # rarer
        yield from store.splits()
        return
    offset = 0
    while True:
        if kind == "stories":
            page, _ = store.query_stories(limit=PAGE, offset=offset)
            rows = [story.to_dict() for story in page]
        elif kind == "storylines":
            lines, _ = store.query_storylines(limit=PAGE, offset=offset)
            timelines = store.storyline_timelines([line.id for line in lines])
            rows = [{**line.to_dict(), "article_count": timelines[line.id][1], "stories": timelines[line.id][0]}
                    for line in lines]
        elif kind == "quotes":
            rows, _ = store.query_quotes(limit=PAGE, offset=offset)
            rows = [{field: row[field] for field in FIELDS["quotes"]} for row in rows]  # the pages' lead is no column
        else:
            raise ValueError(f"cannot export {kind!r}; choose one of: {', '.join(KINDS)}")
        yield from rows
        if len(rows) < PAGE:
            return
        offset += PAGE


def write(rows: Iterator[dict[str, Any]], format: str, stream: IO[str] | None = None, path=None,
          fields: tuple[str, ...] = ()) -> int:
    """Write the records; Parquet needs ``path`` (a binary file), the others ``stream``. Returns the count.
    ``fields`` (``FIELDS[kind]``) names the columns of a CSV or Parquet file when there is no record."""
    if format == "jsonl":
        count = 0
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    if format == "json":  # one array, written as the records come, for a reader that parses the whole file
        count = 0
        stream.write("[")
        for row in rows:
            stream.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        stream.write("\n]\n" if count else "]\n")
        return count
    if format == "csv":
        writer, count = None, 0
        for row in rows:
            flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()}
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
            count += 1
        if writer is None and fields:
            csv.writer(stream).writerow(fields)
        return count
    if format == "parquet":
        return _write_parquet(rows, path, fields)
    raise ValueError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")


def _write_parquet(rows: Iterator[dict[str, Any]], path, fields: tuple[str, ...]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer, schema, batch, count = None, None, [], 0

    def flush():
        nonlocal writer, schema
        if not batch:
            return
        if schema is None:
            inferred = pa.Table.from_pylist(batch).schema
            # a column empty in the first page takes its declared type (a probability), else text
            schema = pa.schema([field.with_type(pa.float64() if field.name in NUMERIC else pa.string())
                                if pa.types.is_null(field.type) else field for field in inferred])
            writer = pq.ParquetWriter(path, schema)
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        batch.clear()

    try:
        for row in rows:
            batch.append({k: json.dumps(v, ensure_ascii=False) if k in NESTED or isinstance(v, dict) else v
                          for k, v in row.items()})
            count += 1
            if len(batch) >= PAGE:
                flush()
        flush()
        if writer is None:  # nothing to export: a file of the kind's columns and no rows, not no file at all
            pq.write_table(pa.schema([(name, _empty_type(pa, name)) for name in fields]).empty_table(), path)
    finally:
        if writer is not None:
            writer.close()
    return count


def _empty_type(pa, name: str):
    if name in NUMERIC:
        return pa.float64()
    if name in COUNTS:
        return pa.int64()
    if name in LISTS:
        return pa.list_(pa.string())
    return pa.bool_() if name in FLAGS else pa.string()
