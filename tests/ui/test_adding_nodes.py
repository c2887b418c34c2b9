"""Adding a node is easy to find: Tab at start-up, double-click, right-click, the Edit menu,
the Nodes list (drag or double-click); F fits the graph; a minimap; readable node text."""

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from app.ui.palette import NODE_MIME


def _types(window):
    return sorted(n.type_id for n in window.session.graph.nodes.values())


def test_tab_right_after_start_up_opens_the_palette(qtbot, make_window):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas.viewer, timeout=5000)
    assert QApplication.focusWidget() is not window.budget_box
    qtbot.keyClick(window.canvas.viewer, Qt.Key.Key_Tab)
    assert window.canvas.palette.isVisible()


def test_double_click_on_empty_canvas_opens_the_palette_at_that_spot(qtbot, make_window):
    window = make_window()
    viewer = window.canvas.viewer
    spot = QPoint(viewer.width() // 3, viewer.height() // 3)
    qtbot.mouseDClick(viewer.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    palette = window.canvas.palette
    assert palette.isVisible()
    palette.search.setText("suffix")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    (node,) = window.session.graph.nodes.values()
    expected = viewer.mapToScene(spot)
    assert node.type_id == "t.suffix"
    assert abs(node.position[0] - expected.x()) < 1 and abs(node.position[1] - expected.y()) < 1


def test_right_click_offers_every_node_by_family_and_node_actions(qtbot, make_window):
    window = make_window()
    canvas = window.canvas
    menu = canvas.context_menu(QPointF(40, 50))
    add = next(a.menu() for a in menu.actions() if a.menu() and a.text() == "Add node")
    families = {a.text(): a.menu() for a in add.actions()}
    assert {"image", "script", "io"} <= set(families)
    still = next(a for a in families["image"].actions() if a.data() == "ui.still")
    still.trigger()
    assert _types(window) == ["ui.still"]
    nid = next(iter(window.session.graph.nodes))
    assert window.session.graph.node(nid).position == (40.0, 50.0)
    on_node = canvas.context_menu(QPointF(0, 0), nid)
    assert [a.text() for a in on_node.actions()] == ["Run to here", "Delete"]
    next(a for a in on_node.actions() if a.text() == "Delete").trigger()
    assert _types(window) == []
    menu.deleteLater()
    on_node.deleteLater()


def test_edit_menu_and_toolbar_have_add_node_and_fit(make_window):
    window = make_window()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert window.add_node_action in menus["&Edit"].actions()
    assert window.fit_action in menus["&View"].actions()
    assert window.minimap_action in menus["&View"].actions()
    window.add_node_action.trigger()
    assert window.canvas.palette.isVisible()
    assert window.fit_action.shortcut().toString() == "F"


def test_the_nodes_list_finds_drags_and_double_click_adds(qtbot, make_window):
    window = make_window()
    library = window.library
    library.search.setText("coloured")
    assert library.visible_types() == ["ui.still"]
    group = library.tree.topLevelItem(0)
    item = group.child(0)
    data = library.tree.mimeData([item])
    assert bytes(data.data(NODE_MIME)).decode() == "ui.still"
    viewer = window.canvas.viewer
    mime = QMimeData()
    mime.setData(NODE_MIME, b"t.items")
    drop = QDropEvent(QPointF(60, 70), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    viewer.dropEvent(drop)
    assert _types(window) == ["t.items"]
    library.tree.itemActivated.emit(item, 0)
    assert _types(window) == ["t.items", "ui.still"]


def test_fit_shows_every_node_and_the_minimap_moves_the_view(qtbot, make_window):
    window = make_window()
    canvas = window.canvas
    far = [canvas.add_node("t.items", (x, y)) for x, y in ((0, 0), (2400, 1600))]
    viewer, minimap = canvas.viewer, canvas.minimap
    viewer.set_zoom(1.5)  # zoomed in: not everything shows, so the minimap does
    viewer.center_on(QPointF(0, 0))
    assert minimap.isVisible()
    minimap.refit()
    target = canvas.canvas_node(far[1]).view.sceneBoundingRect().center()
    qtbot.mouseClick(minimap.viewport(), Qt.MouseButton.LeftButton,
                     pos=minimap.mapFromScene(target))
    assert (viewer.visible_rect().center() - target).manhattanLength() < 60
    window.fit_action.trigger()
    shown = viewer.visible_rect()
    for nid in far:
        assert shown.contains(canvas.canvas_node(nid).view.sceneBoundingRect())
    assert not minimap.isVisible()  # everything is in view: nothing to find
    window.minimap_action.trigger()  # off
    viewer.set_zoom(1.5)
    assert not minimap.isVisible()


def test_node_text_is_readable(make_window):
    window = make_window()
    nid = window.canvas.add_node("t.suffix", (0, 0))
    view = window.canvas.canvas_node(nid).view
    assert view._text_item.font().pointSize() >= 11
    assert all(t.font().pointSize() >= 10 for t in view._input_items.values())
