"""The store on a real SQLite file: migrations match the schema; state survives a restart."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storyline.cluster.assign import StoryAssigner
from storyline.model import Block, Quote, Removal
from storyline.store import Store, database_url
from storyline.store.schema import metadata
from test_grouping import OTHER_REPORT, UNRELATED, WIRE, make


def test_migrations_create_exactly_the_schema_the_queries_use(backend_url):
    store = Store(backend_url)
    with store.engine.connect() as connection:
        # full-text search is each database's own (SQLite's FTS5 tables, PostgreSQL's expression index),
        # outside the portable schema
        outside = {"include_name": lambda name, kind, _: not (
            (kind == "table" and name.startswith("articles_fts")) or (kind == "index" and name == "ix_articles_text_search"))}
        differences = compare_metadata(MigrationContext.configure(connection, opts=outside), metadata)
    assert differences == []


def test_bare_path_means_sqlite_and_env_var_is_the_default(monkeypatch, tmp_path):
    assert database_url("data/s.db") == "sqlite:///data/s.db"
    monkeypatch.setenv("STORYLINE_DB", "sqlite:////tmp/other.db")
    assert database_url(None) == "sqlite:////tmp/other.db"


def test_articles_round_trip_and_assigner_state_restores_exactly(backend_url):
    url = backend_url
    store = Store(url)
    assigner = store.load_assigner(StoryAssigner())
    first = make(WIRE, "2026-03-02", "Velmar strike")
    first.raw = b"\x00raw bytes kept verbatim\xff"
    first.blocks = [Block("paragraph", WIRE)]
    first.removed = [Removal("Share this", "share/social prompt", "share")]
    first.quotes = [Quote("We stay out", "Tomas Varga", "Varga", "direct", "said", 1, 12)]
    decisions = {first.id: assigner.assign(first)}
    store.save_batch([first], decisions, assigner)

    loaded = store.get_article(first.id)
    assert loaded.raw == first.raw
    assert loaded.removed == first.removed and loaded.quotes == first.quotes
    assert loaded.story == first.story and loaded.storyline == first.storyline

    restored = Store(url).load_assigner(StoryAssigner())
    assert restored.stories == assigner.stories
    assert restored.storylines == assigner.storylines
    assert restored.statistics.frequencies == assigner.statistics.frequencies
    assert restored.statistics.documents == assigner.statistics.documents
    # the restored assigner decides the next articles exactly as the original would
    for day, text in (("2026-03-03", OTHER_REPORT), ("2026-03-03", UNRELATED)):
        a, b = make(text, day, text[:20]), make(text, day, text[:20])
        assert assigner.assign(a) == restored.assign(b)
