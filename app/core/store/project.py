"""A project on disk: ``<name>.shotgraph`` (SQLite) beside ``media/``.

Opening checks the file is a ShotGraph project (another program's database is left
untouched), migrates the schema, loads the graph into the model and subscribes autosave
to its undo stack: every command is saved in one transaction before the call returns.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.core import logs
from app.core.failures import explain
from app.core.graph import (
    AddNode,
    Batch,
    Command,
    Graph,
    GraphError,
    PortCatalog,
    SetParam,
    UndoStack,
)
from app.core.node_api import NodeError
from app.core.store import imports
from app.core.store.artifacts import ArtifactStore
from app.core.store.database import NotAProject, SchemaTooNew, check_project_file, connect, migrate
from app.core.store.files import (  # noqa: F401 - re-exported: the project's file
    NODE_COLUMNS,
    SUFFIX,
    ProjectError,
    graph_from_rows,
    project_file,
    slug,
)
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

MEDIA = "media"
LOCK = ".shotgraph.lock"
RUN_LOCK = ".shotgraph.run.lock"


class RunLocked(ProjectError):
    """Another run is using the project (its pid is in the message)."""


@dataclasses.dataclass(frozen=True)
class OutsideFile:
    """A file a node's settings name that lies outside the project folder."""

    node_id: str
    label: str
    setting: str
    path: Path

    def __str__(self) -> str:
        return f"{self.label} {self.setting}: {imports.readable_name(self.path)}"


class Project:
    """An open project: its graph (with undo), its artifacts, its run history."""

    def __init__(self, db_path: Path, catalog: PortCatalog, graph: Graph | None = None,
                 store: ArtifactStore | None = None):
        self.db_path = db_path
        self.folder = db_path.parent
        # An episode of a series keeps its graph and runs here but its media (and their
        # index) in the series' one store, shared by every episode.
        self.shared_store = store
        self.media_dir = store.media_dir if store is not None else self.folder / MEDIA
        name = db_path.name
        if db_path.exists():  # never write to a file before knowing it is ours
            try:
                check_project_file(db_path)
            except NotAProject as exc:
                raise ProjectError(str(exc)) from None
            except OSError as exc:
                raise ProjectError(f"cannot read {name}: {explain(exc) or exc}") from None
        try:
            self.media_dir.mkdir(parents=True, exist_ok=True)
            self._lock_fh = open(self.folder / LOCK, "a+")  # noqa: SIM115 - held while open
        except OSError as exc:
            raise ProjectError(f"cannot open {name}: {explain(exc) or exc}") from None
        self.engine = connect(db_path)
        try:
            self._open(catalog, graph)
        except BaseException as exc:
            self._abandon()
            raise _open_error(name, exc) from None
        self.undo = UndoStack(self.graph)
        self.undo.prepare = self._import_chosen_files
        self.undo.subscribe(self._autosave)
        self.save_pending = False
        self.save_error: str | None = None
        # Files named by settings outside the folder are read only when the creator says so.
        self.allow_outside_files = False
        self.fingerprints = imports.Fingerprints()
        self.log_path = logs.open_project_log(self.folder)

    def _open(self, catalog: PortCatalog, graph: Graph | None) -> None:
        migrate(self.engine)
        if self.shared_store is not None:
            self.artifacts = self.shared_store  # the series sweeps it, under its own lock
        else:
            self.artifacts = ArtifactStore(self.engine, self.media_dir)
            self.artifacts.keep = self._files_in_use
        self.swept = self._sweep_if_alone()
        fcntl.flock(self._lock_fh, fcntl.LOCK_SH)
        self.graph = graph if graph is not None else self._load_graph(catalog)
        for problem in _unknown_types(self.graph, catalog):
            raise ProjectError(f"{self.db_path.name}: {problem}; please upgrade ShotGraph")

    def _abandon(self) -> None:
        """Let go of a project that failed to open (no file handle or lock kept)."""
        self.engine.dispose()
        self._lock_fh.close()

    # -- life cycle --------------------------------------------------------------
    @classmethod
    def create(
        cls, path: Path, catalog: PortCatalog, name: str | None = None,
        graph_data: dict[str, Any] | None = None, settings: dict[str, Any] | None = None,
        store: ArtifactStore | None = None,
    ) -> Project:
        """A new project in folder ``path`` (made if needed); refuses to overwrite one."""
        path = Path(path)
        db_path = project_file(path) if path.suffix == SUFFIX else path / f"{slug(path.name)}{SUFFIX}"
        if db_path.exists() and db_path.stat().st_size > 0:
            raise ProjectError(f"{db_path} already exists; open it instead")
        try:
            db_path.unlink(missing_ok=True)  # an empty file is made a project only here
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"cannot create {db_path}: {explain(exc) or exc}") from None
        graph = Graph.from_dict(graph_data or {}, catalog)
        for problem in _unknown_types(graph, catalog):
            raise ProjectError(problem)
        project = cls(db_path, catalog, graph=graph, store=store)
        project.undo.prepare = None  # a template's files are placed as the template says
        with project.session() as session:
            session.add(
                ProjectRow(
                    id=1,
                    name=name or path.stem,
                    settings_json=json.dumps(settings or {}, ensure_ascii=False),
                )
            )
        project.save_graph()
        project.undo.prepare = project._import_chosen_files
        return project

    @classmethod
    def open(cls, path: Path, catalog: PortCatalog,
             store: ArtifactStore | None = None) -> Project:
        db_path = project_file(Path(path))
        if not db_path.exists():
            raise ProjectError(f"no ShotGraph project at {path}")
        return cls(db_path, catalog, store=store)

    def close(self) -> None:
        self.engine.dispose()
        if not self._lock_fh.closed:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()
            logs.close_project_log(self.folder)

    @contextmanager
    def run_lock(self) -> Iterator[None]:
        """Held while a run executes; a second run meanwhile raises ``RunLocked``."""
        path = self.folder / RUN_LOCK
        fh = open(path, "a+")  # noqa: SIM115 - closed below
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            fh.close()
            raise RunLocked(f"another run (pid {holder}) is using this project; wait for it "
                            "to finish or stop it, then run again") from None
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

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
            return self.artifacts.sweep() if self.shared_store is None else None
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
            nodes = session.execute(
                select(*(getattr(NodeRow, c) for c in NODE_COLUMNS))
                .order_by(NodeRow.ordinal, NodeRow.id)).all()
            edges = session.execute(
                select(EdgeRow.src, EdgeRow.src_port, EdgeRow.dst, EdgeRow.dst_port)
                .order_by(EdgeRow.ordinal, EdgeRow.id)).all()
        return graph_from_rows(nodes, edges, catalog)

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


    # -- imports: files named by settings ----------------------------------------------
    def resolve_file(self, raw: str) -> Path:
        """The file a setting names (relative names are inside the project folder)."""
        return imports.resolve(self.folder, raw)

    def outside_files(self, node_ids: list[str] | None = None) -> list[OutsideFile]:
        """Files the settings of ``node_ids`` (default: all nodes) name outside the folder."""
        found = []
        for node_id in node_ids or list(self.graph.nodes):
            node = self.graph.node(node_id)
            for named in imports.named_files(node.params, node_id):
                path = self.resolve_file(named.raw)
                if not self._inside(path):
                    found.append(OutsideFile(node_id, self.graph.label(node_id), named.setting,
                                             path))
        return found

    def source_path(self, raw: str) -> Path:
        """The file a running node may read for a setting; ``NodeError`` when it is outside
        the project folder and reading outside files was not allowed."""
        path = self.resolve_file(raw)
        if not self.allow_outside_files and not self._inside(path):
            raise NodeError(
                f"{imports.readable_name(path)} is outside this project's folder and was not "
                "copied into it: choose the file again to copy it in, or allow outside files "
                "(shotgraph run --allow-outside-files)")
        return path

    def file_fingerprints(self, params: dict[str, Any]) -> dict[str, str]:
        """Content hash of each file the settings name (for cache keys); outside files that
        may not be read are named, not read."""
        prints = {}
        for named in imports.named_files(params):
            path = self.resolve_file(named.raw)
            if not self.allow_outside_files and not self._inside(path):
                prints[named.setting] = "outside"
            else:
                prints[named.setting] = self.fingerprints.of(path)
        return prints

    def import_file(self, path: Path) -> str:
        """Copy a chosen file into the media store; returns the setting value naming the copy
        (relative to the folder). A file already inside the folder is named where it is."""
        path = Path(path).expanduser().resolve()
        if self._inside(path):
            return os.path.relpath(path, self.folder.resolve())
        if not path.is_file():
            raise GraphError(f"cannot find the file {imports.readable_name(path)}")
        try:
            media = self.artifacts.put_file(
                path, meta={"imported": True, "source_name": path.name}, move=False)
        except OSError as exc:
            raise GraphError(f"could not copy {path.name} into the project: "
                             f"{explain(exc) or exc}") from None
        return Path(os.path.relpath(media.path, self.folder)).as_posix()

    def _inside(self, path: Path) -> bool:
        """Inside the project folder, or in its media store (a series' shared store)."""
        return imports.is_inside(self.folder, path) or imports.is_inside(self.media_dir, path)

    def _import_chosen_files(self, command: Command) -> Command:
        """Before a command names a file outside the folder, copy it in and name the copy."""
        if isinstance(command, Batch):
            return dataclasses.replace(
                command, commands=[self._import_chosen_files(c) for c in command.commands])
        if isinstance(command, SetParam):
            value = imports.replace_files(command.value, self._import_if_outside,
                                          command.name in imports.FILE_KEYS)
            return command if value == command.value else dataclasses.replace(command, value=value)
        if isinstance(command, AddNode) and command.params:
            params = imports.replace_files(command.params, self._import_if_outside)
            return command if params == command.params else dataclasses.replace(command,
                                                                                 params=params)
        return command

    def _import_if_outside(self, raw: str) -> str:
        path = self.resolve_file(raw)
        if self._inside(path) and not Path(raw.strip()).is_absolute():
            return raw  # already named inside the folder
        if not path.is_file():
            return raw  # nothing to copy: the node will say the file is missing
        return self.import_file(path)

    def copy_in_outside_files(self) -> list[OutsideFile]:
        """Copy every file named outside the folder into it, as one undoable edit; returns
        the ones that could not be found (they stay as they are)."""
        outside = self.outside_files()
        commands = []
        for node_id in dict.fromkeys(o.node_id for o in outside):
            node = self.graph.node(node_id)
            keys = {o.setting.split(".")[0].split("[")[0] for o in outside if o.node_id == node_id}
            commands += [SetParam(node_id, key, node.params[key]) for key in sorted(keys)]
        if commands:
            self.undo.push_all(commands, "copy files into the project")
        return self.outside_files()

    def _files_in_use(self) -> set[str]:
        """Hashes of the media-store files that settings name (gc keeps them)."""
        hashes = set()
        for node in self.graph.nodes.values():
            for named in imports.named_files(node.params):
                path = self.resolve_file(named.raw)
                if imports.is_inside(self.media_dir, path):
                    hashes.add(path.stem)
        return hashes


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


def _open_error(name: str, exc: BaseException) -> BaseException:
    """The ``ProjectError`` to raise for what went wrong opening ``name``."""
    if isinstance(exc, ProjectError | KeyboardInterrupt | SystemExit):
        return exc
    if isinstance(exc, SchemaTooNew):
        return ProjectError(f"{name}: {exc}")
    if isinstance(exc, SQLAlchemyError | sqlite3.Error | OSError):
        log.warning("opening %s failed", name, exc_info=exc)
        return ProjectError(f"cannot open {name}: {explain(exc) or exc}")
    if isinstance(exc, KeyError | GraphError | ValueError):
        log.warning("loading the graph of %s failed", name, exc_info=exc)
        return ProjectError(f"{name} holds a graph this ShotGraph cannot read: {exc}")
    return exc


def _unknown_types(graph: Graph, catalog: PortCatalog) -> Iterator[str]:
    for node in graph.nodes.values():
        try:
            catalog.get(node.type_id)
        except KeyError as exc:
            yield str(exc)

