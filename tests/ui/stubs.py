"""Node types for UI tests: the core stubs, the real script nodes, and a few media stubs."""

from __future__ import annotations

import hashlib
import math
import struct
import threading
import wave
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import MediaOut, NodeType, Port
from app.core.types import Audio, Image, List, Script, Shot, Text, Video
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


# Released by a test to let the gated stills after the first one finish.
GATE = threading.Event()


class GatedStill(Still):
    """Like Still, but every shot after the first waits for ``GATE`` (or a stop)."""

    type_id = "ui.gated_still"
    title = "Gated still"
    description = "Waits for the test's gate after the first shot."

    def run(self, ctx, inputs, params):
        if ctx.item_index > 0:
            ctx.progress(0.5, "waiting for the gate")
            while not GATE.wait(0.05):
                ctx.check_cancelled()
        return super().run(ctx, inputs, params)


def tone(path, seconds=0.6, pitch=440.0, rate=8000):
    """A short mono 16-bit WAV tone."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * pitch * i / rate)))
            for i in range(int(rate * seconds))))
    return path


class Voice(NodeType):
    """A tone per shot (pitch from the shot's line)."""

    type_id = "ui.voice"
    title = "Voice"
    category = "voice"
    inputs = (Port("shot", Shot),)
    outputs = (Port("voice", Audio),)

    def run(self, ctx, inputs, params):
        pitch = 300 + len(inputs["shot"].line) * 10
        return {"voice": MediaOut(tone(ctx.temp_path("voice.wav"), pitch=pitch))}


class Music(NodeType):
    """A tone under the whole script."""

    type_id = "ui.music"
    title = "Music"
    category = "music"
    inputs = (Port("script", Script),)
    outputs = (Port("music", Audio),)

    def run(self, ctx, inputs, params):
        seconds = sum(s.duration for s in inputs["script"].shots) + 1.0
        return {"music": MediaOut(tone(ctx.temp_path("music.wav"), seconds=seconds, pitch=220))}


class Episode(NodeType):
    """Pretends to edit an episode: writes the stills' bytes as 'mp4' with an SRT in meta."""

    type_id = "ui.episode"
    title = "Episode"
    category = "edit"
    inputs = (Port("stills", List(Image)),)
    outputs = (Port("episode", Video),)

    def run(self, ctx, inputs, params):
        count = len(inputs["stills"])
        for i in range(count):  # the stages the real export reports
            ctx.progress(0.8 * i / count, f"shot {i + 1}/{count}")
        ctx.progress(0.85, "mixing audio")
        ctx.progress(0.95, "labelling")
        out = ctx.temp_path("episode.mp4")
        out.write_bytes(b"".join(open(m.path, "rb").read() for m in inputs["stills"]))
        ctx.progress(1.0, "labelled")
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
        GatedStill,
        Voice,
        Music,
        Episode,
        Form,
        WriteScript,
        SplitShots,
    ]
    return NodeRegistry(types)
