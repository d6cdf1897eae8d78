"""Stories know whether their headline is a report's title or the lead sentence of an untitled page, so a
titled report that joins later can title a story an untitled page began.

Existing stories are titled where one of their articles carries the headline as its title; a story an
untitled page began takes the title of its earliest titled report, as it would have had it been grouped now.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("titled", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute("UPDATE stories SET titled = EXISTS (SELECT 1 FROM articles WHERE articles.story_id = stories.id"
               " AND articles.title = stories.headline AND articles.title <> '')")
    connection = op.get_bind()
    titles = connection.execute(sa.text(
        "SELECT stories.id, articles.title FROM stories JOIN articles ON articles.story_id = stories.id"
        " WHERE NOT stories.titled AND stories.merged_into IS NULL AND articles.title <> ''"
        " ORDER BY stories.id, articles.published IS NULL, articles.published, articles.seq")).all()
    earliest: dict[str, str] = {}
    for story_id, title in titles:
        earliest.setdefault(story_id, title)
    for story_id, title in earliest.items():
        connection.execute(sa.text("UPDATE stories SET headline = :title, titled = :titled WHERE id = :id"),
                           {"title": title, "titled": True, "id": story_id})


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("titled")
