"""The Preview pane: the selected node's output, straight from the cache.

Images in a zoomable viewer, video and audio in a player (with a waveform for audio),
a script or shot list as an editable table (edits become overrides on the Shots node),
subtitles as a list, anything else as text. Below, the take picker shows the takes of
the shot picked in the gallery or the storyboard (when it has more than one).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import wave
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from PySide6.QtCore import QObject, QPointF, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.graph import ChooseTake, SetParam
from app.core.node_api import Media
from app.ui.caption import caption_from_meta
from app.ui.clip_preview import ClipPreviews
from app.ui.session import Session
from app.ui.takes import TakeStrip
from app.ui.viewers import ImageView, thumbnail

# -- waveform ----------------------------------------------------------------------------------


def wav_samples(path: Path) -> np.ndarray:
    """Mono float samples of a 16-bit PCM WAV file."""
    with wave.open(str(path), "rb") as w:
        frames = w.readframes(w.getnframes())
        channels, width = w.getnchannels(), w.getsampwidth()
    if width != 2:
        raise ValueError("not 16-bit PCM")
    data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    return data.reshape(-1, channels).mean(axis=1) if channels > 1 else data


def decoded_samples(path: Path) -> np.ndarray:
    """Mono float samples of any audio/video file, decoded by ffmpeg at 8 kHz."""
    exe = shutil.which("ffmpeg")
    if exe is None:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
    out = subprocess.run(
        [exe, "-v", "error", "-i", str(path), "-ac", "1", "-ar", "8000", "-f", "s16le", "-"],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    return np.frombuffer(out, dtype="<i2").astype(np.float32) / 32768.0


def peaks(samples: np.ndarray, buckets: int = 800) -> np.ndarray:
    """Max absolute amplitude per bucket, 0..1."""
    if samples.size == 0:
        return np.zeros(0, dtype=np.float32)
    buckets = min(buckets, samples.size)
    usable = samples[: samples.size - samples.size % buckets]
    return np.abs(usable.reshape(buckets, -1)).max(axis=1)


def audio_peaks(path: Path, buckets: int = 800) -> np.ndarray:
    try:
        samples = wav_samples(path)
    except (wave.Error, ValueError, EOFError):
        samples = decoded_samples(path)
    return peaks(samples, buckets)


class _PeaksJob(QRunnable):
    class Signals(QObject):
        done = Signal(str, object)

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.signals = self.Signals()

    def run(self) -> None:
        try:
            result = audio_peaks(self.path)
        except Exception:  # undecodable audio: show an empty waveform, not an error
            result = np.zeros(0, dtype=np.float32)
        self.signals.done.emit(str(self.path), result)


class WaveformView(QWidget):
    """Draws peaks (computed off the UI thread) and the play position."""

    seek = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumHeight(70)
        self.peaks = np.zeros(0, dtype=np.float32)
        self.position = 0.0
        self._path = ""

    def load(self, path: Path) -> None:
        self._path, self.peaks = str(path), np.zeros(0, dtype=np.float32)
        job = _PeaksJob(path)
        job.signals.done.connect(self._on_peaks)
        QThreadPool.globalInstance().start(job)
        self._job = job
        self.update()

    def _on_peaks(self, path: str, values: Any) -> None:
        if path == self._path:
            self.peaks = values
            self.update()

    def set_position(self, fraction: float) -> None:
        self.position = fraction
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#18181b"))
        mid, n = self.height() / 2, len(self.peaks)
        painter.setPen(QColor("#5ac87a"))
        for x in range(self.width()):
            if n:
                v = float(self.peaks[min(n - 1, x * n // max(1, self.width()))])
                painter.drawLine(QPointF(x, mid - v * mid), QPointF(x, mid + v * mid))
        painter.setPen(QColor("#ffffff"))
        px = self.position * self.width()
        painter.drawLine(QPointF(px, 0), QPointF(px, self.height()))

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.seek.emit(max(0.0, min(1.0, event.position().x() / max(1, self.width()))))


# -- player ---------------------------------------------------------------------------------------


class PlayerView(QWidget):
    """Video or audio with play/pause, a scrub bar and loop."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget(self)
        self.player.setVideoOutput(self.video)
        self.waveform = WaveformView(self)
        self.play_button = QPushButton(self.tr("Play"), self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.loop = QCheckBox(self.tr("Loop"), self)
        self.time = QLabel("0.0 s", self)
        self._layout()
        self.play_button.clicked.connect(self.toggle)
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.player.durationChanged.connect(lambda d: self.slider.setRange(0, d))
        self.player.positionChanged.connect(self._on_position)
        self.player.playbackStateChanged.connect(self._on_state)
        self.loop.toggled.connect(self._on_loop)
        self.waveform.seek.connect(
            lambda f: self.player.setPosition(int(f * self.player.duration()))
        )

    def _layout(self) -> None:
        controls = QHBoxLayout()
        for w in (self.play_button, self.slider, self.time, self.loop):
            controls.addWidget(w)
        controls.setStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.waveform)
        layout.addLayout(controls)

    def set_media(self, media: Media, path: Path | None = None) -> None:
        """Play ``media`` (from ``path`` when given: an offline clip's poster or preview)."""
        is_audio = media.kind == "audio"
        self.video.setVisible(not is_audio)
        self.waveform.setVisible(is_audio)
        self.player.stop()
        self.player.setSource(QUrl.fromLocalFile(str(path or media.path)))
        if is_audio:
            self.waveform.load(Path(media.path))

    def swap_source(self, path: Path) -> None:
        """Play ``path`` instead (the moving preview that replaces a poster), from where
        the poster was, playing if it was."""
        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        at = self.player.position()
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        if at:
            self.player.setPosition(at)
        if playing:
            self.player.play()

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def stop(self) -> None:
        self.player.stop()
        self.player.setSource(QUrl())

    def _on_position(self, ms: int) -> None:
        self.slider.setValue(ms)
        self.time.setText(f"{ms / 1000:.1f} s")
        duration = self.player.duration()
        self.waveform.set_position(ms / duration if duration else 0.0)

    def _on_state(self, state: Any) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _on_loop(self, on: bool) -> None:
        self.player.setLoops(QMediaPlayer.Loops.Infinite if on else 1)


# -- script table ---------------------------------------------------------------------------------

COLUMNS = ("scene", "id", "speaker", "line", "duration")
EDITABLE = {"speaker", "line", "duration"}


def shots_editor_node(session: Session, node_id: str) -> str:
    """The node whose ``overrides`` hold hand edits of the shots this node shows."""
    candidates = [node_id, *session.graph.downstream(node_id), *session.graph.upstream(node_id)]
    for nid in candidates:
        fields = session.node_type(nid).Params.model_fields
        if "overrides" in fields and "order" in fields:
            return nid
    return ""


def shot_rows(shots: list[Any], overrides: dict[str, dict]) -> list[dict[str, Any]]:
    """Table rows: each shot's fields with pending overrides laid on top."""
    rows = []
    for shot in shots:
        data = shot.model_dump() if isinstance(shot, BaseModel) else dict(shot)
        rows.append({**data, **overrides.get(data["id"], {})})
    return rows


class ScriptTable(QTableWidget):
    """Shots as rows; editing speaker, line or duration overrides that shot on the Shots node."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(0, len(COLUMNS), parent)
        self.session = session
        self.editor_node = ""
        self.setHorizontalHeaderLabels(
            [
                self.tr("Scene"),
                self.tr("Shot"),
                self.tr("Speaker"),
                self.tr("Line"),
                self.tr("Duration"),
            ]
        )
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setSectionResizeMode(3, self.horizontalHeader().ResizeMode.Stretch)
        self.itemChanged.connect(self._on_item_changed)

    def set_shots(self, shots: list[Any], editor_node: str) -> None:
        self.editor_node = editor_node
        overrides = self._overrides()
        self.blockSignals(True)
        rows = shot_rows(shots, overrides)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, name in enumerate(COLUMNS):
                item = QTableWidgetItem("" if row.get(name) is None else str(row.get(name)))
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                if name not in EDITABLE or not editor_node:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.setItem(r, c, item)
        self.blockSignals(False)

    def _overrides(self) -> dict[str, dict]:
        node = self.session.graph.nodes.get(self.editor_node)
        return dict(node.params.get("overrides") or {}) if node else {}

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        name = COLUMNS[item.column()]
        value: Any = item.text()
        if name == "duration":
            try:
                value = float(value)
            except ValueError:
                self.session.refused.emit(self.tr("Duration must be a number of seconds"))
                return
        self.edit_shot(item.data(Qt.ItemDataRole.UserRole), name, value)

    def edit_shot(self, shot_id: str, name: str, value: Any) -> bool:
        overrides = self._overrides()
        overrides[shot_id] = {**overrides.get(shot_id, {}), name: value}
        return self.session.push(SetParam(self.editor_node, "overrides", overrides))


# -- the pane -------------------------------------------------------------------------------------


class PreviewPane(QWidget):
    """Shows one output port of the selected node."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.node_id = ""
        self.takes = TakeStrip(session, QPixmap(45, 80).size(), parent=self)
        self._take_item = ("", 0)  # the item whose takes were last asked for
        self.header = QLabel(self.tr("Select a node to preview its output."), self)
        self.ports = QComboBox(self)
        self.stack = QStackedWidget(self)
        self.message = QLabel(self, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.image = ImageView(self)
        self.player = PlayerView(self)
        self.previews = ClipPreviews(session, self)
        self.table = ScriptTable(session, self)
        self.gallery = QListWidget(self)
        self.text = QPlainTextEdit(self, readOnly=True)
        self.subtitles = QListWidget(self)
        for w in (
            self.message,
            self.image,
            self.player,
            self.table,
            self.gallery,
            self.text,
            self.subtitles,
        ):
            self.stack.addWidget(w)
        self._layout()
        self.gallery.setViewMode(QListWidget.ViewMode.IconMode)
        self.gallery.setIconSize(QPixmap(90, 160).size())
        self.gallery.itemClicked.connect(self._on_gallery_clicked)
        self.ports.activated.connect(lambda _: self._show_port())
        session.changed.connect(self._on_model_changed)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.ports)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.takes)

    def show_takes(self, node_id: str, item_index: int) -> None:
        """Show the take picker for one item when it has more than one take."""
        self._take_item = (node_id, item_index)
        self.takes.show_item(node_id, item_index)
        self.takes.setVisible(len(self.takes.shown) > 1)

    def _on_gallery_clicked(self, item: QListWidgetItem) -> None:
        self.show_media(item.data(Qt.ItemDataRole.UserRole))
        self.show_takes(self.node_id, self.gallery.row(item))

    def _on_model_changed(self, command: object, how: str) -> None:
        if isinstance(command, ChooseTake):
            self.takes.refresh()
            if command.node_id == self.node_id:
                self._show_port()

    def show_node(self, node_id: str) -> None:
        self.node_id = node_id
        node_type = self.session.node_type(node_id)
        self.header.setText(f"<b>{self.session.graph.node(node_id).title}</b>")
        self.ports.clear()
        for port in node_type.outputs:
            self.ports.addItem(f"{port.name} ({port.type})", port.name)
        self.ports.setVisible(len(node_type.outputs) > 1)
        self._show_port()
        node, item = self._take_item
        self.show_takes(node_id, item if node == node_id else 0)

    def _show_port(self) -> None:
        port = self.ports.currentData()
        if port is None:
            return self._say(self.tr("This node has no output."))
        try:
            value = self.session.load_output(self.node_id, port)
        except LookupError:
            return self._say(self.tr("Not made yet: run the graph to see this output."))
        except Exception as exc:  # an unreadable artifact is reported, not raised
            return self._say(str(exc))
        self.show_value(value, self.session.graph.port_type(self.node_id, port, True).name)

    def show_value(self, value: Any, type_name: str = "") -> None:
        self.previews.forget()
        if isinstance(value, Media):
            return self.show_media(value)
        if isinstance(value, list) and value and all(isinstance(v, Media) for v in value):
            return self._show_gallery(value)
        if type_name == "Script" or (isinstance(value, list) and type_name == "List[Shot]"):
            shots = value.shots if hasattr(value, "shots") else value
            return self._show_table(shots)
        if type_name.endswith("Subtitles"):
            return self._show_subtitles(value)
        self._show_text(value)

    def show_media(self, media: Media) -> None:
        self.previews.forget()
        if media.kind == "image":
            self.stack.setCurrentWidget(self.image)
            self.image.set_image(media.path, caption_from_meta(media.meta))
        elif media.kind in ("video", "audio"):
            self.stack.setCurrentWidget(self.player)
            self.player.set_media(media, self.previews.playable(media, self.player.swap_source))
        else:
            self._say(str(media.path))

    def _show_gallery(self, items: list[Media]) -> None:
        self.gallery.clear()
        for i, media in enumerate(items):
            item = QListWidgetItem(f"{i + 1}")
            if media.kind == "image":
                item.setIcon(QIcon(thumbnail(media.path, 90, 160)))
            item.setData(Qt.ItemDataRole.UserRole, media)
            self.gallery.addItem(item)
        self.stack.setCurrentWidget(self.gallery)

    def _show_table(self, shots: list[Any]) -> None:
        self.table.set_shots(shots, shots_editor_node(self.session, self.node_id))
        self.stack.setCurrentWidget(self.table)

    def _show_subtitles(self, value: Any) -> None:
        self.subtitles.clear()
        cues = value if isinstance(value, list) else str(value).strip().split("\n\n")
        for cue in cues:
            text = json.dumps(cue, ensure_ascii=False) if isinstance(cue, dict) else str(cue)
            self.subtitles.addItem(text.replace("\n", "  "))
        self.stack.setCurrentWidget(self.subtitles)

    def _show_text(self, value: Any) -> None:
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json")
        if not isinstance(value, str):
            value = json.dumps(value, indent=2, ensure_ascii=False, default=str)
        self.text.setPlainText(value)
        self.stack.setCurrentWidget(self.text)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def stop(self) -> None:
        self.previews.forget()
        self.player.stop()
