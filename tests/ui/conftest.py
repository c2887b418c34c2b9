"""UI test fixtures: offscreen Qt, a window on a temporary project, no leaked widgets."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported anywhere

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.ui import stubs  # noqa: E402

# No Python Qt message handler here (pytest-qt's capture is off too: ``--no-qt-log`` in
# pyproject): a media worker thread logging while the UI thread waits on it inside a
# QMediaPlayer call would need the GIL that thread holds (see app/ui/window.py
# QT_LOG_RULES).


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    """Keep QSettings (geometry, recent projects) out of the user's real config."""
    folder = tmp_path / "config"
    monkeypatch.setenv("SHOTGRAPH_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def registry():
    return stubs.registry()


def _flush_deletes() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


@pytest.fixture
def make_window(qtbot, tmp_path, registry):
    """``make_window(project=None, registry=None)`` opens a MainWindow; all are closed after.

    Fails the test if a top-level widget created meanwhile is still alive afterwards.
    """
    from app.core.store.project import Project
    from app.ui.window import MainWindow, make_app

    make_app([])
    before = {id(w) for w in QApplication.topLevelWidgets()}
    windows = []

    def make(project=None, reg=None):
        reg = reg or registry
        if project is None:
            folder = tmp_path / f"project{len(windows)}"
            project = Project.create(folder, reg, name="UI test")
        window = MainWindow(project, reg)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.session is not None:
            window.close()
        window.deleteLater()
    _flush_deletes()
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before]
    assert not leaked, f"leaked top-level widgets: {[type(w).__name__ for w in leaked]}"


def wait_run(qtbot, window, timeout=60_000):
    """Wait for the window's current run to finish and its panes to show it (signals, not
    sleeps), and for an export's copy to its destination (made on a worker thread after
    the run)."""
    if window.runner.busy or window.settling:
        with qtbot.waitSignal(window.run_settled, timeout=timeout):
            pass
    if getattr(window, "exporting", False):
        qtbot.waitUntil(lambda: not window.exporting, timeout=timeout)


def settle(qtbot, window):
    """Let queued canvas gestures and the debounced replan happen."""
    window.canvas.flush()
    window.replan()


def sample_png(path: Path, color=(200, 60, 60)) -> Path:
    from PIL import Image

    Image.new("RGB", (54, 96), color).save(path)
    return path


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """The three-shot project of ``tests/ui/cut.py``, run once for the session (stills,
    clips, voices, music, the episode). Tests open copies of it (``cut_window``)."""
    from app.core.engine import Engine
    from tests.ui import cut as cutlib

    folder = tmp_path_factory.mktemp("cut") / "three"
    project = cutlib.create(folder, cutlib.registry())
    result = Engine(project).execute()
    assert result.status == "done", result.failed
    project.close()
    return folder


@pytest.fixture
def cut_window(made, make_window, tmp_path):
    """A window on a fresh copy of the made three-shot project."""
    from app.core.store.project import Project
    from tests.ui import cut as cutlib

    reg = cutlib.registry()
    return make_window(Project.open(cutlib.copy_made(made, tmp_path / "three"), reg), reg)
