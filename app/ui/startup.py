"""When a launch painted its window and when its graph could be used, for ``bench/ui.py``.

Off unless ``SHOTGRAPH_STARTUP_REPORT`` names a file. Then the launch writes one JSON
line there: ``painted`` (wall-clock seconds, ``time.time()``, when the main window's
first paint had been flushed), ``interactive`` (when the canvas held every node of the
graph and the event queue had drained once after that), the canvas's node count and
which of the ``HEAVY`` modules were imported, and which of ``AFTER_PAINT`` were
already loaded at the first paint; then it quits. The bench takes the time before it starts the process, so the figures
run from exec, interpreter start-up and imports included.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "SHOTGRAPH_STARTUP_REPORT"
# What a start-up should not import (each loads when first needed): the report lists
# those that were.
HEAVY = ("cv2", "av", "c2pa", "alembic", "pysubs2", "opentimelineio", "pkg_resources",
         "app.media.export", "nodes.providers.catalog")
# What the first paint does without (each loads right after it, with the project's store):
# the report lists those that were loaded when the window was painted.
AFTER_PAINT = ("sqlalchemy", "numpy", "PIL", "multiprocessing", "app.core.engine",
               "app.core.store.project")


class _Watch(QObject):
    def __init__(self, window: Any, out: Path):
        super().__init__(window)
        self.window, self.out = window, out
        self.painted: float | None = None
        self.at_paint: list[str] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (self.painted is None and event.type() == QEvent.Type.Paint
                and isinstance(obj, QWidget) and obj.window() is self.window):
            self.painted = 0.0  # painting began; it is flushed when the queue next runs
            QTimer.singleShot(0, self._after_paint)
        return False

    def _after_paint(self) -> None:
        self.painted = time.time()
        self.at_paint = sorted(name for name in AFTER_PAINT if name in sys.modules)
        QApplication.instance().removeEventFilter(self)
        self._when_interactive()

    def _when_interactive(self) -> None:
        window = self.window
        session = getattr(window, "session", None)
        canvas = getattr(window, "canvas", None)
        wanted = len(session.graph.nodes) if session is not None else -1
        if canvas is None or not getattr(window, "started", True) or canvas.node_count() != wanted:
            QTimer.singleShot(5, self._when_interactive)
            return
        QTimer.singleShot(0, lambda: self._report(canvas.node_count()))

    def _report(self, nodes: int) -> None:
        line = {"painted": self.painted, "interactive": time.time(), "nodes": nodes,
                "heavy": sorted(name for name in HEAVY if name in sys.modules),
                "loaded_at_paint": self.at_paint}
        self.out.write_text(json.dumps(line) + "\n", encoding="utf-8")
        self.window.close()
        QApplication.instance().quit()


def watch(window: Any) -> None:
    """Report ``window``'s first paint and first interactive moment when asked to."""
    out = os.environ.get(ENV)
    if out:
        QApplication.instance().installEventFilter(_Watch(window, Path(out)))
