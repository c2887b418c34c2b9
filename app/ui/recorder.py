"""Record a line in the app: a teleprompter, a count-in, a level meter, play back, re-take.

Sound comes from an ``AudioInput``: the microphone chosen in Settings (``DeviceInput``,
QtMultimedia's ``QAudioSource``) or a file standing in for one (``FileInput``, which tests
and the screenshot script use). A finished recording is trimmed of the silence before and
after the line and written as a 48 kHz mono WAV under the project's ``recordings/``
folder (the creator's own takes are never thrown away); the window then hands it to the
model as a new take of that line's voice.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QIODevice, QObject, QPointF, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtMultimedia import (
    QAudioFormat,
    QAudioSource,
    QMediaDevices,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui import settings
from app.ui.caption import Caption, draw_caption
from app.ui.media import media_player, settled
from app.ui.preview import WaveformView, peaks

RATE = 48000
BLOCK_S = 0.02  # the meter and a file input move in 20 ms steps
SILENCE_FLOOR_DB = -50.0  # quieter than this is silence, however quiet the take
SILENCE_BELOW_PEAK_DB = 35.0  # ...and so is anything this far under the take's loudest part
TRIM_PAD_S = 0.1  # kept either side of the line, so breaths and plosives are not cut
MIN_TAKE_S = 0.3
METER_FLOOR_DB = -60.0


# -- the sound itself (no widgets) ------------------------------------------------------------
def to_db(value: float) -> float:
    """A linear amplitude in dBFS (-120 for silence)."""
    return float(20 * np.log10(value)) if value > 1e-6 else -120.0


def level(samples: np.ndarray) -> tuple[float, float]:
    """RMS and peak of ``samples`` in dBFS."""
    if samples.size == 0:
        return -120.0, -120.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return to_db(rms), to_db(float(np.max(np.abs(samples))))


def block_levels(samples: np.ndarray, rate: int = RATE, block_s: float = 0.01) -> np.ndarray:
    """RMS in dBFS of each ``block_s`` block of ``samples``."""
    block = max(1, int(rate * block_s))
    count = samples.size // block
    if count == 0:
        return np.zeros(0)
    blocks = samples[: count * block].astype(np.float64).reshape(count, block)
    rms = np.sqrt(np.mean(blocks**2, axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-6))


def speech_bounds(samples: np.ndarray, rate: int = RATE) -> tuple[int, int] | None:
    """First and last sample of the line (``None`` if it is all silence)."""
    levels = block_levels(samples, rate)
    if levels.size == 0:
        return None
    floor = max(SILENCE_FLOOR_DB, float(levels.max()) - SILENCE_BELOW_PEAK_DB)
    loud = np.flatnonzero(levels > floor)
    if loud.size == 0 or levels.max() <= SILENCE_FLOOR_DB:
        return None
    block = max(1, int(rate * 0.01))
    pad = int(TRIM_PAD_S * rate)
    start = max(0, int(loud[0]) * block - pad)
    end = min(samples.size, (int(loud[-1]) + 1) * block + pad)
    return start, end


def trim_silence(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """``samples`` without the silence before and after the line (empty if all silent)."""
    bounds = speech_bounds(samples, rate)
    if bounds is None:
        return np.zeros(0, dtype=np.float32)
    return samples[bounds[0] : bounds[1]].astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    """16-bit PCM mono WAV of float samples (-1..1), written beside and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    tmp = path.with_name(f".{path.name}.part")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    tmp.replace(path)
    return path


def recording_path(folder: Path, shot_id: str, when: datetime | None = None) -> Path:
    """Where a new take of ``shot_id`` is kept: ``recordings/<shot>-<time>.wav``."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return folder / "recordings" / f"{shot_id}-{stamp}.wav"


class RecordingError(Exception):
    """A take that cannot be used, with the reason a creator can act on."""


# -- inputs --------------------------------------------------------------------------------------
class AudioInput(QObject):
    """A source of recorded sound: float32 mono blocks at ``RATE`` through ``chunk``."""

    chunk = Signal(object)
    failed = Signal(str)
    ended = Signal()  # the source has no more sound (a file); a microphone never ends

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def name(self) -> str:
        return ""


class FileInput(AudioInput):
    """A sound file played into the recorder as if it were a microphone.

    ``realtime`` paces it like a live input (one 20 ms block per 20 ms); otherwise a block
    goes every event-loop turn, which keeps tests quick without racing anything.
    """

    def __init__(self, path: Path, realtime: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        from app.media.ffmpeg import decode_audio

        self.path = Path(path)
        self.samples = decode_audio(self.path, RATE, 1)[:, 0]
        self._at = 0
        self._timer = QTimer(self, interval=int(BLOCK_S * 1000) if realtime else 0)
        self._timer.timeout.connect(self._next)

    def name(self) -> str:
        return self.path.name

    def start(self) -> None:
        self._at = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _next(self) -> None:
        step = int(BLOCK_S * RATE)
        block = self.samples[self._at : self._at + step]
        self._at += step
        if block.size:
            self.chunk.emit(block.copy())
        if self._at >= self.samples.size:
            self._timer.stop()
            self.ended.emit()


def input_devices() -> list[tuple[str, str]]:
    """``(id, description)`` of each audio input the system offers, the default first."""
    default = QMediaDevices.defaultAudioInput()
    found = [(bytes(d.id().data()).decode(errors="replace"), d.description())
             for d in QMediaDevices.audioInputs()]
    found.sort(key=lambda d: d[0] != bytes(default.id().data()).decode(errors="replace"))
    return found


class DeviceInput(AudioInput):
    """The microphone chosen in Settings (or the system's default input)."""

    def __init__(self, device_id: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.device = self._find(device_id)
        self._source: QAudioSource | None = None
        self._io: QIODevice | None = None

    @staticmethod
    def _find(device_id: str) -> Any:
        for device in QMediaDevices.audioInputs():
            if bytes(device.id().data()).decode(errors="replace") == device_id:
                return device
        return QMediaDevices.defaultAudioInput()

    def name(self) -> str:
        return self.device.description()

    def start(self) -> None:
        if self.device.isNull():
            self.failed.emit(self.tr("No microphone found: connect one, or pick it in "
                                     "Settings > Audio input."))
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Float)
        if not self.device.isFormatSupported(fmt):
            fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._format = fmt
        self._source = settled(QAudioSource(self.device, fmt, self))
        self._io = self._source.start()
        if self._io is None:
            self.failed.emit(self.tr("%s would not start recording.") % self.name())
            return
        self._io.readyRead.connect(self._read)

    def _read(self) -> None:
        data: QByteArray = self._io.readAll() if self._io else QByteArray()
        if data.isEmpty():
            return
        raw = bytes(data.data())
        if self._format.sampleFormat() == QAudioFormat.SampleFormat.Float:
            block = np.frombuffer(raw[: len(raw) // 4 * 4], dtype="<f4")
        else:
            block = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2") / 32768.0
        self.chunk.emit(block.astype(np.float32))

    def stop(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source = None
            self._io = None


def default_input(parent: QObject | None = None) -> AudioInput:
    """The input chosen in Settings."""
    return DeviceInput(settings.audio_input(), parent)


# -- widgets ------------------------------------------------------------------------------------
class LevelMeter(QWidget):
    """The input level as a bar from -60 to 0 dBFS, with the peak held for a moment."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(260, 18)
        self.rms_db = self.peak_db = self.held_db = -120.0
        self._held_for = 0

    def show_level(self, rms_db: float, peak_db: float) -> None:
        self.rms_db, self.peak_db = rms_db, peak_db
        self._held_for += 1
        if peak_db >= self.held_db or self._held_for > 40:  # held ~0.8 s
            self.held_db, self._held_for = peak_db, 0
        self.update()

    def reset(self) -> None:
        self.rms_db = self.peak_db = self.held_db = -120.0
        self.update()

    @staticmethod
    def _fraction(value_db: float) -> float:
        return max(0.0, min(1.0, 1 - value_db / METER_FLOOR_DB))

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        width, height = self.width(), self.height()
        painter.fillRect(self.rect(), QColor("#18181b"))
        colour = "#e4572e" if self.peak_db > -1 else "#f3c612" if self.peak_db > -9 else "#5ac87a"
        painter.fillRect(QRectF(0, 2, width * self._fraction(self.peak_db), height - 4),
                         QColor(colour).darker(150))
        painter.fillRect(QRectF(0, 2, width * self._fraction(self.rms_db), height - 4),
                         QColor(colour))
        painter.setPen(QColor("#ffffff"))
        x = width * self._fraction(self.held_db)
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
        painter.setPen(QColor("#8a8a90"))
        for mark in (-48, -36, -24, -12, -6):
            tick = width * self._fraction(mark)
            painter.drawLine(QPointF(tick, height - 4), QPointF(tick, height))


class Teleprompter(QWidget):
    """The line to say, big; who says it; the shot's still with its caption over it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.still = QLabel(self)
        self.still.setFixedSize(135, 240)
        self.still.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = QLabel(self)
        self.speaker = QLabel(self)
        self.line = QLabel(self, wordWrap=True)
        font = QFont(self.line.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        self.line.setFont(font)
        self.line.setMinimumWidth(380)
        self.count = QLabel(self, alignment=Qt.AlignmentFlag.AlignCenter)
        big = QFont(font)
        big.setPointSizeF(font.pointSizeF() * 1.8)
        big.setBold(True)
        self.count.setFont(big)
        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.speaker)
        text.addWidget(self.line, 1)
        text.addWidget(self.count)
        layout = QHBoxLayout(self)
        layout.addWidget(self.still)
        layout.addLayout(text, 1)

    def show_line(self, line: LineToRecord) -> None:
        self.heading.setText(self.tr("Shot %d of %d") % (line.index + 1, line.total))
        self.speaker.setText(f"<b>{line.speaker}</b>" if line.speaker else "")
        self.line.setText(line.text or self.tr("(this shot has no line)"))
        self.still.setPixmap(self._still(line))

    def _still(self, line: LineToRecord) -> QPixmap:
        size = self.still.size()
        pixmap = QPixmap(size)
        pixmap.fill(QColor("#333338"))
        painter = QPainter(pixmap)
        if line.still:
            from app.ui.viewers import thumbnail

            picture = thumbnail(line.still, size.width(), size.height())
            painter.drawPixmap((size.width() - picture.width()) // 2,
                               (size.height() - picture.height()) // 2, picture)
        draw_caption(painter, QRectF(0, 0, size.width(), size.height()), line.caption, compact=True)
        painter.end()
        return pixmap


@dataclass(frozen=True)
class LineToRecord:
    """One line as the recorder shows it."""

    shot_id: str
    index: int
    total: int
    speaker: str
    text: str
    still: Path | None = None
    caption: Caption | None = None


class RecordDialog(QDialog):
    """Records takes of one line: Record (count-in), Stop, Play, Re-take, Use this take.

    ``take_recorded(shot_id, path)`` fires when the creator keeps a take; the window turns
    it into a take of the line's voice. Several takes of a line may be kept in a row.
    """

    take_recorded = Signal(str, object)
    recording_started = Signal()
    recording_stopped = Signal()
    state_changed = Signal(str)

    def __init__(self, line: LineToRecord, folder: Path, source: AudioInput | None = None,
                 count_in: int | None = None, takes: LineTakes | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a line"))
        self.line_info = line
        self.folder = Path(folder)
        self.source = source or default_input(self)
        self.source.setParent(self)
        self.count_in = settings.count_in() if count_in is None else count_in
        self.state = "idle"
        self.samples: list[np.ndarray] = []
        self.take: np.ndarray = np.zeros(0, dtype=np.float32)
        self.take_path: Path | None = None
        self.kept: list[Path] = []
        self.takes = takes
        self._counting = 0
        self._count_timer = QTimer(self, interval=1000)
        self._count_timer.timeout.connect(self._tick)
        self._build()
        self.prompter.show_line(line)
        self.source.chunk.connect(self._on_chunk)
        self.source.failed.connect(self._on_failed)
        self.source.ended.connect(self._on_source_ended)
        self._set_state("idle")

    def _build(self) -> None:
        self.prompter = Teleprompter(self)
        self.meter = LevelMeter(self)
        self.status = QLabel(self)
        self.waveform = WaveformView(self)
        self.record_button = QPushButton(self.tr("Record"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.play_button = QPushButton(self.tr("Play back"), self)
        self.retake_button = QPushButton(self.tr("Re-take"), self)
        self.use_button = QPushButton(self.tr("Use this take"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.record_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.play_button.clicked.connect(self.play_back)
        self.retake_button.clicked.connect(self.start)
        self.use_button.clicked.connect(self.use_take)
        self.close_button.clicked.connect(self.reject)
        self.player = media_player(self)
        self.player.positionChanged.connect(self._on_play_position)
        buttons = QHBoxLayout()
        for b in (self.record_button, self.stop_button, self.play_button, self.retake_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.close_button)
        meter_row = QHBoxLayout()
        meter_row.addWidget(QLabel(self.tr("Level"), self))
        meter_row.addWidget(self.meter, 1)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.prompter, 1)
        if self.takes is not None:
            self.takes.setParent(self)
            side = QVBoxLayout()
            side.addWidget(QLabel(self.tr("Takes of this line (double-click to use one)"), self))
            side.addWidget(self.takes, 1)
            top.addLayout(side)
            self.takes.play_requested.connect(self._play_file)
        layout.addLayout(top, 1)
        layout.addLayout(meter_row)
        layout.addWidget(self.waveform)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(860 if self.takes is not None else 720, 520)

    # -- the steps ----------------------------------------------------------------------------
    def start(self) -> None:
        """Count in, then record (the meter is live during the count-in)."""
        self.player.stop()
        self.samples, self.take, self.take_path = [], np.zeros(0, np.float32), None
        self.waveform.peaks = np.zeros(0, dtype=np.float32)
        self.waveform.update()
        self._counting = self.count_in
        self._set_state("counting")
        if self._counting > 0:
            self.prompter.count.setText(str(self._counting))
            self._count_timer.start()
        self.source.start()
        if self._counting <= 0:
            self._begin()

    def _tick(self) -> None:
        self._counting -= 1
        if self._counting > 0:
            self.prompter.count.setText(str(self._counting))
            return
        self._count_timer.stop()
        self._begin()

    def _begin(self) -> None:
        self.prompter.count.setText(self.tr("● Recording"))
        self._set_state("recording")
        self.recording_started.emit()

    def _on_chunk(self, block: np.ndarray) -> None:
        self.meter.show_level(*level(block))
        if self.state == "recording":
            self.samples.append(block)
            seconds = sum(b.size for b in self.samples) / RATE
            self.status.setText(self.tr("Recording: %.1f s") % seconds)

    def _on_source_ended(self) -> None:
        if self.state in ("counting", "recording"):
            self.stop()

    def _on_failed(self, message: str) -> None:
        self._count_timer.stop()
        self.source.stop()
        self._set_state("idle")
        self.status.setText(message)

    def stop(self) -> None:
        """Stop recording; the take, trimmed of silence, is ready to hear."""
        self._count_timer.stop()
        self.source.stop()
        self.meter.reset()
        self.prompter.count.setText("")
        was_recording = self.state == "recording"
        recorded = np.concatenate(self.samples) if self.samples else np.zeros(0, np.float32)
        self.take = trim_silence(recorded)
        if not was_recording or self.take.size < MIN_TAKE_S * RATE:
            self._set_state("idle")
            self.status.setText(self.tr("Nothing was heard: check the input level and "
                                        "record again."))
            self.recording_stopped.emit()
            return
        self.take_path = write_wav(
            recording_path(self.folder, self.line_info.shot_id), self.take
        )
        self.waveform.peaks = peaks(self.take, 800)
        self.waveform.set_position(0.0)
        rms, peak = level(self.take)
        self.status.setText(self.tr("Take: %.1f s, level %.0f dBFS (peak %.0f dBFS)")
                            % (self.take.size / RATE, rms, peak))
        self._set_state("review")
        self.recording_stopped.emit()

    def play_back(self) -> None:
        if self.take_path is not None:
            self._play_file(self.take_path)

    def _play_file(self, path: Path) -> None:
        self.player.stop()
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()

    def _on_play_position(self, ms: int) -> None:
        seconds = self.take.size / RATE
        self.waveform.set_position(ms / 1000 / seconds if seconds else 0.0)

    def use_take(self) -> None:
        """Keep this take: it becomes a take of the line's voice."""
        if self.take_path is None:
            return
        self.player.stop()
        self.kept.append(self.take_path)
        self.take_recorded.emit(self.line_info.shot_id, self.take_path)
        self.status.setText(self.tr("Kept as a take of this line. Record another, or close."))
        self.take_path = None
        self._set_state("idle")
        if self.takes is not None:
            self.takes.refresh()

    def _set_state(self, state: str) -> None:
        self.state = state
        busy = state in ("counting", "recording")
        self.record_button.setEnabled(state == "idle")
        self.stop_button.setEnabled(busy)
        self.play_button.setEnabled(state == "review")
        self.retake_button.setEnabled(state == "review")
        self.use_button.setEnabled(state == "review")
        self.state_changed.emit(state)

    def done(self, result: int) -> None:  # noqa: D102 - Qt override: stop the input first
        self._count_timer.stop()
        self.source.stop()
        self.player.stop()
        super().done(result)


# -- the line's takes -----------------------------------------------------------------------------
@dataclass(frozen=True)
class VoiceTake:
    """One take of a line: generated (by the speech provider) or recorded by the creator."""

    take: int
    recorded: bool
    chosen: bool
    path: Path | None = None
    seconds: float | None = None


def line_takes(session: Any, voice_node: str, shot_id: str) -> list[VoiceTake]:
    """Every take of one line, the generated ones and the recordings, by take number."""
    from app.core import takes as core_takes

    node = session.graph.node(voice_node)
    chosen = node.takes.get(shot_id, 0)
    found: dict[int, VoiceTake] = {}
    for info in core_takes.list_takes(session.engine, voice_node, shot_id):
        media = info.media
        found[info.take] = VoiceTake(info.take, False, info.take == chosen,
                                     Path(media.path) if media else None,
                                     media.duration if media else None)
    recordings = (node.params.get("recordings") or {}).get(shot_id) or {}
    for take, digest in recordings.items():
        media = session.project.artifacts.get(digest)
        found[int(take)] = VoiceTake(int(take), True, int(take) == chosen,
                                     Path(media.path) if media else None,
                                     media.duration if media else None)
    if chosen not in found:
        found[chosen] = VoiceTake(chosen, False, True)
    return [found[t] for t in sorted(found)]


class LineTakes(QListWidget):
    """The takes of one line; double-click uses one (undoable), a click plays it."""

    play_requested = Signal(object)

    def __init__(self, session: Any, voice_node: str, shot_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.voice_node, self.shot_id = session, voice_node, shot_id
        self.shown: list[VoiceTake] = []
        self.setMinimumWidth(220)
        self.itemDoubleClicked.connect(lambda item: self.choose(self.row(item)))
        self.itemClicked.connect(self._play)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        self.shown = line_takes(self.session, self.voice_node, self.shot_id)
        for take in self.shown:
            self.addItem(self.describe(take))

    def describe(self, take: VoiceTake) -> str:
        kind = self.tr("your recording") if take.recorded else self.tr("generated")
        text = self.tr("Take %d · %s") % (take.take, kind)
        if take.seconds:
            text += f" · {take.seconds:.1f} s"
        if take.path is None and not take.recorded:
            text += self.tr(" (made at the next run)")
        return ("✓ " if take.chosen else "   ") + text

    def choose(self, row: int) -> bool:
        """Use take ``row`` of the list for this line."""
        if not 0 <= row < len(self.shown):
            return False
        from app.core.graph import ChooseTake

        ok = self.session.push(ChooseTake(self.voice_node, self.shot_id, self.shown[row].take))
        self.refresh()
        return ok

    def _play(self, item: QListWidgetItem) -> None:
        take = self.shown[self.row(item)]
        if take.path is not None:
            self.play_requested.emit(take.path)


# -- settings --------------------------------------------------------------------------------------
class AudioInputDialog(QDialog):
    """Settings > Audio input: which microphone records, and how long the count-in is."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audio input"))
        self.device = QComboBox(self)
        self.device.addItem(self.tr("System default"), "")
        for device_id, description in input_devices():
            self.device.addItem(description, device_id)
        chosen = self.device.findData(settings.audio_input())
        self.device.setCurrentIndex(max(0, chosen))
        self.count_in = QSpinBox(self, minimum=0, maximum=10, suffix=self.tr(" s"))
        self.count_in.setValue(settings.count_in())
        form = QFormLayout(self)
        form.addRow(self.tr("Microphone"), self.device)
        form.addRow(self.tr("Count-in"), self.count_in)
        if self.device.count() == 1:
            form.addRow(QLabel(self.tr("No microphone is connected right now."), self))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:  # noqa: D102 - Qt override
        settings.set_audio_input(str(self.device.currentData() or ""))
        settings.set_count_in(self.count_in.value())
        super().accept()
