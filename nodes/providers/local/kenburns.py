"""The offline video model: Ken Burns pan and zoom over a still.

The clip it makes is a recipe (``app.media.kenburns``) from which the export renders
full-resolution frames, so every frame of the episode is encoded once, plus a poster:
the move's first frame held for the shot's length. The moving preview is made only when
someone plays the clip (``app.media.kenburns.preview_clip``), so a first episode spends
its time on the export, not on previews nobody may watch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import register_provider
from app.core.screenplay import ShotCard
from app.media.kenburns import ON_DEMAND, RECIPE, RECIPE_VERSION, recipe, write_poster


class KenBurnsVideo:
    """Offline ``VideoModel``: a Ken Burns recipe and its poster."""

    name = "local"
    capability = "video"
    max_concurrency = 2  # a poster is one warp and a two-picture encode

    def __init__(self, options: dict[str, Any] | None = None):
        self.options = dict(options or {})

    def identity(self) -> dict[str, Any]:
        # "clip": what the file is (2: a poster; the preview is made on demand).
        return {"id": "local.kenburns", "model": RECIPE, "version": RECIPE_VERSION, "clip": 2}

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """Write the move's poster to ``out``; the recipe goes in ``meta``."""
        made = recipe(still, shot, seed)
        write_poster(still.path, made, out)
        ctx.progress(1.0, "recipe")
        return MediaOut(out, {**made, "preview": ON_DEMAND})


register_provider("video", "local", KenBurnsVideo)
