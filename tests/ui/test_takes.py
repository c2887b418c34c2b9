"""The take picker in the storyboard and preview, its shortcuts and the comparison view."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.core.graph import ChooseTake
from tests.ui.conftest import wait_run
from tests.ui.test_storyboard import script_to_stills


def regenerate(qtbot, window):
    with qtbot.waitSignal(window.run_settled, timeout=30_000) as blocker:
        window.storyboard.regen_button.click()
    assert blocker.args[0].status == "done"


def chosen(window, still):
    """The take the model uses for the selected shot's still."""
    strip = window.storyboard.takes
    return window.session.graph.node(still).takes.get(strip.target.item_id, 0)


def center_color(pixmap):
    image = pixmap.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).name()


def shot_with_three_takes(qtbot, window):
    nodes = script_to_stills(window)
    nodes["episode"] = window.canvas.add_node("ui.episode", (900, 0))
    assert window.canvas.connect_ports(nodes["still"], "image", nodes["episode"], "stills")
    window.run_all()
    wait_run(qtbot, window)
    window.storyboard.list.setCurrentRow(1)
    regenerate(qtbot, window)
    regenerate(qtbot, window)
    return nodes


def test_picker_shows_every_take_and_shortcuts_step_the_choice(qtbot, make_window):
    window = make_window()
    nodes = shot_with_three_takes(qtbot, window)
    board = window.storyboard
    strip = board.takes
    assert board.current_card().index == 1  # the selection survives the runs
    assert strip.list.count() == 3
    assert [strip.list.item(i).data(strip.TAKE) for i in range(3)] == [0, 1, 2]
    assert not strip.list.item(0).icon().isNull()
    assert strip.chosen_take() == 2 and chosen(window, nodes["still"]) == 2
    assert strip.list.item(2).font().bold() and not strip.list.item(1).font().bold()
    assert "3 takes, take 2 in use" in strip.title.text()
    # the preview pane follows the storyboard's shot
    assert window.preview.takes.isVisibleTo(window.preview)
    assert window.preview.takes.list.count() == 3

    keys = [s.toString() for s in window.previous_take_action.shortcuts()]
    assert keys == ["[", "Alt+Left"] and "[" in window.previous_take_action.toolTip()
    assert [s.toString() for s in window.next_take_action.shortcuts()] == ["]", "Alt+Right"]
    window.activateWindow()
    board.list.setFocus()
    qtbot.keyClick(board.list, Qt.Key.Key_BracketLeft)
    assert chosen(window, nodes["still"]) == 1
    assert strip.chosen_take() == 1 and strip.list.item(1).font().bold()
    still = board.current_card().still
    assert still.hash == strip.shown[1].media.hash  # the card shows the chosen take now
    qtbot.keyClick(board.list, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert chosen(window, nodes["still"]) == 0
    qtbot.keyClick(board.list, Qt.Key.Key_BracketLeft)  # already the first take: stays
    assert chosen(window, nodes["still"]) == 0
    qtbot.keyClick(board.list, Qt.Key.Key_BracketRight)
    assert chosen(window, nodes["still"]) == 1
    undo = window.session.project.undo
    assert isinstance(undo._done[-1], ChooseTake)
    window.undo()
    assert chosen(window, nodes["still"]) == 0 and strip.chosen_take() == 0

    # another shot changes; then stepping shot 2 back to take 1 re-runs only the episode
    board.list.setCurrentRow(0)
    regenerate(qtbot, window)
    board.list.setCurrentRow(1)
    assert window.session.plan().dirty == []
    qtbot.keyClick(board.list, Qt.Key.Key_BracketRight)
    assert chosen(window, nodes["still"]) == 1
    plan = window.session.plan()
    assert plan.dirty == [nodes["episode"]]  # the still of take 1 is cached
    with qtbot.waitSignal(window.run_settled, timeout=30_000) as blocker:
        window.run_all()
    assert blocker.args[0].ran == 1


def test_clicking_a_thumbnail_chooses_it(qtbot, make_window):
    window = make_window()
    nodes = shot_with_three_takes(qtbot, window)
    strip = window.storyboard.takes
    rect = strip.list.visualItemRect(strip.list.item(0))
    qtbot.mouseClick(strip.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen(window, nodes["still"]) == 0
    assert strip.list.item(0).font().bold()
    window.undo()
    assert chosen(window, nodes["still"]) == 2


def test_compare_shows_two_takes_side_by_side_and_uses_one(qtbot, make_window):
    window = make_window()
    nodes = shot_with_three_takes(qtbot, window)
    strip = window.storyboard.takes
    assert strip.compare_button.isEnabled()
    strip.compare_button.click()
    dialog = strip.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.take_of(dialog.left) == 2 and dialog.take_of(dialog.right) == 1
    left, right = dialog.left.view.item.pixmap(), dialog.right.view.item.pixmap()
    assert not left.isNull() and not right.isNull()
    assert (left.width(), left.height()) == (108, 192)  # the stills themselves, full size
    assert center_color(left) != center_color(right)  # two different pictures
    assert "take 2" in dialog.left.info.text() and "seed" in dialog.left.info.text()
    dialog.right.combo.setCurrentIndex(0)
    assert dialog.take_of(dialog.right) == 0
    assert center_color(dialog.right.view.item.pixmap()) != center_color(right)
    dialog.right.use_button.click()
    assert not dialog.isVisible()
    assert chosen(window, nodes["still"]) == 0
    window.undo()
    assert chosen(window, nodes["still"]) == 2


def test_compare_needs_two_takes(qtbot, make_window):
    window = make_window()
    script_to_stills(window)
    window.run_all()
    wait_run(qtbot, window)
    window.storyboard.list.setCurrentRow(0)
    strip = window.storyboard.takes
    assert strip.list.count() == 1 and not strip.compare_button.isEnabled()
    assert not window.preview.takes.isVisibleTo(window.preview)
    window.compare_takes_action.trigger()
    assert strip.dialog is None
    assert "two takes" in window.statusBar().currentMessage()
    assert QKeySequence("[") in window.previous_take_action.shortcuts()
