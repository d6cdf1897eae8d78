"""The ingest run: raw documents through clean, annotate and group, stored batch by batch.

Stages are plain functions over lists of articles; only ``discover`` reads the
world and only the store writes. Each batch is committed in one transaction, so
a run killed at any point leaves whole batches only, and a re-run skips what is
already stored and continues with the same grouping state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storyline.annotate import annotate_articles
from storyline.clean import clean_article
from storyline.cluster.assign import Decision, StoryAssigner
from storyline.ingest import InputError, discover
from storyline.model import Article, RawDocument
from storyline.store import Store

BATCH_SIZE = 32


@dataclass
class IngestSummary:
    """What an ingest run did, for the CLI and the API."""

    ingested: int = 0
    duplicates: int = 0
    already_present: int = 0
    no_text: int = 0
    new_stories: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "ingested": self.ingested, "duplicates": self.duplicates, "already_present": self.already_present,
            "no_text": self.no_text, "new_stories": self.new_stories, "failed": self.failed, "notes": self.notes,
        }


def ingest(
    inputs: Iterable[str],
    store: Store,
    outlet: str | None = None,
    batch_size: int = BATCH_SIZE,
    on_article: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest files, folders and URLs into ``store``; return the run's summary."""
    return ingest_documents(discover(inputs, outlet=outlet), store, batch_size, on_article)


def ingest_documents(
    documents: Iterable[RawDocument | InputError],
    store: Store,
    batch_size: int = BATCH_SIZE,
    on_article: Callable[[str], None] | None = None,
) -> IngestSummary:
    summary = IngestSummary()
    assigner = store.load_assigner(StoryAssigner())
    pending: list[RawDocument] = []
    seen: set[str] = set()

    def flush() -> None:
        fresh = _not_stored(pending, store, seen, summary)
        pending.clear()
        if fresh:
            process_batch(fresh, store, assigner, summary)
        for doc in fresh:
            if on_article:
                on_article(doc.source)

    for item in documents:
        if isinstance(item, InputError):
            summary.failed.append(item.to_dict())
            if on_article:
                on_article(item.source)
            continue
        pending.append(item)
        if len(pending) >= batch_size:
            flush()
    flush()
    return summary


def _not_stored(docs: list[RawDocument], store: Store, seen: set[str], summary: IngestSummary) -> list[RawDocument]:
    present = store.existing_ids([d.id for d in docs])
    fresh = []
    for doc in docs:
        if doc.id in present or doc.id in seen:
            summary.already_present += 1
            continue
        seen.add(doc.id)
        fresh.append(doc)
    return fresh


def clean_documents(docs: list[RawDocument], summary: IngestSummary) -> list[Article]:
    """Clean each document; one that cannot be read is reported, the rest go on."""
    articles: list[Article] = []
    for doc in docs:
        article = Article.from_raw(doc)
        try:
            clean_article(article, fallback_outlet=doc.meta.get("fallback_outlet"))
        except InputError as error:
            summary.failed.append(error.to_dict())
            continue
        except Exception as error:  # a parser crash on one page must not stop the batch
            summary.failed.append({"source": doc.source, "error": f"cleaning failed: {type(error).__name__}: {error}"})
            continue
        articles.append(article)
    return articles


def process_batch(docs: list[RawDocument], store: Store, assigner: StoryAssigner, summary: IngestSummary) -> None:
    articles = annotate_articles(clean_documents(docs, summary))
    decisions: dict[str, Decision] = {}
    for article in articles:
        if article.status != "ok":
            summary.no_text += 1
            summary.notes.append(article.note or f"{article.source}: no article text")
            continue
        decision = assigner.assign(article)
        decisions[article.id] = decision
        summary.duplicates += decision.duplicate_of is not None
        summary.new_stories += decision.new_story
    store.save_batch(articles, decisions, assigner)
    summary.ingested += len(articles)
