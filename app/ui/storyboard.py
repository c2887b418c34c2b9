"""The Storyboard pane: every shot in order with its still, speaker, line and duration.

Double-click plays the shot's clip; Regenerate makes a new take of its still; dragging
a card sets the Shots node's ``order``. Beside the cards, the take picker shows every take
of the selected shot's still.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core.graph import ChooseTake, SetParam
from app.core.node_api import Media
from app.ui.session import Session
from app.ui.takes import TakeStrip
from app.ui.viewers import thumbnail

THUMB = QSize(108, 192)
TAKE_THUMB = QSize(54, 96)
CARD = QSize(150, THUMB.height() + 78)
HEADING = Qt.ItemDataRole.UserRole + 1

# -- what the storyboard shows (no widgets) ---------------------------------------------------


@dataclass
class Card:
    shot_id: str
    index: int
    speaker: str
    line: str
    duration: float
    still: Media | None = None
    clip: Media | None = None


@dataclass
class Board:
    shots_node: str = ""
    still_node: str = ""
    clip_node: str = ""
    cards: list[Card] | None = None


def shots_node(session: Session) -> str:
    """The node that orders and overrides shots (has ``overrides`` and ``order`` params)."""
    for nid in session.graph.nodes:
        fields = session.node_type(nid).Params.model_fields
        if "overrides" in fields and "order" in fields:
            return nid
    return ""


def _mapped_output(session: Session, source: str, type_name: str) -> str:
    """The first node downstream of ``source`` whose output is a list of ``type_name``."""
    for nid in session.graph.topological_order():
        if nid not in session.graph.downstream(source):
            continue
        for port in session.node_type(nid).outputs:
            if session.graph.port_type(nid, port.name, True).name == f"List[{type_name}]":
                return nid
    return ""


def _load_list(session: Session, node_id: str) -> list[Any]:
    if not node_id:
        return []
    port = session.node_type(node_id).outputs[0].name
    try:
        value = session.load_output(node_id, port)
    except (LookupError, Exception):  # not made yet, or unreadable: no pictures yet
        return []
    return value if isinstance(value, list) else []


def build_board(session: Session) -> Board:
    """Shots from the Shots node, with the stills and clips made from them so far."""
    node = shots_node(session)
    if not node:
        return Board()
    shots = _load_list(session, node)
    overrides = session.graph.node(node).params.get("overrides") or {}
    board = Board(node, _mapped_output(session, node, "Image"))
    board.clip_node = _mapped_output(session, board.still_node or node, "Video")
    stills, clips = _load_list(session, board.still_node), _load_list(session, board.clip_node)
    board.cards = []
    for i, shot in enumerate(shots):
        data = {**shot.model_dump(), **overrides.get(shot.id, {})}
        board.cards.append(
            Card(
                shot.id,
                i,
                data.get("speaker") or "",
                data.get("line") or "",
                float(data.get("duration") or 0.0),
                stills[i] if i < len(stills) else None,
                clips[i] if i < len(clips) else None,
            )
        )
    return board


# -- the cards -------------------------------------------------------------------------------------


class CardDelegate(QStyledItemDelegate):
    """Draws a card: the still on top, "n. id · duration" and the line (wrapped) below."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:  # noqa: N802
        return CARD

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor("#2f7fd8") if selected else QColor("#3a3a40"))
        painter.setBrush(QColor("#26262a"))
        painter.drawRoundedRect(rect, 6, 6)
        icon: QIcon = index.data(Qt.ItemDataRole.DecorationRole)
        thumb = QRect(
            rect.x() + (rect.width() - THUMB.width()) // 2,
            rect.y() + 4,
            THUMB.width(),
            THUMB.height(),
        )
        if icon is not None:
            icon.paint(painter, thumb)
        text = rect.adjusted(6, THUMB.height() + 8, -6, -4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, index.data(HEADING) or ""
        )
        body = text.adjusted(0, 17, 0, 0)
        painter.setPen(QColor("#c8c8c8"))
        painter.drawText(
            body,
            Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            index.data(Qt.ItemDataRole.DisplayRole) or "",
        )
        painter.restore()


class CardList(QListWidget):
    """Asks the dock for one row of cards, however many cards it holds."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(600, CARD.height() + 24)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(CARD.width() + 12, CARD.height() + 12)


# -- the pane -------------------------------------------------------------------------------------


class StoryboardPane(QWidget):
    """Shot cards in order; drag to reorder, double-click to play, Regenerate per shot."""

    play_requested = Signal(object)
    regenerate_requested = Signal(str, int)
    shot_selected = Signal(str, int)  # the still node, the shot's index

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.board = Board()
        self.list = CardList(self)
        self._setup_list()
        self.info = QLabel(self, wordWrap=True)
        self.regen_button = QPushButton(self.tr("Regenerate shot"), self)
        self.regen_button.clicked.connect(self.regenerate_current)
        self.takes = TakeStrip(session, TAKE_THUMB, wrap=True, parent=self)
        self.takes.setMinimumWidth(TAKE_THUMB.width() + 16 + 24)
        self.takes.setMaximumWidth(4 * (TAKE_THUMB.width() + 16) + 24)
        top = QHBoxLayout()
        top.addWidget(self.info, 1)
        top.addWidget(self.regen_button)
        cards = QVBoxLayout()
        cards.addLayout(top)
        cards.addWidget(self.list, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(cards, 1)
        layout.addWidget(self.takes)
        self.list.currentItemChanged.connect(lambda *_: self._show_takes())
        session.changed.connect(self._on_model_changed)
        self.refresh()

    def _setup_list(self) -> None:
        lst = self.list
        lst.setViewMode(QListView.ViewMode.ListMode)
        lst.setFlow(QListView.Flow.LeftToRight)
        lst.setWrapping(True)
        lst.setResizeMode(QListView.ResizeMode.Adjust)
        lst.setIconSize(THUMB)
        lst.setItemDelegate(CardDelegate(lst))
        lst.setUniformItemSizes(True)
        lst.setSpacing(2)
        lst.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        lst.setDefaultDropAction(Qt.DropAction.MoveAction)
        lst.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lst.customContextMenuRequested.connect(self._menu)
        lst.itemDoubleClicked.connect(self._play)
        lst.model().rowsMoved.connect(lambda *_: self.commit_order())

    def refresh(self) -> None:
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.board = build_board(self.session)
        self.list.blockSignals(True)
        self.list.clear()
        for card in self.board.cards or []:
            self.list.addItem(self._item(card))
            if card.shot_id == keep:
                self.list.setCurrentRow(self.list.count() - 1)
        self.list.blockSignals(False)
        self._show_takes()
        self._flag_off_model()
        count = len(self.board.cards or [])
        total = sum(c.duration for c in self.board.cards or [])
        self.info.setText(
            self.tr("%d shots, %.1f s") % (count, total)
            if count
            else self.tr("Run the script to see the shots here.")
        )
        self.regen_button.setEnabled(bool(self.board.still_node and count))

    def _item(self, card: Card) -> QListWidgetItem:
        speaker = f"{card.speaker}: " if card.speaker else ""
        heading = f"{card.index + 1}. {card.shot_id} · {card.duration:.1f} s"
        item = QListWidgetItem(f"{speaker}{card.line}")
        item.setIcon(QIcon(self._thumb(card)))
        item.setData(Qt.ItemDataRole.UserRole, card.shot_id)
        item.setData(HEADING, heading)
        item.setToolTip(f"{heading}\n{speaker}{card.line}")
        return item

    @staticmethod
    def _thumb(card: Card) -> QPixmap:
        if card.still is not None:
            return thumbnail(card.still.path, THUMB.width(), THUMB.height())
        blank = QPixmap(THUMB)
        blank.fill(QColor("#333338"))
        return blank

    # -- takes ------------------------------------------------------------------------------
    def current_card(self) -> Card | None:
        return self._card(self.list.currentItem())

    def _show_takes(self) -> None:
        card = self.current_card()
        if card is None or not self.board.still_node:
            self.takes.show_target(None)
        else:
            self.takes.show_item(self.board.still_node, card.index)
            self.shot_selected.emit(self.board.still_node, card.index)

    def _on_model_changed(self, command: object, how: str) -> None:
        # a chosen take is already made: show its still now, the run re-makes what follows
        if isinstance(command, ChooseTake):
            self.refresh()

    def step_take(self, delta: int) -> int | None:
        """Use the previous (-1) or next (+1) take of the selected shot's still."""
        return self.takes.step(delta)

    def order(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def commit_order(self) -> bool:
        """The cards' order becomes the Shots node's ``order``."""
        if not self.board.shots_node:
            return False
        return self.session.push(SetParam(self.board.shots_node, "order", self.order()))

    def _card(self, item: QListWidgetItem | None) -> Card | None:
        if item is None or not self.board.cards:
            return None
        shot_id = item.data(Qt.ItemDataRole.UserRole)
        return next((c for c in self.board.cards if c.shot_id == shot_id), None)

    def _play(self, item: QListWidgetItem) -> None:
        card = self._card(item)
        media = card and (card.clip or card.still)
        if media is not None:
            self.play_requested.emit(media)

    def regenerate_current(self) -> None:
        card = self._card(self.list.currentItem())
        if card is not None and self.board.still_node:
            self.regenerate_requested.emit(self.board.still_node, card.index)

    def _menu(self, pos: Any) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Play"), lambda: self._play(item))
        menu.addAction(self.tr("Regenerate"), self.regenerate_current)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _flag_off_model(self) -> None:
        """A warning mark on the cards a Consistency check found off-model; why in the tooltip."""
        reasons = off_model_reasons(self.session)
        for row in range(self.list.count()):
            item = self.list.item(row)
            found = reasons.get(item.data(Qt.ItemDataRole.UserRole))
            if found:
                item.setData(HEADING, f"\u26a0 {item.data(HEADING) or ''}")
                item.setToolTip("\n".join([item.toolTip(), *(f"\u26a0 {r}" for r in found)]))


def off_model_reasons(session: Session) -> dict[str, list[str]]:
    """Shot id -> the reasons a Consistency check node flagged it (empty without such a node)."""
    found: dict[str, list[str]] = {}
    for nid, node in session.graph.nodes.items():
        if node.type_id != "consistency.check":
            continue
        for check in _load_list(session, nid):
            if isinstance(check, dict) and check.get("outlier"):
                found.setdefault(str(check.get("shot_id")), []).append(str(check.get("reason")))
    return found
