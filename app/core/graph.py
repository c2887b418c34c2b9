"""The graph model: nodes, edges, validation, and the commands that edit it.

The model is the single source of truth. The canvas, the CLI and tests change it only
through commands, which also feed the undo stack; listeners (the store's autosave, the
canvas) hear about every change.
"""

from __future__ import annotations

import copy
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.core.types import List, PortType, connection_kind


class GraphError(ValueError):
    """An edit or a graph that breaks a rule; the message names what is wrong."""


class PortTypeMismatch(GraphError):
    pass


class CycleError(GraphError):
    pass


class MissingInput(GraphError):
    pass


class UnknownPort(GraphError):
    pass


class PortCatalog(Protocol):
    """What the graph needs to know about node types (the node registry provides it)."""

    def get(self, type_id: str) -> Any: ...


@dataclass
class Node:
    """A node instance: our own stable id, its type, its params, where it sits."""

    id: str
    type_id: str
    params: dict[str, Any] = field(default_factory=dict)
    position: tuple[float, float] = (0.0, 0.0)
    title: str = ""
    # Chosen take per mapped item (item id -> take number; 0 is the first take).
    # A take number enters that item's cache key, so "regenerate" and "pick an
    # earlier take" are plain, undoable model edits.
    takes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Edge:
    """A wire from an output port of one node to an input port of another."""

    src: str
    src_port: str
    dst: str
    dst_port: str

    def __str__(self) -> str:
        return f"{self.src}.{self.src_port} -> {self.dst}.{self.dst_port}"


def new_node_id() -> str:
    return uuid.uuid4().hex[:12]


class Graph:
    """Nodes and edges; knows port types through a catalog of node types."""

    def __init__(self, catalog: PortCatalog):
        self.catalog = catalog
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []

    # -- queries ---------------------------------------------------------------
    def node(self, node_id: str) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise GraphError(f"no node with id {node_id!r}") from None

    def find(self, ref: str) -> Node:
        """A node by id, or by title when exactly one node has it (for the CLI)."""
        if ref in self.nodes:
            return self.nodes[ref]
        matches = [n for n in self.nodes.values() if n.title == ref or n.type_id == ref]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise GraphError(f"no node called {ref!r}")
        raise GraphError(f"{len(matches)} nodes are called {ref!r}; use the node id")

    def label(self, node_id: str) -> str:
        node = self.nodes.get(node_id)
        if node is None:
            return node_id
        return f"{node.title or node.type_id} ({node_id})"

    def incoming(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.dst == node_id]

    def outgoing(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.src == node_id]

    def input_edge(self, node_id: str, port: str) -> Edge | None:
        for e in self.edges:
            if e.dst == node_id and e.dst_port == port:
                return e
        return None

    def mapped_nodes(self) -> set[str]:
        """Nodes that run once per item because a list reaches an input declared on its item.

        Their outputs are lists of the declared type. Computed in one pass in
        dependency order (no recursion, so long chains are fine).
        """
        incoming: dict[str, list[Edge]] = {nid: [] for nid in self.nodes}
        for e in self.edges:
            incoming.setdefault(e.dst, []).append(e)
        try:
            order = self.topological_order()
        except CycleError:
            order = list(self.nodes)
        mapped: set[str] = set()
        for nid in order:
            for e in incoming.get(nid, []):
                try:
                    source = self._declared(e.src, e.src_port, True)
                    target = self._declared(e.dst, e.dst_port, False)
                except GraphError:
                    continue
                if e.src in mapped and not source.is_list:
                    source = List(source)
                if connection_kind(source, target) == "map":
                    mapped.add(nid)
                    break
        return mapped

    def port_type(self, node_id: str, port: str, output: bool) -> PortType:
        """The type a port carries; outputs of a mapped node are lists."""
        declared = self._declared(node_id, port, output)
        if output and not declared.is_list and node_id in self.mapped_nodes():
            return List(declared)
        return declared

    def _declared(self, node_id: str, port: str, output: bool) -> PortType:
        node_type = self.catalog.get(self.node(node_id).type_id)
        ports = node_type.outputs if output else node_type.inputs
        for p in ports:
            if p.name == port:
                return p.type
        side = "output" if output else "input"
        raise UnknownPort(f"{self.label(node_id)} has no {side} called {port!r}")

    def upstream(self, node_id: str) -> set[str]:
        """All nodes ``node_id`` depends on, transitively."""
        seen: set[str] = set()
        stack = [node_id]
        while stack:
            for e in self.incoming(stack.pop()):
                if e.src not in seen:
                    seen.add(e.src)
                    stack.append(e.src)
        return seen

    def downstream(self, node_id: str) -> set[str]:
        seen: set[str] = set()
        stack = [node_id]
        while stack:
            for e in self.outgoing(stack.pop()):
                if e.dst not in seen:
                    seen.add(e.dst)
                    stack.append(e.dst)
        return seen

    def topological_order(self) -> list[str]:
        """Node ids so that every node comes after the nodes it reads from."""
        indegree = {nid: 0 for nid in self.nodes}
        children: dict[str, list[str]] = {nid: [] for nid in self.nodes}
        for e in self.edges:
            indegree[e.dst] += 1
            children[e.src].append(e.dst)
        ready = deque(nid for nid in self.nodes if indegree[nid] == 0)
        order: list[str] = []
        while ready:
            nid = ready.popleft()
            order.append(nid)
            for child in children[nid]:
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
        if len(order) != len(self.nodes):
            stuck = [self.label(n) for n, d in indegree.items() if d > 0]
            raise CycleError(f"the graph has a cycle through: {', '.join(stuck)}")
        return order

    # -- checks ----------------------------------------------------------------
    def check_connection(self, edge: Edge) -> str:
        """Raise a specific ``GraphError`` if ``edge`` may not be added; else its kind."""
        if edge.src == edge.dst:
            raise CycleError(f"{self.label(edge.src)} cannot feed itself")
        source = self.port_type(edge.src, edge.src_port, output=True)
        target = self.port_type(edge.dst, edge.dst_port, output=False)
        kind = connection_kind(source, target)
        if kind is None:
            raise PortTypeMismatch(
                f"cannot connect {self.label(edge.src)} output '{edge.src_port}' ({source}) "
                f"to {self.label(edge.dst)} input '{edge.dst_port}' ({target})"
            )
        if edge.src in self.downstream(edge.dst) or edge.src == edge.dst:
            path = [self.label(edge.dst), "...", self.label(edge.src), self.label(edge.dst)]
            raise CycleError(f"connecting would make a cycle: {' -> '.join(path)}")
        return kind

    def validate(self) -> list[GraphError]:
        """Every problem that stops the graph from running, each with a specific message."""
        problems: list[GraphError] = []
        for nid, node in self.nodes.items():
            try:
                node_type = self.catalog.get(node.type_id)
            except KeyError as exc:
                problems.append(GraphError(f"{self.label(nid)}: {exc}"))
                continue
            for port in node_type.inputs:
                if port.required and self.input_edge(nid, port.name) is None:
                    problems.append(
                        MissingInput(f"{self.label(nid)}: required input '{port.name}' is not connected")
                    )
            try:
                node_type.parse_params(node.params)
            except Exception as exc:  # pydantic's message names the field
                problems.append(GraphError(f"{self.label(nid)}: invalid settings: {exc}"))
        mapped = self.mapped_nodes()
        for e in self.edges:
            try:
                source = self._declared(e.src, e.src_port, output=True)
                target = self._declared(e.dst, e.dst_port, output=False)
            except GraphError as exc:
                problems.append(exc)
                continue
            if e.src in mapped and not source.is_list:
                source = List(source)
            if connection_kind(source, target) is None:
                problems.append(
                    PortTypeMismatch(f"{e}: {source} does not fit an input of type {target}")
                )
        try:
            self.topological_order()
        except CycleError as exc:
            problems.append(exc)
        return problems

    # -- serialisation ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [
                {
                    "id": n.id,
                    "type": n.type_id,
                    "title": n.title,
                    "params": copy.deepcopy(n.params),
                    "position": list(n.position),
                    "takes": dict(n.takes),
                }
                for n in self.nodes.values()
            ],
            "edges": [[e.src, e.src_port, e.dst, e.dst_port] for e in self.edges],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], catalog: PortCatalog) -> Graph:
        graph = cls(catalog)
        for n in data.get("nodes", []):
            pos = n.get("position") or [0, 0]
            graph.nodes[n["id"]] = Node(
                id=n["id"],
                type_id=n["type"],
                params=dict(n.get("params") or {}),
                position=(float(pos[0]), float(pos[1])),
                title=n.get("title", ""),
                takes={str(k): int(v) for k, v in (n.get("takes") or {}).items()},
            )
        for src, src_port, dst, dst_port in data.get("edges", []):
            graph.edges.append(Edge(src, src_port, dst, dst_port))
        return graph


# -- commands -------------------------------------------------------------------


class Command:
    """An undoable edit of the graph."""

    text = "edit"

    def do(self, graph: Graph) -> None:
        raise NotImplementedError

    def undo(self, graph: Graph) -> None:
        raise NotImplementedError

    def touched(self) -> set[str]:
        """Ids of nodes whose params, inputs or existence this command changes."""
        return set()


@dataclass
class AddNode(Command):
    type_id: str
    params: dict[str, Any] | None = None
    position: tuple[float, float] = (0.0, 0.0)
    title: str = ""
    node_id: str = field(default_factory=new_node_id)

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"add {self.title or self.type_id}"

    def do(self, graph: Graph) -> None:
        node_type = graph.catalog.get(self.type_id)
        params = node_type.default_params()
        params.update(self.params or {})
        node_type.parse_params(params)  # refuse bad settings before they enter the model
        if self.node_id in graph.nodes:
            raise GraphError(f"a node with id {self.node_id!r} already exists")
        graph.nodes[self.node_id] = Node(
            self.node_id, self.type_id, params, self.position, self.title or node_type.title
        )

    def undo(self, graph: Graph) -> None:
        del graph.nodes[self.node_id]

    def touched(self) -> set[str]:
        return {self.node_id}


@dataclass
class RemoveNode(Command):
    node_id: str
    _node: Node | None = None
    _index: int = 0
    _edges: list[tuple[int, Edge]] = field(default_factory=list)

    text = "remove node"

    def do(self, graph: Graph) -> None:
        self._node = graph.node(self.node_id)
        self._index = list(graph.nodes).index(self.node_id)
        self._edges = [
            (i, e) for i, e in enumerate(graph.edges) if self.node_id in (e.src, e.dst)
        ]
        graph.edges = [e for e in graph.edges if self.node_id not in (e.src, e.dst)]
        del graph.nodes[self.node_id]

    def undo(self, graph: Graph) -> None:
        assert self._node is not None
        items = list(graph.nodes.items())
        items.insert(self._index, (self.node_id, self._node))
        graph.nodes = dict(items)
        for index, edge in self._edges:
            graph.edges.insert(index, edge)

    def touched(self) -> set[str]:
        return {self.node_id} | {e.dst for _, e in self._edges}


@dataclass
class Connect(Command):
    """Wire an output to an input; an input holds one wire, so an old one is replaced."""

    edge: Edge
    _replaced: Edge | None = None

    text = "connect"

    def do(self, graph: Graph) -> None:
        old = graph.input_edge(self.edge.dst, self.edge.dst_port)
        if old == self.edge:
            raise GraphError(f"{self.edge} is already connected")
        if old is not None:
            graph.edges.remove(old)
        try:
            graph.check_connection(self.edge)
        except GraphError:
            if old is not None:
                graph.edges.append(old)
            raise
        self._replaced = old
        graph.edges.append(self.edge)

    def undo(self, graph: Graph) -> None:
        graph.edges.remove(self.edge)
        if self._replaced is not None:
            graph.edges.append(self._replaced)

    def touched(self) -> set[str]:
        return {self.edge.dst}


@dataclass
class Disconnect(Command):
    edge: Edge
    _index: int = -1

    text = "disconnect"

    def do(self, graph: Graph) -> None:
        try:
            self._index = graph.edges.index(self.edge)
        except ValueError:
            raise GraphError(f"{self.edge} is not connected") from None
        graph.edges.pop(self._index)

    def undo(self, graph: Graph) -> None:
        graph.edges.insert(self._index, self.edge)

    def touched(self) -> set[str]:
        return {self.edge.dst}


_MISSING = object()


@dataclass
class SetParam(Command):
    node_id: str
    name: str
    value: Any
    _old: Any = _MISSING

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"set {self.name}"

    def do(self, graph: Graph) -> None:
        node = graph.node(self.node_id)
        node_type = graph.catalog.get(node.type_id)
        if self.name not in node_type.Params.model_fields:
            raise GraphError(f"{graph.label(self.node_id)} has no setting {self.name!r}")
        candidate = dict(node.params)
        candidate[self.name] = self.value
        try:
            node_type.parse_params(candidate)
        except Exception as exc:
            raise GraphError(f"{graph.label(self.node_id)}: {self.name}: {exc}") from None
        self._old = node.params.get(self.name, _MISSING)
        node.params[self.name] = copy.deepcopy(self.value)

    def undo(self, graph: Graph) -> None:
        node = graph.node(self.node_id)
        if self._old is _MISSING:
            node.params.pop(self.name, None)
        else:
            node.params[self.name] = self._old

    def touched(self) -> set[str]:
        return {self.node_id}


@dataclass
class MoveNode(Command):
    node_id: str
    position: tuple[float, float]
    _old: tuple[float, float] = (0.0, 0.0)

    text = "move node"

    def do(self, graph: Graph) -> None:
        node = graph.node(self.node_id)
        self._old = node.position
        node.position = (float(self.position[0]), float(self.position[1]))

    def undo(self, graph: Graph) -> None:
        graph.node(self.node_id).position = self._old


@dataclass
class RenameNode(Command):
    node_id: str
    title: str
    _old: str = ""

    text = "rename node"

    def do(self, graph: Graph) -> None:
        node = graph.node(self.node_id)
        self._old, node.title = node.title, self.title

    def undo(self, graph: Graph) -> None:
        graph.node(self.node_id).title = self._old


@dataclass
class ChooseTake(Command):
    """Pick which take of one item (``""`` for an unmapped node) feeds downstream."""

    node_id: str
    item_id: str
    take: int
    _old: int = 0

    text = "choose take"

    def do(self, graph: Graph) -> None:
        if self.take < 0:
            raise GraphError("a take number cannot be negative")
        node = graph.node(self.node_id)
        self._old = node.takes.get(self.item_id, 0)
        _set_take(node, self.item_id, self.take)

    def undo(self, graph: Graph) -> None:
        _set_take(graph.node(self.node_id), self.item_id, self._old)

    def touched(self) -> set[str]:
        return {self.node_id}


def _set_take(node: Node, item_id: str, take: int) -> None:
    if take:
        node.takes[item_id] = take
    else:
        node.takes.pop(item_id, None)


@dataclass
class Batch(Command):
    """Several commands as one undo step (e.g. paste, or a node with its wires)."""

    commands: list[Command]
    label: str = "edit"

    @property
    def text(self) -> str:  # type: ignore[override]
        return self.label

    def do(self, graph: Graph) -> None:
        done: list[Command] = []
        try:
            for c in self.commands:
                c.do(graph)
                done.append(c)
        except Exception:
            for c in reversed(done):
                c.undo(graph)
            raise

    def undo(self, graph: Graph) -> None:
        for c in reversed(self.commands):
            c.undo(graph)

    def touched(self) -> set[str]:
        out: set[str] = set()
        for c in self.commands:
            out |= c.touched()
        return out


Listener = Callable[[Command, str], None]


class UndoStack:
    """Applies commands to a graph and remembers them for undo/redo.

    Listeners are called after every change with the command and ``"do"``, ``"undo"``
    or ``"redo"``; the store autosaves from there.
    """

    def __init__(self, graph: Graph, limit: int = 500):
        self.graph = graph
        self.limit = limit
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._listeners: list[Listener] = []
        # Called on each command before it is applied; may return a replacement (the
        # store copies a file chosen from outside the project into it, and names the copy).
        self.prepare: Callable[[Command], Command] | None = None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def push(self, command: Command) -> Command:
        """Apply ``command``; if it raises, the graph is unchanged and nothing is recorded."""
        if self.prepare is not None:
            command = self.prepare(command)
        command.do(self.graph)
        self._done.append(command)
        del self._done[: -self.limit]
        self._undone.clear()
        self._notify(command, "do")
        return command

    def push_all(self, commands: Iterable[Command], label: str = "edit") -> Command:
        return self.push(Batch(list(commands), label))

    def undo(self) -> Command | None:
        if not self._done:
            return None
        command = self._done.pop()
        command.undo(self.graph)
        self._undone.append(command)
        self._notify(command, "undo")
        return command

    def redo(self) -> Command | None:
        if not self._undone:
            return None
        command = self._undone.pop()
        command.do(self.graph)
        self._done.append(command)
        self._notify(command, "redo")
        return command

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    def _notify(self, command: Command, how: str) -> None:
        for listener in list(self._listeners):
            listener(command, how)
