"""The Storyboard pane: every shot in order with its still, speaker, line and duration.

Cards fill in while a run makes them (each still the moment it exists), and keep the
last good picture, marked stale, until a new one replaces it. Clicking a card selects
the shot everywhere (``shot_selected``: the preview plays it, the inspector edits it);
double-click plays it; F2 edits its line in place; Regenerate makes a new take of its
still; dragging a card sets the Shots node's ``order``. Beside the cards, the take picker
shows every take of the selected shot's still.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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

from app.core.engine import Event, ItemDone, NodeFailed, Progress, RunFinished
from app.core.graph import ChooseTake, SetParam
from app.core.node_api import Media
from app.ui import theme
from app.ui.caption import Caption, caption_of, draw_caption
from app.ui.results import Results
from app.ui.session import Session
from app.ui.takes import TakeStrip
from app.ui.viewers import Thumbnails

THUMB = QSize(108, 192)
TAKE_THUMB = QSize(54, 96)
CARD = QSize(150, THUMB.height() + 78)
SHOT_ID = Qt.ItemDataRole.UserRole
HEADING = Qt.ItemDataRole.UserRole + 1
STATE = Qt.ItemDataRole.UserRole + 4  # (kind, label): ("stale", "stale"), ("making", "40%")…
LINE = Qt.ItemDataRole.UserRole + 3
TAG_COLORS = {"stale": "#b08a30", "making": theme.STATE_COLORS["running"],
              "failed": theme.STATE_COLORS["failed"]}
CAPTION = Qt.ItemDataRole.UserRole + 2

# -- what the storyboard shows (no widgets) ---------------------------------------------------


@dataclass
class Card:
    """One shot as the storyboard shows it (the latest fields, its media, what is stale)."""

    shot_id: str
    index: int
    speaker: str
    line: str
    duration: float
    still: Media | None = None
    clip: Media | None = None
    voice: Media | None = None
    caption: Caption | None = None  # drawn over the still, never into it
    fields: dict[str, Any] = field(default_factory=dict)  # the shot as the Shots node has it
    stale: set[str] = field(default_factory=set)  # of "shot", "still", "clip", "voice"

    @property
    def speaker_id(self) -> str:
        return str(self.fields.get("speaker") or "")


@dataclass
class Board:
    shots_node: str = ""
    still_node: str = ""
    clip_node: str = ""
    voice_node: str = ""
    music_node: str = ""
    cards: list[Card] | None = None

    def card(self, shot_id: str) -> Card | None:
        return next((c for c in self.cards or [] if c.shot_id == shot_id), None)


def shots_node(session: Session) -> str:
    """The node that orders and overrides shots (has ``overrides`` and ``order`` params)."""
    for nid in session.graph.nodes:
        fields = session.node_type(nid).Params.model_fields
        if "overrides" in fields and "order" in fields:
            return nid
    return ""


def _mapped_output(session: Session, source: str, type_name: str) -> str:
    """The first node downstream of ``source`` whose output is a list of ``type_name``."""
    below = session.graph.downstream(source)
    for nid in session.graph.topological_order():
        if nid not in below:
            continue
        for port in session.node_type(nid).outputs:
            if session.graph.port_type(nid, port.name, True).name == f"List[{type_name}]":
                return nid
    return ""


def _music_node(session: Session, voice_node: str) -> str:
    """The node whose single audio track goes under every shot (the music)."""
    for nid in session.graph.topological_order():
        if nid == voice_node:
            continue
        for port in session.node_type(nid).outputs:
            if session.graph.port_type(nid, port.name, True).name == "Audio":
                return nid
    return ""


def edit_shot(session: Session, node_id: str, shot_id: str, changes: dict[str, Any]) -> bool:
    """One undoable edit of a shot: ``changes`` laid over its overrides on the Shots node."""
    node = session.graph.nodes.get(node_id)
    if node is None or not changes:
        return False
    overrides = dict(node.params.get("overrides") or {})
    overrides[shot_id] = {**overrides.get(shot_id, {}), **changes}
    return session.push(SetParam(node_id, "overrides", overrides))


def build_board(session: Session, results: Results) -> Board:
    """Shots from the Shots node, with the stills, clips and voices made from them so far."""
    node = shots_node(session)
    if not node:
        return Board()
    board = Board(node, _mapped_output(session, node, "Image"))
    board.clip_node = _mapped_output(session, board.still_node or node, "Video")
    board.voice_node = _mapped_output(session, node, "Audio")
    board.music_node = _music_node(session, board.voice_node)
    shots = results.value(node, "shots") or []
    shots_result = results.item(node)
    overrides = session.graph.node(node).params.get("overrides") or {}
    board.cards = []
    for i, shot in enumerate(shots):
        data = {**shot.model_dump(), **overrides.get(shot.id, {})}
        card = Card(shot.id, i, _speaker_name(shot, data.get("speaker")), data.get("line") or "",
                    float(data.get("duration") or 0.0), fields=data)
        if shots_result is not None and shots_result.stale:
            card.stale.add("shot")
        for kind in ("still", "clip", "voice"):
            _attach(card, kind, results, getattr(board, f"{kind}_node"))
        card.caption = _caption(card)
        board.cards.append(card)
    return board


def _attach(card: Card, kind: str, results: Results, node_id: str) -> None:
    """Put the card's still, clip or voice (by shot id, else position) on it."""
    if not node_id:
        return
    found = results.item(node_id, card.index, card.shot_id)
    if found is None:
        return
    port = next(iter(found.outputs), None)
    media = results.value(node_id, port, card.index, card.shot_id) if port else None
    if isinstance(media, Media):
        setattr(card, kind, media)
        if found.stale:
            card.stale.add(kind)


def _caption(card: Card) -> Caption:
    """The storyboard caption drawn over the card's still (its number, camera, action)."""
    return caption_of(card.index + 1, card.fields, card.still.meta if card.still else None)


def _speaker_name(shot: Any, speaker: Any) -> str:
    if not speaker:
        return ""
    cast = getattr(shot, "cast", None) or []
    return next((c.name for c in cast if c.id == speaker), str(speaker))


# -- the cards -------------------------------------------------------------------------------------


class CardDelegate(QStyledItemDelegate):
    """Draws a card: the still on top, "n. id · duration" and the line (wrapped) below.

    A stale still is dimmed and tagged; a shot being made shows how far it is. F2 (or
    "Edit line" in the menu) edits the line in place.
    """

    line_edited = Signal(str, str)  # shot id, new line

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
        thumb = QRect(rect.x() + (rect.width() - THUMB.width()) // 2, rect.y() + 4,
                      THUMB.width(), THUMB.height())
        state = index.data(STATE)
        icon: QIcon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            painter.setOpacity(0.45 if state and state[0] == "stale" else 1.0)
            icon.paint(painter, thumb)
            painter.setOpacity(1.0)
        draw_caption(painter, QRectF(thumb), index.data(CAPTION), compact=True)
        if state:
            self._tag(painter, thumb, *state)
        text = rect.adjusted(6, THUMB.height() + 8, -6, -4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         index.data(HEADING) or "")
        painter.setPen(QColor("#c8c8c8"))
        painter.drawText(text.adjusted(0, 17, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                         index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.restore()

    @staticmethod
    def _tag(painter: QPainter, thumb: QRect, kind: str, label: str) -> None:
        color = TAG_COLORS.get(kind, "#666666")
        width = max(44, painter.fontMetrics().horizontalAdvance(label) + 14)
        pill = QRect(thumb.right() - width - 2, thumb.y() + 4, width, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(pill, 8, 8)
        painter.setPen(QColor("white"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setObjectName("card_line_editor")
        return editor

    def updateEditorGeometry(self, editor: QWidget, option: Any, index: Any) -> None:  # noqa: N802
        rect = option.rect.adjusted(6, THUMB.height() + 26, -6, 0)
        editor.setGeometry(rect.x(), rect.y(), rect.width(), 26)

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802
        editor.setText(index.data(LINE) or "")

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:  # noqa: N802
        # The model is the graph: the card is redrawn from it once the edit is applied.
        if editor.text() != (index.data(LINE) or ""):
            self.line_edited.emit(index.data(SHOT_ID), editor.text())



class CardList(QListWidget):
    """Asks the dock for one row of cards, however many cards it holds.

    A video or picture dropped from outside onto a card emits ``files_dropped`` (that
    card's shot id, the file); dragging cards among themselves still reorders them.
    """

    files_dropped = Signal(str, object)

    def _footage(self, event: Any) -> tuple[str, Any] | None:
        from app.ui.footage import dropped_files

        files = dropped_files(event.mimeData())
        item = self.itemAt(event.position().toPoint())
        if not files or item is None:
            return None
        return item.data(Qt.ItemDataRole.UserRole), files[0]

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not event.mimeData().hasUrls():
            super().dragMoveEvent(event)
        elif self._footage(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not event.mimeData().hasUrls():
            super().dropEvent(event)
            return
        found = self._footage(event)
        if found is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(*found)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(600, CARD.height() + 24)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(CARD.width() + 12, CARD.height() + 12)


# -- the pane -------------------------------------------------------------------------------------


class StoryboardPane(QWidget):
    """Shot cards in order; drag to reorder, click to select, double-click to play."""

    play_requested = Signal(int)  # a card's index: play that shot
    regenerate_requested = Signal(str, int)
    shot_selected = Signal(int)  # the selected card's index (-1: none)
    refreshed = Signal()  # the cards were rebuilt from the model (after an edit, a plan)

    def __init__(self, session: Session, results: Results, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.results = results
        self.board = Board()
        self.making: dict[tuple[str, int], float] = {}  # (node, item) -> fraction, this run
        self.failed: dict[tuple[str, int], str] = {}
        self._thumbs = Thumbnails(THUMB.width(), THUMB.height(), self)
        self._thumbs.ready.connect(self._thumb_ready)
        self.list = CardList(self)
        self.delegate = CardDelegate(self.list)
        self._setup_list()
        self.info = QLabel(self, wordWrap=True)
        self.regen_button = QPushButton(self.tr("Regenerate shot"), self)
        self.regen_button.clicked.connect(self.regenerate_current)
        self.takes = TakeStrip(session, TAKE_THUMB, wrap=True, parent=self)
        self.takes.setMinimumWidth(TAKE_THUMB.width() + 16 + 24)
        self.takes.setMaximumWidth(4 * (TAKE_THUMB.width() + 16) + 24)
        self._layout()
        self.list.currentItemChanged.connect(lambda *_: self._on_current_changed())
        self.delegate.line_edited.connect(lambda shot, line: self.edit_shot(shot, {"line": line}))
        session.changed.connect(self._on_model_changed)
        results.changed.connect(self._on_results)
        self.refresh()

    def _layout(self) -> None:
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

    def _setup_list(self) -> None:
        lst = self.list
        lst.setViewMode(QListView.ViewMode.ListMode)
        lst.setFlow(QListView.Flow.LeftToRight)
        lst.setWrapping(True)
        lst.setResizeMode(QListView.ResizeMode.Adjust)
        lst.setIconSize(THUMB)
        lst.setItemDelegate(self.delegate)
        lst.setUniformItemSizes(True)
        lst.setSpacing(2)
        lst.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        lst.setDefaultDropAction(Qt.DropAction.MoveAction)
        lst.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        lst.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lst.customContextMenuRequested.connect(self._menu)
        lst.itemDoubleClicked.connect(lambda item: self.play_requested.emit(self.list.row(item)))
        lst.model().rowsMoved.connect(lambda *_: self.commit_order())

    # -- filling in ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild every card from the model and the latest results."""
        current = self.list.currentItem()
        keep = current.data(SHOT_ID) if current is not None else None
        self.board = build_board(self.session, self.results)
        self.list.blockSignals(True)
        self.list.clear()
        for card in self.board.cards or []:
            self.list.addItem(self._item(card))
            if card.shot_id == keep:
                self.list.setCurrentRow(self.list.count() - 1)
        self.list.blockSignals(False)
        self._show_takes()
        self._flag_off_model()
        self._update_info()
        self.refreshed.emit()

    def _update_info(self) -> None:
        cards = self.board.cards or []
        total = sum(c.duration for c in cards)
        stale = sum(1 for c in cards if c.stale & {"still", "clip"})
        text = self.tr("%d shots, %.1f s") % (len(cards), total) if cards else self.tr(
            "Run the script to see the shots here.")
        if stale:
            text += "  ·  " + self.tr("%d to re-make (dimmed)") % stale
        self.info.setText(text)
        self.regen_button.setEnabled(bool(self.board.still_node and cards))

    def _item(self, card: Card) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(SHOT_ID, card.shot_id)
        self._fill(item, card)
        return item

    def _fill(self, item: QListWidgetItem, card: Card) -> None:
        speaker = f"{card.speaker}: " if card.speaker else ""
        heading = f"{card.index + 1}. {card.shot_id} · {card.duration:.1f} s"
        item.setText(f"{speaker}{card.line}")
        item.setIcon(QIcon(self._thumb(card)))
        item.setData(HEADING, heading)
        item.setData(LINE, card.line)
        item.setData(CAPTION, card.caption)
        item.setData(STATE, self._state(card))
        tip = [heading, f"{speaker}{card.line}"]
        if card.stale & {"still", "clip"}:
            tip.append(self.tr("Dimmed: made before the last change; Run re-makes it."))
        item.setToolTip("\n".join(tip))

    def _state(self, card: Card) -> tuple[str, str] | None:
        """The tag on the card's picture: failed, being made (n%), or stale."""
        for node in (self.board.still_node, self.board.clip_node):
            if self.failed.get((node, card.index)):
                return ("failed", self.tr("failed"))
            fraction = self.making.get((node, card.index))
            if fraction is not None:
                return ("making", f"{int(100 * fraction)}%")
        return ("stale", self.tr("stale")) if card.stale & {"still", "clip"} else None

    def _thumb(self, card: Card) -> QPixmap:
        """The card's picture, or a blank one while it is decoded (``_thumb_ready``)."""
        if card.still is not None:
            found = self._thumbs.get(card.still.hash, card.still.path)
            if found is not None:
                return found
        blank = QPixmap(THUMB)
        blank.fill(QColor("#333338"))
        return blank

    def _thumb_ready(self, still_hash: str) -> None:
        for card in self.board.cards or []:
            item = self.list.item(card.index)
            if (card.still is not None and card.still.hash == still_hash and item is not None
                    and item.data(SHOT_ID) == card.shot_id):
                item.setIcon(QIcon(self._thumb(card)))

    def _on_results(self, node_id: str, index: int) -> None:
        """A plan (``node_id`` empty) or one item arrived: redraw what it touches."""
        media_nodes = (self.board.still_node, self.board.clip_node, self.board.voice_node)
        if node_id and node_id in media_nodes and self.board.cards:
            result = self.results.item(node_id, index)
            shot_id = result.item_id if result is not None else ""
            card = self.board.card(shot_id) or (
                self.board.cards[index] if 0 <= index < len(self.board.cards) else None)
            if card is not None:
                self.making.pop((node_id, card.index), None)
                self._update_card(card)
            return
        if not node_id or node_id == self.board.shots_node or not self.board.shots_node:
            self.refresh()

    def _update_card(self, card: Card) -> None:
        for kind in ("still", "clip", "voice"):
            setattr(card, kind, None)
            card.stale.discard(kind)
            _attach(card, kind, self.results, getattr(self.board, f"{kind}_node"))
        card.caption = _caption(card)
        item = self.list.item(card.index)
        if item is not None and item.data(SHOT_ID) == card.shot_id:
            self._fill(item, card)
        self._update_info()
        if self.current_card() is card:  # its new take, picture and sound, everywhere
            self._show_takes()
            self.shot_selected.emit(card.index)

    def on_event(self, event: Event) -> None:
        """Run events: which card is being made (and how far), or failed."""
        if isinstance(event, RunFinished):
            self.making.clear()
            return
        nodes = (self.board.still_node, self.board.clip_node)
        if not event.node_id or event.node_id not in nodes or not self.board.cards:
            return
        index = getattr(event, "item_index", None)
        if index is None or not 0 <= index < len(self.board.cards):
            return
        key = (event.node_id, index)
        if isinstance(event, Progress):
            self.making[key] = event.fraction
            self.failed.pop(key, None)
        elif isinstance(event, NodeFailed):
            self.making.pop(key, None)
            self.failed[key] = event.error
        elif isinstance(event, ItemDone):
            self.making.pop(key, None)
            return  # the result itself comes through ``results``
        item = self.list.item(index)
        if item is not None:
            item.setData(STATE, self._state(self.board.cards[index]))

    def start_run(self) -> None:
        self.making.clear()
        self.failed.clear()

    # -- selection and takes ------------------------------------------------------------------
    def current_card(self) -> Card | None:
        return self._card(self.list.currentItem())

    def select_shot(self, index: int) -> None:
        """Select the card at ``index`` (as a click does)."""
        self.list.setCurrentRow(index)

    def _on_current_changed(self) -> None:
        self._show_takes()
        card = self.current_card()
        self.shot_selected.emit(card.index if card is not None else -1)

    def _show_takes(self) -> None:
        card = self.current_card()
        if card is None or not self.board.still_node:
            self.takes.show_target(None)
        else:
            self.takes.show_item(self.board.still_node, card.index)

    def _on_model_changed(self, command: object, how: str) -> None:
        # a chosen take is already made: show its still now, the run re-makes what follows
        if isinstance(command, ChooseTake):
            self.takes.refresh()

    def step_take(self, delta: int) -> int | None:
        """Use the previous (-1) or next (+1) take of the selected shot's still."""
        return self.takes.step(delta)

    # -- editing ------------------------------------------------------------------------------
    def order(self) -> list[str]:
        return [self.list.item(i).data(SHOT_ID) for i in range(self.list.count())]

    def commit_order(self) -> bool:
        """The cards' order becomes the Shots node's ``order``."""
        if not self.board.shots_node:
            return False
        return self.session.push(SetParam(self.board.shots_node, "order", self.order()))

    def edit_shot(self, shot_id: str, changes: dict[str, Any]) -> bool:
        """One undoable edit of one shot (its fields on the Shots node's overrides)."""
        return edit_shot(self.session, self.board.shots_node, shot_id, changes)

    def edit_line(self, index: int) -> None:
        """Edit the line of the card at ``index`` in place."""
        item = self.list.item(index)
        if item is not None:
            self.list.setCurrentItem(item)
            self.list.editItem(item)

    def _card(self, item: QListWidgetItem | None) -> Card | None:
        if item is None or not self.board.cards:
            return None
        return self.board.card(item.data(SHOT_ID))

    def regenerate_current(self) -> None:
        card = self._card(self.list.currentItem())
        if card is not None and self.board.still_node:
            self.regenerate_requested.emit(self.board.still_node, card.index)

    def _menu(self, pos: Any) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        row = self.list.row(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Play"), lambda: self.play_requested.emit(row))
        menu.addAction(self.tr("Edit line"), lambda: self.edit_line(row))
        menu.addAction(self.tr("Regenerate"), self.regenerate_current)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _flag_off_model(self) -> None:
        """A warning mark on the cards a Consistency check found off-model; why in the tooltip."""
        reasons = off_model_reasons(self.session, self.results)
        for row in range(self.list.count()):
            item = self.list.item(row)
            found = reasons.get(item.data(SHOT_ID))
            if found:
                item.setData(HEADING, f"\u26a0 {item.data(HEADING) or ''}")
                item.setToolTip("\n".join([item.toolTip(), *(f"\u26a0 {r}" for r in found)]))


def off_model_reasons(session: Session, results: Results) -> dict[str, list[str]]:
    """Shot id -> the reasons a Consistency check node flagged it (empty without such a node)."""
    found: dict[str, list[str]] = {}
    for nid, node in session.graph.nodes.items():
        if node.type_id != "consistency.check":
            continue
        port = session.node_type(nid).outputs[0].name
        for check in results.value(nid, port) or []:
            if isinstance(check, dict) and check.get("outlier"):
                found.setdefault(str(check.get("shot_id")), []).append(str(check.get("reason")))
    return found
