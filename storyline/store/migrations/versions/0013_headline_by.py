"""Stories know which article's headline titles them, so a syndicated copy's headline gives way to its original's
when the original arrives after it (before, the copy kept the title where the story held another report of the day
whose headline sorts after the copy's).

Existing stories name the report whose title is their headline (an original before a copy, the earliest first);
one titled by an untitled page's lead names none, and keeps its headline until grouping retitles it.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("headline_by", sa.String(32)))
    connection = op.get_bind()
    connection.execute(sa.text(
        "UPDATE stories SET headline_by = (SELECT articles.id FROM articles WHERE articles.story_id = stories.id"
        " AND articles.title = stories.headline"
        " ORDER BY articles.duplicate_of IS NOT NULL, articles.published IS NULL, articles.published, articles.seq"
        " LIMIT 1) WHERE merged_into IS NULL"))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("headline_by")
