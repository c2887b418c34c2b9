"""Screenshot of the editor on the demo project (a script, not a test).

Run under Xvfb with a real window:
    QT_QPA_PLATFORM=xcb xvfb-run -a .venv/bin/python tests/ui/screenshot.py [out.png]
It creates the demo project in a temporary folder, runs it, fills the storyboard,
previews the stills and saves a PNG (default: /tmp/shotgraph-screenshot.png). Node types
of the template that do not exist yet are left out (and named on stderr).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")


def demo_project(folder: Path, registry):
    from app.core.store.project import Project
    from app.core.templates import graph_from_template, load_template

    data = load_template("demo")
    missing = {n["type"] for n in data["nodes"] if n["type"] not in registry}
    if missing:
        print(f"left out (not implemented yet): {', '.join(sorted(missing))}", file=sys.stderr)
    kept = [n for n in data["nodes"] if n["type"] not in missing]
    ids = {n["id"] for n in kept}
    data = {"nodes": kept, "edges": [e for e in data["edges"] if e[0] in ids and e[2] in ids]}
    return Project.create(
        folder, registry, name="The Engagement Night", graph_data=graph_from_template(data)
    )


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shotgraph-screenshot.png")
    tmp = Path(tempfile.mkdtemp(prefix="shotgraph-shot-"))
    os.environ["SHOTGRAPH_CONFIG_DIR"] = str(tmp / "config")
    from PySide6.QtCore import QTimer

    from app.ui.window import MainWindow, make_app
    from nodes.registry import default_registry

    app = make_app(sys.argv)
    registry = default_registry()
    window = MainWindow(demo_project(tmp / "demo", registry), registry)
    window.resize(1600, 1000)
    window.show()

    def after_run(result) -> None:
        print(f"run {result.status}; failed: {result.failed}", file=sys.stderr)
        still = window.storyboard.board.still_node
        if still:
            window.canvas.select(still)
        window.canvas.frame_all()
        QTimer.singleShot(800, save)

    def save() -> None:
        window.grab().save(str(out))
        print(f"saved {out}")
        window.close()
        app.quit()

    window.run_settled.connect(after_run)
    QTimer.singleShot(300, window.run_all)
    app.exec()


if __name__ == "__main__":
    main()
