"""Takes per mapped item: which take each item uses, and which item a take belongs to.

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
    with op.batch_alter_table("node") as batch:
        batch.add_column(sa.Column("takes_json", sa.Text, nullable=False, server_default="{}"))
    with op.batch_alter_table("take") as batch:
        batch.add_column(sa.Column("item_id", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("take", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("take") as batch:
        batch.drop_column("take")
        batch.drop_column("item_id")
    with op.batch_alter_table("node") as batch:
        batch.drop_column("takes_json")
