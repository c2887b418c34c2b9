"""The take picker: thumbnails of every take of one shot, and a side-by-side comparison.

Clicking a thumbnail chooses that take (a ``ChooseTake`` command, so it is undoable);
what depends on the shot goes stale and the next run re-makes only that. ``[`` and ``]``
(or Alt+Left / Alt+Right) step through the takes of the selected shot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import takes
from app.core.graph import ChooseTake, GraphError
from app.core.node_api import Media
from app.core.takes import TakeInfo
from app.ui.names import node_name
from app.ui.session import Session
from app.ui.viewers import ImageView, thumbnail
from app.ui.wheel import ComboBox

CHOSEN = QColor("#2f7fd8")
STEP_KEYS = {"previous": ("[", "Alt+Left"), "next": ("]", "Alt+Right")}

# -- pictures of takes --------------------------------------------------------------------------


def picture_path(session: Session, media: Media) -> Path | None:
    """An image file showing ``media``: the still itself, or a frame of a clip."""
    if media.kind == "image":
        return Path(media.path)
    if media.kind != "video":
        return None
    frames = session.project.artifacts.tmp_dir / "frames"
    frames.mkdir(parents=True, exist_ok=True)
    out = frames / f"{media.hash}.png"
    if not out.exists():
        from app.media.ffmpeg import thumbnail as video_frame

        try:
            video_frame(media.path, out, width=540)
        except Exception:  # an unreadable clip shows as a blank tile, not an error
            return None
    return out


def take_pixmap(session: Session, take: TakeInfo, size: QSize) -> QPixmap:
    """A thumbnail of a take, framed in blue when it is the chosen one."""
    canvas = QPixmap(size)
    canvas.fill(QColor("#26262a"))
    path = picture_path(session, take.media) if take.media is not None else None
    painter = QPainter(canvas)
    if path is not None:
        picture = thumbnail(path, size.width() - 6, size.height() - 6)
        painter.drawPixmap(
            (size.width() - picture.width()) // 2, (size.height() - picture.height()) // 2, picture
        )
    if take.chosen:
        painter.setPen(QPen(CHOSEN, 3))
        painter.drawRect(canvas.rect().adjusted(1, 1, -2, -2))
    painter.end()
    return canvas


def describe(take: TakeInfo) -> str:
    """One line about a take: seed, provider, when it was made."""
    parts = []
    if take.seed is not None:
        parts.append(f"seed {take.seed}")
    if take.provider:
        parts.append(take.provider)
    if take.created is not None:
        parts.append(take.created.strftime("%Y-%m-%d %H:%M"))
    return " · ".join(parts)


# -- which item the picker shows ------------------------------------------------------------------


@dataclass
class Target:
    """One item of one node: whose takes are shown."""

    node_id: str
    item_index: int
    item_id: str
    label: str


def target_for(session: Session, node_id: str, item_index: int) -> Target | None:
    """The item ``item_index`` of ``node_id``, or None when it has not been planned yet."""
    if node_id not in session.graph.nodes:
        return None
    try:
        ids = takes.item_ids(session.engine, node_id)
    except GraphError:
        return None
    if not 0 <= item_index < len(ids):
        return None
    label = node_name(session.graph, node_id)
    return Target(node_id, item_index, ids[item_index], label)


def choose(session: Session, target: Target, take: int) -> bool:
    """Make ``take`` the one that feeds downstream (undoable); False if nothing changed."""
    current = session.graph.node(target.node_id).takes.get(target.item_id, 0)
    if take == current:
        return False
    return session.push(ChooseTake(target.node_id, target.item_id, take))


def step(session: Session, target: Target, delta: int) -> int | None:
    """Choose the made take ``delta`` places after the chosen one; returns it (None: no move)."""
    made = [t for t in takes.list_takes(session.engine, target.node_id, target.item_id)
            if t.available]
    if len(made) < 2:
        return None
    current = next((i for i, t in enumerate(made) if t.chosen), 0)
    wanted = max(0, min(len(made) - 1, current + delta))
    if wanted == current or not choose(session, target, made[wanted].take):
        return None
    return made[wanted].take


# -- the strip ------------------------------------------------------------------------------------------


class TakeStrip(QWidget):
    """Thumbnails of the takes of one item; click one to use it, or compare two."""

    TAKE = Qt.ItemDataRole.UserRole

    def __init__(self, session: Session, thumb: QSize, wrap: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.thumb = thumb
        self.target: Target | None = None
        self.shown: list[TakeInfo] = []
        self.title = QLabel(self)
        self.compare_button = QPushButton(self.tr("Compare…"), self)
        self.compare_button.setToolTip(self.tr("Show two takes of this shot side by side"))
        self.compare_button.clicked.connect(self.open_compare)
        self.list = QListWidget(self)
        self._setup_list(wrap)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.dialog: CompareDialog | None = None
        self.show_target(None)

    def _setup_list(self, wrap: bool) -> None:
        lst = self.list
        lst.setViewMode(QListView.ViewMode.IconMode)
        lst.setFlow(QListView.Flow.LeftToRight)
        lst.setWrapping(wrap)
        lst.setResizeMode(QListView.ResizeMode.Adjust)
        lst.setMovement(QListView.Movement.Static)
        lst.setIconSize(self.thumb)
        lst.setSpacing(2)
        lst.setUniformItemSizes(True)
        lst.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        lst.itemClicked.connect(self._on_clicked)
        if not wrap:
            lst.setFixedHeight(self.thumb.height() + 34)
        previous, following = STEP_KEYS["previous"][0], STEP_KEYS["next"][0]
        lst.setToolTip(
            self.tr("Click a take to use it. %s / %s (or Alt+Left / Alt+Right) step through them.")
            % (previous, following)
        )

    # -- what is shown ----------------------------------------------------------------------------
    def show_item(self, node_id: str, item_index: int) -> None:
        self.show_target(target_for(self.session, node_id, item_index))

    def show_target(self, target: Target | None) -> None:
        self.target = target
        self.refresh()

    def refresh(self) -> None:
        """Re-read the takes (after a run, a choice, an undo)."""
        self.list.clear()
        self.shown = []
        target = self.target
        if target is not None and target.node_id in self.session.graph.nodes:
            self.shown = takes.list_takes(self.session.engine, target.node_id, target.item_id)
        for take in self.shown:
            self.list.addItem(self._item(take))
        self._update_title()
        self.compare_button.setEnabled(len(self.available()) >= 2)

    def _item(self, take: TakeInfo) -> QListWidgetItem:
        item = QListWidgetItem(self.tr("take %d") % take.take)
        item.setIcon(QIcon(take_pixmap(self.session, take, self.thumb)))
        item.setData(self.TAKE, take.take)
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
        tip = describe(take)
        if take.chosen:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            item.setForeground(CHOSEN)
            tip = self.tr("In use. ") + tip
        if not take.available:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            tip = self.tr("Not made yet: run the graph.")
        item.setToolTip(tip)
        return item

    def _update_title(self) -> None:
        target = self.target
        if target is None:
            self.title.setText(self.tr("Takes: select a shot after a run."))
            return
        chosen = next((t.take for t in self.shown if t.chosen), 0)
        self.title.setText(
            self.tr("%s, shot %d: %d takes, take %d in use")
            % (target.label, target.item_index + 1, len(self.shown), chosen)
        )

    def available(self) -> list[TakeInfo]:
        return [t for t in self.shown if t.available]

    def chosen_take(self) -> int | None:
        return next((t.take for t in self.shown if t.chosen), None)

    # -- choosing -----------------------------------------------------------------------------------
    def _on_clicked(self, item: QListWidgetItem) -> None:
        take = item.data(self.TAKE)
        if self.target is not None and take is not None:
            choose(self.session, self.target, int(take))

    def step(self, delta: int) -> int | None:
        """Choose the previous (-1) or next (+1) take of the shown item."""
        if self.target is None:
            return None
        return step(self.session, self.target, delta)

    def open_compare(self) -> CompareDialog | None:
        """Open (or bring back) the side-by-side view of two takes of the shown item."""
        if self.target is None or len(self.available()) < 2:
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = CompareDialog(self.session, self.target, self.window())
        self.dialog.show()
        return self.dialog


# -- side by side ----------------------------------------------------------------------------------


class CompareSide(QWidget):
    """One half of the comparison: a take picker, its picture and a "Use" button."""

    def __init__(self, session: Session, use_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.combo = ComboBox(self)
        self.view = ImageView(self)
        self.view.setMinimumSize(270, 480)
        self.info = QLabel(self, wordWrap=True)
        self.use_button = QPushButton(use_text, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.use_button)

    def show_take(self, take: TakeInfo) -> None:
        path = picture_path(self.session, take.media) if take.media is not None else None
        if path is not None:
            self.view.set_image(path)
        kind = take.media.kind if take.media is not None else ""
        state = self.tr("in use") if take.chosen else ""
        lines = [f"<b>{self.tr('take %d') % take.take}</b> {state}", describe(take)]
        if kind == "video" and take.media.duration:
            lines.append(self.tr("clip, %.1f s (a frame is shown)") % take.media.duration)
        self.info.setText("<br>".join(line for line in lines if line))


class CompareDialog(QDialog):
    """Two takes of one shot side by side, with "Use left" / "Use right"."""

    chosen = Signal(int)

    def __init__(self, session: Session, target: Target, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.target = target
        self.setWindowTitle(
            self.tr("Compare takes: %s, shot %d") % (target.label, target.item_index + 1)
        )
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.takes = [
            t for t in takes.list_takes(session.engine, target.node_id, target.item_id)
            if t.available
        ]
        self.left = CompareSide(session, self.tr("Use left"), self)
        self.right = CompareSide(session, self.tr("Use right"), self)
        self.same = QLabel(self.tr("These two takes are the same picture."), self)
        self.same.setStyleSheet("color: #e0b050")
        grid = QGridLayout(self)
        grid.addWidget(self.left, 0, 0)
        grid.addWidget(self.right, 0, 1)
        grid.addWidget(self.same, 1, 0, 1, 2)
        for side in (self.left, self.right):
            for take in self.takes:
                side.combo.addItem(self.tr("take %d") % take.take, take.take)
            side.combo.currentIndexChanged.connect(lambda _, s=side: self._show(s))
        self.left.use_button.clicked.connect(lambda: self.use(self.left))
        self.right.use_button.clicked.connect(lambda: self.use(self.right))
        chosen = next((i for i, t in enumerate(self.takes) if t.chosen), 0)
        other = next((i for i in reversed(range(len(self.takes))) if i != chosen), chosen)
        self.left.combo.setCurrentIndex(chosen)
        self.right.combo.setCurrentIndex(other)
        self._show(self.left)
        self._show(self.right)
        self.resize(640, 720)

    def _show(self, side: CompareSide) -> None:
        index = side.combo.currentIndex()
        if 0 <= index < len(self.takes):
            side.show_take(self.takes[index])
        self.same.setVisible(self.identical())

    def identical(self) -> bool:
        """Whether both sides show the same file (a provider that ignored the seed)."""
        left, right = self.left.combo.currentIndex(), self.right.combo.currentIndex()
        if not (0 <= left < len(self.takes) and 0 <= right < len(self.takes)):
            return False
        a, b = self.takes[left].media, self.takes[right].media
        return a is not None and b is not None and a.hash == b.hash

    def take_of(self, side: CompareSide) -> int:
        return int(side.combo.currentData())

    def use(self, side: CompareSide) -> None:
        """Choose the take shown on ``side`` and close."""
        take = self.take_of(side)
        choose(self.session, self.target, take)
        self.chosen.emit(take)
        self.accept()
