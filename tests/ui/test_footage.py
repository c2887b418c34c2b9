"""Dropping a creator's own video or picture on a storyboard card (real model, real export)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.ui.footage import footage_kind
from tests.ui import cut as cutlib
from tests.ui.conftest import sample_png, wait_run


@pytest.fixture
def window(cut_window):
    return cut_window


def _drop(board_list, row: int, path) -> bool:
    """Drop ``path`` (as a file manager would) on card ``row``; whether it was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    board_list.scrollToItem(board_list.item(row))
    where = board_list.visualItemRect(board_list.item(row)).center()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = board_list.viewport()
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def test_a_dropped_clip_becomes_that_shots_footage_in_the_export(qtbot, window, tmp_path):
    clip = cutlib.phone_clip(tmp_path / "phone.mp4")
    board = window.storyboard.list
    assert board.item(2).data(Qt.ItemDataRole.UserRole) == "c"
    assert _drop(board, 2, clip)
    dialog = window.cut.footage_dialog
    assert dialog.kind == "clip" and dialog.found.width == 320 and dialog.found.has_audio
    assert dialog.pad.isChecked() and dialog.keep.isChecked()
    dialog.accept()
    folder, nodes = window.session.project.folder, window.timeline.cut.nodes
    own = cutlib.saved_params(folder, nodes["clips"])["own"]
    assert list(own) == ["c"] and len(own["c"]) == 64
    assert cutlib.saved_params(folder, nodes["edit"])["cuts"]["c"]["sound"] == "keep"
    assert cutlib.saved_params(folder, nodes["shots"])["overrides"] == {"c": {"duration": 2.5}}
    qtbot.waitUntil(lambda: window.timeline.cut.shots[2].own_footage, timeout=60_000)
    assert window.timeline.cut.duration == pytest.approx(8.5)
    mp4 = tmp_path / "out" / "ep.mp4"
    assert window.export_to(mp4)
    wait_run(qtbot, window, timeout=300_000)
    assert cutlib.duration(mp4) == pytest.approx(8.5, abs=0.05)
    picture = cutlib.frame(mp4, 7.5)
    middle, top = picture[960, 540], picture[200, 540]
    assert middle[0] > 200 and middle[1] < 60 and middle[2] < 60  # the red footage...
    assert top.max() < 30  # ...padded, not stretched, into the 9:16 frame
    window.undo()
    assert cutlib.saved_params(folder, nodes["clips"]).get("own", {}) == {}


def test_a_dropped_picture_becomes_that_shots_still(qtbot, window, tmp_path):
    picture = sample_png(tmp_path / "mine.png", (20, 200, 40))
    assert footage_kind(picture) == "still"
    assert _drop(window.storyboard.list, 0, picture)
    dialog = window.cut.footage_dialog
    assert not dialog.keep.isVisible()  # a still has no sound to keep
    dialog.crop.setChecked(True)
    dialog.accept()
    nodes = window.timeline.cut.nodes
    folder = window.session.project.folder
    assert list(cutlib.saved_params(folder, nodes["stills"])["own"]) == ["a"]
    assert cutlib.saved_params(folder, nodes["edit"])["cuts"]["a"]["fit"] == "crop"


def test_other_files_are_not_taken(qtbot, window, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not footage")
    assert not _drop(window.storyboard.list, 0, text)
    assert window.session.project.undo.can_undo is False


def test_the_edges_of_own_footage_trim_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    clip = cutlib.phone_clip(tmp_path / "long.mp4", seconds=4.0)
    assert _drop(window.storyboard.list, 2, clip)
    window.cut.footage_dialog.accept()
    qtbot.waitUntil(lambda: window.timeline.cut.shots[2].own_footage, timeout=60_000)
    view = window.timeline.view
    rect = view.shot_rect(2)
    assert view.hit(QPointF(rect.left() + 1, rect.center().y())).kind == "head"
    start = QPoint(int(rect.left()) + 1, int(rect.center().y()))
    end = start + QPoint(round(view.pps * 0.5), 0)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    nodes, folder = window.timeline.cut.nodes, window.session.project.folder
    assert cutlib.saved_params(folder, nodes["edit"])["cuts"]["c"]["trim_in"] == pytest.approx(0.5)
    assert cutlib.saved_params(folder, nodes["shots"])["overrides"]["c"]["duration"] == 2.5
    assert window.session.project.undo.undo_text() == "edit shot 3"
