"""Exporting an episode: real stills, voices and music in, a checked MP4 and SRT out."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pysubs2
import pytest
from PIL import Image, ImageFont

import app.media.subtitles as subtitles
from app.core.node_api import Cancelled
from app.media import yuv
from app.media.export import ExportSettings, ShotInput, VoiceInput, export_episode
from app.media.ffmpeg import MediaError, ffmpeg_path, probe
from app.media.kenburns import KenBurnsSource
from tests.short_demo import x264_settings

FLAT = (70, 90, 120)
BAND = slice(int(1920 * 0.55), int(1920 * 0.85))  # where subtitles sit


# The tests whose subject is not the encoding export drafts (x264's fastest preset, the
# same delivery file: test_a_draft_is_the_same_delivery_file_...); the episode fixture,
# which the delivery-format tests read, and the cancel test stay final.

# -- building material -------------------------------------------------------------
def make_still(path: Path, colour: tuple[int, int, int] = FLAT, grid: bool = False) -> Path:
    pixels = np.zeros((1920, 1080, 3), np.uint8) + np.array(colour, np.uint8)
    if grid:
        pixels[::120] = 255
        pixels[:, ::120] = 255
    Image.fromarray(pixels).save(path)
    return path


def make_voice(path: Path, text: str, language: str = "en") -> VoiceInput:
    voice = "cmn" if language == "zh" else "en"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    return VoiceInput(path, path.name, probe(path).duration)


def make_music(path: Path, seconds: float) -> VoiceInput:
    graph = f"sine=f=220:d={seconds}[a];anoisesrc=d={seconds}:a=0.1[b];[a][b]amix=inputs=2"
    subprocess.run(
        [ffmpeg_path(), "-v", "error", "-y", "-filter_complex", graph, "-ac", "2", str(path)],
        check=True,
    )
    return VoiceInput(path, path.name)


def shot(
    still: Path, camera: str, seconds: float, line: str = "", language: str = "en", seed: int = 0
) -> ShotInput:
    recipe = {
        "recipe": "kenburns",
        "version": 1,
        "still": still.name,
        "camera": camera,
        "duration": seconds,
        "seed": seed,
        "fps": 30,
    }
    return ShotInput(KenBurnsSource(still, recipe), seconds, line, language, "Lena")


def frame_at(path: Path, seconds: float) -> np.ndarray:
    cmd = [
        ffmpeg_path(),
        "-v",
        "error",
        "-ss",
        f"{seconds:.3f}",
        "-i",
        str(path),
        "-frames:v",
        "1",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-",
    ]
    raw = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(1920, 1080, 3)


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) measured by ffmpeg's ebur128."""
    cmd = [
        ffmpeg_path(),
        "-nostats",
        "-i",
        str(path),
        "-af",
        "ebur128=peak=true",
        "-f",
        "null",
        "-",
    ]
    err = subprocess.run(cmd, capture_output=True, text=True).stderr
    summary = err[err.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return integrated, peak


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("material")
    still = make_still(folder / "flat.png")
    return {
        "folder": folder,
        "still": still,
        "grid": make_still(folder / "grid.png", (150, 60, 50), grid=True),
        "hello": make_voice(folder / "hello.wav", "Where were you last night?"),
        "regret": make_voice(folder / "regret.wav", "You will regret this."),
        "music": make_music(folder / "music.wav", 8.0),
    }


@pytest.fixture(scope="module")
def episode(material: dict[str, Any], tmp_path_factory: pytest.TempPathFactory):
    """A 3-shot episode (lines on shots 1 and 3) exported with cuts and an AI mark."""
    m = material
    shots = [
        shot(m["still"], "static", 2.0, "Where were you last night?"),
        shot(m["still"], "static", 2.0),
        shot(m["grid"], "push_in", 2.0, "You will regret this."),
    ]
    dest = tmp_path_factory.mktemp("out") / "episode.mp4"
    fractions: list[float] = []
    result = export_episode(
        shots,
        dest,
        ExportSettings(label_text="AI生成", encoder="libx264"),
        voices=[m["hello"], None, m["regret"]],
        music=m["music"],
        on_progress=lambda f, msg: fractions.append(f),
    )
    return result, fractions


# -- the finished file ----------------------------------------------------------------
def test_the_episode_has_the_delivery_format(episode) -> None:
    result, _ = episode
    info = probe(result.path)
    assert (info.width, info.height, info.fps) == (1080, 1920, 30.0)
    assert (info.video_codec, info.pix_fmt) == ("h264", "yuv420p")
    assert (info.audio_codec, info.sample_rate, info.channels) == ("aac", 48000, 2)
    assert abs(info.duration - 6.0) <= 0.1 and result.duration == 6.0
    streams = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(result.path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    video = json.loads(streams)["streams"][0]
    assert (video["color_space"], video["color_primaries"], video["color_transfer"]) == (
        "bt709",
        "bt709",
        "bt709",
    )


def test_the_episode_is_normalised_to_minus_14_lufs(episode) -> None:
    integrated, peak = loudness(episode[0].path)
    assert abs(integrated - -14.0) <= 1.0
    assert peak <= -1.0


def test_progress_rises_to_one(episode) -> None:
    fractions = episode[1]
    assert fractions[-1] == 1.0
    assert all(b >= a - 1e-9 for a, b in zip(fractions, fractions[1:], strict=False))


def test_subtitles_show_during_their_line_only(episode) -> None:
    result, _ = episode
    first = result.cues[0]
    during = frame_at(result.path, (first.start + first.end) / 2)[BAND].astype(int)
    silent = frame_at(result.path, 3.0)[BAND].astype(int)  # shot 2 has no line
    bright = lambda band: int((band.min(axis=2) > 200).sum())  # noqa: E731 - white text
    assert bright(during) > 2000
    assert bright(silent) == 0
    assert np.abs(during - silent).mean() > 3


def test_the_srt_has_the_burned_in_cues(episode) -> None:
    result, _ = episode
    subs = pysubs2.load(str(result.srt_path))
    assert [e.plaintext for e in subs] == [c.text for c in result.cues]
    assert [(e.start, e.end) for e in subs] == [
        (round(c.start * 1000), round(c.end * 1000)) for c in result.cues
    ]
    assert result.cues[0].text == "Where were you last night?"
    assert result.cues[1].start >= 4.0


def test_the_ai_mark_is_on_every_frame(episode) -> None:
    result, _ = episode
    for t in (0.1, 3.0, 5.9):
        corner = frame_at(result.path, t)[100:330, 30:360].astype(int)
        assert (corner.min(axis=2) > 200).sum() > 500  # white label text


def test_the_ai_mark_can_cover_the_opening_seconds_only(material, tmp_path: Path) -> None:
    m = material
    shots = [shot(m["still"], "static", 2.0), shot(m["still"], "static", 2.0)]
    settings = ExportSettings(
        label_text="AI生成", label_position="top-right", label_seconds=2.5, encoder="libx264",
        quality="draft",
    )
    result = export_episode(shots, tmp_path / "opening.mp4", settings)
    white = lambda t: (frame_at(result.path, t)[100:330, 720:1050].min(axis=2) > 200).sum()  # noqa: E731
    assert white(0.5) > 500 and white(2.3) > 500  # both segments before 2.5 s carry it
    assert white(2.8) < 50 and white(3.8) < 50
    left = frame_at(result.path, 0.5)[100:330, 30:360]
    assert (left.min(axis=2) > 200).sum() < 50  # and it is top-right, not top-left


def test_chinese_subtitles_have_real_glyphs(material, tmp_path: Path, monkeypatch) -> None:
    text = "我一直在等你回来"
    result = export_episode(
        [shot(material["still"], "static", 2.0, text, "zh")],
        tmp_path / "zh.mp4",
        ExportSettings(encoder="libx264", quality="draft"),
    )
    band = frame_at(result.path, 1.0)[BAND].astype(int)

    def expected() -> np.ndarray:
        frame = yuv.rgb_to_i420(np.zeros((1920, 1080, 3), np.uint8) + np.array(FLAT, np.uint8))
        subtitles.render_cue(text, 1080, 1920, 64).blend_onto(frame, 1080, 1920)
        return yuv.i420_to_rgb(frame, 1080, 1920)[BAND].astype(int)

    glyphs = expected()
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    monkeypatch.setattr(subtitles, "subtitle_font", lambda size: ImageFont.truetype(dejavu, size))
    tofu = expected()
    assert np.abs(glyphs - tofu).mean() > 2  # the two renders really differ
    assert np.abs(band - glyphs).mean() < 0.5 * np.abs(band - tofu).mean()
    assert result.cues[0].text == text


def test_crossfades_export_with_shorter_length(material, tmp_path: Path) -> None:
    m = material
    shots = [
        shot(m["still"], "static", 2.0, "One."),
        shot(m["grid"], "pan_left", 2.0),
        shot(m["still"], "tilt_up", 2.0),
    ]
    settings = ExportSettings(transition="crossfade", crossfade_s=0.5, encoder="libx264",
                              quality="draft")
    result = export_episode(shots, tmp_path / "xf.mp4", settings, music=m["music"])
    assert result.segments_made == 5  # three bodies, two crossfades
    assert abs(probe(result.path).duration - 5.0) <= 0.1
    middle = frame_at(result.path, 1.75).astype(int)  # halfway through the first fade
    flat, grid = np.array(FLAT), np.array((150, 60, 50))
    mean = middle[200:1000, 100:900].reshape(-1, 3).mean(axis=0)
    assert np.all(np.abs(mean - flat) > 5) and np.all(np.abs(mean - grid) > 5)


# -- caching, cancelling, failing -------------------------------------------------------
class DictDerive:
    """A fake project cache for derived files: counts how often it had to make one."""

    def __init__(self, folder: Path):
        self.folder, self.files, self.made = folder, {}, 0
        self.lock = threading.Lock()

    def __call__(self, key: dict[str, Any], ext: str, make) -> Path:
        canonical = json.dumps(key, sort_keys=True)
        if canonical not in self.files:
            with self.lock:  # the export makes two segments at a time
                self.made += 1
                path = self.folder / f"derived{self.made}.{ext}"
            make(path)
            self.files[canonical] = path
        return self.files[canonical]


def test_changing_one_shot_re_renders_one_segment(material, tmp_path: Path) -> None:
    m = material
    derive = DictDerive(tmp_path)
    voices = [m["hello"], None, None]

    def export(seed: int) -> None:
        shots = [
            shot(m["still"], "static", 2.0, "Hi."),
            shot(m["grid"], "pan_right", 2.0),
            shot(m["still"], "push_in", 2.0, seed=seed),
        ]
        export_episode(
            shots,
            tmp_path / "ep.mp4",
            ExportSettings(encoder="libx264", quality="draft"),
            voices=voices,
            music=m["music"],
            derive=derive,
        )

    export(seed=0)
    assert derive.made == 4  # three segments and the audio
    export(seed=0)
    assert derive.made == 4
    export(seed=9)
    assert derive.made == 5


def test_a_draft_is_the_same_delivery_file_from_x264s_fastest_preset(material, tmp_path) -> None:
    m = material
    derive = DictDerive(tmp_path)
    shots = [shot(m["still"], "static", 2.0, "Hi."), shot(m["grid"], "push_in", 2.0)]

    def export(quality: str, name: str) -> Path:
        export_episode(shots, tmp_path / name,
                       ExportSettings(label_text="AI生成", encoder="libx264", quality=quality),
                       voices=[m["hello"], None], music=m["music"], derive=derive)
        return tmp_path / name

    final = export("final", "final.mp4")
    assert derive.made == 3  # two segments and the sound
    draft = export("draft", "draft.mp4")
    assert derive.made == 5  # both segments encoded again; the sound is the same
    export("final", "again.mp4")
    assert derive.made == 5  # the final segments are still in the cache
    for path in (final, draft):
        info = probe(path)
        assert (info.width, info.height, info.fps) == (1080, 1920, 30.0)
        assert (info.video_codec, info.pix_fmt) == ("h264", "yuv420p")
        assert (info.audio_codec, info.sample_rate, info.channels) == ("aac", 48000, 2)
        assert abs(info.duration - 4.0) <= 0.1
    finals, drafts = x264_settings(final), x264_settings(draft)
    assert "crf=20.0" in finals and "cabac=1" in finals
    assert "crf=23.0" in drafts and "cabac=0" in drafts and "subme=0" in drafts
    assert draft.stat().st_size > final.stat().st_size
    for t in (0.5, 3.5):  # the same picture, mark and subtitle: only the encoding differs
        diff = np.abs(frame_at(final, t).astype(int) - frame_at(draft, t).astype(int))
        assert diff.mean() < 2.0, t


def test_cancelling_stops_the_export_mid_segment(material, tmp_path: Path) -> None:
    m = material
    shots = [shot(m["grid"], "push_in", 4.0, seed=i) for i in range(3)]
    cancel = threading.Event()
    encoding = threading.Event()
    outcome: list[BaseException] = []
    dest = tmp_path / "cancelled.mp4"

    def run() -> None:
        try:
            export_episode(shots, dest, ExportSettings(encoder="libx264"), cancel_event=cancel,
                           on_progress=lambda fraction, message: encoding.set())
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert encoding.wait(120), "the export never reported progress"
    cancel.set()
    worker.join(timeout=120)  # a bound for a broken build, not a speed figure
    assert not worker.is_alive()
    assert outcome and isinstance(outcome[0], Cancelled)
    assert not dest.exists() and not dest.with_suffix(".srt").exists()


def test_a_failing_ffmpeg_leaves_nothing_at_the_destination(material, tmp_path: Path) -> None:
    dest = tmp_path / "broken.mp4"
    with pytest.raises(MediaError, match="ffmpeg failed"):
        export_episode(
            [shot(material["still"], "static", 1.0, "Hi")],
            dest,
            ExportSettings(encoder="no_such_encoder"),
        )
    assert not dest.exists() and not dest.with_suffix(".srt").exists()
    assert list(tmp_path.iterdir()) == []  # no scratch left behind either


def test_an_animatic_burns_the_storyboard_caption_in_fixed_while_the_picture_moves(
    material, tmp_path: Path
) -> None:
    caption = {"shot": "s1", "heading": "S1  ·  pan left", "lines": ["She opens the door."],
               "style": "cinematic"}
    base = shot(material["grid"], "pan_left", 2.0)
    moving = ShotInput(base.source, base.duration, caption=caption)
    plain, animatic = tmp_path / "plain.mp4", tmp_path / "animatic.mp4"
    export_episode([base], plain, ExportSettings(subtitles=False, quality="draft"))
    export_episode([moving], animatic, ExportSettings(subtitles=False, quality="draft"))
    band = slice(1590, 1920)
    early, late = frame_at(animatic, 0.2)[band], frame_at(animatic, 1.8)[band]
    caption_pixels = frame_at(animatic, 0.2)[band].astype(int) - frame_at(plain, 0.2)[band]
    assert (np.abs(caption_pixels) > 60).mean() > 0.3  # the band and its text are drawn
    # The caption's text sits where it was while the grid pans under the band.
    text = (early.min(axis=2) > 200) & (late.min(axis=2) > 200)
    assert text.sum() > 500
    assert not np.array_equal(frame_at(plain, 0.2)[:1500], frame_at(plain, 1.8)[:1500])


def test_music_ducks_by_the_depth_the_creator_sets() -> None:
    from app.media.mix import RATE, duck_envelope

    voice = np.zeros(6 * RATE, np.float32)
    voice[2 * RATE : int(3.5 * RATE)] = 0.3 * np.sin(np.arange(int(1.5 * RATE)) / 8)
    for depth in (-6.0, -20.0):
        gain = duck_envelope(voice, voice.size, depth)
        under = 20 * np.log10(gain[int(2.8 * RATE)])
        assert under == pytest.approx(depth, abs=0.3)
        assert gain[int(0.5 * RATE)] == pytest.approx(1.0) and gain[-1] > 0.99  # recovered


def test_exports_render_with_one_opencv_thread_and_the_last_one_out_puts_it_back():
    import cv2

    from app.media.export import OPENCV_THREADS, _opencv_threads

    before = cv2.getNumThreads()
    cv2.setNumThreads(3)
    try:
        with _opencv_threads(OPENCV_THREADS):
            assert cv2.getNumThreads() == OPENCV_THREADS
            with _opencv_threads(OPENCV_THREADS):  # a second export at once
                assert cv2.getNumThreads() == OPENCV_THREADS
            assert cv2.getNumThreads() == OPENCV_THREADS  # the first is still rendering
        assert cv2.getNumThreads() == 3
    finally:
        cv2.setNumThreads(before)


class _ScribblingPool(yuv.FramePool):
    """A pool that paints every frame white the moment the encoder gives it back."""

    def give(self, frame: np.ndarray) -> None:
        frame[:] = 255


def test_the_encoder_is_done_with_a_frame_when_it_gives_it_back(tmp_path: Path) -> None:
    """Frames go to libx264 without a copy: one reused buffer, scribbled over as soon as
    it is given back, must still encode as the sixty greys it held at each encode."""
    from app.media.export import _encode_in_process, in_process_encoder

    if not in_process_encoder("libx264"):
        pytest.skip("PyAV has no libx264 here")
    import av

    settings = ExportSettings(width=270, height=480)
    buffer = yuv.new_frame(270, 480)

    def greys():
        for i in range(60):
            buffer[:] = 16 + i * 3
            yield buffer

    out = tmp_path / "greys.mp4"
    _encode_in_process(greys(), 60, out, settings, None, threading.Event(),
                       _ScribblingPool(270, 480))
    with av.open(str(out)) as container:
        levels = [int(np.median(f.to_ndarray(format="yuv420p")[:480]))
                  for f in container.decode(video=0)]
    assert len(levels) == 60
    assert all(abs(level - (16 + i * 3)) <= 2 for i, level in enumerate(levels)), levels
