"""Tables, in SQLAlchemy Core, shared by SQLite and PostgreSQL.

Alembic migrations under ``migrations/versions`` create and change them; this
module is what queries use.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),  # arrival order
    Column("source", Text, nullable=False),
    Column("media_type", String(40), nullable=False),
    Column("raw", LargeBinary, nullable=False),  # verbatim, never modified
    Column("external_id", Text),
    Column("outlet", Text, index=True),
    Column("url", Text),
    Column("published", String(10), index=True),
    Column("published_estimate", String(10)),
    Column("published_evidence", Text),
    Column("author", Text),
    Column("title", Text),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text),
    Column("blocks", Text, nullable=False),  # JSON lists of the model's records
    Column("removed", Text, nullable=False),
    Column("sentences", Text, nullable=False),
    Column("entities", Text, nullable=False),
    Column("quotes", Text, nullable=False),
    Column("dates", Text, nullable=False),
    Column("duplicate_of", String(32), index=True),
    Column("story_id", String(16), index=True),
    Column("signature", LargeBinary),  # MinHash of the body
    Column("similarity", Float),
    Column("embedding", LargeBinary),  # unit float32 vector (cluster.embed)
    Column("nearest_story", String(16)),  # of an article that began a story: the story it nearly joined
    Column("nearest_probability", Float, index=True),  # ... and how likely it was to belong there (NEARLY_JOINED+)
)

stories = Table(
    "stories", metadata,
    Column("id", String(16), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("headline", Text, nullable=False),
    Column("storyline_id", String(16), index=True),
    Column("first_published", String(10)),
    Column("last_published", String(10), index=True),
    Column("article_count", Integer, nullable=False),
    Column("centroid", Text, nullable=False),  # JSON {term: weight}
    Column("embedding", LargeBinary),  # float64 sum of the members' embeddings
    Column("members", Text, nullable=False, default="[]"),  # JSON: latest member article ids
    Column("updated", Integer, nullable=False, default=0),  # assigner step of the last change
    Column("merged_into", String(16), index=True),
    Column("days", Text, nullable=False, default="[]"),  # JSON: the event's days (ISO), see StoryState.days
    Column("titled", Boolean, nullable=False, default=False),  # the headline is a title, see StoryState.titled
    Column("headline_published", String(10)),  # the date of the report whose headline it is
    Column("headline_by", String(32)),  # the article whose headline it is, see StoryState.headline_by
    Column("linked_by_hand", Boolean, nullable=False, default=False),  # see StoryState.linked_by_hand
)

story_merges = Table(  # stories found to be one: ``story_id`` was folded into ``into_id``
    "story_merges", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("story_id", String(16), nullable=False, index=True),
    Column("into_id", String(16), nullable=False, index=True),
    Column("article_id", String(32), nullable=False),
    Column("probability", Float, nullable=False),
)

story_splits = Table(  # a story found to hold two events: ``articles`` left ``story_id`` for the new ``into_id``
    "story_splits", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("story_id", String(16), nullable=False, index=True),
    Column("into_id", String(16), nullable=False, index=True),
    Column("article_id", String(32), nullable=False),  # the report whose arrival showed it
    Column("separation", Float, nullable=False),
    Column("articles", Text, nullable=False),  # JSON list of the article ids moved (reports and their copies)
)

story_moves = Table(  # corrections by hand: ``article_id`` was moved from ``from_id`` to ``to_id``
    "story_moves", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("article_id", String(32), nullable=False, index=True),
    Column("from_id", String(16), nullable=False, index=True),
    Column("to_id", String(16), nullable=False, index=True),
    Column("new_story", Integer, nullable=False),  # 1: the story was made for the articles moved
    Column("note", Text),  # why, in the words of who moved it
    Column("moved_at", String(32), nullable=False),  # UTC, ISO 8601
)

storyline_moves = Table(  # corrections by hand: story ``story_id`` was moved from storyline ``from_id`` to ``to_id``
    "storyline_moves", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("story_id", String(16), nullable=False, index=True),
    Column("from_id", String(16), nullable=False, index=True),
    Column("to_id", String(16), nullable=False, index=True),
    Column("new_storyline", Integer, nullable=False),  # 1: the storyline was made for the stories moved
    Column("note", Text),
    Column("moved_at", String(32), nullable=False),  # UTC, ISO 8601
)

imported_corrections = Table(  # corrections made here from another database's export: each made once
    "imported_corrections", metadata,
    Column("moved", String(8), primary_key=True),  # "article" or "story"
    Column("moved_id", String(32), primary_key=True),
    Column("moved_at", String(40), primary_key=True),  # when it was made there: with the id, names the correction
    Column("to_id", String(16), nullable=False),  # where it went here (the story or storyline)
)

storylines = Table(
    "storylines", metadata,
    Column("id", String(16), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("first_published", String(10)),
    Column("last_published", String(10)),
    Column("story_count", Integer, nullable=False),
    Column("profile", Text, nullable=False),
    Column("updated", Integer, nullable=False, server_default="0"),  # assigner step of the last update
)

term_stats = Table(
    "term_stats", metadata,
    Column("term", String(200), primary_key=True),
    Column("df", Integer, nullable=False),
)

outlet_lines = Table(  # outlet memory: articles of the outlet each line appeared in
    "outlet_lines", metadata,
    Column("outlet", Text, primary_key=True),
    Column("line_key", String(16), primary_key=True),
    Column("articles", Integer, nullable=False),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

article_entities = Table(  # each article's distinct entities, by merge key (store.indexing)
    "article_entities", metadata,
    Column("article_id", String(32), primary_key=True),
    Column("key", String(200), primary_key=True, index=True),
    Column("label", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("mentions", Integer, nullable=False),
)

article_quotes = Table(  # each article's quotations with their speakers, in order
    "article_quotes", metadata,
    Column("article_id", String(32), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("speaker", Text),
    Column("speaker_key", String(200), index=True),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker_mention", Text),  # the speaker as the article wrote it ("the minister", "he")
    Column("cue", Text),  # the word that says it was said ("said", "told", a colon)
)

quote_speakers = Table(  # each of those who said a quotation together ("Kim and Noh said"), found by any of them
    "quote_speakers", metadata,
    Column("article_id", String(32), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("speaker_key", String(200), primary_key=True, index=True),
    Column("speaker", Text, nullable=False),
)
# SQLite only: articles_fts, an FTS5 table (rowid = articles.seq) over title, body and entity names (migration 0006)

