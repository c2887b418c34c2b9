"""One shot as it plays in the episode: its clip (or its still), its line spoken over the
music at the shot's place in the episode, and its subtitle drawn over the picture.

A clock drives the shot: the clip, the voice (a moment after the shot starts, as the
export places it) and the music follow it, so play, pause and scrubbing move all three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QRectF, QSizeF, Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QColor, QFont, QPixmap, QTextOption
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.node_api import Media
from app.media.timeline import VOICE_LEAD_S  # a line starts a moment after its shot does
from app.ui.media import media_player, settled
from app.ui.wheel import Slider

FRAME = QSizeF(1080, 1920)  # the episode's picture; the view scales it to fit
SUBTITLE_PX = 64  # the export's default subtitle height
TICK_MS = 40
# (clip, on_ready) → the file to play now; on_ready(path) later swaps in a better one
# (``app.ui.clip_preview.ClipPreviews.playable``: an offline clip's poster, then its preview).
Playable = Callable[[Media, Callable[[Path], None]], Path]


@dataclass
class ShotMedia:
    """What one shot needs to play: its media, its line, and where it sits in the episode."""

    shot_id: str
    index: int
    duration: float
    line: str = ""
    speaker: str = ""
    still: Media | None = None
    clip: Media | None = None
    voice: Media | None = None
    music: Media | None = None
    starts_at: float = 0.0  # seconds into the episode: where the music is under this shot
    stale: set[str] = field(default_factory=set)
    caption: Any = None  # app.ui.caption.Caption: the storyboard caption, over the still


class ShotView(QWidget):
    """Plays one shot; ``shot`` is what is shown (None before a shot is picked)."""

    def __init__(self, parent: QWidget | None = None, playable: Playable | None = None):
        super().__init__(parent)
        self.shot: ShotMedia | None = None
        self.playable = playable
        self._moving = False
        self.scene = QGraphicsScene(self)
        self.scene.setSceneRect(QRectF(0, 0, FRAME.width(), FRAME.height()))
        self.scene.setBackgroundBrush(QColor("#000000"))
        self.view = _FittedView(self.scene, self)
        self.picture = QGraphicsPixmapItem()
        self.picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.video = settled(QGraphicsVideoItem())
        self.video.setSize(FRAME)
        self.subtitle_box = QGraphicsRectItem()
        self.subtitle = QGraphicsTextItem()
        self._build_scene()
        self.clip_player = self._player(volume=0.0)  # the line and music are the sound
        self.clip_player.setVideoOutput(self.video)
        self.voice_player = self._player(volume=1.0)
        self.music_player = self._player(volume=0.45)
        self.play_button = QPushButton(self.tr("Play"), self)
        self.slider = Slider(Qt.Orientation.Horizontal, self)
        self.time = QLabel("0.0 s", self)
        self.loop = QCheckBox(self.tr("Loop"), self)
        self.note = QLabel(self, wordWrap=True)
        self.note.setObjectName("stale_note")
        self._layout()
        self.clock = QTimer(self, interval=TICK_MS)
        self.clock.timeout.connect(self._tick)
        self._elapsed = QElapsedTimer()
        self._from_ms = 0  # where the clock started (after a seek)
        self._voice_started = False
        self.play_button.clicked.connect(self.toggle)
        self.slider.sliderMoved.connect(self.seek)

    def _build_scene(self) -> None:
        self.scene.addItem(self.picture)
        self.scene.addItem(self.video)
        self.subtitle_box.setBrush(QBrush(QColor(0, 0, 0, 150)))
        self.subtitle_box.setPen(Qt.PenStyle.NoPen)
        self.scene.addItem(self.subtitle_box)
        font = QFont()
        font.setPixelSize(SUBTITLE_PX)
        font.setBold(True)
        self.subtitle.setFont(font)
        self.subtitle.setDefaultTextColor(QColor("white"))
        self.subtitle.setTextWidth(FRAME.width() * 0.9)
        self.subtitle.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
        self.scene.addItem(self.subtitle)

    def _player(self, volume: float) -> QMediaPlayer:
        player = media_player(self, volume)
        # A file loads in the background: put it where the clock is once it has. Queued, not
        # at once: the player reports "loaded" from inside its own stop(), and pausing it
        # there deadlocks Qt's FFmpeg backend (seen: the UI thread stuck in pause()).
        player.mediaStatusChanged.connect(
            lambda status: QTimer.singleShot(0, self, lambda: self._loaded(player, status)))
        return player

    def _loaded(self, player: QMediaPlayer, status: QMediaPlayer.MediaStatus) -> None:
        if status != QMediaPlayer.MediaStatus.LoadedMedia or self._moving:
            return
        for target in self._targets(self.position_ms()):
            if target[0] is player:
                self._move(*target, start=self.playing)

    def _layout(self) -> None:
        controls = QHBoxLayout()
        for w in (self.play_button, self.slider, self.time, self.loop):
            controls.addWidget(w)
        controls.setStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addLayout(controls)

    # -- what is shown ------------------------------------------------------------------------
    def show_shot(self, shot: ShotMedia) -> None:
        """Show ``shot`` at its start, paused (its first frame or its still)."""
        self.stop()
        self.shot = shot
        self.view.caption = shot.caption
        self._show_picture(shot)
        self._show_subtitle(shot)
        self._set_clip(shot.clip)
        self._set_source(self.voice_player, shot.voice)
        self._set_source(self.music_player, shot.music)
        self.slider.setRange(0, int(shot.duration * 1000))
        self.slider.setValue(0)
        self.time.setText(f"0.0 / {shot.duration:.1f} s")
        self._say_stale(shot)
        self.view.fit()

    def _show_picture(self, shot: ShotMedia) -> None:
        still = QPixmap(str(shot.still.path)) if shot.still is not None else QPixmap()
        if not still.isNull():
            still = still.scaled(FRAME.toSize(), Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
            self.picture.setOffset((FRAME.width() - still.width()) / 2,
                                   (FRAME.height() - still.height()) / 2)
        self.picture.setPixmap(still)
        self.picture.setVisible(shot.clip is None or not still.isNull())
        self.video.setVisible(shot.clip is not None)

    def _show_subtitle(self, shot: ShotMedia) -> None:
        text = shot.line.strip()
        self.subtitle.setPlainText(text)
        rect = self.subtitle.boundingRect()
        x = (FRAME.width() - rect.width()) / 2
        y = FRAME.height() * 0.82 - rect.height() / 2
        self.subtitle.setPos(x, y)
        self.subtitle_box.setRect(QRectF(x - 16, y - 8, rect.width() + 32, rect.height() + 16))
        for item in (self.subtitle, self.subtitle_box):
            item.setVisible(bool(text))

    def _say_stale(self, shot: ShotMedia) -> None:
        parts = []
        if shot.stale & {"still", "clip"}:
            parts.append(self.tr("The picture was made before the last change; Run re-makes it."))
        if "voice" in shot.stale:
            parts.append(self.tr("The voice was made before the last change."))
        if shot.still is None and shot.clip is None:
            parts.append(self.tr("No picture yet: run the graph to make it."))
        self.note.setText(" ".join(parts))
        self.note.setVisible(bool(parts))

    def _set_clip(self, clip: Media | None) -> None:
        if clip is None or self.playable is None:
            return self._set_source(self.clip_player, clip)
        self.clip_player.stop()
        self.clip_player.setSource(QUrl.fromLocalFile(str(self.playable(clip, self._swap_clip))))

    def _swap_clip(self, path: Path) -> None:
        """The moving preview is ready: play it instead (``_loaded`` puts it where the
        clock is, and starts it if the shot is playing)."""
        self.clip_player.setSource(QUrl.fromLocalFile(str(path)))

    @staticmethod
    def _set_source(player: QMediaPlayer, media: Media | None) -> None:
        player.stop()
        player.setSource(QUrl.fromLocalFile(str(Path(media.path))) if media else QUrl())

    # -- playing ------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.clock.isActive()

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.shot is None:
            return
        if self.position_ms() >= self.slider.maximum():
            self.seek(0)
        self._elapsed.start()
        self.clock.start()
        self._follow(self.position_ms(), start=True)
        self.play_button.setText(self.tr("Pause"))

    def pause(self) -> None:
        self._from_ms = self.position_ms()
        self.clock.stop()
        for player in (self.clip_player, self.voice_player, self.music_player):
            player.pause()
        self.play_button.setText(self.tr("Play"))

    def stop(self) -> None:
        self.clock.stop()
        self._from_ms = 0
        for player in (self.clip_player, self.voice_player, self.music_player):
            player.stop()
        self.play_button.setText(self.tr("Play"))

    def release(self) -> None:
        """Let go of the files (before the project closes)."""
        self.stop()
        for player in (self.clip_player, self.voice_player, self.music_player):
            player.setSource(QUrl())

    def seek(self, ms: int) -> None:
        self._from_ms = max(0, min(int(ms), self.slider.maximum()))
        if self.playing:
            self._elapsed.start()
        self._follow(self._from_ms, start=self.playing)
        self._show_position(self._from_ms)

    def position_ms(self) -> int:
        if not self.playing:
            return self._from_ms
        return self._from_ms + int(self._elapsed.elapsed())

    def _tick(self) -> None:
        ms = self.position_ms()
        if ms >= self.slider.maximum():
            if self.loop.isChecked():
                self.seek(0)
                return
            self.pause()
            self._from_ms = self.slider.maximum()
            ms = self._from_ms
        elif not self._voice_started and ms >= VOICE_LEAD_S * 1000 and self.shot.voice:
            self._voice_started = True
            self.voice_player.setPosition(0)
            self.voice_player.play()
        self._show_position(ms)

    def _show_position(self, ms: int) -> None:
        self.slider.setValue(ms)
        total = self.shot.duration if self.shot else 0.0
        self.time.setText(f"{ms / 1000:.1f} / {total:.1f} s")

    def _follow(self, ms: int, start: bool) -> None:
        """Put the clip, the voice and the music where the clock is (and start them)."""
        if self.shot is None:
            return
        self._voice_started = ms >= VOICE_LEAD_S * 1000
        for target in self._targets(ms):
            self._move(*target, start=start)

    def _targets(self, ms: int) -> list[tuple[QMediaPlayer, int, bool]]:
        """(player, where it should be, whether it should sound) at ``ms`` into the shot."""
        shot = self.shot
        if shot is None:
            return []
        voice_ms = ms - int(VOICE_LEAD_S * 1000)
        return [
            (self.clip_player, ms, shot.clip is not None),
            (self.voice_player, max(0, voice_ms), shot.voice is not None and voice_ms >= 0),
            (self.music_player, int(shot.starts_at * 1000) + ms, shot.music is not None),
        ]

    def _move(self, player: QMediaPlayer, position: int, wanted: bool, start: bool) -> None:
        self._moving = True  # a seek can report "loaded" again at once
        try:
            player.setPosition(position)
            if start and wanted:
                player.play()
            elif not wanted:
                player.pause()
        finally:
            self._moving = False


class _FittedView(QGraphicsView):
    """Shows the whole 9:16 frame, whatever the pane's size."""

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.caption: Any = None
        self.setBackgroundBrush(QColor("#141416"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit(self) -> None:
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit()

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        event.ignore()  # the picture always shows the whole frame

    def drawForeground(self, painter: Any, rect: Any) -> None:  # noqa: N802 - Qt override
        """The storyboard caption, fixed along the bottom of the frame (as the cards have it)."""
        if self.caption is None:
            return
        from app.ui.caption import draw_caption

        shown = self.mapFromScene(self.sceneRect()).boundingRect()
        painter.save()
        painter.resetTransform()
        draw_caption(painter, QRectF(shown.intersected(self.viewport().rect())), self.caption)
        painter.restore()
