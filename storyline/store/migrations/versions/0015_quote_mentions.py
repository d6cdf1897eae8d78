"""Each stored quotation keeps its speaker as the article wrote it and its cue, so the quotes' listing, the API
and the export show what a speaker was resolved from (before, only the article's own record held them).

Revision ID: 0015
Revises: 0014
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_quotes") as batch:
        batch.add_column(sa.Column("speaker_mention", sa.Text))
        batch.add_column(sa.Column("cue", sa.Text))
    connection = op.get_bind()
    quotes = sa.table("article_quotes", *(sa.column(c) for c in ("article_id", "position", "speaker_mention", "cue")))
    for row in connection.execute(sa.text("SELECT id, quotes FROM articles WHERE quotes != '[]'")):
        for position, quote in enumerate(json.loads(row.quotes)):
            connection.execute(sa.update(quotes).where(quotes.c.article_id == row.id, quotes.c.position == position)
                               .values(speaker_mention=quote.get("speaker_mention"), cue=quote.get("cue")))


def downgrade() -> None:
    with op.batch_alter_table("article_quotes") as batch:
        batch.drop_column("cue")
        batch.drop_column("speaker_mention")
