"""The ingest run: raw documents through clean, annotate and group, stored batch by batch.

Stages are plain functions over lists of articles; only ``discover`` reads the
world and only the store writes. Cleaning and annotation of a batch are pure,
so they may run in worker processes; grouping runs in the main process in
arrival order, so the result never depends on the number of workers. Each batch
is committed in one transaction: a run killed at any point leaves whole batches
only, and a re-run skips what is stored and continues with the same state.
"""

from __future__ import annotations

import gc
import logging
import os
import socket
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from sqlalchemy.exc import OperationalError

from storyline.annotate import annotate_articles
from storyline.clean import clean_article
from storyline.clean.outlet_memory import OutletMemory
from storyline.cluster.assign import Decision, StoryAssigner
from storyline.cluster.embed import embed_articles, embedding_space
from storyline.cluster.represent import count_terms
from storyline.dedup import fingerprint_articles
from storyline.ingest import InputError, SkippedFiles, discover, file_folder
from storyline.limits import StageTimeout, max_text_chars, time_limit
from storyline.model import Article, RawDocument, joined_how, to_check
from storyline.outlets import OutletNames
from storyline.store import Store, StoreUnavailable

BATCH_SIZE = 32
SEEN_IDS = 20_000  # far more than the documents in flight (batches being prepared) at any time
GROUPING_GC_THRESHOLD = 50_000  # allocations between collections of the youngest generation while grouping
SCHEDULER_TIMEOUT_S = 10  # to reach a Dask scheduler given by address


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@dataclass
class IngestSummary:
    """What an ingest run did, for the CLI and the API."""

    ingested: int = 0
    duplicates: int = 0
    already_present: int = 0
    no_text: int = 0
    new_stories: int = 0
    to_check: int = 0  # joins under REVIEW_BELOW made by this run: `storyline review` lists them
    nearly_joined: int = 0  # stories begun by this run that may be part of another (`review --nearly-joined`)
    split: int = 0  # stories found to hold two events, each split in two
    template_lines: int = 0
    skipped: int = 0  # files in the folders given that were not read (their types, hidden, broken links)
    failed: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "ingested": self.ingested, "duplicates": self.duplicates, "already_present": self.already_present,
            "no_text": self.no_text, "new_stories": self.new_stories, "to_check": self.to_check,
            "nearly_joined": self.nearly_joined, "split": self.split,
            "template_lines": self.template_lines, "skipped": self.skipped,
            "failed": self.failed, "notes": self.notes,
        }


def ingest(
    inputs: Iterable[str],
    store: Store,
    outlet: str | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    on_article: Callable[[str], None] | None = None,
    scheduler: str | None = None,
) -> IngestSummary:
    """Ingest files, folders and URLs into ``store``; return the run's summary."""
    return ingest_documents(discover(inputs, outlet=outlet), store, batch_size, workers, on_article, scheduler)


def ingest_documents(
    documents: Iterable[RawDocument | InputError],
    store: Store,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    on_article: Callable[[str], None] | None = None,
    scheduler: str | None = None,
    state: "GroupingState | None" = None,
) -> IngestSummary:
    """Ingest ``documents``; ``state`` is a grouping state kept between calls (a server's), brought up to date here."""
    summary = IngestSummary()
    store.check_embeddings(embedding_space())  # before any work: a database holds one model's embeddings
    state = state or GroupingState.load(store)

    def store_prepared(docs: list[RawDocument], articles: list[Article], failures: list[dict[str, str]]) -> None:
        summary.failed.extend(failures)
        # Grouping is serialised across processes (the store's grouping lock); preparation is not. A process
        # that finds the state moved on (another ingest, the web server) reloads it, so each article is decided
        # once, against every article stored before it.
        with store.grouping_lock():
            current = state.current(store)
            present = store.existing_ids([a.id for a in articles])
            if present:  # stored by another process while this batch was being prepared
                summary.already_present += len(present)
                articles = [a for a in articles if a.id not in present]
            # articles stored under their folder's name before take the outlet's name, with this batch
            learned = name_folder_outlets(docs, articles, current.outlets)
            group_and_store(articles, store, current.assigner, summary, current.memory, learned)
        if on_article:
            for doc in docs:
                on_article(doc.source)

    try:
        with BatchPreparer(workers, scheduler) as preparer:
            for batch in _fresh_batches(documents, store, batch_size, summary, on_article):
                for done in preparer.submit(batch):
                    store_prepared(*done)
            for done in preparer.drain():
                store_prepared(*done)
    except (OperationalError, StoreUnavailable) as error:
        # locked, full or gone: stop here; every committed batch stays, the one being written was rolled back
        # (other database errors are defects, not conditions to wait out: they surface as they are)
        stopped = error if isinstance(error, StoreUnavailable) else store.unavailable(error)
        stopped.summary = summary
        raise stopped from error
    return summary


def _fresh_batches(documents, store: Store, batch_size: int, summary: IngestSummary, on_article) -> Iterator[list[RawDocument]]:
    """Batches of documents not stored yet; input errors go to the summary as they come."""
    pending: list[RawDocument] = []
    # ids of this run not stored yet when they came: the ones in flight. Older ones are stored (the store's
    # check finds them) or failed, so only the latest are kept and a long run's memory stays flat.
    seen: dict[str, str] = {}  # id -> its source

    def fresh() -> list[RawDocument]:
        present = store.existing_ids([d.id for d in pending])
        held = store.sources_of([d.id for d in pending if d.id in present])
        in_batch: dict[str, str] = {}
        for doc in pending:  # the same bytes in another outlet's folder: another publication, with an id of its own
            earlier = held.get(doc.id) or seen.get(doc.id) or in_batch.get(doc.id)
            folder = _publishing_folder(doc)
            if earlier and folder and folder != (file_folder(earlier) or folder):
                doc.meta["publisher_folder"] = folder
            in_batch.setdefault(doc.id, doc.source)
        present |= store.existing_ids([d.id for d in pending if "publisher_folder" in d.meta])
        kept = []
        for doc in pending:
            if doc.id in present or doc.id in seen:
                summary.already_present += 1
                if on_article:
                    on_article(doc.source)
                continue
            seen[doc.id] = doc.source
            if len(seen) > SEEN_IDS:
                del seen[next(iter(seen))]
            kept.append(doc)
        pending.clear()
        return kept

    given_ids: dict[tuple[str, str], tuple[str, str]] = {}  # (file, a line's id) -> the first line giving it, its text

    for item in documents:
        if isinstance(item, InputError):
            summary.failed.append(item.to_dict())
            if on_article:
                on_article(item.source)
            continue
        if isinstance(item, SkippedFiles):
            summary.skipped += item.count
            summary.notes.append(str(item))
            continue
        external = item.meta.get("external_id")
        if external is not None and ":" in item.source and item.media_type == "application/json":
            key = (item.source.rsplit(":", 1)[0], str(external))
            first, first_id = given_ids.setdefault(key, (item.source, item.id))
            if first_id != item.id:  # the same line again is only already present
                summary.notes.append(f"{item.source}: id {str(external)!r} given again with another text (first by "
                                     f"{first}); both read")
            if len(given_ids) > SEEN_IDS:
                del given_ids[next(iter(given_ids))]
        pending.append(item)
        if len(pending) >= batch_size:
            batch = fresh()
            if batch:
                yield batch
    batch = fresh()
    if batch:
        yield batch


def _publishing_folder(doc: RawDocument) -> str | None:
    """The outlet folder of a document read from a file of its own (a page or a text, not a line, an item or an
    archive record), which names its publisher: "valley-courier" for valley-courier/2026/wire.txt. Folder
    names, not paths, so a tree moved, mounted elsewhere or reached through a link is the same publications."""
    if doc.media_type.partition(";")[0] not in ("text/plain", "text/html"):
        return None
    return file_folder(doc.source)


def clean_documents(docs: list[RawDocument], failures: list[dict[str, str]]) -> list[Article]:
    """Clean each document; one that cannot be read is reported in ``failures``, the rest go on."""
    articles: list[Article] = []
    for doc in docs:
        article = Article.from_raw(doc)
        try:
            with time_limit(what="cleaning"):
                clean_article(article, fallback_outlet=doc.meta.get("fallback_outlet"))
            check_text_size(article)
        except InputError as error:
            failures.append(error.to_dict())
            continue
        except StageTimeout as error:
            failures.append({"source": doc.source, "error": f"{error}; skipped"})
            continue
        except Exception as error:  # a parser crash on one page must not stop the batch
            failures.append({"source": doc.source, "error": f"cleaning failed: {type(error).__name__}: {error}"})
            continue
        articles.append(article)
    return articles


def check_text_size(article: Article) -> None:
    """Refuse an article whose clean text is beyond what one news article can be (the annotator's bound)."""
    limit = max_text_chars()
    if len(article.body or "") > limit:
        raise InputError(article.source, f"{len(article.body):,} characters of text after cleaning, over the "
                         f"{limit:,} limit for one article (STORYLINE_MAX_TEXT_CHARS); not stored")


def prepare_batch(docs: list[RawDocument]) -> tuple[list[RawDocument], list[Article], list[dict[str, str]]]:
    """Clean, annotate, embed, fingerprint and count terms of one batch: pure, so it can run in a worker process."""
    failures: list[dict[str, str]] = []
    articles = count_terms(fingerprint_articles(embed_articles(annotate_articles(clean_documents(docs, failures)))))
    return docs, articles, failures


@dataclass
class GroupingState:
    """The assigner, outlet memory and outlet names of one ingest process, as of the store's last batch."""

    assigner: StoryAssigner
    memory: OutletMemory
    outlets: OutletNames

    @classmethod
    def load(cls, store: Store) -> "GroupingState":
        return cls(store.load_assigner(StoryAssigner.for_embeddings()), store.load_outlet_memory(),
                   OutletNames(store.outlets(), store.outlet_names_given()))

    def current(self, store: Store) -> "GroupingState":
        """Itself, reloaded first when another process has grouped articles since (call under the lock)."""
        if store.grouping_steps() != self.assigner.steps:
            fresh = GroupingState.load(store)
            self.assigner, self.memory, self.outlets = fresh.assigner, fresh.memory, fresh.outlets
        return self


def name_folder_outlets(docs: list[RawDocument], articles: list[Article], outlets: OutletNames) -> list[str]:
    """Outlets taken from a folder name get the outlet's own name when it is known; returns the names first
    learned here, which articles stored before under their folder's name take too."""
    from_folder = {doc.id: doc.meta.get("fallback_outlet") for doc in docs if doc.meta.get("outlet_is_folder")}
    learned = []
    for article in articles:
        if from_folder.get(article.id) != article.outlet and outlets.learn(article.outlet):
            learned.append(article.outlet)
        elif article.outlet:  # a folder's name, or "Varn Herald" of an outlet known as "VARN HERALD": as first named
            article.outlet = outlets.proper_name(article.outlet)
    return learned


_collections_lock = threading.Lock()
_collections_deferred = 0  # grouping calls in progress (the API groups on server threads)
_default_thresholds = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while grouping.

    Grouping allocates many small, short-lived objects that reference counting
    frees (term vectors, candidate rows); at Python's default threshold the
    cycle collector runs every 700 of them and walks the assigner's large live
    state each time it reaches an older generation. Nested and concurrent uses
    share one setting, restored when the last ends.
    """
    global _collections_deferred, _default_thresholds
    with _collections_lock:
        if _collections_deferred == 0:
            _default_thresholds = gc.get_threshold()
            gc.set_threshold(max(GROUPING_GC_THRESHOLD, _default_thresholds[0]), *_default_thresholds[1:])
        _collections_deferred += 1
    try:
        yield
    finally:
        with _collections_lock:
            _collections_deferred -= 1
            if _collections_deferred == 0:
                gc.set_threshold(*_default_thresholds)


@fewer_collections()
def group_and_store(
    articles: list[Article], store: Store, assigner: StoryAssigner, summary: IngestSummary,
    memory: OutletMemory | None = None, outlet_names: list[str] = (),
) -> None:
    """In arrival order: drop outlet-template blocks, assign stories, learn the outlet's lines; commit the batch
    (with the ``outlet_names`` it taught, see ``Store.save_batch``)."""
    decisions: dict[str, Decision] = {}
    no_text = template_lines = duplicates = new_stories = checks = nearly_joined = splits = 0
    notes: list[str] = []
    store.check_article_embeddings(articles)
    for article in articles:
        if article.status != "ok":
            no_text += 1
            notes.append(article.note or f"{article.source}: no article text")
            continue
        if article.note:  # stored, with what could not be done (e.g. annotation past its time limit)
            notes.append(article.note)
        removed = memory.apply(article) if memory is not None else 0
        if removed:
            template_lines += removed
            forget_derived(article)  # the body changed: the assigner derives them again from what is left
        decision = assigner.assign(article)
        decisions[article.id] = decision
        if not decision.near_duplicate and assigner.may_split(decision.story):
            splits += _split_if_two_events(decision, articles, store, assigner, decisions)
        duplicates += decision.near_duplicate
        new_stories += decision.new_story
        nearly_joined += decision.nearest is not None
        checks += to_check(*joined_how(decision.story, decision.similarity, decision.duplicate_of, False))
        if memory is not None and not decision.near_duplicate:
            memory.learn(article)  # copies would make the story's own text look like template
    store.save_batch(articles, decisions, assigner, memory, outlet_names)
    # counted once the batch is committed, so a batch the database refused is not reported as stored
    summary.ingested += len(articles)
    summary.no_text += no_text
    summary.template_lines += template_lines
    summary.duplicates += duplicates
    summary.new_stories += new_stories
    summary.to_check += checks
    summary.nearly_joined += nearly_joined
    summary.split += splits
    summary.notes.extend(notes)


def _split_if_two_events(decision: Decision, batch: list[Article], store: Store, assigner: StoryAssigner,
                         decisions: dict[str, Decision]) -> int:
    """Split the story the article joined when it holds two events (``StoryAssigner.split_two_events``); a story a
    reader corrected by hand is theirs and stays as it is. 1 when it was split."""
    story = decision.story
    if store.story_moves(story):
        return 0
    merged = [merge.story for merge in assigner.merges if assigner.live_id(merge.into) == story]
    stored = store.grouping_member_ids([story, *merged])  # those of this batch's merges still carry the old id
    in_batch = [article for article in batch if article.id in decisions and article.status == "ok"
                and assigner.live_id(article.story) == story]
    split = assigner.split_two_events(story, stored, in_batch, decision.article_id,
                                      store.grouping_articles)
    if split is None:
        return 0
    storyline = assigner.stories[split.into].storyline
    for article in in_batch:  # the batch is stored after: its moved articles go with their new story
        if article.id in split.articles:
            decisions[article.id].story, decisions[article.id].storyline = split.into, storyline
            article.storyline = storyline
    return 1


def forget_derived(article: Article) -> None:
    article.embedding = article.signature = article.term_counts = None


class BatchPreparer:
    """Runs ``prepare_batch`` inline or on Dask workers, giving results back in arrival order.

    ``workers > 1`` starts a local Dask cluster of that many single-threaded
    worker processes; ``scheduler`` ("tcp://HOST:PORT") joins an existing
    cluster instead, on any number of machines. Preparation (cleaning,
    annotation, embeddings, fingerprints) is pure, and grouping consumes the
    results in submission order, so the stories never depend on where a batch
    was prepared. Locally the first batch is prepared inline (a run of one
    batch never pays for starting processes); at most two batches per worker
    are in flight, so memory stays bounded.
    """

    def __init__(self, workers: int = 1, scheduler: str | None = None):
        self.workers = workers
        self.scheduler = scheduler
        self._client = None
        self._cluster = None
        self._in_flight: deque = deque()
        self._batches = 0

    def __enter__(self) -> "BatchPreparer":
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            for future in self._in_flight:
                future.cancel()
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    @property
    def distributed(self) -> bool:
        return self.scheduler is not None or self.workers > 1

    def submit(self, batch: list[RawDocument]) -> Iterator[tuple]:
        """Queue a batch; yield the results that are due, oldest first."""
        self._batches += 1
        if not self.distributed or (self._batches == 1 and self.scheduler is None):
            yield from self.drain()
            yield prepare_batch(batch)
            return
        if self._client is None:
            self._client, self._cluster = connect_workers(self.workers, self.scheduler)
        self._in_flight.append(self._client.submit(prepare_batch, batch, pure=False))
        while len(self._in_flight) > 2 * max(1, len(self._client.scheduler_info()["workers"]) if self.scheduler
                                             else self.workers):
            yield self._in_flight.popleft().result()

    def drain(self) -> Iterator[tuple]:
        while self._in_flight:
            yield self._in_flight.popleft().result()


class WorkersUnavailable(Exception):
    """The Dask scheduler given cannot be reached: the message names its address and why."""


def check_scheduler(address: str) -> None:
    """Raise WorkersUnavailable unless ``address`` is a scheduler's address where something answers: said in a
    line at once, before a database is made, not after Dask's 30 seconds of retries in a traceback."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        host, port = parse_host_port(parse_address(address)[1])
    except ValueError as error:
        raise WorkersUnavailable(f"--scheduler {address}: not a scheduler's address ({error}); expected "
                                 "tcp://HOST:PORT") from None
    try:
        socket.create_connection((host, port), timeout=SCHEDULER_TIMEOUT_S).close()
    except OSError as error:
        raise WorkersUnavailable(f"--scheduler {address}: no scheduler answers there "
                                 f"({error.strerror or error or 'timed out'})") from None


def connect_workers(workers: int, scheduler: str | None):
    """A Dask client: on the cluster at ``scheduler``, else on a new local cluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, ValueError) as error:  # gone since it was checked, or not a Dask scheduler
            raise WorkersUnavailable(f"--scheduler {scheduler}: cannot join its cluster ({error})") from None
        client.run(_warm_worker)
        return client, None
    # one BLAS thread per worker: the workers already use every core
    saved = {name: os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    os.environ.update({name: "1" for name in saved})
    cluster = client = None
    try:
        with warnings.catch_warnings():
            # the scheduler's HTTP routes take any free port when 8787 is taken (another ingest): nothing to tell
            warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   memory_limit=0, silence_logs=logging.CRITICAL)  # a task's error reaches us
        client = Client(cluster)
        client.run(_warm_worker)
    except BaseException:  # interrupted (Ctrl-C) or failed while starting: close what was started
        for started in (client, cluster):
            if started is not None:
                with suppress(Exception):  # half started: what can be closed is, and the interruption goes on
                    started.close()
        raise
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return client, cluster


def _warm_worker() -> None:
    from storyline.annotate.nlp import load_nlp
    from storyline.cluster.embed import embed_texts

    load_nlp()
    embed_texts(["warm up"])
