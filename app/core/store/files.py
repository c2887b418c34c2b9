"""A project's file before the store opens it: where it is, whether it is ours, and a
first read of its name and graph. Plain ``sqlite3``, no SQLAlchemy.

The editor's launch paints its window from ``glance`` and opens the project
(``Project.open``: SQLAlchemy, migrations, the sweep, the locks) right after that paint;
``database`` and ``project`` re-export what is defined here.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.core.graph import Graph, PortCatalog

SUFFIX = ".shotgraph"
# The newest revision in ``migrations/versions`` (a test checks it against alembic's):
# a project already there opens without importing alembic (about 0.3 s at start-up).
HEAD = "0006"
# ``PRAGMA application_id`` of every ShotGraph project: "ShGr".
APPLICATION_ID = int.from_bytes(b"ShGr", "big")
SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = frozenset({"alembic_version", "project", "node", "edge"})


class ProjectError(Exception):
    """A project cannot be created or opened; the message says why."""


class NotAProject(ValueError):
    """The file is not a ShotGraph project (so it is left as it is)."""


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
    return path / f"{slug(path.name)}{SUFFIX}"


def slug(name: str) -> str:
    """``name`` as a file name (letters, digits, ``-`` and ``_``)."""
    made = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-")
    return made or "project"


def check_project_file(db_path: Path) -> None:
    """Raise ``NotAProject`` unless ``db_path`` is a ShotGraph project; never writes to it."""
    name = db_path.name
    with open(db_path, "rb") as fh:
        header = fh.read(100)
    if not header:
        raise NotAProject(f"{name} is an empty file, not a ShotGraph project "
                          "(`shotgraph new` makes one)")
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise NotAProject(f"{name} is not a ShotGraph project (it is not an SQLite database)")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == APPLICATION_ID:
        return
    if app_id != 0:
        raise NotAProject(f"{name} is another program's database (application id "
                          f"0x{app_id:08x}); ShotGraph leaves it untouched")
    tables = _tables(db_path)
    if not OUR_TABLES <= tables:
        listed = ", ".join(sorted(tables)[:6]) or "no tables"
        raise NotAProject(f"{name} is an SQLite database but not a ShotGraph project "
                          f"({listed}); ShotGraph leaves it untouched")


def _read_only(db_path: Path) -> sqlite3.Connection:
    uri = f"file:{quote(str(db_path.resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=10)


def _tables(db_path: Path) -> set[str]:
    """Table names, read through a read-only connection (the file is not changed)."""
    try:
        conn = _read_only(db_path)
    except sqlite3.Error as exc:
        raise NotAProject(f"{db_path.name} cannot be read as a database ({exc})") from None
    try:
        rows = conn.execute("select name from sqlite_master where type='table'").fetchall()
    except sqlite3.DatabaseError as exc:
        raise NotAProject(f"{db_path.name} is damaged or not a database ({exc})") from None
    finally:
        conn.close()
    return {row[0] for row in rows}


# -- the graph as saved -------------------------------------------------------------------
NODE_COLUMNS = ("id", "type_id", "title", "params_json", "x", "y", "takes_json")


def graph_from_rows(nodes: Iterable[Sequence[Any]], edges: Iterable[Sequence[Any]],
                    catalog: PortCatalog) -> Graph:
    """The model of a saved graph: ``nodes`` as ``NODE_COLUMNS``, ``edges`` as
    ``(src, src_port, dst, dst_port)``, both in their saved order."""
    data = {
        "nodes": [
            {"id": nid, "type": type_id, "title": title, "params": json.loads(params),
             "position": [x, y], "takes": json.loads(takes or "{}")}
            for nid, type_id, title, params, x, y, takes in nodes
        ],
        "edges": [list(edge) for edge in edges],
    }
    graph = Graph.from_dict(data, catalog)
    canonical = getattr(catalog, "canonical", None)
    if canonical is not None:  # node types renamed since the project was saved
        for node in graph.nodes.values():
            node.type_id = canonical(node.type_id)
    return graph


@dataclass(frozen=True)
class Glance:
    """A project's name and graph as last saved (read only; nothing is locked)."""

    db_path: Path
    name: str
    graph: Graph


def glance(path: Path, catalog: PortCatalog) -> Glance | None:
    """A first read of the project at ``path``, or None when it cannot be had this way.

    None for anything a plain read would get wrong or not know: no such file, not a
    project, a schema to migrate (older or newer than ``HEAD``), a node type not in
    ``catalog``, a damaged or busy file. ``Project.open`` then opens it (or says why
    not) as it always does; a glance never replaces it, and never writes to the file.
    """
    try:
        db_path = project_file(Path(path))
        if not db_path.is_file():
            return None
        check_project_file(db_path)
        conn = _read_only(db_path)
        try:
            if conn.execute("select version_num from alembic_version").fetchall() != [(HEAD,)]:
                return None
            name = conn.execute("select name from project where id = 1").fetchone()
            nodes = conn.execute(f"select {', '.join(NODE_COLUMNS)} from node "
                                 "order by ordinal, id").fetchall()
            edges = conn.execute("select src, src_port, dst, dst_port from edge "
                                 "order by ordinal, id").fetchall()
        finally:
            conn.close()
        if name is None:
            return None
        graph = graph_from_rows(nodes, edges, catalog)
        for node in graph.nodes.values():
            catalog.get(node.type_id)  # a type this version lacks: Project.open says so
    except Exception:  # noqa: BLE001 - anything at all: the full open decides and explains
        return None
    return Glance(db_path, str(name[0]), graph)
