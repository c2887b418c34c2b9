"""Quitting (or opening another project) while a run is going asks, stops it, then goes on."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.graph import SetParam
from tests.ui.test_run import _chain


def _answer(text: str) -> None:
    """Click the button called ``text`` of the stop-the-run question once it is shown."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(0, click)


def _spinning_run(qtbot, window):
    items, suffix, join = _chain(window)
    window.session.push(SetParam(suffix, "spin_until_cancelled", True))
    window.run_all()
    qtbot.waitUntil(lambda: window.canvas.badge(suffix).state == "running", timeout=10_000)
    return suffix


def test_quit_during_a_run_stops_it_and_closes_without_a_traceback(qtbot, make_window, capfd):
    window = make_window()
    _spinning_run(qtbot, window)
    project = window.session.project
    _answer("Stop the run")
    with qtbot.waitSignal(window.runner.finished, timeout=10_000) as blocker:
        assert window.close() is False  # not yet: the run is stopping
    assert blocker.args[0].status == "cancelled"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.session is None and not window.runner.busy
    for _ in range(5):  # any late signal of the run would land now
        QApplication.processEvents()
    assert "Traceback" not in capfd.readouterr().err
    statuses = [r.status for r in project.node_runs(blocker.args[0].run_id)]
    assert "cancelled" in statuses


def test_keep_running_leaves_the_window_open(qtbot, make_window):
    window = make_window()
    _spinning_run(qtbot, window)
    _answer("Keep running")
    assert window.close() is False
    assert window.isVisible() and window.runner.busy
    with qtbot.waitSignal(window.run_settled, timeout=10_000):
        window.stop()
    assert window.isVisible()


def test_opening_another_project_during_a_run_stops_it_first(qtbot, make_window, tmp_path):
    from app.core.store.project import Project

    window = make_window()
    _spinning_run(qtbot, window)
    other = Project.create(tmp_path / "other", window.registry, name="Other")
    other.close()
    _answer("Stop the run")
    window.open_path(tmp_path / "other")
    qtbot.waitUntil(lambda: window.session.project.folder == tmp_path / "other", timeout=10_000)
    assert not window.runner.busy
