"""Saving the finished episode where the creator asked: never a half-written file, and
never on the UI thread (a copy of a long episode, its checksum and the settings write
take long enough to freeze the window).
"""

from __future__ import annotations

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
    a worker thread; ``done(written, error)`` arrives on the UI thread."""

    done = Signal(list, str)  # the files written (the MP4 first), or [] and why not

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def save(self, episode: Any, target: Path, then: Callable[[], None] = lambda: None) -> None:
        """Save ``episode`` to ``target``, then call ``then()`` (on the worker thread)."""

        def work() -> None:
            try:
                written = save_episode(episode, target)
                then()
            except (OSError, LookupError) as exc:
                self.done.emit([], str(exc))
                return
            self.done.emit(written, "")

        self._thread = threading.Thread(target=work, name="save-episode", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Block until a save under way has finished (before the project closes)."""
        if self._thread is not None:
            self._thread.join()
