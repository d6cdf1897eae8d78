"""The typed records that travel through storyline.

One set of dataclasses serves every stage, the store, the CLI's JSON output and
the export. Each record converts to plain JSON-ready dicts with ``to_dict`` and
back with ``from_dict``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Literal, TypeVar

T = TypeVar("T")


def article_id_for(raw: bytes) -> str:
    """Stable article id: the first 128 bits of the SHA-256 of the raw bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()[:32]


def _record_from_dict(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


class Record:
    """Mixin: JSON-ready dict conversion for flat dataclasses."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        return _record_from_dict(cls, data)


@dataclass(slots=True)
class RawDocument(Record):
    """Bytes as the world gave them, with where they came from.

    ``meta`` carries what the container already knew (a JSONL line's title and
    date, a feed item's link and author); cleaning fills the rest. Its id is
    the hash of the bytes: the same bytes again are the same document, unless
    another outlet's folder holds them (``meta["publisher_folder"]``: one wire
    story saved in two outlets' folders is two publications).
    """

    raw: bytes
    source: str
    media_type: str  # "text/plain", "text/html" (with "; charset=…" as an HTTP header gave it) or "application/json"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        folder = self.meta.get("publisher_folder")
        return article_id_for(self.raw + b"\0" + folder.encode()) if folder else article_id_for(self.raw)


@dataclass(slots=True)
class Removal(Record):
    """A piece of the page that cleaning dropped, and why."""

    text: str
    reason: str
    kind: str


@dataclass(slots=True)
class Block(Record):
    """One unit of the clean body: a paragraph or a subheading."""

    kind: str  # "paragraph" or "heading"
    text: str


@dataclass(slots=True)
class Entity(Record):
    """A named-entity mention and the article-level entity it refers to."""

    text: str
    label: str
    canonical: str
    start: int
    end: int


@dataclass(slots=True)
class Quote(Record):
    """A quotation with its speaker: ``speaker_mention`` as written, ``speaker`` resolved.

    ``start``/``end`` hold the quoted (or reported) words; ``content_start``/
    ``content_end`` the whole attributed statement: the quote with its marks,
    all its pieces when a cue interrupts it, or the clause around a partial
    quote ("that the talks would come “without preconditions”").
    ``speaker_start``/``speaker_end`` locate the speaker's mention. Words several
    people said together ("Kim and Noh told reporters") name each in
    ``speakers``, and all of them in ``speaker`` ("Sung Kim and Noh Kyu-Duk").
    """

    text: str
    speaker: str | None
    speaker_mention: str | None
    kind: str  # "direct", "partial" or "reported"
    cue: str | None
    start: int
    end: int
    content_start: int | None = None
    content_end: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speakers: list[str] = field(default_factory=list)  # each of those who said it together, when several did


@dataclass(slots=True)
class DateRef(Record):
    """A temporal expression and the calendar date it resolves to (ISO), if any."""

    text: str
    value: str | None
    start: int
    end: int


@dataclass(slots=True)
class Sentence(Record):
    """A sentence of the body; ``opinion`` when it carries the outlet's view, with the reason."""

    start: int
    end: int
    opinion: bool = False
    reason: str | None = None


_BINARY_FIELDS = frozenset({"raw", "embedding", "signature", "term_counts"})  # not part of the JSON record


LEAD_CHARS = 280


HEADLINE_CHARS = 120  # an article without a title is named by its lead's first sentence, cut here


def lead_of(text: str) -> str:
    """The first paragraph of ``text``, cut after a word and marked "…" when longer than LEAD_CHARS."""
    return cut_after_a_word(text.split("\n\n", 1)[0].strip(), LEAD_CHARS)


def headline_from_lead(lead: str) -> str:
    """What names an article without a title: its lead's first sentence, cut after a word at HEADLINE_CHARS."""
    return cut_after_a_word(lead.split(". ")[0].strip(), HEADLINE_CHARS)


def cut_after_a_word(text: str, limit: int) -> str:
    """``text``, or when longer than ``limit`` its words within it, marked "…"."""
    if len(text) <= limit:
        return text
    words = text[:limit].rsplit(None, 1)
    cut = words[0] if len(words) > 1 else text[:limit - 1]
    return cut.rstrip(" ,;:–—-") + "…"


@dataclass(slots=True)
class Article(Record):
    """One news article: the raw document plus everything the stages learned."""

    id: str
    source: str
    media_type: str
    raw: bytes
    external_id: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    author: str | None = None
    title: str | None = None
    body: str = ""
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    status: str = "ok"  # "ok", or "no_text" when nothing was left after cleaning
    note: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    duplicate_of: str | None = None
    story: str | None = None
    storyline: str | None = None
    published_estimate: str | None = None  # when the source gives no date: the text's best evidence (ISO, maybe partial)
    published_evidence: str | None = None  # what the estimate rests on, with its confidence
    embedding: bytes | None = None  # unit float32 vector of headline and body (cluster.embed), for grouping
    signature: bytes | None = None  # MinHash of the body (dedup), for grouping
    term_counts: dict[str, float] | None = None  # content words and entities counted (cluster.represent), for grouping
    joined: Joined | None = None  # how it came to its story, as stored: one of JOINED
    join_probability: float | None = None  # when joined "scored": the grouping's probability that it belongs

    @classmethod
    def from_raw(cls, doc: RawDocument) -> "Article":
        meta = doc.meta
        return cls(
            id=doc.id,
            source=doc.source,
            media_type=doc.media_type,
            raw=doc.raw,
            external_id=meta.get("external_id"),
            outlet=meta.get("outlet"),
            url=meta.get("url"),
            published=meta.get("published"),
            author=meta.get("author"),
            title=meta.get("title"),
        )

    @property
    def published_date(self) -> date | None:
        return date.fromisoformat(self.published) if self.published else None

    @property
    def lead(self) -> str:
        """The first paragraph of the body (not a subheading), cut as ``lead_of`` cuts it."""
        for block in self.blocks:
            if block.kind == "paragraph":
                return lead_of(block.text)
        return lead_of(self.body or "")

    def to_dict(self, include_raw: bool = False) -> dict[str, Any]:
        data = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in _BINARY_FIELDS
        }
        for name in ("blocks", "removed", "sentences", "entities", "quotes", "dates"):
            data[name] = [item.to_dict() for item in data[name]]
        if include_raw:
            data["raw"] = self.raw.decode("utf-8", errors="replace")
        return data


NEARLY_JOINED = 0.2  # a story begun by an article this likely to belong to another: maybe one event in two
REVIEW_BELOW = 0.7  # joins to check: on GVA, those under it are a tenth of all joins and hold two fifths of the wrong


def block_spans(blocks: list[Block]) -> list[tuple[int, int]]:
    """Each block's (start, end) in the body, which joins the blocks by blank lines."""
    spans, position = [], 0
    for block in blocks:
        spans.append((position, position + len(block.text)))
        position += len(block.text) + 2
    return spans


def is_calendar_day(text: str) -> bool:
    """YYYY-MM-DD naming a day of the calendar: not 2026-02-30, nor the ISO week date 2026-W40-1 (also ten
    characters, and read by date.fromisoformat), which a filter would compare as text and silently miss."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def probability_text(probability: float) -> str:
    """A join's probability in two decimals, rounded down: one under REVIEW_BELOW never reads as at it."""
    return str(Decimal(repr(probability)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR))


Joined = Literal["founded", "scored", "copy", "moved"]
JOINED = {
    "founded": "it began the story (or a story later merged into it), even if a copy of it published earlier "
               "came later and became the original",
    "scored": "the grouping judged it the same event, with join_probability (1.0 for an article that came as a "
              "copy of a member but, published earlier, became the original)",
    "copy": "a near-duplicate of an article in the story, folded under it (moved with it, if moved by hand), that "
            "did not begin the story",
    "moved": "a reader moved it there by hand",
}


def to_check(joined: str | None, probability: float | None) -> bool:
    """A join a reader should check: scored under REVIEW_BELOW (what `storyline review` lists)."""
    return joined == "scored" and probability is not None and probability < REVIEW_BELOW


def joined_how(story: str | None, probability: float | None, duplicate_of: str | None,
               moved: bool) -> tuple[Joined | None, float | None]:
    """How a stored article came to its story, and the grouping's probability when it was scored."""
    if story is None:
        return None, None
    if duplicate_of is not None:  # a copy that began the story (and stayed there) keeps that: it came first
        return ("founded" if not probability and not moved else "copy"), None
    if moved:
        return "moved", None
    if not probability:  # a new story's decision carries no probability
        return "founded", None
    return "scored", probability


@dataclass(slots=True)
class Story(Record):
    """One event, as reported by one or more articles."""

    id: str
    headline: str
    storyline: str | None
    first_published: str | None
    last_published: str | None
    article_count: int
    outlets: list[str] = field(default_factory=list)
    copies: int = 0  # of its articles, near-duplicates of another (folded under it)
    to_check: int = 0  # its joins under REVIEW_BELOW that no reader has moved: where its grouping may be wrong
    estimated: bool = False  # no article of it dates itself: its days are estimated from their texts


@dataclass(slots=True)
class Storyline(Record):
    """A thread of stories over weeks or months."""

    id: str
    title: str
    first_published: str | None
    last_published: str | None
    story_count: int
    estimated: bool = False  # no article of it dates itself: its days are estimated from their texts


ANNOTATION_TYPES: dict[str, type] = {
    "blocks": Block,
    "removed": Removal,
    "sentences": Sentence,
    "entities": Entity,
    "quotes": Quote,
    "dates": DateRef,
}

# the names a join to check is weighed by, against the story's reports before it: (label, field of the join)
JOIN_NAME_LABELS = (("names shared", "shared_names"), ("new to the story", "own_names"),
                    ("not named here", "absent_names"))


def moment_text(moment: str) -> str:
    """A stored UTC time ("2026-12-07T01:30:12.345+00:00") as a reader writes it: "2026-12-07 01:30 UTC"."""
    try:
        parsed = datetime.fromisoformat(moment)
    except (TypeError, ValueError):
        return moment
    return parsed.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if parsed.tzinfo else moment


def counted(count: int, noun: str) -> str:
    """'1 word', '4 words': a count and its noun, in the plural where it needs one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
