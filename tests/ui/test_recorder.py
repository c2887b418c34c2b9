"""The line recorder driven by a file standing in for a microphone (a known espeak-ng line).

What a recording sounds like is checked against the source it was made from: its length
(the source's speech without the silence around it), its level, and its waveform's
correlation with the source's.
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from app.media.ffmpeg import decode_audio
from app.ui import recorder as rec
from app.ui.caption import Caption
from app.ui.recorder import FileInput, LineToRecord, RecordDialog

LINE = "You ruined my family, and now you want to marry my sister."


def _espeak(path: Path, text: str) -> Path:
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), text], check=True,
                   capture_output=True, timeout=60)
    return path


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> tuple[Path, np.ndarray]:
    """The line spoken by espeak-ng, with 0.8 s of silence before and 1.2 s after it."""
    folder = tmp_path_factory.mktemp("spoken")
    voice = decode_audio(_espeak(folder / "raw.wav", LINE), rec.RATE, 1)[:, 0]
    padded = np.concatenate([np.zeros(int(0.8 * rec.RATE)), voice, np.zeros(int(1.2 * rec.RATE))])
    return rec.write_wav(folder / "mic.wav", padded.astype(np.float32)), voice


def _line() -> LineToRecord:
    return LineToRecord("s3", 2, 9, "Clara", LINE, None, Caption("3 · push in", "Clara turns."))


def _record(qtbot, dialog: RecordDialog) -> None:
    with qtbot.waitSignal(dialog.recording_stopped, timeout=60_000):
        dialog.record_button.click()


def test_a_recorded_line_is_trimmed_and_sounds_like_its_source(qtbot, tmp_path, spoken):
    source, voice = spoken
    dialog = RecordDialog(_line(), tmp_path, FileInput(source), count_in=0)
    qtbot.addWidget(dialog)
    assert dialog.prompter.line.text() == LINE
    assert "Clara" in dialog.prompter.speaker.text()
    assert dialog.prompter.heading.text() == "Shot 3 of 9"
    _record(qtbot, dialog)
    assert dialog.state == "review"
    path = dialog.take_path
    assert path.parent == tmp_path / "recordings" and path.name.startswith("s3-")
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 1, 2)
    take = decode_audio(path, rec.RATE, 1)[:, 0]
    # Length: the line with a little air either side, never the 2 s of padding around it.
    mic = decode_audio(source, rec.RATE, 1)[:, 0]
    start, end = rec.speech_bounds(mic)
    assert abs(take.size - (end - start)) <= rec.RATE * 0.02
    said = rec.speech_bounds(voice)  # espeak's own file, starting right on the first word
    assert said[1] - said[0] <= take.size <= said[1] - said[0] + (rec.TRIM_PAD_S + 0.01) * rec.RATE
    # Level and shape: the same sound, only quantised to 16 bits.
    assert abs(rec.level(take)[0] - rec.level(mic[start:end])[0]) < 0.2
    correlation = np.corrcoef(take, mic[start : start + take.size])[0, 1]
    assert correlation > 0.999
    assert dialog.waveform.peaks.size > 0 and dialog.waveform.peaks.max() > 0.1
    assert dialog.play_button.isEnabled() and dialog.retake_button.isEnabled()


def test_keep_emits_the_take_and_retake_records_a_new_file(qtbot, tmp_path, spoken):
    source, _ = spoken
    dialog = RecordDialog(_line(), tmp_path, FileInput(source), count_in=0)
    qtbot.addWidget(dialog)
    _record(qtbot, dialog)
    first = dialog.take_path
    with qtbot.waitSignal(dialog.recording_stopped, timeout=60_000):
        dialog.retake_button.click()
    second = dialog.take_path
    assert second != first and second.is_file() and first.is_file()  # nothing recorded is lost
    with qtbot.waitSignal(dialog.take_recorded) as kept:
        dialog.use_button.click()
    assert kept.args == ["s3", second]
    assert dialog.state == "idle" and not dialog.use_button.isEnabled()


def test_count_in_counts_down_before_recording(qtbot, tmp_path, spoken):
    source, _ = spoken
    dialog = RecordDialog(_line(), tmp_path, FileInput(source, realtime=True), count_in=2)
    qtbot.addWidget(dialog)
    dialog.record_button.click()
    assert dialog.state == "counting" and dialog.prompter.count.text() == "2"
    assert dialog.stop_button.isEnabled() and not dialog.record_button.isEnabled()
    with qtbot.waitSignal(dialog.recording_started, timeout=60_000):
        pass
    assert dialog.state == "recording"
    with qtbot.waitSignal(dialog.recording_stopped, timeout=60_000):
        dialog.stop_button.click()


def test_silence_is_refused_with_a_reason(qtbot, tmp_path):
    quiet = rec.write_wav(tmp_path / "quiet.wav", np.zeros(rec.RATE, dtype=np.float32))
    dialog = RecordDialog(_line(), tmp_path, FileInput(quiet), count_in=0)
    qtbot.addWidget(dialog)
    _record(qtbot, dialog)
    assert dialog.state == "idle" and dialog.take_path is None
    assert "Nothing was heard" in dialog.status.text()
    assert not (tmp_path / "recordings").exists()


def test_trim_keeps_a_little_air_around_the_line():
    tone = 0.3 * np.sin(np.linspace(0, 2 * np.pi * 440, rec.RATE)).astype(np.float32)
    noise = np.random.default_rng(1).normal(0, 10 ** (-62 / 20), rec.RATE).astype(np.float32)
    take = rec.trim_silence(np.concatenate([noise, tone, noise]))
    assert abs(take.size - (rec.RATE + 2 * rec.TRIM_PAD_S * rec.RATE)) <= 0.011 * rec.RATE
    assert rec.trim_silence(noise).size == 0


def test_the_meter_follows_the_input_level(qtbot, tmp_path):
    loud = rec.write_wav(tmp_path / "loud.wav", np.full(rec.RATE // 2, 0.5, np.float32))
    dialog = RecordDialog(_line(), tmp_path, FileInput(loud), count_in=0)
    qtbot.addWidget(dialog)
    seen: list[float] = []
    dialog.source.chunk.connect(lambda b: seen.append(dialog.meter.rms_db))
    _record(qtbot, dialog)
    assert seen and max(seen) == pytest.approx(20 * np.log10(0.5), abs=0.2)


# -- in the window, on a real episode -----------------------------------------------------------
def _episode_voice(mp4: Path, start: float, seconds: float) -> np.ndarray:
    samples = decode_audio(mp4, rec.RATE, 1)[:, 0]
    return samples[int(start * rec.RATE): int((start + seconds) * rec.RATE)]


def _envelope(samples: np.ndarray, tempo: float = 1.0) -> np.ndarray:
    """Loudness every 20 ms of the episode (for a line sped up by ``tempo``, of the file)."""
    return 10 ** (rec.block_levels(samples, rec.RATE, 0.02 * tempo) / 20)


def test_a_recording_becomes_the_lines_take_and_plays_in_the_export(
    qtbot, make_window, made, tmp_path, spoken
):
    from app.core.store.project import Project
    from app.ui import settings
    from tests.ui import cut as cutlib
    from tests.ui.conftest import wait_run

    settings.set_count_in(0)
    reg = cutlib.registry()
    folder = cutlib.copy_made(made, tmp_path / "three")
    window = make_window(Project.open(folder, reg), reg)
    voice_node = window.timeline.cut.nodes["voices"]
    generated = window.timeline.cut.shots[1].voice
    dialog = window.cut.record_line(1, FileInput(spoken[0]))
    assert dialog.prompter.line.text() == "You should be dead."
    assert dialog.prompter.speaker.text() == "<b>Julian</b>"
    assert [t.take for t in dialog.takes.shown] == [0] and dialog.takes.shown[0].chosen
    _record(qtbot, dialog)
    with qtbot.waitSignal(dialog.take_recorded):
        dialog.use_button.click()
    # The model: a new take of shot 2's line, recorded, chosen; the other lines untouched.
    params = cutlib.saved_params(folder, voice_node)
    assert list(params["recordings"]) == ["b"] and list(params["recordings"]["b"]) == ["1"]
    assert window.session.graph.node(voice_node).takes == {"b": 1}
    assert [(t.take, t.recorded, t.chosen) for t in dialog.takes.shown] == [
        (0, False, False), (1, True, True)]
    dialog.close()
    # The export plays the recording (louder-normalised with the rest), not the TTS line.
    mp4 = tmp_path / "out" / "ep.mp4"
    assert window.export_to(mp4)
    wait_run(qtbot, window, timeout=300_000)
    block = window.timeline.cut.shots[1]
    recorded = decode_audio(block.voice.path, rec.RATE, 1)[:, 0]
    assert block.voice.meta.get("own_material") and block.voice.hash != generated.hash
    placed = next(v for v in window.timeline.cut.voices if v.shot == 1)
    heard = _envelope(_episode_voice(mp4, placed.start, placed.duration))
    mine = _envelope(recorded, placed.tempo)
    tts = _envelope(decode_audio(generated.path, rec.RATE, 1)[:, 0])
    size = min(heard.size, mine.size, tts.size)
    with_mine = np.corrcoef(heard[:size], mine[:size])[0, 1]
    with_tts = np.corrcoef(heard[:size], tts[:size])[0, 1]
    print(f"correlation with the recording {with_mine:.3f}, with the TTS line {with_tts:.3f}")
    assert with_mine > 0.8 and with_mine > with_tts + 0.2, (with_mine, with_tts)
    # Undo puts the generated line back (one step).
    window.undo()
    assert window.session.graph.node(voice_node).takes == {}


def test_settings_keep_the_chosen_input_and_count_in(qtbot):
    from app.ui import settings
    from app.ui.recorder import AudioInputDialog

    dialog = AudioInputDialog()
    qtbot.addWidget(dialog)
    assert dialog.device.itemData(0) == "" and dialog.count_in.value() == 3
    dialog.count_in.setValue(5)
    dialog.accept()
    assert settings.count_in() == 5 and settings.audio_input() == ""
