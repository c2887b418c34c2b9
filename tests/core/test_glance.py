"""The first read of a project file (``app.core.store.files.glance``): the same graph as
``Project.open`` gives, without SQLAlchemy and without writing; None for every file a
plain read could get wrong, so the full open decides (and explains) those."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.graph import AddNode, Connect, Edge, MoveNode, SetParam
from app.core.store.files import glance
from app.core.store.project import Project
from tests.core import stubs

ROOT = Path(__file__).resolve().parents[2]


def _edited_project(tmp_path: Path) -> Path:
    """A project with a few nodes, wires, params, moves and renames, saved and closed."""
    registry = stubs.registry()
    with Project.create(tmp_path / "p", registry, name="月光 episode 1") as project:
        push = project.undo.push
        push(AddNode("t.items", node_id="a", params={"items": ["x", "y", "z"]}, position=(10, 20)))
        push(AddNode("t.suffix", node_id="b", position=(300, 20)))
        push(AddNode("t.suffix", node_id="c", position=(600, 40)))
        push(Connect(Edge("a", "items", "b", "text")))
        push(Connect(Edge("b", "text", "c", "text")))
        push(SetParam("b", "suffix", "?"))
        push(MoveNode("c", (650.5, -12.25)))
    return tmp_path / "p"


def test_a_glance_reads_the_graph_and_name_that_open_reads(tmp_path):
    folder = _edited_project(tmp_path)
    look = glance(folder, stubs.registry())
    assert look is not None
    assert look.name == "月光 episode 1"
    with Project.open(folder, stubs.registry()) as project:
        assert look.db_path == project.db_path
        assert look.graph.to_dict() == project.graph.to_dict()
        assert list(look.graph.nodes) == list(project.graph.nodes) == ["a", "b", "c"]


def test_a_glance_writes_nothing_and_loads_no_sqlalchemy(tmp_path):
    folder = _edited_project(tmp_path)
    db = folder / "p.shotgraph"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code = ("import sys; from app.core.store.files import glance; from tests.core import stubs; "
            f"look = glance({str(folder)!r}, stubs.registry()); "
            "print(len(look.graph.nodes), 'sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "False"]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def _set(db: Path, sql: str) -> None:
    con = sqlite3.connect(db)
    con.execute(sql)
    con.commit()
    con.close()


@pytest.mark.parametrize("spoil", [
    "update alembic_version set version_num = '0005'",  # to migrate first
    "update alembic_version set version_num = '0099'",  # from a newer ShotGraph
    "update node set type_id = 'from.the.future' where id = 'b'",  # a type we lack
    "delete from project",  # no name row
])
def test_a_file_a_plain_read_could_misread_gets_no_glance(tmp_path, spoil):
    folder = _edited_project(tmp_path)
    _set(folder / "p.shotgraph", spoil)
    assert glance(folder, stubs.registry()) is None


def test_no_glance_at_what_is_not_a_project(tmp_path):
    assert glance(tmp_path / "missing", stubs.registry()) is None
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "empty.shotgraph").write_bytes(b"")
    assert glance(tmp_path / "empty", stubs.registry()) is None
    other = tmp_path / "other.shotgraph"
    con = sqlite3.connect(other)
    con.execute("create table t (x)")
    con.commit()
    con.close()
    assert glance(other, stubs.registry()) is None
    damaged = _edited_project(tmp_path / "d") / "p.shotgraph"
    data = bytearray(damaged.read_bytes())
    data[100:4096] = bytes(3996)  # the schema page wiped
    damaged.write_bytes(bytes(data))
    assert glance(damaged, stubs.registry()) is None
