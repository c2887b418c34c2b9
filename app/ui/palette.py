"""Finding a node type: the Tab palette (type to search) and the node library (browse by
family, drag onto the canvas). Both search titles, families and descriptions in English
and in the UI's language, so "音乐" finds the Music node as "music" does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.names import family, tr_node, type_title

NODE_MIME = "application/x-shotgraph-node-type"  # a dragged node type: its type_id


def searchable(node_type: Any) -> str:
    """Everything a search may match, in both languages, lower case."""
    words = [node_type.title, node_type.category, node_type.type_id, node_type.description]
    words += [tr_node(w) for w in (node_type.title, node_type.category, node_type.description)]
    return " ".join(w for w in words if w).lower()


def matches(node_type: Any, words: list[str]) -> bool:
    """Every typed word appears in the type's title, family, id or description (either
    language)."""
    haystack = searchable(node_type)
    return all(w in haystack for w in words)


def rank(node_type: Any, words: list[str]) -> int:
    """0 when the title holds every word, 1 with the family too, 2 otherwise (the
    description): "音乐" lists Music before nodes that only mention music."""
    title = f"{node_type.title} {type_title(node_type)}".lower()
    if all(w in title for w in words):
        return 0
    named = f"{title} {node_type.category} {family(node_type.category)}".lower()
    return 1 if all(w in named for w in words) else 2


def found(node_types: list[Any], text: str) -> list[Any]:
    """The node types matching ``text``, best first (the registry's order within a rank)."""
    words = text.lower().split()
    hits = [t for t in node_types if matches(t, words)]
    return sorted(hits, key=lambda t: rank(t, words))


class NodePalette(QFrame):
    """A search field over a filtered list; Enter or a click adds the chosen type."""

    chosen = Signal(str)

    def __init__(self, node_types: list[Any], parent: QWidget):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.node_types = node_types
        self.search = QLineEdit(self, placeholderText=self.tr("Search nodes…"))
        self.list = QListWidget(self)
        self.list.setObjectName("palette")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.resize(320, 300)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self.choose_current)
        self.list.itemActivated.connect(lambda item: self._choose(item))
        self.list.itemClicked.connect(lambda item: self._choose(item))
        self.search.installEventFilter(self)
        self.hide()
        self.filter("")

    def filter(self, text: str) -> None:
        self.list.clear()
        for t in found(self.node_types, text):
            item = QListWidgetItem(f"{type_title(t)}  ·  {family(t.category)}")
            item.setData(Qt.ItemDataRole.UserRole, t.type_id)
            item.setToolTip(tr_node(t.description) or t.type_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def visible_types(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def popup_at(self, pos: QPoint) -> None:
        parent = self.parentWidget()
        x = min(max(0, pos.x()), max(0, parent.width() - self.width()))
        y = min(max(0, pos.y()), max(0, parent.height() - self.height()))
        self.move(x, y)
        self.search.clear()
        self.show()
        self.raise_()
        self.search.setFocus()

    def choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        self.hide()
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if obj is self.search and event.type() == event.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)


class NodeLibrary(QWidget):
    """Every node type by family: drag one onto the canvas, or double-click to add it."""

    chosen = Signal(str)

    def __init__(self, node_types: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.node_types = node_types
        self.search = QLineEdit(self, placeholderText=self.tr("Search nodes…"))
        self.search.setClearButtonEnabled(True)
        self.tree = _DraggableTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setToolTip(self.tr("Drag a node onto the canvas, or double-click to add it"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self.search.textChanged.connect(self.filter)
        self.tree.itemActivated.connect(self._activated)
        self.filter("")

    def filter(self, text: str) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for t in found(self.node_types, text) if text.strip() else self.node_types:
            group = groups.get(t.category)
            if group is None:
                group = groups[t.category] = QTreeWidgetItem(self.tree, [family(t.category)])
                group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            item = QTreeWidgetItem(group, [type_title(t)])
            item.setData(0, Qt.ItemDataRole.UserRole, t.type_id)
            item.setToolTip(0, tr_node(t.description) or t.type_id)
        self.tree.expandAll()

    def visible_types(self) -> list[str]:
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            found += [group.child(i).data(0, Qt.ItemDataRole.UserRole)
                      for i in range(group.childCount())]
        return found

    def _activated(self, item: QTreeWidgetItem) -> None:
        type_id = item.data(0, Qt.ItemDataRole.UserRole)
        if type_id:
            self.chosen.emit(type_id)


class _DraggableTree(QTreeWidget):
    """Drags a node type as ``NODE_MIME`` (the canvas knows what to do with it)."""

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # noqa: N802 - Qt override
        data = QMimeData()
        type_id = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        if type_id:
            data.setData(NODE_MIME, type_id.encode("utf-8"))
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [NODE_MIME]
