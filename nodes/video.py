"""Video nodes: a clip per shot from its still (offline: a Ken Burns move)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.core.node_api import Media, NodeType, Port, RunContext
from app.core.prompting import TEMPLATE_FIELDS, VIDEO_TEMPLATE, render
from app.core.screenplay import ShotCard
from app.core.types import Image, Shot, Video
from nodes.own_files import own_media
from nodes.params import ShotGeneratorParams, own_file_key, template_field, without_voices

# What a clip depends on besides the still: its camera move and whatever its prompt
# template can read (a real video model is prompted); not the line. Not the duration
# either: a trim or a longer shot re-cuts the clip (a Ken Burns move is rendered at the
# shot's length by the export), it never pays for a new one.
MOTION_FIELDS = ("camera", *(f for f in TEMPLATE_FIELDS if f != "camera"))


class AnimateParams(ShotGeneratorParams):
    """Params of the Clip node."""

    prompt_template: str = template_field(VIDEO_TEMPLATE, "clip")


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

    @classmethod
    def key_view(cls, name: str, value: dict[str, Any]) -> dict[str, Any] | None:
        return without_voices(super().key_view(name, value))

    @classmethod
    def item_key_params(cls, params: BaseModel, item_id: str, take: int) -> dict[str, Any]:
        assert isinstance(params, AnimateParams)
        return own_file_key(params, item_id) or super().item_key_params(params, item_id, take)

    @classmethod
    def calls_provider(cls, params: BaseModel, item_id: str) -> bool:
        return item_id not in getattr(params, "own", {})

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, AnimateParams)
        still: Media = inputs["still"]
        shot: ShotCard = inputs["shot"]
        if shot.id in params.own:
            return {"clip": own_media(ctx, params.own[shot.id], "clip", shot.id)}
        ctx.progress(0.0, f"animating {shot.id}")
        card = shot.model_copy(update={"prompt": render(params.prompt_template, shot)})
        out = ctx.provider.animate(
            still, card, ctx.seed_for(params.seed), ctx, ctx.temp_path("clip.mp4")
        )
        ctx.progress(1.0, "done")
        return {"clip": out}
