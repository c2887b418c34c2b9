"""A project on disk: ``<name>.shotgraph`` (SQLite) beside ``media/``.

Opening migrates the schema, loads the graph into the model and subscribes autosave to
its undo stack: every command is saved in one transaction before the call returns.
"""

from __future__ import annotations

import fcntl
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.core.graph import Command, Graph, PortCatalog, UndoStack
from app.core.store.artifacts import ArtifactStore
from app.core.store.database import connect, migrate
from app.core.store.models import (
    EdgeRow,
    NodeRow,
    NodeRunRow,
    ProjectRow,
    ProviderCallRow,
    ProviderTaskRow,
    RunRow,
    TakeRow,
    utcnow,
)

log = logging.getLogger("shotgraph.store")

SUFFIX = ".shotgraph"
MEDIA = "media"
LOCK = ".shotgraph.lock"


class ProjectError(Exception):
    """A project cannot be created or opened; the message says why."""


def project_file(path: Path) -> Path:
    """The project file for a folder or a file path."""
    path = Path(path)
    if path.suffix == SUFFIX:
        return path
    if path.is_dir():
        found = sorted(path.glob(f"*{SUFFIX}"))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ProjectError(f"{path} holds {len(found)} project files; name one of them")
    return path / f"{_slug(path.name)}{SUFFIX}"


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-")
    return slug or "project"


class Project:
    """An open project: its graph (with undo), its artifacts, its run history."""

    def __init__(self, db_path: Path, catalog: PortCatalog, graph: Graph | None = None):
        self.db_path = db_path
        self.folder = db_path.parent
        self.media_dir = self.folder / MEDIA
        self.media_dir.mkdir(parents=True, exist_ok=True)
        self._lock_fh = open(self.folder / LOCK, "a+")  # noqa: SIM115 - held while open
        self.engine = connect(db_path)
        migrate(self.engine)
        self.artifacts = ArtifactStore(self.engine, self.media_dir)
        self.swept = self._sweep_if_alone()
        fcntl.flock(self._lock_fh, fcntl.LOCK_SH)
        self.graph = graph if graph is not None else self._load_graph(catalog)
        self.undo = UndoStack(self.graph)
        self.undo.subscribe(self._autosave)
        self.save_pending = False
        self.save_error: str | None = None

    # -- life cycle --------------------------------------------------------------
    @classmethod
    def create(
        cls, path: Path, catalog: PortCatalog, name: str | None = None,
        graph_data: dict[str, Any] | None = None, settings: dict[str, Any] | None = None,
    ) -> Project:
        """A new project in folder ``path`` (made if needed); refuses to overwrite one."""
        path = Path(path)
        db_path = project_file(path) if path.suffix == SUFFIX else path / f"{_slug(path.name)}{SUFFIX}"
        if db_path.exists():
            raise ProjectError(f"{db_path} already exists; open it instead")
        db_path.parent.mkdir(parents=True, exist_ok=True)
        graph = Graph.from_dict(graph_data or {}, catalog)
        for problem in _unknown_types(graph, catalog):
            raise ProjectError(problem)
        project = cls(db_path, catalog, graph=graph)
        with project.session() as session:
            session.add(
                ProjectRow(
                    id=1,
                    name=name or path.stem,
                    settings_json=json.dumps(settings or {}, ensure_ascii=False),
                )
            )
        project.save_graph()
        return project

    @classmethod
    def open(cls, path: Path, catalog: PortCatalog) -> Project:
        db_path = project_file(Path(path))
        if not db_path.exists():
            raise ProjectError(f"no ShotGraph project at {path}")
        return cls(db_path, catalog)

    def close(self) -> None:
        self.engine.dispose()
        if not self._lock_fh.closed:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sweep_if_alone(self) -> dict[str, int] | None:
        """Sweep orphans only when no other process has the project open."""
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        try:
            self._close_interrupted_runs()
            return self.artifacts.sweep()
        finally:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)

    # -- settings ------------------------------------------------------------------
    @property
    def name(self) -> str:
        with Session(self.engine) as session:
            row = session.get(ProjectRow, 1)
            return row.name if row else self.db_path.stem

    def settings(self) -> dict[str, Any]:
        with Session(self.engine) as session:
            row = session.get(ProjectRow, 1)
            return json.loads(row.settings_json) if row else {}

    def update_settings(self, **changes: Any) -> None:
        with self.session() as session:
            row = session.get(ProjectRow, 1)
            settings = json.loads(row.settings_json) if row else {}
            settings.update(changes)
            row.settings_json = json.dumps(settings, ensure_ascii=False)

    # -- graph persistence -------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def _load_graph(self, catalog: PortCatalog) -> Graph:
        with Session(self.engine) as session:
            nodes = session.scalars(select(NodeRow).order_by(NodeRow.ordinal, NodeRow.id)).all()
            edges = session.scalars(select(EdgeRow).order_by(EdgeRow.ordinal, EdgeRow.id)).all()
            data = {
                "nodes": [
                    {"id": n.id, "type": n.type_id, "title": n.title,
                     "params": json.loads(n.params_json), "position": [n.x, n.y],
                     "takes": json.loads(n.takes_json or "{}")}
                    for n in nodes
                ],
                "edges": [[e.src, e.src_port, e.dst, e.dst_port] for e in edges],
            }
        graph = Graph.from_dict(data, catalog)
        canonical = getattr(catalog, "canonical", None)
        if canonical is not None:  # node types renamed since the project was saved
            for node in graph.nodes.values():
                node.type_id = canonical(node.type_id)
        return graph

    def _autosave(self, command: Command, how: str) -> None:
        """Save after every command. A failed save never undoes the edit: the model keeps
        it, ``save_pending`` stays true and ``save_error`` says why, and the next command
        or ``retry_save()`` writes the whole graph again."""
        self.save_pending = True
        self.retry_save()

    def retry_save(self) -> bool:
        """Try to write the pending graph; True when the file is up to date."""
        try:
            self.save_graph()
        except (SQLAlchemyError, OSError) as exc:
            self.save_error = f"the project could not be saved ({type(exc).__name__}: {exc})"
            log.warning("%s: %s", self.db_path, self.save_error)
            return False
        self.save_error = None
        return True

    def save_graph(self) -> None:
        """Write the graph in one transaction: the file always holds a whole graph."""
        with self.session() as session:
            existing = {row.id: row for row in session.scalars(select(NodeRow))}
            for ordinal, node in enumerate(self.graph.nodes.values()):
                params = json.dumps(node.params, sort_keys=True, ensure_ascii=False)
                takes = json.dumps(node.takes, sort_keys=True)
                row = existing.pop(node.id, None)
                if row is None:
                    session.add(NodeRow(id=node.id, type_id=node.type_id, title=node.title,
                                        params_json=params, x=node.position[0],
                                        y=node.position[1], ordinal=ordinal, takes_json=takes))
                    continue
                row.type_id, row.title, row.params_json = node.type_id, node.title, params
                row.takes_json = takes
                row.x, row.y, row.ordinal = node.position[0], node.position[1], ordinal
            session.flush()
            session.execute(delete(EdgeRow))
            if existing:
                session.execute(delete(NodeRow).where(NodeRow.id.in_(list(existing))))
            session.add_all(
                EdgeRow(src=e.src, src_port=e.src_port, dst=e.dst, dst_port=e.dst_port, ordinal=i)
                for i, e in enumerate(self.graph.edges)
            )
        self.save_pending = False

    # -- runs ------------------------------------------------------------------------
    def start_run(self, target: str = "") -> int:
        with self.session() as session:
            row = RunRow(target=target)
            session.add(row)
            session.flush()
            return row.id

    def finish_run(self, run_id: int, status: str) -> None:
        with self.session() as session:
            row = session.get(RunRow, run_id)
            row.status, row.finished_at = status, utcnow()

    def record_node_run(
        self, run_id: int, node_id: str, item_index: int | None, status: str,
        cache_key: str = "", seconds: float = 0.0, error: str = "",
        started_at: datetime | None = None,
    ) -> None:
        with self.session() as session:
            session.add(NodeRunRow(
                run_id=run_id, node_id=node_id, item_index=item_index, status=status,
                cache_key=cache_key, seconds=seconds, error=error,
                started_at=started_at or utcnow(), finished_at=utcnow(),
            ))

    def record_cached(
        self, run_id: int, hits: list[tuple[str, list[tuple[int | None, str]]]]
    ) -> None:
        """Record a run's cache hits (node id, [(item index, key)]) in one transaction."""
        if not hits:
            return
        now = utcnow()
        rows = [
            {"run_id": run_id, "node_id": node_id, "item_index": index, "status": "cached",
             "cache_key": key, "started_at": now, "finished_at": now, "seconds": 0.0,
             "error": ""}
            for node_id, items in hits
            for index, key in items
        ]
        with self.engine.begin() as conn:
            conn.execute(NodeRunRow.__table__.insert(), rows)

    def node_runs(self, run_id: int) -> list[NodeRunRow]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(NodeRunRow).where(NodeRunRow.run_id == run_id).order_by(NodeRunRow.id)
            ).all()
            session.expunge_all()
            return list(rows)

    def last_run_id(self) -> int | None:
        with Session(self.engine) as session:
            return session.scalar(select(func.max(RunRow.id)))

    def _close_interrupted_runs(self) -> None:
        with self.session() as session:
            for row in session.scalars(select(RunRow).where(RunRow.status == "running")):
                row.status, row.finished_at = "interrupted", utcnow()

    def record_provider_call(
        self, run_id: int | None, node_id: str, provider: str, model: str = "",
        seconds: float = 0.0, status: str = "ok", cost_estimate: float = 0.0,
    ) -> None:
        with self.session() as session:
            session.add(ProviderCallRow(run_id=run_id, node_id=node_id, provider=provider,
                                        model=model, seconds=seconds, status=status,
                                        cost_estimate=cost_estimate))

    # -- takes -----------------------------------------------------------------------
    def add_take(self, node_id: str, item_index: int | None, item_id: str, take: int,
                 key: str, outputs: dict) -> None:
        """Remember a result as a take of its item (the graph says which take is chosen)."""
        with self.session() as session:
            exists = session.scalar(select(TakeRow.id).where(
                TakeRow.node_id == node_id, TakeRow.cache_key == key))
            if exists is None:
                session.add(TakeRow(node_id=node_id, item_index=item_index, item_id=item_id,
                                    take=take, cache_key=key, outputs_json=json.dumps(outputs),
                                    chosen=False))

    def delete_take(self, node_id: str, cache_key: str) -> None:
        with self.session() as session:
            session.execute(delete(TakeRow).where(TakeRow.node_id == node_id,
                                                  TakeRow.cache_key == cache_key))

    def takes(self, node_id: str) -> list[TakeRow]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(TakeRow).where(TakeRow.node_id == node_id).order_by(TakeRow.id)
            ).all()
            session.expunge_all()
            return list(rows)


class ProjectTasks:
    """The project's ``provider_task`` table as a ``TaskJournal`` for providers."""

    def __init__(self, project: Project):
        self.project = project

    def find(self, provider: str, fingerprint: str) -> tuple[str, str] | None:
        with Session(self.project.engine) as session:
            row = session.scalar(select(ProviderTaskRow).where(
                ProviderTaskRow.provider == provider, ProviderTaskRow.fingerprint == fingerprint))
            return (row.task_id, row.status) if row else None

    def save(self, provider: str, fingerprint: str, task_id: str, status: str) -> None:
        with self.project.session() as session:
            row = session.scalar(select(ProviderTaskRow).where(
                ProviderTaskRow.provider == provider, ProviderTaskRow.fingerprint == fingerprint))
            if row is None:
                session.add(ProviderTaskRow(provider=provider, fingerprint=fingerprint,
                                            task_id=task_id, status=status))
            else:
                row.task_id, row.status, row.updated_at = task_id, status, utcnow()

    def forget(self, provider: str, fingerprint: str) -> None:
        with self.project.session() as session:
            session.execute(delete(ProviderTaskRow).where(
                ProviderTaskRow.provider == provider, ProviderTaskRow.fingerprint == fingerprint))


def _unknown_types(graph: Graph, catalog: PortCatalog) -> Iterator[str]:
    for node in graph.nodes.values():
        try:
            catalog.get(node.type_id)
        except KeyError as exc:
            yield str(exc)

