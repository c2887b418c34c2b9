"""A launch as a creator starts it (``python main.py PROJECT``), on the demo project: the
window paints, the whole graph is on the canvas, and nothing heavy was imported for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.core.templates import create_project
from nodes.registry import default_registry

ROOT = Path(__file__).resolve().parents[2]


def test_main_opens_the_demo_with_its_graph_and_loads_nothing_heavy(tmp_path):
    folder = tmp_path / "demo"
    with create_project(folder, "demo", default_registry()) as project:
        nodes = len(project.graph.nodes)
    report = tmp_path / "startup.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SHOTGRAPH_STARTUP_REPORT": str(report),
           "SHOTGRAPH_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "main.py", str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(report.read_text())
    assert got["nodes"] == nodes > 5
    assert 0 < got["painted"] <= got["interactive"]
    assert got["heavy"] == []  # OpenCV, PyAV, c2pa, alembic, ... load when first needed
    # and the store, NumPy and the run process only after the window was painted
    assert got["loaded_at_paint"] == []
