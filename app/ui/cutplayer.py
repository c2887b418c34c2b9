"""Play the cut: the episode as it will be exported, picture and sound together, from any point.

The picture and sound come from the episode the Edit & Export node makes: it is joined
by stream copy from cached per-shot segments and a cached audio mix, so after an edit
only the touched segments are encoded again before playing. When the cut has changed
since it was last made, Play asks the window to make it again first (``make_requested``).

One ``Playhead`` (seconds on the episode timeline) is shared by the timeline, the
storyboard and the preview: whoever moves it, the others follow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStyle, QVBoxLayout, QWidget

from app.ui.media import media_player, settled


class Playhead(QObject):
    """Where in the cut the creator is, in seconds; ``moved`` tells everyone who shows it."""

    moved = Signal(float)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.seconds = 0.0
        self.length = 0.0

    def set(self, seconds: float) -> None:
        seconds = max(0.0, min(float(seconds), self.length)) if self.length else max(0.0, seconds)
        if abs(seconds - self.seconds) < 1e-4:
            return
        self.seconds = seconds
        self.moved.emit(seconds)


def time_text(seconds: float) -> str:
    """``m:ss.s`` for the transport's clock."""
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:04.1f}"


class CutPlayer(QWidget):
    """The episode's picture with its sound, following and moving the shared playhead."""

    make_requested = Signal()  # the cut changed since it was made: make it, then play
    playing_changed = Signal(bool)

    def __init__(self, playhead: Playhead, parent: QWidget | None = None):
        super().__init__(parent)
        self.playhead = playhead
        self.episode: Path | None = None
        self._loaded: Path | None = None  # the episode the player has open
        self.current = False  # the episode shows the cut as it is now
        self._play_when_loaded = False
        self._following = False  # the player itself is moving the playhead
        self.player = media_player(self)
        self.video = settled(QVideoWidget(self))
        self.video.setMinimumSize(135, 240)
        self.player.setVideoOutput(self.video)
        self.status = QLabel(self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.play_button = QPushButton(self.tr("Play"), self)
        self.start_button = QPushButton(self)
        self.start_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward)
        )
        self.start_button.setToolTip(self.tr("Back to the start"))
        self.clock = QLabel(time_text(0.0), self)
        self._layout()
        self.play_button.clicked.connect(self.toggle)
        self.start_button.clicked.connect(lambda: self.playhead.set(0.0))
        self.player.positionChanged.connect(self._on_position)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.playbackStateChanged.connect(self._on_state)
        self.player.errorOccurred.connect(lambda _e, text: self.status.setText(text))
        playhead.moved.connect(self._on_playhead)
        self.show_episode(None, False)

    def _layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(self.start_button)
        controls.addWidget(self.play_button)
        controls.addWidget(self.clock, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.status)
        layout.addLayout(controls)

    # -- what is shown ------------------------------------------------------------------------
    def show_episode(self, path: Path | None, current: bool) -> None:
        """The latest episode file (``current``: it shows the cut as edited now)."""
        self.current = current and path is not None
        if path != self.episode:
            self.player.stop()
            self.episode = path
            if path is None:
                self._unload()
            elif self.isVisible():
                self._load()
        if path is None:
            self.status.setText(self.tr("Play makes the cut (the episode) first."))
        elif not current:
            self.status.setText(self.tr("The cut has changed: Play makes it again "
                                        "(only the changed shots are re-encoded)."))
        else:
            self.status.setText("")
        self.status.setVisible(bool(self.status.text()))

    def _load(self) -> None:
        """Open the episode in the player. Qt's FFmpeg back end opens the file there and
        then, on the UI thread (close to a second for an episode on a busy machine), so a
        hidden player (its dock behind the Preview) opens it only when shown or played."""
        if self.episode is not None and self._loaded != self.episode:
            self._loaded = self.episode
            self.player.setSource(QUrl.fromLocalFile(str(self.episode)))

    def _unload(self) -> None:
        self._loaded = None
        self.player.setSource(QUrl())

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._load()

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def toggle(self) -> None:
        if self.playing:
            self.player.pause()
        else:
            self.play()

    def play(self) -> None:
        """Play from the playhead; make the cut first when it is out of date."""
        if not self.current:
            self._play_when_loaded = True
            self.make_requested.emit()
            return
        self._play_when_loaded = True
        self._load()
        if self.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia,
                                         QMediaPlayer.MediaStatus.BufferedMedia,
                                         QMediaPlayer.MediaStatus.EndOfMedia):
            self._start_playing()

    def pause(self) -> None:
        self._play_when_loaded = False
        self.player.pause()

    def stop(self) -> None:
        self._play_when_loaded = False
        self.player.stop()
        self._unload()
        self.episode = None

    def made(self, path: Path | None) -> None:
        """The window made the cut: show it, and play if Play asked for it."""
        self.show_episode(path, path is not None)
        if path is None:
            self._play_when_loaded = False
        elif self._play_when_loaded:
            self.play()

    def _start_playing(self) -> None:
        self._play_when_loaded = False
        at = self.playhead.seconds
        if self.player.duration() and at * 1000 >= self.player.duration() - 50:
            at = 0.0  # at the end: play from the top
        self.player.setPosition(round(at * 1000))
        self.player.play()

    # -- following -------------------------------------------------------------------------------
    def _on_status(self, status: Any) -> None:
        if status in (QMediaPlayer.MediaStatus.LoadedMedia,
                      QMediaPlayer.MediaStatus.BufferedMedia) and self._play_when_loaded:
            self._start_playing()

    def _on_position(self, ms: int) -> None:
        self.clock.setText(time_text(ms / 1000))
        if self.playing:
            self._following = True
            self.playhead.set(ms / 1000)
            self._following = False

    def _on_playhead(self, seconds: float) -> None:
        self.clock.setText(time_text(seconds))
        if self._following or self.episode is None:
            return
        self.player.setPosition(round(seconds * 1000))

    def _on_state(self, state: Any) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.playing_changed.emit(playing)
