"""Media for fakes that must answer each request with a different file.

The store is content-addressed: two shots whose clips are byte-identical share one
artifact (and one provenance record). A fake serving the same bytes for every shot
would hide which request made which shot, so an end-to-end run gives its fakes a
``VariedMedia``: every lookup (``media["png"]``) returns a new distinct, decodable PNG,
WAV, MP3 or MP4.
"""

from __future__ import annotations

import io
import subprocess
import threading
import wave
from pathlib import Path

import numpy as np
from PIL import Image


def png(n: int, width: int = 360, height: int = 640) -> bytes:
    """A gradient whose colours depend on ``n``."""
    y, x = np.mgrid[0:height, 0:width]
    red = (x * 255 // width + 40 * n) % 256
    green = (y * 255 // height + 70 * n) % 256
    blue = np.full_like(x, (53 * n) % 256)
    rgb = np.stack([red, green, blue], axis=-1).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def wav(n: int, seconds: float = 0.6, rate: int = 24000) -> bytes:
    """A mono tone whose pitch depends on ``n``."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.3 * np.sin(2 * np.pi * (220 + 35 * n) * t) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buffer.getvalue()


def _ffmpeg(out: Path, args: list[str]) -> bytes:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *args, str(out)], check=True, timeout=60
    )
    return out.read_bytes()


def mp3(n: int, folder: Path) -> bytes:
    return _ffmpeg(
        folder / f"tone{n}.mp3",
        ["-f", "lavfi", "-i", f"sine=frequency={300 + 45 * n}:duration=1",
         "-c:a", "libmp3lame", "-b:a", "64k"],
    )


def mp4(n: int, folder: Path) -> bytes:
    """A 1 s 180x320 H.264 clip: a test pattern with a hue of its own."""
    return _ffmpeg(
        folder / f"clip{n}.mp4",
        ["-f", "lavfi", "-i", "testsrc=size=180x320:rate=10:duration=1",
         "-vf", f"hue=h={n * 37 % 360}", "-c:v", "libx264", "-pix_fmt", "yuv420p",
         "-movflags", "+faststart"],
    )


class VariedMedia:
    """A read-only ``{"png"|"wav"|"mp3"|"mp4": bytes}`` giving a new distinct file per read.

    Files are made on first read (MP3 and MP4 with ffmpeg, a few tens of ms each), so
    one instance shared by several fakes never hands out the same bytes twice.
    """

    MAKERS = {"png": png, "wav": wav, "mp3": mp3, "mp4": mp4}

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.served: dict[str, int] = dict.fromkeys(self.MAKERS, 0)
        self._lock = threading.Lock()

    def __getitem__(self, kind: str) -> bytes:
        with self._lock:
            n = self.served[kind]
            self.served[kind] = n + 1
            make = self.MAKERS[kind]
            return make(n, self.folder) if kind in ("mp3", "mp4") else make(n)

    def __contains__(self, kind: object) -> bool:
        return kind in self.MAKERS
