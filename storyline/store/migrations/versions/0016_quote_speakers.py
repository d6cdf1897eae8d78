"""Words several people said together ("Kim and Noh told reporters") are found by each of them: one row per
speaker in ``quote_speakers``. Articles annotated before name one speaker for such words, so nothing is
indexed for them until they are ingested into a new database.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quote_speakers",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("speaker_key", sa.String(200), primary_key=True),
        sa.Column("speaker", sa.Text, nullable=False),
    )
    op.create_index("ix_quote_speakers_speaker_key", "quote_speakers", ["speaker_key"])


def downgrade() -> None:
    op.drop_index("ix_quote_speakers_speaker_key", "quote_speakers")
    op.drop_table("quote_speakers")
