"""An article that began a story records the story it nearly joined, so `storyline review --nearly-joined` can list
stories that may be part of another (one event in two stories). Existing articles record none.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("nearest_story", sa.String(16)))
        batch.add_column(sa.Column("nearest_probability", sa.Float))
    op.create_index("ix_articles_nearest_probability", "articles", ["nearest_probability"])


def downgrade() -> None:
    op.drop_index("ix_articles_nearest_probability", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("nearest_probability")
        batch.drop_column("nearest_story")
