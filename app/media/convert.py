"""The ffmpeg commands offline providers and import nodes run: probe, convert to WAV.

Finding ffmpeg and probing are ``app.media.ffmpeg``'s; every call here has a timeout and
failures raise ``MediaFileError`` (``MediaError``) with ffmpeg's last line of complaint.
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

from app.media import ffmpeg as media
from app.media.ffmpeg import MediaError

TIMEOUT_S = 300

# One error type and one way of finding and probing ffmpeg for the whole app.
MediaFileError = MediaError
Probe = media.Probe
probe = media.probe


def ffmpeg_exe() -> str:
    """Path of an ffmpeg binary: the system one, else imageio-ffmpeg's."""
    return media.ffmpeg_path()


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


def pcm_wav(src: Path, dst: Path, rate: int = 48000, channels: int = 2) -> Path:
    """``to_wav`` without a filter, in this process: PyAV decodes ``src`` and libswresample
    (what ffmpeg's ``-ar``/``-ac`` use) makes 16-bit PCM at ``rate`` Hz and ``channels``.

    For the many short files of a run (a line per shot): an ffmpeg apiece cost about
    90 ms of CPU to start, ten times the conversion.
    """
    pcm = b"".join(bytes(part.planes[0])[: part.samples * 2 * channels]
                   for part in media.resampled(src, "s16", rate, channels))
    if not pcm:
        raise MediaFileError("no audio could be decoded")
    with wave.open(str(dst), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
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
