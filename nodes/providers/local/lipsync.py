"""The offline lip sync: the storyboard speaker's mouth opens with the line's loudness.

No lip-sync weights are available offline, so the offline clips (Ken Burns recipes over
storyboard stills) get a painted mouth: the still's meta says where the speaker's head
is (``figures`` from ``nodes/providers/local/storyboard.py``), the line as it plays
under the shot gives a loudness per frame, and the recipe carries both, so the export
paints the mouth on the still before each frame's warp (``app.media.kenburns.Mouth``):
exact, and nearly free. The clip's file is a poster, like the Clips node's: the moving
preview, mouth and all, is made when someone plays it. Anything else (a real clip, a
shot whose speaker is not drawn) passes through unchanged, with a note in the log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.node_api import Media, MediaOut, RunContext
from app.core.screenplay import ShotCard
from app.media.kenburns import FPS, ON_DEMAND, is_recipe, write_poster
from app.media.line_audio import loudness_per_frame, placed_line
from nodes.providers.local.storyboard import HEIGHT, WIDTH

RECIPE_KEYS = ("recipe", "version", "still", "camera", "duration", "seed", "fps")


class MouthLipSync:
    """Offline ``LipSyncModel``: a mouth on the storyboard speaker, opening with the line."""

    name = "local"
    capability = "lipsync"
    max_concurrency = 2  # reads a line and writes a poster: light

    def __init__(self, options: dict[str, Any] | None = None):
        self.options = dict(options or {})

    def identity(self) -> dict[str, Any]:
        # 2: the file is a poster; the preview is made on demand.
        return {"id": "local.mouth", "version": 2}

    def lipsync(
        self, clip: Media, voice: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut | Media:
        """``clip`` with the speaker's mouth following ``voice``, or ``clip`` unchanged."""
        still = self._still(clip, ctx)
        box = mouth_box(still.meta if still else {}, shot.speaker or "")
        if still is None or box is None:
            ctx.log(f"shot {shot.id}: the offline lip sync paints on storyboard clips whose "
                    "speaker is drawn; this clip passes through unchanged")
            return clip
        fps = int(clip.meta.get("fps") or FPS)
        frames = max(1, round(float(clip.meta.get("duration") or shot.duration) * fps))
        line = placed_line(voice.path, frames / fps)
        size = [int(still.meta.get("width") or WIDTH), int(still.meta.get("height") or HEIGHT)]
        mouth = {"box": box, "still_size": size, "open": loudness_per_frame(line, frames, fps)}
        recipe = {k: clip.meta[k] for k in RECIPE_KEYS if k in clip.meta}
        synced = {**recipe, "mouth": mouth, "lipsync": "local.mouth", "voice": voice.hash}
        write_poster(still.path, synced, out)
        return MediaOut(out, {**synced, "preview": ON_DEMAND})

    def _still(self, clip: Media, ctx: RunContext) -> Media | None:
        if not is_recipe(clip.meta) or ctx.resolve_media is None:
            return None
        try:
            return ctx.resolve_media(str(clip.meta["still"]))
        except (FileNotFoundError, LookupError):
            return None


def mouth_box(still_meta: dict[str, Any], speaker: str) -> list[float] | None:
    """Where ``speaker``'s mouth goes on a storyboard still: its ``mouth`` box, or one
    made from its ``head`` box (stills drawn before mouths were published)."""
    for figure in still_meta.get("figures") or []:
        if not isinstance(figure, dict) or figure.get("character") != speaker:
            continue
        if isinstance(figure.get("mouth"), list):
            return [float(v) for v in figure["mouth"]]
        head = figure.get("head")
        if isinstance(head, list) and len(head) == 4:
            x0, y0, x1, _ = (float(v) for v in head)
            r = (x1 - x0) / 1.1  # the head box is 1.1 radii wide, from 0.2 r above centre
            x, y = (x0 + x1) / 2, y0 + 0.2 * r
            return [x - 0.34 * r, y + 0.3 * r, x + 0.34 * r, y + 0.74 * r]
    return None
