"""Corrections imported from another database's export are remembered (which correction, and where it went
here), so a file imported twice makes nothing twice, and a later correction naming a story one of them made
finds it.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_corrections",
        sa.Column("moved", sa.String(8), primary_key=True),
        sa.Column("moved_id", sa.String(32), primary_key=True),
        sa.Column("moved_at", sa.String(40), primary_key=True),
        sa.Column("to_id", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("imported_corrections")
