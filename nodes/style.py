"""The project style: one node whose words reach every image and video prompt.

Wire its ``style`` output into the Shots node: every shot card then carries it, image
and video nodes put it where their prompt template says ``{style}``, and changing it
re-runs exactly the stills and clips (and what is made from them), nothing else.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import NodeType, Port, RunContext
from app.core.types import Text

PRESETS: dict[str, str] = {
    "none": "",
    "cinematic": "cinematic, soft light, shallow depth of field, 9:16",
    "noir": "film noir, hard shadows, high contrast, rain-slick streets, 9:16",
    "glossy drama": "glossy TV drama look, warm pastel grade, beauty lighting, 9:16",
    "period drama": "Chinese period drama, silk costumes, lantern light, warm grade, 9:16",
    "anime": "anime style, clean line art, vivid flat colours, 9:16",
    "webtoon": "webtoon panel style, bold outlines, soft cel shading, 9:16",
    "documentary": "handheld documentary look, natural light, muted colours, 9:16",
}
Preset = Literal[
    "none", "cinematic", "noir", "glossy drama", "period drama", "anime", "webtoon",
    "documentary",
]


class StyleParams(BaseModel):
    """Params of the Style node."""

    model_config = ConfigDict(extra="forbid")

    preset: Preset = Field(default="cinematic", json_schema_extra={"ui": "choice"})
    extra: str = Field(
        default="",
        max_length=300,
        description="words added after the preset, e.g. 'teal and orange grade'",
    )


def style_text(preset: str, extra: str) -> str:
    """The preset's words followed by the creator's own."""
    return ", ".join(part for part in (PRESETS.get(preset, ""), extra.strip(" ,")) if part)


class StylePreset(NodeType):
    """A preset look plus free words: the style of every image and video prompt."""

    type_id = "style.preset"
    title = "Style"
    category = "style"
    description = (
        "The project-wide look (a preset plus your own words); wire it into Shots and "
        "every still and clip prompt uses it."
    )
    inputs = ()
    outputs = (Port("style", Text),)
    Params = StyleParams
    cheap = True

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, StyleParams)
        return {"style": style_text(params.preset, params.extra)}
