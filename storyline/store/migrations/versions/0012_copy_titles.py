"""A syndicated copy's new headline no longer titles its story: its original's does. A story a copy titled takes
the title grouping gives it now: of its originals' titles, the earliest dated report's (a dated one before an
undated one; of one day, the first in alphabetical order). A story none of whose originals has a title keeps its
headline.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# an article's date for grouping (cluster.assign.event_date): the source's, else a full-date estimate
EVENT_DATE = ("COALESCE(articles.published, CASE WHEN length(articles.published_estimate) = 10"
              " THEN articles.published_estimate END)")


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        f"SELECT stories.id, stories.headline, articles.title, articles.duplicate_of, {EVENT_DATE} AS event_date"
        " FROM stories JOIN articles ON articles.story_id = stories.id"
        " WHERE stories.merged_into IS NULL AND articles.title <> ''"
        f" ORDER BY stories.id, {EVENT_DATE} IS NULL, {EVENT_DATE}, articles.title")).all()
    originals: dict[str, list[tuple[str, str | None]]] = {}  # story -> its originals' (title, date), best first
    copied: dict[str, set[str]] = {}  # story -> its copies' titles
    headlines: dict[str, str] = {}
    for story_id, headline, title, duplicate_of, event_date in rows:
        headlines[story_id] = headline
        if duplicate_of is None:
            originals.setdefault(story_id, []).append((title, event_date))
        else:
            copied.setdefault(story_id, set()).add(title)
    for story_id, titles in copied.items():
        own = originals.get(story_id)
        if not own or headlines[story_id] not in titles or any(t == headlines[story_id] for t, _ in own):
            continue
        title, event_date = own[0]
        connection.execute(sa.text(
            "UPDATE stories SET headline = :title, titled = :titled, headline_published = :published WHERE id = :id"),
            {"id": story_id, "title": title, "titled": True, "published": event_date})


def downgrade() -> None:
    pass  # the titles copies gave are not kept: a downgraded database keeps its originals' titles
