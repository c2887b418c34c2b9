"""Paid work is never paid twice: resume from the project's task journal, even after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.store.project import Project, ProjectTasks
from nodes.providers.kling import KlingVideo
from nodes.registry import NodeRegistry
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.providers.conftest import FAST

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kling(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    return start_fake(FakeKling, "kling")


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "episode", NodeRegistry())
    yield project
    project.close()


def test_resume_from_the_project_journal(kling, project, make_ctx, shot, still, out_dir):
    kling.steps = 4
    tasks = ProjectTasks(project)
    crashed = KlingVideo({**FAST, "deadline_s": 0.03})
    with pytest.raises(Exception, match="still"):
        crashed.animate(still, shot, 5, make_ctx(tasks=tasks), out_dir / "c.mp4")
    KlingVideo(FAST).animate(still, shot, 5, make_ctx(tasks=tasks), out_dir / "c.mp4")
    assert kling.count("submit") == 1
    assert (out_dir / "c.mp4").is_file()


def _start(folder: Path, still: Path, out: Path, interval: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.providers.kling_run",
            str(folder),
            str(still),
            str(out),
            interval,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_while_processing_then_rerun_pays_once(kling, project, still, out_dir):
    kling.steps = 10_000  # stays "processing" until we let it finish
    folder = project.folder
    first = _start(folder, still.path, out_dir / "c.mp4", "0.05")
    try:
        assert kling.wait_for("poll", 3), "the first run never polled"
        assert kling.tasks["task-0001"]["polls"] >= 2  # it was processing
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert first.returncode == -signal.SIGKILL
    assert ProjectTasks(project).find("kling", _only_fingerprint(project))[1] == "submitted"

    kling.steps = 0  # the task has finished meanwhile
    second = _start(folder, still.path, out_dir / "c.mp4", "0.02")
    stdout, stderr = second.communicate(timeout=30)
    assert second.returncode == 0, stderr
    assert "resuming task task-0001" in stdout and "DONE" in stdout
    assert kling.count("submit") == 1
    assert (out_dir / "c.mp4").read_bytes()[4:8] == b"ftyp"
    assert [p.name for p in out_dir.iterdir()] == ["c.mp4"]


def _only_fingerprint(project: Project) -> str:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.core.store.models import ProviderTaskRow

    with Session(project.engine) as session:
        [row] = session.scalars(select(ProviderTaskRow)).all()
        return row.fingerprint
