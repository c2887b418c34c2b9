"""Exporting from the window: the project folder first, progress by stage, cancel, play."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from tests.ui import stubs
from tests.ui.conftest import wait_run
from tests.ui.test_storyboard import script_to_stills


def _episode_graph(window, still_type="ui.still"):
    nodes = script_to_stills(window, still_type)
    nodes["episode"] = window.canvas.add_node("ui.episode", (900, 0))
    assert window.canvas.connect_ports(nodes["still"], "image", nodes["episode"], "stills")
    return nodes


def test_export_shows_each_stage_reaches_100_and_offers_play_and_show_in_folder(
        qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    _episode_graph(window)
    assert window.default_export_path().parent == window.session.project.folder
    out = tmp_path / "out" / "episode.mp4"
    percents = []
    assert window.export_to(out)
    box = window.export_box
    box.bar.valueChanged.connect(percents.append)
    assert box.isVisible() and box.cancel_button.isVisible() and not box.play_button.isVisible()
    wait_run(qtbot, window)
    assert out.exists() and out.with_suffix(".srt").exists()
    assert percents == sorted(percents) and percents[-1] == 100 and box.bar.value() == 100
    count = len(window.storyboard.board.cards)
    assert [f"Shot {i} of {count}" for i in range(1, count + 1)] == [
        s for s in box.stages if s.startswith("Shot ")]
    assert {"Mixing the voices and music", "Adding the AI labels"} <= set(box.stages)
    assert box.stages.index("Adding the AI labels") > box.stages.index(f"Shot {count} of {count}")
    assert box.play_button.isVisible() and box.folder_button.isVisible()
    assert not box.cancel_button.isVisible() and "episode.mp4" in box.heading.text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    box.play_button.click()
    box.folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(out)), QUrl.fromLocalFile(str(out.parent))]
    assert window.default_export_path() == out  # the next export starts where this one went
    box.close_button.click()
    assert not box.isVisible()


def test_cancel_stops_the_export_and_writes_nothing(qtbot, make_window, tmp_path):
    stubs.GATE.clear()
    window = make_window()
    nodes = _episode_graph(window, "ui.gated_still")
    out = tmp_path / "episode.mp4"
    try:
        assert window.export_to(out)
        box = window.export_box
        qtbot.waitUntil(lambda: window.canvas.badge(nodes["still"]).state == "running",
                        timeout=10_000)
        assert box.bar.maximum() == 0 and "Gated still" in box.stage.text()  # still making
        with qtbot.waitSignal(window.run_settled, timeout=10_000) as blocker:
            box.cancel_button.click()
    finally:
        stubs.GATE.set()
    assert blocker.args[0].status == "cancelled"
    assert not out.exists() and "cancelled" in box.heading.text()
    assert not box.play_button.isVisible() and box.close_button.isVisible()


def test_a_draft_export_says_it_is_a_draft_and_a_final_one_does_not(qtbot, cut_window, tmp_path):
    from app.core.graph import SetParam

    window = cut_window  # tests/ui/cut.py: its Edit & Export is at quality "draft"
    edit = window.session.graph.find("edit").id
    headings = []
    for name in ("draft.mp4", "final.mp4"):
        assert window.export_to(tmp_path / name)
        wait_run(qtbot, window, timeout=300_000)
        headings.append(window.export_box.heading.text())
        window.export_box.close_button.click()
        window.session.push(SetParam(edit, "quality", "final"))
    assert headings[0].startswith("Exported draft.mp4 (") and headings[0].endswith(
        "— a draft: set Quality to final in Edit & Export before you upload it")
    assert headings[1].startswith("Exported final.mp4 (") and "draft" not in headings[1]
