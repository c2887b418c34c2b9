"""Damaged, foreign and odd project files, replaced media, and two runs at once.

Every case uses real files: SQLite databases made by another program, random bytes,
truncated and corrupted project files, a schema from the future, media replaced on disk.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from app.core.engine import Engine
from app.core.graph import AddNode, Connect, Edge, SetParam
from app.core.store.database import APPLICATION_ID, integrity_ok
from app.core.store.project import Project, ProjectError, RunLocked
from tests.core import stubs


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def blob_project(tmp_path: Path, name: str = "p") -> Project:
    project = Project.create(tmp_path / name, stubs.registry())
    push = project.undo.push
    push(AddNode("t.items", {"items": ["one", "two"]}, node_id="src", title="Lines"))
    push(AddNode("t.blob", {"megabytes": 1, "work_ms": 0}, node_id="blob", title="Blob"))
    push(Connect(Edge("src", "items", "blob", "text")))
    return project


# -- what is a project ------------------------------------------------------------------


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    db = folder / "notes.shotgraph"
    con = sqlite3.connect(db)
    con.execute("create table notes (id integer primary key, text)")
    con.execute("insert into notes (text) values ('buy milk')")
    con.commit()
    con.close()
    before = _digest(db)
    with pytest.raises(ProjectError, match="not a ShotGraph project.*notes"):
        Project.open(folder, stubs.registry())
    assert _digest(db) == before
    assert sorted(p.name for p in folder.iterdir()) == ["notes.shotgraph"]  # no media/, WAL
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert tables == {"notes"}


def test_a_database_with_another_application_id_is_refused(tmp_path):
    db = tmp_path / "x.shotgraph"
    con = sqlite3.connect(db)
    con.execute("pragma application_id = 1234")
    con.execute("create table project (id)")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="another program's database"):
        Project.open(db, stubs.registry())


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (os.urandom(8192), "not an SQLite database"),
    (b"SQLite format 3\x00" + os.urandom(20), "not an SQLite database"),
], ids=["empty", "random", "header-then-random"])  # fixed ids: xdist workers must collect alike
def test_empty_and_random_files_are_refused(tmp_path, content, message):
    db = tmp_path / "bad.shotgraph"
    db.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        Project.open(db, stubs.registry())
    assert db.read_bytes() == content


def test_new_makes_a_project_of_an_empty_file_only(tmp_path):
    folder = tmp_path / "ep"
    folder.mkdir()
    (folder / "ep.shotgraph").write_bytes(b"")
    Project.create(folder, stubs.registry()).close()
    with Project.open(folder, stubs.registry()) as project:
        assert project.graph.nodes == {}
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(folder, stubs.registry())


def test_a_project_gets_our_application_id(tmp_path):
    blob_project(tmp_path).close()
    con = sqlite3.connect(tmp_path / "p" / "p.shotgraph")
    assert con.execute("pragma application_id").fetchone()[0] == APPLICATION_ID


def test_an_older_project_without_the_id_is_recognised_by_its_tables(tmp_path):
    blob_project(tmp_path).close()
    db = tmp_path / "p" / "p.shotgraph"
    con = sqlite3.connect(db)
    con.execute("pragma application_id = 0")
    con.commit()
    con.close()
    with Project.open(db, stubs.registry()) as project:
        assert set(project.graph.nodes) == {"src", "blob"}
    con = sqlite3.connect(db)
    assert con.execute("pragma application_id").fetchone()[0] == APPLICATION_ID


def test_a_schema_from_the_future_says_upgrade(tmp_path):
    blob_project(tmp_path).close()
    db = tmp_path / "p" / "p.shotgraph"
    con = sqlite3.connect(db)
    con.execute("update alembic_version set version_num = '0099'")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="schema 0099.*newer ShotGraph.*upgrade"):
        Project.open(db, stubs.registry())
    con = sqlite3.connect(db)
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0099"


def test_truncated_and_corrupted_project_files_are_refused_with_one_message(tmp_path):
    project = blob_project(tmp_path)
    Engine(project).execute()
    project.close()
    db = tmp_path / "p" / "p.shotgraph"
    data = db.read_bytes()
    assert len(data) > 8192
    db.write_bytes(data[: len(data) // 3])  # a copy that stopped part way
    with pytest.raises(ProjectError, match="p.shotgraph"):
        Project.open(db, stubs.registry())
    garbled = bytearray(data)
    garbled[100:4096] = os.urandom(3996)  # the schema page overwritten
    db.write_bytes(bytes(garbled))
    with pytest.raises(ProjectError, match="damaged|cannot"):
        Project.open(db, stubs.registry())


def test_a_node_type_this_version_lacks_is_refused_at_open(tmp_path):
    blob_project(tmp_path).close()
    con = sqlite3.connect(tmp_path / "p" / "p.shotgraph")
    con.execute("update node set type_id = 'from.the.future' where id = 'blob'")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="from.the.future.*upgrade"):
        Project.open(tmp_path / "p", stubs.registry())


# -- replaced media ----------------------------------------------------------------------


def _stored(project: Project, node_id: str) -> list[Path]:
    engine = Engine(project)
    return [m.path for m in engine.load_output(node_id, "audio")]


def test_a_cached_file_replaced_by_other_bytes_is_set_aside_and_made_again(tmp_path):
    project = blob_project(tmp_path)
    assert Engine(project).execute().status == "done"
    first, second = _stored(project, "blob")
    good = first.read_bytes()
    first.write_bytes(good[:-4] + b"XXXX")  # same size, same name, other bytes
    project.close()

    with Project.open(tmp_path / "p", stubs.registry()) as project:
        plan = Engine(project).plan()
        assert plan.nodes["blob"].dirty_items == [0]  # only the damaged item
        rel = first.relative_to(project.folder).as_posix()
        assert project.artifacts.damaged == [rel]
        aside = project.media_dir / "damaged" / first.name
        assert aside.read_bytes().endswith(b"XXXX")
        result = Engine(project).execute()
        assert result.status == "done" and result.ran == 1
        assert first.read_bytes() == good
        assert hashlib.sha256(first.read_bytes()).hexdigest() == first.stem


def test_a_touched_file_with_the_same_bytes_is_not_damaged(tmp_path):
    project = blob_project(tmp_path)
    Engine(project).execute()
    first, _ = _stored(project, "blob")
    stamp = first.stat().st_mtime_ns + 5_000_000_000
    os.utime(first, ns=(stamp, stamp))
    project.close()
    with Project.open(tmp_path / "p", stubs.registry()) as project:
        assert Engine(project).plan().dirty == []
        assert project.artifacts.damaged == []
        con = sqlite3.connect(project.db_path)
        assert stamp in {r[0] for r in con.execute("select mtime_ns from artifact")}


def test_a_shorter_replacement_is_caught_without_hashing(tmp_path, monkeypatch):
    project = blob_project(tmp_path)
    Engine(project).execute()
    first, _ = _stored(project, "blob")
    first.write_bytes(b"RIFF")
    import app.core.store.artifacts as artifacts

    def no_hashing(path):
        raise AssertionError("a size mismatch needs no hash")

    monkeypatch.setattr(artifacts, "file_sha256", no_hashing)
    assert not project.artifacts.intact(first.stem)
    project.close()


def test_reading_a_replaced_file_for_a_run_names_it(tmp_path):
    project = blob_project(tmp_path)
    Engine(project).execute()
    first, _ = _stored(project, "blob")
    first.write_bytes(b"not the take any more" * 100)
    from app.core.store.artifacts import DamagedArtifact

    project.artifacts._checked.clear()
    with pytest.raises(DamagedArtifact, match=f"media/{first.parent.name}/{first.name}"):
        project.artifacts.require(first.stem)
    project.close()


# -- imports: copied in when chosen, keyed on content, outside files asked for ----------


def _png(path: Path, colour: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (32, 24), colour).save(path)
    return path


def test_a_file_chosen_from_outside_is_copied_into_the_media_store(tmp_path):
    from nodes.registry import default_registry

    source = _png(tmp_path / "Recordings" / "face.png", "red")
    project = Project.create(tmp_path / "ep", default_registry())
    project.undo.push(AddNode("io.image", {"file": str(source)}, node_id="img"))
    named = project.graph.node("img").params["file"]
    assert named.startswith("media/") and str(tmp_path) not in named
    copy = project.folder / named
    assert copy.read_bytes() == source.read_bytes()
    assert project.outside_files() == []
    source.unlink()  # the project no longer needs the original
    result = Engine(project).execute()
    assert result.status == "done", result.failed
    image = Engine(project).load_output("img", "image")
    assert image.meta["source_name"] == "face.png"
    files, _ = project.artifacts.collect_garbage()
    assert copy.exists()  # a file a setting names is never garbage
    project.close()


def test_an_import_edited_in_place_runs_again(tmp_path):
    from nodes.registry import default_registry

    project = Project.create(tmp_path / "ep", default_registry())
    inside = _png(project.folder / "footage" / "board.png", "blue")
    project.undo.push(AddNode("io.image", {"file": str(inside)}, node_id="img"))
    assert project.graph.node("img").params["file"] == "footage/board.png"
    engine = Engine(project)
    engine.execute()
    assert engine.plan().dirty == []
    _png(inside, "green")  # same name, same folder, new picture
    assert engine.plan().dirty == ["img"]
    engine.execute()
    image = engine.load_output("img", "image")
    assert Image.open(image.path).getpixel((0, 0)) == (0, 128, 0)
    project.close()


def test_a_shared_project_pointing_outside_its_folder_reads_nothing_until_allowed(tmp_path):
    from nodes.registry import default_registry

    private = _png(tmp_path / "home" / "Recordings" / "secret.png", "purple")
    project = Project.create(tmp_path / "ep", default_registry())
    project.undo.prepare = None  # as a project made elsewhere arrives: the path as written
    project.undo.push(AddNode("io.image", {"file": str(private)}, node_id="img",
                              title="Import image"))
    project.close()

    with Project.open(tmp_path / "ep", default_registry()) as project:
        (found,) = project.outside_files()
        assert found.path == private and found.setting == "file"
        assert "secret.png" in str(found)
        result = Engine(project).execute()
        assert result.status == "failed"
        assert "outside this project's folder" in result.failed["img"]
        assert not list(project.media_dir.glob("??/*.png"))  # nothing was read or copied
        project.allow_outside_files = True
        assert Engine(project).execute().status == "done"


def test_copy_in_outside_files_is_one_undoable_edit(tmp_path):
    from nodes.registry import default_registry

    private = _png(tmp_path / "elsewhere" / "a.png", "red")
    project = Project.create(tmp_path / "ep", default_registry())
    project.undo.prepare = None
    project.undo.push(AddNode("io.image", {"file": str(private)}, node_id="img"))
    project.undo.prepare = project._import_chosen_files
    assert project.copy_in_outside_files() == []
    assert project.graph.node("img").params["file"].startswith("media/")
    project.undo.undo()
    assert project.graph.node("img").params["file"] == str(private)
    project.close()


# -- one run at a time ---------------------------------------------------------------------


def test_a_second_run_while_one_holds_the_lock_is_refused_naming_its_pid(tmp_path):
    project = blob_project(tmp_path)
    with project.run_lock():
        other = Project.open(tmp_path / "p", stubs.registry())
        with pytest.raises(RunLocked, match=f"pid {os.getpid()}"):
            Engine(other).execute()
        assert other.last_run_id() is None  # refused before anything was recorded
        other.close()
    assert Engine(project).execute().status == "done"  # free again afterwards
    assert integrity_ok(project.engine)
    project.close()


def test_set_param_through_the_store_still_validates(tmp_path):
    project = blob_project(tmp_path)
    with pytest.raises(Exception, match="megabytes"):
        project.undo.push(SetParam("blob", "megabytes", "lots"))
    project.close()
