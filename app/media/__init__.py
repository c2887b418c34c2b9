"""The media pipeline: ffmpeg and PyAV, frames, Ken Burns rendering, mixing, loudness,
subtitles, the timeline and the segment export. Qt-free; uses only ``app.core``.
"""

from pathlib import Path
from typing import Any

from app.core.store.artifacts import set_media_prober


def _probe(path: Path) -> Any:
    from app.media.ffmpeg import probe  # imported when first needed: PyAV is heavy

    return probe(path)


set_media_prober(_probe)
