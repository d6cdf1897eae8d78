"""Initial schema: articles, stories, storylines, term statistics, settings.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("external_id", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("author", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("blocks", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("sentences", sa.Text, nullable=False),
        sa.Column("entities", sa.Text, nullable=False),
        sa.Column("quotes", sa.Text, nullable=False),
        sa.Column("dates", sa.Text, nullable=False),
        sa.Column("duplicate_of", sa.String(32)),
        sa.Column("story_id", sa.String(16)),
        sa.Column("signature", sa.LargeBinary),
        sa.Column("similarity", sa.Float),
    )
    for column in ("outlet", "published", "duplicate_of", "story_id"):
        op.create_index(f"ix_articles_{column}", "articles", [column])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("storyline_id", sa.String(16)),
        sa.Column("first_published", sa.String(10)),
        sa.Column("last_published", sa.String(10)),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("centroid", sa.Text, nullable=False),
    )
    op.create_index("ix_stories_storyline_id", "stories", ["storyline_id"])
    op.create_index("ix_stories_last_published", "stories", ["last_published"])
    op.create_table(
        "storylines",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("first_published", sa.String(10)),
        sa.Column("last_published", sa.String(10)),
        sa.Column("story_count", sa.Integer, nullable=False),
        sa.Column("profile", sa.Text, nullable=False),
    )
    op.create_table(
        "term_stats",
        sa.Column("term", sa.String(200), primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "term_stats", "storylines", "stories", "articles"):
        op.drop_table(table)
