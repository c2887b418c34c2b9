"""Finds node types: every ``NodeType`` subclass with a ``type_id`` in a ``nodes`` module."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
from collections.abc import Iterable

from app.core.node_api import NodeType

_NOT_FAMILIES = {"base", "registry", "providers"}


class UnknownNodeType(KeyError):
    """A project names a node type this version of ShotGraph does not have."""

    def __str__(self) -> str:
        return f"unknown node type {self.args[0]!r} (was it made by a newer ShotGraph?)"


class NodeRegistry:
    """Node types by ``type_id``, including the old ids a type ``replaces``."""

    def __init__(self, types: Iterable[type[NodeType]] = ()):
        self._types: dict[str, type[NodeType]] = {}
        self._aliases: dict[str, str] = {}
        for node_type in types:
            self.add(node_type)

    def add(self, node_type: type[NodeType]) -> None:
        if not node_type.type_id:
            raise ValueError(f"{node_type.__name__} has no type_id")
        existing = self._types.get(node_type.type_id)
        if existing is not None and existing is not node_type:
            raise ValueError(f"two node types claim {node_type.type_id!r}")
        self._types[node_type.type_id] = node_type
        for old in node_type.replaces:
            self._aliases[old] = node_type.type_id

    def canonical(self, type_id: str) -> str:
        """The current id of a type, following renames."""
        return self._aliases.get(type_id, type_id)

    def get(self, type_id: str) -> type[NodeType]:
        try:
            return self._types[self.canonical(type_id)]
        except KeyError:
            raise UnknownNodeType(type_id) from None

    def __contains__(self, type_id: str) -> bool:
        return self.canonical(type_id) in self._types

    def all(self) -> list[type[NodeType]]:
        return sorted(self._types.values(), key=lambda t: (t.category, t.title or t.type_id))


def _register_module(registry: NodeRegistry, module_name: str) -> None:
    module = importlib.import_module(module_name)
    for _, obj in inspect.getmembers(module, inspect.isclass):
        if issubclass(obj, NodeType) and obj.type_id and obj.__module__ == module.__name__:
            registry.add(obj)


def discover() -> NodeRegistry:
    """Import every node family module under ``nodes`` and register its node types.

    Extra modules named in ``SHOTGRAPH_NODE_MODULES`` (comma-separated) are added too:
    a creator's own nodes, or test stubs in a subprocess.
    """
    import nodes

    registry = NodeRegistry()
    for info in pkgutil.iter_modules(nodes.__path__):
        if info.name in _NOT_FAMILIES or info.name.startswith("_"):
            continue
        _register_module(registry, f"nodes.{info.name}")
    for name in filter(None, os.environ.get("SHOTGRAPH_NODE_MODULES", "").split(",")):
        _register_module(registry, name.strip())
    return registry


_default: NodeRegistry | None = None


def default_registry() -> NodeRegistry:
    """The registry of all built-in node types, discovered once per process."""
    global _default
    if _default is None:
        _default = discover()
    return _default
