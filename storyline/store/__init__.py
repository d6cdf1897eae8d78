"""The store: SQLite by default (WAL), any SQLAlchemy URL later; one transaction per batch."""

from __future__ import annotations

import errno
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any

import numpy
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import and_, case, create_engine, delete, event, exists, func, insert, or_, select, text, tuple_, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from storyline.annotate.entities import SURNAME_PARTICLES, clean_name, is_company_name, without_accents
from storyline.clean.outlet_memory import OutletMemory
from storyline.cluster.assign import (ACTIVE_STORIES, Decision, Move, Relink, StoredRecords, StoryAssigner,
                                      StorylineState, StoryState)
from storyline.cluster.embed import KINDS as EMBEDDING_KINDS
from storyline.cluster.embed import space_dimensions, vector_of
from storyline.cluster.represent import heaviest_first
from storyline.limits import busy_seconds
from storyline.model import (ANNOTATION_TYPES, LEAD_CHARS, REVIEW_BELOW, Article, Story, Storyline, joined_how,
                             lead_of)
from storyline.outlets import outlet_self_names, outlet_slug, squash_name
from storyline.store.indexing import index_rows, joint_speaker_rows, typed_key
from storyline.store.schema import (article_entities, article_quotes, articles, imported_corrections, outlet_lines,
                                    quote_speakers, settings, stories, story_merges, story_moves, story_splits,
                                    storyline_moves, storylines, term_stats)
from storyline.store.search import (fts5_expression, holds_word, like_condition, parse_search, postgres_condition,
                                    term_nodes, terms, written_terms)

DEFAULT_URL = "sqlite:///./storyline.db"
GROUPING_LOCK_KEY = 0x5701_1E5  # PostgreSQL advisory lock id of storyline's grouping
MIGRATION_LOCK_KEY = 0x5701_1E6  # ... and of its migrations
OUTLET_NAME_SETTING = "outlet_name:"  # + the squashed name a reader's name for an outlet replaced
MAX_OUTLET_CHARS = 200
MIGRATIONS = Path(__file__).parent / "migrations"
_JSON_COLUMNS = tuple(ANNOTATION_TYPES)
IN_LIST = 500  # ids per IN (...) list: well under every database's bound on query parameters
EVIDENCE_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")  # who and where: a nationality says little


def database_url(url: str | None = None) -> str:
    """The URL given, else $STORYLINE_DB, else ./storyline.db; a bare path means SQLite."""
    url = url or os.environ.get("STORYLINE_DB") or DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    for scheme in ("postgresql://", "postgres://"):  # a plain PostgreSQL URL speaks through psycopg 3
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


class StoreUnavailable(Exception):
    """The database refused to work: locked by another process, disk full, unreachable.

    ``summary`` is set by the ingest that stopped on it: what was committed before.
    """

    def __init__(self, url: str, reason: str):
        super().__init__(f"database {url}: {reason}")
        self.url = url
        self.reason = reason
        self.summary = None


UNRECORDED = "unrecorded"  # a database from before the embedding space was recorded: known by its vectors' size
EMBEDDING_SETTING = "embedding"


class AmbiguousName(ValueError):
    """A name several entities go by (a surname two people share): ``candidates`` are their keys and names."""

    def __init__(self, name: str, candidates: list[dict[str, str]]):
        self.name, self.candidates = name, candidates
        super().__init__(f"{name!r} is ambiguous: several people are named so: "
                         f"{', '.join(c['name'] for c in candidates)}; give the full name")


class IncompatibleEmbeddings(Exception):
    """The database holds embeddings of another model than this run makes: the two cannot be compared."""

    def __init__(self, url: str, stored: str, space: str, source: str | None = None):
        what = (f"{source}: its embedding is {_describe_space(space)} (made by a worker set up with another "
                f"STORYLINE_EMBEDDING?); its batch was not stored, those before it were") if source else \
            f"this run makes {_describe_space(space)} embeddings"
        stored_kind = stored.rsplit("-", 1)[0]
        remedy = (f"run with STORYLINE_EMBEDDING={stored_kind}" if stored_kind in EMBEDDING_KINDS
                  else "run with the embedding model the database was made with")
        super().__init__(f"database {url} holds {_describe_space(stored)} embeddings and {what}; articles "
                         f"could not be compared with its stories: {remedy}, or ingest into a fresh database")
        self.url, self.stored, self.space = url, stored, space


def _describe_space(space: str) -> str:
    kind, dimensions = space.rsplit("-", 1)
    return f"{dimensions}-dimension" if kind == UNRECORDED else f"{kind} ({dimensions}-dimension)"


def _reason(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error
    message = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    lowered = message.lower()
    if "locked" in lowered:
        return (f"locked by another process ({message}; waited {busy_seconds():g} s, "
                "STORYLINE_DB_BUSY_SECONDS)")
    if "full" in lowered or "i/o error" in lowered or getattr(cause, "errno", None) in (errno.ENOSPC, errno.EFBIG):
        return f"the disk is full or the file size limit is reached ({message})"
    return message


def _same_space(stored: str, space: str) -> bool:
    if stored.startswith(UNRECORDED + "-"):
        return space_dimensions(stored) == space_dimensions(space)
    return stored == space


def _story_state(r) -> StoryState:
    return StoryState(id=r.id, seq=r.seq, headline=r.headline, storyline=r.storyline_id,
                      centroid=heaviest_first(json.loads(r.centroid)), article_count=r.article_count,
                      first_published=r.first_published, last_published=r.last_published,
                      embedding=numpy.frombuffer(r.embedding, dtype="<f8").copy() if r.embedding else None,
                      members=json.loads(r.members), updated=r.updated, merged_into=r.merged_into,
                      days=json.loads(r.days), titled=r.titled, headline_published=r.headline_published,
                      headline_by=r.headline_by, linked_by_hand=r.linked_by_hand)


def _storyline_state(r) -> StorylineState:
    return StorylineState(id=r.id, seq=r.seq, title=r.title, profile=heaviest_first(json.loads(r.profile)),
                          story_count=r.story_count, first_published=r.first_published,
                          last_published=r.last_published, updated=r.updated)


_NEVER_ACCENTED = frozenset("bfmpqvx")  # Latin letters Unicode gives no precomposed accented form


ACRONYM_MAX = 6  # letters of an organisation's initials: "UPM", "NATO"
_NOT_IN_INITIALS = frozenset("and of for the de du la le des & in on".split())


def _initials_of(key: str) -> str:
    """An organisation's initials from its key ("unity and progress movement": "upm")."""
    return "".join(word[0] for word in key.split() if word not in _NOT_IN_INITIALS and word[0].isalpha())


def _insert_imported(connection, imported: list[tuple[str, str, str, str]]) -> None:
    rows = [dict(moved=moved, moved_id=moved_id, moved_at=moved_at, to_id=to_id)
            for moved, moved_id, moved_at, to_id in imported if moved_at]
    if rows:
        connection.execute(insert(imported_corrections), rows)


def _move_record(r) -> dict[str, Any]:
    return {"article": r.article_id, "from": r.from_id, "to": r.to_id, "new_story": bool(r.new_story),
            "note": r.note, "moved_at": r.moved_at}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Store:
    """Reads and writes articles, stories and storylines; the only stage that writes."""

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        self.embedding_space: str | None = None  # this run's, once checked against the stored one
        self._recorded_space: str | None = None  # the space this store has written to the settings
        if self.url.startswith("sqlite:///"):
            path = Path(self.url.removeprefix("sqlite:///")).expanduser()
            if path.is_dir():  # a mistyped path, not a database that is busy: said as such
                raise ValueError(f"{path} is a folder, not an SQLite database file (give a file's path, e.g. "
                                 f"{path / 'storyline.db'})")
            path.parent.mkdir(parents=True, exist_ok=True)
        # sqlite3's own busy handler: a write waits this long for another process's lock
        connect_args = {"timeout": busy_seconds()} if self.url.startswith("sqlite") else {}
        self.engine: Engine = create_engine(self.url, connect_args=connect_args)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self.migrate()
        except OperationalError as error:
            raise self.unavailable(error) from error

    def unavailable(self, error: BaseException) -> StoreUnavailable:
        """``error`` from the database or its files, as one clear error naming the database (password hidden)."""
        return StoreUnavailable(self.shown_url, _reason(error))

    @property
    def shown_url(self) -> str:
        """The database URL as it may be shown: its password hidden."""
        return make_url(self.url).render_as_string(hide_password=True)

    def migrate(self) -> None:
        """Bring the database's tables to this version's; one process at a time (two first runs on an empty
        database raced to create the tables), and a database already there is only read."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        heads = set(ScriptDirectory.from_config(config).get_heads())
        with self.engine.connect() as connection:
            if set(MigrationContext.configure(connection).get_current_heads()) == heads:
                return
        with self._file_lock(), self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":  # held to the end of this transaction
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")  # a no-op where another process migrated while this one waited

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def grouping_lock(self) -> Iterator[None]:
        """Held while one process assigns a batch and stores it: grouping happens one batch at a time.

        PostgreSQL: a session advisory lock (every process on every machine
        sharing the database). SQLite: an exclusive lock on a file beside the
        database (the processes sharing an SQLite file share its machine).
        """
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as connection:
                # waits at most the busy time, as on SQLite: past it the lock wait fails as "locked"
                connection.execute(select(func.set_config("lock_timeout", f"{int(busy_seconds() * 1000)}ms", False)))
                connection.execute(select(func.pg_advisory_lock(GROUPING_LOCK_KEY)))
                try:
                    yield
                finally:
                    connection.execute(select(func.pg_advisory_unlock(GROUPING_LOCK_KEY)))
            return
        with self._file_lock():
            yield

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        """SQLite: an exclusive lock on a file beside the database, waited for as long as SQLite's own busy wait;
        another database: none."""
        path = self.url.removeprefix("sqlite:///") if self.url.startswith("sqlite:///") else ""
        if not path or path == ":memory:":
            yield
            return
        import fcntl

        try:
            lock = open(Path(path).expanduser().with_name(Path(path).name + ".lock"), "a+")
        except OSError as error:
            raise self.unavailable(error) from error
        with lock:
            deadline = time.monotonic() + busy_seconds()
            while True:  # bounded like SQLite's own busy wait: a stopped process must not hang every other one
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreUnavailable(self.shown_url,
                                               f"locked by another process (its lock {lock.name} was held "
                                               f"for over {busy_seconds():g} s, STORYLINE_DB_BUSY_SECONDS)") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def stored_embedding_space(self) -> str | None:
        """The space of the stored embeddings ("static-256"), None while none is stored; a database from before
        it was recorded is known by the size of one stored embedding ("unrecorded-256")."""
        with self.engine.connect() as connection:
            recorded = connection.scalar(select(settings.c.value).where(settings.c.key == EMBEDDING_SETTING))
            if recorded:
                return recorded
            sample = connection.scalar(select(articles.c.embedding).where(articles.c.embedding.is_not(None)).limit(1))
        return None if sample is None else f"{UNRECORDED}-{vector_of(sample).size}"

    def check_embeddings(self, space: str) -> None:
        """Refuse a run whose embeddings (of ``space``, see embed.embedding_space) the stored ones cannot be
        compared with; the space is recorded with the next stored batch."""
        if space == self.embedding_space:
            return
        stored = self.stored_embedding_space()
        if stored is not None and not _same_space(stored, space):
            raise IncompatibleEmbeddings(self.shown_url, stored, space)
        self.embedding_space = space

    def check_article_embeddings(self, batch: list[Article]) -> None:
        """Refuse a batch holding an embedding of another size than the database's (a worker set up with
        another model), before any of it is grouped."""
        space = self.embedding_space or self.stored_embedding_space()
        for article in batch:
            if article.embedding is None:
                continue
            dimensions = vector_of(article.embedding).size
            if space is None:
                space = self.embedding_space = f"{UNRECORDED}-{dimensions}"
            elif dimensions != space_dimensions(space):
                raise IncompatibleEmbeddings(self.shown_url, space, f"{UNRECORDED}-{dimensions}", article.source)

    def grouping_steps(self) -> int:
        """How many articles the stored grouping state has decided (it changes with every stored batch)."""
        with self.engine.connect() as connection:
            value = connection.scalar(select(settings.c.value).where(settings.c.key == "steps"))
        return int(value or 0)

    # --- writing ----------------------------------------------------------------
    def sources_of(self, ids: list[str]) -> dict[str, str]:
        """The source each stored article of ``ids`` came from."""
        found: dict[str, str] = {}
        with self.engine.connect() as connection:
            for chunk in _in_chunks(ids):
                found.update((r.id, r.source) for r in connection.execute(
                    select(articles.c.id, articles.c.source).where(articles.c.id.in_(chunk))))
        return found

    def existing_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        with self.engine.connect() as connection:
            for chunk in _in_chunks(ids):
                found.update(connection.scalars(select(articles.c.id).where(articles.c.id.in_(chunk))))
        return found

    def load_assigner(self, assigner: StoryAssigner) -> StoryAssigner:
        """Restore the assigner's state exactly as the last committed batch left it.

        Only what the assigner works with is read: the active stories and storylines (any other is read
        back when a copy or a merge reaches it) and the articles the near-duplicate index holds.
        """
        assigner.stories = StoredRecords(self._read_story)
        assigner.storylines = StoredRecords(self._read_storyline)
        with self.engine.connect() as connection:
            active = connection.execute(
                select(stories).where(stories.c.merged_into.is_(None))
                .order_by(stories.c.updated.desc(), stories.c.seq.desc()).limit(ACTIVE_STORIES)).all()
            story_states = [_story_state(r) for r in active]
            member_ids = [m for story in story_states for m, _ in story.members]
            member_vectors = {}
            for chunk in _in_chunks(member_ids):
                member_vectors.update(connection.execute(
                    select(articles.c.id, articles.c.embedding).where(articles.c.id.in_(chunk))).all())
            storyline_states = [_storyline_state(r) for r in connection.execute(
                select(storylines).where(storylines.c.profile != _dumps({})).order_by(storylines.c.seq))]
            signatures = [tuple(r) for r in connection.execute(
                select(articles.c.id, articles.c.story_id, articles.c.duplicate_of, articles.c.signature,
                       articles.c.published, articles.c.outlet, articles.c.url)
                .where(articles.c.story_id.is_not(None), articles.c.signature.is_not(None))
                .order_by(articles.c.seq.desc()).limit(assigner.duplicates.capacity))][::-1]
            frequencies = dict(connection.execute(select(term_stats.c.term, term_stats.c.df)).all())
            saved = dict(connection.execute(select(settings.c.key, settings.c.value)).all())
            story_seq = connection.scalar(select(func.max(stories.c.seq))) or 0
            storyline_seq = connection.scalar(select(func.max(storylines.c.seq))) or 0
        assigner.restore(story_states, storyline_states, signatures, int(saved.get("documents", 0)), frequencies,
                         member_vectors, steps=int(saved.get("steps", 0)), newest=saved.get("newest") or None,
                         story_seq=story_seq, storyline_seq=storyline_seq)
        return assigner

    def _read_story(self, story_id: str) -> StoryState | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(stories).where(stories.c.id == story_id)).first()
        return _story_state(row) if row is not None else None

    def _read_storyline(self, storyline_id: str) -> StorylineState | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(storylines).where(storylines.c.id == storyline_id)).first()
        return _storyline_state(row) if row is not None else None

    def load_outlet_memory(self) -> OutletMemory:
        """The outlet memory as the last committed batch left it."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(outlet_lines.c.outlet, outlet_lines.c.line_key, outlet_lines.c.articles))
            return OutletMemory({(outlet, key): count for outlet, key, count in rows})

    def save_batch(self, batch: list[Article], decisions: dict[str, Decision], assigner: StoryAssigner,
                   memory: OutletMemory | None = None, outlet_names: list[str] = ()) -> None:
        """Store a batch of articles and the assigner's (and outlet memory's) changed state in one transaction;
        ``outlet_names``: outlets' names first learned from this batch, which articles stored under their
        folder's name take (only if the batch is stored)."""
        with self.engine.begin() as connection:
            if outlet_names:
                _name_folder_outlets(connection, outlet_names)
            next_seq = (connection.scalar(select(func.max(articles.c.seq))) or 0) + 1
            rows = []
            for offset, article in enumerate(batch):
                decision = decisions.get(article.id)
                row = article_row(article)
                row.update(seq=next_seq + offset, story_id=article.story,
                           duplicate_of=assigner.originals.get(article.id, article.duplicate_of),
                           signature=decision.signature if decision else None,
                           similarity=decision.similarity if decision else None, embedding=article.embedding,
                           nearest_story=decision.nearest if decision else None,
                           nearest_probability=decision.nearest_probability if decision else None)
                rows.append(row)
            if rows:
                connection.execute(insert(articles), rows)
                self._index_articles(connection, rows)
            in_batch = {article.id for article in batch}
            for article_id in sorted(assigner.relinked - in_batch):
                connection.execute(update(articles).where(articles.c.id == article_id)
                                   .values(duplicate_of=assigner.originals[article_id]))
            self._save_grouping_state(connection, assigner)
            space = self.embedding_space
            record_space = space is not None and space != self._recorded_space and not space.startswith(UNRECORDED)
            if record_space:
                _upsert(connection, settings, "key", EMBEDDING_SETTING, {"value": space})
            if memory is not None:
                _delete_many(connection, outlet_lines, ("outlet", "line_key"), sorted(memory.removed - memory.counts.keys()))
                _upsert_many(connection, outlet_lines, ("outlet", "line_key"),
                             [{"outlet": outlet, "line_key": key, "articles": memory.counts[(outlet, key)]}
                              for outlet, key in sorted(memory.changed)])
        if record_space:
            self._recorded_space = space
        assigner.clear_changes()
        if memory is not None:
            memory.clear_changes()

    def grouping_member_ids(self, story_ids: list[str]) -> list[tuple[str, str | None]]:
        """(id, duplicate_of) of every article of these stories, in arrival order."""
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(
                select(articles.c.id, articles.c.duplicate_of).where(articles.c.story_id.in_(story_ids))
                .order_by(articles.c.seq))]

    def grouping_members(self, story_ids: list[str]) -> list[Article]:
        """Every article of these stories in arrival order, with its embedding: what a story is rebuilt from."""
        return self._with_embeddings(articles.c.story_id.in_(story_ids))

    def grouping_articles(self, article_ids: list[str]) -> list[Article]:
        """These articles in arrival order, with their embeddings."""
        return self._with_embeddings(articles.c.id.in_(article_ids))

    def _with_embeddings(self, chosen) -> list[Article]:
        with self.engine.connect() as connection:
            rows = connection.execute(_article_select().where(chosen).order_by(articles.c.seq)).all()
        found = []
        for row in rows:
            article = article_from_row(row)
            article.embedding = row.embedding
            found.append(article)
        return found

    def save_moves(self, moves: list[Move], assigner: StoryAssigner, detached: frozenset[str] = frozenset(),
                   imported: list[tuple[str, str]] = ()) -> None:
        """Articles moved by hand (``detached``: copies found to be no copies), their records and the assigner's
        changed state, in one transaction; ``imported``: the (article id, time) of each exported correction this
        move makes again here."""
        self._save_corrections(story_moves, [
            dict(article_id=move.article, from_id=move.from_story, to_id=move.to_story,
                 new_story=int(move.new_story), note=move.note) for move in moves], assigner,
            story_of={move.article: move.to_story for move in moves}, originals=dict.fromkeys(detached),
            imported=[("article", *key, moves[0].to_story) for key in imported])

    def save_relinks(self, relinks: list[Relink], assigner: StoryAssigner,
                     imported: list[tuple[str, str]] = ()) -> None:
        """Stories moved to another storyline by hand, their records and the assigner's changed state, in one
        transaction; ``imported`` as for ``save_moves``."""
        self._save_corrections(storyline_moves, [
            dict(story_id=relink.story, from_id=relink.from_storyline, to_id=relink.to_storyline,
                 new_storyline=int(relink.new_storyline), note=relink.note) for relink in relinks], assigner,
            imported=[("story", *key, relinks[0].to_storyline) for key in imported])

    def remember_imported(self, imported: list[tuple[str, str, str, str]]) -> None:
        """Exported corrections (kind, id, time made, where it went here) found already made here."""
        with self.engine.begin() as connection:
            _insert_imported(connection, imported)

    def imported_to(self, moved: str, moved_id: str, moved_at: str) -> str | None:
        """Where an exported correction (``moved``: "article" or "story"), imported before, went here."""
        with self.engine.connect() as connection:
            return connection.scalar(select(imported_corrections.c.to_id).where(
                (imported_corrections.c.moved == moved) & (imported_corrections.c.moved_id == moved_id)
                & (imported_corrections.c.moved_at == moved_at)))

    def _save_corrections(self, table, records: list[dict[str, Any]], assigner: StoryAssigner,
                          story_of: dict[str, str] | None = None, originals: dict[str, None] | None = None,
                          imported: list[tuple[str, str, str, str]] = ()) -> None:
        """Records of moves by hand (numbered on, timed now), the articles' new stories (and originals), the
        exported corrections they make again and the grouping state."""
        moved_at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")  # orders the two kinds of move
        with self.engine.begin() as connection:
            _insert_imported(connection, imported)
            for article_id, story_id in (story_of or {}).items():
                connection.execute(update(articles).where(articles.c.id == article_id).values(story_id=story_id))
            for article_id, original in (originals or {}).items():
                connection.execute(update(articles).where(articles.c.id == article_id).values(duplicate_of=original))
            seq = connection.scalar(select(func.max(table.c.seq))) or 0
            connection.execute(insert(table), [{**record, "seq": seq + offset, "moved_at": moved_at}
                                               for offset, record in enumerate(records, start=1)])
            self._save_grouping_state(connection, assigner)
        assigner.clear_changes()

    def storyline_moves(self, storyline_id: str | None = None, story_id: str | None = None) -> list[dict[str, Any]]:
        """The corrections by hand that moved stories into or out of a storyline (or moved one story), oldest
        first."""
        query = select(storyline_moves).order_by(storyline_moves.c.seq)
        if storyline_id is not None:
            query = query.where((storyline_moves.c.from_id == storyline_id) | (storyline_moves.c.to_id == storyline_id))
        if story_id is not None:
            query = query.where(storyline_moves.c.story_id == story_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [{"story": r.story_id, "from": r.from_id, "to": r.to_id, "new_storyline": bool(r.new_storyline),
                 "note": r.note, "moved_at": r.moved_at} for r in rows]

    def names_shared_between(self, story_ids: list[str]) -> dict[str, list[str]]:
        """For each story: the people, organisations and places it shares with the others (a storyline's
        stories: what holds the thread together), most widely shared first."""
        with self.engine.connect() as connection:
            named = _names_by_story(connection, sorted(story_ids))
        shared = _names_across_stories(named)
        return {story: shared.get(story, []) for story in story_ids}

    def storyline_story_ids(self, storyline_ids: list[str]) -> dict[str, list[str]]:
        """The live stories of each storyline, oldest first."""
        found: dict[str, list[str]] = {line: [] for line in storyline_ids}
        with self.engine.connect() as connection:
            for line, story_id in _live_stories_of(connection, storyline_ids, stories.c.id, order_by=(stories.c.seq,)):
                found[line].append(story_id)
        return found

    def corrections(self) -> list[dict[str, Any]]:
        """Every correction by hand, oldest first: articles moved between stories and stories between storylines
        (``moved``: "article" or "story"), for the export."""
        with self.engine.connect() as connection:
            moved = [("article", r.seq, r.article_id, r.from_id, r.to_id, r.new_story, r.note, r.moved_at)
                     for r in connection.execute(select(story_moves))]
            moved += [("story", r.seq, r.story_id, r.from_id, r.to_id, r.new_storyline, r.note, r.moved_at)
                      for r in connection.execute(select(storyline_moves))]
        moved.sort(key=lambda m: (m[7], m[0], m[1]))
        return [{"moved": kind, "id": moved_id, "from": source, "to": target, "to_new": bool(new), "note": note,
                 "moved_at": moved_at} for kind, _, moved_id, source, target, new, note, moved_at in moved]

    def story_moves(self, story_id: str) -> list[dict[str, Any]]:
        """The corrections by hand that moved articles into or out of this story, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(story_moves).where(
                (story_moves.c.from_id == story_id) | (story_moves.c.to_id == story_id))
                .order_by(story_moves.c.seq)).all()
        return [_move_record(r) for r in rows]

    def article_moves(self, article_id: str) -> list[dict[str, Any]]:
        """The corrections by hand that moved this article, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(story_moves).where(story_moves.c.article_id == article_id)
                                      .order_by(story_moves.c.seq)).all()
        return [_move_record(r) for r in rows]

    @staticmethod
    def _save_grouping_state(connection, assigner: StoryAssigner) -> None:
        """The assigner's changed stories, merges, storylines, document frequencies and step count."""
        for story_id in sorted(assigner.changed_stories):
            story = assigner.stories[story_id]
            values = dict(seq=story.seq, headline=story.headline, storyline_id=story.storyline,
                          first_published=story.first_published, last_published=story.last_published,
                          article_count=story.article_count, centroid=_dumps(story.centroid),
                          embedding=story.embedding.astype("<f8").tobytes() if story.embedding is not None else None,
                          members=_dumps(story.members), updated=story.updated, merged_into=story.merged_into,
                          days=_dumps(story.days), titled=story.titled, headline_published=story.headline_published,
                          headline_by=story.headline_by, linked_by_hand=story.linked_by_hand)
            _upsert(connection, stories, "id", story_id, values)
        if assigner.merges:
            merge_seq = connection.scalar(select(func.max(story_merges.c.seq))) or 0
            for offset, merge in enumerate(assigner.merges, start=1):
                connection.execute(insert(story_merges).values(
                    seq=merge_seq + offset, story_id=merge.story, into_id=merge.into, article_id=merge.article,
                    probability=merge.probability))
                connection.execute(update(articles).where(articles.c.story_id == merge.story)
                                   .values(story_id=merge.into))
        if assigner.splits:
            split_seq = connection.scalar(select(func.max(story_splits.c.seq))) or 0
            for offset, split in enumerate(assigner.splits, start=1):
                connection.execute(insert(story_splits).values(
                    seq=split_seq + offset, story_id=split.story, into_id=split.into, article_id=split.article,
                    separation=split.separation, articles=_dumps(split.articles)))
                # where they live now: the new story may have been merged since, in this batch (merges are written
                # first, by story: a split's articles are named, so it is written after, in its order)
                connection.execute(update(articles).where(articles.c.id.in_(split.articles))
                                   .values(story_id=assigner.live_id(split.into)))
        for storyline_id in sorted(assigner.changed_storylines):
            line = assigner.storylines[storyline_id]
            values = dict(seq=line.seq, title=line.title, first_published=line.first_published,
                          last_published=line.last_published, story_count=line.story_count,
                          profile=_dumps(line.profile), updated=line.updated)
            _upsert(connection, storylines, "id", storyline_id, values)
        statistics = assigner.statistics
        _delete_many(connection, term_stats, "term", sorted(statistics.removed - statistics.frequencies.keys()))
        _upsert_many(connection, term_stats, "term",
                     [{"term": term, "df": statistics.frequencies[term]} for term in sorted(statistics.changed)])
        _upsert(connection, settings, "key", "documents", {"value": str(statistics.documents)})
        _upsert(connection, settings, "key", "steps", {"value": str(assigner.steps)})
        _upsert(connection, settings, "key", "newest", {"value": assigner.newest or ""})

    def _index_articles(self, connection, rows: list[dict[str, Any]]) -> None:
        """Entities, quotations and the full-text entry of newly stored articles (same transaction)."""
        entity_rows, quote_rows, speaker_rows, text_rows = [], [], [], []
        for row in rows:
            quoted = json.loads(row["quotes"])
            entities, quotes, searchable = index_rows(row["id"], row["seq"], row["title"], row["body"],
                                                      json.loads(row["entities"]), quoted)
            entity_rows += entities
            quote_rows += quotes
            speaker_rows += joint_speaker_rows(row["id"], quoted)
            text_rows.append(searchable)
        if entity_rows:
            connection.execute(insert(article_entities), entity_rows)
        if quote_rows:
            connection.execute(insert(article_quotes), quote_rows)
        if speaker_rows:
            connection.execute(insert(quote_speakers), speaker_rows)
        if self.engine.dialect.name == "sqlite":
            connection.execute(text("INSERT INTO articles_fts(rowid, title, body, entities) "
                                    "VALUES (:rowid, :title, :body, :entities)"), text_rows)

    # --- reading ----------------------------------------------------------------
    def count_articles(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(articles)) or 0

    def outlets(self) -> list[str]:
        """Distinct outlet names, in order of first arrival."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(articles.c.outlet, func.min(articles.c.seq).label("first"))
                                      .where(articles.c.outlet.is_not(None)).group_by(articles.c.outlet)
                                      .order_by("first")).all()
        return [row.outlet for row in rows]

    def article_bodies(self, article_ids: list[str]) -> dict[str, str]:
        """The clean bodies of these articles, by id (a page of search results: where their words are)."""
        found: dict[str, str] = {}
        with self.engine.connect() as connection:
            for chunk in _in_chunks(article_ids):
                found.update(connection.execute(select(articles.c.id, articles.c.body)
                                                 .where(articles.c.id.in_(chunk))).all())
        return found

    def outlet_listing(self) -> list[dict[str, Any]]:
        """Each outlet with its articles and stories counted and the span of its articles' days, by name."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(articles.c.outlet, func.count().label("articles"),
                       func.count(func.distinct(articles.c.story_id)).label("stories"),
                       func.min(articles.c.published).label("first"), func.max(articles.c.published).label("last"))
                .where(articles.c.outlet.is_not(None)).group_by(articles.c.outlet)).all()
        return sorted(({"outlet": r.outlet, "articles": r.articles, "stories": r.stories,
                        "first_published": r.first, "last_published": r.last} for r in rows),
                      key=lambda row: (row["outlet"].casefold(), row["outlet"]))

    def outlet_names_given(self) -> dict[str, str]:
        """The names readers gave outlets, by the squashed name each replaced (see ``rename_outlet``)."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(settings.c.key, settings.c.value)
                                      .where(settings.c.key.like(f"{OUTLET_NAME_SETTING}%"))).all()
        return {key[len(OUTLET_NAME_SETTING):]: value for key, value in rows}

    def rename_outlet(self, name: str, new_name: str) -> tuple[str, int]:
        """Give an outlet (any spelling ``outlet_named`` finds) the name a reader chose: its articles take it now,
        and those ingested later under the old name (a folder's, a feed's) take it too. Returns the outlet's
        stored name before and the articles renamed; ValueError naming the outlets when none is by ``name``."""
        new_name = " ".join(new_name.split())
        if not new_name:
            raise ValueError("give the outlet's new name")
        if len(new_name) > MAX_OUTLET_CHARS:
            raise ValueError(f"an outlet's name is at most {MAX_OUTLET_CHARS} characters")
        with self.grouping_lock():  # an ingest learns outlets' names as it groups: one at a time
            old = self.outlet_named(name)
            if old is None:
                known = ", ".join(sorted(self.outlets(), key=str.casefold)[:20])
                raise ValueError(f"no article is by outlet {name!r}; outlets: {known or 'none yet'}")
            with self.engine.begin() as connection:
                renamed = connection.execute(update(articles).where(articles.c.outlet == old)
                                             .values(outlet=new_name)).rowcount
                for replaced in {squash_name(old), squash_name(name)} - {""}:
                    _upsert(connection, settings, "key", OUTLET_NAME_SETTING + replaced[:48], {"value": new_name})
                steps = int(connection.scalar(select(settings.c.value).where(settings.c.key == "steps")) or 0)
                # a process holding the outlets' names (an ingest, the server) reloads them before it next groups
                _upsert(connection, settings, "key", "steps", {"value": str(steps + 1)})
        return old, renamed

    def outlet_named(self, name: str) -> str | None:
        """The stored outlet a name stands for, whatever its case or spelling as a folder's name ("harbor
        ledger": Harbor Ledger; "Pelican Herald": pelican-herald), or the one site whose address has it for a
        name ("radio-dalvoria": news.radiodalvoria.example); None if no article is by it."""
        with self.engine.connect() as connection:
            if connection.scalar(select(articles.c.outlet).where(articles.c.outlet == name).limit(1)) is not None:
                return name
        known = self.outlets()
        folded = name.casefold()  # in Python: SQLite's lower() folds ASCII only
        squashed = squash_name(name)
        by_host = [outlet for outlet in known if squashed and "." in outlet and " " not in outlet
                   and squashed in (squash_name(label) for label in outlet.split(".")[:-1])]
        return next((outlet for outlet in known if outlet.casefold() == folded), None) or next(
            (outlet for outlet in known if squashed and squash_name(outlet) == squashed), None) or (
            by_host[0] if len(by_host) == 1 else None) or (  # "radio-dalvoria" for news.radiodalvoria.example
            self._outlet_by_its_site_or_folder(name))

    def _outlet_by_its_site_or_folder(self, name: str) -> str | None:
        """The one outlet whose articles come from a site or a folder of that name ("kestrel-fm" for Kestrel FM
        News, whose feed named it so, read from the folder kestrel-fm with links on kestrelfm.example)."""
        typed = {squash_name(name)} | (outlet_self_names(name) if "." in name and " " not in name else set())
        typed.discard("")
        if not typed:
            return None
        with self.engine.connect() as connection:
            rows = connection.execute(select(articles.c.outlet, func.min(articles.c.url), func.min(articles.c.source))
                                      .where(articles.c.outlet.is_not(None)).group_by(articles.c.outlet)).all()
        found = [outlet for outlet, url, source in rows
                 if typed & (outlet_self_names(None, url) | {squash_name(folder) for folder in
                                                             PurePath((source or "").split("#")[0]).parts[:-1]})]
        return found[0] if len(found) == 1 else None

    def find_article_id(self, prefix: str) -> str | None:
        """The article whose id starts with ``prefix``; None if none; ValueError if several, or none given."""
        return self._find_id(articles, prefix, "article")

    def find_story_id(self, prefix: str) -> str | None:
        """The story (merged ones too) whose id is ``prefix`` or starts with it; None if none; ValueError if
        several, or none given."""
        return self._find_id(stories, prefix, "story")

    def find_storyline_id(self, prefix: str) -> str | None:
        """The storyline whose id is ``prefix`` or starts with it; None if none; ValueError if several, or none
        given."""
        return self._find_id(storylines, prefix, "storyline")

    def _find_id(self, table, prefix: str, kind: str) -> str | None:
        if not prefix.strip():
            raise ValueError(f"no {kind} id given: give an id, or its first characters")
        with self.engine.connect() as connection:
            if connection.scalar(select(table.c.id).where(table.c.id == prefix)) is not None:
                return prefix  # a whole id, though longer ones start with it
            ids = list(connection.scalars(select(table.c.id).where(
                table.c.id.like(f"{_escape_like(prefix)}%", escape="\\")).order_by(table.c.id).limit(6)))
        if len(ids) > 1:
            shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
            raise ValueError(f"{kind} id prefix {prefix!r} is ambiguous ({shown}); give more characters")
        return ids[0] if ids else None

    def get_article(self, article_id: str) -> Article | None:
        with self.engine.connect() as connection:
            row = connection.execute(_article_select().where(articles.c.id == article_id)).first()
        return article_from_row(row) if row else None

    def iter_articles(self, batch: int = 200) -> Iterator[Article]:
        """All articles in arrival order, read in pages so memory stays bounded."""
        last = 0
        while True:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    _article_select().where(articles.c.seq > last).order_by(articles.c.seq).limit(batch)).all()
            if not rows:
                return
            for row in rows:
                yield article_from_row(row)
            last = rows[-1].seq

    def story_articles(self, story_id: str) -> list[Article]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                _article_select().where(articles.c.story_id == story_id)
                .order_by(articles.c.published.is_(None), articles.c.published, articles.c.seq)).all()
        return [article_from_row(row) for row in rows]

    def list_stories(self, storyline_id: str | None = None) -> list[Story]:
        """Stories (of one storyline, if given), newest first, with their outlets."""
        story_query = select(stories).where(stories.c.merged_into.is_(None))
        outlet_query = select(articles.c.story_id, articles.c.outlet).distinct().where(articles.c.story_id.is_not(None))
        if storyline_id is not None:
            story_query = story_query.where(stories.c.storyline_id == storyline_id)
            outlet_query = outlet_query.where(articles.c.story_id.in_(
                select(stories.c.id).where(stories.c.storyline_id == storyline_id)))
        with self.engine.connect() as connection:
            outlet_rows = connection.execute(outlet_query.order_by(articles.c.story_id, articles.c.outlet)).all()
            rows = connection.execute(story_query.order_by(
                stories.c.last_published.is_(None), stories.c.last_published.desc(), stories.c.seq.desc())).all()
            counts = _grouping_counts(connection, [r.id for r in rows] if storyline_id is not None else None)
        outlets: dict[str, list[str]] = {}
        for story_id, outlet in outlet_rows:
            if outlet:
                outlets.setdefault(story_id, []).append(outlet)
        return [
            Story(id=r.id, headline=r.headline, storyline=r.storyline_id, first_published=r.first_published,
                  last_published=r.last_published, article_count=r.article_count, outlets=outlets.get(r.id, []),
                  **counts.get(r.id, {}))
            for r in rows
        ]

    def get_story(self, story_id: str) -> Story | None:
        """The story with this id or unique id prefix (a merged story's id leads to the story it is part of);
        None if none, or if the prefix is ambiguous (``find_story_id`` says which)."""
        try:
            found = self.find_story_id(story_id)
        except ValueError:
            return None
        live = self.live_story_id(found) if found else None
        return self.query_stories(story_id=live, limit=1)[0][0] if live else None

    def live_story_id(self, story_id: str) -> str | None:
        """The story a (possibly merged) story id now lives in; None for an unknown id."""
        with self.engine.connect() as connection:
            for _ in range(1000):  # merge chains are short; the bound guards against a corrupt cycle
                merged_into = connection.execute(
                    select(stories.c.merged_into).where(stories.c.id == story_id)).first()
                if merged_into is None:
                    return None
                if merged_into[0] is None:
                    return story_id
                story_id = merged_into[0]
        return story_id

    def story_merges(self, story_id: str) -> list[dict[str, Any]]:
        """The merges that folded other stories into this one, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(story_merges).where(story_merges.c.into_id == story_id)
                                      .order_by(story_merges.c.seq)).all()
        return [{"story": r.story_id, "into": r.into_id, "article": r.article_id, "probability": r.probability}
                for r in rows]

    def story_splits(self, story_id: str) -> list[dict[str, Any]]:
        """The splits that took a second event out of this story, or made this story of one, oldest first."""
        return self.splits(story_id)

    def splits(self, story_id: str | None = None) -> list[dict[str, Any]]:
        """Every split of a story found to hold two events (or those that took one out of ``story_id`` or made
        it), oldest first."""
        query = select(story_splits).order_by(story_splits.c.seq)
        if story_id is not None:
            query = query.where((story_splits.c.story_id == story_id) | (story_splits.c.into_id == story_id))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [{"story": r.story_id, "into": r.into_id, "article": r.article_id, "separation": r.separation,
                 "articles": json.loads(r.articles)} for r in rows]

    def merges(self) -> list[dict[str, Any]]:
        """Every merge of stories found to be one, oldest first, for the export: ``now_in`` is the story the
        merged one lives in today (``into`` itself, unless a later merge or a move by hand took it on)."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(story_merges).order_by(story_merges.c.seq)).all()
        return [{"story": r.story_id, "into": r.into_id, "now_in": self.live_story_id(r.into_id),
                 "article": r.article_id, "probability": r.probability} for r in rows]

    def storyline_timelines(self, storyline_ids: list[str]) -> dict[str, tuple[list[str], int]]:
        """For each storyline given: its live stories in time order (as ``storyline_stories`` gives them) and its
        articles, counted once."""
        timelines: dict[str, tuple[list[str], int]] = {line: ([], 0) for line in storyline_ids}
        in_time = (stories.c.first_published.is_(None), stories.c.first_published, stories.c.id)
        with self.engine.connect() as connection:
            for line, story_id, count in _live_stories_of(connection, storyline_ids, stories.c.id,
                                                          stories.c.article_count, order_by=in_time):
                ids, total = timelines[line]
                ids.append(story_id)
                timelines[line] = (ids, total + count)
        return timelines

    def storyline_stories(self, storyline_id: str) -> list[Story]:
        """The storyline's stories in time order: its timeline."""
        items = self.list_stories(storyline_id)
        return sorted(items, key=lambda s: (s.first_published is None, s.first_published or "", s.id))

    def list_storylines(self, storyline_id: str | None = None) -> list[Storyline]:
        """Storylines (or the one given) in order of creation, each titled by the headline of the event that
        opened it (``_titled_storylines``); one whose stories all moved on (merged, or re-linked to the thread
        they continue) is not listed."""
        query = select(storylines).where(storylines.c.story_count > 0).order_by(storylines.c.seq)
        if storyline_id is not None:
            query = query.where(storylines.c.id == storyline_id)
        with self.engine.connect() as connection:
            return _titled_storylines(connection, connection.execute(query).all())

    # --- browsing: the filtered, paged reads of the web pages and the API ------------
    def query_stories(self, since: str | None = None, until: str | None = None, outlet: str | None = None,
                      entity: str | None = None, q: str | None = None, storyline_id: str | None = None,
                      story_id: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[Story], int]:
        """Live stories, newest first, filtered by date span overlap, outlet, entity key and full text."""
        query = self._stories_matching(since, until, outlet, entity, q, storyline_id, story_id)
        with self.engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = connection.execute(query.order_by(
                stories.c.last_published.is_(None), stories.c.last_published.desc(), stories.c.seq.desc())
                .limit(limit).offset(offset)).all()
            ids = [r.id for r in rows]
            outlet_rows = connection.execute(
                select(articles.c.story_id, articles.c.outlet).distinct()
                .where(articles.c.story_id.in_(ids)).order_by(articles.c.story_id, articles.c.outlet)).all()
            counts = _grouping_counts(connection, ids)
        outlets: dict[str, list[str]] = {}
        for story_id, name in outlet_rows:
            if name:
                outlets.setdefault(story_id, []).append(name)
        return [Story(id=r.id, headline=r.headline, storyline=r.storyline_id, first_published=r.first_published,
                      last_published=r.last_published, article_count=r.article_count,
                      outlets=outlets.get(r.id, []), **counts.get(r.id, {})) for r in rows], total

    def _stories_matching(self, since: str | None = None, until: str | None = None, outlet: str | None = None,
                          entity: str | None = None, q: str | None = None, storyline_id: str | None = None,
                          story_id: str | None = None):
        """The live stories that pass every filter given: their span overlaps since..until, an article of theirs
        is by the outlet, names the entity (a name or its key), holds the words of ``q``. An empty filter is
        none, as an empty field of a form."""
        entity, q, outlet = entity and self.entity_key(entity), _words(q), _words(outlet)
        query = select(stories).where(stories.c.merged_into.is_(None))
        if story_id:
            query = query.where(stories.c.id == story_id)
        if since:
            query = query.where(func.coalesce(stories.c.last_published, stories.c.first_published) >= since)
        if until:
            query = query.where(stories.c.first_published <= until)
        if storyline_id:
            query = query.where(stories.c.storyline_id == storyline_id)
        if outlet:
            outlet = self.outlet_named(outlet) or outlet
            query = query.where(stories.c.id.in_(select(articles.c.story_id).where(articles.c.outlet == outlet)))
        if entity:
            query = query.where(stories.c.id.in_(
                select(articles.c.story_id).join(article_entities, article_entities.c.article_id == articles.c.id)
                .where(article_entities.c.key.in_(self._with_surname_alone(entity)))))
        if q is not None:
            query = query.where(stories.c.id.in_(select(articles.c.story_id).where(self._matching(q))))
        return query

    def query_storylines(self, since: str | None = None, until: str | None = None, outlet: str | None = None,
                         entity: str | None = None, q: str | None = None, limit: int | None = 50,
                         offset: int = 0) -> tuple[list[Storyline], int]:
        """Listed storylines, the latest reported first (of equals, the latest made), undated ones last, as
        stories are listed; with filters, those holding a story that passes them all (``query_stories``'s)."""
        query = select(storylines).where(storylines.c.story_count > 0)
        if any((since, until, _words(outlet), _words(entity), _words(q))):
            holding = self._stories_matching(since, until, outlet, entity, q).with_only_columns(stories.c.storyline_id)
            query = query.where(storylines.c.id.in_(holding))
        with self.engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = connection.execute(query.order_by(
                storylines.c.last_published.is_(None), storylines.c.last_published.desc(), storylines.c.seq.desc())
                .limit(limit).offset(offset)).all()
            return _titled_storylines(connection, rows), total

    def _matching(self, q: str):
        """A condition on articles: they match the search box ``q`` (``storyline.store.search``'s language)."""
        query = parse_search(q)
        if not query.required:
            return articles.c.id.is_(None)  # nothing to look for matches nothing
        if self.engine.dialect.name == "sqlite":
            matched = articles.c.seq.in_(text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match")
                                         .bindparams(match=fts5_expression(query)))
            written = [func.storyline_holds_word(func.coalesce(articles.c.title, "") + " " + articles.c.body,
                                                 term.words[0]) for term in written_terms(query)]
            return and_(matched, *written)  # "Ines", which the stemmer reads as "in", as written too
        searchable = func.coalesce(articles.c.title, "") + " " + articles.c.body
        if self.engine.dialect.name == "postgresql":  # PostgreSQL's own text search, on the index of migration 0006
            # its parser reads each term as it read the texts ("6.5" one figure, as FTS5's "6" "5" in a row find)
            with self.engine.connect() as connection:
                nodes = dict(zip(terms(query), connection.execute(term_nodes(query)).one(), strict=True))
            return postgres_condition(query, text_search_vector(), searchable, nodes)
        return like_condition(query, searchable, _escape_like)

    def story_coverage(self, story_ids: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Articles per day of each story (its coverage over time), days in order."""
        day = func.coalesce(articles.c.published, articles.c.published_estimate)
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(articles.c.story_id, day.label("day"), func.count().label("count"))
                .where(articles.c.story_id.in_(story_ids), day.is_not(None))
                .group_by(articles.c.story_id, day).order_by(articles.c.story_id, day)).all()
        coverage: dict[str, list[tuple[str, int]]] = {}
        for story_id, published, count in rows:
            if len(published) == 10:
                coverage.setdefault(story_id, []).append((published, count))
        return coverage

    def query_articles(self, story_id: str | None = None, outlet: str | None = None, q: str | None = None,
                       ids: list[str] | None = None, limit: int = 50,
                       offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Article summaries (no body), newest first; ``q`` searches headline, body and entity names."""
        query = select(articles.c.id, articles.c.seq, articles.c.title, articles.c.outlet, articles.c.published,
                       articles.c.published_estimate, articles.c.url, articles.c.story_id, articles.c.duplicate_of,
                       articles.c.status,
                       _lead_column(), articles.c.similarity, _moved_by_hand())
        if story_id:
            query = query.where(articles.c.story_id == (self.live_story_id(story_id) or story_id))
        if _words(outlet):
            query = query.where(articles.c.outlet == (self.outlet_named(outlet) or outlet))
        if ids is not None:
            query = query.where(articles.c.id.in_(ids))
        if _words(q) is not None:
            query = query.where(self._matching(q))
        with self.engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = connection.execute(query.order_by(articles.c.published.is_(None), articles.c.published.desc(),
                                                     articles.c.seq.desc()).limit(limit).offset(offset)).all()
        return [{"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published,
                 "published_estimate": r.published_estimate, "url": r.url,
                 "story": r.story_id, "duplicate_of": r.duplicate_of, "status": r.status, "lead": lead_of(r.lead),
                 **_joined(r.story_id, r.similarity, r.duplicate_of, r.moved_by_hand)}
                for r in rows], total

    def uncertain_joins(self, below: float, limit: int = 50, offset: int = 0,
                        story_id: str | None = None) -> tuple[list[dict[str, Any]], int]:
        """Articles that joined their story (one story's, if given) with a probability under ``below``, least
        certain first: where a reader checks the grouping. Stories' first articles, copies and articles already
        moved by hand are left out."""
        query = (select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published,
                        articles.c.story_id, articles.c.similarity, stories.c.headline,
                        stories.c.article_count, _lead_column())
                 .select_from(articles.join(stories, articles.c.story_id == stories.c.id))
                 .where(*_uncertain(below)))
        if story_id is not None:
            query = query.where(articles.c.story_id == story_id)
        with self.engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = connection.execute(query.order_by(articles.c.similarity, articles.c.seq)
                                      .limit(limit).offset(offset)).all()
            names = _names_against_stories(connection, [(r.id, r.story_id) for r in rows])
        return [{"article": r.id, "title": r.title, "lead": lead_of(r.lead), "outlet": r.outlet,
                 "published": r.published, "probability": r.similarity, "story": r.story_id, "story_headline": r.headline,
                 "story_articles": r.article_count, **names[r.id]} for r in rows], total

    def nearly_joined(self, limit: int | None = 50, offset: int = 0,
                      story_id: str | None = None) -> tuple[list[dict[str, Any]], int]:
        """Stories (or the one given) that may be part of another: their first article nearly joined that story
        (a probability of NEARLY_JOINED or more), likeliest first. Ones moved by hand since, or whose two stories
        have become one, are left out."""
        query = (select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published,
                        articles.c.story_id, articles.c.nearest_story, articles.c.nearest_probability,
                        stories.c.headline, stories.c.article_count, _lead_column())
                 .select_from(articles.join(stories, articles.c.story_id == stories.c.id))
                 .where(articles.c.nearest_probability.is_not(None), stories.c.merged_into.is_(None),
                        articles.c.id.not_in(select(story_moves.c.article_id)))
                 .order_by(articles.c.nearest_probability.desc(), articles.c.seq))
        if story_id is not None:
            query = query.where(articles.c.story_id == story_id)
        with self.engine.connect() as connection:
            moved_on = dict(connection.execute(  # merged stories and stories emptied by hand: where they went
                select(stories.c.id, stories.c.merged_into).where(stories.c.merged_into.is_not(None))).all())
            found = []
            for r in connection.execute(query):
                nearest = r.nearest_story
                for _ in range(len(moved_on) + 1):  # along a chain of merges and moves to the story it is part of
                    if nearest not in moved_on:
                        break
                    nearest = moved_on[nearest]
                if nearest != r.story_id:  # not one story since
                    found.append((r, nearest))
            page = found[offset:offset + limit] if limit is not None else found[offset:]
            headlines = {r.id: r.headline for r in connection.execute(
                select(stories.c.id, stories.c.headline).where(stories.c.id.in_({n for _, n in page})))}
        return [{"article": r.id, "title": r.title, "lead": lead_of(r.lead), "outlet": r.outlet,
                 "published": r.published, "story": r.story_id, "story_headline": r.headline,
                 "story_articles": r.article_count, "nearest": nearest, "nearest_headline": headlines.get(nearest),
                 "probability": r.nearest_probability} for r, nearest in page], len(found)

    def query_entities(self, q: str | None = None, label: str | None = None, limit: int = 50,
                       offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Entities, one per key, by the number of articles naming them; each with its most used name and kind
        ("Port Halden", a place, though an article took it for an organisation); ``q`` filters names
        containing it, ``label`` the entities named as that kind."""
        query = (select(article_entities.c.key, func.count(article_entities.c.article_id.distinct()).label("articles"),
                        func.sum(article_entities.c.mentions).label("mentions"))
                 .group_by(article_entities.c.key))
        if _words(q):
            query = query.where(article_entities.c.key.like(f"%{_escape_like(q.strip().casefold())}%", escape="\\"))
        label = label.strip().upper() if label and label.strip() else None  # "person" is PERSON
        if label:
            query = query.where(article_entities.c.label == label)
        with self.engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = connection.execute(query.order_by(func.count(article_entities.c.article_id.distinct()).desc(),
                                                     article_entities.c.key).limit(limit).offset(offset)).all()
            names = _most_used_names(connection, [r.key for r in rows], label)
        return [{"key": r.key, **names[r.key], "articles": r.articles, "mentions": int(r.mentions)}
                for r in rows], total

    def entity_names(self, key: str) -> list:
        """The names an entity key (or a name of it) is written with, with their labels and articles, the most
        used first."""
        key = typed_key(key)
        with self.engine.connect() as connection:
            return connection.execute(
                select(article_entities.c.name, article_entities.c.label, func.count().label("articles"))
                .where(article_entities.c.key == key).group_by(article_entities.c.name, article_entities.c.label)
                .order_by(func.count().desc(), article_entities.c.name)).all()

    def entity_key(self, name: str) -> str:
        """The key a filter's name stands for: its own, or the one person whose surname it is ("Kovant");
        AmbiguousName when several people have that surname ("Brodsky": Anselm and Lida Brodsky)."""
        keys = self.entity_keys_named(name)
        if len(keys) > 1:
            raise AmbiguousName(name, [{"key": key, **(self.entity_name(key) or {"name": key})} for key in keys])
        return keys[0] if keys else typed_key(name)

    def entity_name(self, key: str) -> dict[str, str] | None:
        """An entity's name and kind as most articles give them (as the entity list shows it)."""
        with self.engine.connect() as connection:
            return _most_used_names(connection, [typed_key(key)], None).get(typed_key(key))

    def entity_keys_named(self, name: str) -> list[str]:
        """The entity keys a name a reader types stands for: its own key where one is stored, else the people
        whose surname it is ("Kovant": daria kovant), as articles name them after the first mention: the name's
        last words, or its first word (a family name written first: "Kim" of Kim Chol-su, "Park" of Park
        Jin-woo). A surname several people have gives them all."""
        key = typed_key(name)
        found = self._entity_keys_named(key)
        if not found and key.isascii() and (accented := self._key_with_accents(key)):
            found = self._entity_keys_named(accented)  # "Szabo" typed for Szabó Gergely, "Garcia Marquez"
        if not found:
            found = self._spelled_out(key)  # "GRL" for the Green Rural League, named so in full
        if not found and (bare := typed_key(clean_name(name, "PERSON"))) != key:
            return self.entity_keys_named(bare)  # "Ms Farrow", "DS Tolland", "Mr Justice Harwood": the name
        spelled: dict[str, str] = {}  # one person however outlets spell them: "Inês da Costa", "Ines da Costa"
        for found_key in found:
            spelled.setdefault(without_accents(found_key), found_key)
        return list(spelled.values())

    def _spellings(self, key: str) -> list[str]:
        """The stored keys that spell ``key`` with other accents or none ("ines da costa", "inês da costa"), and
        an organisation's as its initials or in full ("upm", "unity and progress movement")."""
        pattern = "".join("_" if c.isalpha() and c not in _NEVER_ACCENTED else _escape_like(c) for c in key)
        bare = without_accents(key)
        initials = _initials_of(key) if " " in key else None
        with self.engine.connect() as connection:
            keys = connection.scalars(select(article_entities.c.key).distinct().where(
                article_entities.c.key.like(pattern, escape="\\")).limit(100)).all()
            short = connection.scalars(select(article_entities.c.key).distinct().where(
                article_entities.c.key == initials, article_entities.c.label == "ORG")).all() \
                if initials and 2 <= len(initials) <= ACRONYM_MAX else []
        spelled = [stored for stored in keys if without_accents(stored) == bare]
        return list(dict.fromkeys([key, *spelled, *short, *self._spelled_out(key)]))

    def _spelled_out(self, key: str) -> list[str]:
        """The organisations whose name in full has the initials ``key`` spells ("grl": green rural league)."""
        if not (key.isalpha() and key.isascii() and 2 <= len(key) <= ACRONYM_MAX):
            return []
        with self.engine.connect() as connection:
            keys = connection.scalars(select(article_entities.c.key).distinct().where(
                article_entities.c.key.like(f"{key[0]}% %"), article_entities.c.label == "ORG").limit(2000)).all()
        return sorted(stored for stored in keys if _initials_of(stored) == key)

    def _key_with_accents(self, key: str) -> str | None:
        """The stored name's key that ``key`` spells without its accents ("szabo": "szabó"), a name's whole key
        or as many of its first or last words; None where there is none, or several."""
        pattern = "".join("_" if c.isalpha() and c not in _NEVER_ACCENTED else _escape_like(c) for c in key)
        with self.engine.connect() as connection:
            keys = connection.scalars(select(article_entities.c.key).distinct().where(or_(
                article_entities.c.key.like(pattern, escape="\\"),
                article_entities.c.key.like(f"% {pattern}", escape="\\"),
                article_entities.c.key.like(f"{pattern} %", escape="\\"))).limit(500)).all()
        spelled, count = set(), len(key.split())
        for stored in keys:
            words = stored.split()
            for part in {stored, " ".join(words[:count]), " ".join(words[-count:])}:
                if part != key and without_accents(part) == key:
                    spelled.add(part)
        return spelled.pop() if len(spelled) == 1 else None

    def _entity_keys_named(self, key: str) -> list[str]:
        with self.engine.connect() as connection:
            person = select(article_entities.c.key).distinct().where(article_entities.c.label == "PERSON")
            bearers = set(connection.scalars(person.where(
                article_entities.c.key.like(f"% {_escape_like(key)}", escape="\\")).limit(20)))
            if " " not in key:
                bearers.update(connection.scalars(person.where(
                    article_entities.c.key.like(f"{_escape_like(key)} %", escape="\\")).limit(20)))
            labels = set(connection.scalars(select(article_entities.c.label).distinct()
                                            .where(article_entities.c.key == key)))
        # "von ahlen" of an article that named Klaus von Ahlen in full before is he, not a second person
        bearers = sorted(b for b in bearers if b.split()[0] not in SURNAME_PARTICLES
                         or not any(o != b and o.endswith(" " + b) for o in bearers))
        if labels - {"PERSON"}:
            return [key]  # a place or an organisation so named ("Washington"), not the people it names
        if labels and " " in key and key.split()[0] not in SURNAME_PARTICLES:
            return [key]  # a person of their own ("Jessica Parker" beside Sarah Jessica Parker)
        if labels:  # a surname an article wrote alone ("Lindqvist", "von Ahlen") is the one person named in full
            return bearers or [key]  # with it
        return bearers

    def _with_surname_alone(self, key: str) -> list[str]:
        """A person's key, and their surname's where articles wrote it alone and no other person has it (both
        name them: "Lindqvist said" is Peter Lindqvist; "Kim said" is Kim Chol-su where no other Kim is named)."""
        words = key.split()
        spellings = self._spellings(key)
        if len(words) < 2:
            return spellings
        # a surname with its particle too: "Ní Bhriain" of Zoë Ní Bhriain, "van der Berg"
        particled = " ".join(words[next((i for i in range(1, len(words) - 1) if words[i] in SURNAME_PARTICLES),
                                        len(words) - 1):])
        alone = [surname for surname in dict.fromkeys((words[-1], particled, words[0]))
                 if self.entity_keys_named(surname) in ([key], *([k] for k in spellings))]
        if not alone:
            return spellings
        with self.engine.connect() as connection:
            stored = set(connection.scalars(select(article_entities.c.key).where(
                article_entities.c.key.in_(alone), article_entities.c.label == "PERSON")))
        return [*spellings, *[surname for surname in alone if surname in stored]]

    def entity(self, key: str) -> dict[str, Any] | None:
        """One entity (its key, a name of it, or a surname only one person has: "Kovant"): its names and labels,
        the stories it appears in, and (a person) their quotations; AmbiguousName for a surname several share."""
        key = self.entity_key(key)
        names = self.entity_names(key)
        if not names:
            return None
        found, _ = self.query_stories(entity=key, limit=500)
        quotes, _ = self.query_quotes(speaker=key, limit=500)
        return {"key": key, **self.entity_name(key),
                "names": [{"name": n.name, "label": n.label, "articles": n.articles} for n in names],
                "stories": found, "quotes": sorted(quotes, key=lambda q: (q["published"] or "", q["article"]))}

    def query_quotes(self, speaker: str | None = None, q: str | None = None, story_id: str | None = None,
                     limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Quotations with speaker, article, outlet and date, newest first; ``speaker`` is a name or its key."""
        speaker = _words(speaker) and self.entity_key(speaker)
        query = (select(article_quotes, articles.c.outlet, articles.c.published, articles.c.story_id,
                        articles.c.title, _lead_column())
                 .join(articles, articles.c.id == article_quotes.c.article_id))
        if speaker:
            keys = self._with_surname_alone(speaker)
            query = query.where(or_(article_quotes.c.speaker_key.in_(keys), exists().where(  # or one of several
                quote_speakers.c.article_id == article_quotes.c.article_id,
                quote_speakers.c.position == article_quotes.c.position, quote_speakers.c.speaker_key.in_(keys))))
        if story_id:
            query = query.where(articles.c.story_id == story_id)
        if _words(q):
            query = query.where(article_quotes.c.text.ilike(f"%{_escape_like(q)}%", escape="\\"))
        with self.engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = connection.execute(query.order_by(
                articles.c.published.is_(None), articles.c.published.desc(), article_quotes.c.article_id,
                article_quotes.c.position).limit(limit).offset(offset)).all()
            together = defaultdict(list)
            if rows:
                for row in connection.execute(select(quote_speakers).where(tuple_(
                        quote_speakers.c.article_id, quote_speakers.c.position).in_(
                        sorted({(r.article_id, r.position) for r in rows})))):
                    together[row.article_id, row.position].append(row.speaker)
        return [{"article": r.article_id, "position": r.position, "speaker": r.speaker, "speaker_key": r.speaker_key,
                 "speakers": sorted(together[r.article_id, r.position], key=lambda name: r.speaker.find(name)),
                 "speaker_mention": r.speaker_mention, "cue": r.cue, "kind": r.kind, "text": r.text,
                 "outlet": r.outlet, "published": r.published, "story": r.story_id, "title": r.title,
                 "lead": lead_of(r.lead)} for r in rows], total

    def get_storyline(self, storyline_id: str) -> Storyline | None:
        """The storyline with this id or unique id prefix (one whose stories all moved on leads to the storyline
        they moved to); None if none, or if the prefix is ambiguous (``find_storyline_id`` says which)."""
        try:
            found = self.find_storyline_id(storyline_id)
        except ValueError:
            return None
        live = self.live_storyline_id(found) if found else None
        return next(iter(self.list_storylines(live)), None) if live else None

    def live_storyline_id(self, storyline_id: str) -> str | None:
        """The storyline a storyline id now lives in: itself while it holds stories; once empty (its story
        merged into another story's, or re-linked to the thread it continues), the storyline of the story it
        was started for, or of the story it last lost to a move by hand, wherever that story went since. None for
        an unknown id."""
        with self.engine.connect() as connection:
            for _ in range(1000):  # moves chain rarely; the bound guards against a corrupt cycle
                held = connection.execute(
                    select(storylines.c.story_count).where(storylines.c.id == storyline_id)).first()
                if held is None:
                    return None
                if held[0] > 0:
                    return storyline_id
                moved_by_hand = connection.execute(  # its last stories were moved to another storyline by hand
                    select(storyline_moves.c.to_id, storyline_moves.c.story_id)
                    .where(storyline_moves.c.from_id == storyline_id)
                    .order_by(storyline_moves.c.seq.desc()).limit(1)).first()
                if moved_by_hand is not None:  # where the story it lost is now, moved again or not
                    story = self.live_story_id(moved_by_hand.story_id)
                    now = connection.scalar(select(stories.c.storyline_id).where(stories.c.id == story)) \
                        if story else None
                    storyline_id = now if now and now != storyline_id else moved_by_hand.to_id
                    continue
                founder = self.live_story_id("s" + storyline_id[1:])  # a storyline is named after its first story
                moved_to = connection.scalar(select(stories.c.storyline_id).where(stories.c.id == founder)) \
                    if founder else None
                if moved_to is None or moved_to == storyline_id:
                    return None
                storyline_id = moved_to
        return None


def article_row(article: Article) -> dict[str, Any]:
    row = {name: getattr(article, name) for name in (
        "id", "source", "media_type", "raw", "external_id", "outlet", "url", "published", "author",
        "title", "body", "status", "note", "duplicate_of", "published_estimate", "published_evidence")}
    for name in _JSON_COLUMNS:
        row[name] = _dumps([item.to_dict() for item in getattr(article, name)])
    return row


def article_from_row(row) -> Article:
    data = row._mapping
    fields = {name: data[name] for name in (
        "id", "source", "media_type", "raw", "external_id", "outlet", "url", "published", "author",
        "title", "body", "status", "note", "duplicate_of", "published_estimate", "published_evidence")}
    for name, record in ANNOTATION_TYPES.items():
        fields[name] = [record.from_dict(item) for item in json.loads(data[name])]
    article = Article(**fields)
    article.story = data["story_id"]
    article.storyline = data["storyline_id"]
    article.joined, article.join_probability = joined_how(article.story, data["similarity"], article.duplicate_of,
                                                          data["moved_by_hand"])
    return article


def _most_used_names(connection, keys: list[str], label: str | None) -> dict[str, dict[str, str]]:
    """Each key's name and kind as most articles write them (of equals, the first in order)."""
    query = (select(article_entities.c.key, article_entities.c.name, article_entities.c.label,
                    func.count().label("articles")).group_by(*(article_entities.c[c] for c in ("key", "name", "label"))))
    if label:
        query = query.where(article_entities.c.label == label)
    names: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    for chunk in _in_chunks(keys):
        for key, name, kind, count in connection.execute(query.where(article_entities.c.key.in_(chunk))):
            names[key][name] += count
            kinds[key][kind] += count
    return {key: {"name": min(names[key].items(), key=lambda item: (-item[1], item[0]))[0],
                  "label": min(kinds[key].items(), key=lambda item: (-item[1], item[0]))[0]} for key in keys
            if names[key]}


def _words(q: str | None) -> str | None:
    """Words to search for; blank ones are no filter (a form's empty field), as an empty outlet or entity is."""
    return q if q and q.strip() else None


def _uncertain(below: float) -> tuple:
    """Conditions on articles: scored into their story with a probability under ``below`` (not a story's first
    article, a copy, or one a reader has moved by hand)."""
    return (articles.c.similarity > 0, articles.c.similarity < below, articles.c.duplicate_of.is_(None),
            articles.c.id.not_in(select(story_moves.c.article_id)))


def _grouping_counts(connection, story_ids: list[str] | None) -> dict[str, dict[str, int]]:
    """Each story's copies, joins under REVIEW_BELOW and whether its days are only estimates (no article of it
    dates itself), of all stories when ``story_ids`` is None."""
    query = (select(articles.c.story_id,
                    func.sum(case((articles.c.duplicate_of.is_not(None), 1), else_=0)).label("copies"),
                    func.sum(case((and_(*_uncertain(REVIEW_BELOW)), 1), else_=0)).label("to_check"),
                    func.count(articles.c.published).label("dated"))
             .where(articles.c.story_id.is_not(None)).group_by(articles.c.story_id))
    rows = connection.execute(query).all() if story_ids is None else [
        row for chunk in _in_chunks(story_ids) for row in connection.execute(query.where(articles.c.story_id.in_(chunk)))]
    return {r.story_id: {"copies": int(r.copies or 0), "to_check": int(r.to_check or 0), "estimated": not r.dated}
            for r in rows}


def _moved_by_hand():
    return exists().where(story_moves.c.article_id == articles.c.id).label("moved_by_hand")


def _joined(story: str | None, similarity: float | None, duplicate_of: str | None, moved: bool) -> dict[str, Any]:
    how, probability = joined_how(story, similarity, duplicate_of, moved)
    return {"joined": how, "join_probability": probability}


def _article_select():
    return select(articles, stories.c.storyline_id, _moved_by_hand()).select_from(
        articles.outerjoin(stories, articles.c.story_id == stories.c.id))


def _upsert(connection, table, key_column: str, key: str, values: dict[str, Any]) -> None:
    result = connection.execute(update(table).where(table.c[key_column] == key).values(**values))
    if result.rowcount == 0:
        connection.execute(insert(table).values(**{key_column: key}, **values))


def _upsert_many(connection, table, key_columns: str | tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Insert or update many rows in one statement (SQLite and PostgreSQL both speak ON CONFLICT)."""
    if not rows:
        return
    keys = (key_columns,) if isinstance(key_columns, str) else key_columns
    if connection.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        for row in rows:
            match = [table.c[k] == row[k] for k in keys]
            values = {k: v for k, v in row.items() if k not in keys}
            if connection.execute(update(table).where(*match).values(**values)).rowcount == 0:
                connection.execute(insert(table).values(**row))
        return
    statement = dialect_insert(table)
    updates = {name: statement.excluded[name] for name in rows[0] if name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=updates), rows)


def _delete_many(connection, table, key_columns: str | tuple[str, ...], keys: list) -> None:
    """Delete the rows with these keys (a value each, or a tuple each for a composite key), IN_LIST at a time."""
    if isinstance(key_columns, str):
        column = table.c[key_columns]
    else:
        column = tuple_(*(table.c[name] for name in key_columns))
    for chunk in _in_chunks(keys):
        connection.execute(delete(table).where(column.in_(chunk)))


def text_search_vector():
    """The expression PostgreSQL's full-text index is built on (queries must repeat it to use the index)."""
    return func.to_tsvector(text("'english'"), func.coalesce(articles.c.title, "") + " " + articles.c.body)


def _name_folder_outlets(connection, names: list[str]) -> None:
    """Articles stored under a folder's name ("lantern-review") take their outlet's name, learned since from an
    archive, a feed or a page ("The Lantern Review"): one outlet, whatever was read first."""
    by_slug = {outlet_slug(name): name for name in names}
    stored = connection.scalars(select(articles.c.outlet).where(articles.c.outlet.is_not(None)).distinct()).all()
    for outlet in sorted(stored):
        name = by_slug.get(outlet_slug(outlet))
        if name is not None and outlet != name:
            connection.execute(update(articles).where(articles.c.outlet == outlet).values(outlet=name))


def _lead_column():
    """The start of an article's body, enough for ``lead_of`` to cut its first paragraph from."""
    return func.coalesce(func.substr(articles.c.body, 1, LEAD_CHARS + 1), "").label("lead")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    dbapi_connection.create_function("storyline_holds_word", 2, holds_word, deterministic=True)


def _in_chunks(values: list) -> Iterator[list]:
    """``values`` IN_LIST at a time, for bounded IN lists."""
    for start in range(0, len(values), IN_LIST):
        yield values[start:start + IN_LIST]


def _names_against_stories(connection, joined: list[tuple[str, str]]) -> dict[str, dict[str, list[str]]]:
    """For each (article, its story): the names it shares with the story's originals that came before it (most
    widely named first), those it alone names, and those most of them name that it does not: what a reader
    weighs to tell whether it reports the story's event, as it stood when the article joined. An outlet's own
    name is left out."""
    story_ids = sorted({story for _, story in joined})
    named = _names_by_story(connection, story_ids)
    arrival = {}
    for chunk in _in_chunks(story_ids):
        arrival.update(connection.execute(select(articles.c.id, articles.c.seq)
                                          .where(articles.c.story_id.in_(chunk))).all())
    found = {}
    for article, story in joined:  # against the reports it joined, not those it brought in after it
        before = {other: names for other, names in named[story].items()
                  if arrival.get(other, 0) <= arrival.get(article, 0)}
        found[article] = _names_against(article, before, _story_names(before))
    return found


def _live_stories_of(connection, storyline_ids: list[str], *columns, order_by=()) -> Iterator:
    """(storyline id, *columns) of the live stories of these storylines, read 500 storylines at a time (a query's
    parameters are bounded); ``order_by`` orders each storyline's stories."""
    for start in range(0, len(storyline_ids), 500):
        yield from connection.execute(
            select(stories.c.storyline_id, *columns)
            .where(stories.c.merged_into.is_(None), stories.c.storyline_id.in_(storyline_ids[start:start + 500]))
            .order_by(*order_by))


def _titled_storylines(connection, rows) -> list[Storyline]:
    """The storylines of these rows, each titled by the headline of the live story that opened the thread: its
    earliest event (of the same day, the most reported), whatever order a folder's files came in, so a title
    holds as the thread grows. A story a user put in the thread by hand titles it only where every story was
    (one relinked from another month does not rename the thread it joins); a storyline with none keeps its stored
    title."""
    titles: dict[str, tuple] = {}
    for storyline_id, headline, count, first_published, seq, by_hand in _live_stories_of(
            connection, [r.id for r in rows], stories.c.headline, stories.c.article_count, stories.c.first_published,
            stories.c.seq, stories.c.linked_by_hand):
        rank = (bool(by_hand), first_published is None, first_published or "", -count, seq)
        if storyline_id not in titles or rank < titles[storyline_id][0]:
            titles[storyline_id] = (rank, headline)
    dated = _dated_storylines(connection, [r.id for r in rows])
    return [Storyline(id=r.id, title=titles.get(r.id, (None, r.title))[1], first_published=r.first_published,
                      last_published=r.last_published, story_count=r.story_count, estimated=r.id not in dated)
            for r in rows]


def _dated_storylines(connection, storyline_ids: list[str]) -> set[str]:
    """The storylines of these an article dates itself in: the others' days are estimates from their texts."""
    dated = set()
    for chunk in _in_chunks(storyline_ids):
        dated.update(connection.scalars(
            select(stories.c.storyline_id).distinct()
            .select_from(stories.join(articles, articles.c.story_id == stories.c.id))
            .where(stories.c.storyline_id.in_(chunk), articles.c.published.is_not(None))))
    return dated


def _names_by_story(connection, story_ids: list[str]) -> dict[str, dict[str, dict[str, tuple[str, int]]]]:
    """story -> original article -> name key -> (its name there, mentions): the people, organisations and
    places each names, an outlet's own name left out."""
    named = defaultdict(dict)
    own_names = {}  # article -> its outlet's names
    people, organisations = set(), set()  # (article, key) of the names each article tags a person, an organisation
    for chunk in _in_chunks(story_ids):
        found = connection.execute(
            select(articles.c.id, articles.c.story_id, articles.c.outlet, articles.c.url, article_entities.c.key,
                   article_entities.c.name, article_entities.c.mentions, article_entities.c.label)
            .select_from(articles.join(article_entities, article_entities.c.article_id == articles.c.id))
            .where(articles.c.story_id.in_(chunk), articles.c.duplicate_of.is_(None),
                   article_entities.c.label.in_(EVIDENCE_LABELS))
            .order_by(articles.c.seq, article_entities.c.key, article_entities.c.label)).all()
        for r in found:
            if r.id not in own_names:
                own_names[r.id] = outlet_self_names(r.outlet, r.url)
            if squash_name(r.key) in own_names[r.id]:
                continue
            names = named[r.story_id].setdefault(r.id, {})
            name, mentions = names.get(r.key, (r.name, 0))
            names[r.key] = (name, mentions + r.mentions)
            if r.label == "PERSON":
                people.add((r.id, r.key))
            elif r.label == "ORG":
                organisations.add((r.id, r.key))
    for story_names in named.values():
        _short_names_as_full_names(story_names, people, organisations)
    return named


def _short_names_as_full_names(story: dict[str, dict[str, tuple[str, int]]], people: set[tuple[str, str]],
                               organisations: set[tuple[str, str]] = frozenset()) -> None:
    """Surnames of ``people`` and companies' first words among ``organisations`` (each: (article, key) of the names
    each article tags so), as in ``_short_as_full``."""
    _short_as_full(story, people, lambda key: key.rsplit(" ", 1)[1], lambda name: True)
    _short_as_full(story, organisations, lambda key: key.split(" ", 1)[0], is_company_name)


def _short_as_full(story: dict[str, dict[str, tuple[str, int]]], tagged: set[tuple[str, str]],
                   short_of: Callable[[str], str], is_full: Callable[[str], bool]) -> None:
    """A short name an article writes alone counts as the one full name of its kind (``tagged``) its story gives
    with it, not as a name of its own: a surname ("Oakes", by office and surname) as the person ("Renata
    Oakes"); a company's first word ("Quillon") as the company ("Quillon Payments"). A place "Jordan" stays a
    place beside "Jim Jordan", a city tagged an organisation ("Marrowgate") itself beside "Marrowgate
    University", which is named as no company is."""
    full_names, shown = defaultdict(set), {}
    for article, names in story.items():
        for key, (name, _) in names.items():
            if (article, key) in tagged and " " in key and is_full(name):
                full_names[short_of(key)].add(key)
                shown.setdefault(key, name)
    for article, names in story.items():
        for key in [key for key in names
                    if (article, key) in tagged and " " not in key and len(full_names.get(key, ())) == 1]:
            (owner,) = full_names[key]
            _, mentions = names.pop(key)
            name, owned = names.get(owner, (shown[owner], 0))
            names[owner] = (name, owned + mentions)


def _names_across_stories(named: dict[str, dict[str, dict[str, tuple[str, int]]]]) -> dict[str, list[str]]:
    """For each story: the names it shares with the other stories given (those named by most of the others
    first, then those most of its own articles name)."""
    totals = {story: _story_names(articles_names) for story, articles_names in named.items()}
    stories_naming = defaultdict(int)
    for naming, _, _ in totals.values():
        for key in naming:
            stories_naming[key] += 1
    shared = {}
    for story, (naming, mentions, shown) in totals.items():
        keys = [key for key in naming if stories_naming[key] > 1]
        keys.sort(key=lambda k: (-stories_naming[k], -naming[k], -mentions[k], shown[k]))
        shared[story] = [shown[key] for key in keys]
    return shared


def _names_against(article: str, story: dict[str, dict[str, tuple[str, int]]],
                   totals: tuple[dict, dict, dict]) -> dict[str, list[str]]:
    """``shared_names``, ``own_names`` and ``absent_names`` of one article against the other articles of its
    story (``story``: article -> key -> (name, mentions); ``totals``: its ``_story_names``)."""
    naming, mentions, shown = totals
    own = story.get(article, {})
    others = len(story) - (article in story)

    def by_others(key: str) -> int:
        return naming[key] - (key in own)

    shared = sorted((key for key in own if by_others(key)), key=lambda k: (-by_others(k), -own[k][1], own[k][0]))
    alone = sorted((key for key in own if not by_others(key)), key=lambda k: (-own[k][1], own[k][0]))
    most = (others + 1) // 2  # named by at least half of the others
    absent = sorted((key for key in naming if key not in own and naming[key] >= most),
                    key=lambda k: (-naming[k], -mentions[k], shown[k]))
    return {"shared_names": [own[k][0] for k in shared], "own_names": [own[k][0] for k in alone],
            "absent_names": [shown[k] for k in absent]}


def _story_names(story: dict[str, dict[str, tuple[str, int]]]) -> tuple[dict, dict, dict]:
    """How many of the story's articles name each key, how often in all, and the name its first namer used:
    counted once for all of the story's joins."""
    naming, mentions, shown = defaultdict(int), defaultdict(int), {}
    for names in story.values():
        for key, (name, count) in names.items():
            naming[key] += 1
            mentions[key] += count
            shown.setdefault(key, name)
    return naming, mentions, shown
