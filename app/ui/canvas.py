"""The node canvas: NodeGraphQt as a view of the graph model.

The model is the truth. The canvas is built from it (with updates suspended), user
gestures on the canvas become model commands, and every model change (undo, redo, an
edit from another pane) re-syncs the canvas. NodeGraphQt node ids change on every
load, so each canvas node carries our id in its ``sg_id`` property and the bridge
maps between the two. NodeGraphQt's session JSON is never written.
"""

from __future__ import annotations

import functools
import gc
import math
import mimetypes
import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QCursor,
    QFont,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsTextItem,
    QLabel,
    QMenu,
    QWidget,
)

from app.core.graph import (
    AddNode,
    Batch,
    Command,
    Connect,
    Disconnect,
    Edge,
    MoveNode,
    RemoveNode,
    RenameNode,
)
from app.ui import theme
from app.ui.badges import Badge
from app.ui.minimap import Minimap
from app.ui.names import family, node_name, readable, tr_node, type_title
from app.ui.nodegraph import (
    ICON_NODE_BASE,
    ITEM_CACHE_MODE,
    Z_VAL_PIPE,
    AbstractNodeItem,
    BaseNode,
    NodeEnum,
    NodeGraph,
    NodeItem,
    NodeTextItem,
    NodeViewer,
    PipeEnum,
    PipeItem,
    PortEnum,
    PortItem,
    PortTypeEnum,
    XDisabledItem,
)
from app.ui.palette import NODE_MIME, NodePalette
from app.ui.session import Session

ID_PROPERTY = "sg_id"
IDENTIFIER = "shotgraph"
IMPORT_TYPES = {"image": "io.image", "video": "io.video", "audio": "io.audio"}
TITLE_PT, PORT_PT = 11, 10  # NodeGraphQt's own are about 8 px at the usual zoom


# -- node classes generated from declarations ------------------------------------------


def _class_name(type_id: str) -> str:
    return "N_" + re.sub(r"\W", "_", type_id)


def node_class(node_type: Any) -> type[BaseNode]:
    """A NodeGraphQt node class for one of our node types: its ports, colour and icon."""

    def __init__(self: BaseNode, name: str | None = None) -> None:
        if name is not None:  # the title is laid out once, with the name it will show
            self.NODE_NAME = name
        BaseNode.__init__(self, CanvasNodeItem)
        for port in node_type.inputs:
            _style_port(self.add_input(port.name, color=theme.port_color(port.type.name)), port)
        for port in node_type.outputs:
            _style_port(self.add_output(port.name, color=theme.port_color(port.type.name)), port)
        self.create_property(ID_PROPERTY, "")
        _set_look(self, "color", (*theme.family_color(node_type.category), 255))
        _set_look(self, "icon", theme.family_icon(node_type.category))

    attrs = {
        "__identifier__": IDENTIFIER,
        "NODE_NAME": type_title(node_type),
        "__init__": __init__,
        "update": _update_view,
        "sg_type": node_type,
    }
    return type(_class_name(node_type.type_id), (BaseNode,), attrs)


def _update_view(node: BaseNode) -> None:
    """NodeGraphQt's ``update`` (the view takes the model's values, as the graph adds the
    node). For a node made in a batch the view keeps only values of its own (see
    ``CanvasNodeItem.from_dict``): those are handed over without serializing the whole
    model first (its ports, their wires and settings)."""
    view = node.view
    if not view._laid_out_on_entry():
        BaseNode.update(node)
        return
    kept = view._properties
    settings = {name: value for name, value in vars(node.model).items() if name in kept}
    settings["custom"] = node.model.custom_properties
    view.from_dict(settings)


def _set_look(node: BaseNode, name: str, value: Any) -> None:
    """``set_color`` / ``set_icon`` of a node not in a graph yet, as NodeGraphQt's
    ``set_property`` does them there (view, then model), without its generic look-ups:
    each builds a dict of the model's properties, four times for the two."""
    if getattr(node.model, name) != value:
        setattr(node.view, name, value)
        setattr(node.model, name, value)


def _style_port(ngport: Any, port: Any) -> None:
    """The port's type on hover (its label is written by ``CanvasNodeItem._add_port``)."""
    ngport.view.setToolTip(_words(("tip", id(port)), _port_tip, port))


def _port_tip(port: Any) -> str:
    label = tr_node(port.name)
    kind = "" if port.required else QCoreApplication.translate("CanvasBridge", " (optional)")
    return f"{label}: {port.type}{kind}"


def _words(key: Any, make: Any, *args: Any) -> str:
    """``make(*args)``: words looked up in the UI language, once per build for each key.

    A build asks for the same port labels and hover texts once per node; the language
    can change between builds, never during one (outside a build nothing is kept).
    """
    kept = CanvasNodeItem._words
    if kept is None:
        return make(*args)
    words = kept.get(key)
    if words is None:
        words = kept[key] = make(*args)
    return words


@functools.cache  # one font per size (setFont copies it): not two new QFonts per node
def _font(points: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


# -- NodeGraphQt subclasses ------------------------------------------------------------
_SELECTED_CHANGE = QGraphicsItem.GraphicsItemChange.ItemSelectedChange
_MOVED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_PORT_FALLOFF = PortEnum.CLICK_FALLOFF.value
_ALWAYS_SET = ("text_color", "disabled")  # see CanvasNodeItem.from_dict


class CanvasPortItem(PortItem):
    """NodeGraphQt's port, without a Python ``itemChange``: its node redraws its wires.

    Qt calls ``itemChange`` for nearly every change of an item (about 20 times as a port
    is made and added); defined in Python, each call is a trip into Python with its
    arguments converted, and NodeGraphQt's port acts on one kind only (its place in the
    scene changed: redraw its wires). ``CanvasNodeItem`` does that when it moves or lays
    its ports out, the only times a port's place changes.
    """

    itemChange = QGraphicsItem.itemChange  # Qt's own: no call into Python

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        # NodeGraphQt's, its click margin read once (Qt asks about 16 times per node)
        return QRectF(0.0, 0.0, self._width + _PORT_FALLOFF, self._height)


class CanvasPipeItem(PipeItem):
    """NodeGraphQt's wire, answering Qt's change notices without a round trip, and knowing
    its viewer (drawing a wire asks for it four times; each time NodeGraphQt looks for it
    through the scene's list of views, made anew)."""

    _viewer: Any = None  # set by CanvasViewer.establish_connection

    def __init__(self) -> None:
        # PipeItem.__init__'s parts and settings (a test compares the two), with its
        # default pens and brushes made once (NodeGraphQt styles each new wire anew) and
        # the arrow made, then put in the wire (see CanvasNodeItem.__init__).
        QGraphicsPathItem.__init__(self)
        self.setZValue(Z_VAL_PIPE)
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCacheMode(ITEM_CACHE_MODE)
        self._color = PipeEnum.COLOR.value
        self._style = PipeEnum.DRAW_TYPE_DEFAULT.value
        self._active = self._highlight = False
        self._input_port = self._output_port = None
        self._poly = QPolygonF(_ARROW)
        pointer = self._dir_pointer = QGraphicsPolygonItem()
        pointer.setPolygon(self._poly)
        pointer.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        pointer.setParentItem(self)
        pen, brush, pointer_pen, pointer_brush = _wire_style()
        self.setPen(pen)
        self.setBrush(brush)
        pointer.setPen(pointer_pen)
        pointer.setBrush(pointer_brush)
        pointer.setVisible(False)  # as PipeItem's reset leaves a wire with no ends yet

    def viewer(self) -> Any:
        return self._viewer if self.scene() is not None else None

    def _draw_direction_pointer(self) -> None:
        """NodeGraphQt's arrow half-way along the wire, with the wire's path copied out
        once and each of its three points measured once (it does five of each)."""
        pointer = self._dir_pointer
        if not (self.input_port and self.output_port):
            pointer.setVisible(False)
            return
        if self.disabled() and not (self._active or self._highlight):
            color = QColor(*PipeEnum.DISABLED_COLOR.value)
            pen = pointer.pen()
            pen.setColor(color)
            pointer.setPen(pen)
            pointer.setBrush(color.darker(200))
        pointer.setVisible(True)
        path = self.path()
        before, after, middle = (path.pointAtPercent(t) for t in (0.49, 0.51, 0.5))
        radians = math.atan2(after.y() - before.y(), after.x() - before.x())
        pointer.setRotation(math.degrees(radians) - 90)
        pointer.setPos(middle)
        dist = math.hypot(after.x() - middle.x(), after.y() - middle.y())
        if dist < 0.3:
            pointer.setVisible(False)
        elif dist < 1.0:
            pointer.setScale(dist)

    def itemChange(self, change: Any, value: Any) -> Any:  # noqa: N802 - Qt override
        if change is _SELECTED_CHANGE:  # the only change NodeGraphQt acts on
            return super().itemChange(change, value)
        return value  # QGraphicsItem's own answer, without asking Qt for it


class CanvasTitleItem(NodeTextItem):
    """NodeGraphQt's node title, set up as its own ``__init__`` leaves it, less one step:
    clearing the selection of a title that has no text (and no selection) yet."""

    def __init__(self, text: str, parent: QGraphicsItem | None = None):
        QGraphicsTextItem.__init__(self, text, parent)
        self._locked = False
        self.set_locked(False)  # focusable, its hover text and I-beam cursor
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # not editing


class CanvasNodeItem(NodeItem):
    """NodeGraphQt's node item, made with less repeated work; it looks and acts the same
    (``tests/ui/test_canvas.py`` compares it with NodeGraphQt's own layout).

    NodeGraphQt lays a node out (sizes it, places its ports and title) three times as it
    is created and added, the last time inside the scene. Inside ``held_drawing`` a node
    is laid out once and put where it goes just before it enters the scene: moving an
    item (and its ports and labels) that is in no scene updates no index and no wire.
    Its title and port labels are written once, in their final font and words, and of
    Qt's change notices only those NodeGraphQt acts on reach its code.
    """

    _held: dict[int, CanvasNodeItem] | None = None
    _words: dict[Any, str] | None = None  # see _words: kept while drawing is held
    _placed = False  # laid out and placed by pre_init; post_init has nothing left to do

    def __init__(self, name: str = "", parent: QGraphicsItem | None = None):
        # NodeItem's own parts, made as NodeItem.__init__ makes them (a test compares the
        # two), but with its default icon loaded and scaled once, not once per node.
        AbstractNodeItem.__init__(self, name, parent)
        self._properties["icon"] = ICON_NODE_BASE
        # Each part is made first, then put in the node: made inside it, it is announced
        # to the node's itemChange (Python) before PySide has its wrapper, so PySide makes
        # a second, temporary one to pass.
        self._icon_item = QGraphicsPixmapItem(_icon_pixmap(ICON_NODE_BASE))
        self._icon_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._icon_item.setParentItem(self)
        # Every change of a text item's words or font lays it out again (a tenth of a
        # millisecond each): the title starts empty and gets its font before its words.
        self._text_item = CanvasTitleItem(self.name)
        self._text_item.setParentItem(self)
        # NodeItem's hidden "disabled" overlay is made when first wanted (see _x_item)
        self._input_items = OrderedDict()
        self._output_items = OrderedDict()
        self._widgets = OrderedDict()
        self._proxy_mode = False
        self._proxy_mode_threshold = 70
        self._text_item.setFont(_font(TITLE_PT, bold=True))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)  # moves

    _overlay: XDisabledItem | None = None

    @property
    def _x_item(self) -> XDisabledItem:
        """NodeItem's overlay for a disabled node, made the first time it is asked for: a
        node that is never disabled never shows it (a graphics item fewer per node)."""
        if self._overlay is None:
            self._overlay = XDisabledItem(self, "DISABLED")
            self._overlay.proxy_mode = self._proxy_mode
        return self._overlay

    def _set_disabled(self, state: bool = False) -> None:
        if state or self._overlay is not None:
            NodeItem.disabled.fset(self, state)
            return
        # NodeItem's setter, but the overlay it would hide is not there to hide
        AbstractNodeItem.disabled.fset(self, state)
        for widget in self._widgets.values():
            widget.widget().setDisabled(state)
        self._tooltip_disable(state)

    disabled = NodeItem.disabled.setter(_set_disabled)

    def itemChange(self, change: Any, value: Any) -> Any:  # noqa: N802 - Qt override
        if change is _SELECTED_CHANGE:  # NodeGraphQt's: restyle the wires
            return super().itemChange(change, value)
        if change is _MOVED:  # its ports moved with it (see CanvasPortItem)
            self._redraw_wires()
        return value  # QGraphicsItem's own answer, without asking Qt for it

    def _redraw_wires(self) -> None:
        for port in (*self._input_items, *self._output_items):
            port.redraw_connected_pipes()

    def add_input(self, name: str = "input", multi_port: bool = False,
                  display_name: bool = True, locked: bool = False,
                  painter_func: Any = None) -> Any:
        if painter_func:
            return super().add_input(name, multi_port, display_name, locked, painter_func)
        port = _port_item(self, PortTypeEnum.IN.value, name, multi_port, display_name, locked)
        return self._add_port(port)

    def add_output(self, name: str = "output", multi_port: bool = False,
                   display_name: bool = True, locked: bool = False,
                   painter_func: Any = None) -> Any:
        if painter_func:
            return super().add_output(name, multi_port, display_name, locked, painter_func)
        port = _port_item(self, PortTypeEnum.OUT.value, name, multi_port, display_name, locked)
        return self._add_port(port)

    def _add_port(self, port: Any) -> Any:
        """NodeGraphQt's, with the label in our font and the UI language from the start.

        The port keeps its declared name (wires are made by name); only the label reads
        differently.
        """
        text = QGraphicsTextItem()  # made, then put in the node (see __init__)
        text.setFont(_font(PORT_PT))
        text.setPlainText(_words(port.name, tr_node, port.name))
        text.setVisible(port.display_name)
        text.setCacheMode(ITEM_CACHE_MODE)
        text.setParentItem(self)
        if port.port_type == PortTypeEnum.IN.value:
            self._input_items[port] = text
        else:
            self._output_items[port] = text
        if self.scene():
            self.post_init()
        return port

    def draw_node(self) -> None:
        held = CanvasNodeItem._held
        if held is not None:
            held[id(self)] = self
            return
        super().draw_node()
        self._redraw_wires()  # it may have moved its ports

    def pre_init(self, viewer: Any, pos: Any = None) -> None:
        held = CanvasNodeItem._held
        if held is None:
            return
        held.pop(id(self), None)
        NodeItem.draw_node(self)  # no wires yet: it is not in the scene
        if pos:
            self.xy_pos = pos
        self._placed = True

    def post_init(self, viewer: Any = None, pos: Any = None) -> None:
        if self._placed:  # only the scene changed since pre_init: the layout stands
            self._placed = False
            return
        super().post_init(viewer, pos)

    def _set_width(self, width: float = 0.0) -> None:
        if self._laid_out_on_entry():  # pre_init sizes it: no need to measure it now
            AbstractNodeItem.width.fset(self, width)
        else:
            NodeItem.width.fset(self, width)

    def _set_height(self, height: float = 0.0) -> None:
        if self._laid_out_on_entry():
            AbstractNodeItem.height.fset(self, height)
        else:
            NodeItem.height.fset(self, height)

    # NodeGraphQt's setters measure the node (its title and every port label) so as not
    # to make it smaller than its contents; the graph sets both as it adds the node.
    width = NodeItem.width.setter(_set_width)
    height = NodeItem.height.setter(_set_height)

    def from_dict(self, node_dict: dict) -> None:
        """NodeGraphQt's (the graph hands the node's model to its view as it adds it), less
        what a node made in a batch would only set to what it already is, or what
        ``pre_init`` sets anew: its size and place.

        The labels' colour and the hover text are always set (their setters draw them).
        """
        if not self._laid_out_on_entry():
            super().from_dict(node_dict)
            return
        properties = self._properties
        for name, value in node_dict.items():
            if name in _ALWAYS_SET or (name in properties and properties[name] != value):
                setattr(self, name, value)
        for name, value in (node_dict.get("custom") or {}).items():
            widget = self._widgets.get(name)
            if widget:
                widget.set_value(value)

    def _laid_out_on_entry(self) -> bool:
        """Made in a batch and not in the scene yet: pre_init lays it out (and sizes it)."""
        return CanvasNodeItem._held is not None and self.scene() is None

    def _set_icon(self, path: str | None = None) -> None:
        # NodeGraphQt's setter, with the pixmap loaded and scaled once per file
        self._properties["icon"] = path
        pixmap = _icon_pixmap(path or ICON_NODE_BASE)
        if self._icon_item.pixmap().cacheKey() != pixmap.cacheKey():
            self._icon_item.setPixmap(pixmap)
        if self.scene():
            self.post_init()
        self.update()

    icon = NodeItem.icon.setter(_set_icon)

    @staticmethod
    @contextmanager
    def held_drawing() -> Iterator[None]:
        if CanvasNodeItem._held is not None:  # already holding: the outer one draws
            yield
            return
        CanvasNodeItem._held, CanvasNodeItem._words = {}, {}
        try:
            yield
        finally:
            held, CanvasNodeItem._held, CanvasNodeItem._words = CanvasNodeItem._held, None, None
            for item in held.values():
                item.draw_node()


def _port_item(node: CanvasNodeItem, port_type: str, name: str, multi: bool,
               display_name: bool, locked: bool) -> CanvasPortItem:
    """A port item set up as NodeGraphQt's ``NodeItem.add_input`` / ``add_output`` do
    (its setters: the hover text they write twice is written once), then put in the node
    (see ``CanvasNodeItem.__init__``)."""
    port = CanvasPortItem()
    port._name = name.strip()
    port._port_type = port_type
    port._multi_connection = multi
    port._display_name = display_name
    port._locked = locked
    port.setToolTip(f"{port._name}: ({'multi' if multi else 'single'})" + (" (L)" if locked else ""))
    port.setParentItem(node)
    return port


@functools.cache  # QPixmap shares its data: every node of a family shows one pixmap
def _icon_pixmap(path: str) -> QPixmap:
    pixmap = QPixmap(path)
    size = NodeEnum.ICON_SIZE.value
    if pixmap.height() > size:
        pixmap = pixmap.scaledToHeight(size, Qt.TransformationMode.SmoothTransformation)
    if pixmap.width() > size:
        pixmap = pixmap.scaledToWidth(size, Qt.TransformationMode.SmoothTransformation)
    return pixmap


_ARROW = QPolygonF([QPointF(-6.0, 6.0), QPointF(0.0, -9.0), QPointF(6.0, 6.0)])  # PipeItem's


@functools.cache
def _wire_style() -> tuple[QPen, Any, QPen, Any]:
    """A new wire's pen and brush, and its arrow's, as NodeGraphQt styles a new PipeItem."""
    pipe = PipeItem()
    return pipe.pen(), pipe.brush(), pipe._dir_pointer.pen(), pipe._dir_pointer.brush()


class CanvasViewer(NodeViewer):
    """The graphics view: Tab or a double-click on empty space opens our palette, a right
    click our menu; dropped files become import nodes, a dragged node type a node."""

    palette_requested = Signal(QPointF)
    files_dropped = Signal(list, QPointF)
    node_type_dropped = Signal(str, QPointF)
    menu_requested = Signal(QPointF, str, QPoint)  # scene pos, NodeGraphQt node id or "", global
    view_changed = Signal()  # panned, zoomed or resized

    def establish_connection(self, start_port: Any, end_port: Any) -> None:
        """NodeGraphQt's, drawing the wire with our pipe item."""
        pipe = CanvasPipeItem()
        pipe._viewer = self
        self.scene().addItem(pipe)
        pipe.set_connections(start_port, end_port)
        pipe.draw_path(pipe.input_port, pipe.output_port)
        if start_port.node.selected or end_port.node.selected:
            pipe.highlight()
        if not start_port.node.visible or not end_port.node.visible:
            pipe.hide()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab:
            self.palette_requested.emit(self.cursor_scene_pos())
            return True
        return super().event(event)

    def cursor_scene_pos(self) -> QPointF:
        local = self.mapFromGlobal(QCursor.pos())
        if not self.rect().contains(local):
            local = self.rect().center()
        return self.mapToScene(local)

    def node_at(self, pos: QPoint) -> Any:
        """The node item under a viewport position (its title or a port counts), or None."""
        item = self.itemAt(pos)
        while item is not None and not isinstance(item, AbstractNodeItem):
            item = item.parentItem()
        return item

    def mouseDoubleClickEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton and self.itemAt(pos) is None:
            self.palette_requested.emit(self.mapToScene(pos))
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.RMB_state = False  # NodeGraphQt's own right-drag state
        node = self.node_at(event.pos())
        self.menu_requested.emit(self.mapToScene(event.pos()), node.id if node else "",
                                 event.globalPos())

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(NODE_MIME):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(NODE_MIME):
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        at = self.mapToScene(event.position().toPoint())
        if event.mimeData().hasFormat(NODE_MIME):
            event.acceptProposedAction()
            type_id = bytes(event.mimeData().data(NODE_MIME)).decode("utf-8")
            self.node_type_dropped.emit(type_id, at)
            return
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return super().dropEvent(event)
        event.acceptProposedAction()
        self.files_dropped.emit(paths, at)

    def _update_scene(self) -> None:  # NodeGraphQt's one place for every pan and zoom
        super()._update_scene()
        self.view_changed.emit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.view_changed.emit()

    def visible_rect(self) -> QRectF:
        """The part of the scene the view shows now."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def center_on(self, point: QPointF) -> None:
        """Pan (keeping the zoom) so ``point`` is in the middle."""
        self._scene_range.translate(point - self._scene_range.center())
        self._update_scene()


class CanvasGraph(NodeGraph):
    """NodeGraph with names left as given (our ids identify nodes, not names)."""

    def get_unique_name(self, name: str) -> str:
        # The stock version is quadratic in the node count; titles may repeat here.
        return " ".join(name.split())


class BadgeItem(QGraphicsItem):
    """A small coloured pill above a node: its run state and item count."""

    def __init__(self, parent: QGraphicsItem):
        super().__init__(parent)
        self.badge = Badge()
        self.setZValue(10)
        self.setPos(0, -24)

    def set_badge(self, badge: Badge) -> None:
        self.prepareGeometryChange()
        self.badge = badge
        self.setToolTip(badge.tooltip)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, max(60, 7 * len(self.badge.text) + 16), 20)

    def paint(self, painter: QPainter, option: Any, widget: Any = None) -> None:
        rect = self.boundingRect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.STATE_COLORS.get(self.badge.state, "#666666")))
        painter.drawRoundedRect(rect, 9, 9)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.badge.text)


class FailureFrame(QGraphicsItem):
    """A red outline round a node whose last run failed (the why is on hover)."""

    def __init__(self, parent: QGraphicsItem):
        super().__init__(parent)
        self.setZValue(-1)
        self.hide()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self.parentItem().boundingRect().adjusted(-4, -4, 4, 4)

    def paint(self, painter: QPainter, option: Any, widget: Any = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(theme.STATE_COLORS["failed"]), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 6, 6)


# -- the bridge --------------------------------------------------------------------------


class CanvasBridge(QObject):
    """Keeps a NodeGraphQt graph and the model in step, in both directions."""

    selection_changed = Signal(list)
    message = Signal(str)
    node_activated = Signal(str)
    run_to_requested = Signal(str)  # "Run to here" from a node's menu

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.graph = CanvasGraph(viewer=CanvasViewer(), undo_stack=None)
        self.graph.set_acyclic(False)  # the model refuses cycles, with a message
        self.viewer: CanvasViewer = self.graph.viewer()
        # NodeGraphQt's own Tab search is a parentless top-level widget; we use our palette.
        self.viewer._search_widget.setParent(self.viewer)
        self.viewer._search_widget.hide()
        self.widget = self.graph.widget
        self._by_id: dict[str, BaseNode] = {}  # our id -> canvas node
        self._ids: dict[str, str] = {}  # NodeGraphQt id -> our id
        self._badges: dict[str, BadgeItem] = {}
        self._frames: dict[str, FailureFrame] = {}
        self._quiet = 0
        self._pending: list[Command] = []
        self._viewer_gone = False
        self._register_types()
        self._build_toast()
        self._build_palette()
        self._build_actions()
        self._build_minimap()
        self._wire()
        self.rebuild()
        session.changed.connect(lambda *_: self.sync())

    def attach(self, session: Session) -> None:
        """Follow ``session`` from now on, keeping the nodes already on the canvas.

        A launch paints its first look at a project (``FirstLook``) and hands the canvas
        to the project once it is open; whatever differs between the two is synced.
        """
        self.session = session
        session.changed.connect(lambda *_: self.sync())
        self.sync()

    # -- set-up ---------------------------------------------------------------------
    def _register_types(self) -> None:
        self._classes: dict[str, type[BaseNode]] = {}
        for node_type in self.session.registry.all():
            cls = node_class(node_type)
            self.graph.register_node(cls)
            self._classes[node_type.type_id] = cls

    def _build_toast(self) -> None:
        self.toast = QLabel(self.viewer)
        self.toast.setObjectName("toast")
        self.toast.setWordWrap(True)
        self.toast.hide()
        self._toast_timer = QTimer(self, singleShot=True, interval=5000)
        self._toast_timer.timeout.connect(self.toast.hide)

    def _build_palette(self) -> None:
        self.palette = NodePalette(self.session.registry.all(), self.viewer)
        self.palette.chosen.connect(self._on_palette_chosen)
        self._palette_pos = QPointF()

    def _build_actions(self) -> None:
        delete = QAction(self.tr("Delete"), self.viewer)
        delete.setShortcuts([QKeySequence.StandardKey.Delete, QKeySequence(Qt.Key.Key_Backspace)])
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.triggered.connect(self.delete_selected)
        self.viewer.addAction(delete)
        self.delete_action = delete

    def _build_minimap(self) -> None:
        self.minimap = Minimap(self.viewer.scene(), self.viewer.visible_rect, self.viewer)
        self.minimap.go_to.connect(self.viewer.center_on)
        self.viewer.view_changed.connect(self._place_minimap)
        # nodes added or moved may bring part of the graph out of view (or back)
        self._minimap_timer = QTimer(self, singleShot=True, interval=200)
        self._minimap_timer.timeout.connect(self._place_minimap)
        self.viewer.scene().changed.connect(self._schedule_minimap)
        # The widget (and the viewer in it) can be deleted before the bridge; a timer
        # left running would then place a minimap that is gone.
        self.viewer.destroyed.connect(self._on_viewer_destroyed)
        self._place_minimap()

    @Slot()
    def _on_viewer_destroyed(self) -> None:
        self._viewer_gone = True
        self._minimap_timer.stop()
        self._toast_timer.stop()

    @Slot()
    def _schedule_minimap(self) -> None:
        # a bound slot, not a lambda: Qt drops the connection when the bridge goes
        if not self._viewer_gone:
            self._minimap_timer.start()

    def show_minimap(self, on: bool) -> None:
        """Use the minimap (it shows itself only while part of the graph is out of view)."""
        self._minimap_on = on
        self._place_minimap()

    def _place_minimap(self) -> None:
        if self._viewer_gone:
            return
        m, v = self.minimap, self.viewer
        m.move(max(0, v.width() - m.width() - 10), max(0, v.height() - m.height() - 10))
        wanted = getattr(self, "_minimap_on", True) and bool(self._by_id) and not (
            v.visible_rect().contains(self.graph_rect()))
        m.setVisible(wanted)
        m.schedule()

    def graph_rect(self) -> QRectF:
        """Where the nodes are, in scene coordinates."""
        rect = QRectF()
        for ng in self._by_id.values():
            rect = rect.united(ng.view.sceneBoundingRect())
        return rect

    def _wire(self) -> None:
        g = self.graph
        g.port_connected.connect(self._on_port_connected)
        g.port_disconnected.connect(self._on_port_disconnected)
        g.nodes_deleted.connect(self._on_nodes_deleted)
        g.property_changed.connect(self._on_property_changed)
        g.node_selection_changed.connect(self._on_selection_changed)
        g.node_double_clicked.connect(self._on_double_clicked)
        self.viewer.moved_nodes.connect(self._on_nodes_moved)
        self.viewer.palette_requested.connect(self.show_palette)
        self.viewer.files_dropped.connect(self.import_files)
        self.viewer.node_type_dropped.connect(
            lambda type_id, at: self.add_node(type_id, (at.x(), at.y())))
        self.viewer.menu_requested.connect(self._show_menu)

    # -- model -> canvas ----------------------------------------------------------------
    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Canvas changes made here come from the model: do not echo them back."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def rebuild(self) -> None:
        """Build the whole canvas from the model, with scene updates suspended."""
        with self.quiet(), self._updates_suspended(), _collection_paused():
            for node in list(self._by_id.values()):
                self.graph.remove_node(node, push_undo=False)
            self._by_id.clear()
            self._ids.clear()
            self._badges.clear()
            self._frames.clear()
            self.sync()

    @contextmanager
    def _updates_suspended(self) -> Iterator[None]:
        self.viewer.setUpdatesEnabled(False)
        try:
            yield
        finally:
            self.viewer.setUpdatesEnabled(True)

    def sync(self) -> None:
        """Make the canvas show exactly the model's nodes and wires."""
        model = self.session.graph
        with self.quiet(), _collection_paused():
            for nid in [n for n in self._by_id if n not in model.nodes]:
                self._remove_canvas_node(nid)
            wired = list(self._by_id)
            with CanvasNodeItem.held_drawing():  # laid out once, before any wire is drawn
                for nid, node in model.nodes.items():
                    if nid in self._by_id:
                        self._update_canvas_node(nid, node)
                    else:
                        self._add_canvas_node(node)
            self._sync_edges(set(model.edges), wired)
        self.graph.clear_undo_stack()

    def _add_canvas_node(self, node: Any) -> None:
        cls = self._classes.get(node.type_id)
        if cls is None:
            return
        ng = cls(node_name(self.session.graph, node.id))
        ng.model.set_property(ID_PROPERTY, node.id)
        self.graph.add_node(ng, pos=list(node.position), selected=False, push_undo=False)
        self._by_id[node.id] = ng
        self._ids[ng.id] = node.id
        # Its badge and failure frame are made when first needed (a node without a plan
        # yet shows none): two fewer graphics items per node while a graph loads.

    def _update_canvas_node(self, nid: str, node: Any) -> None:
        ng = self._by_id[nid]
        shown = node_name(self.session.graph, nid)
        if ng.name() != shown:
            ng.set_name(shown)
        if tuple(ng.pos()) != tuple(node.position):
            ng.set_pos(*node.position)

    def _remove_canvas_node(self, nid: str) -> None:
        ng = self._by_id.pop(nid)
        self._ids.pop(ng.id, None)
        self._badges.pop(nid, None)
        self._frames.pop(nid, None)
        self.graph.remove_node(ng, push_undo=False)

    def canvas_edges(self, sources: Any = None) -> set[Edge]:
        """The wires the canvas shows (only those from ``sources``, ids, if given)."""
        edges = set()
        by_id = self._by_id
        for nid in by_id if sources is None else sources:
            ng = by_id[nid]
            for port in ng.output_ports():
                for other in port.connected_ports():
                    dst = self._ids.get(other.node().id)
                    if dst is not None:
                        edges.add(Edge(nid, port.name(), dst, other.name()))
        return edges

    def _sync_edges(self, wanted: set[Edge], wired: Any = None) -> None:
        """``wired``: the nodes that may have wires (a node just added has none)."""
        shown = self.canvas_edges(wired)
        # Quiet (the model's own wires): nothing would act on the graph's signals.
        for e in shown - wanted:
            self._port(e.src, e.src_port, True).disconnect_from(
                self._port(e.dst, e.dst_port, False), push_undo=False, emit_signal=False
            )
        for e in wanted - shown:
            src, dst = self._port(e.src, e.src_port, True), self._port(e.dst, e.dst_port, False)
            if src is not None and dst is not None:
                src.connect_to(dst, push_undo=False, emit_signal=False)

    def _port(self, nid: str, name: str, output: bool) -> Any:
        ng = self._by_id.get(nid)
        if ng is None:
            return None
        for port in ng.output_ports() if output else ng.input_ports():  # no dict per call
            if port.name() == name:
                return port
        return None

    # -- canvas -> model ----------------------------------------------------------------
    def _edge(self, in_port: Any, out_port: Any) -> Edge | None:
        src = self._ids.get(out_port.node().id)
        dst = self._ids.get(in_port.node().id)
        if src is None or dst is None:
            return None
        return Edge(src, out_port.name(), dst, in_port.name())

    def _on_port_connected(self, in_port: Any, out_port: Any) -> None:
        edge = None if self._quiet else self._edge(in_port, out_port)
        if edge is not None:
            self._queue(Connect(edge))

    def _on_port_disconnected(self, in_port: Any, out_port: Any) -> None:
        edge = None if self._quiet else self._edge(in_port, out_port)
        if edge is not None:
            self._queue(Disconnect(edge))

    def _on_nodes_deleted(self, ng_ids: list[str]) -> None:
        if self._quiet:
            return
        for ng_id in ng_ids:
            nid = self._ids.pop(ng_id, None)
            if nid is not None:
                self._by_id.pop(nid, None)
                self._queue(RemoveNode(nid))

    def _on_property_changed(self, ng: Any, name: str, value: Any) -> None:
        nid = self._ids.get(ng.id)
        if self._quiet or nid is None or name != "name":
            return
        # the canvas shows a built-in title translated: that is not a rename
        if value != node_name(self.session.graph, nid):
            self._queue(RenameNode(nid, str(value)))

    def _on_nodes_moved(self, moved: dict) -> None:
        if self._quiet:
            return
        for view in moved:
            nid = self._ids.get(view.id)
            if nid is not None:
                x, y = view.xy_pos
                self._queue(MoveNode(nid, (float(x), float(y))))

    def _queue(self, command: Command) -> None:
        """Gestures arrive as several signals (a drag: disconnect + connect); one undo step."""
        if not self._pending:
            QTimer.singleShot(0, self.flush)
        self._pending.append(command)

    def flush(self) -> bool:
        """Push the queued gesture to the model; on refusal, show why and restore the canvas."""
        commands = self._relevant(self._pending)
        self._pending = []
        if not commands:
            self.sync()
            return True
        command = commands[0] if len(commands) == 1 else Batch(commands, commands[-1].text)
        ok = self.session.push(command)
        if not ok:
            self.sync()
            self.show_message(self.session.last_error)
        return ok

    def _relevant(self, commands: list[Command]) -> list[Command]:
        """Drop echoes: wires the model already has, or no longer has."""
        edges = set(self.session.graph.edges)
        out = []
        for c in commands:
            if isinstance(c, Disconnect) and c.edge not in edges:
                continue
            if isinstance(c, Connect) and c.edge in edges:
                continue
            if isinstance(c, Disconnect):
                edges.discard(c.edge)
            out.append(c)
        return out

    # -- user actions ---------------------------------------------------------------------
    def add_node(self, type_id: str, pos: tuple[float, float], params: dict | None = None) -> str:
        """Add a node of ``type_id`` at a scene position; returns its id ("" if refused)."""
        command = AddNode(type_id, params=params, position=(float(pos[0]), float(pos[1])))
        return command.node_id if self.session.push(command) else ""

    def connect_ports(self, src: str, src_port: str, dst: str, dst_port: str) -> bool:
        """Connect two ports the way a drag on the canvas does (the model may refuse)."""
        out_port, in_port = self._port(src, src_port, True), self._port(dst, dst_port, False)
        out_port.connect_to(in_port, push_undo=False)
        return self.flush()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.session.push(Batch([RemoveNode(n) for n in ids], "remove nodes"))

    def selected_ids(self) -> list[str]:
        return [self._ids[n.id] for n in self.graph.selected_nodes() if n.id in self._ids]

    def select(self, node_id: str) -> None:
        ng = self._by_id.get(node_id)
        if ng is None:
            return
        self.graph.clear_selection()
        ng.set_selected(True)
        self.graph.center_on([ng])
        self.selection_changed.emit([node_id])

    def show_palette(self, scene_pos: QPointF) -> None:
        self._palette_pos = scene_pos
        self.palette.popup_at(self.viewer.mapFromScene(scene_pos))

    def open_palette(self) -> None:
        """The search palette where the pointer is (or in the middle of the canvas)."""
        self.show_palette(self.viewer.cursor_scene_pos())

    def add_at_centre(self, type_id: str) -> str:
        """Add a node of ``type_id`` in the middle of what the canvas shows."""
        centre = self.viewer.visible_rect().center()
        return self.add_node(type_id, (centre.x(), centre.y()))

    # -- the right-click menu ---------------------------------------------------------------
    def context_menu(self, scene_pos: QPointF, node_id: str = "") -> QMenu:
        """What a right click offers: on a node, what to do with it; elsewhere, what to add."""
        menu = QMenu(self.viewer)
        if node_id:
            menu.addAction(self.tr("Run to here"), lambda: self.run_to_requested.emit(node_id))
            menu.addAction(self.tr("Delete"), lambda: self.session.push(RemoveNode(node_id)))
            return menu
        add = menu.addMenu(self.tr("Add node"))
        families: dict[str, QMenu] = {}
        for node_type in self.session.registry.all():
            sub = families.get(node_type.category)
            if sub is None:
                sub = families[node_type.category] = add.addMenu(family(node_type.category))
            action = sub.addAction(type_title(node_type))
            action.setData(node_type.type_id)
            action.triggered.connect(lambda _=False, t=node_type.type_id, p=QPointF(scene_pos):
                                     self.add_node(t, (p.x(), p.y())))
        search = menu.addAction(self.tr("Search nodes…") + "\tTab")
        search.triggered.connect(lambda: self.show_palette(scene_pos))
        menu.addSeparator()
        menu.addAction(self.tr("Fit graph to view") + "\tF", self.frame_all)
        return menu

    def _show_menu(self, scene_pos: QPointF, ng_id: str, global_pos: QPoint) -> None:
        self.context_menu(scene_pos, self._ids.get(ng_id, "")).exec(global_pos)

    def _on_palette_chosen(self, type_id: str) -> None:
        self.add_node(type_id, (self._palette_pos.x(), self._palette_pos.y()))

    def import_files(self, paths: list[str], scene_pos: QPointF) -> list[str]:
        """Dropped media files become import nodes (image/video/audio) at the drop point."""
        added, skipped = [], []
        x, y = scene_pos.x(), scene_pos.y()
        for path in paths:
            type_id = IMPORT_TYPES.get(media_kind(path))
            if type_id is None or type_id not in self.session.registry:
                skipped.append(Path(path).name)
                continue
            nid = self.add_node(type_id, (x, y), params={"file": path})
            if nid:
                added.append(nid)
            y += 120
        if skipped:
            self.show_message(self.tr("Cannot import: %s") % ", ".join(skipped))
        return added

    # -- badges and messages ----------------------------------------------------------------
    def set_badge(self, node_id: str, badge: Badge) -> None:
        ng = self._by_id.get(node_id)
        if ng is None:
            return
        item = self._badges.get(node_id)
        if item is None:
            item = self._badges[node_id] = BadgeItem(ng.view)
        tooltip = readable(self.session.graph, badge.tooltip)
        item.set_badge(Badge(badge.state, badge.text, tooltip))
        frame = self._frames.get(node_id)
        if frame is None and badge.state == "failed":
            frame = self._frames[node_id] = FailureFrame(ng.view)
        if frame is not None:
            frame.setVisible(badge.state == "failed")
            frame.setToolTip(tooltip)
        ng.view.setToolTip(tooltip or ng.name())

    def failed_frame_shown(self, node_id: str) -> bool:
        frame = self._frames.get(node_id)
        return frame is not None and frame.isVisible()

    def badge(self, node_id: str) -> Badge:
        item = self._badges.get(node_id)
        return item.badge if item is not None else Badge()

    def show_message(self, text: str) -> None:
        """A transient message over the canvas (and in the status bar, via ``message``)."""
        self.toast.setText(text)
        self.toast.setMaximumWidth(max(200, self.viewer.width() - 40))
        self.toast.adjustSize()
        self.toast.move((self.viewer.width() - self.toast.width()) // 2, 12)
        self.toast.show()
        self.toast.raise_()
        self._toast_timer.start()
        self.message.emit(text)

    def _on_selection_changed(self, *_: Any) -> None:
        self.selection_changed.emit(self.selected_ids())

    def _on_double_clicked(self, ng: Any) -> None:
        nid = self._ids.get(ng.id)
        if nid is not None:
            self.node_activated.emit(nid)

    def frame_all(self) -> None:
        """Zoom so every node is in view (not closer than 1:1)."""
        views = [n.view for n in self._by_id.values()]
        if views:
            self.viewer.zoom_to_nodes(views)  # NodeGraphQt keeps 1:1 when all fit

    def canvas_node(self, node_id: str) -> BaseNode:
        return self._by_id[node_id]

    def node_count(self) -> int:
        return len(self._by_id)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the canvas is built (or re-synced).

    A build makes tens of thousands of long-lived objects and no garbage; on the way the
    collector's thresholds start a full collection, which walks every object the process
    has (0.1 to 0.3 s with the editor's heap: a seventh of a 1,000-node build). Paused,
    the objects are looked at by the first collection after the build, as they would
    have been; what the old canvas left on a rebuild is collected then too.
    """
    if not gc.isenabled():  # an outer build paused it: that one turns it back on
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def media_kind(path: str) -> str:
    """ "image", "video", "audio" or "" for a file name."""
    mime, _ = mimetypes.guess_type(path)
    return (mime or "").split("/")[0] if mime else ""
