"""ffmpeg and ffprobe: finding them, probing files, running encodes with progress.

Everything that touches media files from the core goes through here: ``probe``,
``run_ffmpeg`` (``-progress`` parsed into fractions, cancellation within a second,
``MediaError`` with ffmpeg's own last lines on failure), the H.264 encoder choice,
thumbnails, waveform peaks and the CJK font the subtitles are drawn with.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from app.core.node_api import Cancelled

HARDWARE_H264 = ("h264_nvenc", "h264_qsv", "h264_vaapi", "h264_videotoolbox", "h264_amf")
# libx264's quality settings, as codec options: the in-process encoder (PyAV) takes them
# as they are, and the ffmpeg command line as ``-name value``. rc-lookahead=5 keeps each
# encoder ~35 MB smaller than veryfast's default 10 (bench/export.py).
X264_OPTIONS: dict[str, str] = {
    "preset": "veryfast",
    "crf": "20",
    "profile": "high",
    "x264-params": "sync-lookahead=0:rc-lookahead=5",
}
# A draft (export quality "draft"), for a look at the cut: the same delivery file
# (1080x1920 H.264 4:2:0 BT.709, the same GOP, AAC) from x264's fastest preset, which uses
# none of High's tools (x264 marks it Constrained Baseline). On the demo: half the
# export's CPU (26 against 52 s), a file 5.4x bigger (19.8 against 3.7 MB), PSNR 48.6 dB
# against the final export.
X264_DRAFT_OPTIONS: dict[str, str] = {**X264_OPTIONS, "preset": "ultrafast", "crf": "23"}
QUALITIES = ("final", "draft")
# One thread per encoder: the export runs two segments at once, and x264's frame threads
# cost ~7% more CPU for the same frames (bench/export.py: 0.94x against 0.98x the graph).
X264_THREADS = 1
# Same settings for every segment of an episode, so segments join by stream copy
# (libx264's: ``encoder_args``, from X264_OPTIONS or X264_DRAFT_OPTIONS).
ENCODER_SETTINGS: dict[str, list[str]] = {
    "h264_nvenc": ["-preset", "p4", "-rc", "vbr", "-cq", "21", "-profile:v", "high"],
    "h264_qsv": ["-preset", "medium", "-global_quality", "21", "-profile:v", "high"],
    "h264_vaapi": ["-qp", "21", "-profile:v", "high"],
    "h264_videotoolbox": ["-q:v", "60", "-profile:v", "high"],
    "h264_amf": ["-quality", "balanced", "-rc", "cqp", "-qp_i", "21", "-qp_p", "21"],
}
CJK_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyhbd.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)
STDERR_LINES = 12
PIPE_BYTES = 1 << 20


class MediaError(Exception):
    """ffmpeg could not read or write a file; the message carries its last complaint."""


@dataclass(frozen=True)
class Probe:
    """What a media file holds (``None`` where the file has no such stream)."""

    duration: float
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    video_codec: str | None = None
    pix_fmt: str | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    # Degrees the coded picture turns counter-clockwise to be shown upright (a phone
    # clip's display matrix): 0, 90, 180 or 270. ``width``/``height`` are the coded size.
    rotation: int = 0
    format_name: str = ""  # the demuxer that read it, e.g. "mov,mp4,..." or "png_pipe"
    frames: int | None = None  # video frames, when the container says

    @property
    def upright_size(self) -> tuple[int | None, int | None]:
        """(width, height) as the picture is shown, the display matrix applied."""
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None


# -- finding the binaries ---------------------------------------------------------
@functools.cache
def ffmpeg_path() -> str:
    """The ffmpeg to run: the system one on PATH, else imageio-ffmpeg's bundled binary."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # no binary bundled for this platform
        raise MediaError("ffmpeg is not installed: install ffmpeg and try again") from exc


@functools.cache
def ffprobe_path() -> str | None:
    """The system ffprobe, or ``None`` (imageio-ffmpeg bundles no ffprobe)."""
    return shutil.which("ffprobe")


# -- probing ----------------------------------------------------------------------
def probe(path: Path | str) -> Probe:
    """Duration, picture size, frame rate, codecs and audio layout of ``path``."""
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"no such media file: {path}")
    if ffprobe_path() is None:
        return _probe_with_pyav(path)
    cmd = [ffprobe_path(), "-v", "error", "-print_format", "json", "-show_format"]
    cmd += ["-show_streams", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise MediaError(f"cannot read {path.name}: {_tail(done.stderr, 2)}")
    return _probe_from_json(json.loads(done.stdout or "{}"))


def _probe_from_json(data: dict) -> Probe:
    streams = data.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), {})
    audio = next((s for s in streams if s.get("codec_type") == "audio"), {})
    rate = video.get("avg_frame_rate") or video.get("r_frame_rate") or "0/1"
    fps = float(Fraction(rate)) if rate not in ("0/0", "") else None
    return Probe(
        duration=float(data.get("format", {}).get("duration") or 0.0),
        width=video.get("width"),
        height=video.get("height"),
        fps=fps or None,
        video_codec=video.get("codec_name"),
        pix_fmt=video.get("pix_fmt"),
        audio_codec=audio.get("codec_name"),
        sample_rate=int(audio["sample_rate"]) if audio.get("sample_rate") else None,
        channels=audio.get("channels"),
        rotation=_rotation(video),
        format_name=str(data.get("format", {}).get("format_name") or ""),
        frames=int(video["nb_frames"]) if str(video.get("nb_frames", "")).isdigit() else None,
    )


def probe_in_process(path: Path | str) -> Probe:
    """Size, length and codecs read by PyAV in this process (no ffprobe run, ~8 ms instead
    of ~0.1 s); no display rotation: for describing stored artifacts."""
    return _probe_with_pyav(Path(path))


def _rotation(stream: dict) -> int:
    """Counter-clockwise display rotation of a video stream (display matrix, else the
    older ``rotate`` tag, which counts clockwise), rounded to a quarter turn."""
    for side in stream.get("side_data_list") or []:
        if side.get("side_data_type") == "Display Matrix" and "rotation" in side:
            return round(float(side["rotation"]) / 90) * 90 % 360
    tag = (stream.get("tags") or {}).get("rotate")
    try:
        return round(-float(tag) / 90) * 90 % 360 if tag is not None else 0
    except ValueError:
        return 0


def _probe_with_pyav(path: Path) -> Probe:
    try:
        import av
    except ImportError:
        return _probe_with_ffmpeg_banner(path)
    try:
        with av.open(str(path)) as container:
            video = next(iter(container.streams.video), None)
            audio = next(iter(container.streams.audio), None)
            duration = (container.duration or 0) / 1_000_000
            return Probe(
                duration=duration,
                width=video.codec_context.width if video else None,
                height=video.codec_context.height if video else None,
                fps=float(video.average_rate) if video and video.average_rate else None,
                video_codec=video.codec_context.name if video else None,
                pix_fmt=video.codec_context.pix_fmt if video else None,
                audio_codec=audio.codec_context.name if audio else None,
                sample_rate=audio.codec_context.sample_rate if audio else None,
                channels=audio.codec_context.channels if audio else None,
            )
    except av.FFmpegError as exc:
        raise MediaError(f"cannot read {path.name}: {exc}") from None


def _probe_with_ffmpeg_banner(path: Path) -> Probe:
    done = subprocess.run(
        [ffmpeg_path(), "-hide_banner", "-i", str(path)], capture_output=True, text=True, timeout=60
    )
    err = done.stderr
    if "Stream #" not in err:
        raise MediaError(f"cannot read {path.name}: {_tail(err, 1)}")
    h, m, s = (re.findall(r"Duration: (\d+):(\d+):([\d.]+)", err) or [(0, 0, 0)])[0]
    video = re.search(r"Video: (\w+).*?, (\d{2,5})x(\d{2,5}).*?([\d.]+) fps", err)
    audio = re.search(r"Audio: (\w+).*?(\d+) Hz, (mono|stereo)", err)
    return Probe(
        duration=int(h) * 3600 + int(m) * 60 + float(s),
        width=int(video[2]) if video else None,
        height=int(video[3]) if video else None,
        fps=float(video[4]) if video else None,
        video_codec=video[1] if video else None,
        audio_codec=audio[1] if audio else None,
        sample_rate=int(audio[2]) if audio else None,
        channels=(1 if audio[3] == "mono" else 2) if audio else None,
    )


# -- running ffmpeg ---------------------------------------------------------------
class FfmpegJob:
    """A running ffmpeg: progress from ``-progress pipe:1``, cancel kills it at once.

    Pass ``feed_stdin=True`` to pipe raw frames into it with ``write``; call ``finish``
    to close the input and wait. ``MediaError`` on failure, ``Cancelled`` on cancel.
    """

    def __init__(
        self,
        args: Sequence[str],
        total_duration: float | None = None,
        on_progress: Callable[[float], None] | None = None,
        cancel_event: threading.Event | None = None,
        feed_stdin: bool = False,
        keep_stderr: int = STDERR_LINES,
    ):
        self._total = total_duration
        self._on_progress = on_progress
        self._cancel = cancel_event or threading.Event()
        self._stderr: deque[str] = deque(maxlen=keep_stderr)
        self.cancelled = False
        cmd = [ffmpeg_path(), "-hide_banner", "-nostats", "-progress", "pipe:1", "-y", *args]
        if not feed_stdin:
            cmd.insert(1, "-nostdin")
        try:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE if feed_stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise MediaError(f"could not start ffmpeg: {exc}") from None
        if feed_stdin:
            _widen_pipe(self._proc.stdin)
        self._threads = [
            threading.Thread(target=self._read_progress, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
            threading.Thread(target=self._watch_cancel, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def write(self, data: bytes | memoryview) -> None:
        """Send raw input (e.g. one frame) to ffmpeg; raises if it stopped."""
        try:
            self._proc.stdin.write(data)
        except (BrokenPipeError, ValueError, OSError):
            self._proc.wait()
            self._raise_for_exit()
            raise MediaError(f"ffmpeg stopped reading its input: {self.stderr_tail()}") from None

    def finish(self) -> None:
        """Close ffmpeg's input, wait for it and raise if it failed or was cancelled."""
        if self._proc.stdin:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
        self._proc.wait()
        for thread in self._threads:
            thread.join(timeout=2)
        self._raise_for_exit()

    def kill(self) -> None:
        """Stop ffmpeg now (used when the frame producer fails)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()

    def stderr_tail(self, lines: int = STDERR_LINES) -> str:
        """ffmpeg's last ``lines`` lines of complaint, on one line."""
        return " | ".join(list(self._stderr)[-lines:])

    def stderr_text(self) -> str:
        """All the stderr lines kept (``keep_stderr`` of them)."""
        return "\n".join(self._stderr)

    def _raise_for_exit(self) -> None:
        if self.cancelled or self._cancel.is_set():
            raise Cancelled()
        if self._proc.returncode != 0:
            raise MediaError(
                f"ffmpeg failed (exit {self._proc.returncode}): {self.stderr_tail() or 'no output'}"
            )

    def _read_progress(self) -> None:
        for raw in self._proc.stdout:
            key, _, value = raw.decode("utf-8", "replace").strip().partition("=")
            if key == "out_time_us" and value.lstrip("-").isdigit() and self._total:
                fraction = max(0.0, min(1.0, int(value) / 1e6 / self._total))
                if self._on_progress:
                    self._on_progress(fraction)
            elif key == "progress" and value == "end" and self._on_progress:
                self._on_progress(1.0)

    def _read_stderr(self) -> None:
        for raw in self._proc.stderr:
            line = raw.decode("utf-8", "replace").strip()
            if line:
                self._stderr.append(line[-400:])

    def _watch_cancel(self) -> None:
        while self._proc.poll() is None:
            if self._cancel.wait(0.05):
                self.cancelled = True
                self._proc.kill()
                return


def _widen_pipe(stream) -> None:
    """Grow a pipe to 1 MB where the OS allows: raw frames then cross it in a few writes."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):
        pass  # not Linux, or above the system's limit: the default pipe works too


def run_ffmpeg(
    args: Sequence[str],
    total_duration: float | None = None,
    on_progress: Callable[[float], None] | None = None,
    cancel_event: threading.Event | None = None,
) -> None:
    """Run ffmpeg with ``args`` (everything after the binary) to completion.

    ``on_progress`` gets 0..1 from ffmpeg's ``out_time_us`` over ``total_duration``;
    setting ``cancel_event`` kills ffmpeg within a second and raises ``Cancelled``.
    """
    FfmpegJob(args, total_duration, on_progress, cancel_event).finish()


def _tail(text: str, lines: int) -> str:
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[-600:]


# -- the H.264 encoder ------------------------------------------------------------
_encoder_lock = threading.Lock()
_encoder_choice: str | None = None


def h264_encoder() -> str:
    """The H.264 encoder to use: the first hardware one that really encodes, else libx264.

    ``SHOTGRAPH_ENCODER`` forces a choice (e.g. ``libx264``). Tested once per process, and
    only the encoders whose device this machine has: with none (a laptop without a GPU, a
    server), no ffmpeg is started at all, which saved ~0.25 s of every exporting process.
    """
    global _encoder_choice
    forced = os.environ.get("SHOTGRAPH_ENCODER", "").strip()
    if forced:
        return forced
    with _encoder_lock:
        if _encoder_choice is None:
            candidates = [e for e in HARDWARE_H264 if _may_have_device(e)]
            listed = _listed_encoders() if candidates else set()
            working = (e for e in candidates if e in listed and _encodes(e))
            _encoder_choice = next(working, "libx264")
        return _encoder_choice


def _may_have_device(encoder: str, platform: str | None = None, dev: Path = Path("/dev")) -> bool:
    """False when ``encoder`` cannot work here: its OS is another, or (on Linux) the device
    node its driver opens is missing. True means only "worth a test encode"."""
    platform = platform or sys.platform
    if encoder == "h264_videotoolbox":
        return platform == "darwin"
    if platform == "darwin":
        return False  # NVENC, QSV, VA-API and AMF have no macOS drivers
    if not platform.startswith("linux"):
        return encoder != "h264_vaapi"  # Windows: its drivers have no device file to look for
    if encoder == "h264_nvenc":  # the driver's control node; WSL 2 reaches the GPU by dxg
        return (dev / "nvidiactl").exists() or (dev / "dxg").exists()
    return any((dev / "dri").glob("renderD*"))  # VA-API, QSV and AMF open a DRM render node


def x264_options(quality: str = "final") -> dict[str, str]:
    """libx264's codec options for an export of ``quality`` ("final" or "draft")."""
    if quality not in QUALITIES:
        raise ValueError(f"export quality must be one of {', '.join(QUALITIES)}, not {quality!r}")
    return dict(X264_DRAFT_OPTIONS if quality == "draft" else X264_OPTIONS)


def encoder_args(encoder: str, quality: str = "final") -> list[str]:
    """Codec and quality arguments for ``encoder``: identical for every segment. A draft
    changes libx264's only: the hardware encoders are fast at their final settings."""
    if encoder == "libx264":
        options = x264_options(quality)
        return ["-c:v", encoder, *(a for k, v in options.items() for a in (f"-{k}", v)),
                "-threads", str(X264_THREADS)]
    return ["-c:v", encoder, *ENCODER_SETTINGS.get(encoder, [])]


def encoder_device_args(encoder: str) -> list[str]:
    """Arguments that must come before the inputs for ``encoder`` (its device)."""
    return ["-vaapi_device", "/dev/dri/renderD128"] if encoder == "h264_vaapi" else []


def encoder_pixel_filter(encoder: str) -> str:
    """The end of the filter chain that hands yuv420p frames to ``encoder``."""
    return "format=nv12,hwupload" if encoder == "h264_vaapi" else "format=yuv420p"


def _listed_encoders() -> set[str]:
    try:
        done = subprocess.run(
            [ffmpeg_path(), "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    return {
        parts[1] for parts in (line.split() for line in done.stdout.splitlines()) if len(parts) > 1
    }


def _encodes(encoder: str) -> bool:
    """Whether a tiny real encode with ``encoder`` succeeds on this machine."""
    pre = encoder_device_args(encoder)
    upload = ["-vf", encoder_pixel_filter(encoder)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "test.mp4"
        cmd = [ffmpeg_path(), "-nostdin", "-hide_banner", "-v", "error", *pre]
        cmd += ["-f", "lavfi", "-i", "color=c=gray:s=256x256:r=30:d=0.2", *upload]
        cmd += [*encoder_args(encoder), "-frames:v", "5", "-y", str(out)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return False
        return done.returncode == 0 and out.is_file() and out.stat().st_size > 0


# -- previews ---------------------------------------------------------------------
def thumbnail(path: Path | str, out: Path | str, width: int = 270) -> Path:
    """A PNG of ``path``'s picture (a frame near the start of a video) ``width`` px wide."""
    out = Path(out)
    seek = []
    info = probe(path)
    if info.duration > 1.0:
        seek = ["-ss", f"{min(1.0, info.duration / 3):.3f}"]
    args = [*seek, "-i", str(path), "-frames:v", "1", "-vf", f"scale={int(width)}:-2", str(out)]
    run_ffmpeg(["-v", "error", *args])
    return out


def waveform_peaks(path: Path | str, n: int = 200) -> list[float]:
    """``n`` peak levels (0..1) across the file's audio, for drawing a waveform."""
    samples = decode_audio(path, rate=8000, channels=1)[:, 0]
    if samples.size == 0 or n <= 0:
        return [0.0] * max(n, 0)
    edges = np.linspace(0, samples.size, n + 1).astype(int)
    peaks = [
        float(np.abs(samples[a:b]).max()) if b > a else 0.0
        for a, b in zip(edges[:-1], edges[1:], strict=True)
    ]
    return [min(1.0, p) for p in peaks]


def decode_audio(path: Path | str, rate: int = 48000, channels: int = 2) -> np.ndarray:
    """The audio of ``path`` as float32 samples, shape (frames, channels).

    Decoded in process by PyAV (libswresample, as ffmpeg's ``-ar``/``-ac``): an episode
    reads a file per line, and starting an ffmpeg for each cost ~90 ms of CPU apiece.
    """
    chunks = [part.to_ndarray().reshape(-1) for part in resampled(path, "flt", rate, channels)]
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    return samples.astype(np.float32, copy=False).reshape(-1, channels)


def resampled(
    path: Path | str, sample_format: str, rate: int, channels: int
) -> Iterator[av.AudioFrame]:  # noqa: F821 - PyAV loads when first used
    """The audio frames of ``path`` decoded by PyAV and resampled by libswresample to
    ``sample_format`` (``flt``, ``s16``…), ``rate`` Hz and ``channels`` (1 or 2), the
    resampler's last samples included."""
    import av

    name = Path(path).name
    resampler = av.AudioResampler(sample_format, "mono" if channels == 1 else "stereo", rate)
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise MediaError(f"cannot decode the audio of {name}: it has no audio")
            frames = container.decode(container.streams.audio[0])
            for frame in itertools.chain(frames, [None]):  # None: what the resampler holds
                yield from resampler.resample(frame)
    except av.FFmpegError as exc:
        raise MediaError(f"cannot decode the audio of {name}: {exc}") from None


# -- fonts ------------------------------------------------------------------------
@functools.cache
def find_cjk_font() -> tuple[Path, int]:
    """A font file (and face index in a .ttc) that has Chinese and Latin glyphs."""
    for file, index in CJK_FONTS:
        if Path(file).is_file():
            return Path(file), index
    found = _fc_match("Noto Sans CJK SC:bold")
    if found:
        return found, 0
    raise MediaError(
        "no Chinese-capable font found for subtitles: install Noto Sans CJK "
        "(Debian/Ubuntu: apt install fonts-noto-cjk)"
    )


def _fc_match(pattern: str) -> Path | None:
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(done.stdout.strip())
    return path if done.stdout.strip() and "CJK" in path.name and path.is_file() else None


def decode_audio_range(
    path: Path | str, start_s: float, seconds: float, rate: int = 48000, channels: int = 2
) -> np.ndarray:
    """``seconds`` of ``path``'s audio from ``start_s`` as float32 (frames, channels);
    shorter when the file ends first. Seeks, so a long clip is not decoded whole."""
    import av

    name = Path(path).name
    resampler = av.AudioResampler("flt", "mono" if channels == 1 else "stereo", rate)
    wanted = round(seconds * rate)
    skip = None  # samples to drop before start_s, known from the first frame's time
    chunks: list[np.ndarray] = []
    have = 0
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise MediaError(f"cannot decode the audio of {name}: it has no audio")
            stream = container.streams.audio[0]
            if start_s > 0:
                container.seek(round(start_s / stream.time_base), stream=stream)
            for frame in container.decode(stream):
                if skip is None:
                    skip = max(0, round((start_s - (frame.time or 0.0)) * rate))
                for part in resampler.resample(frame):
                    chunk = part.to_ndarray().reshape(-1, channels)
                    if skip:
                        dropped = min(skip, chunk.shape[0])
                        chunk, skip = chunk[dropped:], skip - dropped
                    chunks.append(chunk)
                    have += chunk.shape[0]
                if have >= wanted:
                    break
    except av.FFmpegError as exc:
        raise MediaError(f"cannot decode the audio of {name}: {exc}") from None
    samples = np.concatenate(chunks) if chunks else np.zeros((0, channels), np.float32)
    return samples[:wanted].astype(np.float32, copy=False)
