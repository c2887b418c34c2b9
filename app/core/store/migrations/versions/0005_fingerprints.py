"""Fingerprint ledgers of exported episodes, kept after their MP4 leaves the store.

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fingerprint_ledger",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("episode", sa.String(200), nullable=False),
        sa.Column("episode_file", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("duration", sa.Float, nullable=False),
        sa.Column("shots", sa.Integer, nullable=False),
        sa.Column("ledger_json", sa.Text, nullable=False),
    )
    op.create_index("ix_fingerprint_ledger_file", "fingerprint_ledger", ["episode_file"])


def downgrade() -> None:
    op.drop_index("ix_fingerprint_ledger_file", "fingerprint_ledger")
    op.drop_table("fingerprint_ledger")
