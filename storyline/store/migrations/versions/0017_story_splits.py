"""A story found to hold two events is split in two, recorded in ``story_splits`` as merges are in
``story_merges``.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_splits",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("story_id", sa.String(16), nullable=False),
        sa.Column("into_id", sa.String(16), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("separation", sa.Float, nullable=False),
        sa.Column("articles", sa.Text, nullable=False),
    )
    op.create_index("ix_story_splits_story_id", "story_splits", ["story_id"])
    op.create_index("ix_story_splits_into_id", "story_splits", ["into_id"])


def downgrade() -> None:
    op.drop_index("ix_story_splits_into_id", "story_splits")
    op.drop_index("ix_story_splits_story_id", "story_splits")
    op.drop_table("story_splits")
