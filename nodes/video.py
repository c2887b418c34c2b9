"""Video nodes: a clip per shot from its still (offline: a Ken Burns move)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.screenplay import ShotCard
from app.core.types import Image, Shot, Video
from nodes.base import Media, NodeType, Port, RunContext

# What a clip's motion depends on besides the still: not the line or the speaker.
MOTION_FIELDS = ("camera", "duration")


class AnimateParams(BaseModel):
    """Params of the Clip node."""

    model_config = ConfigDict(extra="forbid")

    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = ""


class Animate(NodeType):
    """Still + shot → a clip of the shot's duration with its camera move."""

    type_id = "video.animate"
    title = "Clip"
    category = "video"
    description = (
        "Turns each still into a clip of its shot's length with the shot's camera move "
        "(offline: a smooth Ken Burns pan/zoom)."
    )
    inputs = (Port("still", Image), Port("shot", Shot, key_fields=MOTION_FIELDS))
    outputs = (Port("clip", Video),)
    Params = AnimateParams
    capability = "video"

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, AnimateParams)
        still: Media = inputs["still"]
        shot: ShotCard = inputs["shot"]
        ctx.progress(0.0, f"animating {shot.id}")
        out = ctx.provider.animate(
            still, shot, ctx.seed_for(params.seed), ctx, ctx.temp_path("clip.mp4")
        )
        ctx.progress(1.0, "done")
        return {"clip": out}
