"""The rows that make an article findable: its entities, its quotations (and each of several who said one
together), its full-text entry.

Written by ``Store.save_batch`` and by the migration that indexes older
databases, from the article's stored annotations (plain dicts), so both write
exactly the same rows.
"""

from __future__ import annotations

from typing import Any

from storyline.annotate.entities import entity_key


def name_key(name: str, label: str) -> str:
    """The merge key of an entity name; a one-word person name keys on itself (it is still listed)."""
    return entity_key(name, label) or " ".join(name.casefold().split())


def typed_key(name: str) -> str:
    """The key of a name as a reader types it ("Anselm Brodsky", "Kim Jong-un"); a key is its own key."""
    return name_key(name, "PERSON")


def index_rows(article_id: str, seq: int, title: str | None, body: str, entities: list[dict[str, Any]],
               quotes: list[dict[str, Any]]) -> tuple[list[dict], list[dict], dict]:
    """(entity rows, quote rows, full-text row) for one article."""
    found: dict[tuple[str, str], dict] = {}
    for entity in entities:
        key = name_key(entity["canonical"], entity["label"])
        if not key:
            continue
        row = found.setdefault((key, entity["label"]), {
            "article_id": article_id, "key": key[:200], "label": entity["label"][:16], "name": entity["canonical"],
            "mentions": 0})
        row["mentions"] += 1
    quote_rows = [{
        "article_id": article_id, "position": position, "speaker": quote.get("speaker"),
        "speaker_key": name_key(quote["speaker"], "PERSON")[:200] if quote.get("speaker") else None,
        "kind": quote["kind"], "text": quote["text"], "speaker_mention": quote.get("speaker_mention"),
        "cue": quote.get("cue")} for position, quote in enumerate(quotes)]
    names = " ".join(sorted({row["name"] for row in found.values()}))
    return list(found.values()), quote_rows, {"rowid": seq, "title": title or "", "body": body, "entities": names}


def joint_speaker_rows(article_id: str, quotes: list[dict[str, Any]]) -> list[dict]:
    """One row for each of the people who said a quotation together, so a search for any of them finds it."""
    return [{"article_id": article_id, "position": position, "speaker_key": key[:200], "speaker": name}
            for position, quote in enumerate(quotes)
            for name, key in dict.fromkeys((name, name_key(name, "PERSON")) for name in quote.get("speakers") or ())
            if key]
