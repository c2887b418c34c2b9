"""Node types for UI tests: the core stubs, the real script nodes, and a few media stubs."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import MediaOut, NodeType, Port
from app.core.types import Image, List, Shot, Text, Video
from nodes.registry import NodeRegistry
from nodes.script import SplitShots, WriteScript
from tests.core import stubs as core_stubs


class FileParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str = Field(default="", json_schema_extra={"ui": "file"})


class ImportImage(NodeType):
    type_id = "io.image"
    title = "Image file"
    category = "io"
    description = "An image from disk."
    outputs = (Port("image", Image),)
    Params = FileParams

    def run(self, ctx, inputs, params):
        out = ctx.temp_path("in.png")
        out.write_bytes(open(params.file, "rb").read())
        return {"image": MediaOut(out)}


class StillParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})


class Still(NodeType):
    """A flat-colour still per shot (colour from shot id, seed and take)."""

    type_id = "ui.still"
    title = "Still"
    category = "image"
    description = "A coloured frame per shot."
    inputs = (Port("shot", Shot),)
    outputs = (Port("image", Image),)
    Params = StillParams

    def run(self, ctx, inputs, params):
        from PIL import Image as PILImage
        from PIL import ImageDraw

        digest = hashlib.sha256(f"{inputs['shot'].id}{ctx.seed_for(params.seed)}".encode()).digest()
        img = PILImage.new("RGB", (108, 192), tuple(digest[:3]))
        ImageDraw.Draw(img).text((8, 8), inputs["shot"].id, fill=(255, 255, 255))
        out = ctx.temp_path("still.png")
        img.save(out)
        return {"image": MediaOut(out)}


class Episode(NodeType):
    """Pretends to edit an episode: writes the stills' bytes as 'mp4' with an SRT in meta."""

    type_id = "ui.episode"
    title = "Episode"
    category = "edit"
    inputs = (Port("stills", List(Image)),)
    outputs = (Port("episode", Video),)

    def run(self, ctx, inputs, params):
        out = ctx.temp_path("episode.mp4")
        out.write_bytes(b"".join(open(m.path, "rb").read() for m in inputs["stills"]))
        srt = "1\n00:00:00,000 --> 00:00:01,000\nHello\n"
        return {"episode": MediaOut(out, meta={"srt": srt})}


class FormParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="abc", max_length=5)
    notes: str = Field(default="", json_schema_extra={"ui": "multiline"})
    count: int = Field(default=3, ge=1, le=10)
    ratio: float = Field(default=0.5, ge=0.0, le=1.0)
    mode: Literal["fast", "good"] = "fast"
    loud: bool = False
    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    file: str = Field(default="", json_schema_extra={"ui": "file"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    tags: list[str] = Field(default_factory=list)


class Form(NodeType):
    """Every kind of setting, for the Properties pane."""

    type_id = "ui.form"
    title = "Form"
    category = "io"
    outputs = (Port("text", Text),)
    Params = FormParams
    capability = "chat"

    def run(self, ctx, inputs, params):
        return {"text": params.name}


def registry() -> NodeRegistry:
    types = [
        core_stubs.Items,
        core_stubs.Suffix,
        core_stubs.Join,
        core_stubs.Pair,
        core_stubs.Work,
        ImportImage,
        Still,
        Episode,
        Form,
        WriteScript,
        SplitShots,
    ]
    return NodeRegistry(types)
