"""Stories know whether a user put them in their storyline, so grouping never moves them to another thread
(a story relinked by hand to a storyline of its own used to rejoin its old thread when it grew).

Existing stories are marked where a hand relink is recorded for them (or for a story merged into them).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("linked_by_hand", sa.Boolean, nullable=False, server_default=sa.false()))
    connection = op.get_bind()
    connection.execute(sa.text(
        "UPDATE stories SET linked_by_hand = :marked WHERE id IN (SELECT story_id FROM storyline_moves)"),
        {"marked": True})
    connection.execute(sa.text(  # a relinked story since merged into another: the story it is part of now
        "UPDATE stories SET linked_by_hand = :marked WHERE id IN"
        " (SELECT merged_into FROM stories WHERE linked_by_hand = :marked AND merged_into IS NOT NULL)"),
        {"marked": True})


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("linked_by_hand")
