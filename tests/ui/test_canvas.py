"""Building a graph through the canvas: palette, wires, refusals, undo, reopen, scale."""


from PySide6.QtCore import QPointF, Qt

from app.core.graph import AddNode, Batch, Connect, Edge, MoveNode, SetParam
from app.core.store.project import Project


def _add(window, type_id, x=0.0, y=0.0):
    nid = window.canvas.add_node(type_id, (x, y))
    assert nid, window.session.last_error
    return nid


def test_tab_opens_palette_and_enter_adds_node_at_cursor(qtbot, make_window):
    window = make_window()
    bridge = window.canvas
    bridge.viewer.setFocus()
    qtbot.keyClick(bridge.viewer, Qt.Key.Key_Tab)
    assert bridge.palette.isVisible()
    bridge.show_palette(QPointF(120, 40))
    qtbot.keyClicks(bridge.palette.search, "suffix")
    assert bridge.palette.visible_types() == ["t.suffix"]
    qtbot.keyClick(bridge.palette.search, Qt.Key.Key_Return)
    assert not bridge.palette.isVisible()
    (node,) = window.session.graph.nodes.values()
    assert node.type_id == "t.suffix" and node.position == (120.0, 40.0)
    assert bridge.node_count() == 1


def test_palette_filters_by_family_and_description(make_window):
    window = make_window()
    palette = window.canvas.palette
    palette.filter("script")
    assert set(palette.visible_types()) == {"script.write", "script.shots"}
    palette.filter("coloured frame")
    assert palette.visible_types() == ["ui.still"]


def test_connecting_through_the_canvas_adds_an_edge(make_window):
    window = make_window()
    items, join = _add(window, "t.items"), _add(window, "t.join", 300)
    assert window.canvas.connect_ports(items, "items", join, "texts")
    assert window.session.graph.edges == [Edge(items, "items", join, "texts")]
    assert window.canvas.canvas_edges() == {Edge(items, "items", join, "texts")}


def test_wrong_connection_is_refused_visibly_and_model_unchanged(qtbot, make_window):
    window = make_window()
    join_a, join_b = _add(window, "t.join"), _add(window, "t.join", 300)
    before = window.session.graph.to_dict()
    assert not window.canvas.connect_ports(join_a, "text", join_b, "texts")
    assert window.session.graph.to_dict() == before
    assert window.canvas.canvas_edges() == set()  # the wire was taken off the canvas
    assert window.canvas.toast.isVisible()
    assert "cannot connect" in window.canvas.toast.text()
    assert "cannot connect" in window.statusBar().currentMessage()


def test_a_cycle_is_refused(make_window):
    window = make_window()
    a, b = _add(window, "t.suffix"), _add(window, "t.suffix", 300)
    assert window.canvas.connect_ports(a, "text", b, "text")
    assert not window.canvas.connect_ports(b, "text", a, "text")
    assert window.session.graph.edges == [Edge(a, "text", b, "text")]
    assert "cycle" in window.canvas.toast.text()


def test_canvas_gestures_become_commands(qtbot, make_window):
    window = make_window()
    a, b = _add(window, "t.suffix"), _add(window, "t.suffix", 300)
    bridge = window.canvas
    node_b = bridge.canvas_node(b)
    node_b.view.xy_pos = [400.0, 90.0]
    bridge.viewer.moved_nodes.emit({node_b.view: [300.0, 0.0]})
    node_b.set_name("Second")  # as when the title is edited on the canvas
    bridge.flush()
    graph = window.session.graph
    assert graph.node(b).position == (400.0, 90.0)
    assert graph.node(b).title == "Second"
    bridge.graph.select_all()
    bridge.graph.clear_selection()
    bridge.canvas_node(a).set_selected(True)
    bridge.delete_selected()
    assert list(graph.nodes) == [b] and bridge.node_count() == 1
    window.undo()
    assert set(graph.nodes) == {a, b} and bridge.node_count() == 2


def test_deleting_on_the_canvas_removes_node_and_wires_in_one_step(make_window):
    window = make_window()
    a, b = _add(window, "t.suffix"), _add(window, "t.suffix", 300)
    window.canvas.connect_ports(a, "text", b, "text")
    window.canvas.graph.delete_nodes([window.canvas.canvas_node(a)])  # NodeGraphQt's own path
    window.canvas.flush()
    assert list(window.session.graph.nodes) == [b] and window.session.graph.edges == []
    window.undo()
    assert window.session.graph.edges == [Edge(a, "text", b, "text")]
    assert window.canvas.canvas_edges() == {Edge(a, "text", b, "text")}


def test_undo_redo_ten_edits(make_window):
    window = make_window()
    graph = window.session.graph
    snapshots = [graph.to_dict()]

    def edit(action):
        action()
        window.canvas.flush()
        snapshots.append(graph.to_dict())

    ids = {}
    edit(lambda: ids.setdefault("items", _add(window, "t.items")))
    edit(lambda: ids.setdefault("s1", _add(window, "t.suffix", 300)))
    edit(lambda: ids.setdefault("s2", _add(window, "t.suffix", 600)))
    edit(lambda: window.canvas.connect_ports(ids["items"], "items", ids["s1"], "text"))
    edit(lambda: window.canvas.connect_ports(ids["s1"], "text", ids["s2"], "text"))
    edit(lambda: window.session.push(SetParam(ids["s1"], "suffix", "?")))
    edit(lambda: window.session.push(SetParam(ids["s2"], "suffix", "!!")))
    edit(lambda: window.session.push(MoveNode(ids["s2"], (650.0, 80.0))))
    edit(lambda: window.properties.show_node(ids["s1"]) or window.properties.set_param("note", "n"))
    edit(lambda: window.canvas.graph.delete_nodes([window.canvas.canvas_node(ids["s2"])]))
    assert len(snapshots) == 11 and window.session.project.undo.can_undo

    for expected in reversed(snapshots[:-1]):
        window.undo_action.trigger()
        assert graph.to_dict() == expected
        assert window.canvas.canvas_edges() == set(graph.edges)
        assert window.canvas.node_count() == len(graph.nodes)
    assert not window.undo_action.isEnabled()
    for expected in snapshots[1:]:
        window.redo_action.trigger()
        assert graph.to_dict() == expected
        assert window.canvas.canvas_edges() == set(graph.edges)


def test_undo_shortcuts_are_ctrl_z_and_ctrl_shift_z(make_window):
    window = make_window()
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Shift+Z"


def test_reopened_project_shows_the_same_graph(make_window, registry, tmp_path):
    window = make_window()
    a, b = _add(window, "t.items", 10, 20), _add(window, "t.join", 310, 20)
    window.canvas.connect_ports(a, "items", b, "texts")
    window.session.push(SetParam(a, "items", ["x", "y", "z"]))
    saved = window.session.graph.to_dict()
    folder = window.session.project.folder
    window.close()

    again = make_window(Project.open(folder, registry))
    assert again.session.graph.to_dict() == saved
    assert again.canvas.canvas_edges() == {Edge(a, "items", b, "texts")}
    assert tuple(again.canvas.canvas_node(a).pos()) == (10.0, 20.0)
    assert not list(folder.glob("*.json"))  # no NodeGraphQt session file


def _chain(count):
    nodes = [
        {
            "id": f"n{i}",
            "type": "t.suffix",
            "title": f"S{i}",
            "position": [(i % 25) * 220, (i // 25) * 120],
            "params": {},
        }
        for i in range(count)
    ]
    edges = [[f"n{i}", "text", f"n{i + 1}", "text"] for i in range(count - 1) if (i + 1) % 25]
    return {"nodes": nodes, "edges": edges}


def test_three_hundred_nodes_build_and_rebuild(make_window, registry, tmp_path):
    """DESIGN §6: PySide6 6.12.0 aborts NodeGraphQt after ~200 nodes; fail loudly if it returns."""
    project = Project.create(tmp_path / "big", registry, name="big", graph_data=_chain(300))
    window = make_window(project)  # how fast it builds is bench/ui.py's figure
    assert window.canvas.node_count() == 300
    assert len(window.canvas.canvas_edges()) == len(project.graph.edges)
    window.canvas.rebuild()
    assert window.canvas.node_count() == 300


def test_model_edits_from_elsewhere_resync_the_canvas(make_window):
    window = make_window()
    batch = Batch(
        [
            AddNode("t.items", node_id="i"),
            AddNode("t.join", node_id="j"),
            Connect(Edge("i", "items", "j", "texts")),
        ],
        "paste",
    )
    assert window.session.push(batch)
    assert window.canvas.node_count() == 2
    assert window.canvas.canvas_edges() == {Edge("i", "items", "j", "texts")}
    window.undo()
    assert window.canvas.node_count() == 0


def _layout(view):
    """Where a node item's parts are and how big it is, as NodeGraphQt laid it out."""
    parts = [view._text_item, view._icon_item, *view._input_items, *view._input_items.values(),
             *view._output_items, *view._output_items.values()]
    return (view.width, view.height, [(p.pos().x(), p.pos().y(), p.isVisible()) for p in parts])


def test_a_batch_load_lays_out_every_node_and_draws_every_wire(make_window, registry, tmp_path):
    """A big graph is built in one batch, each node laid out once before it enters the scene;
    it must end up exactly as NodeGraphQt's own layout and wire drawing would leave it."""
    from app.ui.nodegraph import NodeItem, PipeItem, PortItem

    project = Project.create(tmp_path / "big", registry, name="big", graph_data=_chain(60))
    window = make_window(project)
    bridge = window.canvas
    for nid, node in project.graph.nodes.items():
        view = bridge.canvas_node(nid).view
        assert tuple(view.xy_pos) == node.position
        assert view._text_item.toPlainText() == node.title
        assert view._text_item.font().bold()
        assert [t.toPlainText() for t in view._input_items.values()] == ["text"]
        assert not view._icon_item.pixmap().isNull()
        laid_out = _layout(view)
        assert laid_out[0] >= view._text_item.boundingRect().width()  # the title fits
        NodeItem.draw_node(view)  # NodeGraphQt's own layout, in the scene
        assert _layout(view) == laid_out
    pipes = [pipe for nid in project.graph.nodes
             for port in bridge.canvas_node(nid).view.outputs for pipe in port.connected_pipes]
    assert len(pipes) == len(project.graph.edges)
    for pipe in pipes:
        drawn = pipe.path()
        ends = [pipe.input_port.sceneBoundingRect().center(),
                pipe.output_port.sceneBoundingRect().center()]
        assert drawn.elementCount() > 1 and pipe.isVisible()
        assert [(drawn.pointAtPercent(t) - end).manhattanLength() < 1
                for t, end in zip((0, 1), ends, strict=True)] == [True, True]  # port to port
        pointer = pipe._dir_pointer
        arrow = (pointer.pos(), pointer.rotation(), pointer.scale(), pointer.isVisible())
        PipeItem.draw_path(pipe, pipe.input_port, pipe.output_port)  # NodeGraphQt's own
        assert pipe.path() == drawn
        PipeItem._draw_direction_pointer(pipe)
        assert (pointer.pos(), pointer.rotation(), pointer.scale(), pointer.isVisible()) == arrow
        for port in (pipe.input_port, pipe.output_port):
            assert port.boundingRect() == PortItem.boundingRect(port)


def test_a_batch_built_node_looks_as_one_added_the_stock_way(make_window):
    """In a batch the graph's hand-over of a node's model to its view skips what is set
    already; the node must end up as NodeGraphQt's own ``add_node`` leaves one."""
    window = make_window()
    bridge = window.canvas
    batch = bridge.canvas_node(_add(window, "t.suffix")).view
    stock = bridge._classes["t.suffix"](batch.name)
    bridge.graph.add_node(stock, pos=list(batch.xy_pos), selected=False, push_undo=False)
    stock = stock.view

    def look(view):
        labels = [*view._input_items.values(), *view._output_items.values(), view._text_item]
        return ({k: v for k, v in view._properties.items() if k != "id"}, view.toolTip(),
                view.isVisible(), view._x_item.isVisible(), view.isSelected(),
                [t.defaultTextColor().getRgb() for t in labels], _layout(view))

    assert look(batch) == look(stock)


def test_a_canvas_node_item_is_made_of_the_parts_nodegraphqts_is():
    """``CanvasNodeItem`` makes NodeItem's parts itself (its default icon scaled once): the
    same attributes, child items, flags, icon and title set-up as NodeGraphQt's own."""
    from PySide6.QtWidgets import QGraphicsItem

    from app.ui.canvas import CanvasNodeItem
    from app.ui.nodegraph import NodeItem, NodeTextItem, PortItem, XDisabledItem
    from app.ui.window import make_app

    make_app([])
    moves = QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges  # ours only: it redraws

    def parts(item):
        title = item._text_item
        kinds = [NodeTextItem if isinstance(c, NodeTextItem) else type(c)
                 for c in item.childItems()]
        if isinstance(item, CanvasNodeItem):  # its disabled overlay: made when asked for
            kinds.append(type(item._x_item))
            kinds.append(item._x_item.isVisible())
        else:
            kinds.append(kinds.pop(kinds.index(XDisabledItem)))
            kinds.append(item._x_item.isVisible())
        names = sorted("_x_item" if n == "_overlay" else n for n in vars(item))
        return (names, item._properties, kinds, item.flags() & ~moves,
                item.zValue(), item.cacheMode(), item._icon_item.pixmap().toImage(),
                item._icon_item.transformationMode(), title.toPlainText(), title.flags(),
                title.toolTip(), title.cursor().shape(), title.textInteractionFlags(),
                title._locked, item._proxy_mode, item._proxy_mode_threshold)

    assert parts(CanvasNodeItem("a")) == parts(NodeItem("a"))
    assert parts(CanvasNodeItem()) == parts(NodeItem(""))  # ours starts with no title
    def ports(item):
        made = [item.add_input("in", False, True, False), item.add_output("out", True, True, True)]
        labels = [*item._input_items.values(), *item._output_items.values()]
        kinds = [next(k for k in (NodeTextItem, PortItem, type(c)) if isinstance(c, k))
                 for c in item.childItems() if not isinstance(c, XDisabledItem)]
        return kinds, [(p.name, p.port_type, p.multi_connection, p.display_name, p.locked,
                        p.toolTip(), p.flags(), p.zValue(), p.acceptHoverEvents(), p.cacheMode(),
                        p.boundingRect(), p.parentItem() is item) for p in made], [
            (t.toPlainText(), t.isVisible(), t.cacheMode(), t.parentItem() is item)
            for t in labels]

    assert ports(CanvasNodeItem("a")) == ports(NodeItem("a"))
    for state in (True, False):  # disabled, and back: overlay and hover text as NodeItem's
        ours, stock = CanvasNodeItem("a"), NodeItem("a")
        ours.disabled = stock.disabled = True
        ours.disabled = stock.disabled = state
        assert (ours._x_item.isVisible(), ours.toolTip()) == (state, stock.toolTip())
        assert stock._x_item.isVisible() == state


def test_a_canvas_wire_is_made_as_nodegraphqts_is():
    """``CanvasPipeItem`` makes PipeItem's parts itself (its default styling made once)."""
    from app.ui.canvas import CanvasPipeItem
    from app.ui.nodegraph import PipeItem
    from app.ui.window import make_app

    make_app([])

    def parts(pipe):
        arrow = pipe._dir_pointer
        return (sorted(n for n in vars(pipe) if n != "_viewer"), pipe.zValue(),
                pipe.acceptHoverEvents(), pipe.flags(), pipe.cacheMode(), pipe.color,
                pipe.style, pipe.active(), pipe.highlighted(), pipe.input_port,
                pipe.output_port, pipe.pen(), pipe.brush(), pipe.path(), pipe._poly,
                len(pipe.childItems()), arrow.parentItem() is pipe, arrow.polygon(),
                arrow.flags(), arrow.pen(), arrow.brush(), arrow.isVisible())

    assert parts(CanvasPipeItem()) == parts(PipeItem())
    ours, stock = CanvasPipeItem(), PipeItem()
    for pipe in (ours, stock):
        pipe.highlight()  # NodeGraphQt's restyling, on either
    assert parts(ours) == parts(stock)


def test_selecting_and_moving_a_node_restyles_and_redraws_its_wires(make_window):
    """The canvas's items pass Qt's change notices on only where NodeGraphQt acts on them:
    a selection highlights the node's wires, a move redraws them."""
    window = make_window()
    a, b = _add(window, "t.suffix"), _add(window, "t.suffix", 300)
    assert window.canvas.connect_ports(a, "text", b, "text")
    view = window.canvas.canvas_node(b).view
    (pipe,) = view.inputs[0].connected_pipes
    assert not pipe.highlighted()
    view.setSelected(True)
    assert pipe.highlighted()
    view.setSelected(False)
    assert not pipe.highlighted()
    view.setPos(300, 200)
    end = pipe.input_port.sceneBoundingRect().center()
    assert end.y() > 200 and (pipe.path().pointAtPercent(0) - end).manhattanLength() < 1


def test_the_canvas_timers_stop_when_its_widget_is_deleted(qtbot, registry, tmp_path):
    """A bridge can outlive its widget (deleteLater on both); its minimap and message
    timers must not fire at the deleted viewer afterwards."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from app.ui.canvas import CanvasBridge
    from app.ui.session import Session
    from app.ui.window import make_app

    make_app([])
    project = Project.create(tmp_path / "p", registry, name="p", graph_data=_chain(3))
    session = Session(project, registry)
    bridge = CanvasBridge(session)
    bridge.show_message("hello")
    bridge._schedule_minimap()  # as any change of the scene does
    assert bridge._minimap_timer.isActive() and bridge._toast_timer.isActive()
    bridge.widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not bridge._minimap_timer.isActive() and not bridge._toast_timer.isActive()
    bridge._place_minimap()  # what the timer ran: no RuntimeError about a deleted viewer
    bridge._schedule_minimap()
    assert not bridge._minimap_timer.isActive()
    bridge.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    session.close()
