"""The media pipeline: ffmpeg and PyAV, frames, Ken Burns rendering, mixing, loudness,
subtitles, the timeline and the segment export. Qt-free; uses only ``app.core``.
"""

from pathlib import Path
from typing import Any

from app.core.store.probing import set_media_prober


def _probe(path: Path) -> Any:
    """Size and length of a new artifact, read in process (PyAV).

    Every stored clip and voice is described once; an ffprobe process per artifact cost
    about 0.1 s each (some 40 in a cold demo), reading the header in process ~8 ms.
    """
    from app.media.ffmpeg import MediaError, probe, probe_in_process  # PyAV: lazily

    try:
        return probe_in_process(path)
    except MediaError:
        return probe(path)


set_media_prober(_probe)
