"""Export an episode: one encoded segment per shot and per crossfade, joined by stream copy.

Every frame of the episode is encoded exactly once. Frames come from a ``FrameSource``
(a Ken Burns recipe rendered from its still, or a real clip decoded from its trim point,
turned upright by its display matrix, conformed to 30 fps and padded or cropped to
1080x1920) drawn into reusable I420 (BT.709) buffers, get their subtitle, AI-mark and
(for an animatic) storyboard-caption overlays blended in place, and are handed to libx264 inside this process (PyAV; a
hardware encoder gets them piped to ffmpeg) while a producer thread renders the next ones.
Each segment is cached through ``derive`` by everything in it, so editing one shot
re-encodes that shot's segments only. The audio is mixed in its own pass (cached the
same way), then video (copied) and audio are muxed with ``+faststart`` into a temp file
that is renamed onto the destination only when everything succeeded.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import itertools
import json
import math
import queue
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from app.core.lazy import lazy_module
from app.core.node_api import Cancelled
from app.media import timeline as tl
from app.media import yuv
from app.media.convert import to_wav
from app.media.ffmpeg import (
    X264_THREADS,
    FfmpegJob,
    MediaError,
    encoder_args,
    encoder_device_args,
    encoder_pixel_filter,
    find_cjk_font,
    h264_encoder,
    probe,
    run_ffmpeg,
    x264_options,
)
from app.media.mix import SoundClip, VoiceClip, mix_track, write_episode_audio
from app.media.subtitles import render_caption, render_cue, render_label, write_srt

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

WIDTH, HEIGHT, FPS = 1080, 1920, 30
SEGMENT_VERSION = 2  # 2: keyframes every GOP_SECONDS; libx264 runs in process
MAX_TEMPO = 1.6  # a line that overruns is sped up at most this much, then cut
AUDIO_VERSION = 2  # 2: gain steps follow the limiter; the AAC's true peak is checked
# Two segments encode at once, each on one encoder thread, while their frames render
# on other threads: together they keep 2 cores busy.
SEGMENT_WORKERS = 2
# OpenCV's own threads per warp while segments render: the segment workers, their frame
# producers and the encoders already fill the cores, and OpenCV's pool on top of them
# only adds hand-over costs: with 1, a 60 s export took 9% less CPU (bench/export.py
# episode, 73.3 s -> 66.9 s user+sys).
OPENCV_THREADS = 1
QUEUE_FRAMES = 6  # frames rendered ahead of the encoder (about 19 MB of I420 at 1080x1920)
GOP_SECONDS = 5  # a keyframe at least this often (every segment starts with one)
BT709, LIMITED_RANGE = 1, 1  # AVColorPrimaries/TRC/Space BT709, AVColorRange MPEG (tv)
COLOR_TAGS = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]

Derive = Callable[[dict[str, Any], str, Callable[[Path], None]], Path]
Progress = Callable[[float, str], None]


class FrameSource(Protocol):
    """Where a shot's pictures come from."""

    key: dict[str, Any]  # everything the frames depend on, for segment cache keys

    def frames(
        self, offset: int, count: int, width: int, height: int, pool: yuv.FramePool
    ) -> Iterator[np.ndarray]:
        """``count`` I420 frames (``app.media.yuv``) from frame ``offset`` of the shot,
        drawn into buffers from ``pool`` (they are the consumer's once yielded).
        """
        ...


@dataclass(frozen=True)
class ClipSource:
    """A real clip (from a video provider or an import), decoded and fitted in process
    from ``start_s`` (the shot's trim in), padded or cropped (``fit``) to the frame."""

    path: Path
    hash: str
    start_s: float = 0.0
    fit: str = "pad"

    @property
    def key(self) -> dict[str, Any]:
        key: dict[str, Any] = {"clip": self.hash}
        if self.start_s:
            key["start"] = self.start_s
        if self.fit != "pad":  # as before for untouched clips: their segments stay cached
            key["fit"] = self.fit
        return key

    def frames(
        self, offset: int, count: int, width: int, height: int, pool: yuv.FramePool
    ) -> Iterator[np.ndarray]:
        start = self.start_s + offset / FPS
        return decode_frames(self.path, start, count, width, height, pool, self.fit)


@dataclass(frozen=True)
class ClipSound:
    """A clip's own sound, kept in the episode: the file, its hash, where the shot's
    part of it starts, and its level."""

    path: Path
    hash: str
    start_s: float = 0.0
    gain_db: float = 0.0


@dataclass(frozen=True)
class ShotInput:
    """One shot as the export sees it: its picture, length and line, the clip's own
    sound when it is kept, and the storyboard caption an animatic burns in."""

    source: FrameSource
    duration: float
    line: str = ""
    language: str = "en"
    speaker: str = ""
    sound: ClipSound | None = None
    caption: dict[str, Any] | None = None


@dataclass(frozen=True)
class VoiceInput:
    """A shot's spoken line: the file, its content hash and its length in seconds."""

    path: Path
    hash: str
    duration: float | None = None


@dataclass(frozen=True)
class ExportSettings:
    """How the episode is cut, captioned, mixed and encoded."""

    transition: str = "cut"  # one of timeline.TRANSITIONS, for every cut not in ``cuts``
    crossfade_s: float = 0.5
    # (kind, seconds) of the cut after each shot but the last; None: ``transition`` everywhere
    cuts: tuple[tuple[str, float], ...] | None = None
    subtitles: bool = True
    subtitle_size: int = 64
    # shot index -> the creator's subtitles for it (replacing its line's)
    subtitle_edits: dict[int, tuple[tl.CueEdit, ...]] = field(default_factory=dict)
    music_volume_db: float = -6.0
    duck_db: float = -10.0  # the music (and clips' own sound) under a line
    loudness_lufs: float = -14.0
    label_text: str | None = None  # visible AI-content mark (None: no mark)
    label_position: str = "top-left"  # see labels.label_box
    label_seconds: float = 0.0  # show the mark for the opening seconds only (0: whole episode)
    encoder: str = "auto"  # "auto" | an ffmpeg H.264 encoder name
    quality: str = "final"  # "final" | "draft" (ffmpeg.X264_DRAFT_OPTIONS: libx264 only)
    width: int = WIDTH
    height: int = HEIGHT
    fps: int = FPS


@dataclass(frozen=True)
class Extra:
    """A file made from a part of the export (each encoded segment, the mixed sound) and
    cached with it, such as the delivery layer's fingerprints of it: ``make(part, out)``
    writes ``out``, ``read(path)`` loads it for the result; ``name`` versions it in the
    cache key. A part the cache already has keeps its extra too, so a re-export makes
    extras only for the parts it makes again."""

    name: str
    ext: str
    make: Callable[[Path, Path], None]
    read: Callable[[Path], Any]


@dataclass
class ExportResult:
    """What was exported: the MP4, its length, the subtitle cues and the SRT beside it."""

    path: Path
    duration: float
    cues: list[tl.Cue]
    srt_path: Path
    segments_made: int = 0
    loudness: dict[str, float] = field(default_factory=dict)
    cut: EpisodeCut | None = None
    audio_made: bool = False  # False: the mixed sound came from the cache
    # (start in seconds, what Extra.read gave) per segment in play order
    segment_extras: list[tuple[float, Any]] = field(default_factory=list)
    audio_extra: Any = None  # what the audio Extra's read gave


# -- the whole export ---------------------------------------------------------------
def export_episode(
    shots: Sequence[ShotInput],
    dest: Path,
    settings: ExportSettings = ExportSettings(),
    voices: Sequence[VoiceInput | None] | None = None,
    music: VoiceInput | None = None,
    derive: Derive | None = None,
    on_progress: Progress | None = None,
    cancel_event: threading.Event | None = None,
    segment_extra: Extra | None = None,
    audio_extra: Extra | None = None,
) -> ExportResult:
    """Render ``shots`` with ``voices`` (one per shot, ``None`` = no line) over ``music``
    into ``dest`` (MP4) and ``dest.srt``; nothing is written at ``dest`` on failure.

    The episode is the segments and the sound joined by stream copy, so a
    ``segment_extra`` made from each segment sees exactly the frames the episode holds
    from that segment's start, and an ``audio_extra`` exactly its sound.
    """
    if not shots:
        raise ValueError("an episode needs at least one shot")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    cancel_event = cancel_event or threading.Event()
    voices = voices if voices is not None else [None] * len(shots)
    if len(voices) != len(shots):
        raise ValueError(f"{len(shots)} shots but {len(voices)} voices")
    try:
        with tempfile.TemporaryDirectory(prefix=".export-", dir=dest.parent) as work:
            job = _Export(shots, settings, voices, music, cancel_event)
            job.derive = derive or _scratch_derive(Path(work))
            job.report = on_progress or (lambda fraction, message: None)
            job.extra, job.audio_extra = segment_extra, audio_extra
            return job.run(dest, Path(work))
    finally:
        _give_memory_back()


def _give_memory_back() -> None:
    """Hand the export's freed memory back to the OS (glibc keeps it for reuse).

    During the export, glibc's own rule serves: once large blocks have been freed it
    keeps them in its heaps, so each segment's encoder and frames reuse the pages the
    last one freed instead of the kernel zeroing fresh ones (a fixed 1 MB mmap threshold,
    tried before, cost 1.6 CPU-s of page faults per bench/export.py episode, 3% of its
    work, for ~45 MB less peak). After it, a long-lived process (the GUI) keeps none of it.
    """
    if sys.platform != "linux":
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to hand back
        pass


class _Export:
    """The state of one export run (timeline, overlays, progress)."""

    def __init__(self, shots, settings, voices, music, cancel_event):
        self.shots: Sequence[ShotInput] = shots
        self.settings: ExportSettings = settings
        self.voices: Sequence[VoiceInput | None] = voices
        self.music: VoiceInput | None = music
        self.cancel = cancel_event
        self.encoder = h264_encoder() if settings.encoder == "auto" else settings.encoder
        fps = settings.fps
        durations = [s.duration for s in shots]
        self.cut = plan_cut(shots, settings, [_voice_length(v) for v in voices])
        self.spans, self.plan = self.cut.spans, self.cut.segments
        self.total_frames = self.cut.frames
        self.placements = self.cut.placements
        self.cues = self.cut.cues
        self.cue_frames = [(frame_at(c.start, fps), frame_at(c.end, fps), c.text) for c in self.cues]
        self.caption_frames = _caption_frames(shots, self.spans, self.cut.transitions)
        self.font = find_cjk_font()[0].name if self.cues or self.caption_frames else ""
        del durations
        self.derive: Derive = _scratch_derive(Path(tempfile.gettempdir()))
        self.report: Progress = lambda fraction, message: None
        self.loudness: dict[str, float] = {}
        self.made = 0
        self.audio_made = False
        self.extra: Extra | None = None
        self.audio_extra: Extra | None = None
        self._lock = threading.Lock()
        self._done: list[float] = []  # work done per step, in progress weight units

    # Progress weights: every frame 1, the audio like 10% of the frames, the mux 2%.
    def _step(self, weight: float, message: str) -> Callable[[float], None]:
        """A progress callback (0..1) for one step; steps may run at the same time."""
        total = self.total_frames * 1.12
        with self._lock:
            index = len(self._done)
            self._done.append(0.0)

        def report(fraction: float) -> None:
            with self._lock:  # reported under the lock, so the total never goes back
                self._done[index] = max(self._done[index], weight * fraction)
                self.report(min(1.0, sum(self._done) / total), message)

        return report

    def run(self, dest: Path, work: Path) -> ExportResult:
        made, (audio, audio_extra) = self._render_all()
        segments = [path for path, _ in made]
        self._check_cancel()
        muxed = work / "episode.mp4"
        _join(
            segments,
            audio,
            muxed,
            work,
            self._step(self.total_frames * 0.02, "joining"),
            self.cancel,
        )
        srt_path = dest.with_suffix(".srt")
        write_srt(self.cues, work / "episode.srt").replace(srt_path)
        muxed.replace(dest)  # the work folder sits beside dest: same file system
        self.report(1.0, "exported")
        seconds = self.total_frames / self.settings.fps
        starts = list(itertools.accumulate((seg.frames for seg in self.plan), initial=0))[:-1]
        extras = [(start / self.settings.fps, extra)
                  for start, (_, extra) in zip(starts, made, strict=True) if extra is not None]
        return ExportResult(dest, seconds, self.cues, srt_path, self.made, self.loudness, self.cut,
                            self.audio_made, extras, audio_extra)

    def _render_all(self) -> tuple[list[tuple[Path, Any]], tuple[Path, Any]]:
        """All segments and the audio, ``SEGMENT_WORKERS`` at a time, in play order."""
        with _opencv_threads(OPENCV_THREADS):
            return self._render_all_segments()

    def _render_all_segments(self) -> tuple[list[tuple[Path, Any]], tuple[Path, Any]]:
        pool = ThreadPoolExecutor(max_workers=SEGMENT_WORKERS, thread_name_prefix="export")
        try:
            audio = pool.submit(self._audio)
            segments = [pool.submit(self._segment, seg) for seg in self.plan]
            return [f.result() for f in segments], audio.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()

    # -- video segments --------------------------------------------------------------
    def _segment(self, seg: tl.Segment) -> tuple[Path, Any]:
        """The segment's MP4 (from the cache or encoded now), and its extra if asked for."""
        self._check_cancel()
        key = self._segment_key(seg)
        progress = self._step(seg.frames, f"shot {seg.shot + 1}/{len(self.shots)}")

        def make(out: Path) -> None:
            with self._lock:
                self.made += 1
            pool = yuv.FramePool(self.settings.width, self.settings.height)
            frames = self._composited(seg, self._segment_frames(seg, pool))
            encode_frames(
                frames, seg.frames, out, self.settings, self.encoder, progress, self.cancel, pool
            )

        path = self.derive(key, "mp4", make)
        extra = self._extra_of(self.extra, key, path)
        progress(1.0)
        return path, extra

    def _extra_of(self, extra: Extra | None, key: dict[str, Any], part: Path) -> Any:
        """``extra`` of the part ``part`` made under ``key`` (from the cache if it has it)."""
        if extra is None:
            return None
        self._check_cancel()
        made = self.derive({**key, "extra": extra.name}, extra.ext,
                           functools.partial(extra.make, part))
        return extra.read(made)

    def _segment_frames(self, seg: tl.Segment, pool: yuv.FramePool) -> Iterator[np.ndarray]:
        s = self.settings
        if seg.kind == "dip":
            head = seg.frames - seg.tail
            first = self.shots[seg.shot].source.frames(seg.offset, seg.tail, s.width, s.height, pool)
            second = self.shots[seg.shot + 1].source.frames(0, head, s.width, s.height, pool)
            return dip(first, second, seg.tail, head, seg.colour, pool)
        first = self.shots[seg.shot].source.frames(seg.offset, seg.frames, s.width, s.height, pool)
        if seg.kind == "body":
            return first
        second = self.shots[seg.shot + 1].source.frames(0, seg.frames, s.width, s.height, pool)
        return crossfade(first, second, seg.frames, pool)

    def _segment_cues(self, seg: tl.Segment) -> list[tuple[int, int, str]]:
        """Cues showing in ``seg``, in frames relative to its start."""
        return _within(seg, self.cue_frames)

    def _segment_captions(self, seg: tl.Segment) -> list[tuple[int, int, dict[str, Any]]]:
        """Storyboard captions (animatic) showing in ``seg``, relative to its start."""
        return _within(seg, self.caption_frames)

    def _label_frames(self, seg: tl.Segment) -> int:
        """How many of ``seg``'s first frames carry the visible label."""
        s = self.settings
        if not s.label_text:
            return 0
        if s.label_seconds <= 0:
            return seg.frames
        until = round(s.label_seconds * s.fps)
        return max(0, min(seg.frames, until - seg.start))

    def _segment_key(self, seg: tl.Segment) -> dict[str, Any]:
        s = self.settings
        sources = [self.shots[seg.shot].source.key]
        if seg.kind != "body":
            sources.append(self.shots[seg.shot + 1].source.key)
        key = {
            "what": "episode-segment",
            "version": SEGMENT_VERSION,
            "kind": seg.kind,
            "sources": sources,
            "offset": seg.offset,
            "frames": seg.frames,
            "cues": self._segment_cues(seg),
            "subtitle": {"size": s.subtitle_size, "font": self.font},
            "label": [s.label_text, s.label_position, self._label_frames(seg)]
            if s.label_text
            else None,
            "picture": [s.width, s.height, s.fps],
            "encoder": segment_encoder_key(self.encoder, s.quality),
        }
        if seg.kind == "dip":
            key["dip"] = [seg.tail, seg.colour]
        captions = self._segment_captions(seg)
        if captions:  # only an animatic has them: other segments keep their keys
            key["captions"] = captions
        return key

    def _composited(self, seg: tl.Segment, frames: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
        s = self.settings
        timed = [
            (a, b, render_cue(text, s.width, s.height, s.subtitle_size))
            for a, b, text in self._segment_cues(seg)
        ]
        label = (
            render_label(s.label_text, s.width, s.height, s.label_position)
            if s.label_text
            else None
        )
        label_frames = self._label_frames(seg)
        timed += [
            (a, b, render_caption(caption, s.width, s.height))
            for a, b, caption in self._segment_captions(seg)
        ]
        for k, frame in enumerate(frames):
            overlays = [o for a, b, o in timed if a <= k < b and o is not None]
            if label is not None and k < label_frames:
                overlays.append(label)
            if overlays and not frame.flags.writeable:  # e.g. a held frame
                frame = frame.copy()
            for overlay in overlays:
                overlay.blend_onto(frame, s.width, s.height)
            yield frame

    # -- audio -------------------------------------------------------------------------
    def _audio(self) -> tuple[Path, Any]:
        """The mixed sound's m4a (from the cache or mixed now), and its extra if asked for."""
        s = self.settings
        seconds = self.total_frames / s.fps
        clips = [VoiceClip(self._voice_at_tempo(p), p) for p in self.placements]
        sounds = self._sounds()
        key = {
            "what": "episode-audio",
            "version": AUDIO_VERSION,
            "voices": [
                [self.voices[p.shot].hash, p.start, p.duration, *([p.tempo] if p.tempo != 1 else [])]
                for p in self.placements
            ],
            "music": self.music.hash if self.music else None,
            "seconds": seconds,
            "music_volume_db": s.music_volume_db,
            "loudness_lufs": s.loudness_lufs,
        }
        if sounds or s.duck_db != -10.0:  # as before when neither is used: stays cached
            key["duck_db"] = s.duck_db
            key["sounds"] = [
                [self.shots[i].sound.hash, c.start, c.offset, c.duration, c.gain_db]
                for i, c in sounds
            ]
        progress = self._step(self.total_frames * 0.1, "mixing audio")

        def make(out: Path) -> None:
            self.audio_made = True
            music = self.music.path if self.music else None
            samples = mix_track(clips, music, seconds, s.music_volume_db,
                                [c for _, c in sounds], s.duck_db)
            self._check_cancel()
            self.loudness = write_episode_audio(
                samples, out, s.loudness_lufs, progress, self.cancel
            )

        path = self.derive(key, "m4a", make)
        return path, self._extra_of(self.audio_extra, key, path)

    def _sounds(self) -> list[tuple[int, SoundClip]]:
        """The clips' own sounds that are kept, each over its shot's span."""
        fps = self.settings.fps
        out = []
        for i, shot in enumerate(self.shots):
            if shot.sound is None:
                continue
            span = self.spans[i]
            clip = SoundClip(shot.sound.path, span.start / fps, shot.sound.start_s,
                             span.frames / fps, shot.sound.gain_db)
            out.append((i, clip))
        return out

    def _voice_at_tempo(self, placement: tl.VoicePlacement) -> Path:
        """The voice file of a placement, sped up when its line had to fit (cached)."""
        voice = self.voices[placement.shot]
        if placement.tempo == 1.0:
            return voice.path
        key = {"what": "voice-tempo", "voice": voice.hash, "tempo": placement.tempo}
        return self.derive(key, "wav", lambda out: voice_at_tempo(voice.path, out, placement.tempo))


_opencv_lock = threading.Lock()
_opencv_users = 0  # exports rendering now
_opencv_before = 0  # OpenCV's thread count before the first of them set it


@contextmanager
def _opencv_threads(count: int) -> Iterator[None]:
    """OpenCV's thread count while any export renders (process-wide, as OpenCV has it:
    the first export sets it, the last one to finish puts the earlier count back)."""
    global _opencv_users, _opencv_before
    with _opencv_lock:
        if _opencv_users == 0:
            _opencv_before = cv2.getNumThreads()
            cv2.setNumThreads(count)
        _opencv_users += 1
    try:
        yield
    finally:
        with _opencv_lock:
            _opencv_users -= 1
            if _opencv_users == 0:
                cv2.setNumThreads(_opencv_before)


def frame_at(seconds: float, fps: int) -> int:
    """The frame a time falls on, halves rounded up: a cue shifted by whole frames (a
    trim earlier in the episode) keeps its frames within its segment, so the segment
    stays cached (``round`` rounds halves to even, which moves every other one)."""
    return math.floor(seconds * fps + 0.5 + 1e-6)


def voice_at_tempo(src: Path, out: Path, tempo: float) -> Path:
    """``src`` sped up by ``tempo`` (pitch kept), as a 48 kHz mono WAV at ``out``."""
    return to_wav(src, out, rate=48000, channels=1, audio_filter=f"atempo={tempo:.4f}")


@dataclass(frozen=True)
class EpisodeCut:
    """Where everything sits in an episode: shots, transitions, segments, voices, cues.

    What the export renders and what a timeline hand-off (OTIO, JianYing) writes, so
    both follow the same cut exactly.
    """

    fps: int
    spans: list[tl.ShotSpan]
    transitions: list[tl.Transition]
    segments: list[tl.Segment]
    placements: list[tl.VoicePlacement]
    cues: list[tl.Cue]

    @property
    def frames(self) -> int:
        return tl.episode_frames(self.spans)

    @property
    def seconds(self) -> float:
        return self.frames / self.fps


def plan_cut(
    shots: Sequence[ShotInput],
    settings: ExportSettings,
    voice_seconds: Sequence[float | None],
) -> EpisodeCut:
    """The cut of ``shots`` with ``settings``, given each shot's voice length (None: none)."""
    s, fps = settings, settings.fps
    durations = [shot.duration for shot in shots]
    cuts = s.cuts or tuple((s.transition, s.crossfade_s) for _ in shots[1:])
    transitions = tl.transitions(durations, cuts, fps)
    spans = tl.shot_spans(durations, transitions, fps)
    placements = tl.place_voices(spans, voice_seconds, fps, max_tempo=MAX_TEMPO)
    cues: list[tl.Cue] = []
    if s.subtitles:
        safe = s.width * 0.9
        per_line = {lang: tl.chars_per_line(lang, s.subtitle_size, safe) for lang in ("en", "zh")}
        lines = [(shot.line, shot.language, shot.speaker) for shot in shots]
        cues = tl.subtitle_cues(spans, lines, placements, per_line, fps,
                                {i: list(c) for i, c in s.subtitle_edits.items()})
    return EpisodeCut(fps, spans, transitions, tl.segment_plan(spans, transitions),
                      placements, cues)


def _caption_frames(
    shots: Sequence[ShotInput], spans: Sequence[tl.ShotSpan], cuts: Sequence[tl.Transition]
) -> list[tuple[int, int, dict[str, Any]]]:
    """Each shot's storyboard caption over its frames; a crossfade hands over halfway."""
    out = []
    for i, (shot, span) in enumerate(zip(shots, spans, strict=True)):
        if not shot.caption:
            continue
        start = span.start + (cuts[i - 1].overlap + 1) // 2 if i > 0 else span.start
        end = span.end - (cuts[i].overlap // 2 if i < len(cuts) else 0)
        out.append((start, end, shot.caption))
    return out


def _within(seg: tl.Segment, timed: Sequence[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Frame-timed items showing in ``seg``, relative to its start."""
    return [
        (max(0, a - seg.start), min(seg.frames, b - seg.start), item)
        for a, b, item in timed
        if a < seg.end and b > seg.start
    ]


def _voice_length(voice: VoiceInput | None) -> float | None:
    if voice is None:
        return None
    return voice.duration if voice.duration else probe(voice.path).duration


def _scratch_derive(work: Path) -> Derive:
    """A stand-in for the project's derived-file cache: makes each file once in ``work``."""

    def derive(key: dict[str, Any], ext: str, make: Callable[[Path], None]) -> Path:
        digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:24]
        path = work / f"{digest}.{ext}"
        if not path.exists():
            tmp = work / f"{digest}.part.{ext}"
            make(tmp)
            tmp.replace(path)
        return path

    return derive


# -- frames in, frames out --------------------------------------------------------------
def crossfade(
    first: Iterator[np.ndarray],
    second: Iterator[np.ndarray],
    count: int,
    pool: yuv.FramePool | None = None,
) -> Iterator[np.ndarray]:
    """``first`` dissolving into ``second`` over ``count`` frames."""
    for k, (a, b) in enumerate(zip(first, second, strict=False)):
        weight = (k + 1) / (count + 1)
        out = pool.take() if pool else None
        out = cv2.addWeighted(a, 1.0 - weight, b, weight, 0.0, dst=out)
        if pool:
            pool.give(a)
            pool.give(b)
        yield out


def dip(
    first: Iterator[np.ndarray],
    second: Iterator[np.ndarray],
    tail: int,
    head: int,
    colour: str,
    pool: yuv.FramePool | None = None,
) -> Iterator[np.ndarray]:
    """``tail`` frames of ``first`` fading to ``colour`` ("black" or "white"), then
    ``head`` frames of ``second`` fading from it (fade through black, or a flash)."""
    fill: np.ndarray | None = None
    for k, frame in enumerate(itertools.chain(first, second)):
        if fill is None:
            fill = _solid(frame, colour)
        weight = (k + 1) / tail if k < tail else 1.0 - (k - tail) / max(1, head)
        out = pool.take() if pool else None
        out = cv2.addWeighted(frame, 1.0 - weight, fill, weight, 0.0, dst=out)
        if pool:
            pool.give(frame)
        yield out


def _solid(like: np.ndarray, colour: str) -> np.ndarray:
    """An I420 buffer shaped like ``like`` of limited-range black or white."""
    y_size = like.size * 2 // 3
    out = np.full_like(like, 128)
    out.reshape(-1)[:y_size] = 235 if colour == "white" else 16
    return out


ROTATIONS = {  # display-matrix rotation (counter-clockwise degrees) -> filters upright
    90: [("transpose", "cclock")],
    270: [("transpose", "clock")],
    180: [("hflip", ""), ("vflip", "")],
}


def fit_filters(
    width: int, height: int, count: int, fit: str = "pad", rotation: int = 0
) -> list[tuple[str, str]]:
    """The filter chain that fits a clip into the frame: turned upright by its display
    rotation, 30 fps, scaled to fit (``pad``: whole picture centred on black) or to fill
    (``crop``: the middle of it) in BT.709 limited range, the last frame held for
    ``count`` frames at least.
    """
    chain = list(ROTATIONS.get(round(rotation) % 360, []))
    chain.append(("fps", str(FPS)))
    grow = "increase" if fit == "crop" else "decrease"
    chain += [
        (
            "scale",
            f"{width}:{height}:force_original_aspect_ratio={grow}"
            ":out_color_matrix=bt709:out_range=tv",
        ),
        ("format", "yuv420p"),
        ("crop", f"{width}:{height}") if fit == "crop" else
        ("pad", f"{width}:{height}:(ow-iw)/2:(oh-ih)/2"),
        ("setsar", "1"),
        ("tpad", f"stop_mode=clone:stop_duration={count / FPS + 1:.3f}"),
    ]
    return chain


def decode_frames(
    path: Path,
    start_s: float,
    count: int,
    width: int,
    height: int,
    pool: yuv.FramePool | None = None,
    fit: str = "pad",
) -> Iterator[np.ndarray]:
    """``count`` I420 frames of a video from ``start_s``, upright, fitted, at 30 fps.

    Decoded and filtered in process (PyAV, ``fit_filters``): the same pixels as
    ``ffmpeg -ss start_s -i path -vf ...`` gives (ffmpeg too turns a phone clip upright
    by its display matrix), without piping 3 MB per frame out of a second process. A
    clip shorter than asked for holds its last frame (``tpad``); should the frames still
    stop early, the encoder holds the last one.
    """
    import av

    pool = pool or yuv.FramePool(width, height)
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(f"cannot read the clip {path.name}: {exc}") from None
    made = 0
    try:
        if not container.streams.video:
            raise MediaError(f"the clip {path.name} has no video")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if start_s > 0:
            container.seek(round(start_s / stream.time_base), stream=stream)
        pictures = (
            f
            for f in container.decode(stream)
            if f.time is None or f.time >= start_s - 0.5 / FPS  # seek lands on a keyframe
        )
        first = next(pictures, None)
        rotation = (getattr(first, "rotation", 0) or 0) if first is not None else 0
        graph = av.filter.Graph()
        chain = [graph.add_buffer(template=stream)]
        filters = fit_filters(width, height, count, fit, int(rotation))
        chain += [graph.add(name, args) if args else graph.add(name) for name, args in filters]
        graph.link_nodes(*chain, graph.add("buffersink")).configure()
        head = [first] if first is not None else []
        for picture in itertools.chain(head, pictures, [None]):
            graph.vpush(picture)
            while made < count:
                try:
                    fitted = graph.vpull()
                except (av.error.BlockingIOError, av.error.EOFError):
                    break
                frame = pool.take()
                planes = zip(yuv.planes(frame, width, height), fitted.planes, strict=True)
                for target, plane in planes:
                    np.copyto(target, _plane_array(plane))
                made += 1
                yield frame
            if made == count:
                return
    except av.FFmpegError as exc:
        raise MediaError(f"cannot decode the clip {path.name}: {exc}") from None
    finally:
        container.close()


def segment_args(settings: ExportSettings, encoder: str, out: Path) -> list[str]:
    """ffmpeg arguments that encode raw I420 (BT.709) frames from stdin into one segment."""
    s = settings
    args = ["-v", "error", *encoder_device_args(encoder)]
    args += ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{s.width}x{s.height}"]
    args += ["-r", str(s.fps), "-i", "pipe:0", "-vf", encoder_pixel_filter(encoder)]
    args += encoder_args(encoder, s.quality)
    args += ["-g", str(s.fps * GOP_SECONDS), *COLOR_TAGS, "-color_range", "tv", "-an", str(out)]
    return args


def in_process_encoder(encoder: str) -> bool:
    """Whether segments for ``encoder`` are encoded inside this process (PyAV's libx264).

    Handing frames to libx264 in memory saves what piping raw I420 to an ffmpeg costs:
    about 4 ms of CPU per 1080x1920 frame across both ends (bench/export.py). Hardware
    encoders stay with the system ffmpeg, which is the build that was found to have them.
    """
    return encoder == "libx264" and _pyav_has_x264()


@functools.cache
def _pyav_has_x264() -> bool:
    import av

    return "libx264" in av.codecs_available


def segment_encoder_key(encoder: str, quality: str = "final") -> list[str]:
    """What the segments' bytes depend on about the encoder, for their cache keys."""
    key = encoder_args(encoder, quality)
    if in_process_encoder(encoder):
        import av

        key = [*key, "pyav", ".".join(map(str, av.library_versions["libavcodec"]))]
    return key


def encode_frames(
    frames: Iterator[np.ndarray],
    count: int,
    out: Path,
    settings: ExportSettings,
    encoder: str,
    on_progress: Callable[[float], None] | None = None,
    cancel_event: threading.Event | None = None,
    pool: yuv.FramePool | None = None,
) -> None:
    """Encode exactly ``count`` frames into ``out``; a producer thread renders ahead.

    Each frame goes back to ``pool`` once the encoder has copied it.
    """
    cancel_event = cancel_event or threading.Event()
    pool = pool or yuv.FramePool(settings.width, settings.height)
    ahead: queue.Queue[Any] = queue.Queue(maxsize=QUEUE_FRAMES)
    stop = threading.Event()
    producer = threading.Thread(target=_produce, args=(frames, count, ahead, stop), daemon=True)
    producer.start()
    try:
        ready = _drain(ahead, cancel_event)
        if in_process_encoder(encoder):
            _encode_in_process(ready, count, out, settings, on_progress, cancel_event, pool)
        else:
            args = (ready, count, out, settings, encoder, on_progress, cancel_event, pool)
            _encode_with_ffmpeg(*args)
    except BaseException:
        stop.set()
        if cancel_event.is_set():
            raise Cancelled() from None
        raise
    finally:
        stop.set()
        producer.join(timeout=5)


def _encode_with_ffmpeg(frames, count, out, settings, encoder, on_progress, cancel_event, pool):
    """Pipe the frames to an ffmpeg process; its ``-progress`` drives ``on_progress``."""
    job = FfmpegJob(
        segment_args(settings, encoder, out),
        count / settings.fps,
        on_progress,
        cancel_event,
        feed_stdin=True,
    )
    try:
        for frame in frames:
            job.write(memoryview(frame).cast("B"))
            pool.give(frame)
        job.finish()
    except BaseException:
        job.kill()
        raise


def _encode_in_process(frames, count, out, settings, on_progress, cancel_event, pool):
    """Encode the frames with PyAV's libx264 into an MP4 at ``out`` (same tags as ffmpeg's)."""
    import av

    s = settings
    every = max(1, s.fps // 2)  # progress about twice a second of video, like -progress
    try:
        container = av.open(str(out), "w", format="mp4")
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(f"could not write {out.name}: {exc}") from None
    try:
        stream = container.add_stream("libx264", rate=s.fps, options=x264_options(s.quality))
        stream.width, stream.height, stream.pix_fmt = s.width, s.height, "yuv420p"
        codec = stream.codec_context
        codec.thread_count = X264_THREADS
        codec.gop_size = s.fps * GOP_SECONDS
        codec.colorspace = codec.color_primaries = codec.color_trc = BT709
        codec.color_range = LIMITED_RANGE
        made = 0
        for pixels in frames:
            # The frame's own buffer, not a copy (an I420 buffer is exactly PyAV's yuv420p
            # layout): libx264 has copied it into its own picture when encode returns.
            picture = av.VideoFrame.from_numpy_buffer(pixels, format="yuv420p")
            picture.pts = made
            container.mux(stream.encode(picture))
            del picture
            pool.give(pixels)
            made += 1
            if on_progress and (made % every == 0 or made == count):
                on_progress(made / count)
            if cancel_event.is_set():
                raise Cancelled()
        container.mux(stream.encode(None))
    except av.FFmpegError as exc:
        _close_quietly(container)
        raise MediaError(f"encoding {out.name} failed: {exc}") from None
    except BaseException:
        _close_quietly(container)
        raise
    try:
        container.close()
    except av.FFmpegError as exc:
        raise MediaError(f"finishing {out.name} failed: {exc}") from None


def _plane_array(plane) -> np.ndarray:
    """A writable numpy view of one plane of a PyAV frame (rows may be padded)."""
    rows = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
    return rows[: plane.height, : plane.width]


def _close_quietly(container) -> None:
    try:
        container.close()
    except Exception:  # already failing: the first error is the one to report
        pass


_END = object()


def _produce(frames: Iterator[np.ndarray], count: int, ahead: queue.Queue, stop: threading.Event):
    """Render frames into ``ahead`` (holding the last one if the source runs short)."""
    try:
        last = None
        produced = 0
        for frame in frames:
            if produced == count:
                break
            last = np.ascontiguousarray(frame, dtype=np.uint8)
            produced += 1
            if not _put(ahead, last, stop):
                return
        while produced < count and last is not None:
            produced += 1  # the encoder gives each frame back to its pool: hand it copies
            if not _put(ahead, last.copy(), stop):
                return
        _put(ahead, _END if produced == count else MediaError("the clip has no frames"), stop)
    except BaseException as exc:  # handed to the encoding thread to raise
        _put(ahead, exc, stop)
    finally:
        close = getattr(frames, "close", None)
        if close:
            close()


def _put(ahead: queue.Queue, item: Any, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            ahead.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


def _drain(ahead: queue.Queue, cancel_event: threading.Event) -> Iterator[np.ndarray]:
    while True:
        try:
            item = ahead.get(timeout=0.1)
        except queue.Empty:
            if cancel_event.is_set():
                raise Cancelled() from None
            continue
        if item is _END:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


# -- joining --------------------------------------------------------------------------
def _join(
    segments: Sequence[Path],
    audio: Path,
    out: Path,
    work: Path,
    on_progress: Callable[[float], None],
    cancel_event: threading.Event,
) -> None:
    """Concatenate the segments by stream copy and mux the audio, ``+faststart``."""
    listing = work / "segments.txt"
    listing.write_text("".join(f"file '{_concat_path(p)}'\n" for p in segments), encoding="utf-8")
    args = ["-v", "error", "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio)]
    args += ["-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-movflags", "+faststart"]
    args += [str(out)]
    run_ffmpeg(args, None, on_progress, cancel_event)
    on_progress(1.0)
    if not out.is_file() or out.stat().st_size == 0:
        raise MediaError("joining the segments produced no file")


def _concat_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "'\\''")


# -- one shot alone, for a timeline hand-off --------------------------------------------
def export_shot(
    source: FrameSource,
    frames: int,
    dest: Path,
    sound: ClipSound | None = None,
    settings: ExportSettings = ExportSettings(),
    cancel_event: threading.Event | None = None,
) -> Path:
    """``frames`` frames of one shot's picture alone (no subtitle, no mark, no fade) as an
    H.264 MP4 at ``dest``, with the clip's own sound (AAC) when it is kept.

    What an editor (JianYing, CapCut, Resolve) gets for the shot: the same pixels as the
    episode's, so the re-edit starts from the cut the creator made.
    """
    cancel_event = cancel_event or threading.Event()
    dest = Path(dest)
    pool = yuv.FramePool(settings.width, settings.height)
    encoder = "libx264" if in_process_encoder("libx264") else h264_encoder()
    with tempfile.TemporaryDirectory(prefix=".shot-", dir=dest.parent) as work:
        picture = Path(work) / "picture.mp4"
        stream = source.frames(0, frames, settings.width, settings.height, pool)
        encode_frames(stream, frames, picture, settings, encoder, None, cancel_event, pool)
        if sound is None:
            picture.replace(dest)
            return dest
        from app.media.ffmpeg import decode_audio_range

        samples = decode_audio_range(sound.path, sound.start_s, frames / settings.fps)
        wanted = round(frames / settings.fps * 48000)
        samples = np.pad(samples, ((0, max(0, wanted - samples.shape[0])), (0, 0)))
        raw = Path(work) / "sound.f32"
        (samples * (10 ** (sound.gain_db / 20))).astype(np.float32).tofile(raw)
        args = ["-v", "error", "-i", str(picture), "-f", "f32le", "-ar", "48000", "-ac", "2"]
        args += ["-i", str(raw), "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy"]
        args += ["-c:a", "aac", "-b:a", "192k", "-shortest", "-movflags", "+faststart"]
        muxed = Path(work) / "shot.mp4"
        run_ffmpeg([*args, str(muxed)], None, None, cancel_event)
        muxed.replace(dest)
    return dest
