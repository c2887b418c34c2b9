"""Runs the engine off the UI thread; its events reach the UI thread as Qt signals.

``ProcessRunner`` (the editor's default with the built-in node types) runs it in a
child process (``app.core.run_apart``); ``Runner`` on a worker thread of this process
(for registries a child cannot rebuild, such as test stubs). Both have the same
signals and methods.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
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

    def warm(self) -> None:
        """Nothing to start ahead: the worker thread is already running."""

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


log = logging.getLogger(__name__)
QUIT_WAIT_S = 10.0  # a child asked to quit stops its run first (about a second)


class _Relay(QObject):
    """Lives on the UI thread; the reader thread's messages reach it queued."""

    message = Signal(object)


class ProcessRunner(QObject):
    """Runs in a child process, started on the first run and kept for the next ones.

    If the child dies (killed, out of memory), the run in progress ends as failed with
    what it finished kept (it was recorded as it went), and the next run starts a new
    child.
    """

    event = Signal(object)
    started = Signal(object)
    finished = Signal(object)

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.busy = False
        self._process: Any = None
        self._conn: Any = None
        self._reader: threading.Thread | None = None
        self._spawned = threading.Event()  # set once the reader has started the child
        self._relay = _Relay(self)
        self._relay.message.connect(self._on_message)

    def start(self, targets: list[str] | None = None, budget: float | None = None) -> bool:
        """Run ``targets`` (and what they need), or the whole graph; False if one is running."""
        if self.busy:
            return False
        if self.project.save_pending:  # the child reads the graph from the file
            try:
                self.project.save_graph()
            except Exception as exc:  # noqa: BLE001 - reported as the run's failure
                self.busy = True
                self.started.emit(targets)
                self._finish(RunResult(0, "failed", {"": f"the graph could not be saved: {exc}"}))
                return True
        self.busy = True
        self.started.emit(targets)
        try:
            self._ensure_child()
            self._conn.send(("run", list(targets or []), budget,
                             bool(self.project.allow_outside_files)))
        except (OSError, EOFError, ValueError) as exc:
            log.exception("could not start the run process")
            self._drop_child()
            self._finish(RunResult(0, "failed", {"": f"the run could not start: {exc}"}))
        return True

    def warm(self) -> None:
        """Start the child now, so the first run does not wait for it (about a second);
        a launch calls this once its window is up and idle."""
        if not self.busy:
            self._ensure_child()

    def stop(self) -> None:
        """Ask the run to stop; the engine ends it within about a second."""
        if self.busy and self._conn is not None:
            try:
                self._conn.send(("cancel",))
            except (OSError, EOFError, ValueError):
                pass  # the child is gone; its reader reports the end

    def shutdown(self) -> None:
        """Stop any run and end the child (before the project closes)."""
        if self._reader is not None:
            self._spawned.wait()  # a child being started is quit like any other
        process, conn = self._process, self._conn
        if process is None:
            self._drop_child()
            return
        try:
            conn.send(("quit",))
        except (OSError, EOFError, ValueError):
            pass
        process.join(QUIT_WAIT_S)
        if process.is_alive():
            log.warning("the run process did not stop in %.0f s; ending it", QUIT_WAIT_S)
            process.terminate()
            process.join(QUIT_WAIT_S)
        self._drop_child()

    # -- child ------------------------------------------------------------------------
    def _ensure_child(self) -> None:
        """A child to send the run to: the one there is, or a new one.

        The pipe is made here and the run request can go into it at once; the reader
        thread starts the process (a spawn costs the UI thread a quarter of a second on a
        busy machine), which then reads what waits in the pipe.
        """
        if self._spawned.is_set() and self._process is not None and self._process.is_alive():
            return
        if self._reader is not None and not self._spawned.is_set():
            return  # being started: the request waits in the pipe
        self._drop_child()
        context = multiprocessing.get_context("spawn")  # no fork of a process running Qt
        ours, theirs = context.Pipe()
        self._conn = ours
        self._spawned = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(context, ours, theirs),
                                        name="shotgraph-run-reader", daemon=True)
        self._reader.start()

    def _read(self, context: Any, conn: Any, theirs: Any) -> None:
        """The reader thread: starts the child, then hands every message from it, in
        order, to the UI thread."""
        from app.core import run_apart
        from nodes.registry import default_registry

        try:
            process = context.Process(
                target=run_apart.serve,
                args=(theirs, str(self.project.db_path), default_registry),
                name="shotgraph-run", daemon=True)
            process.start()
        except Exception as exc:  # noqa: BLE001 - no process: the run fails, with why
            log.exception("could not start the run process")
            self._spawned.set()
            self._post(("gone", None, f"not started: {exc}"))
            return
        finally:
            theirs.close()
        self._process = process
        self._spawned.set()
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                process.join(QUIT_WAIT_S)
                self._post(("gone", process, process.exitcode))
                return
            except Exception as exc:  # noqa: BLE001 - an unreadable message: log, go on
                log.warning("unreadable message from the run process: %s", exc)
                continue
            self._post(message)

    def _post(self, message: tuple) -> None:
        try:
            self._relay.message.emit(message)
        except RuntimeError:  # the window (and this runner) is gone: nobody to tell
            pass

    def _drop_child(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()  # its end of the pipe closes; the reader sees the end
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = self._reader = None

    @Slot(object)
    def _on_message(self, message: tuple) -> None:
        kind = message[0]
        if kind == "event":
            self.event.emit(message[1])
        elif kind == "finished":
            self._finish(message[1])
        elif kind == "gone":
            process, code = message[1], message[2]
            if process is not self._process:  # an earlier child's end, already dealt with
                return
            self._drop_child()
            if not self.busy:
                return
            if process is None:
                why = f"the run's process could not start ({code})"
            else:
                log.error("the run process ended during a run (exit code %s)", code)
                why = (f"the run's process stopped unexpectedly (exit code {code}); "
                       "what it finished is kept")
            self._finish(RunResult(0, "failed", {"": why}))

    def _finish(self, result: RunResult) -> None:
        self.busy = False
        self.finished.emit(result)


def make_runner(project: Project, registry: Any, parent: QObject | None = None) -> Any:
    """A ``ProcessRunner`` for the built-in node types (the child rebuilds them), else a
    ``Runner`` on a thread (a registry made in this process, e.g. tests' stubs)."""
    from nodes.registry import default_registry

    if registry is default_registry():
        return ProcessRunner(project, parent)
    return Runner(project, parent)
