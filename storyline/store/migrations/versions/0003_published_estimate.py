"""Articles without a source date: the date their text points to, and the evidence.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("published_estimate", sa.String(10)))
        batch.add_column(sa.Column("published_evidence", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_evidence")
        batch.drop_column("published_estimate")
