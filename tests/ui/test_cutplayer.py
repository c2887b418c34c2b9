"""Play the cut: the episode with its sound from the shared playhead, made again after an edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtTest import QTest

from app.ui.cutplayer import Playhead, time_text


@pytest.fixture
def window(cut_window):
    win = cut_window
    win.docks["player"].raise_()
    return win


def test_play_starts_at_the_playhead_with_picture_and_sound(qtbot, window):
    player, view = window.player, window.timeline.view
    assert player.current and player.episode == window.timeline.cut.episode.path
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(view.x_of(4.0)), 10))
    frames, heard = [], []
    player.player.videoSink().videoFrameChanged.connect(lambda f: frames.append(f.isValid()))
    player.player.positionChanged.connect(lambda ms: heard.append(ms) if player.playing else None)
    window.timeline.play_button.click()  # the timeline's Play drives the same player
    qtbot.waitUntil(lambda: player.playing, timeout=30_000)
    assert player.player.hasVideo() and player.player.hasAudio()
    assert window.timeline.play_button.text() == "Pause"
    # played on, with a picture decoded (however slowly a busy machine decodes it)
    qtbot.waitUntil(lambda: any(frames) and window.playhead.seconds > 4.3, timeout=30_000)
    player.toggle()
    qtbot.waitUntil(lambda: not player.playing, timeout=30_000)
    assert heard and min(heard) >= 3_900  # it played from the playhead, never from 0
    assert any(frames)
    # The storyboard and the timeline show the shot under the playhead.
    shot = window.timeline.cut.shots[window.timeline.cut.shot_at(window.playhead.seconds)]
    assert window.storyboard.list.currentItem().data(Qt.ItemDataRole.UserRole) == shot.shot_id
    assert window.timeline.view.selected == shot.index
    # Moving the playhead while paused moves the picture with it.
    window.playhead.set(7.5)
    qtbot.waitUntil(lambda: abs(player.player.position() - 7500) < 100, timeout=30_000)
    assert window.timeline.view.selected == 2


def test_after_an_edit_play_makes_the_cut_then_plays_it(qtbot, window):
    player = window.player
    old = player.episode
    window.timeline.set_duration(0, 4.0)
    qtbot.waitUntil(lambda: not player.current, timeout=30_000)
    assert "changed" in player.status.text()
    with qtbot.waitSignal(window.run_settled, timeout=300_000) as run:
        player.play_button.click()
    assert run.args[0].status == "done"
    assert player.current and player.episode != old
    qtbot.waitUntil(lambda: player.playing, timeout=30_000)
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=30_000)
    assert player.player.duration() == pytest.approx(10_000, abs=100)
    assert player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState


def test_the_playhead_stays_on_the_cut():
    playhead = Playhead()
    playhead.length = 9.0
    seen = []
    playhead.moved.connect(seen.append)
    playhead.set(12.0)
    playhead.set(-1.0)
    playhead.set(-1.0)  # no move, no signal
    assert seen == [9.0, 0.0]
    assert time_text(75.25) == "1:15.2"
