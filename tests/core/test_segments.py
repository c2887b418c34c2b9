"""Encoding one segment: every frame arrives intact and in order, on both encoder paths."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import numpy as np
import pytest

import app.media.export as export
from app.media import yuv
from app.media.export import ExportSettings, encode_frames
from app.media.ffmpeg import MediaError, ffmpeg_path, probe

W, H = 320, 576
SETTINGS = ExportSettings(encoder="libx264", width=W, height=H)
BAND = 16


class CountingPool(yuv.FramePool):
    def __init__(self) -> None:
        super().__init__(W, H)
        self.given = 0

    def give(self, frame: np.ndarray) -> None:
        self.given += 1
        super().give(frame)


def banded(k: int) -> np.ndarray:
    """Black I420 frame with a white band at rows k*BAND .. (k+1)*BAND."""
    y = np.full((H, W), 16, np.uint8)
    y[k * BAND : (k + 1) * BAND] = 235
    chroma = np.full((H // 2, W // 2), 128, np.uint8)
    return yuv.from_planes(y, chroma, chroma)


def band_rows(path: Path) -> list[int]:
    """The band's position (in BAND units) in each decoded frame."""
    rows = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            luma = frame.to_ndarray(format="gray").astype(float)
            rows.append(int(np.argmax(luma.mean(axis=1))) // BAND)
    return rows


@pytest.fixture(params=["in-process", "ffmpeg pipe"])
def path_used(request, monkeypatch) -> str:
    if request.param == "ffmpeg pipe":
        monkeypatch.setattr(export, "in_process_encoder", lambda encoder: False)
    else:
        assert export.in_process_encoder("libx264"), "PyAV's libx264 is missing"
    return request.param


def test_each_frame_is_encoded_once_in_order(path_used: str, tmp_path: Path) -> None:
    count = H // BAND  # 36 frames, each with its band one step lower
    pool = CountingPool()
    progress: list[float] = []
    out = tmp_path / "segment.mp4"
    encode_frames(
        (banded(k) for k in range(count)),
        count,
        out,
        SETTINGS,
        "libx264",
        progress.append,
        pool=pool,
    )
    assert band_rows(out) == list(range(count))
    assert pool.given == count  # every frame went back once the encoder had it
    assert progress and progress[-1] == pytest.approx(1.0)
    assert progress == sorted(progress)


def test_a_short_source_holds_its_last_frame(path_used: str, tmp_path: Path) -> None:
    out = tmp_path / "held.mp4"
    encode_frames((banded(k) for k in range(5)), 9, out, SETTINGS, "libx264")
    assert band_rows(out) == [0, 1, 2, 3, 4, 4, 4, 4, 4]


def test_segments_are_tagged_bt709_with_a_keyframe_every_five_seconds(
    path_used: str, tmp_path: Path
) -> None:
    count = 180
    ramp = np.linspace(40, 200, H)[:, None].repeat(W, axis=1)

    def drifting(k: int) -> np.ndarray:  # a slow drift: no scene cut for x264 to key on
        y = np.roll(ramp, k, axis=0).astype(np.uint8)
        chroma = np.full((H // 2, W // 2), 128, np.uint8)
        return yuv.from_planes(y, chroma, chroma)

    out = tmp_path / "long.mp4"
    encode_frames((drifting(k) for k in range(count)), count, out, SETTINGS, "libx264")
    info = probe(out)
    assert (info.width, info.height, info.video_codec) == (W, H, "h264")
    assert abs(info.duration - count / 30) < 0.05
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        codec = stream.codec_context
        assert (codec.color_primaries, codec.color_trc, codec.colorspace) == (1, 1, 1)
        assert codec.color_range == 1  # limited ("tv")
        assert stream.average_rate == 30
        keys = [
            round(float(p.pts * stream.time_base) * 30)  # frame index, in display order
            for p in container.demux(stream)
            if p.is_keyframe and p.pts is not None
        ]
    # x264 may key a frame or two early, never late: exactly one more keyframe by 5 s.
    assert len(keys) == 2 and keys[0] == 0 and 140 <= keys[1] <= 150


def test_a_pool_takes_back_only_whole_frames_it_can_reuse() -> None:
    pool = yuv.FramePool(W, H, keep=2)
    frame = pool.take()
    pool.give(frame[: H // 2])  # a view into someone else's memory
    pool.give(np.zeros((H, W), np.uint8))  # wrong shape
    pool.give(frame)
    pool.give(frame)  # given twice: kept once
    assert pool.take() is frame
    assert pool.take() is not frame


# -- clips from video models: decoded and fitted in process -----------------------------
def make_clip(path: Path, size: str, rate: int, seconds: float, pix_fmt: str) -> Path:
    subprocess.run(
        [ffmpeg_path(), "-v", "error", "-y", "-f", "lavfi"]
        + ["-i", f"testsrc2=s={size}:r={rate}:d={seconds}", "-c:v", "libx264"]
        + ["-pix_fmt", pix_fmt, str(path)],
        check=True,
    )
    return path


def ffmpeg_fit(path: Path, start: float, count: int) -> np.ndarray:
    """What the ffmpeg command line makes of the same clip with the same filters."""
    chain = ",".join(f"{name}={args}" for name, args in export.fit_filters(W, H, count))
    raw = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-ss", f"{start:.3f}", "-i", str(path), "-vf", chain]
        + ["-frames:v", str(count), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H * 3 // 2, W)


@pytest.mark.parametrize(
    ("size", "rate", "pix_fmt", "start"),
    [
        ("360x640", 24, "yuv420p", 0.0),  # a portrait clip at 24 fps
        ("360x640", 24, "yuv420p", 1.5),  # from the middle (crossfade bodies start there)
        ("640x360", 30, "yuvj420p", 0.0),  # landscape, full range: letterboxed
    ],
)
def test_clips_decode_to_what_ffmpeg_makes_of_them(
    tmp_path: Path, size: str, rate: int, pix_fmt: str, start: float
) -> None:
    clip = make_clip(tmp_path / "clip.mp4", size, rate, 2.5, pix_fmt)
    count = 45  # past the clip's end when starting at 1.5 s: the last frame is held
    ours = list(export.decode_frames(clip, start, count, W, H))
    theirs = ffmpeg_fit(clip, start, count)
    assert len(ours) == len(theirs) == count
    for mine, reference in zip(ours, theirs, strict=True):
        assert np.abs(mine.astype(int) - reference).mean() < 0.05
    luma = yuv.planes(ours[0], W, H)[0]
    if size == "640x360":  # fitted by width: black bands above and below the picture
        assert luma[:100].max() <= 17 and luma[H // 2].std() > 10


def test_a_file_without_pictures_is_refused_by_name(tmp_path: Path) -> None:
    sound = tmp_path / "voice.wav"
    subprocess.run(
        [ffmpeg_path(), "-v", "error", "-f", "lavfi", "-i", "sine=d=0.5", str(sound)],
        check=True,
    )
    with pytest.raises(MediaError, match="voice.wav has no video"):
        list(export.decode_frames(sound, 0.0, 5, W, H))


@pytest.mark.parametrize("fit", ["pad", "crop"])
def test_a_phone_clip_is_turned_upright_as_ffmpeg_turns_it_and_padded_or_cropped(
    tmp_path: Path, fit: str
) -> None:
    """A display matrix (rotate=90 on landscape-coded frames) is honoured the way the
    ffmpeg command line honours it (it turns the picture before its filters run)."""
    coded = make_clip(tmp_path / "coded.mp4", "480x320", 24, 1.0, "yuv420p")
    clip = tmp_path / "phone.mp4"
    subprocess.run([ffmpeg_path(), "-v", "error", "-i", str(coded), "-c", "copy",
                    "-metadata:s:v:0", "rotate=90", str(clip)], check=True)
    count = 10
    ours = list(export.decode_frames(clip, 0.0, count, W, H, fit=fit))
    chain = ",".join(f"{n}={a}" for n, a in export.fit_filters(W, H, count, fit))
    raw = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-i", str(clip), "-vf", chain, "-frames:v", str(count),
         "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
        capture_output=True, check=True,
    ).stdout
    theirs = np.frombuffer(raw, np.uint8).reshape(-1, H * 3 // 2, W)
    for mine, reference in zip(ours, theirs, strict=True):
        assert np.abs(mine.astype(int) - reference).mean() < 0.05
    luma = yuv.planes(ours[0], W, H)[0]
    # Upright the clip is 320x480 (2:3): padded it has black bands above and below;
    # cropped it fills the frame.
    assert (luma[:40].max() <= 17) == (fit == "pad")  # bands of (576 - 480) / 2 rows
