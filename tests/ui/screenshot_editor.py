"""Screenshots of the editor at work on the demo project (a script, not a test).

Run under Xvfb with a real window:
    QT_QPA_PLATFORM=xcb xvfb-run -a .venv/bin/python tests/ui/screenshot_editor.py [OUT_DIR]
It saves, in OUT_DIR (default /tmp/shotgraph-editor):
  storyboard-live.png   the storyboard filling in while the run makes the stills
  shot-inspector.png    a shot clicked: the inspector and the shot-centred preview
  export-progress.png   the export dialog part-way through the Edit & Export node
  export-done.png       the finished export, with Play and Show in folder
  graph-zh.png          the whole editor switched to Simplified Chinese
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shotgraph-editor")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="shotgraph-editor-"))
    os.environ["SHOTGRAPH_CONFIG_DIR"] = str(tmp / "config")
    from PySide6.QtCore import QTimer

    from app.core.engine import ItemDone, Progress
    from app.core.graph import SetParam
    from app.core.templates import create_project
    from app.ui.window import MainWindow, make_app
    from nodes.registry import default_registry

    app = make_app(sys.argv)
    registry = default_registry()
    window = MainWindow(create_project(tmp / "demo", "demo", registry=registry), registry)
    window.resize(1600, 1000)
    window.show()
    state = {"live": False, "export": False}

    def save(name: str, screen: bool = False) -> None:
        """The window; with ``screen`` the whole screen (the export dialog is its own window)."""
        app.processEvents()
        picture = app.primaryScreen().grabWindow(0) if screen else window.grab()
        picture.save(str(out / name))
        print(f"saved {out / name}", file=sys.stderr)

    def on_event(event) -> None:
        still = window.storyboard.board.still_node
        if not state["live"] and isinstance(event, ItemDone) and event.node_id == still \
                and event.item_index >= 3 and not event.cached:
            state["live"] = True
            save("storyboard-live.png")
        episode = window.export_box.episode_node if window.export_box else ""
        if not state["export"] and isinstance(event, Progress) and event.node_id == episode \
                and event.fraction >= 0.3:
            state["export"] = True
            save("export-progress.png", screen=True)

    def after_run(result) -> None:
        print(f"run {result.status}", file=sys.stderr)
        if window._export_target is None and not state["export"]:
            QTimer.singleShot(300, inspect_shot)

    def inspect_shot() -> None:
        window.storyboard.select_shot(2)
        QTimer.singleShot(600, export)

    def export() -> None:
        save("shot-inspector.png")
        edit = next(n for n, node in window.session.graph.nodes.items()
                    if node.type_id == "edit.export")
        window.session.push(SetParam(edit, "subtitle_size", 72))  # so the export re-runs
        window.run_settled.disconnect(after_run)
        window.run_settled.connect(lambda *_: QTimer.singleShot(500, exported))
        window.export_to(tmp / "episode.mp4")

    def exported() -> None:
        save("export-done.png", screen=True)
        window.export_box.close()
        window.set_language("zh_CN")
        QTimer.singleShot(300, lambda: window.canvas.select(window.storyboard.board.still_node))
        QTimer.singleShot(900, chinese)

    def chinese() -> None:
        save("graph-zh.png")
        window.close()
        app.quit()

    window.runner.event.connect(on_event)
    window.run_settled.connect(after_run)
    QTimer.singleShot(500, window.run_all)
    app.exec()


if __name__ == "__main__":
    main()
