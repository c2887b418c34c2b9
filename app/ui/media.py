"""QtMultimedia objects made from Python that the UI thread can stop and drop safely.

Qt's FFmpeg back end runs each player on threads of its own (demuxer, audio and video
renderers). Those threads' objects connect to the signals of the objects we make (a
renderer follows its ``QAudioOutput``'s volume) and, when one of them is deleted on its
own thread, Qt disconnects it by calling the sender's virtual ``disconnectNotify()`` while
it holds a signal-slot lock. On an object made from Python that virtual is PySide's: it
takes the GIL to look for a Python override, the first time only (once none was found it
remembers so, per object, and calls Qt's own). Meanwhile the UI thread, holding the GIL
inside ``QMediaPlayer.stop()``, waits for that same lock: both wait forever (gdb: the UI
thread in ``QObject::disconnect`` under ``QMediaPlayer::stop``, the audio renderer's thread
in ``Shiboken::GilState::acquire`` under ``QObject::~QObject``). Releasing a playing shot
preview over and over hung by round 15 in each of five tries.

So every such object is made through :func:`settled`, which has PySide look its
``connectNotify`` and ``disconnectNotify`` up once, here on the UI thread, before any other
thread can call them (``tests/ui/test_media_close.py`` closes playing players many times).
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QLibraryInfo, QObject
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

Made = TypeVar("Made", bound=QObject)


def settled(made: Made) -> Made:
    """``made``, with PySide's override look-ups for its connect/disconnect notices done."""
    connection = made.objectNameChanged.connect(_nothing)
    made.objectNameChanged.disconnect(connection)
    return made


def media_player(parent: QObject, volume: float = 1.0) -> QMediaPlayer:
    """A player with its own audio output at ``volume``, both children of ``parent``."""
    player = settled(QMediaPlayer(parent))
    _quiet_ffmpeg()
    output = settled(QAudioOutput(parent))
    output.setVolume(volume)
    player.setAudioOutput(output)
    return player


def _nothing(*_args: object) -> None:
    pass


AV_LOG_ERROR = 16
_quieted = False


def _quiet_ffmpeg() -> None:
    """Have Qt's own FFmpeg (not PyAV's: each has its libraries) log errors only. At its
    default level it prints every file a player opens to stderr, twenty lines of
    ``Input #0, mov,mp4...`` per shot previewed, in the terminal the app was started from.
    Its libavutil is in the process once a player exists (it needs OpenSSL's symbols that
    only Qt's loading supplies), so it is looked up there, never loaded. QT_FFMPEG_DEBUG,
    Qt's switch for FFmpeg's messages, leaves them all on."""
    global _quieted
    if _quieted or os.environ.get("QT_FFMPEG_DEBUG"):
        return
    _quieted = True
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    if sys.platform == "win32":  # the DLLs may sit beside PySide6's own, not in Qt's lib
        found, mode = sorted({*folder.glob("avutil-*.dll"), *folder.parent.glob("avutil-*.dll")}), 0
    else:
        found, mode = sorted(folder.glob("libavutil*")), os.RTLD_NOLOAD | os.RTLD_LAZY
    for path in found:
        try:
            ctypes.CDLL(str(path), mode=mode).av_log_set_level(AV_LOG_ERROR)
            return
        except (OSError, AttributeError):  # not loaded (another back end), or no such call
            continue
