"""Corrections by hand: articles moved to another story or to a story of their own, and stories to another
storyline or to one of their own, each recorded.

Also recounts each storyline's stories: a merge of two stories of one storyline used to leave its count one
too high.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_moves",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("from_id", sa.String(16), nullable=False),
        sa.Column("to_id", sa.String(16), nullable=False),
        sa.Column("new_story", sa.Integer, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("moved_at", sa.String(32), nullable=False),
    )
    for column in ("article_id", "from_id", "to_id"):
        op.create_index(f"ix_story_moves_{column}", "story_moves", [column])
    op.create_table(
        "storyline_moves",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("story_id", sa.String(16), nullable=False),
        sa.Column("from_id", sa.String(16), nullable=False),
        sa.Column("to_id", sa.String(16), nullable=False),
        sa.Column("new_storyline", sa.Integer, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("moved_at", sa.String(32), nullable=False),
    )
    for column in ("story_id", "from_id", "to_id"):
        op.create_index(f"ix_storyline_moves_{column}", "storyline_moves", [column])
    op.execute("UPDATE storylines SET story_count = (SELECT count(*) FROM stories "
               "WHERE stories.storyline_id = storylines.id AND stories.merged_into IS NULL)")


def downgrade() -> None:
    op.drop_table("storyline_moves")
    op.drop_table("story_moves")
