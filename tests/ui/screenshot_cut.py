"""Screenshots of the Timeline dock and the line recorder on the demo episode (a script).

Run under Xvfb with a real window:
    Xvfb :95 -screen 0 1600x1000x24 &
    DISPLAY=:95 QT_QPA_PLATFORM=xcb .venv/bin/python tests/ui/screenshot_cut.py [OUT_DIR]
It creates the demo project in a temporary folder and runs it (the episode included), sets
a fade through black and a flash on two cuts, rewrites one subtitle, puts the playhead in
shot 3, and saves the window and the Timeline dock; then opens the recorder on shot 2, fed
by an espeak-ng line through the file input at real-time pace, and saves it while
recording and after the take (default OUT_DIR: /tmp/shotgraph-cut).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shotgraph-cut")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="shotgraph-cut-"))
    os.environ["SHOTGRAPH_CONFIG_DIR"] = str(tmp / "config")
    from PySide6.QtCore import Qt, QTimer

    from app.ui import settings
    from app.ui.recorder import FileInput
    from app.ui.window import MainWindow, make_app
    from nodes.edit import SubtitleEdit
    from nodes.registry import default_registry
    from tests.ui.screenshot import demo_project

    app = make_app(sys.argv)
    settings.set_count_in(0)
    registry = default_registry()
    window = MainWindow(demo_project(tmp / "demo", registry), registry)
    # A full-height right column, as issue 15's layout has it, leaves the tracks their height.
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.resize(1600, 1000)
    window.move(0, 0)
    window.show()
    line = tmp / "line.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+m3", "-w", str(line),
                    "Ten years. I remember everything."], check=True)

    def save(widget, name: str) -> None:
        path = out / name
        widget.grab().save(str(path))
        print(f"saved {path}", file=sys.stderr)

    def after_run(result) -> None:
        print(f"run {result.status}; failed: {result.failed}", file=sys.stderr)
        window.run_settled.disconnect(after_run)
        pane = window.timeline
        pane.set_transition(1, "fade_black")
        pane.set_transition(4, "flash")
        pane.set_subtitles(3, [SubtitleEdit(text="With pleasure,"),
                               SubtitleEdit(text="sir.", start=1.0, end=1.4)])
        QTimer.singleShot(1500, timeline_shots)

    def timeline_shots() -> None:
        window.replan()
        window.docks["timeline"].raise_()
        window.docks["player"].raise_()
        cut = window.timeline.cut
        window.playhead.set(cut.shots[2].start + 1.2)
        window.timeline.select_shot(2)
        QTimer.singleShot(1500, lambda: (save(window, "window.png"),
                                         save(window.docks["timeline"], "timeline.png"),
                                         record()))

    def record() -> None:
        dialog = window.cut.record_line(1, FileInput(line, realtime=True))
        dialog.move(200, 120)
        dialog.record_button.click()
        QTimer.singleShot(1200, lambda: save(dialog, "recorder-recording.png"))
        dialog.recording_stopped.connect(lambda: QTimer.singleShot(
            600, lambda: (save(dialog, "recorder-take.png"), finish(dialog))))

    def finish(dialog) -> None:
        dialog.use_button.click()
        QTimer.singleShot(600, lambda: (save(dialog, "recorder-kept.png"), dialog.close(),
                                        window.close(), app.quit()))

    window.run_settled.connect(after_run)
    QTimer.singleShot(300, lambda: window.cut.make_cut(lambda path: None))
    app.exec()


if __name__ == "__main__":
    main()
