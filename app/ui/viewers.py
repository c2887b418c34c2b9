"""Image viewers shared by the panes: a reduced-size thumbnail and a zoomable view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget


def thumbnail(path: Path | str, width: int, height: int) -> QPixmap:
    """A small pixmap of an image file, decoded at reduced size."""
    return QPixmap.fromImage(_small_image(path, width, height))


def _small_image(path: Path | str, width: int, height: int) -> QImage:
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid():
        size.scale(width, height, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(size)
    return reader.read()


class _Decode(QRunnable):
    class Signals(QObject):
        done = Signal(str, QImage)

    def __init__(self, key: str, path: Path | str, width: int, height: int):
        super().__init__()
        self.key, self.path, self.width, self.height = key, path, width, height
        self.signals = self.Signals()

    def run(self) -> None:
        self.signals.done.emit(self.key, _small_image(self.path, self.width, self.height))


class Thumbnails(QObject):
    """Small pictures of stills by key, decoded off the UI thread (a 1080x1920 PNG takes
    0.1-0.2 s to decode even at reduced size: a storyboard of them froze the window).

    ``get`` answers the cached pixmap, or ``None`` and starts decoding it; ``ready(key)``
    fires on the UI thread when it is in.
    """

    ready = Signal(str)

    def __init__(self, width: int, height: int, parent: QObject | None = None,
                 limit: int = 400):
        super().__init__(parent)
        self.width, self.height, self.limit = width, height, limit
        self._pixmaps: dict[str, QPixmap] = {}
        self._jobs: dict[str, _Decode] = {}

    def get(self, key: str, path: Path | str) -> QPixmap | None:
        found = self._pixmaps.get(key)
        if found is None and key not in self._jobs:
            job = self._jobs[key] = _Decode(key, path, self.width, self.height)
            job.signals.done.connect(self._decoded)
            QThreadPool.globalInstance().start(job)
        return found

    def busy(self) -> bool:
        return bool(self._jobs)

    def _decoded(self, key: str, image: QImage) -> None:
        self._jobs.pop(key, None)
        if len(self._pixmaps) > self.limit:  # a long season of regenerations: start afresh
            self._pixmaps.clear()
        self._pixmaps[key] = QPixmap.fromImage(image)
        self.ready.emit(key)


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
