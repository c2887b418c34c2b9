"""UI speed: process start to window shown (target < 2 s) and a 500-node graph onto the
canvas (target < 1.5 s). Run: .venv/bin/python bench/ui.py  (offscreen unless DISPLAY is set)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from app.ui import window as w
app = w.make_app(sys.argv)
from app.core.store.project import Project
from tests.core import stubs
win = w.MainWindow(Project.open({project!r}, stubs.registry()), stubs.registry())
win.show()
def shown():
    print("SHOWN", time.time(), flush=True)
    win.close()
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def chain(count: int) -> dict:
    nodes = [
        {
            "id": f"n{i}",
            "type": "t.suffix",
            "title": f"Suffix {i}",
            "position": [(i % 25) * 220, (i // 25) * 120],
            "params": {},
        }
        for i in range(count)
    ]
    edges = [[f"n{i}", "text", f"n{i + 1}", "text"] for i in range(count - 1) if (i + 1) % 25]
    return {"nodes": nodes, "edges": edges}


def startup_seconds(folder: Path) -> float:
    from app.core.store.project import Project
    from tests.core import stubs

    Project.create(folder / "small", stubs.registry(), name="bench", graph_data=chain(7)).close()
    code = CHILD.format(root=str(ROOT), project=str(folder / "small"))
    env = {**os.environ, "SHOTGRAPH_CONFIG_DIR": str(folder / "config")}
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("SHOWN")), None)
    if line is None:
        raise SystemExit(f"the window did not show:\n{out.stderr}")
    return float(line.split()[1]) - started


def canvas_seconds(folder: Path, count: int = 500) -> tuple[float, float]:
    os.environ["SHOTGRAPH_CONFIG_DIR"] = str(folder / "config")
    from app.core.store.project import Project
    from app.ui.canvas import CanvasBridge
    from app.ui.session import Session
    from app.ui.window import make_app
    from tests.core import stubs

    make_app([])
    project = Project.create(folder / "big", stubs.registry(), name="big", graph_data=chain(count))
    session = Session(project, stubs.registry())
    started = time.perf_counter()
    bridge = CanvasBridge(session)
    first = time.perf_counter() - started
    started = time.perf_counter()
    bridge.rebuild()
    again = time.perf_counter() - started
    assert bridge.node_count() == count
    bridge.widget.deleteLater()
    session.close()
    return first, again


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shown = startup_seconds(folder)
        print(f"process start -> window shown: {shown:.2f} s (target < 2 s)")
        first, again = canvas_seconds(folder)
        print(
            f"500 nodes onto the canvas: {first:.2f} s first build, {again:.2f} s rebuild "
            f"(target < 1.5 s)"
        )


if __name__ == "__main__":
    main()
