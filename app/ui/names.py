"""How the editor names nodes for the creator: by their titles, never by their ids.

The engine's messages name a node as "Title (id)" so a log file can tell two nodes of
the same title apart; on screen the title alone is what the creator knows.
"""

from __future__ import annotations

from typing import Any


def node_name(graph: Any, node_id: str) -> str:
    """The name a creator knows a node by (its title, else its type)."""
    node = graph.nodes.get(node_id)
    if node is None:
        return node_id
    return node.title or node.type_id


def readable(graph: Any, text: str) -> str:
    """``text`` with every "Title (id)" of the graph's nodes shortened to "Title"."""
    for node_id in graph.nodes:
        label = graph.label(node_id)
        if label in text:
            text = text.replace(label, node_name(graph, node_id))
    return text
