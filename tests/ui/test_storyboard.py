"""Storyboard, script table and preview with the real script nodes and stub stills."""

from PySide6.QtCore import Qt

from app.core.graph import ChooseTake, SetParam
from app.ui.storyboard import HEADING
from tests.ui.conftest import wait_run


def script_to_stills(window):
    bridge = window.canvas
    write = bridge.add_node("script.write", (0, 0))
    shots = bridge.add_node("script.shots", (300, 0))
    still = bridge.add_node("ui.still", (600, 0))
    assert bridge.connect_ports(write, "script", shots, "script")
    assert bridge.connect_ports(shots, "shots", still, "shot")
    return {"write": write, "shots": shots, "still": still}


def test_storyboard_fills_after_a_run_and_reorders(qtbot, make_window):
    window = make_window()
    nodes = script_to_stills(window)
    window.run_all()
    wait_run(qtbot, window)
    board = window.storyboard
    count = board.list.count()
    assert count >= 3
    assert window.canvas.badge(nodes["still"]).text == f"done {count}/{count}"
    assert all(c.still is not None for c in board.board.cards)
    first = board.list.item(0)
    assert not first.icon().isNull()
    card = board.board.cards[0]
    assert first.data(HEADING) == f"1. {card.shot_id} · {card.duration:.1f} s"
    assert first.text().endswith(card.line)
    ids = board.order()
    board.list.model().moveRow(board.list.rootIndex(), 0, board.list.rootIndex(), 3)
    expected = ids[1:3] + ids[:1] + ids[3:]
    assert board.order() == expected
    assert window.session.graph.node(nodes["shots"]).params["order"] == expected


def test_double_click_plays_in_preview_and_regenerate_makes_a_new_take(qtbot, make_window):
    window = make_window()
    script_to_stills(window)
    window.run_all()
    wait_run(qtbot, window)
    board = window.storyboard
    item = board.list.item(1)
    board.list.itemDoubleClicked.emit(item)
    assert window.preview.stack.currentWidget() is window.preview.image
    assert not window.preview.image.item.pixmap().isNull()
    board.list.setCurrentItem(item)
    with qtbot.waitSignal(window.runner.finished, timeout=30_000) as blocker:
        board.regen_button.click()
    assert isinstance(window.session.project.undo._done[-1], ChooseTake)
    assert blocker.args[0].ran == 1  # only that shot's still


def test_script_table_edit_becomes_a_shot_override(qtbot, make_window):
    window = make_window()
    nodes = script_to_stills(window)
    window.run_all()
    wait_run(qtbot, window)
    window.canvas.select(nodes["shots"])
    preview = window.preview
    assert preview.stack.currentWidget() is preview.table
    table = preview.table
    assert table.rowCount() == window.storyboard.list.count()
    shot_id = table.item(0, 1).text()
    table.item(0, 3).setText("A new line.")
    overrides = window.session.graph.node(nodes["shots"]).params["overrides"]
    assert overrides == {shot_id: {"line": "A new line."}}
    table.item(0, 4).setText("abc")  # not a number: refused, nothing changes
    assert window.session.graph.node(nodes["shots"]).params["overrides"] == overrides
    assert not table.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable
    qtbot.waitUntil(lambda: window.canvas.badge(nodes["still"]).state == "stale", timeout=30_000)


def test_preview_shows_images_and_script(qtbot, make_window):
    window = make_window()
    nodes = script_to_stills(window)
    window.canvas.select(nodes["still"])
    assert "run the graph" in window.preview.message.text()
    window.run_all()
    wait_run(qtbot, window)
    window.canvas.select(nodes["still"])
    assert window.preview.stack.currentWidget() is window.preview.gallery
    window.canvas.select(nodes["write"])
    assert window.preview.stack.currentWidget() is window.preview.table
    window.session.push(SetParam(nodes["write"], "seed", 5))
