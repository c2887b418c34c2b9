"""Saving the finished episode where the creator asked: never a half-written file."""

from __future__ import annotations

from typing import Any

from app.delivery.deliver import save_episode

__all__ = ["EPISODE_PORT", "episode_node", "save_episode"]

EPISODE_PORT = "episode"


def episode_node(session: Any) -> str | None:
    """The node that outputs the episode (the edit/export node), if the graph has one."""
    for nid, node in session.graph.nodes.items():
        node_type = session.registry.get(node.type_id)
        if any(p.name == EPISODE_PORT for p in node_type.outputs):
            return nid
    return None
