"""The Timeline dock on a real three-shot episode: what it shows, and that its edits reach
the model (read back from the project's SQLite) and the exported MP4 and SRT."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.ui import cut as cutlib
from tests.ui.conftest import wait_run


@pytest.fixture
def window(cut_window):
    win = cut_window
    win.docks["timeline"].raise_()
    win.resize(1500, 950)
    return win


def _centre(rect) -> QPoint:
    return rect.center().toPoint()


def _drag(view, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 6):
        QTest.mouseMove(view, start + (end - start) * k / 5)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _export(qtbot, window, path):
    assert window.export_to(path)
    wait_run(qtbot, window, timeout=300_000)
    assert path.is_file()
    return cutlib.srt_cues(path.with_suffix(".srt").read_text(encoding="utf-8"))


def test_the_dock_lays_the_cut_out_like_the_export(qtbot, window, made, tmp_path):
    view = window.timeline.view
    cut = window.timeline.cut
    assert [b.shot_id for b in cut.shots] == ["a", "b", "c"]
    assert [round(b.start, 3) for b in cut.shots] == [0.0, 3.0, 6.0]
    widths = [view.shot_rect(i).width() for i in range(3)]
    assert widths == [pytest.approx(3.0 * view.pps)] * 3
    assert all(b.still is not None and b.clip is not None for b in cut.shots)
    assert [v.shot for v in cut.voices] == [0, 1, 2]
    assert cut.music is not None and cut.music.duration == pytest.approx(9.0)
    assert cut.current and cut.episode is not None
    # The subtitles track holds what the exported SRT says, to the millisecond.
    srt = cutlib.srt_cues(cut.episode.meta["srt"])
    assert [(c.start, c.end, " ".join(c.text.split())) for c in cut.subtitles] == [
        (pytest.approx(a, abs=1e-3), pytest.approx(b, abs=1e-3), t) for a, b, t in srt
    ]
    qtbot.waitUntil(lambda: all(view.peaks.get(v.media.path) is not None for v in cut.voices),
                    timeout=30_000)
    assert all(view.peaks.get(v.media.path).max() > 0.05 for v in cut.voices)


def test_dragging_a_shot_reorders_the_episode(qtbot, window, tmp_path):
    view, shots_node = window.timeline.view, window.timeline.cut.nodes["shots"]
    folder = window.session.project.folder
    _drag(view, _centre(view.shot_rect(2)), QPoint(int(view.x_of(0.5)), _centre(view.shot_rect(0)).y()))
    assert cutlib.saved_params(folder, shots_node)["order"] == ["c", "a", "b"]
    qtbot.waitUntil(lambda: [b.shot_id for b in window.timeline.cut.shots] == ["c", "a", "b"],
                    timeout=60_000)
    window.undo()
    assert cutlib.saved_params(folder, shots_node).get("order", []) == []
    window.redo()
    cues = _export(qtbot, window, tmp_path / "out" / "ep.mp4")
    assert [c[2] for c in cues] == ["Not tonight.", "It is you.", "You should be dead."]


def test_dragging_a_shot_edge_changes_its_length_in_the_export(qtbot, window, tmp_path):
    view, shots_node = window.timeline.view, window.timeline.cut.nodes["shots"]
    folder = window.session.project.folder
    edge = view.shot_rect(0)
    start = QPoint(int(edge.right()), int(edge.center().y()))
    _drag(view, start, start + QPoint(round(view.pps * 1.0), 0))
    assert cutlib.saved_params(folder, shots_node)["overrides"] == {"a": {"duration": 4.0}}
    qtbot.waitUntil(
        lambda: [round(b.start, 3) for b in window.timeline.cut.shots] == [0.0, 4.0, 7.0],
        timeout=60_000,
    )
    assert window.session.project.undo.undo_text() == "edit shot 1"
    cues = _export(qtbot, window, tmp_path / "out" / "ep.mp4")
    assert cutlib.duration(tmp_path / "out" / "ep.mp4") == pytest.approx(10.0, abs=0.05)
    assert cues[1][0] == pytest.approx(4.2, abs=1e-3)  # the second line follows its shot


def test_clicking_the_ruler_moves_the_shared_playhead(qtbot, window):
    view = window.timeline.view
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(view.x_of(4.5)), 10))
    assert window.playhead.seconds == pytest.approx(4.5, abs=1 / view.pps)
    current = window.storyboard.list.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "b"
    assert view.selected == 1
    # Selecting a card moves the playhead to that shot (unless it is already in it).
    window.storyboard.list.setCurrentRow(2)
    assert window.playhead.seconds == pytest.approx(6.0)


def test_the_track_names_stay_in_view_when_a_zoomed_timeline_scrolls(qtbot, window):
    from PySide6.QtGui import QColor

    view, bar = window.timeline.view, window.timeline.scroll.horizontalScrollBar()
    view.set_zoom(300.0)
    qtbot.waitUntil(lambda: bar.maximum() > 600, timeout=5000)
    bar.setValue(600)
    qtbot.waitUntil(lambda: view.x() == -600, timeout=5000)
    probe = QPoint(600 + 4, int(view.row("video").center().y()))
    assert view.hit(probe.toPointF()).kind == ""  # over the names, not over a shot
    picture = view.grab().toImage()  # the header's colour where the scroll area shows it
    assert picture.pixelColor(probe) == QColor("#26262b")
    assert picture.pixelColor(QPoint(4, probe.y())) != QColor("#26262b")


def _choose_from_popup(qtbot, text: str):
    """Pick ``text`` in the menu the next click opens (the menu runs its own loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    def pick():
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
        action = next(a for a in menus[-1].actions() if a.text() == text)
        action.trigger()
        menus[-1].close()

    QTimer.singleShot(0, pick)


def test_each_cut_takes_its_own_transition(qtbot, window, tmp_path):
    view, edit = window.timeline.view, window.timeline.cut.nodes["edit"]
    folder = window.session.project.folder
    _choose_from_popup(qtbot, "Fade through black")
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.cut_point(0).toPoint())
    assert cutlib.saved_params(folder, edit)["cuts"]["a"]["transition"] == "fade_black"
    window.timeline.transition_menu(1).actions()[3].trigger()  # Flash, at the second cut
    cuts = cutlib.saved_params(folder, edit)["cuts"]
    assert (cuts["a"]["transition"], cuts["b"]["transition"]) == ("fade_black", "flash")
    qtbot.waitUntil(lambda: [b.transition for b in window.timeline.cut.shots]
                    == ["fade_black", "flash", "cut"], timeout=60_000)
    _export(qtbot, window, tmp_path / "out" / "ep.mp4")
    mp4 = tmp_path / "out" / "ep.mp4"
    assert cutlib.duration(mp4) == pytest.approx(9.0, abs=0.05)  # dips do not overlap shots
    at_black, at_flash = 3.0 - 1 / 60, 6.0 - 1 / 60  # the last frame before each cut
    assert cutlib.frame(mp4, at_black, gray=True).mean() < 20 < cutlib.frame(
        mp4, 1.5, gray=True).mean()
    assert cutlib.frame(mp4, at_flash, gray=True).mean() > 235 > cutlib.frame(
        mp4, 4.5, gray=True).mean()


def test_fade_through_black_is_black_and_a_flash_white(qtbot, window, tmp_path):
    window.timeline.transition_menu(0).actions()[2].trigger()  # Fade through black
    window.timeline.transition_menu(1).actions()[3].trigger()  # Flash
    mp4 = tmp_path / "out" / "ep.mp4"
    _export(qtbot, window, mp4)
    dark, white = cutlib.frame(mp4, 3.0 - 1 / 60), cutlib.frame(mp4, 6.0 - 1 / 60)
    assert dark[200:1700].reshape(-1, 3).mean(axis=0).max() < 30  # every channel dark
    assert white[200:1700].reshape(-1, 3).mean(axis=0).min() > 220  # every channel bright


def test_a_subtitle_is_rewritten_split_and_timed_without_touching_the_script(
    qtbot, window, tmp_path
):
    view = window.timeline.view
    nodes = window.timeline.cut.nodes
    folder = window.session.project.folder
    QTest.mouseDClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      _centre(view.subtitle_rect(0)))
    dialog = window.timeline.subtitle_dialog
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "It is you."
    dialog.table.item(0, 0).setText("It is really you, Julian.")
    dialog.table.setCurrentCell(0, 0)
    dialog.split_selected()
    assert [dialog.table.item(r, 0).text() for r in range(2)] == ["It is really", "you, Julian."]
    dialog.table.item(1, 1).setText("1.5")
    dialog.table.item(1, 2).setText("x")
    dialog.accept()
    assert "not a number" in dialog.problem.text() and dialog.isVisible()  # refused, kept open
    dialog.table.item(1, 2).setText("2.8")
    dialog.accept()
    saved = cutlib.saved_params(folder, nodes["edit"])["subtitle_edits"]
    assert saved == {"a": [{"text": "It is really", "start": None, "end": None},
                           {"text": "you, Julian.", "start": 1.5, "end": 2.8}]}
    assert cutlib.saved_params(folder, nodes["shots"]).get("overrides", {}) == {}
    cues = _export(qtbot, window, tmp_path / "out" / "ep.mp4")
    assert [c[2] for c in cues] == ["It is really", "you, Julian.", "You should be dead.",
                                    "Not tonight."]
    assert cues[1][:2] == (pytest.approx(1.5, abs=1e-3), pytest.approx(2.8, abs=1e-3))
    # ...and the dock shows exactly what the SRT says.
    shown = [(c.start, c.end, " ".join(c.text.split())) for c in window.timeline.cut.subtitles]
    assert shown == [(pytest.approx(a, abs=1e-3), pytest.approx(b, abs=1e-3), t)
                     for a, b, t in cues]


def test_music_level_and_ducking_are_set_from_the_dock(qtbot, window, tmp_path):
    import numpy as np

    from app.media.ffmpeg import decode_audio

    pane, edit = window.timeline, window.timeline.cut.nodes["edit"]
    folder = window.session.project.folder

    def music_to_voice_db(mp4):
        samples = decode_audio(mp4, 48000, 1)[:, 0]

        def rms(a, b):
            part = samples[int(a * 48000): int(b * 48000)]
            return 20 * np.log10(np.sqrt(np.mean(part ** 2)) + 1e-9)

        return rms(1.9, 2.9) - rms(0.3, 0.9)  # music alone, against the first line

    before = music_to_voice_db(window.timeline.cut.episode.path)
    pane.music_volume.setValue(-30)
    pane.music_volume.editingFinished.emit()
    pane.duck.setValue(-25)
    pane.duck.editingFinished.emit()
    saved = cutlib.saved_params(folder, edit)
    assert (saved["music_volume_db"], saved["duck_db"]) == (-30.0, -25.0)
    assert window.session.project.undo.undo_text() == "edit episode"
    _export(qtbot, window, tmp_path / "out" / "ep.mp4")
    after = music_to_voice_db(tmp_path / "out" / "ep.mp4")
    # 24 dB quieter against the line; at -6 dB the loud score also meets the export's
    # limiter (which the quieter one does not), so the measured drop is somewhat smaller.
    assert -26.0 < after - before < -15.0, (before, after)


def test_shot_thumbnails_are_decoded_off_the_ui_thread_then_drawn(qtbot, window):
    from PIL import Image
    from PySide6.QtGui import QColor

    from app.ui.timeline import TRACK_COLOURS

    view = window.timeline.view
    view.grab()  # the first paint asks for the thumbnails; it does not decode them itself
    (thumbs,) = view._thumbs.values()
    qtbot.waitUntil(lambda: not thumbs.busy(), timeout=30_000)
    picture = view.grab().toImage()
    rect = view.shot_rect(0)
    # A pixel inside the thumbnail's place (left edge of the block) shows the still, not
    # the bare track colour; the still's own pixel there is the reference.
    x, y = int(rect.left()) + 6, int(rect.center().y())
    drawn = QColor(picture.pixel(x, y))
    track = QColor(TRACK_COLOURS["video"])
    assert (drawn.red(), drawn.green(), drawn.blue()) != (track.red(), track.green(), track.blue())
    still = Image.open(window.timeline.cut.shots[0].still.path).convert("RGB")
    sample = still.getpixel((still.width // 8, still.height // 2))
    assert max(abs(a - b) for a, b in zip(sample, (drawn.red(), drawn.green(), drawn.blue()),
                                          strict=True)) < 60
