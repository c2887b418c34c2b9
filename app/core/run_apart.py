"""The editor's runs in a process of their own (no Qt here): the child's side.

A run's node work is Python-heavy (drawing, mixing, probing) on up to four engine
threads. In the editor's process those threads and the UI thread share one GIL, and the
UI thread, coming back from every call into Qt, waits its turn behind them: bench/ui.py
measured stalls of half a second and more while the demo exported. Here the engine runs
in a child process, so the UI thread only shares its GIL with the thread that relays
the run's events, and the child runs at a lower priority, so the cores go to the UI
first when both want them.

The parent (``app.ui.runner.ProcessRunner``) starts :func:`serve` with the spawn method,
giving it the function that makes its node registry (pickled by name, so the child
imports it: this floor names no node family), and talks to it over one
``multiprocessing`` pipe:

- parent → child: ``("run", targets, budget, allow_outside_files)``, ``("cancel",)``,
  ``("quit",)``;
- child → parent: ``("event", Event)`` for every engine event, then
  ``("finished", RunResult)`` once per run.

The child opens the project afresh for every run, so it always runs the graph the
editor last saved, and closes it after. Both processes use the one SQLite file (WAL)
and the one media folder; the project's run lock keeps a second run out as before.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core import logs
from app.core.engine import Engine, RunResult

log = logging.getLogger(__name__)
# The run's threads yield the cores to the editor when both want them (nothing changes
# on an idle machine): with the run at the editor's priority, a 0.1 s UI task waited
# behind the encoders for most of a second (bench/ui.py heartbeat).
RUN_NICENESS = 10


class _Child:
    def __init__(self, conn: Any, db_path: Path, make_registry: Callable[[], Any]):
        self.conn = conn
        self.db_path = db_path
        self.make_registry = make_registry
        self._send_lock = threading.Lock()
        self.engine: Engine | None = None
        self.thread: threading.Thread | None = None

    def send(self, message: tuple) -> None:
        with self._send_lock:  # engine threads emit at once; a pipe takes one at a time
            try:
                self.conn.send(message)
            except (OSError, EOFError):  # the editor went away: the run stops at its next check
                if self.engine is not None:
                    self.engine.cancel()

    def serve(self) -> None:
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):  # the editor is gone: stop what runs, then leave
                message = ("quit",)
            if message[0] == "run":
                self._start(*message[1:])
            elif message[0] == "cancel":
                if self.engine is not None:
                    self.engine.cancel()
            elif message[0] == "quit":
                if self.engine is not None:
                    self.engine.cancel()
                if self.thread is not None:
                    self.thread.join()
                return

    def _start(self, targets: list[str], budget: float | None, allow_outside: bool) -> None:
        if self.thread is not None:
            self.thread.join()  # the parent waits for "finished"; this is only a guard
        self.thread = threading.Thread(
            target=self._run, args=(targets, budget, allow_outside), name="shotgraph-run")
        self.thread.start()

    def _run(self, targets: list[str], budget: float | None, allow_outside: bool) -> None:
        from app.core.store.project import Project

        result: RunResult
        project = None
        try:
            project = Project.open(self.db_path, self.make_registry())
            project.allow_outside_files = allow_outside
            self.engine = Engine(project, on_event=lambda e: self.send(("event", e)))
            result = self.engine.execute(targets=targets or None, budget=budget)
        except Exception as exc:  # could not open or plan: the editor shows it as a failed run
            log.exception("run in the run process failed")
            result = RunResult(0, "failed", {"": logs.redact(str(exc))})
        finally:
            if project is not None:
                project.close()
        self.send(("finished", result))


def serve(conn: Any, db_path: str, make_registry: Callable[[], Any]) -> None:
    """The child process's main: run what the editor asks, until it says quit.

    ``make_registry()`` gives the node types its projects use (the built-in ones).
    """
    if hasattr(os, "nice"):  # POSIX; Windows keeps the normal priority
        os.nice(RUN_NICENESS)
    logs.install_app_log()
    logs.log_uncaught_exceptions()
    _Child(conn, Path(db_path), make_registry).serve()
