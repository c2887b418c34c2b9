"""Reading audio in process and metering loudness: the same numbers ffmpeg gives."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from app.media import mix
from app.media.ffmpeg import MediaError, decode_audio, ffmpeg_path


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audio") / "line.wav"  # espeak-ng writes 22.05 kHz mono
    subprocess.run(["espeak-ng", "-w", str(path), "You will regret this."], check=True)
    return path


def ffmpeg_decode(path: Path, rate: int, channels: int) -> np.ndarray:
    """What the ffmpeg command line decodes: the reference for the in-process decoder."""
    raw = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-i", str(path), "-ac", str(channels)]
        + ["-ar", str(rate), "-f", "f32le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.float32).reshape(-1, channels)


@pytest.mark.parametrize("channels", [1, 2])
def test_decoding_in_process_matches_ffmpeg(spoken: Path, channels: int) -> None:
    ours = decode_audio(spoken, 48000, channels)
    theirs = ffmpeg_decode(spoken, 48000, channels)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    assert ours.shape[0] > 48000  # resampled to 48 kHz: over a second of speech
    assert np.abs(ours - theirs).max() < 1e-6


def test_a_file_without_sound_is_refused_by_name(tmp_path: Path) -> None:
    picture = tmp_path / "still.png"
    subprocess.run(
        [ffmpeg_path(), "-v", "error", "-f", "lavfi", "-i", "color=s=16x16", "-frames:v", "1"]
        + [str(picture)],
        check=True,
    )
    with pytest.raises(MediaError, match="still.png"):
        decode_audio(picture)


def raw(tmp_path: Path, samples: np.ndarray) -> Path:
    path = tmp_path / "mix.f32"
    samples.astype(np.float32).tofile(path)
    return path


def test_the_meter_reads_a_tone_at_its_level(tmp_path: Path) -> None:
    t = np.arange(10 * mix.RATE) / mix.RATE
    tone = 0.1 * np.sin(2 * np.pi * 997 * t)  # -20 dBFS peak in both channels
    measured = mix._measure(raw(tmp_path, np.stack([tone, tone], 1)), 10, None, None)
    # BS.1770: a 997 Hz sine in two channels reads its RMS level + 3 dB: -23 + 3 = -20.
    assert float(measured["input_i"]) == pytest.approx(-20.0, abs=0.3)
    assert float(measured["input_tp"]) == pytest.approx(-20.0, abs=0.3)


def test_silence_has_no_loudness_and_is_left_silent(tmp_path: Path) -> None:
    silence = np.zeros((3 * mix.RATE, 2))
    assert mix._measure(raw(tmp_path, silence), 3, None, None)["input_i"] == "-inf"
    result = mix.write_episode_audio(silence.astype(np.float32), tmp_path / "a.m4a", -14.0)
    assert result["measured_lufs"] is None and result["gain_db"] == 0.0
    assert np.abs(decode_audio(tmp_path / "a.m4a")).max() == 0.0


def test_a_dense_mix_reaches_the_target_through_the_limiter(tmp_path: Path) -> None:
    """A mix with peaks near full scale: the gain it needs drives the limiter hard, so
    one gain step falls short; the next steps follow the limiter's slope to the target.
    Its sharp edges overshoot in the AAC encode: the ceiling comes down until the
    delivered file's true peak is under -1 dBTP.
    """
    rng = np.random.default_rng(4)
    t = np.arange(20 * mix.RATE) / mix.RATE
    beat = (np.sin(2 * np.pi * 2 * t) > 0.95) * 0.9  # sharp peaks twice a second
    bed = 0.05 * np.sin(2 * np.pi * 110 * t) + 0.02 * rng.standard_normal(t.size)
    samples = np.stack([bed + beat, bed - beat], 1).astype(np.float32)
    out = tmp_path / "dense.m4a"
    result = mix.write_episode_audio(samples, out, -14.0)
    assert result["gain_db"] > 14.0 - (-result["measured_lufs"]) + 0.5  # pushed past plain gain
    assert abs(result["final_lufs"] + 14.0) <= 0.5 and result["final_true_peak"] <= -1.0
    err = subprocess.run(
        [ffmpeg_path(), "-nostats", "-i", str(out), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
    ).stderr.rpartition("Summary:")[2]
    integrated = float(err.split("I:")[1].split("LUFS")[0])
    true_peak = float(err.split("Peak:")[1].split("dBFS")[0])
    assert abs(integrated + 14.0) <= 0.5 and true_peak <= -1.0  # the file, metered afresh
    assert (integrated, true_peak) == (result["final_lufs"], result["final_true_peak"])


def test_pcm_wav_resamples_in_process_like_ffmpeg(tmp_path):
    import wave

    from app.media.convert import pcm_wav, to_wav

    rate, seconds, hz = 22050, 1.5, 440.0  # what espeak-ng writes: 22.05 kHz mono
    t = np.arange(int(rate * seconds)) / rate
    src = tmp_path / "line.wav"
    with wave.open(str(src), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.sin(2 * np.pi * hz * t) * 12000).astype("<i2").tobytes())
    ours, theirs = pcm_wav(src, tmp_path / "a.wav", 48000, 1), to_wav(src, tmp_path / "b.wav", 48000, 1)
    read = []
    for path in (ours, theirs):
        with wave.open(str(path)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 1, 2)
            read.append(np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(int))
    assert len(read[0]) == len(read[1]) == 72000
    assert np.abs(read[0] - read[1]).max() <= 4  # libswresample both: a level or two apart
    spectrum = np.abs(np.fft.rfft(read[0]))
    assert abs(np.argmax(spectrum) * 48000 / len(read[0]) - hz) < 1


def test_pcm_wav_refuses_a_file_without_sound(tmp_path):
    from app.media.convert import pcm_wav

    silent = tmp_path / "still.mp4"
    subprocess.run([ffmpeg_path(), "-v", "error", "-f", "lavfi", "-i", "color=s=64x64:d=0.2",
                    "-pix_fmt", "yuv420p", str(silent)], check=True)
    with pytest.raises(MediaError, match="has no audio"):
        pcm_wav(silent, tmp_path / "out.wav", 48000, 1)
    assert not (tmp_path / "out.wav").exists()


# -- choosing the H.264 encoder ------------------------------------------------------------------
def test_an_encoder_is_tested_only_where_its_device_can_be(tmp_path):
    from app.media.ffmpeg import HARDWARE_H264, _may_have_device

    dev = tmp_path / "dev"
    dev.mkdir()
    linux = {e: _may_have_device(e, "linux", dev) for e in HARDWARE_H264}
    assert not any(linux.values()), linux  # no GPU: nothing to try
    (dev / "dri").mkdir()
    (dev / "dri" / "card0").touch()  # a display card without a render node is not enough
    assert not _may_have_device("h264_vaapi", "linux", dev)
    (dev / "dri" / "renderD128").touch()
    assert {e for e in HARDWARE_H264 if _may_have_device(e, "linux", dev)} == {
        "h264_qsv", "h264_vaapi", "h264_amf"}
    for node in ("dxg", "nvidiactl"):  # WSL 2's GPU, then a Linux NVIDIA driver's
        (dev / node).touch()
        assert _may_have_device("h264_nvenc", "linux", dev)
        (dev / node).unlink()
    assert [e for e in HARDWARE_H264 if _may_have_device(e, "darwin", dev)] == ["h264_videotoolbox"]
    assert {e for e in HARDWARE_H264 if _may_have_device(e, "win32", dev)} == {
        "h264_nvenc", "h264_qsv", "h264_amf"}


def test_with_no_device_the_choice_is_libx264_without_starting_ffmpeg(monkeypatch):
    from app.media import ffmpeg

    def started(*args, **kwargs):
        raise AssertionError(f"ffmpeg was started: {args}")

    monkeypatch.delenv("SHOTGRAPH_ENCODER", raising=False)
    monkeypatch.setattr(ffmpeg, "_encoder_choice", None)
    monkeypatch.setattr(ffmpeg, "_may_have_device", lambda encoder: False)
    monkeypatch.setattr(ffmpeg.subprocess, "run", started)
    assert ffmpeg.h264_encoder() == "libx264"


def test_a_present_device_is_used_only_if_a_test_encode_works(monkeypatch):
    from app.media import ffmpeg

    tried = []
    monkeypatch.delenv("SHOTGRAPH_ENCODER", raising=False)
    monkeypatch.setattr(ffmpeg, "_may_have_device", lambda encoder: encoder == "h264_vaapi")
    monkeypatch.setattr(ffmpeg, "_listed_encoders", lambda: {"h264_nvenc", "h264_vaapi"})
    for works, chosen in ((False, "libx264"), (True, "h264_vaapi")):
        monkeypatch.setattr(ffmpeg, "_encoder_choice", None)
        monkeypatch.setattr(ffmpeg, "_encodes", lambda e, works=works: tried.append(e) or works)
        assert ffmpeg.h264_encoder() == chosen
    assert tried == ["h264_vaapi", "h264_vaapi"]  # never NVENC: no device for it
