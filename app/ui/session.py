"""The open project as the panes see it: one place to push commands and hear changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.graph import Command, Graph, GraphError

if TYPE_CHECKING:
    from app.core.engine import Plan
    from app.core.store.project import Project


class Session(QObject):
    """Wraps a ``Project`` for the UI thread.

    ``changed`` fires after every model edit (do/undo/redo), whoever made it;
    ``refused`` carries the message of an edit the model would not take.
    """

    changed = Signal(object, str)
    refused = Signal(str)

    def __init__(self, project: Project, registry: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.registry = registry
        from app.core.engine import Engine  # with the store: after a launch's first paint

        # Reads outputs and plans on the UI thread; runs use their own engine.
        self.engine = Engine(project)
        self.last_error = ""
        self._unsubscribe = project.undo.subscribe(self._on_command)

    @property
    def graph(self):
        return self.project.graph

    def push(self, command: Command) -> bool:
        """Apply ``command``; on a ``GraphError`` say why and leave the model as it was."""
        try:
            self.project.undo.push(command)
        except GraphError as exc:
            self.last_error = str(exc)
            self.refused.emit(self.last_error)
            return False
        self.last_error = ""
        return True

    def plan(self, targets: list[str] | None = None) -> Plan:
        return self.engine.plan(targets)

    def load_output(self, node_id: str, port: str) -> Any:
        return self.engine.load_output(node_id, port)

    def node_type(self, node_id: str) -> Any:
        return self.registry.get(self.graph.node(node_id).type_id)

    def nodes_of_type(self, type_id: str) -> list[str]:
        return [nid for nid, n in self.graph.nodes.items() if n.type_id == type_id]

    def detach(self) -> None:
        """Stop following the project (the panes on it are going); it stays open."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def close(self) -> None:
        self.detach()
        self.project.close()

    def _on_command(self, command: Command, how: str) -> None:
        self.changed.emit(command, how)


class FirstLook(QObject):
    """What a canvas needs of a session, on a graph read before its project is open.

    A launch paints the project's graph from its file (``MainWindow(glance=...)``) and
    opens the project right after; until then every edit is refused with a message, and
    the window hands the canvas to the real ``Session`` (``CanvasBridge.attach``).
    """

    changed = Signal(object, str)
    refused = Signal(str)

    def __init__(self, graph: Graph, registry: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.graph = graph
        self.registry = registry
        self.last_error = ""

    def push(self, command: Command) -> bool:
        self.last_error = self.tr("The project is still opening; try again in a moment.")
        self.refused.emit(self.last_error)
        return False

