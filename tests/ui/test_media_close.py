"""Closing players while they play never hangs the UI (see ``app/ui/media.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.media.ffmpeg import ffmpeg_path

ROUNDS = 30  # before app/ui/media.py, closing hung in round 3 to 15 (five tries)
HUNG_AFTER_S = 300  # 30 rounds take about 15 s; a hang never ends


@pytest.fixture(scope="module")
def material(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("players")
    for name, source in (("clip.mp4", "testsrc2=s=540x960:r=25:d=4"),
                         ("voice.wav", "sine=f=440:d=3"), ("music.wav", "sine=f=220:d=20")):
        subprocess.run([ffmpeg_path(), "-v", "error", "-y", "-f", "lavfi", "-i", source,
                        *(["-pix_fmt", "yuv420p"] if name.endswith(".mp4") else []),
                        str(folder / name)], check=True)
    return folder


def test_playing_shot_views_and_players_close_without_hanging(material):
    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.ui.close_players", str(material), str(ROUNDS)],
            cwd=root, capture_output=True, text=True, timeout=HUNG_AFTER_S)
    except subprocess.TimeoutExpired as hung:
        out = hung.stdout.decode() if isinstance(hung.stdout, bytes) else hung.stdout or ""
        err = hung.stderr.decode() if isinstance(hung.stderr, bytes) else hung.stderr or ""
        last = out.strip().splitlines()[-1:] or ["no round closed"]
        pytest.fail(f"closing a playing player hung after {last[0]!r}; stacks:\n{err[-6000:]}")
    assert done.returncode == 0, done.stderr[-4000:]
    lines = done.stdout.split()
    assert done.stdout.count("closed") == ROUNDS + 1, done.stdout
    assert "all closed" in done.stdout and lines[-2:] == ["all", "closed"]


PLAY_ONE = """
import sys
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication
from app.ui.media import media_player

app = QApplication([])
player = media_player(app)
player.mediaStatusChanged.connect(
    lambda status: status == QMediaPlayer.MediaStatus.LoadedMedia and QTimer.singleShot(0, app.quit))
player.errorOccurred.connect(lambda *e: (print("error", e), app.exit(1)))
player.setSource(QUrl.fromLocalFile(sys.argv[1]))
sys.exit(app.exec())
"""


@pytest.mark.parametrize("debug", [False, True])
def test_a_player_keeps_ffmpegs_description_of_each_file_off_the_terminal(material, debug):
    """Qt's FFmpeg prints ``Input #0, mov,mp4...`` and every stream of each file a player
    opens; the app's players do not, unless QT_FFMPEG_DEBUG asks for FFmpeg's messages
    (the control: it shows the test would see them)."""
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "QT_FFMPEG_DEBUG"}
    if debug:
        env["QT_FFMPEG_DEBUG"] = "1"
    done = subprocess.run([sys.executable, "-c", PLAY_ONE, str(material / "clip.mp4")],
                          cwd=root, env=env, capture_output=True, text=True,
                          timeout=HUNG_AFTER_S)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    described = "Input #0" in done.stderr and "Stream #0" in done.stderr
    assert described == debug, done.stderr[-3000:]
