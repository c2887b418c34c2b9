"""A small overview of the whole graph in the canvas corner: where you are, click to go."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

SIZE = (200, 130)


class Minimap(QGraphicsView):
    """Draws the canvas's scene scaled to fit, with the visible part outlined.

    ``go_to`` carries the scene point clicked (or dragged to); the canvas pans there.
    Repaints are debounced: the scene changes on every mouse move of a drag.
    """

    go_to = Signal(QPointF)

    def __init__(self, scene: Any, visible: Any, parent: QWidget):
        super().__init__(scene, parent)
        self._visible = visible  # () -> the main view's visible scene rect
        self.setObjectName("minimap")
        self.setFixedSize(*SIZE)
        self.setFrameShape(QFrame.Shape.Box)
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setBackgroundBrush(QColor(20, 20, 24, 230))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.NoViewportUpdate)
        self.setToolTip(self.tr("The whole graph: click or drag to move the view"))
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refit)
        scene.changed.connect(self.schedule)  # bound: dropped when the minimap goes

    @Slot()
    def schedule(self) -> None:
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def graph_rect(self) -> QRectF:
        return self.scene().itemsBoundingRect().adjusted(-40, -40, 40, 40)

    def refit(self) -> None:
        """Fit the whole graph (and the visible part) and repaint."""
        self.setSceneRect(self.graph_rect().united(self._visible()))
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        painter.setPen(QPen(QColor("#2f7fd8"), 0))
        painter.setBrush(QColor(47, 127, 216, 40))
        painter.drawRect(self._visible())

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.go_to.emit(self.mapToScene(event.position().toPoint()))

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.go_to.emit(self.mapToScene(event.position().toPoint()))

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        event.ignore()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refit()
