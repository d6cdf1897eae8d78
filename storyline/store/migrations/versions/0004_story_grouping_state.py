"""Grouping with embeddings, a bounded active set and recorded merges.

Articles keep their embedding; stories keep the sum of their members'
embeddings, their latest members, the step of their last change (the active
set is the most recently changed) and the story they were merged into;
``story_merges`` records every merge. Fingerprints change from 64 to 128
permutations over 4-word shingles: earlier signatures are dropped (those
articles keep their stories but are no longer matched as originals).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE articles SET signature = NULL")
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("embedding", sa.LargeBinary))
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("embedding", sa.LargeBinary))
        batch.add_column(sa.Column("members", sa.Text, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("updated", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("merged_into", sa.String(16)))
        batch.create_index("ix_stories_merged_into", ["merged_into"])
    op.create_table(
        "story_merges",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("story_id", sa.String(16), nullable=False, index=True),
        sa.Column("into_id", sa.String(16), nullable=False, index=True),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("probability", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("story_merges")
    with op.batch_alter_table("stories") as batch:
        batch.drop_index("ix_stories_merged_into")
        batch.drop_column("merged_into")
        batch.drop_column("updated")
        batch.drop_column("members")
        batch.drop_column("embedding")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("embedding")
