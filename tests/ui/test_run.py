"""Running from the window: badges, stale after an edit, stop, log, timeline, export."""

from app.core.graph import SetParam
from app.ui.properties import LineEditor
from tests.ui.conftest import sample_png, settle, wait_run


def _chain(window):
    bridge = window.canvas
    items = bridge.add_node("t.items", (0, 0))
    suffix = bridge.add_node("t.suffix", (300, 0))
    join = bridge.add_node("t.join", (600, 0))
    bridge.connect_ports(items, "items", suffix, "text")
    bridge.connect_ports(suffix, "text", join, "texts")
    return items, suffix, join


def test_run_shows_done_then_cached_badges(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    settle(qtbot, window)
    assert window.canvas.badge(suffix).state == "stale"
    assert window.run_action.trigger() is None
    assert window.canvas.badge(items).state in ("queued", "running", "done")
    wait_run(qtbot, window)
    assert [window.canvas.badge(n).state for n in (items, suffix, join)] == ["done"] * 3
    assert window.canvas.badge(suffix).text == "done 2/2"
    window.run_all()  # nothing changed: everything comes from the cache
    wait_run(qtbot, window)
    assert [window.canvas.badge(n).state for n in (items, suffix, join)] == ["cached"] * 3
    assert window.canvas.badge(suffix).text == "cached 2/2"
    assert window.runs.summary.text().startswith("Run 2")
    assert window.runs.timeline.bars and {b.status for b in window.runs.timeline.bars} == {"cached"}


def test_editing_a_property_makes_the_node_and_downstream_stale(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    window.run_all()
    wait_run(qtbot, window)
    window.canvas.select(suffix)
    assert window.properties.node_id == suffix
    editor = window.properties.editors["suffix"]
    assert isinstance(editor, LineEditor) and editor.edit.text() == "!"
    editor.edit.setText("?")
    editor.edit.editingFinished.emit()
    assert window.session.graph.node(suffix).params["suffix"] == "?"
    qtbot.waitUntil(lambda: window.canvas.badge(suffix).state == "stale", timeout=30_000)
    assert window.canvas.badge(join).state == "stale"
    assert window.canvas.badge(items).state == "done"
    assert window.canvas.badge(suffix).text == "stale 0/2"


def test_failed_node_shows_error_tooltip_and_log_button_selects_it(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    window.session.push(SetParam(suffix, "fail_on", "b"))
    window.run_all()
    wait_run(qtbot, window)
    badge = window.canvas.badge(suffix)
    assert badge.state == "failed" and "cannot handle 'b'" in badge.tooltip
    assert window.canvas.badge(join).text == "skipped"
    assert "cannot handle" in window.canvas.canvas_node(suffix).view.toolTip()
    from PySide6.QtWidgets import QPushButton

    buttons = [
        window.runs.log.itemWidget(window.runs.log.item(i)).findChild(QPushButton)
        for i in range(window.runs.log.count())
    ]
    buttons = [b for b in buttons if b is not None]
    assert buttons
    window.canvas.graph.clear_selection()
    buttons[0].click()
    assert window.canvas.selected_ids() == [suffix]
    assert {b.status for b in window.runs.timeline.bars} >= {"ran", "failed"}


def test_stop_cancels_a_running_node(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    window.session.push(SetParam(suffix, "spin_until_cancelled", True))
    window.run_all()
    qtbot.waitUntil(lambda: window.canvas.badge(suffix).state == "running", timeout=30_000)
    assert window.stop_action.isEnabled() and not window.run_action.isEnabled()
    with qtbot.waitSignal(window.run_settled, timeout=30_000) as blocker:
        window.stop_action.trigger()
    assert blocker.args[0].status == "cancelled"
    assert window.canvas.badge(suffix).state == "stale"
    assert window.run_action.isEnabled()


def test_run_selected_runs_only_what_it_needs(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    window.canvas.select(suffix)
    assert window.run_selected_action.isEnabled()
    window.run_selected()
    wait_run(qtbot, window)
    assert window.canvas.badge(suffix).state == "done"
    assert window.canvas.badge(join).state == "stale"
    window.run_to_here()  # the current node: the one selected last
    wait_run(qtbot, window)
    assert window.canvas.badge(join).state == "stale"


def test_export_without_an_episode_node_says_so(make_window, tmp_path):
    window = make_window()
    _chain(window)
    assert not window.export_to(tmp_path / "out.mp4")
    assert "no episode" in window.statusBar().currentMessage()


def test_dropped_media_files_become_import_nodes(make_window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window()
    png = sample_png(tmp_path / "still.png")
    text = tmp_path / "notes.txt"
    text.write_text("x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png)), QUrl.fromLocalFile(str(text))])
    viewer = window.canvas.viewer
    event = QDropEvent(
        QPointF(50, 60),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    viewer.dropEvent(event)
    (node,) = window.session.graph.nodes.values()
    # the dropped file is copied into the project's media store and the node names the copy
    assert node.type_id == "io.image" and node.params["file"].startswith("media/")
    copy = window.session.project.folder / node.params["file"]
    assert copy.read_bytes() == png.read_bytes()
    assert "notes.txt" in window.canvas.toast.text()


def test_export_writes_mp4_and_srt(qtbot, make_window, tmp_path):
    from tests.ui.test_storyboard import script_to_stills

    window = make_window()
    nodes = script_to_stills(window)
    episode = window.canvas.add_node("ui.episode", (900, 0))
    assert window.canvas.connect_ports(nodes["still"], "image", episode, "stills")
    out = tmp_path / "out" / "episode.mp4"
    assert window.export_to(out)
    wait_run(qtbot, window, timeout=60_000)
    assert out.exists() and out.stat().st_size > 0
    assert out.with_suffix(".srt").read_text().startswith("1\n00:00:00,000")
    assert not list(out.parent.glob(".*.part"))
    assert "Exported" in window.statusBar().currentMessage()


def test_a_failure_is_on_its_node_in_problems_and_the_log_names_nodes_by_title(
        qtbot, make_window):
    import re

    window = make_window()
    items, suffix, join = _chain(window)
    window.session.push(SetParam(suffix, "fail_on", "b"))
    lonely = window.canvas.add_node("t.suffix", (0, 300))  # its input is not connected
    settle(qtbot, window)
    problems = window.problems
    assert problems.count() == 1 and lonely in problems.list.item(0).data(256)
    assert "cannot run" in problems.list.item(0).text()
    window.run_all()
    wait_run(qtbot, window)
    assert window.canvas.failed_frame_shown(suffix) and not window.canvas.failed_frame_shown(join)
    assert "cannot handle 'b'" in window.canvas.badge(suffix).tooltip
    rows = [problems.list.item(i) for i in range(problems.count())]
    failed = next(r for r in rows if r.data(256) == suffix)
    assert failed.text().startswith("Suffix — failed: ") and "cannot handle 'b'" in failed.text()
    assert join not in [r.data(256) for r in rows]  # skipped because Suffix failed: not a cause
    assert window.docks["problems"].windowTitle() == f"Problems ({problems.count()})"
    window.canvas.graph.clear_selection()
    problems.list.itemClicked.emit(failed)
    assert window.canvas.selected_ids() == [suffix]
    assert window.properties.node_id == suffix

    ids = set(window.session.graph.nodes)
    lines = [window.runs.log.itemWidget(window.runs.log.item(i)).findChild(type(problems.empty))
             .text() for i in range(window.runs.log.count())]
    assert any(line.startswith("Suffix failed: ") for line in lines)
    assert not [line for line in lines if any(i in line for i in ids)]  # no ids on screen
    skipped = window.canvas.badge(join).tooltip
    assert "Suffix" in skipped and not re.search(r"\([0-9a-f]{8,}\)", skipped)
