"""Keep node and edge order stable across saves; remember paid provider tasks.

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
    with op.batch_alter_table("node") as batch:
        batch.add_column(sa.Column("ordinal", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("edge") as batch:
        batch.add_column(sa.Column("ordinal", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "provider_task",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("provider", sa.String(60), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("task_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("provider", "fingerprint", name="uq_task_fingerprint"),
    )


def downgrade() -> None:
    op.drop_table("provider_task")
    with op.batch_alter_table("edge") as batch:
        batch.drop_column("ordinal")
    with op.batch_alter_table("node") as batch:
        batch.drop_column("ordinal")
