"""Saving the finished episode where the creator asked: never a half-written file, and
never on the UI thread (a copy of a long episode, its checksum and the settings write
take long enough to freeze the window).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.delivery.deliver import save_episode

__all__ = ["EPISODE_PORT", "EpisodeSaver", "episode_node", "save_episode"]

EPISODE_PORT = "episode"


def episode_node(session: Any) -> str | None:
    """The node that outputs the episode (the edit/export node), if the graph has one."""
    for nid, node in session.graph.nodes.items():
        node_type = session.registry.get(node.type_id)
        if any(p.name == EPISODE_PORT for p in node_type.outputs):
            return nid
    return None


class EpisodeSaver(QObject):
    """Copies an exported episode (with its subtitles and records) to its destination on
    a worker thread; ``done(written, error)`` arrives on the UI thread.

    The worker is started with the saver, not with each save: starting a thread makes the
    caller wait until the new thread has run, which needs the GIL, and at the end of an
    export that wait was the UI thread's longest stall (136 ms in ``bench/ui.py``'s
    heartbeat). A save only hands the job over.
    """

    done = Signal(list, str)  # the files written (the MP4 first), or [] and why not

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._pending = 0  # saves handed over and not finished
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._serve, name="save-episode", daemon=True)
        self._thread.start()
        jobs = self._jobs
        self.destroyed.connect(lambda *_: jobs.put(None))  # the worker ends with the saver

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def save(self, episode: Any, target: Path, then: Callable[[], None] = lambda: None) -> None:
        """Save ``episode`` to ``target``, then call ``then()`` (on the worker thread)."""

        def work() -> None:
            try:
                written = save_episode(episode, target)
                then()
            except (OSError, LookupError) as exc:
                self.done.emit([], str(exc))
                return
            except Exception as exc:  # a bug: logged, and the dialog still hears it ended
                logging.getLogger("shotgraph.ui").exception("saving %s failed", target)
                self.done.emit([], f"{type(exc).__name__}: {exc}")
                return
            self.done.emit(written, "")

        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._jobs.put(work)

    def wait(self) -> None:
        """Block until a save under way has finished (before the project closes)."""
        self._idle.wait()

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()
