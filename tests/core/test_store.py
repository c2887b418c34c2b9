import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from app.core.engine import Engine
from app.core.graph import AddNode, Connect, Edge, SetParam
from app.core.store.database import (
    HEAD,
    connect,
    head_revision,
    integrity_ok,
    migrate,
    migrated_schema,
    stored_schema,
)
from app.core.store.project import Project, project_file
from tests.core import stubs

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_is_saved_before_it_returns(tmp_path):
    project = Project.create(tmp_path / "p", stubs.registry())
    project.undo.push(AddNode("t.items", {"items": ["x"]}, node_id="a", position=(5, 6)))
    project.undo.push(SetParam("a", "items", ["y", "z"]))
    con = sqlite3.connect(project.db_path)
    params, x = con.execute("select params_json, x from node where id='a'").fetchone()
    assert json.loads(params) == {"items": ["y", "z"]} and x == 5
    project.undo.undo()
    params = con.execute("select params_json from node where id='a'").fetchone()[0]
    assert json.loads(params) == {"items": ["x"]}
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_project_opens_from_folder_or_file(tmp_path):
    project = Project.create(tmp_path / "ep1", stubs.registry())
    project.close()
    assert project_file(tmp_path / "ep1") == tmp_path / "ep1" / "ep1.shotgraph"
    Project.open(tmp_path / "ep1" / "ep1.shotgraph", stubs.registry()).close()


def test_old_schema_is_upgraded_on_open_and_keeps_data(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    db = folder / "old.shotgraph"
    engine = connect(db)
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("insert into project values (1, 'Old', '2025-01-01', '{}')"))
        conn.execute(text(
            "insert into node values ('a', 't.items', 'A', '{\"items\": [\"k\"]}', 1, 2)"))
        conn.execute(text(
            "insert into node values ('b', 't.suffix', 'B', '{}', 3, 4)"))
        conn.execute(text("insert into edge (src, src_port, dst, dst_port) "
                          "values ('a', 'items', 'b', 'text')"))
    engine.dispose()

    project = Project.open(folder, stubs.registry())
    with project.engine.connect() as conn:
        revision = conn.execute(text("select version_num from alembic_version")).scalar()
        tables = {r[0] for r in conn.execute(text("select name from sqlite_master"))}
    assert revision == head_revision() == HEAD == "0006"  # HEAD: opening skips alembic
    assert "provider_task" in tables
    assert project.name == "Old"
    assert project.graph.edges == [Edge("a", "items", "b", "text")]
    assert project.graph.node("a").params == {"items": ["k"]}
    assert Engine(project).execute().status == "done"


def _schema_of(engine) -> tuple:
    with engine.connect() as conn:
        master = conn.execute(text(
            "select type, name, tbl_name, sql from sqlite_master order by type, name")).all()
        version = conn.execute(text("select version_num from alembic_version")).all()
        app_id = conn.execute(text("PRAGMA application_id")).scalar()
    return master, version, app_id


def test_a_new_file_gets_the_migrations_schema_without_alembic(tmp_path, monkeypatch):
    by_alembic = connect(tmp_path / "alembic.shotgraph")
    migrate(by_alembic, HEAD)  # a named revision: always through the migrations
    import alembic.command

    def no_alembic(*args, **kwargs):
        raise AssertionError("a new file's schema went through alembic")

    monkeypatch.setattr(alembic.command, "upgrade", no_alembic)
    stored = connect(tmp_path / "new.shotgraph")
    migrate(stored)
    made, expected = _schema_of(stored), _schema_of(by_alembic)
    assert made == expected
    assert len(made[0]) >= 15 and made[1] == [("0006",)]
    assert stored_schema() == (HEAD, migrated_schema(by_alembic)), (
        "the migrations changed: run python -m app.core.store.database to store their schema")
    for engine in (stored, by_alembic):
        engine.dispose()


def test_a_file_with_tables_is_never_given_the_stored_schema(tmp_path, monkeypatch):
    engine = connect(tmp_path / "old.shotgraph")
    migrate(engine, "0001")
    upgrades = []
    import alembic.command

    real = alembic.command.upgrade
    monkeypatch.setattr(alembic.command, "upgrade",
                        lambda *a, **k: (upgrades.append(a[1]), real(*a, **k)))
    migrate(engine)
    assert upgrades == ["head"]
    assert _schema_of(engine)[1] == [("0006",)]
    engine.dispose()


def _kill_project(tmp_path):
    project = Project.create(tmp_path / "crash", stubs.registry())
    push = project.undo.push
    push(AddNode("t.items", {"items": [f"line {i}" for i in range(40)]}, node_id="src"))
    push(AddNode("t.blob", {"megabytes": 3, "work_ms": 40}, node_id="blob", title="Blob"))
    push(Connect(Edge("src", "items", "blob", "text")))
    project.close()
    return project


def _cli(args, **kw):
    env = dict(os.environ, SHOTGRAPH_NODE_MODULES="tests.core.stubs", PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def test_kill_9_mid_run_leaves_project_openable_and_cache_clean(tmp_path):
    project = _kill_project(tmp_path)
    media = project.media_dir
    proc = _cli(["run", str(project.folder), "--workers", "4"])
    # wait until artifacts are being written (a condition, not a fixed sleep)
    try:
        while len(list(media.glob("??/*.wav"))) < 5:
            assert proc.poll() is None, proc.stdout.read()
            os.sched_yield()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    reopened = Project.open(project.folder, stubs.registry())
    assert integrity_ok(reopened.engine)
    con = sqlite3.connect(reopened.db_path)
    rows = con.execute("select hash, path, size from artifact").fetchall()
    for digest, rel, size in rows:
        path = media / rel
        assert path.exists(), f"row {digest[:8]} points at a missing file"
        assert path.stat().st_size == size
    assert not list((media / "tmp").iterdir()), "temp files survived the sweep"
    on_disk = {p.relative_to(media).as_posix() for p in media.glob("??/*")}
    assert on_disk == {rel for _, rel, _ in rows}, "files without rows survived"
    status = con.execute("select status from run order by id desc limit 1").fetchone()[0]
    assert status == "interrupted"
    reopened.close()

    finish = _cli(["run", str(project.folder)])
    output, _ = finish.communicate(timeout=300)
    assert finish.returncode == 0, output
    final = Project.open(project.folder, stubs.registry())
    engine = Engine(final)
    assert engine.plan().dirty == []
    assert len(engine.load_output("blob", "audio")) == 40
