"""The ``shotgraph`` command against a creator's own files, disks and habits.

Each case runs the real command in a subprocess and checks what a creator sees: the exit
code, one line saying what happened, never a ``Traceback``; then that the project still
opens with what was made before. Disks are real: a small tmpfs for a full disk, a tmpfs
remounted read-only; SIGINT is a real signal to the running process.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from app import cli
from app.core.engine import Engine
from app.core.graph import AddNode, Connect, Disconnect
from app.core.store.database import integrity_ok
from app.core.store.project import Project
from app.media.ffmpeg import ffmpeg_path
from nodes.registry import default_registry
from tests.disk import can_mount, fill, make_read_only, small_disk

ROOT = Path(__file__).resolve().parents[1]


def sg(*args: object, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The real command, as a creator runs it."""
    return subprocess.run([sys.executable, "-m", "app.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def said(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The one line the command ended with; checks the exit code and that no traceback
    reached the screen."""
    screen = done.stdout + done.stderr
    assert done.returncode == code, screen
    assert "Traceback" not in screen, screen
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines, screen
    return lines[-1]


def opens_intact(path: Path) -> Project:
    project = Project.open(path, default_registry())
    assert integrity_ok(project.engine)
    return project


def nothing_to_make(project: Project) -> bool:
    """Whether the episode and all it is made from are in the cache."""
    project.allow_outside_files = True
    return Engine(project).plan([project.graph.find("Edit & Export").id]).dirty == []


def invoke(*args: object) -> str:
    result = CliRunner().invoke(cli.cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _wav(path: Path, seconds: float = 3.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([ffmpeg_path(), "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=330:duration={seconds}", "-ac", "2", str(path)], check=True)
    return path


def short_demo(folder: Path) -> tuple[Path, list[str]]:
    """The demo as six one-second shots, exported as a draft (a real export in seconds)."""
    path = folder / "ep"
    invoke("new", path, "--template", "demo")
    invoke("set", path, "Script", "length_s", "30")
    invoke("run", path, "--only", "Shots")
    with Project.open(path, default_registry()) as project:
        shots = Engine(project).load_output(project.graph.find("Shots").id, "shots")
        ids = [s.id for s in shots]
    invoke("set", path, "Shots", "overrides", json.dumps({i: {"duration": 1} for i in ids}))
    invoke("set", path, "Edit & Export", "quality", "draft")  # not about the encoding
    return path, ids


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    """A short demo whose music is a file outside the project (as in a project someone
    shared: the setting holds their absolute path), exported once with it allowed."""
    root = tmp_path_factory.mktemp("reliable")
    path, ids = short_demo(root)
    theme = _wav(root / "home" / "Recordings" / "private theme.wav")
    with Project.open(path, default_registry()) as project:
        project.undo.prepare = None  # the path as a shared project holds it
        export = project.graph.find("Edit & Export").id
        old = project.graph.input_edge(export, "music")
        project.undo.push(Disconnect(old))
        project.undo.push(AddNode("music.import", {"file": str(theme)}, node_id="ownmusic",
                                  title="Music file"))
        project.undo.push(Connect(type(old)("ownmusic", "music", export, "music")))
    mp4 = root / "out" / "ep.mp4"
    invoke("run", path, "--allow-outside-files", "--export", mp4)
    return {"root": root, "path": path, "mp4": mp4, "theme": theme, "shots": ids}


# -- 6. privacy --------------------------------------------------------------------------


def test_a_project_naming_files_outside_its_folder_is_refused_with_the_list(episode):
    done = sg("run", episode["path"], "--export", episode["root"] / "again.mp4")
    line = said(done, 2)
    assert "outside its folder" in line and "--allow-outside-files" in line
    assert "Music file" in done.stderr and "private theme.wav" in done.stderr
    assert not (episode["root"] / "again.mp4").exists()


def test_the_provenance_record_and_export_hold_no_local_paths(episode):
    record = episode["mp4"].with_suffix(".provenance.json").read_text()
    assert str(episode["root"]) not in record and "Recordings" not in record
    assert not re.search(r'"(/(home|root|tmp|usr|mnt|Users)/|~/|[A-Za-z]:\\\\)', record)
    assert "private theme.wav" in record  # the base name, as io.py promises
    delivered = sorted(episode["mp4"].parent.iterdir())  # MP4, SRT, records beside it
    assert len(delivered) >= 3
    for file in delivered:
        data = file.read_bytes()
        assert str(episode["root"]).encode() not in data, file.name
        assert b"Recordings" not in data, file.name


# -- 1. export targets -----------------------------------------------------------------------


def _targets(episode) -> dict[str, Path]:
    path = episode["path"]
    notes = episode["root"] / "notes.mp4"
    notes.write_text("my shopping list, not a video\n")
    link = episode["root"] / "link.mp4"
    if not link.exists():
        link.symlink_to(path / "ep.shotgraph")
    stored = next((path / "media").glob("??/*.png"))
    return {
        "project file": path / "ep.shotgraph",
        "its WAL": path / "ep.shotgraph-wal",
        "its SHM": path / "ep.shotgraph-shm",
        "a media file": stored,
        "new name in media": path / "media" / "episode.mp4",
        "a text file": notes,
        "a link to the project": link,
        "a folder": episode["root"] / "out",
    }


@pytest.mark.parametrize("what", ["project file", "its WAL", "its SHM", "a media file",
                                  "new name in media", "a text file",
                                  "a link to the project", "a folder"])
def test_an_export_target_that_would_destroy_something_is_refused(episode, what):
    target = _targets(episode)[what]
    before = target.read_bytes() if target.is_file() else None
    db = episode["path"] / "ep.shotgraph"
    db_before = hashlib.sha256(db.read_bytes()).hexdigest()
    args = ["run", episode["path"], "--allow-outside-files", "--export", target]
    if what in ("project file", "a text file"):  # the real command, as a creator runs it
        line = said(sg(*args), 2)
    else:  # the same command in this process (quicker; same exit code and message)
        result = CliRunner().invoke(cli.cli, [str(a) for a in args])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        line = result.output.strip().splitlines()[-1]
    assert line.startswith("error: not exporting there:")
    if before is not None:
        assert target.read_bytes() == before
    assert hashlib.sha256(db.read_bytes()).hexdigest() == db_before
    with opens_intact(episode["path"]) as project:
        assert nothing_to_make(project)  # everything made is still there


# -- 2. the cache checks what it serves ---------------------------------------------------


def _frame(mp4: Path, t: float) -> np.ndarray:
    raw = subprocess.run([ffmpeg_path(), "-v", "error", "-ss", f"{t:.3f}", "-i", str(mp4),
                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(1920, 1080, 3)


def test_a_replaced_still_is_made_again_not_exported_magenta(episode):
    path, root = episode["path"], episode["root"]
    with Project.open(path, default_registry()) as project:
        project.allow_outside_files = True
        stills = Engine(project).load_output(project.graph.find("Stills").id, "image")
        first = stills[0].path
    from PIL import Image

    Image.new("RGB", Image.open(first).size, (255, 0, 255)).save(first)  # same name
    # a new line for that shot: its segment is rendered again, from its still
    overrides = {i: {"duration": 1} for i in episode["shots"]}
    overrides[episode["shots"][0]]["line"] = "Not magenta."
    invoke("set", path, "Shots", "overrides", json.dumps(overrides))
    again = root / "again" / "ep.mp4"
    done = sg("run", path, "--allow-outside-files", "--export", again)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    rel = first.relative_to(path).as_posix()
    assert f"warning: {rel} had been changed on disk" in done.stderr
    assert hashlib.sha256(first.read_bytes()).hexdigest() == first.stem
    centre = (slice(500, 1000), slice(200, 880))  # above the subtitle
    before, after = _frame(episode["mp4"], 0.5)[centre], _frame(again, 0.5)[centre]
    magenta = np.array([255, 0, 255])
    assert np.abs(after.reshape(-1, 3).mean(0) - magenta).mean() > 60
    assert np.abs(after.astype(int) - before.astype(int)).mean() < 6


def test_a_replaced_episode_is_made_again_with_its_labels(episode):
    path, root = episode["path"], episode["root"]
    with Project.open(path, default_registry()) as project:
        project.allow_outside_files = True
        engine = Engine(project)
        made = engine.load_output(project.graph.find("Edit & Export").id, "episode")
        clip = engine.load_output(project.graph.find("Clips").id, "clip")[1]
    made.path.write_bytes(clip.path.read_bytes())  # another clip, no labels, same name
    out = root / "third" / "ep.mp4"
    done = sg("run", path, "--allow-outside-files", "--export", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{made.path.relative_to(path).as_posix()} had been changed on disk" in done.stderr
    exported = hashlib.sha256(out.read_bytes()).hexdigest()
    assert exported != hashlib.sha256(clip.path.read_bytes()).hexdigest()
    with Project.open(path, default_registry()) as project:
        project.allow_outside_files = True
        remade = Engine(project).load_output(project.graph.find("Edit & Export").id, "episode")
        assert exported == remade.hash  # what was exported is the episode made anew
    verified = sg("verify", out)
    assert verified.returncode == 0, verified.stdout + verified.stderr


# -- 3. full disk, read-only disk ----------------------------------------------------------


def test_a_full_disk_during_the_export_copy_says_so_and_leaves_nothing(episode, tmp_path):
    with small_disk(tmp_path / "stick", 256) as stick:
        line = said(sg("run", episode["path"], "--allow-outside-files", "--export",
                       stick / "ep.mp4"), 1)
        assert "the disk is full" in line and "nothing was left half-written" in line
        assert list(stick.iterdir()) == []
    with opens_intact(episode["path"]) as project:
        assert nothing_to_make(project)


def test_a_full_disk_under_the_project_stops_the_run_and_keeps_what_was_made(tmp_path):
    with small_disk(tmp_path / "disk", 12 * 1024) as disk:
        path = disk / "ep"
        invoke("new", path, "--template", "demo")
        invoke("run", path, "--only", "Script")
        filler = fill(disk, leave_kb=48)
        line = said(sg("run", path, "--only", "Stills"), 1)
        assert "the disk is full" in line
        filler.unlink()
        with opens_intact(path) as project:
            plan = Engine(project).plan([project.graph.find("Stills").id])
            assert not plan.nodes[project.graph.find("Script").id].dirty
            assert not list((path / "media" / "tmp").iterdir())  # no half-written file
        done = sg("run", path, "--only", "Stills")
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_read_only_project_says_so_in_one_line(tmp_path):
    with small_disk(tmp_path / "ro", 8 * 1024) as disk:
        path = disk / "ep"
        invoke("new", path, "--template", "demo")
        make_read_only(disk)
        for command in (["run", path], ["set", path, "Stills", "seed", "4"]):
            line = said(sg(*command), 2)
            assert "read-only" in line and "ep.shotgraph" in line


# -- 3./4. project files that are damaged, foreign or from the future ----------------------


def _damaged(kind: str, folder: Path) -> Path:
    folder.mkdir()
    db = folder / "ep.shotgraph"
    if kind == "random bytes":
        db.write_bytes(os.urandom(64 * 1024))
    elif kind == "empty file":
        db.write_bytes(b"")
    elif kind == "another app's database":
        con = sqlite3.connect(db)
        con.execute("create table contacts (name, phone)")
        con.execute("insert into contacts values ('Ann', '555')")
        con.commit()
        con.close()
    elif kind == "newer schema":
        Project.create(folder, default_registry()).close()
        con = sqlite3.connect(db)
        con.execute("update alembic_version set version_num = '0042'")
        con.commit()
        con.close()
    return db


@pytest.mark.parametrize("kind, message", [
    ("random bytes", "not a ShotGraph project (it is not an SQLite database)"),
    ("empty file", "is an empty file"),
    ("another app's database", "not a ShotGraph project (contacts)"),
    ("newer schema", "made by a newer ShotGraph"),
])
def test_a_project_file_that_is_not_ours_gives_one_line_and_is_untouched(tmp_path, kind,
                                                                        message):
    db = _damaged(kind, tmp_path / "ep")
    before = db.read_bytes()
    line = said(sg("run", tmp_path / "ep"), 2)
    assert message in line
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name != "logs") in (
        ["ep.shotgraph"], [".shotgraph.lock", "ep.shotgraph", "media"])


# -- 3. Ctrl+C ------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_sigint_stops_the_run_cleanly_exits_130_and_keeps_what_was_made(tmp_path, signum):
    path = tmp_path / "ep"
    invoke("new", path, "--template", "demo")
    invoke("run", path, "--only", "Stills")
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "run", str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    clips_started = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            seen.append(line)
            if line.startswith("start  Clips"):
                clips_started.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert clips_started.wait(300), "".join(seen)
    proc.send_signal(signum)
    out = proc.stdout.read()
    proc.wait(120)
    reader.join(30)
    screen = out + "".join(seen)
    assert proc.returncode == 130, screen
    assert "Traceback" not in screen
    last = [line for line in seen if line.strip()][-1]
    assert last.startswith("stopped: interrupted: run 2 stopped; what finished is kept")
    assert not list((path / "media" / "tmp").iterdir())  # no half-written file left
    with opens_intact(path) as project:
        con = sqlite3.connect(project.db_path)
        assert con.execute("select status from run where id = 2").fetchone()[0] == "cancelled"
        plan = Engine(project).plan()
        stills = project.graph.find("Stills").id
        assert not plan.nodes[stills].dirty  # the earlier run's stills are intact


# -- 3. hostile text ------------------------------------------------------------------------


def test_a_nul_byte_in_a_shots_line_is_removed_not_a_crash(tmp_path):
    path = tmp_path / "ep"
    invoke("new", path, "--template", "demo")
    line = json.dumps({"s1": {"line": "You\u0000 should\u001b[31m be dead."}})
    invoke("set", path, "Shots", "overrides", line)
    done = sg("run", path, "--only", "Voices")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    with opens_intact(path) as project:
        shots = Engine(project).load_output(project.graph.find("Shots").id, "shots")
        assert shots[0].line == "You should[31m be dead."


# -- 8. one run at a time --------------------------------------------------------------------


def test_a_second_run_is_refused_while_one_holds_the_project(tmp_path):
    path = tmp_path / "ep"
    project = Project.create(path, default_registry())
    project.undo.push(AddNode("io.text", {"text": "a premise"}, node_id="premise"))
    with project.run_lock():
        line = said(sg("run", path), 1)
        assert f"another run (pid {os.getpid()}) is using this project" in line
    project.close()
    assert sg("run", path).returncode == 0


@pytest.mark.skipif(can_mount(), reason="runs where the user cannot mount (chmod applies)")
def test_a_read_only_folder_without_root(tmp_path):  # pragma: no cover - non-root CI
    path = tmp_path / "ep"
    invoke("new", path, "--template", "demo")
    for item in [path, *path.rglob("*")]:
        item.chmod(0o555 if item.is_dir() else 0o444)
    try:
        line = said(sg("run", path), 2)
        assert "read-only" in line or "no permission" in line
    finally:
        for item in [path, *path.rglob("*")]:
            item.chmod(0o755 if item.is_dir() else 0o644)


def test_set_copies_a_chosen_file_into_the_project(tmp_path, monkeypatch):
    from PIL import Image

    path = tmp_path / "ep"
    with Project.create(path, default_registry()) as project:
        project.undo.push(AddNode("io.image", {}, node_id="img", title="Face"))
    picture = tmp_path / "Pictures" / "face.png"
    picture.parent.mkdir()
    Image.new("RGB", (20, 10), "blue").save(picture)
    monkeypatch.chdir(picture.parent)  # a name relative to where the command runs
    output = invoke("set", path, "Face", "file", "face.png")
    assert "(saved)" in output
    with opens_intact(path) as project:
        named = project.graph.node("img").params["file"]
        assert named.startswith("media/") and project.outside_files() == []
        assert (path / named).read_bytes() == picture.read_bytes()
