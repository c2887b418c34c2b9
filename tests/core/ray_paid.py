"""A paid node for the Ray journal test: its "service" is a file of submissions, and the
first worker to poll it dies (``os._exit``), as a machine lost mid-task would."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from app.core.node_api import NodeType, Port
from app.core.types import Text
from nodes.registry import NodeRegistry


class PaidParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service_dir: str  # where the fake service keeps its submissions
    request: str = "a clip"


class PaidOnce(NodeType):
    """Submits one paid task (journalled first), then polls it; the first poll dies."""

    type_id = "t.paid_once"
    title = "Paid once"
    outputs = (Port("text", Text),)
    Params = PaidParams

    def run(self, ctx, inputs, params):
        service = Path(params.service_dir)
        found = ctx.tasks.find("fake", params.request)
        if found is None:
            with open(service / "submissions", "a") as fh:  # the paid submit
                fh.write(f"{os.getpid()}\n")
            ctx.tasks.save("fake", params.request, "task-1", "submitted")
        lost = service / "lost-one-worker"
        if not lost.exists():  # polling: the first worker is lost here
            lost.write_text(str(os.getpid()))
            os._exit(1)
        return {"text": f"done by {os.getpid()}, task {ctx.tasks.find('fake', params.request)[0]}"}


def registry() -> NodeRegistry:
    return NodeRegistry([PaidOnce])
