"""The Tab palette: type to find a node type by title, family or description."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


def matches(node_type: Any, words: list[str]) -> bool:
    """Every typed word appears in the type's title, family, id or description."""
    haystack = " ".join(
        [node_type.title, node_type.category, node_type.type_id, node_type.description]
    ).lower()
    return all(w in haystack for w in words)


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
        words = text.lower().split()
        self.list.clear()
        for t in self.node_types:
            if matches(t, words):
                item = QListWidgetItem(f"{t.title}  ·  {t.category}")
                item.setData(Qt.ItemDataRole.UserRole, t.type_id)
                item.setToolTip(t.description or t.type_id)
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
