"""A fake paid video provider and tiny nodes to spend money with (cost and budget tests).

``t-paid`` bills per second of clip like the real video services (a shot of up to 5 s
is a 5 s clip); ``t-unpriced`` is missing from the price table. ``use_prices`` points
``SHOTGRAPH_PRICES`` at a table that lists ``t-paid`` at 0.1 per second.
"""

from __future__ import annotations

import json
import threading

from pydantic import BaseModel, ConfigDict, Field

from app.core import prices
from app.core.graph import AddNode, Connect, Edge
from app.core.node_api import NodeType, Port
from app.core.providers import register_provider
from app.core.screenplay import ShotCard
from app.core.store.project import Project
from app.core.types import List, Shot, Text
from nodes.registry import NodeRegistry
from tests.core import stubs

PRICE_PER_SECOND = 0.1
CALLS: list[str] = []
_lock = threading.Lock()


class FakePaidVideo:
    """Makes a 'clip' (a line of text) and records a priced call, like a real provider."""

    capability = "video"
    max_concurrency = 2

    def __init__(self, name: str, options: dict):
        self.name = name
        self.model = str(options.get("model") or "clip-1")

    def identity(self):
        return {"provider": self.name, "model": self.model}

    def clip(self, shot, ctx) -> str:
        seconds = 5.0 if shot.duration <= 5.0 else 10.0
        with _lock:
            CALLS.append(shot.id)
        if ctx.record_call is not None:
            cost = prices.estimate(self.name, self.model, {"second": seconds}, "video")
            ctx.record_call(self.name, model=self.model, seconds=0.01, status="ok",
                            cost_estimate=cost)
        return f"{self.name} clip of {shot.id} #{ctx.take}"


for _name in ("t-paid", "t-unpriced"):
    register_provider("video", _name, lambda options, n=_name: FakePaidVideo(n, options))


class ShotsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    durations: list[float] = Field(default_factory=lambda: [4.0, 4.0, 4.0, 4.0, 4.0])


class Shots(NodeType):
    """Shots of the given durations (cheap: planned in memory)."""

    type_id = "c.shots"
    title = "Shots"
    outputs = (Port("shots", List(Shot)),)
    Params = ShotsParams
    cheap = True

    def run(self, ctx, inputs, params):
        return {"shots": [
            ShotCard(id=f"s{i + 1}", description=f"shot {i + 1}", duration=d, line="hello")
            for i, d in enumerate(params.durations)
        ]}


class ClipParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    provider: str = Field(default="t-paid", json_schema_extra={"ui": "provider"})
    model: str = ""
    candidates: int = Field(default=1, ge=1, le=8, json_schema_extra={"affects_output": False})


class Clip(NodeType):
    """One paid call per shot."""

    type_id = "c.clip"
    title = "Clip"
    capability = "video"
    inputs = (Port("shot", Shot),)
    outputs = (Port("text", Text),)
    Params = ClipParams

    def run(self, ctx, inputs, params):
        return {"text": ctx.provider.clip(inputs["shot"], ctx)}


def registry() -> NodeRegistry:
    reg = stubs.registry()
    reg.add(Shots)
    reg.add(Clip)
    return reg


def use_prices(tmp_path, monkeypatch) -> None:
    table = {
        "_currency": "USD",
        "t-paid": {"*": {"unit": "second", "price": PRICE_PER_SECOND}},
    }
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setenv("SHOTGRAPH_PRICES", str(path))
    CALLS.clear()


def episode(folder, durations=None, provider="t-paid", candidates=1, reg=None) -> Project:
    """shots -> clip (paid, mapped) -> join."""
    project = Project.create(folder, reg or registry())
    push = project.undo.push
    push(AddNode("c.shots", {"durations": durations or [4.0] * 5}, node_id="shots",
                 title="Shots"))
    push(AddNode("c.clip", {"provider": provider, "candidates": candidates}, node_id="clip",
                 title="Clips"))
    push(AddNode("t.join", node_id="join", title="Join"))
    push(Connect(Edge("shots", "shots", "clip", "shot")))
    push(Connect(Edge("clip", "text", "join", "texts")))
    return project
