"""Storyboard, script table and preview with the real script nodes and stub stills."""

import pytest
from PySide6.QtCore import Qt

from app.core.engine import ItemDone
from app.core.graph import ChooseTake, SetParam
from app.ui.storyboard import HEADING, STATE
from nodes.script import WriteScript
from tests.ui import stubs
from tests.ui.conftest import wait_run


def script_to_stills(window, still_type="ui.still", sound=False):
    bridge = window.canvas
    write = bridge.add_node("script.write", (0, 0))
    shots = bridge.add_node("script.shots", (300, 0))
    still = bridge.add_node(still_type, (600, 0))
    assert bridge.connect_ports(write, "script", shots, "script")
    assert bridge.connect_ports(shots, "shots", still, "shot")
    nodes = {"write": write, "shots": shots, "still": still}
    if sound:
        nodes["voice"] = bridge.add_node("ui.voice", (600, 200))
        nodes["music"] = bridge.add_node("ui.music", (300, 300))
        assert bridge.connect_ports(shots, "shots", nodes["voice"], "shot")
        assert bridge.connect_ports(write, "script", nodes["music"], "script")
    return nodes


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
    preview = window.preview
    assert preview.stack.currentWidget() is preview.shot_view
    assert preview.shot_view.playing and preview.shot_view.shot.index == 1
    assert not preview.shot_view.picture.pixmap().isNull()
    preview.shot_view.pause()
    board.list.setCurrentItem(item)
    with qtbot.waitSignal(window.run_settled, timeout=30_000) as blocker:
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


@pytest.mark.parametrize("planned", [True, False], ids=["shots-planned", "script-not-cheap"])
def test_a_card_shows_its_still_the_moment_it_is_made(qtbot, make_window, monkeypatch, planned):
    if not planned:  # a script from a real service: the shots are not known until it ran
        monkeypatch.setattr(WriteScript, "is_cheap", classmethod(lambda cls, params: False))
    stubs.GATE.clear()
    window = make_window()
    nodes = script_to_stills(window, "ui.gated_still")
    board = window.storyboard
    try:
        window.run_all()

        def first_still(event):
            return isinstance(event, ItemDone) and event.node_id == nodes["still"] \
                and event.item_index == 0 and not event.cached

        with qtbot.waitSignal(window.runner.event, check_params_cb=first_still,
                              timeout=30_000) as blocker:
            pass
        # the window handled the event before this test's slot: no further event-loop turn
        card = board.board.cards[0]
        assert card.still is not None and card.still.hash == blocker.args[0].outputs["image"]
        assert not board.list.item(0).icon().isNull() and board.list.item(0).data(STATE) is None
        assert window.runner.busy and board.board.cards[1].still is None  # the rest still wait
        qtbot.waitUntil(lambda: board.list.item(1).data(STATE) is not None, timeout=10_000)
        assert board.list.item(1).data(STATE)[0] == "making"
    finally:
        stubs.GATE.set()
    wait_run(qtbot, window)
    assert all(c.still is not None and not c.stale for c in board.board.cards)


def test_an_edited_shot_keeps_its_last_still_marked_stale_until_run(qtbot, make_window):
    window = make_window()
    nodes = script_to_stills(window)
    window.run_all()
    wait_run(qtbot, window)
    board = window.storyboard
    before = [c.still.hash for c in board.board.cards]
    shot_id = board.board.cards[1].shot_id
    assert board.edit_shot(shot_id, {"description": "A new picture of the rooftop."})
    window.replan()
    cards = board.board.cards
    assert [c.still.hash for c in cards] == before  # nothing went blank
    assert cards[1].stale == {"still"} and all(not c.stale for i, c in enumerate(cards) if i != 1)
    assert board.list.item(1).data(STATE)[0] == "stale"
    with qtbot.waitSignal(window.run_settled, timeout=30_000) as blocker:
        window.run_all()
    rows = window.session.project.node_runs(blocker.args[0].run_id)
    assert [r.item_index for r in rows if r.node_id == nodes["still"] and r.status == "ran"] == [1]
    cards = board.board.cards
    assert not any(c.stale for c in cards)
    assert [c.still.hash for i, c in enumerate(cards) if i != 1] == before[:1] + before[2:]


def test_a_regenerated_shot_keeps_showing_its_old_take_while_the_new_one_is_made(
        qtbot, make_window):
    from app.core import takes

    stubs.GATE.set()
    window = make_window()
    nodes = script_to_stills(window, "ui.gated_still")
    window.run_all()
    wait_run(qtbot, window)
    board = window.storyboard
    before = [c.still.hash for c in board.board.cards]
    board.select_shot(0)
    for shot in (0, 2):
        takes.regenerate(window.session.engine, nodes["still"], shot)
    window.replan()
    assert [c.still.hash for c in board.board.cards] == before  # nothing went blank
    assert [bool(c.stale) for c in board.board.cards] == [i in (0, 2) for i in range(len(before))]
    # the new take is listed, chosen and greyed out: it is not made yet
    assert [(t.take, t.chosen, t.available) for t in board.takes.shown] == [
        (0, False, True), (1, True, False)]

    def first_new_take(event):
        return isinstance(event, ItemDone) and event.node_id == nodes["still"] \
            and event.item_index == 0 and not event.cached

    stubs.GATE.clear()  # shot 3's new take waits: the run is still going below
    try:
        with qtbot.waitSignal(window.runner.event, check_params_cb=first_new_take,
                              timeout=30_000):
            assert window.run_all()
        assert window.runner.busy
        cards = board.board.cards
        assert cards[0].still.hash != before[0] and not cards[0].stale
        assert cards[2].still.hash == before[2] and cards[2].stale
        # the picker shows the new take the moment it is made
        assert [(t.take, t.available) for t in board.takes.shown] == [(0, True), (1, True)]
    finally:
        stubs.GATE.set()
    wait_run(qtbot, window)
    assert not any(c.stale for c in board.board.cards)


def test_after_a_restart_the_last_results_show_without_a_run(qtbot, make_window, registry):
    from app.core.store.project import Project

    window = make_window()
    nodes = script_to_stills(window)
    window.run_all()
    wait_run(qtbot, window)
    stills = [c.still.hash for c in window.storyboard.board.cards]
    folder = window.session.project.folder
    # A script from a real service: nothing below it is known until it runs again.
    window.session.push(SetParam(nodes["write"], "provider", "openai"))
    window.close()

    again = make_window(Project.open(folder, registry))
    board = again.storyboard
    assert again.session.plan().nodes[nodes["shots"]].items is None
    assert [c.still.hash for c in board.board.cards] == stills
    assert all(c.stale == {"shot", "still"} for c in board.board.cards)
    again.canvas.select(nodes["shots"])
    assert again.preview.stack.currentWidget() is again.preview.table  # not "Not made yet"
    assert again.preview.table.rowCount() == len(stills)
    assert not again.preview.stale_note.isHidden()


def test_clicking_a_card_plays_that_shot_with_its_line_music_and_takes(qtbot, make_window):
    window = make_window()
    nodes = script_to_stills(window, sound=True)
    window.run_all()
    wait_run(qtbot, window)
    board, preview = window.storyboard, window.preview
    window.canvas.select(nodes["write"])
    assert preview.stack.currentWidget() is preview.table
    item = board.list.item(2)
    qtbot.mouseClick(board.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=board.list.visualItemRect(item).center())
    card = board.board.cards[2]
    view = preview.shot_view
    assert preview.stack.currentWidget() is view and view.shot.shot_id == card.shot_id
    assert view.picture.pixmap().cacheKey() != 0 and not view.picture.pixmap().isNull()
    assert view.subtitle.toPlainText() == card.line and view.subtitle.isVisible()
    assert view.voice_player.source().toLocalFile() == str(card.voice.path)
    music = window.results.value(nodes["music"], "music")
    assert view.music_player.source().toLocalFile() == str(music.path)
    assert view.shot.starts_at == sum(c.duration for c in board.board.cards[:2])
    assert preview.takes.target.item_index == 2
    assert window.inspector.card.shot_id == card.shot_id
    view.play()
    assert view.playing and view.play_button.text() == "Pause"
    view.seek(1000)
    under = int(view.shot.starts_at * 1000) + 1000  # the music at this moment of the episode
    qtbot.waitUntil(lambda: abs(view.music_player.position() - under) < 1500, timeout=10_000)
    assert view.clip_player.source().isEmpty()  # no clip node: the still is the picture
    view.pause()
    assert not view.playing
