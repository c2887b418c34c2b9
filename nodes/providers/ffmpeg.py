"""The ffmpeg commands offline providers and import nodes run: probe, convert to WAV.

Uses the system ffmpeg/ffprobe, else imageio-ffmpeg's bundled ffmpeg. Every call has a
timeout; failures raise ``MediaFileError`` with ffmpeg's last line of complaint.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 300


class MediaFileError(Exception):
    """A file ffmpeg could not read or write; the message says why in a line."""


@dataclass(frozen=True)
class Probe:
    """What a media file holds."""

    duration: float
    has_audio: bool
    has_video: bool
    width: int | None = None
    height: int | None = None


def ffmpeg_exe() -> str:
    """Path of an ffmpeg binary: the system one, else imageio-ffmpeg's."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # no binary bundled for this platform
        raise MediaFileError("ffmpeg is not installed: run installers/setup-system.sh") from exc


def probe(path: Path) -> Probe:
    """Duration and streams of ``path``; ``MediaFileError`` when it is not readable media."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return _probe_with_ffmpeg(path)
    result = _run(
        [
            ffprobe,
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(path),
        ],
        timeout=60,
    )
    data = json.loads(result.stdout or "{}")
    streams = data.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    duration = float(data.get("format", {}).get("duration") or 0.0)
    return Probe(
        duration,
        any(s.get("codec_type") == "audio" for s in streams),
        video is not None,
        video and video.get("width"),
        video and video.get("height"),
    )


def _probe_with_ffmpeg(path: Path) -> Probe:
    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True, timeout=60
    )
    err = done.stderr
    match = re.search(r"Duration: (\d+):(\d+):([\d.]+)", err)
    if "Stream #" not in err:
        raise MediaFileError(_last_line(err) or "not a media file")
    duration = 0.0
    if match:
        h, m, s = match.groups()
        duration = int(h) * 3600 + int(m) * 60 + float(s)
    size = re.search(r"Video:.*?(\d{2,5})x(\d{2,5})", err)
    return Probe(
        duration,
        "Audio:" in err,
        "Video:" in err,
        int(size.group(1)) if size else None,
        int(size.group(2)) if size else None,
    )


def to_wav(
    src: Path, dst: Path, rate: int = 48000, channels: int = 2, audio_filter: str = ""
) -> Path:
    """Decode ``src`` into a 16-bit PCM WAV at ``rate`` Hz with ``channels`` channels."""
    cmd = [
        ffmpeg_exe(),
        "-nostdin",
        "-hide_banner",
        "-v",
        "error",
        "-y",
        "-i",
        str(src),
        "-vn",
        "-map_metadata",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:a",
        "+bitexact",
    ]
    if audio_filter:
        cmd += ["-af", audio_filter]
    cmd += ["-ar", str(rate), "-ac", str(channels), "-c:a", "pcm_s16le", str(dst)]
    _run(cmd, timeout=TIMEOUT_S)
    if not dst.is_file() or wav_duration(dst) <= 0:
        raise MediaFileError("no audio could be decoded")
    return dst


def wav_duration(path: Path) -> float:
    """Length of a PCM WAV file in seconds."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise MediaFileError(f"{Path(cmd[0]).name} took longer than {timeout:.0f} s") from None
    except OSError as exc:
        raise MediaFileError(f"could not run {Path(cmd[0]).name}: {exc}") from None
    if done.returncode != 0:
        raise MediaFileError(_last_line(done.stderr) or f"exit code {done.returncode}")
    return done


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][-300:] if lines else ""
