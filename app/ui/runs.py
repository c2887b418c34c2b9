"""The Runs pane: a log of run events (failures can select their node) and a timeline
of the last run, one bar per node or item, coloured by status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.engine import ItemDone, NodeCached, NodeDone, NodeFailed, NodeStarted, RunFinished
from app.ui import theme
from app.ui.names import node_name, readable
from app.ui.session import Session

# -- timeline data (pure) -----------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of the timeline: seconds from the run's start."""

    row: str
    start: float
    end: float
    status: str
    error: str = ""


def timeline_bars(rows: list[Any], label: Any) -> list[Bar]:
    """Bars from ``node_run`` rows; ``label(node_id)`` names a node."""
    starts = [r.started_at for r in rows if r.started_at is not None]
    if not starts:
        return []
    origin: datetime = min(starts)
    bars = []
    for r in rows:
        start = (r.started_at - origin).total_seconds() if r.started_at else 0.0
        end = (r.finished_at - origin).total_seconds() if r.finished_at else start
        end = max(end, start + (r.seconds or 0.0))
        item = "" if r.item_index is None else f" #{r.item_index + 1}"
        bars.append(Bar(f"{label(r.node_id)}{item}", start, end, r.status, r.error or ""))
    return bars


class TimelineView(QWidget):
    """Draws bars per row; cached bars are hatched and marked with a 'c'."""

    ROW = 16

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.setMinimumHeight(60)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        rows = len({b.row for b in bars})
        self.setMinimumHeight(max(60, rows * self.ROW + 24))
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1f1f22"))
        if not self.bars:
            painter.setPen(QColor("#888888"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No run yet"))
            return
        rows = list(dict.fromkeys(b.row for b in self.bars))
        label_w = 170
        span = max(max(b.end for b in self.bars), 0.001)
        scale = (self.width() - label_w - 50) / span
        painter.setPen(QColor("#cccccc"))
        for i, row in enumerate(rows):
            painter.drawText(
                QRectF(4, i * self.ROW + 4, label_w - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter,
                row,
            )
        for bar in self.bars:
            self._draw_bar(painter, bar, rows.index(bar.row), label_w, scale)
        painter.setPen(QColor("#888888"))
        painter.drawText(
            QRectF(label_w, len(rows) * self.ROW + 6, 200, 14),
            Qt.AlignmentFlag.AlignLeft,
            f"{span:.1f} s",
        )

    def _draw_bar(self, painter: QPainter, bar: Bar, index: int, left: int, scale: float) -> None:
        x = left + bar.start * scale
        rect = QRectF(x, index * self.ROW + 5, max(4.0, (bar.end - bar.start) * scale), 11)
        color = QColor(theme.RUN_STATUS_COLORS.get(bar.status, "#777777"))
        painter.fillRect(rect, color)
        if bar.status == "cached":
            painter.fillRect(rect, QColor(255, 255, 255, 60))
            painter.setPen(QColor("white"))
            painter.drawText(rect.adjusted(2, -2, 20, 2), Qt.AlignmentFlag.AlignLeft, "c")


# -- the pane -------------------------------------------------------------------------------


class RunsPane(QWidget):
    """Log of the current run and the timeline of the last one."""

    select_node = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.log = QListWidget(self)
        self.timeline = TimelineView(self)
        self.summary = QLabel(self)
        scroller = QScrollArea(self)  # a long run's timeline scrolls, the dock keeps its size
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.timeline)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.log)
        splitter.addWidget(scroller)
        splitter.setSizes([400, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.summary)
        layout.addWidget(splitter)
        self.show_last_run()

    def add_line(self, text: str, node_id: str = "", failed: bool = False) -> None:
        item = QListWidgetItem(self.log)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(4, 1, 4, 1)
        label = QLabel(text)
        label.setToolTip(text)
        if failed:
            label.setStyleSheet("color: #ff7070;")
        layout.addWidget(label, 1)
        if failed and node_id:
            button = QPushButton(self.tr("Select node"))
            button.clicked.connect(lambda: self.select_node.emit(node_id))
            layout.addWidget(button)
        item.setSizeHint(row.sizeHint())
        self.log.setItemWidget(item, row)
        self.log.scrollToBottom()

    def on_event(self, event: Any) -> None:
        line = self._describe(event)
        if line:
            self.add_line(line, event.node_id, isinstance(event, NodeFailed))
        if isinstance(event, RunFinished):
            self.show_run(event.run_id)

    def _describe(self, e: Any) -> str:
        graph = self.session.graph
        name = node_name(graph, e.node_id) if e.node_id else ""
        if isinstance(e, NodeStarted):
            return self.tr("%s: running %d of %d") % (name, e.to_run, e.total)
        if isinstance(e, NodeCached):
            return self.tr("%s: from cache") % name
        if isinstance(e, NodeDone):
            return self.tr("%s: done in %.1f s (%d ran, %d cached)") % (
                name,
                e.seconds,
                e.ran,
                e.cached,
            )
        if isinstance(e, NodeFailed):
            return self.tr("%s failed: %s") % (name, readable(graph, e.error))
        if isinstance(e, RunFinished):
            return self.tr("Run %d %s") % (e.run_id, e.status)
        if isinstance(e, ItemDone):
            return ""
        return ""

    def show_last_run(self) -> None:
        run_id = self.session.project.last_run_id()
        if run_id:
            self.show_run(run_id)

    def show_run(self, run_id: int) -> None:
        rows = self.session.project.node_runs(run_id)
        self.timeline.set_bars(timeline_bars(rows, self._short_label))
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.status] = counts.get(r.status, 0) + 1
        parts = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        self.summary.setText(self.tr("Run %d: %s") % (run_id, parts))

    def _short_label(self, node_id: str) -> str:
        return node_name(self.session.graph, node_id)
