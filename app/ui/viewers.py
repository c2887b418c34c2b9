"""Image viewers shared by the panes: a reduced-size thumbnail and a zoomable view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImageReader, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget


def thumbnail(path: Path | str, width: int, height: int) -> QPixmap:
    """A small pixmap of an image file, decoded at reduced size."""
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid():
        size.scale(width, height, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(size)
    return QPixmap.fromImage(reader.read())


class ImageView(QGraphicsView):
    """Fits the image to the view; the wheel zooms, double-click fits again."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor("#141416"))
        self.fitted = True
        self.caption: Any = None  # app.ui.caption.Caption drawn over the picture

    def set_image(self, path: Path | str, caption: Any = None) -> None:
        self.item.setPixmap(QPixmap(str(path)))
        self.caption = caption
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def drawForeground(self, painter: Any, rect: Any) -> None:  # noqa: N802 - Qt override
        """The caption, fixed along the bottom of the picture as it shows (not in it)."""
        if self.caption is None or self.item.pixmap().isNull():
            return
        from app.ui.caption import draw_caption

        shown = self.mapFromScene(self.item.sceneBoundingRect()).boundingRect()
        shown = shown.intersected(self.viewport().rect())
        painter.save()
        painter.resetTransform()
        draw_caption(painter, QRectF(shown), self.caption)
        painter.restore()

    def fit(self) -> None:
        self.fitted = True
        self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.fitted = False
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self.scale(factor, factor)

    def mouseDoubleClickEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.fit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.fitted:
            self.fit()
