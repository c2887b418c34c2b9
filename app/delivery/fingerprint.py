"""Perceptual fingerprints of video frames (PDQ) and of a soundtrack (Chromaprint).

Both sides of a match go through here: the export fingerprints its own episode into a
ledger (``app.delivery.ledger``), and ``shotgraph match`` fingerprints a suspect video
the same way, plus the views a re-upload may have turned the picture into (mirrored,
pillar-boxed into 16:9 between blurred bars, cropped).

- Video: PDQ (Meta's 256-bit perceptual hash, via ``pdqhash``) of frames sampled every
  ``SAMPLE_EVERY_S``, decoded by PyAV into a copy that fits ``WORK_BOX`` pixels. PDQ
  keeps working through re-encoding, scaling and light crops; mirroring and boxes are
  undone by hashing the suspect's mirrored and boxed views too.
- Audio: Chromaprint's raw fingerprint (one 32-bit word per ~0.124 s), made by the
  ``fpcalc`` tool (Debian ``libchromaprint-tools``). Without it the ledger has no audio
  part and says why; matching then rests on the picture alone.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.lazy import lazy_module
from app.core.node_api import Cancelled
from app.media import timeline as tl
from app.media.ffmpeg import MediaError, ffmpeg_path, run_ffmpeg

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

SAMPLE_EVERY_S = 0.2
FRAME_TOLERANCE_S = 0.02  # a frame this early still stands for the wanted time
WORK_BOX = 320  # frames are fingerprinted from a copy that fits in 320x320
PDQ_SIDE = 64  # PDQ reduces to 64x64 anyway: handing it 64x64 makes a hash ~0.15 ms
ZOOM_KEEP = 0.9  # the reference also hashes its centre, for copies cropped by 10%
REFERENCE_VIEWS = ("full", "zoom90")
HASH_BITS = 256
CHROMAPRINT_ITEM_S = 4096 / 3 / 11025  # fpcalc's step: a third of a 4096-sample frame
VERTICAL = 9 / 16


class FingerprintError(Exception):
    """A video or its sound could not be fingerprinted; the message says why."""


@dataclass(frozen=True)
class Frame:
    """A sampled frame: its time in the video and a small RGB copy."""

    time: float
    rgb: np.ndarray


# -- decoding -------------------------------------------------------------------------
def sample_frames(
    path: Path | str,
    every_s: float = SAMPLE_EVERY_S,
    box: int = WORK_BOX,
    cancel_event: threading.Event | None = None,
) -> Iterator[Frame]:
    """A frame every ``every_s`` seconds of ``path``, shrunk to fit ``box`` x ``box``.

    Frames no other frame refers to are not decoded (``skip_frame=NONREF``): it halves
    the decoding of an H.264 episode, and the nearest decoded frame is never more than a
    couple of frames from the wanted time. Raises ``Cancelled`` when ``cancel_event`` is set.
    """
    import av

    name = Path(path).name
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError) as exc:
        raise FingerprintError(f"cannot read {name}: {exc}") from None
    try:
        if not container.streams.video:
            raise FingerprintError(f"{name} has no video")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        stream.codec_context.skip_frame = "NONREF"
        # Deblocking is invisible at the 64x64 PDQ works at, and costs ~40% of decoding.
        stream.codec_context.options = {"skip_loop_filter": "all"}
        next_t = 0.0
        for picture in container.decode(stream):
            if cancel_event is not None and cancel_event.is_set():
                raise Cancelled()
            t = float(picture.time or 0.0)
            if t + FRAME_TOLERANCE_S < next_t:
                continue
            width, height = _fit(picture.width, picture.height, box)
            rgb = picture.reformat(width=width, height=height, format="rgb24").to_ndarray()
            yield Frame(round(t, 3), rgb)
            while next_t <= t + FRAME_TOLERANCE_S:
                next_t += every_s
    except av.FFmpegError as exc:
        raise FingerprintError(f"cannot decode {name}: {exc}") from None
    finally:
        container.close()


def _fit(width: int, height: int, box: int) -> tuple[int, int]:
    scale = box / max(width, height, 1)
    return max(16, round(width * scale) // 2 * 2), max(16, round(height * scale) // 2 * 2)


# -- PDQ --------------------------------------------------------------------------------
def pdq(rgb: np.ndarray) -> tuple[np.ndarray, int]:
    """The PDQ hash of an RGB picture's brightness as 32 packed bytes, and its quality."""
    hashes, qualities = plane_hashes(rgb)
    return hashes[0], int(qualities[0])


def plane_hashes(rgb: np.ndarray, mirror: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """PDQ of the picture's brightness and of its two colour planes (CIE Lab a, b).

    Returns 3 x 32 packed bytes and the three PDQ qualities. PDQ alone sees brightness
    only: two demo episodes with the same scene and a green or a red character hash
    alike, their colour planes do not (measured in bench/match.py).
    """
    import pdqhash

    small = cv2.resize(rgb, (PDQ_SIDE, PDQ_SIDE), interpolation=cv2.INTER_AREA)
    if mirror:
        small = small[:, ::-1]
    small = np.ascontiguousarray(small)
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB)
    hashes, qualities = [], []
    for plane in (small, _gray3(lab[:, :, 1]), _gray3(lab[:, :, 2])):
        bits, quality = pdqhash.compute(plane)
        hashes.append(np.packbits(bits.astype(np.uint8)))
        qualities.append(quality)
    return np.stack(hashes), np.array(qualities, np.int16)


def _gray3(plane: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.dstack([plane, plane, plane]))


def centre(rgb: np.ndarray, keep: float = ZOOM_KEEP) -> np.ndarray:
    """The middle ``keep`` of the picture each way: what a 10% crop leaves."""
    height, width = rgb.shape[:2]
    dy, dx = round(height * (1 - keep) / 2), round(width * (1 - keep) / 2)
    return rgb[dy : height - dy, dx : width - dx]


def to_hex(packed: np.ndarray) -> str:
    return bytes(np.ascontiguousarray(packed)).hex()


def from_hex(values: Sequence[str], hashes: int = 1) -> np.ndarray:
    """Packed hashes from hex strings of ``hashes`` hashes each: n x hashes x 32 bytes."""
    size = HASH_BITS // 8
    if not values:
        return np.zeros((0, hashes, size), np.uint8)
    raw = np.frombuffer(bytes.fromhex("".join(values)), np.uint8)
    return raw.reshape(len(values), hashes, size)


_POPCOUNT = np.array([bin(n).count("1") for n in range(256)], np.uint8)


def popcount_xor(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bits that differ between ``a`` and ``b`` (uint8 arrays, same shape), per row."""
    return _POPCOUNT[np.bitwise_xor(a, b)].sum(axis=-1, dtype=np.int32)


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bits that differ between every hash of ``a`` (n x 32) and of ``b`` (m x 32): n x m.

    As a matrix product of ±1 vectors, so one BLAS call compares a suspect with a whole
    series.
    """
    sa = np.unpackbits(a, axis=1).astype(np.float32) * 2 - 1
    sb = np.unpackbits(b, axis=1).astype(np.float32) * 2 - 1
    return np.rint((HASH_BITS - sa @ sb.T) / 2).astype(np.int16)


# -- the views of a suspect frame ---------------------------------------------------------
def views(rgb: np.ndarray) -> dict[str, np.ndarray]:
    """The pictures a copy of a vertical episode may hide in this frame.

    The whole frame; for a landscape frame the centred 9:16 column (a vertical video
    pillar-boxed between bars, blurred or black); and the box where the picture's
    detail is, when that differs from both (bars of any size or placement).
    """
    height, width = rgb.shape[:2]
    found = {"frame": rgb}
    if width / height > VERTICAL * 1.25:
        column = round(height * VERTICAL)
        left = (width - column) // 2
        found["column"] = rgb[:, left : left + column]
    box = detail_box(rgb)
    if box is not None:
        x0, y0, x1, y1 = box
        if all(_differs(box, other) for other in _boxes(found, width, height)):
            found["detail"] = rgb[y0:y1, x0:x1]
    return found


def _boxes(found: dict[str, np.ndarray], width: int, height: int) -> list[tuple[int, ...]]:
    boxes = [(0, 0, width, height)]
    if "column" in found:
        column = found["column"].shape[1]
        left = (width - column) // 2
        boxes.append((left, 0, left + column, height))
    return boxes


def _differs(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    span = max(a[2] - a[0], a[3] - a[1], 1)
    return max(abs(p - q) for p, q in zip(a, b, strict=True)) > 0.06 * span


def detail_box(rgb: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(x0, y0, x1, y1)`` of the sharp part of a frame framed by flat or blurred bars.

    Bars (black, or the video itself blurred and stretched) have little fine detail:
    the columns and rows whose edge energy stays well below the frame's busiest ones
    are cut away. ``None`` when no such bars are found.
    """
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    edges = np.abs(cv2.Laplacian(gray, cv2.CV_32F, ksize=3))
    cols = _span(edges.mean(axis=0))
    rows = _span(edges.mean(axis=1))
    if cols is None or rows is None:
        return None
    (x0, x1), (y0, y1) = cols, rows
    height, width = gray.shape
    if x1 - x0 < width * 0.2 or y1 - y0 < height * 0.2:
        return None
    if not (_bars(x0, width - x1, width) or _bars(y0, height - y1, height)):
        return None
    return x0, y0, x1, y1


def _bars(before: int, after: int, size: int) -> bool:
    """Whether margins ``before`` and ``after`` look like a pair of bars: both there and
    about as wide (a picture's own dark edge is on one side only)."""
    return min(before, after) >= 0.06 * size and abs(before - after) <= 0.08 * size


def _span(profile: np.ndarray) -> tuple[int, int] | None:
    smooth = np.convolve(profile, np.ones(5) / 5, mode="same")
    top = float(np.percentile(smooth, 90))
    if top <= 1e-3:
        return None
    busy = np.flatnonzero(smooth > 0.2 * top)
    if busy.size == 0:
        return None
    return int(busy[0]), int(busy[-1]) + 1


# -- an episode's ledger of shots ---------------------------------------------------------
def shot_spans(
    durations: Sequence[float], transition: str = "cut", crossfade_s: float = 0.5
) -> list[tuple[float, float]]:
    """``(start, duration)`` in seconds of each shot on the episode timeline."""
    overlaps = tl.crossfade_frames(durations, transition, crossfade_s, tl.FPS)
    return [
        (span.start / tl.FPS, span.frames / tl.FPS)
        for span in tl.shot_spans(durations, overlaps, tl.FPS)
    ]


def shot_of(t: float, spans: Sequence[tuple[float, float]]) -> int:
    """The shot on screen at ``t`` (in a crossfade, the one it is more of)."""
    on = [i for i, (start, length) in enumerate(spans) if start <= t < start + length]
    if not on:
        return len(spans) - 1 if spans and t >= spans[-1][0] else 0
    if len(on) > 1:
        later = on[-1]
        previous_end = spans[on[0]][0] + spans[on[0]][1]
        return later if t >= (spans[later][0] + previous_end) / 2 else on[0]
    return on[0]


def frame_prints(path: Path | str, cancel_event: threading.Event | None = None) -> list[dict]:
    """Each sampled frame of ``path``: its time, its brightness-PDQ quality, its colour
    quality and, for the whole frame and its centre, the three plane hashes (192 hex
    digits each); ``shot_prints`` sorts them into shots."""
    prints = []
    for frame in sample_frames(path, cancel_event=cancel_event):
        full, quality = plane_hashes(frame.rgb)
        zoomed, _ = plane_hashes(centre(frame.rgb))
        prints.append({"time": frame.time, "quality": int(quality[0]),
                       "colour_quality": int(min(quality[1], quality[2])),
                       "full": to_hex(full), "zoom90": to_hex(zoomed)})
    return prints


def shot_prints(prints: Sequence[dict], spans: Sequence[tuple[float, float]]) -> list[dict]:
    """``frame_prints`` (in time order) sorted into the shots on screen at their times."""
    shots = [
        {"shot": i + 1, "start": round(start, 3), "duration": round(length, 3),
         "times": [], "quality": [], "colour_quality": [], "full": [], "zoom90": []}
        for i, (start, length) in enumerate(spans)
    ]
    for frame in prints:
        shot = shots[shot_of(frame["time"], spans)]
        shot["times"].append(frame["time"])
        for name in ("quality", "colour_quality", "full", "zoom90"):
            shot[name].append(frame[name])
    return shots


# -- Chromaprint -------------------------------------------------------------------------
@functools.cache
def fpcalc_path() -> str | None:
    """The Chromaprint command-line tool, or ``None`` when it is not installed."""
    return shutil.which("fpcalc")


@functools.cache
def fpcalc_version() -> str:
    tool = fpcalc_path()
    if tool is None:
        return ""
    done = subprocess.run([tool, "-version"], capture_output=True, text=True, timeout=30)
    return done.stdout.strip().split(" (")[0]


NO_FPCALC = (
    "no audio fingerprint: Chromaprint's fpcalc is not installed "
    "(apt-get install libchromaprint-tools)"
)


def audio_prints(path: Path | str, tempos: Sequence[float] = (1.0,)) -> list[list[int]]:
    """Chromaprint's raw fingerprint of ``path``'s sound played at each of ``tempos``.

    The sound is decoded once (11025 Hz mono, what Chromaprint works at) into a scratch
    file; for a tempo other than 1, ffmpeg re-times it without changing its pitch
    (undoing a sped-up or slowed-down copy); fpcalc fingerprints the samples.
    """
    tool = fpcalc_path()
    if tool is None:
        raise FingerprintError(NO_FPCALC)
    prints = [tool, "-format", "s16le", "-rate", "11025", "-channels", "1", "-raw", "-json",
              "-length", "0", "-"]
    raw = ["-f", "s16le", "-ac", "1", "-ar", "11025"]
    with tempfile.TemporaryDirectory(prefix="shotgraph-prints-") as work:
        pcm = Path(work) / "sound.raw"
        try:
            run_ffmpeg(["-v", "error", "-i", str(path), "-vn", *raw, "-y", str(pcm)], None)
        except MediaError as exc:
            raise FingerprintError(f"cannot decode the sound of {Path(path).name}: {exc}") from None
        found = []
        for tempo in tempos:
            retime = [] if abs(tempo - 1.0) < 1e-6 else ["-af", f"atempo={tempo:.4f}"]
            decode = [ffmpeg_path(), "-v", "error", *raw, "-i", str(pcm), *retime, *raw, "-"]
            found.append(_pipe(decode, prints, Path(path).name))
        return found


def _pipe(first: list[str], second: list[str], name: str) -> list[int]:
    """``first | second``, the JSON fingerprint ``second`` prints."""
    try:
        source = subprocess.Popen(first, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise FingerprintError(f"cannot start ffmpeg: {exc}") from None
    try:
        done = subprocess.run(
            second, stdin=source.stdout, capture_output=True, text=True, timeout=600
        )
    finally:
        source.stdout.close()
        source.wait(timeout=600)
        errors = source.stderr.read().decode(errors="replace").strip()
        source.stderr.close()
    if source.returncode != 0:
        if "does not contain any stream" in errors or "matches no streams" in errors:
            return []
        raise FingerprintError(f"cannot decode the sound of {name}: {errors[-300:]}")
    # fpcalc exits non-zero at the end of piped input ("Error decoding audio frame (End
    # of file)") even when it printed the whole fingerprint: its output is what counts.
    if not done.stdout.strip():
        return []  # no sound, or too little to fingerprint
    try:
        return [int(v) for v in json.loads(done.stdout).get("fingerprint", [])]
    except (ValueError, TypeError) as exc:
        raise FingerprintError(f"fpcalc printed something unreadable for {name}: {exc}") from None


def has_audio(path: Path | str) -> bool:
    """Whether ``path`` has a sound track at all."""
    import av

    try:
        with av.open(str(path)) as container:
            return bool(container.streams.audio)
    except (av.FFmpegError, OSError):
        return False
