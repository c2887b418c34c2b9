"""A shot's line as it plays under the shot: samples, a WAV of them, its loudness per frame.

The export starts a line ``VOICE_LEAD_S`` after its shot does (``timeline.place_voices``),
so lip sync must hear it the same way: a lip-sync service is sent the line placed in the
shot's length, and the offline mouth opens with the loudness of that placed line.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import BinaryIO

import numpy as np

from app.media.ffmpeg import decode_audio
from app.media.timeline import FPS, VOICE_LEAD_S

RATE = 48000
QUIET_DB = -45.0  # the mouth is closed below this
LOUD_DB = -12.0  # and wide open from this


def placed_line(voice: Path, seconds: float, lead_s: float = VOICE_LEAD_S) -> np.ndarray:
    """``voice`` as mono float32 at 48 kHz, ``lead_s`` of silence first, cut or padded to
    ``seconds`` (the shot's length)."""
    samples = decode_audio(voice, RATE, channels=1)[:, 0]
    total = max(1, round(seconds * RATE))
    lead = min(total, round(lead_s * RATE))
    track = np.zeros(total, np.float32)
    body = samples[: total - lead]
    track[lead : lead + body.size] = body
    return track


def write_wav(samples: np.ndarray, out: Path | BinaryIO) -> Path | BinaryIO:
    """Float samples (-1..1, mono, 48 kHz) as a 16-bit PCM WAV at ``out`` (a path or a
    binary file object)."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(out if not isinstance(out, Path) else str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return out


def loudness_per_frame(samples: np.ndarray, frames: int, fps: int = FPS) -> list[float]:
    """How loud the line is on each of ``frames`` video frames, 0 (quiet) .. 1 (loud):
    the RMS of each frame's samples in dB, mapped from ``QUIET_DB`` .. ``LOUD_DB``."""
    per = RATE / fps
    levels = []
    for i in range(frames):
        chunk = samples[int(i * per) : int((i + 1) * per)]
        rms = float(np.sqrt(np.mean(np.square(chunk, dtype=np.float64)))) if chunk.size else 0.0
        db = 20 * np.log10(max(rms, 1e-6))
        levels.append(round(min(1.0, max(0.0, (db - QUIET_DB) / (LOUD_DB - QUIET_DB))), 4))
    return levels
