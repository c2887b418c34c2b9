"""ORM models of a project file (SQLAlchemy 2.0). Schema changes go through Alembic."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class ProjectRow(Base):
    """The project's name and settings (one row)."""

    __tablename__ = "project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    settings_json: Mapped[str] = mapped_column(Text, default="{}")


class NodeRow(Base):
    """A node of the graph; ``id`` is ours (never NodeGraphQt's)."""

    __tablename__ = "node"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200), default="")
    params_json: Mapped[str] = mapped_column(Text, default="{}")
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    takes_json: Mapped[str] = mapped_column(Text, default="{}")


class EdgeRow(Base):
    """A wire; an input holds at most one."""

    __tablename__ = "edge"
    __table_args__ = (UniqueConstraint("dst", "dst_port", name="uq_edge_input"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    src: Mapped[str] = mapped_column(ForeignKey("node.id", ondelete="CASCADE"))
    src_port: Mapped[str] = mapped_column(String(100))
    dst: Mapped[str] = mapped_column(ForeignKey("node.id", ondelete="CASCADE"))
    dst_port: Mapped[str] = mapped_column(String(100))
    ordinal: Mapped[int] = mapped_column(Integer, default=0)


class RunRow(Base):
    """One execution of (part of) the graph."""

    __tablename__ = "run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    target: Mapped[str] = mapped_column(String(200), default="")


class NodeRunRow(Base):
    """What happened to one node (or one mapped item of it) in a run."""

    __tablename__ = "node_run"
    __table_args__ = (Index("ix_node_run_run", "run_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    node_id: Mapped[str] = mapped_column(String(40))
    item_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    cache_key: Mapped[str] = mapped_column(String(64), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str] = mapped_column(Text, default="")


class ArtifactRow(Base):
    """A file in ``media/`` (or a JSON value), addressed by the SHA-256 of its bytes."""

    __tablename__ = "artifact"
    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    mime: Mapped[str] = mapped_column(String(60))
    path: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration: Mapped[float | None] = mapped_column(Float, nullable=True)
    meta_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The file's mtime when its bytes were last found to match ``hash`` (None: never checked).
    mtime_ns: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class CacheEntryRow(Base):
    """Cache key of a node (item) → the artifact hashes of its outputs."""

    __tablename__ = "cache_entry"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    node_type: Mapped[str] = mapped_column(String(100))
    outputs_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TakeRow(Base):
    """One result of a node item; the chosen take feeds downstream."""

    __tablename__ = "take"
    __table_args__ = (Index("ix_take_node_item", "node_id", "item_index"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    node_id: Mapped[str] = mapped_column(String(40))
    item_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    item_id: Mapped[str] = mapped_column(String(64), default="")
    take: Mapped[int] = mapped_column(Integer, default=0)
    cache_key: Mapped[str] = mapped_column(String(64))
    outputs_json: Mapped[str] = mapped_column(Text)
    chosen: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProviderCallRow(Base):
    """A call to a provider: for cost and latency, never the key or a private prompt."""

    __tablename__ = "provider_call"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    node_id: Mapped[str] = mapped_column(String(40), default="")
    provider: Mapped[str] = mapped_column(String(60))
    model: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(40), default="ok")
    cost_estimate: Mapped[float] = mapped_column(Float, default=0.0)


class ProviderTaskRow(Base):
    """A paid async task submitted to a provider, saved before polling starts.

    After a crash the next run resumes polling this task instead of paying again.
    """

    __tablename__ = "provider_task"
    __table_args__ = (UniqueConstraint("provider", "fingerprint", name="uq_task_fingerprint"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(60))
    fingerprint: Mapped[str] = mapped_column(String(64))
    task_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(40), default="submitted")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FingerprintLedgerRow(Base):
    """The fingerprint ledger of one export: what a copy of the episode is matched against.

    Kept on its own (not on the artifact row) so that ``gc`` freeing an old export's MP4
    never forgets that the episode was once published in that form.
    """

    __tablename__ = "fingerprint_ledger"
    __table_args__ = (Index("ix_fingerprint_ledger_file", "episode_file"),)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    episode: Mapped[str] = mapped_column(String(200))
    episode_file: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    duration: Mapped[float] = mapped_column(Float, default=0.0)
    shots: Mapped[int] = mapped_column(Integer, default=0)
    ledger_json: Mapped[str] = mapped_column(Text)
