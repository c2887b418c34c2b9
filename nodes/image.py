"""Image nodes: a still per shot from the image provider (offline: a storyboard frame)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.screenplay import ShotCard
from app.core.types import Image, Shot
from nodes.base import NodeType, Port, RunContext

# What a still shows: the line, speaker and timing do not change the picture.
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
    "duration",
)


class GenerateParams(BaseModel):
    """Params of the Image node."""

    model_config = ConfigDict(extra="forbid")

    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = ""


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

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, GenerateParams)
        shot: ShotCard = inputs["shot"]
        ctx.progress(0.0, f"drawing {shot.id}")
        out = ctx.provider.generate_image(
            shot, ctx.seed_for(params.seed), ctx, ctx.temp_path(f"{shot.id}.png")
        )
        ctx.progress(1.0, "done")
        return {"image": out}
