"""How the editor names things for the creator: nodes by their titles (never their ids),
and the built-in node types, ports, settings and choices in the creator's language.

The declarations in ``nodes/`` are Qt-free English; their words are marked for Qt's
translation in the generated ``app/ui/node_strings.py`` (context ``nodes``) and looked up
here. A title the creator typed has no translation and is shown as typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

NODES = "nodes"  # the translation context of everything declared in nodes/


def tr_node(text: str) -> str:
    """A node-declaration word (title, family, port, setting, choice) in the UI language."""
    return QCoreApplication.translate(NODES, text) if text else text


def type_title(node_type: Any) -> str:
    return tr_node(node_type.title or node_type.type_id)


def family(category: str) -> str:
    return tr_node(category)


def node_name(graph: Any, node_id: str) -> str:
    """The name a creator knows a node by: its title (translated if it is a built-in one)."""
    node = graph.nodes.get(node_id)
    if node is None:
        return node_id
    return tr_node(node.title) if node.title else node.type_id


def readable(graph: Any, text: str) -> str:
    """``text`` with every "Title (id)" of the graph's nodes shortened to the node's name."""
    for node_id in graph.nodes:
        label = graph.label(node_id)
        if label in text:
            text = text.replace(label, node_name(graph, node_id))
    return text
