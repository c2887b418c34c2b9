"""Screenshot of the storyboard's take picker with a take comparison open (a script).

Run under Xvfb with a real window:
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1920x1080x24" \\
        .venv/bin/python tests/ui/screenshot_takes.py [out.png]
It creates the demo project in a temporary folder, makes the stills and clips, regenerates
the first shot's still twice, selects that shot, opens the comparison of two of its takes
and saves a PNG of the screen (default: /tmp/shotgraph-takes.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

SHOT = 0  # the first shot (offline stills of some shots hardly change with the seed)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shotgraph-takes.png")
    tmp = Path(tempfile.mkdtemp(prefix="shotgraph-takes-"))
    os.environ["SHOTGRAPH_CONFIG_DIR"] = str(tmp / "config")
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QGuiApplication

    from app.core import takes
    from app.ui.window import MainWindow, make_app
    from nodes.registry import default_registry
    from tests.ui.screenshot import demo_project

    app = make_app(sys.argv)
    registry = default_registry()
    window = MainWindow(demo_project(tmp / "demo", registry), registry)
    window.resize(1900, 1050)
    window.move(0, 0)
    window.show()
    steps = ["first run", "take 1", "take 2"]

    def clips_node() -> str:
        board = window.storyboard.board
        return board.clip_node or board.still_node

    def run_clips() -> None:
        # the stills and clips are what the storyboard shows; the export is not needed here
        window.storyboard.refresh()
        if not window._start([clips_node()] if clips_node() else None):
            print("could not start a run", file=sys.stderr)
            app.quit()

    def after_run(result) -> None:
        step = steps.pop(0)
        print(f"{step}: run {result.status}, {result.ran} ran; failed: {result.failed}",
              file=sys.stderr)
        board = window.storyboard
        if steps:
            takes.regenerate(window.session.engine, board.board.still_node, SHOT)
            QTimer.singleShot(0, run_clips)
            return
        board.list.setCurrentRow(SHOT)
        window.canvas.select(board.board.still_node)
        window.canvas.frame_all()
        window.docks["storyboard"].raise_()
        dialog = board.takes.open_compare()
        if dialog is None:
            print("no comparison: fewer than two takes", file=sys.stderr)
        else:
            dialog.resize(700, 600)
            dialog.move(window.mapToGlobal(QPoint(420, 36)))
        QTimer.singleShot(1500, save)

    def save() -> None:
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(0).save(str(out))
        print(f"saved {out}")
        window.close()
        app.quit()

    window.run_settled.connect(after_run)
    QTimer.singleShot(300, run_clips)
    app.exec()


if __name__ == "__main__":
    main()
