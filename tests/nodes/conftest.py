"""Helpers to run one node type directly, as the engine would, on real files in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.node_api import NodeType, RunContext
from app.core.providers import resolve

RunNode = Callable[..., dict[str, Any]]


@pytest.fixture
def run_node(tmp_path: Path) -> RunNode:
    """``run_node(NodeClass, inputs, **params)``: one run with the local provider."""
    counter = iter(range(1_000_000))

    def run(
        node_type: type[NodeType], inputs: dict[str, Any] | None = None, **params: Any
    ) -> dict[str, Any]:
        parsed = node_type.parse_params(params)
        provider = None
        if node_type.capability:
            provider = resolve(node_type.capability, getattr(parsed, "provider", "local"))
        ctx = RunContext(node_id="t", temp_dir=tmp_path / f"t{next(counter)}", provider=provider)
        return node_type().run(ctx, inputs or {}, parsed)

    return run
