"""Plays shots and drops the players, many times over, the way a closing window does.

Run as a child by ``tests/ui/test_media_close.py``: a deadlock at close can never be ended
from inside the process (the UI thread waits in Qt's code, holding the GIL), so the test
only reads what this prints and whether it finished. ``python -m tests.ui.close_players
FOLDER ROUNDS``: FOLDER holds clip.mp4, voice.wav and music.wav.
"""

from __future__ import annotations

import faulthandler
import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QLoggingCategory, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.core.node_api import Media  # noqa: E402
from app.ui.preview import PlayerView  # noqa: E402
from app.ui.shotview import ShotMedia, ShotView  # noqa: E402
from app.ui.window import QT_LOG_RULES  # noqa: E402

STACKS_AFTER_S = 120  # a round takes well under a second; then print every thread's stack


def media(folder: Path, name: str, kind: str) -> Media:
    return Media(hash=name, path=folder / name, kind=kind, mime=f"{kind}/*")


def spin(ms: int) -> None:
    """Let Qt's event loop run for ``ms`` (the players load and play meanwhile)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def drop(widget) -> None:
    widget.deleteLater()
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


def one_round(folder: Path, n: int) -> None:
    """A shot view with its clip, line and music playing, then a preview's player, each
    released and deleted while they play; the waits vary so the stop lands at different
    moments of the players' start."""
    view = ShotView()
    view.show()
    view.show_shot(ShotMedia("s1", 0, 4.0, line="It is you.",
                             clip=media(folder, "clip.mp4", "video"),
                             voice=media(folder, "voice.wav", "audio"),
                             music=media(folder, "music.wav", "audio")))
    spin(40 + (n * 37) % 160)
    view.play()
    spin(60 + (n * 53) % 240)
    view.release()
    drop(view)
    player = PlayerView()
    player.show()
    player.set_media(media(folder, "clip.mp4", "video"))
    player.toggle()
    spin(60 + (n * 29) % 200)
    player.stop()
    drop(player)


def main(folder: Path, rounds: int) -> None:
    faulthandler.dump_traceback_later(STACKS_AFTER_S, repeat=True)
    QLoggingCategory.setFilterRules(QT_LOG_RULES)
    QApplication([])
    for n in range(rounds):
        one_round(folder, n)
        print(f"round {n + 1} closed", flush=True)
    print("all closed", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
