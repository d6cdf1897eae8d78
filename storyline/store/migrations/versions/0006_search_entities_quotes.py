"""Reading at speed: entity mentions and quotations in their own tables, and full-text search.

``article_entities`` holds each article's distinct entities (by their merge
key), ``article_quotes`` its quotations with their speakers, so the web pages
and the API filter and list them in SQL. On SQLite, ``articles_fts`` (FTS5,
rowid = the article's arrival seq) indexes headline, body and entity names; on
PostgreSQL a GIN index over to_tsvector('english', headline and body) does.
Existing articles are indexed from their stored annotations.

Revision ID: 0006
Revises: 0005
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from storyline.store.indexing import index_rows  # the same rows save_batch writes

    op.create_table(
        "article_entities",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("label", sa.String(16), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_article_entities_key", "article_entities", ["key"])
    op.create_table(
        "article_quotes",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_key", sa.String(200)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_article_quotes_speaker_key", "article_quotes", ["speaker_key"])
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, entities, tokenize='porter unicode61')")
    elif connection.dialect.name == "postgresql":  # PostgreSQL's own text search over headline and body
        op.execute("CREATE INDEX ix_articles_text_search ON articles USING gin "
                   "(to_tsvector('english', coalesce(title, '') || ' ' || body))")
    rows = connection.execute(sa.text("SELECT id, seq, title, body, entities, quotes FROM articles")).all()
    entity_table = sa.table("article_entities", *(sa.column(c) for c in ("article_id", "key", "label", "name",
                                                                           "mentions")))
    quote_table = sa.table("article_quotes", *(sa.column(c) for c in ("article_id", "position", "speaker",
                                                                        "speaker_key", "kind", "text")))
    for row in rows:
        entities, quotes, fts = index_rows(row.id, row.seq, row.title, row.body, json.loads(row.entities),
                                           json.loads(row.quotes))
        if entities:
            connection.execute(sa.insert(entity_table), entities)
        if quotes:
            connection.execute(sa.insert(quote_table), quotes)
        if connection.dialect.name == "sqlite":
            connection.execute(sa.text("INSERT INTO articles_fts(rowid, title, body, entities) "
                                       "VALUES (:rowid, :title, :body, :entities)"), fts)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE articles_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_text_search")
    op.drop_table("article_quotes")
    op.drop_table("article_entities")
