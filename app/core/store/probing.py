"""Who reads a video or audio file's size and length for the artifact store.

Set by the media layer (``app.media``), which knows ffmpeg and PyAV, so the store's floor
imports neither; kept apart from ``artifacts`` so setting it does not load SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

_media_prober: Callable[[Path], Any] | None = None


def set_media_prober(prober: Callable[[Path], Any]) -> None:
    """Use ``prober(path)`` (an object with width, height, duration) to describe artifacts."""
    global _media_prober
    _media_prober = prober


def media_prober() -> Callable[[Path], Any] | None:
    return _media_prober
