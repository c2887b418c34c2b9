"""File > Find copies…: a suspect video searched for the project's shots, on a timeline."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.ui.copies import FindCopiesDialog


def test_find_copies_shows_the_matches_on_a_timeline_and_saves_the_report(
    qtbot, episode, attack_set, tmp_path
):
    folder, _ = episode
    dialog = FindCopiesDialog(next(folder.glob("*.shotgraph")))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search_in(attack_set["letterbox_16x9_blur"].path)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=300_000)
    blocks = dialog.timeline.blocks()
    video = sorted(shot for evidence, _, shot in blocks if evidence == "video")
    assert video == [1, 2, 3, 4, 5, 6]
    assert all(rect.right() <= dialog.timeline.width() for _, rect, _ in blocks)
    assert dialog.table.rowCount() == len(dialog.result.matches)
    assert dialog.save_button.isEnabled()
    out = tmp_path / "report.html"
    assert dialog.save_report(out)
    assert "data:image/jpeg;base64," in out.read_text(encoding="utf-8")
    assert str(out) in dialog.status.text()


def test_the_file_menu_opens_find_copies_on_the_open_project(make_window, qtbot, host_video):
    window = make_window()
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Find copies…")
    action.trigger()
    dialog = window.findChild(FindCopiesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.search_in(host_video)  # a fresh project has exported nothing yet
    qtbot.waitUntil(lambda: "export the episode first" in dialog.status.text(), timeout=60_000)
    assert dialog.result is None and not dialog.save_button.isEnabled()
    dialog.close()
    QApplication.processEvents()
