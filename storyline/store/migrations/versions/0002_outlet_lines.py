"""Outlet memory: per outlet, how many articles each line appeared in.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlet_lines",
        sa.Column("outlet", sa.Text, primary_key=True),
        sa.Column("line_key", sa.String(16), primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("outlet_lines")
