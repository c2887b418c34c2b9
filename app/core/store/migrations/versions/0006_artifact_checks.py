"""Artifacts remember the size and modification time they were checked at.

A read compares them with the file's; when they differ the file is hashed again, so a
file replaced on disk is never served under the hash it no longer has.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("artifact") as batch:
        batch.add_column(sa.Column("mtime_ns", sa.BigInteger, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("artifact") as batch:
        batch.drop_column("mtime_ns")
