"""app/core, app/media, app/delivery, nodes and the CLI never import Qt (DESIGN §3): checked by importing them all
in a fresh interpreter where any Qt import raises."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import importlib, pkgutil, sys

BLOCKED = ("PySide6", "PySide2", "PyQt5", "PyQt6", "Qt", "NodeGraphQt", "shiboken6", "app.ui")

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED or name.startswith("app.ui"):
            raise ImportError(f"Qt-free code imported {name}")
        return None

sys.meta_path.insert(0, Blocker())
import app.cli, app.core, app.delivery, app.media, nodes
names = ["app.cli"]
for package in (app.core, app.media, app.delivery, app.cli, nodes):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".migrations" not in info.name and not info.name.endswith("__main__"):
            names.append(info.name)
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_core_nodes_and_cli_import_without_qt():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.strip().splitlines()[-1]) > 15


def test_the_probe_itself_catches_a_qt_import(tmp_path):
    bad = tmp_path / "bad_module.py"
    bad.write_text("import PySide6\n")
    probe = PROBE.replace('names = ["app.cli"]', 'names = ["app.cli", "bad_module"]')
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env={"PYTHONPATH": f"{tmp_path}:{ROOT}"})
    assert result.returncode != 0
    assert "Qt-free code imported PySide6" in result.stderr
