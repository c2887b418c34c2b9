"""Moving previews of offline clips, made when a pane shows one.

An offline Ken Burns clip (and its lip-synced version) is stored as a recipe and a
poster; its moving preview is rendered the first time someone plays it, off the UI
thread, then kept in the project's cache (``app.media.kenburns.preview_clip``). A pane
plays the poster at once and switches to the preview when it is ready::

    path = previews.playable(media, lambda ready: player.setSource(QUrl.fromLocalFile(ready)))
    player.setSource(QUrl.fromLocalFile(str(path)))
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.core.node_api import Cancelled, Media
from app.media.kenburns import has_preview_on_demand, preview_clip
from app.ui.session import Session

log = logging.getLogger(__name__)


class _PreviewJob(QRunnable):
    class Signals(QObject):
        done = Signal(str, str)  # clip hash, the preview's path ("" when it failed)

    def __init__(self, session: Session, media: Media, stop: threading.Event):
        super().__init__()
        self.session, self.media, self.stop = session, media, stop
        self.signals = self.Signals()

    def run(self) -> None:
        store = self.session.project.artifacts
        try:
            path = preview_clip(self.media, store.require, store.derive, self.stop.is_set)
        except Cancelled:  # the pane went away: nothing to show, nothing wrong
            path = ""
        except Exception:  # a failed preview leaves the poster playing: log, never raise
            log.warning("making the preview of clip %s failed", self.media.hash[:12],
                        exc_info=True)
            path = ""
        self.signals.done.emit(self.media.hash, str(path))


class ClipPreviews(QObject):
    """Hands a pane the file to play for a clip, making an offline clip's preview on demand."""

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._wanted = ""  # the clip whose preview the pane waits for (newest ask wins)
        self._on_ready: Callable[[Path], None] | None = None
        self._jobs: dict[str, _PreviewJob] = {}
        self._stop = threading.Event()
        self.destroyed.connect(self._stop.set)

    def playable(self, media: Media, on_ready: Callable[[Path], None]) -> Path:
        """The file to play now: ``media``'s own, which for an offline clip is its poster;
        then ``on_ready(preview)`` on the UI thread once the moving preview exists."""
        self.forget()
        if not has_preview_on_demand(media.meta):
            return media.path
        self._wanted, self._on_ready = media.hash, on_ready
        if media.hash not in self._jobs:
            job = _PreviewJob(self.session, media, self._stop)
            job.signals.done.connect(self._done)
            self._jobs[media.hash] = job
            QThreadPool.globalInstance().start(job)
        return media.path

    def forget(self) -> None:
        """The pane shows something else: a preview that gets ready is only kept."""
        self._wanted, self._on_ready = "", None

    def busy(self) -> bool:
        """Whether a preview is still being made."""
        return bool(self._jobs)

    def _done(self, clip_hash: str, path: str) -> None:
        self._jobs.pop(clip_hash, None)
        if path and clip_hash == self._wanted and self._on_ready is not None:
            on_ready, self._wanted, self._on_ready = self._on_ready, "", None
            on_ready(Path(path))
