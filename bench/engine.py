"""Engine speed: cold vs fully cached run of a 200-node graph, and plan() of 1,000 nodes.

Each node does 50 ms of CPU work when it really runs. Target: the fully cached run takes
at most 2% of the cold run. Run: .venv/bin/python bench/engine.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.engine import Engine  # noqa: E402
from app.core.graph import AddNode, Batch, Connect, Edge  # noqa: E402
from app.core.node_api import NodeType, Port  # noqa: E402
from app.core.store.project import Project  # noqa: E402
from app.core.types import Text  # noqa: E402
from nodes.registry import NodeRegistry  # noqa: E402


class WorkParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = "x"
    work_ms: int = 50


class Work(NodeType):
    """Busy work for a fixed time, then appends its label to its input."""

    type_id = "bench.work"
    title = "Work"
    inputs = (Port("text", Text, required=False),)
    outputs = (Port("text", Text),)
    Params = WorkParams

    def run(self, ctx, inputs, params):
        end = time.perf_counter() + params.work_ms / 1000
        while time.perf_counter() < end:
            pass
        return {"text": (inputs.get("text") or "") + params.label}


def build(folder: Path, count: int, work_ms: int) -> Project:
    """A random DAG: each node reads from one of the 10 nodes before it (or nothing)."""
    rng = random.Random(1)
    project = Project.create(folder, NodeRegistry([Work]))
    commands = []
    for i in range(count):
        commands.append(AddNode("bench.work", {"label": f"n{i}", "work_ms": work_ms},
                                node_id=f"n{i}", position=(i * 10.0, 0.0)))
        if i and rng.random() < 0.8:
            src = rng.randrange(max(0, i - 10), i)
            commands.append(Connect(Edge(f"n{src}", "text", f"n{i}", "text")))
    project.undo.push(Batch(commands, "build"))
    return project


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = build(Path(tmp) / "g200", 200, 50)
        engine = Engine(project)
        cold, result = timed(engine.execute)
        assert result.status == "done" and result.ran == 200
        cached, result = timed(engine.execute)
        assert result.ran == 0
        print(f"200 nodes x 50 ms: cold run {cold:.2f} s, fully cached run {cached * 1000:.0f} ms "
              f"({cached / cold:.2%} of cold; target <= 2%)")

        big = build(Path(tmp) / "g1000", 1000, 0)
        big_engine = Engine(big)
        plan_cold, plan = timed(big_engine.plan)
        big_engine.execute(plan)
        plan_cached, plan = timed(big_engine.plan)
        print(f"plan() of 1,000 nodes: {plan_cold * 1000:.0f} ms with nothing cached, "
              f"{plan_cached * 1000:.0f} ms fully cached ({len(plan.dirty)} dirty)")


if __name__ == "__main__":
    main()
