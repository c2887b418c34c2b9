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


# How a setting's name reads when its declaration gives no title: units and acronyms.
_UNITS = {"s": "(s)", "db": "(dB)", "lufs": "(LUFS)", "bpm": "(BPM)", "px": "(px)"}
_ACRONYMS = {"ai": "AI", "c2pa": "C2PA", "id": "ID", "srt": "SRT"}


def english_field_label(name: str, info: Any) -> str:
    """A setting's label as declared: its title, else its name in words ("crossfade_s" ->
    "Crossfade (s)", "c2pa" -> "C2PA")."""
    if getattr(info, "title", None):
        return info.title
    words = name.split("_")
    unit = _UNITS.get(words[-1]) if len(words) > 1 else None
    if unit:
        words = words[:-1]
    words = [_ACRONYMS.get(w, w) for w in words]
    label = " ".join(words)
    label = label[:1].upper() + label[1:]
    return f"{label} {unit}" if unit else label


def field_label(name: str, info: Any) -> str:
    return tr_node(english_field_label(name, info))


def choice_label(value: Any) -> str:
    return tr_node(value) if isinstance(value, str) else str(value)


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
