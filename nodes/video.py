"""Video nodes: a clip per shot from its still (offline: a Ken Burns move)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.prompting import TEMPLATE_FIELDS, VIDEO_TEMPLATE, check_template, render
from app.core.screenplay import ShotCard
from app.core.types import Image, Shot, Video
from nodes.base import Media, NodeType, Port, RunContext

# What a clip depends on besides the still: its camera move and length, and whatever its
# prompt template can read (a real video model is prompted); not the line.
MOTION_FIELDS = ("camera", "duration", *(f for f in TEMPLATE_FIELDS if f != "camera"))


class AnimateParams(BaseModel):
    """Params of the Clip node."""

    model_config = ConfigDict(extra="forbid")

    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = ""
    # Not in the cache key: more candidates add takes, they do not change the chosen one.
    candidates: int = Field(
        default=1, ge=1, le=8,
        description="Takes made of a shot each time it runs; pick the best in the Storyboard.",
        json_schema_extra={"affects_output": False},
    )
    prompt_template: str = Field(
        default=VIDEO_TEMPLATE,
        max_length=2000,
        description="how each clip's prompt is worded: {style}, {shot.action}, {shot.camera}, "
        "{shot.mood}, {character.name}, {character.look}, {characters}",
        json_schema_extra={"ui": "multiline"},
    )

    _template_known = field_validator("prompt_template")(check_template)


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
    version = 2  # prompts come from the template

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, AnimateParams)
        still: Media = inputs["still"]
        shot: ShotCard = inputs["shot"]
        ctx.progress(0.0, f"animating {shot.id}")
        card = shot.model_copy(update={"prompt": render(params.prompt_template, shot)})
        out = ctx.provider.animate(
            still, card, ctx.seed_for(params.seed), ctx, ctx.temp_path("clip.mp4")
        )
        ctx.progress(1.0, "done")
        return {"clip": out}
