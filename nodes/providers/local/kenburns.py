"""The offline video model: Ken Burns pan and zoom over a still.

The clip it makes is only a cheap 540x960 preview; its ``meta`` carries the recipe
(``app.media.kenburns``) from which the export renders full-resolution frames, so every
frame of the episode is encoded once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import register_provider
from app.core.screenplay import ShotCard
from app.media.ffmpeg import FfmpegJob
from app.media.kenburns import FPS, RECIPE, RECIPE_VERSION, iter_frames, load_still, recipe

PREVIEW_SIZE = (540, 960)

class KenBurnsVideo:
    """Offline ``VideoModel``: a Ken Burns preview clip plus its full-quality recipe."""

    name = "local"
    capability = "video"
    max_concurrency = 1  # CPU-bound: one render at a time leaves a core for the encoder

    def __init__(self, options: dict[str, Any] | None = None):
        self.options = dict(options or {})

    def identity(self) -> dict[str, Any]:
        return {"id": "local.kenburns", "model": RECIPE, "version": RECIPE_VERSION}

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """Write a 540x960 preview of the move to ``out``; the recipe goes in ``meta``."""
        frames = iter_frames(
            load_still(still.path), shot.camera, shot.duration, FPS, *PREVIEW_SIZE, seed
        )
        write_preview(frames, round(shot.duration * FPS), out, ctx)
        return MediaOut(out, recipe(still, shot, seed))


def write_preview(frames: Iterator[np.ndarray], count: int, out: Path, ctx: RunContext) -> None:
    """Encode ``frames`` (540x960 RGB) as a small fast H.264 preview MP4."""
    width, height = PREVIEW_SIZE
    args = ["-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}"]
    args += ["-r", str(FPS), "-i", "pipe:0", "-vf", "scale=out_color_matrix=bt709,format=yuv420p"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "28", "-an"]
    args += ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]
    args += ["-movflags", "+faststart", str(out)]
    job = FfmpegJob(args, count / FPS, lambda f: ctx.progress(f, "preview"), ctx.cancel_event, True)
    try:
        for frame in frames:
            ctx.check_cancelled()
            job.write(frame.tobytes())
    except BaseException:
        job.kill()
        raise
    job.finish()


register_provider("video", "local", KenBurnsVideo)
