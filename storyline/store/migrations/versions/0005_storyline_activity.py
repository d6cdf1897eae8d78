"""Storylines keep the step of their last update: new stories are linked to the most recently updated.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("storylines") as batch:
        batch.add_column(sa.Column("updated", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("storylines") as batch:
        batch.drop_column("updated")
