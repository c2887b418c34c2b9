"""Small stub node types for engine tests (the ComfyUI way: tiny nodes, real engine)."""

from __future__ import annotations

import threading

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import MediaOut, NodeError, NodeType, Port
from app.core.types import Audio, List, Shot, Text
from nodes.registry import NodeRegistry

CALLS: dict[str, int] = {}
_lock = threading.Lock()


def _count(name: str) -> None:
    with _lock:
        CALLS[name] = CALLS.get(name, 0) + 1


class ItemsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[str] = Field(default_factory=lambda: ["a", "b"])


class Items(NodeType):
    type_id = "t.items"
    title = "Items"
    outputs = (Port("items", List(Text)),)
    Params = ItemsParams
    cheap = True

    def run(self, ctx, inputs, params):
        _count("items")
        return {"items": list(params.items)}


class SuffixParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suffix: str = "!"
    fail_on: str = Field(default="", json_schema_extra={"affects_output": False})
    spin_until_cancelled: bool = False
    note: str = Field(default="", json_schema_extra={"affects_output": False})


class Suffix(NodeType):
    type_id = "t.suffix"
    title = "Suffix"
    inputs = (Port("text", Text),)
    outputs = (Port("text", Text),)
    Params = SuffixParams

    def run(self, ctx, inputs, params):
        _count(f"suffix:{ctx.node_id}")
        if params.fail_on and params.fail_on in inputs["text"]:
            raise NodeError(f"cannot handle {inputs['text']!r}")
        if params.spin_until_cancelled:
            ctx.progress(0.1, "waiting")
            while not ctx.cancel_event.wait(0.05):
                pass
            ctx.check_cancelled()
        take = f"#{ctx.take}" if ctx.take else ""
        return {"text": inputs["text"] + params.suffix + take}


class Join(NodeType):
    type_id = "t.join"
    title = "Join"
    inputs = (Port("texts", List(Text)),)
    outputs = (Port("text", Text),)

    def run(self, ctx, inputs, params):
        _count(f"join:{ctx.node_id}")
        return {"text": "|".join(inputs["texts"])}


class Pair(NodeType):
    type_id = "t.pair"
    title = "Pair"
    inputs = (Port("left", Text), Port("right", Text))
    outputs = (Port("text", Text),)

    def run(self, ctx, inputs, params):
        return {"text": f"{inputs['left']}+{inputs['right']}"}


class WorkParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = "x"
    work_ms: int = 0


class Work(NodeType):
    """A node doing a fixed amount of busy work (for the engine bench)."""

    type_id = "t.work"
    title = "Work"
    inputs = (Port("text", Text, required=False),)
    outputs = (Port("text", Text),)
    Params = WorkParams

    def run(self, ctx, inputs, params):
        import time

        end = time.perf_counter() + params.work_ms / 1000
        while time.perf_counter() < end:
            ctx.check_cancelled()
        return {"text": (inputs.get("text") or "") + params.label}


def registry() -> NodeRegistry:
    return NodeRegistry([Items, Suffix, Join, Pair, Work, Blob, Shout])


class BlobParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    megabytes: int = 2
    work_ms: int = 30


class Blob(NodeType):
    """Writes a sizeable audio file per item (for crash tests)."""

    type_id = "t.blob"
    title = "Blob"
    inputs = (Port("text", Text),)
    outputs = (Port("audio", Audio),)
    Params = BlobParams

    def run(self, ctx, inputs, params):
        import time
        import wave

        end = time.perf_counter() + params.work_ms / 1000
        while time.perf_counter() < end:
            ctx.check_cancelled()
        path = ctx.temp_path("blob.wav")
        seed = f"{inputs['text']}#{ctx.take}".encode() * 1000
        frames = (seed * (params.megabytes * (1 << 20) // len(seed) + 1))[: params.megabytes << 20]
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(48000)
            w.writeframes(frames)
        return {"audio": MediaOut(path)}


class Shout(NodeType):
    """Reads only the 'line' field of a Shot-like input (key projection)."""

    type_id = "t.shout"
    title = "Shout"
    inputs = (Port("shot", Shot, key_fields=("line",)),)
    outputs = (Port("text", Text),)

    def run(self, ctx, inputs, params):
        _count("shout")
        return {"text": inputs["shot"].line.upper()}
