"""Runs the engine on a worker thread; its events reach the UI thread as Qt signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.core.engine import Engine, RunResult
from app.core.store.project import Project


class _Worker(QObject):
    """Lives on the worker thread; ``event`` is emitted from engine threads (queued)."""

    event = Signal(object)
    finished = Signal(object)

    def __init__(self, project: Project):
        super().__init__()
        self.engine = Engine(project, on_event=self.event.emit)
        self.budget: float | None = None  # set by Runner.start before each run

    @Slot(object)
    def run(self, targets: Any) -> None:
        try:
            result = self.engine.execute(targets=targets or None, budget=self.budget)
        except Exception as exc:  # the graph could not be planned; report, do not crash
            result = RunResult(0, "failed", {"": str(exc)})
        self.finished.emit(result)


class Runner(QObject):
    """Starts runs, forwards events, stops them. The UI thread never waits on a run."""

    event = Signal(object)
    started = Signal(object)
    finished = Signal(object)
    _request = Signal(object)

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("shotgraph-runner")
        self._worker = _Worker(project)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._worker.event.connect(self.event)
        self._worker.finished.connect(self._on_finished)
        self._thread.start()
        self.busy = False

    def start(self, targets: list[str] | None = None, budget: float | None = None) -> bool:
        """Run ``targets`` (and what they need), or the whole graph; False if one is running.

        With a ``budget`` the run stops before its paid calls would cost more.
        """
        if self.busy:
            return False
        self._worker.budget = budget
        self.busy = True
        self.started.emit(targets)
        self._request.emit(list(targets or []))
        return True

    def stop(self) -> None:
        """Ask the run to stop; the engine ends it within about a second."""
        if self.busy:
            self._worker.engine.cancel()

    def shutdown(self) -> None:
        """Stop any run and end the worker thread (before the project closes)."""
        self.stop()
        self._thread.quit()
        self._thread.wait()

    def _on_finished(self, result: RunResult) -> None:
        self.busy = False
        self.finished.emit(result)
