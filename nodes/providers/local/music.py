"""The offline music model: a procedural score synthesised with numpy.

Pads play the mood's chord progression in the key, a bass follows the roots, drums
keep the mood's pattern and a plucked arpeggio adds a seeded figure. Every note starts
and ends on a short ramp, so bar joins never click; the mix peaks at -1.5 dBFS.
Output: 48 kHz stereo 16-bit WAV.
"""

from __future__ import annotations

import math
import os
import re
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.core.node_api import MediaOut, NodeError, RunContext
from app.core.providers import MusicRequest

SAMPLE_RATE = 48000
PEAK_DBFS = -1.5
STEPS = 16  # sixteenth notes per bar
NOTES = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
SCALES = {"major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 10)}


@dataclass(frozen=True)
class Mood:
    """How a mood sounds: key, tempo, progressions (scale degrees), bass and drum patterns."""

    key: str
    tempo: int
    progressions: tuple[tuple[int, ...], ...]
    bass_steps: tuple[int, ...]
    kick: tuple[int, ...]
    snare: tuple[int, ...]
    hat: tuple[int, ...]
    arp: bool
    brightness: float


MOODS: dict[str, Mood] = {
    "tense": Mood(
        "D minor",
        100,
        ((0, 5, 6, 4), (0, 0, 5, 4)),
        (0, 2, 4, 6, 8, 10, 12, 14),
        (0, 3, 8, 11),
        (),
        (2, 6, 10, 14),
        False,
        0.6,
    ),
    "sad": Mood("A minor", 68, ((0, 5, 2, 6), (0, 3, 5, 4)), (0, 8), (0,), (), (), True, 0.3),
    "romantic": Mood(
        "F major", 76, ((0, 4, 5, 3), (0, 5, 3, 4)), (0, 6, 8, 14), (0, 10), (), (4, 12), True, 0.45
    ),
    "triumphant": Mood(
        "C major",
        112,
        ((0, 3, 4, 0), (0, 4, 5, 3)),
        (0, 4, 8, 12),
        (0, 8, 10),
        (4, 12),
        (0, 2, 4, 6, 8, 10, 12, 14),
        True,
        0.8,
    ),
    "mysterious": Mood(
        "E minor", 84, ((0, 1, 5, 0), (0, 6, 5, 1)), (0,), (0, 10), (), (6, 14), True, 0.35
    ),
}


@dataclass(frozen=True)
class Plan:
    """A score ready to synthesise."""

    mood: Mood
    root: int  # MIDI note of the key's tonic, octave 3
    scale: tuple[int, ...]
    tempo: int
    bars: int
    bar_samples: int
    length: int  # samples
    progression: tuple[int, ...]


class ProceduralScore:
    """Offline ``MusicModel``: deterministic per seed."""

    name = "local"
    capability = "music"

    def __init__(self, options: dict[str, Any] | None = None):
        self.max_concurrency = os.cpu_count() or 1

    def identity(self) -> dict[str, Any]:
        return {"id": "local.music", "version": 1}

    def compose(self, request: MusicRequest, ctx: RunContext, out: Path) -> MediaOut:
        """Write the score for ``request`` to ``out`` (WAV)."""
        plan = plan_score(request)
        audio = render(plan, request.seed, ctx)
        write_wav(out, audio)
        return MediaOut(
            out,
            {
                "generator": "local.music",
                "mood": request.mood,
                "key": request.key or plan.mood.key,
                "tempo_bpm": plan.tempo,
                "bars": plan.bars,
                "bar_seconds": plan.bar_samples / SAMPLE_RATE,
                "seed": request.seed,
            },
        )


def parse_key(key: str) -> tuple[int, tuple[int, ...]]:
    """'A minor', 'F# major', 'Bbm' → (tonic MIDI note in octave 3, scale)."""
    match = re.fullmatch(r"\s*([A-Ga-g])([#b]?)\s*(major|minor|maj|min|m)?\s*", key)
    if not match:
        raise NodeError(f"cannot read the key {key!r}: write it like 'A minor' or 'F# major'")
    letter, accidental, mode = match.groups()
    pitch = NOTES[letter.upper()] + {"#": 1, "b": -1, "": 0}[accidental]
    minor = (mode or "major").lower() in ("minor", "min", "m")
    return 48 + pitch % 12, SCALES["minor" if minor else "major"]


def plan_score(request: MusicRequest) -> Plan:
    """Bars, key and progression for ``request``."""
    mood = MOODS.get(request.mood)
    if mood is None:
        raise NodeError(f"unknown mood {request.mood!r}; choose one of {', '.join(MOODS)}")
    if not 1 <= request.length_s <= 900:
        raise NodeError(f"music length must be 1–900 s, not {request.length_s:g} s")
    root, scale = parse_key(request.key or mood.key)
    tempo = request.tempo_bpm or mood.tempo
    if not 40 <= tempo <= 220:
        raise NodeError(f"tempo must be 40–220 bpm, not {tempo}")
    bar_samples = round(4 * 60 / tempo * SAMPLE_RATE)
    length = round(request.length_s * SAMPLE_RATE)
    progression = mood.progressions[request.seed % len(mood.progressions)]
    return Plan(
        mood, root, scale, tempo, math.ceil(length / bar_samples), bar_samples, length, progression
    )


def render(plan: Plan, seed: int, ctx: RunContext | None = None) -> np.ndarray:
    """The score as float stereo samples, shape (2, n), peaking at ``PEAK_DBFS``."""
    rng = np.random.default_rng(seed)
    mix = np.zeros((2, plan.bars * plan.bar_samples + SAMPLE_RATE), np.float32)
    arp_pattern = rng.permutation(8) % 4
    for bar in range(plan.bars):
        if ctx is not None:
            ctx.check_cancelled()
            ctx.progress(bar / plan.bars, f"bar {bar + 1}/{plan.bars}")
        start = bar * plan.bar_samples
        chord = _chord(plan, plan.progression[bar % len(plan.progression)])
        _pads(mix, start, plan, chord)
        _bass(mix, start, plan, chord[0] - 12)
        _drums(mix, start, plan, rng, bar)
        if plan.mood.arp and bar % 8 != 7:
            _arp(mix, start, plan, chord, arp_pattern)
    audio = mix[:, : plan.length]
    _fade(audio, fade_in=0.02, fade_out=min(1.5, plan.length / SAMPLE_RATE / 4))
    peak = float(np.abs(audio).max()) or 1.0
    return audio * (10 ** (PEAK_DBFS / 20) / peak)


def write_wav(path: Path, audio: np.ndarray) -> None:
    """Write float stereo samples as a 16-bit WAV."""
    pcm = np.round(np.clip(audio, -1, 1) * 32767).astype("<i2").T.copy()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(audio.shape[0])
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm.tobytes())


# -- instruments ---------------------------------------------------------------------------


def _chord(plan: Plan, degree: int) -> list[int]:
    """MIDI notes of the triad on ``degree`` of the scale, octave 4."""
    notes = []
    for step in (degree, degree + 2, degree + 4):
        octave, index = divmod(step, 7)
        notes.append(plan.root + 12 + 12 * octave + plan.scale[index])
    return notes


def _freq(note: int) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


def _envelope(n: int, attack: int, release: int) -> np.ndarray:
    env = np.ones(n, np.float32)
    attack, release = min(attack, n // 2), min(release, n // 2)
    env[:attack] = np.linspace(0, 1, attack, endpoint=False)
    env[n - release :] = np.linspace(1, 0, release)
    return env


def _tone(freq: float, n: int, harmonics: tuple[float, ...], detune: float = 0.0) -> np.ndarray:
    t = np.arange(n, dtype=np.float32) / SAMPLE_RATE
    wave_ = np.zeros(n, np.float32)
    for k, amp in enumerate(harmonics, start=1):
        wave_ += amp * np.sin(2 * np.pi * freq * (1 + detune) * k * t)
    return wave_


def _add(mix: np.ndarray, start: int, mono: np.ndarray, pan: float = 0.0) -> None:
    end = min(mix.shape[1], start + len(mono))
    if end <= start:
        return
    mix[0, start:end] += mono[: end - start] * (1 - pan) * 0.5
    mix[1, start:end] += mono[: end - start] * (1 + pan) * 0.5


def _pads(mix: np.ndarray, start: int, plan: Plan, chord: list[int]) -> None:
    # each chord rings 0.4 s past its bar and fades in over 0.25 s: the joins crossfade
    n = plan.bar_samples + int(0.4 * SAMPLE_RATE)
    env = _envelope(n, int(0.25 * SAMPLE_RATE), int(0.45 * SAMPLE_RATE))
    harmonics = (1.0, 0.35 * plan.mood.brightness, 0.15 * plan.mood.brightness)
    for i, note in enumerate(chord):
        for side, detune in ((-0.6, -0.003), (0.6, 0.003)):
            _add(mix, start, _tone(_freq(note), n, harmonics, detune) * env * 0.09, side * (i - 1))


def _bass(mix: np.ndarray, start: int, plan: Plan, note: int) -> None:
    steps = plan.mood.bass_steps
    step_len = plan.bar_samples // STEPS
    for i, step in enumerate(steps):
        following = steps[i + 1] if i + 1 < len(steps) else STEPS
        n = (following - step) * step_len
        env = _envelope(n, int(0.006 * SAMPLE_RATE), int(0.04 * SAMPLE_RATE))
        _add(mix, start + step * step_len, _tone(_freq(note), n, (1.0, 0.3)) * env * 0.3)


def _drums(mix: np.ndarray, start: int, plan: Plan, rng: np.random.Generator, bar: int) -> None:
    mood, step_len = plan.mood, plan.bar_samples // STEPS
    ghosts = tuple(s for s in range(1, STEPS, 2) if rng.random() < 0.12)
    for step in mood.kick:
        _add(mix, start + step * step_len, _kick())
    for step in mood.snare:
        _add(mix, start + step * step_len, _snare(rng))
    for step in (*mood.hat, *(ghosts if mood.hat else ())):
        _add(mix, start + step * step_len, _hat(rng) * (0.6 if step in ghosts else 1.0), 0.3)


def _kick() -> np.ndarray:
    n = int(0.25 * SAMPLE_RATE)
    t = np.arange(n, dtype=np.float32) / SAMPLE_RATE
    freq = 45 + 75 * np.exp(-t / 0.03)
    phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
    return np.sin(phase) * np.exp(-t / 0.07) * _envelope(n, 96, 480) * 0.5


def _snare(rng: np.random.Generator) -> np.ndarray:
    n = int(0.18 * SAMPLE_RATE)
    t = np.arange(n, dtype=np.float32) / SAMPLE_RATE
    noise = np.diff(rng.standard_normal(n + 1).astype(np.float32)) * 0.25
    body = np.sin(2 * np.pi * 185 * t)
    return (noise + 0.6 * body) * np.exp(-t / 0.05) * _envelope(n, 96, 480) * 0.18


def _hat(rng: np.random.Generator) -> np.ndarray:
    n = int(0.08 * SAMPLE_RATE)
    t = np.arange(n, dtype=np.float32) / SAMPLE_RATE
    noise = np.diff(rng.standard_normal(n + 1).astype(np.float32)) * 0.5
    return noise * np.exp(-t / 0.015) * _envelope(n, 48, 240) * 0.05


def _arp(mix: np.ndarray, start: int, plan: Plan, chord: list[int], pattern: np.ndarray) -> None:
    step_len = plan.bar_samples // 8
    n = step_len * 2
    t = np.arange(n, dtype=np.float32) / SAMPLE_RATE
    env = np.exp(-t / 0.18) * _envelope(n, 96, 960)
    tones = [*chord, chord[0] + 12]
    for i, index in enumerate(pattern):
        note = tones[int(index)] + 12
        _add(mix, start + i * step_len, _tone(_freq(note), n, (1.0, 0.2)) * env * 0.05, 0.35)


def _fade(audio: np.ndarray, fade_in: float, fade_out: float) -> None:
    n_in, n_out = int(fade_in * SAMPLE_RATE), int(fade_out * SAMPLE_RATE)
    audio[:, :n_in] *= np.linspace(0, 1, n_in, dtype=np.float32)
    audio[:, audio.shape[1] - n_out :] *= np.linspace(1, 0, n_out, dtype=np.float32)
