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
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.graph import ChooseTake
from app.core.node_api import Media
from app.ui.caption import caption_from_meta
from app.ui.clip_preview import ClipPreviews
from app.ui.media import media_player, settled
from app.ui.names import node_name, tr_node
from app.ui.results import Results
from app.ui.session import Session
from app.ui.shotview import ShotMedia, ShotView
from app.ui.storyboard import Board, build_board, edit_shot
from app.ui.takes import TakeStrip
from app.ui.viewers import ImageView, thumbnail
from app.ui.wheel import ComboBox, Slider

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
        self.player = media_player(self)
        self.video = settled(QVideoWidget(self))
        self.player.setVideoOutput(self.video)
        self.waveform = WaveformView(self)
        self.play_button = QPushButton(self.tr("Play"), self)
        self.slider = Slider(Qt.Orientation.Horizontal, self)
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
        return edit_shot(self.session, self.editor_node, shot_id, {name: value})


# -- values as text ---------------------------------------------------------------------------------


def cue_text(cue: Any) -> str:
    """One subtitle as a creator reads it: "0:01.2 – 0:03.4  Mia: text"."""
    if not isinstance(cue, dict):
        return str(cue).replace("\n", "  ")
    speaker = f"{cue['speaker']}: " if cue.get("speaker") else ""
    times = f"{_clock(cue.get('start'))} – {_clock(cue.get('end'))}"
    return f"{times}   {speaker}{str(cue.get('text', '')).replace(chr(10), ' ')}"


def _clock(seconds: Any) -> str:
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return "?"
    return f"{int(value // 60)}:{value % 60:04.1f}"


# -- the pane -------------------------------------------------------------------------------------


class PreviewPane(QWidget):
    """Shows one output port of the selected node, or one shot as it plays in the episode.

    Results come from ``Results``: the last good one stays on show, with a note when it
    was made before the latest change.
    """

    def __init__(self, session: Session, results: Results, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.results = results
        self.node_id = ""
        self.shot_index = -1
        self.takes = TakeStrip(session, QPixmap(45, 80).size(), parent=self)
        self.takes.hide()  # shown for an item with two takes or more
        self._take_item = ("", 0)  # the item whose takes were last asked for
        self.header = QLabel(self.tr("Select a node or a shot to preview it."), self)
        self.ports = ComboBox(self)
        self.stale_note = QLabel(self, wordWrap=True)
        self.stale_note.setObjectName("stale_note")
        self.stale_note.hide()
        self.stack = QStackedWidget(self)
        self.message = QLabel(self, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.image = ImageView(self)
        self.player = PlayerView(self)
        self.previews = ClipPreviews(session, self)
        self.shot_view = ShotView(self, self.previews.playable)
        self.table = ScriptTable(session, self)
        self.gallery = QListWidget(self)
        self.text = QPlainTextEdit(self, readOnly=True)
        self.subtitles = QListWidget(self)
        for w in (self.message, self.image, self.player, self.shot_view, self.table,
                  self.gallery, self.text, self.subtitles):
            self.stack.addWidget(w)
        self._layout()
        self.gallery.setViewMode(QListWidget.ViewMode.IconMode)
        self.gallery.setIconSize(QPixmap(90, 160).size())
        self.gallery.setWordWrap(True)
        self.gallery.itemClicked.connect(self._on_gallery_clicked)
        self.ports.activated.connect(lambda _: self._show_port())
        session.changed.connect(self._on_model_changed)
        results.changed.connect(self._on_results)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.ports)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.stale_note)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.takes)

    def show_takes(self, node_id: str, item_index: int) -> None:
        """Show the take picker for one item when it has more than one take."""
        self._take_item = (node_id, item_index)
        self.takes.show_item(node_id, item_index)
        self.takes.setVisible(len(self.takes.shown) > 1)

    def _on_gallery_clicked(self, item: QListWidgetItem) -> None:
        media = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(media, Media):
            self.show_media(media)
        self.show_takes(self.node_id, self.gallery.row(item))

    def _on_model_changed(self, command: object, how: str) -> None:
        if isinstance(command, ChooseTake):
            self.takes.refresh()

    def _on_results(self, node_id: str, index: int) -> None:
        """New results: a node's view follows them (a playing shot is left alone)."""
        if self.node_id and self.stack.currentWidget() is not self.player and (
            not node_id or node_id == self.node_id
        ):
            self._show_port()

    # -- a node ----------------------------------------------------------------------------
    def show_node(self, node_id: str) -> None:
        self.node_id, self.shot_index = node_id, -1
        node_type = self.session.node_type(node_id)
        self.header.setText(f"<b>{node_name(self.session.graph, node_id)}</b>")
        self.ports.clear()
        for port in node_type.outputs:
            self.ports.addItem(f"{tr_node(port.name)} ({port.type})", port.name)
        self.ports.setVisible(len(node_type.outputs) > 1)
        self._show_port()
        node, item = self._take_item
        self.show_takes(node_id, item if node == node_id else 0)

    def _show_port(self) -> None:
        port = self.ports.currentData()
        if port is None or self.node_id not in self.session.graph.nodes:
            self._note(False)
            return self._say(self.tr("This node has no output."))
        port_type = self.session.graph.port_type(self.node_id, port, True)
        if self.node_id in self.session.graph.mapped_nodes():  # one value per item
            value, stale = self.results.values(self.node_id, port)
            value = value if any(v is not None for v in value) else None
        else:
            value = self.results.value(self.node_id, port)
            found = self.results.item(self.node_id)
            stale = found is not None and found.stale
        if value is None:
            self._note(False)
            return self._say(self.tr("Not made yet: run the graph to see this output."))
        self._note(stale)
        self.show_value(value, port_type.name)

    def _note(self, stale: bool) -> None:
        self.stale_note.setText(self.tr(
            "Made before the last change: Run brings it up to date."))
        self.stale_note.setVisible(stale)

    def show_value(self, value: Any, type_name: str = "") -> None:
        self.previews.forget()
        if isinstance(value, Media):
            return self.show_media(value)
        if isinstance(value, list) and value and all(
            v is None or isinstance(v, Media) for v in value
        ):
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

    def _show_gallery(self, items: list[Media | None]) -> None:
        self.gallery.clear()
        names = self._shot_names()
        for i, media in enumerate(items):
            label = names[i] if i < len(names) else f"{i + 1}"
            item = QListWidgetItem(label)
            if media is not None and media.kind == "image":
                item.setIcon(QIcon(thumbnail(media.path, 90, 160)))
            elif media is not None and media.kind == "audio":
                seconds = f"{media.duration:.1f} s" if media.duration else ""
                item.setText(f"\u266a {label}  {seconds}".strip())
            elif media is None:
                item.setText(label + "\n" + self.tr("(not made yet)"))
            item.setToolTip(label)
            item.setData(Qt.ItemDataRole.UserRole, media)
            self.gallery.addItem(item)
        self.stack.setCurrentWidget(self.gallery)

    def _shot_names(self) -> list[str]:
        """"3 · Mia: line…" per item, when this node is mapped over the storyboard's shots."""
        board = build_board(self.session, self.results)
        if self.node_id not in (board.still_node, board.clip_node, board.voice_node):
            return []
        out = []
        for card in board.cards or []:
            speaker = f"{card.speaker}: " if card.speaker else ""
            line = card.line if len(card.line) <= 40 else card.line[:39] + "\u2026"
            out.append(f"{card.index + 1} · {speaker}{line}" if line else f"{card.index + 1}")
        return out

    def _show_table(self, shots: list[Any]) -> None:
        self.table.set_shots(shots, shots_editor_node(self.session, self.node_id))
        self.stack.setCurrentWidget(self.table)

    def _show_subtitles(self, value: Any) -> None:
        self.subtitles.clear()
        cues = value if isinstance(value, list) else str(value).strip().split("\n\n")
        for cue in cues:
            self.subtitles.addItem(cue_text(cue))
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

    # -- a shot ------------------------------------------------------------------------------
    def show_shot(self, board: Board, index: int, play: bool = False) -> bool:
        """Show shot ``index`` of ``board`` as it plays in the episode (False: no such shot)."""
        cards = board.cards or []
        if not 0 <= index < len(cards):
            return False
        card = cards[index]
        self.node_id, self.shot_index = "", index
        music = self.results.value(board.music_node, _first_port(self.session, board.music_node)
                                   ) if board.music_node else None
        self.shot_view.show_shot(ShotMedia(
            card.shot_id, index, card.duration, card.line, card.speaker, card.still, card.clip,
            card.voice, music if isinstance(music, Media) else None,
            sum(c.duration for c in cards[:index]), set(card.stale), card.caption))
        title = self.tr("Shot %d") % (index + 1)
        self.header.setText(f"<b>{title}</b> · {card.shot_id} · {card.duration:.1f} s")
        self.ports.hide()
        self._note(False)
        self.stack.setCurrentWidget(self.shot_view)
        if board.still_node:
            self.show_takes(board.still_node, index)
        if play:
            self.shot_view.play()
        return True

    def stop(self) -> None:
        self.previews.forget()
        self.player.stop()
        self.shot_view.release()


def _first_port(session: Session, node_id: str) -> str:
    return session.node_type(node_id).outputs[0].name
