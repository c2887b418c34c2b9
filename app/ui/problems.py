"""The Problems pane: every node that failed or cannot run, with why; a click selects it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.ui import theme


class ProblemsPane(QWidget):
    """One row per problem: the node's name and the message; clicking selects the node."""

    select_node = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.empty = QLabel(self.tr("No problems: every node can run."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemActivated.connect(self._on_clicked)
        self.show_problems([])

    def show_problems(self, problems: list[tuple[str, str, str, str]]) -> None:
        """``problems``: (node id, node name, "failed" or "blocked", message)."""
        self.list.clear()
        for node_id, name, kind, message in problems:
            prefix = self.tr("failed") if kind == "failed" else self.tr("cannot run")
            item = QListWidgetItem(f"{name} — {prefix}: {message}")
            item.setData(Qt.ItemDataRole.UserRole, node_id)
            item.setToolTip(self.tr("Click to select %s on the canvas") % name)
            color = theme.STATE_COLORS["failed"] if kind == "failed" else "#c89030"
            item.setForeground(QColor(color))
            self.list.addItem(item)
        self.empty.setVisible(not problems)
        self.list.setVisible(bool(problems))

    def count(self) -> int:
        return self.list.count()

    def _on_clicked(self, item: QListWidgetItem) -> None:
        self.select_node.emit(item.data(Qt.ItemDataRole.UserRole))
