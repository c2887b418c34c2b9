"""The first project schema: graph, runs, artifacts, cache, takes, provider calls.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("settings_json", sa.Text, nullable=False),
    )
    op.create_table(
        "node",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("type_id", sa.String(100), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("params_json", sa.Text, nullable=False),
        sa.Column("x", sa.Float, nullable=False),
        sa.Column("y", sa.Float, nullable=False),
    )
    op.create_table(
        "edge",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("src", sa.String(40), sa.ForeignKey("node.id", ondelete="CASCADE"), nullable=False),
        sa.Column("src_port", sa.String(100), nullable=False),
        sa.Column("dst", sa.String(40), sa.ForeignKey("node.id", ondelete="CASCADE"), nullable=False),
        sa.Column("dst_port", sa.String(100), nullable=False),
        sa.UniqueConstraint("dst", "dst_port", name="uq_edge_input"),
    )
    op.create_table(
        "run",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
    )
    op.create_table(
        "node_run",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("run.id", ondelete="CASCADE"), nullable=False),
        sa.Column("node_id", sa.String(40), nullable=False),
        sa.Column("item_index", sa.Integer, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("cache_key", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
    )
    op.create_index("ix_node_run_run", "node_run", ["run_id"])
    op.create_table(
        "artifact",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("mime", sa.String(60), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("width", sa.Integer, nullable=True),
        sa.Column("height", sa.Integer, nullable=True),
        sa.Column("duration", sa.Float, nullable=True),
        sa.Column("meta_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "cache_entry",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("node_type", sa.String(100), nullable=False),
        sa.Column("outputs_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "take",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("node_id", sa.String(40), nullable=False),
        sa.Column("item_index", sa.Integer, nullable=True),
        sa.Column("cache_key", sa.String(64), nullable=False),
        sa.Column("outputs_json", sa.Text, nullable=False),
        sa.Column("chosen", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_take_node_item", "take", ["node_id", "item_index"])
    op.create_table(
        "provider_call",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.Column("node_id", sa.String(40), nullable=False),
        sa.Column("provider", sa.String(60), nullable=False),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("cost_estimate", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in ("provider_call", "take", "cache_entry", "artifact", "node_run", "run",
                  "edge", "node", "project"):
        op.drop_table(table)
