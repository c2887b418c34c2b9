"""The log files: per project and for the app, rotated, with tracebacks, secrets masked."""

from __future__ import annotations

import logging

from app.core import logs
from app.core.store.project import Project
from tests.core import stubs


def test_a_project_has_its_own_log_while_it_is_open(tmp_path):
    project = Project.create(tmp_path / "ep", stubs.registry())
    assert project.log_path == (tmp_path / "ep" / "logs" / "shotgraph.log").resolve()
    assert logs.current_log() == project.log_path
    try:
        raise ValueError("something broke")
    except ValueError:
        logging.getLogger("shotgraph.test").exception("while testing")
    project.close()
    logging.getLogger("shotgraph.test").error("after close")
    text = project.log_path.read_text()
    assert "Traceback (most recent call last)" in text and "ValueError: something broke" in text
    assert "after close" not in text


def test_logs_rotate(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    folder = tmp_path / "p"
    path = logs.open_project_log(folder)
    try:
        for i in range(200):
            logging.getLogger("shotgraph.test").warning("line %d %s", i, "x" * 40)
    finally:
        logs.close_project_log(folder)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == ["shotgraph.log", "shotgraph.log.1", "shotgraph.log.2", "shotgraph.log.3"]
    assert path.stat().st_size <= 2000 + 200


def test_secrets_never_reach_a_log_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", "sk-verysecret-123456")
    folder = tmp_path / "p"
    path = logs.open_project_log(folder)
    try:
        logging.getLogger("shotgraph.test").error(
            "request failed: key sk-verysecret-123456, Authorization: Bearer abc.def.ghi")
    finally:
        logs.close_project_log(folder)
    text = path.read_text()
    assert "sk-verysecret" not in text and "abc.def.ghi" not in text
    assert text.count("[redacted]") == 2


def test_an_unwritable_log_is_skipped_not_fatal(tmp_path):
    blocker = tmp_path / "p"
    blocker.mkdir()
    (blocker / "logs").write_text("a file where the folder should be")
    assert logs.open_project_log(blocker) is None
