"""The episode's sound: voices placed at their times over ducked music, at -14 LUFS.

Ducking is a gain envelope computed in numpy from the placed voice track rather than
ffmpeg's ``sidechaincompress``: we know exactly where every line is, so the music dips
by a fixed, audible amount (the creator's ducking depth) just before each line and
recovers after it, the same on every run, with no threshold/ratio guesswork against
quiet or loud voices. A clip's own sound (the creator's footage) is mixed like a voice:
it ducks the music too, and is itself ducked under the lines spoken over it.
Loudness: ffmpeg's ``ebur128`` measures the mix (BS.1770 integrated loudness and true
peak), a pass applies one gain and a look-ahead limiter at ``SAMPLE_PEAK`` and meters
its own output; when the limiter cost more than ``LOUDNESS_TOLERANCE`` the gain is
corrected along the slope seen so far and re-applied. The AAC file is metered last, and
its ceiling lowered when the encode's overshoot passed -1 dBTP.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.media.ffmpeg import FfmpegJob, MediaError, decode_audio, decode_audio_range
from app.media.timeline import VoicePlacement

RATE = 48000
DUCK_DB = -10.0  # music under a line
DUCK_ATTACK_S = 0.08
DUCK_RELEASE_S = 0.35
DUCK_LOOKAHEAD_S = 0.1  # the music starts dipping just before a line
VOICE_FLOOR_DB = -45.0  # below this the voice track counts as silent
MUSIC_FADE_S = 1.5
SILENT_LUFS = -70.0  # BS.1770's absolute gate: a mix measuring this is silence
SAMPLE_PEAK = -2.0  # dBFS limiter ceiling: leaves room for inter-sample and AAC overs
LOUDNESS_TOLERANCE = 0.2  # LU
MAX_PASSES = 4
MAX_TRUE_PEAK = -1.0  # dBTP of the delivered AAC
CEILING_PASSES = 3  # encodes at most: the first, and two with a lower limiter ceiling
METER = "ebur128=peak=true:framelog=verbose"  # per-frame lines only below -v info
# The limiter passes need only the loudness: a sample peak costs half of the true
# peak's 4x oversampling (0.15 against 0.32 CPU-s for a minute of stereo).
LOUDNESS_METER = "ebur128=peak=sample:framelog=verbose"


@dataclass(frozen=True)
class VoiceClip:
    """A voice file and where it plays."""

    path: Path
    placement: VoicePlacement


@dataclass(frozen=True)
class SoundClip:
    """A clip's own sound: ``duration`` s of ``path`` from ``offset`` s, played at
    ``start`` s of the episode, ``gain_db`` louder or quieter."""

    path: Path
    start: float
    offset: float
    duration: float
    gain_db: float = 0.0


def db(value: float) -> float:
    """Decibels to a linear gain."""
    return float(10 ** (value / 20))


def mix_track(
    voices: Sequence[VoiceClip],
    music: Path | None,
    seconds: float,
    music_volume_db: float,
    sounds: Sequence[SoundClip] = (),
    duck_db: float = DUCK_DB,
) -> np.ndarray:
    """Voices (and clips' own sound) over ducked music as float32 stereo samples,
    ``seconds`` long; ``duck_db`` is how far the music dips under a line."""
    length = round(seconds * RATE)
    voice = place_voices(voices, length)
    sound = place_sounds(sounds, length)
    bed = fit_music(decode_audio(music, RATE, 2), length) if music else np.zeros((length, 2))
    gain = duck_envelope(voice + sound.mean(axis=1), length, duck_db) * db(music_volume_db)
    mixed = bed * gain[:, None] + voice[:, None]
    if sounds:
        mixed += sound * duck_envelope(voice, length, duck_db)[:, None]
    return mixed.astype(np.float32)


def place_sounds(sounds: Sequence[SoundClip], length: int) -> np.ndarray:
    """A stereo track with each clip's sound at its place, faded a little in and out."""
    track = np.zeros((length, 2), dtype=np.float32)
    for clip in sounds:
        samples = decode_audio_range(clip.path, clip.offset, clip.duration, RATE, 2)
        start = round(clip.start * RATE)
        count = min(samples.shape[0], length - start)
        if count <= 0:
            continue
        piece = samples[:count] * db(clip.gain_db)
        fade = min(count // 2, int(0.02 * RATE))  # no click at the cut
        if fade:
            ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)[:, None]
            piece[:fade] *= ramp
            piece[count - fade :] *= ramp[::-1]
        track[start : start + count] += piece
    return track


def place_voices(voices: Sequence[VoiceClip], length: int) -> np.ndarray:
    """A mono track with each voice at its start, cut (with a short fade) where trimmed."""
    track = np.zeros(length, dtype=np.float32)
    for clip in voices:
        samples = decode_audio(clip.path, RATE, 1)[:, 0]
        start = round(clip.placement.start * RATE)
        count = min(samples.size, round(clip.placement.duration * RATE), length - start)
        if count <= 0:
            continue
        piece = samples[:count].copy()
        fade = min(count, int(0.03 * RATE))
        piece[count - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
        track[start : start + count] += piece
    return track


def fit_music(music: np.ndarray, length: int) -> np.ndarray:
    """The music looped or cut to ``length`` samples, faded out at the end."""
    if music.size == 0:
        return np.zeros((length, 2), dtype=np.float32)
    repeats = -(-length // music.shape[0])
    fitted = np.tile(music, (repeats, 1))[:length].copy()
    fade = min(length, int(MUSIC_FADE_S * RATE))
    fitted[length - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)[:, None]
    return fitted


def duck_envelope(
    voice: np.ndarray, length: int, depth_db: float = DUCK_DB, block_s: float = 0.01
) -> np.ndarray:
    """Music gain per sample: ``depth_db`` while a voice speaks, smoothed in and out."""
    block = int(block_s * RATE)
    blocks = -(-length // block)
    padded = np.zeros(blocks * block, dtype=np.float32)
    padded[: voice.size] = voice[: blocks * block]
    rms = np.sqrt(np.mean(padded.reshape(blocks, block) ** 2, axis=1))
    speaking = rms > db(VOICE_FLOOR_DB)
    # Hold over short pauses between words, and start a little early.
    hold = int(0.25 / block_s)
    speaking = np.convolve(speaking, np.ones(2 * hold + 1), mode="same") > 0
    shift = int(DUCK_LOOKAHEAD_S / block_s)
    speaking = np.concatenate([speaking[shift:], np.zeros(shift, dtype=bool)])
    target = np.where(speaking, db(depth_db), 1.0)
    gain = _smooth(target, block_s)
    return np.repeat(gain, block)[:length].astype(np.float32)


def _smooth(target: np.ndarray, step_s: float) -> np.ndarray:
    attack = 1 - np.exp(-step_s / DUCK_ATTACK_S)
    release = 1 - np.exp(-step_s / DUCK_RELEASE_S)
    out = np.empty_like(target, dtype=np.float64)
    level = 1.0
    for i, goal in enumerate(target):
        level += (goal - level) * (attack if goal < level else release)
        out[i] = level
    return out


def write_episode_audio(
    samples: np.ndarray,
    out: Path,
    loudness_lufs: float,
    on_progress: Callable[[float], None] | None = None,
    cancel_event: threading.Event | None = None,
) -> dict[str, float]:
    """Normalise ``samples`` to ``loudness_lufs`` (true peak < -1 dBTP) and encode AAC
    48 kHz stereo to ``out``. Returns the loudness measured before and after.

    The encoded file is metered too: when the AAC encode's overshoot put its true peak
    above ``MAX_TRUE_PEAK`` (sharp transients driven hard into the limiter), the limiter's
    ceiling comes down by the excess and the audio is limited and encoded again.
    """
    seconds = samples.shape[0] / RATE
    raw = out.with_suffix(".mix.f32")
    samples.astype(np.float32).tofile(raw)
    step = _Steps(on_progress, MAX_PASSES + 1 + 2 * CEILING_PASSES)
    made: list[Path] = []  # limited versions, deleted at the end
    try:
        before = _measure(raw, seconds, step(), cancel_event)
        chosen, gain = raw, 0.0
        if _is_finite(before.get("input_i")):  # silence cannot be normalised
            gain, chosen = _normalise(raw, out, before, loudness_lufs, seconds, step, made, cancel_event)
        ceiling = SAMPLE_PEAK
        for n in range(CEILING_PASSES):
            final = _encode_aac(chosen, out, seconds, step(), cancel_event)
            excess = _number(final["input_tp"])
            if chosen is raw or excess is None or excess <= MAX_TRUE_PEAK:
                break
            ceiling -= excess - MAX_TRUE_PEAK + 0.2
            chosen = out.with_suffix(f".ceiling{n}.f32")
            made.append(chosen)
            _gain_and_limit(raw, chosen, gain, seconds, step(), cancel_event, ceiling)
    finally:
        raw.unlink(missing_ok=True)
        for path in made:
            path.unlink(missing_ok=True)
    return {
        "measured_lufs": _number(before.get("input_i")),
        "measured_true_peak": _number(before.get("input_tp")),
        "gain_db": round(gain, 2),
        "final_lufs": _number(final.get("input_i")),
        "final_true_peak": _number(final.get("input_tp")),
    }


def _normalise(raw, out, before, target, seconds, step, made, cancel_event) -> tuple[float, Path]:
    """The gain (and its limited samples) that brings ``raw`` closest to ``target``."""
    gain = target - float(before["input_i"])
    tries: list[tuple[float, float, Path]] = []  # (gain, loudness after it, its samples)
    for n in range(MAX_PASSES):
        limited = out.with_suffix(f".lim{n}.f32")
        made.append(limited)
        after = _gain_and_limit(raw, limited, gain, seconds, step(), cancel_event)
        tries.append((gain, after, limited))
        if abs(target - tries[-1][1]) <= LOUDNESS_TOLERANCE:
            break
        gain = _next_gain(tries, target)
    gain, _, chosen = min(tries, key=lambda t: abs(target - t[1]))
    return gain, chosen


def _encode_aac(
    src: Path,
    out: Path,
    seconds: float,
    on_progress: Callable[[float], None] | None,
    cancel_event: threading.Event | None,
) -> dict[str, str]:
    """Encode raw samples as AAC into ``out`` and meter what the file will play back."""
    args = ["-v", "error", *_raw_input(src), "-c:a", "aac", "-b:a", "192k"]
    args += ["-ar", str(RATE), "-ac", "2", str(out)]
    FfmpegJob(args, seconds, on_progress, cancel_event).finish()
    meter = ["-v", "info", "-i", str(out), "-af", METER, "-f", "null", "-"]
    return _metered(meter, seconds, None, cancel_event)


def _next_gain(tries: list[tuple[float, float, Path]], target: float) -> float:
    """The gain to try next: the limiter gives back less than 1 LU per dB of gain, so
    the step follows the slope seen between the last two tries (secant), within reason.
    """
    gain, loudness, _ = tries[-1]
    slope = 1.0
    if len(tries) > 1:
        (g0, l0, _), (g1, l1, _) = tries[-2], tries[-1]
        if g1 != g0:
            slope = min(1.0, max(0.25, (l1 - l0) / (g1 - g0)))
    return gain + (target - loudness) / slope


def _gain_and_limit(
    src: Path,
    dst: Path,
    gain: float,
    seconds: float,
    on_progress: Callable[[float], None] | None,
    cancel_event: threading.Event | None,
    ceiling: float = SAMPLE_PEAK,
) -> float:
    """One gain, then a look-ahead limiter at ``ceiling`` dBFS, into raw float samples at
    ``dst``, metered on the way out (ebur128 passes the samples through): the result's
    integrated loudness (LUFS) comes from the same pass.

    A single gain keeps the mix's dynamics (loudnorm's dynamic mode, which it falls back
    to whenever its gain would clip, misses the target by more than 1 LU on short
    episodes); the limiter only touches the few peaks the gain pushes too high.
    """
    limiter = f"alimiter=limit={db(ceiling):.4f}:attack=5:release=80:level=false:latency=true"
    chain = f"volume={gain:.3f}dB,{limiter},{LOUDNESS_METER}"
    args = ["-v", "info", *_raw_input(src), "-af", chain]
    args += ["-f", "f32le", "-ar", str(RATE), "-ac", "2", str(dst)]
    return float(_metered(args, seconds, on_progress, cancel_event)["input_i"])


def _raw_input(path: Path) -> list[str]:
    return ["-f", "f32le", "-ar", str(RATE), "-ac", "2", "-i", str(path)]


class _Steps:
    """Splits one progress callback over ``count`` ffmpeg passes."""

    def __init__(self, on_progress: Callable[[float], None] | None, count: int):
        self.on_progress, self.count, self.done = on_progress, count, 0

    def __call__(self) -> Callable[[float], None] | None:
        if self.on_progress is None:
            return None
        base, self.done = self.done, min(self.count - 1, self.done + 1)
        return lambda f: self.on_progress((base + f) / self.count)


def _measure(
    path: Path,
    seconds: float,
    on_progress: Callable[[float], None] | None,
    cancel_event: threading.Event | None,
) -> dict[str, str]:
    """BS.1770 integrated loudness and true peak of raw float samples (ffmpeg's ebur128).

    The same meter the delivery check reads the finished file with; it costs about a
    sixth of ``loudnorm``'s analysis (0.3 s against 2 s of CPU for a minute of stereo).
    """
    args = ["-v", "info", *_raw_input(path), "-af", METER, "-f", "null", "-"]
    return _metered(args, seconds, on_progress, cancel_event)


def _metered(
    args: list[str],
    seconds: float,
    on_progress: Callable[[float], None] | None,
    cancel_event: threading.Event | None,
) -> dict[str, str]:
    """Run an ffmpeg whose filters end in ``METER`` or ``LOUDNESS_METER`` and read the
    meter's summary."""
    job = FfmpegJob(args, seconds, on_progress, cancel_event, keep_stderr=40)
    job.finish()
    summary = job.stderr_text().rpartition("Summary:")[2]
    integrated = re.search(r"\bI:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"\bPeak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or not peak:
        raise MediaError("the loudness meter printed no measurement: " + job.stderr_tail())
    # -70 LUFS is the meter's absolute gate: nothing louder was found (silence).
    loudness = integrated.group(1) if float(integrated.group(1)) > SILENT_LUFS else "-inf"
    return {"input_i": loudness, "input_tp": peak.group(1)}


def _number(value: str | None) -> float | None:
    return float(value) if _is_finite(value) else None


def _is_finite(value: str | None) -> bool:
    try:
        return np.isfinite(float(value))
    except (TypeError, ValueError):
        return False
