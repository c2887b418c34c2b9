"""Lip sync: each shot's clip with the speaker's mouth following the shot's line.

Mapped per shot like the other generators (clip, voice and shot side by side), cached
by what it reads, taken and regenerated the same way. A shot nobody speaks in passes its
clip through unchanged. Offline, the storyboard speaker's mouth opens with the line's
loudness; real services (Kling lip-sync, DashScope VideoRetalk, Sync Labs) re-animate
the face, each refusing before it is paid what it cannot take (a clip too long, a line
too long), with the reason.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import Media, NodeType, Port, RunContext
from app.core.screenplay import ShotCard
from app.core.types import Audio, Shot, Video

# What a synced clip depends on besides the clip and the voice: whose line. Not the shot's
# length (as for Clips and Voices): the clip and the line keep theirs, and a trim or a
# shorter shot re-cuts the synced clip in the export without paying for it again.
SYNC_FIELDS = ("id", "speaker", "line", "language")


class LipSyncParams(BaseModel):
    """Params of the Lip sync node."""

    model_config = ConfigDict(extra="forbid")

    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = Field(default="", json_schema_extra={"ui": "model"})
    candidates: int = Field(
        default=1, ge=1, le=8,
        description="Takes made of a shot each time it runs; pick the best in the Storyboard.",
        json_schema_extra={"affects_output": False},
    )


class LipSync(NodeType):
    """Clip + voice + shot → the clip with the speaker's mouth following the line."""

    type_id = "video.lipsync"
    title = "Lip sync"
    category = "video"
    description = (
        "Makes the speaker's mouth follow each shot's line (offline: the storyboard "
        "speaker's mouth opens with the line's loudness); shots without a line pass through."
    )
    inputs = (
        Port("clip", Video),
        Port("voice", Audio),
        Port("shot", Shot, key_fields=SYNC_FIELDS),
    )
    outputs = (Port("clip", Video),)
    Params = LipSyncParams
    capability = "lipsync"

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, LipSyncParams)
        clip: Media = inputs["clip"]
        voice: Media = inputs["voice"]
        shot: ShotCard = inputs["shot"]
        if not speaks(shot, voice) or clip.meta.get("own_material"):
            return {"clip": clip}  # nobody speaks, or the creator's own footage: as it is
        ctx.progress(0.0, f"lip sync of {shot.id}")
        synced = ctx.provider.lipsync(
            moving(ctx, clip), voice, shot, ctx.seed_for(params.seed), ctx,
            ctx.temp_path("lipsync.mp4"),
        )
        ctx.progress(1.0, "done")
        return {"clip": synced}


def speaks(shot: ShotCard, voice: Media) -> bool:
    """Whether anyone speaks in ``shot`` (a line, a speaker and a voice that is not silence)."""
    return bool(shot.line.strip() and shot.speaker and not voice.meta.get("silent"))


def moving(ctx: RunContext, clip: Media) -> Media:
    """``clip`` as a service must get it: an offline clip's file is only its poster, so a
    real lip-sync service is handed its moving preview (made now, then cached)."""
    from app.media.kenburns import has_preview_on_demand, preview_clip  # OpenCV: lazily

    if getattr(ctx.provider, "name", "") == "local" or not has_preview_on_demand(clip.meta):
        return clip  # the offline lip sync reads the recipe, not the pictures
    if ctx.resolve_media is None or ctx.derive is None:
        return clip
    path = preview_clip(clip, ctx.resolve_media, ctx.derive, lambda: ctx.cancelled)
    return dataclasses.replace(clip, path=path)
