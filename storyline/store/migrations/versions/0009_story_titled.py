"""Stories know whether their headline is a report's title or the lead sentence of an untitled page, and the
date of the report it comes from, so a titled report that joins later can title a story an untitled page
began, and the earliest titled report titles it.

Existing stories are titled where one of their articles carries the headline as its title (dated by the
earliest such article); a story an untitled page began takes the title of its earliest titled report, as it
would have had it been grouped now.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# an article's date for grouping (cluster.assign.event_date): the source's, else a full-date estimate
EVENT_DATE = ("COALESCE(articles.published, CASE WHEN length(articles.published_estimate) = 10"
              " THEN articles.published_estimate END)")


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("titled", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("headline_published", sa.String(10)))
    connection = op.get_bind()
    titles = connection.execute(sa.text(
        f"SELECT stories.id, stories.headline, articles.title, {EVENT_DATE} AS event_date FROM stories"
        " JOIN articles ON articles.story_id = stories.id"
        " WHERE stories.merged_into IS NULL AND articles.title <> ''"
        f" ORDER BY stories.id, {EVENT_DATE} IS NULL, {EVENT_DATE}, articles.seq")).all()
    own: dict[str, str | None] = {}  # titled stories: the date of the earliest article titled so
    earliest: dict[str, tuple[str, str | None]] = {}  # any story: its earliest titled article
    for story_id, headline, title, event_date in titles:
        earliest.setdefault(story_id, (title, event_date))
        if title == headline:
            own.setdefault(story_id, event_date)
    for story_id, (title, event_date) in earliest.items():
        values = {"id": story_id, "titled": True}
        if story_id in own:
            values.update(title=None, published=own[story_id])
        else:
            values.update(title=title, published=event_date)
        connection.execute(sa.text(
            "UPDATE stories SET headline = COALESCE(:title, headline), titled = :titled,"
            " headline_published = :published WHERE id = :id"), values)
    connection.execute(sa.text("UPDATE stories SET headline_published = first_published WHERE NOT titled"))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("headline_published")
        batch.drop_column("titled")
