"""Image nodes: a still per shot from the image provider (offline: a storyboard frame)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.core.node_api import NodeType, Port, RunContext
from app.core.prompting import IMAGE_TEMPLATE, render
from app.core.screenplay import ShotCard
from app.core.types import Image, Shot
from nodes.own_files import own_media
from nodes.params import ShotGeneratorParams, own_file_key, template_field, without_voices

# What a still shows: the line and the voice do not change the picture. The speaker does
# (the storyboard marks who talks), and so does every field a prompt template can read.
# Not the duration: a trim or a longer shot re-cuts, it never draws the still again.
PICTURE_FIELDS = (
    "id",
    "scene",
    "description",
    "camera",
    "characters",
    "cast",
    "style",
    "mood",
    "language",
    "speaker",
)


class GenerateParams(ShotGeneratorParams):
    """Params of the Image node."""

    prompt_template: str = template_field(IMAGE_TEMPLATE, "shot")


class GenerateImage(NodeType):
    """Shot → a 9:16 still of it."""

    type_id = "image.generate"
    title = "Image"
    category = "image"
    description = "Makes a 1080x1920 still for each shot (offline: a storyboard frame)."
    inputs = (Port("shot", Shot, key_fields=PICTURE_FIELDS),)
    outputs = (Port("image", Image),)
    Params = GenerateParams
    capability = "image"
    version = 2  # prompts come from the template; the speaker is part of the picture

    @classmethod
    def key_view(cls, name: str, value: dict[str, Any]) -> dict[str, Any] | None:
        return without_voices(super().key_view(name, value))

    @classmethod
    def item_key_params(cls, params: BaseModel, item_id: str, take: int) -> dict[str, Any]:
        assert isinstance(params, GenerateParams)
        return own_file_key(params, item_id) or super().item_key_params(params, item_id, take)

    @classmethod
    def calls_provider(cls, params: BaseModel, item_id: str) -> bool:
        return item_id not in getattr(params, "own", {})

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, GenerateParams)
        shot: ShotCard = inputs["shot"]
        if shot.id in params.own:
            return {"image": own_media(ctx, params.own[shot.id], "still", shot.id)}
        ctx.progress(0.0, f"drawing {shot.id}")
        card = shot.model_copy(update={"prompt": render(params.prompt_template, shot)})
        out = ctx.provider.generate_image(
            card, ctx.seed_for(params.seed), ctx, ctx.temp_path(f"{shot.id}.png")
        )
        ctx.progress(1.0, "done")
        return {"image": out}
