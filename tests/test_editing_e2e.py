"""The human half of issue 16, end to end on a short demo: the creator's own phone clip
as shot 3, a recorded line, trims, per-cut transitions and subtitle corrections, each
checked in the MP4 and SRT it exports; then the cut handed off as OTIO and a JianYing
draft, read back.

One short project (the writer's shortest script, six shots of about a second) is exported
once and edited step by step; each step asserts what changed and, from the export's own
count, what was made again (segments, audio) and what came from the cache.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from app import cli
from app.core.engine import Engine
from app.core.graph import ChooseTake, SetParam
from app.core.store.project import Project
from app.core.takes import regenerate
from app.delivery.labels import read_labels
from app.media.ffmpeg import decode_audio, ffmpeg_path, ffprobe_path
from nodes.edit import SubtitleEdit
from nodes.registry import default_registry
from nodes.shot_edits import ShotChanges, edit_shot, episode_nodes, record_line, shot_ids
from tests.short_demo import LENGTH_S, SHOTS, x264_settings

W, H, FPS = 1080, 1920, 30
SHORT = 1.2  # s, every shot but the third
THIRD = 2.5  # s
TONE = 3000.0  # Hz, the phone clip's own sound
CHECKS = {"Consistency"}  # a free offline check of the stills; it follows the shot cards


# -- the creator's files ------------------------------------------------------------------


def phone_clip(path: Path, seconds: float = 3.0) -> Path:
    """A phone clip as phones write them: landscape-coded frames with a display matrix
    that turns them upright, 23.976 fps, with its own sound (a 3 kHz tone).

    Upright, the picture is red at the top, blue at the bottom, and a grey band in the
    middle whose level tells the clip's time (30 + 60 per second).
    """
    width, height, rate = 180, 320, 24000 / 1001
    count = round(seconds * rate)
    frames = []
    for k in range(count):
        upright = np.zeros((height, width, 3), np.uint8)
        upright[:100] = (220, 20, 20)
        upright[220:] = (20, 20, 220)
        upright[100:220] = int(30 + 60 * k / rate)
        frames.append(np.rot90(upright, -1))  # coded landscape, turned clockwise
    coded = path.with_name("coded.mp4")
    args = [ffmpeg_path(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", f"{height}x{width}", "-r", "24000/1001", "-i", "pipe:0",
            "-f", "lavfi", "-i", f"sine=frequency={TONE:g}:sample_rate=48000",
            "-t", f"{count / rate:.3f}", "-c:v", "libx264", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-af", "volume=0.5", str(coded)]
    subprocess.run(args, input=b"".join(np.ascontiguousarray(f).tobytes() for f in frames),
                   check=True, capture_output=True)
    # Tag the display matrix without re-encoding: the picture shows turned back upright.
    subprocess.run([ffmpeg_path(), "-v", "error", "-y", "-i", str(coded), "-c", "copy",
                    "-metadata:s:v:0", "rotate=90", str(path)], check=True, capture_output=True)
    return path


def recorded_take(path: Path) -> Path:
    """A recording of a line: 0.6 s of room noise, 0.8 s of 'voice' (a 440 Hz tone), 0.6 s."""
    rate = 48000
    noise = np.random.default_rng(1).normal(0, 0.0005, int(0.6 * rate))
    t = np.arange(int(0.8 * rate)) / rate
    voice = 0.4 * np.sin(2 * np.pi * 440 * t)
    samples = np.concatenate([noise, voice, noise])
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


# -- reading an export back -------------------------------------------------------------------


def frame(mp4: Path, index: int) -> np.ndarray:
    """Frame ``index`` of ``mp4`` as RGB, counted in decode order (``-ss`` would hand back
    the first frame at or after the time asked for, one frame late at a half-frame)."""
    raw = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-i", str(mp4), "-vf", f"select=eq(n\\,{index})",
         "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True, check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(H, W, 3)


def video_stream(mp4: Path) -> dict:
    out = subprocess.run(
        [ffprobe_path() or "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
         "-show_streams", "-of", "json", str(mp4)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)["streams"][0]


def tone_level(samples: np.ndarray, start: float, end: float, hz: float = TONE) -> float:
    """Amplitude of a pure tone at ``hz`` in ``samples`` (48 kHz mono) between two times."""
    piece = samples[round(start * 48000) : round(end * 48000)]
    t = np.arange(piece.size) / 48000
    return float(2 * np.abs(np.mean(piece * np.exp(-2j * np.pi * hz * t))))


class Episode:
    """The short project and what its last export made."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / "short"
        self.exports = 0
        self.done: set[str] = set()  # the scenario's steps taken, and those begun
        self.tried: set[str] = set()

    def project(self) -> Project:
        return Project.open(self.path, default_registry())

    def export(self) -> tuple[Path, dict]:
        """Run and export through the CLI; returns the MP4 and the episode's meta."""
        self.exports += 1
        mp4 = self.folder / f"ep{self.exports}.mp4"
        result = CliRunner().invoke(cli.cli, ["run", str(self.path), "--export", str(mp4)])
        assert result.exit_code == 0, result.output
        self.said = result.output.splitlines()
        with self.project() as project:
            nodes = episode_nodes(project.graph)
            meta = Engine(project).load_output(nodes.edit, "episode").meta
        return mp4, meta

    def plan(self) -> dict[str, list[int]]:
        """Per node title: the items (0-based) the next run makes."""
        with self.project() as project:
            plan = Engine(project).plan()
            return {
                project.graph.node(nid).title: (p.dirty_items if p.items else [0])
                for nid, p in plan.nodes.items() if p.dirty
            }


# -- the scenario's steps ---------------------------------------------------------------------
# Each step edits the project the step before it left and compares with that step's export,
# so the steps run in order (the module runs on one worker in collection order). A test run
# on its own (``-k jianying``) first runs the steps before it, as tests, so it checks the
# same project the whole module would; a step that failed is named by every step after it.
STEPS: list[Callable[..., None]] = []


def _take(test: Callable[..., None], episode: Episode, factory) -> None:
    name = test.__name__
    if name in episode.done:
        return
    if name in episode.tried:
        pytest.fail(f"this step follows {name}, which failed")
    episode.tried.add(name)
    wanted = inspect.signature(test).parameters
    given = {"episode": episode, "tmp_path_factory": factory}
    test(**{k: v for k, v in given.items() if k in wanted})
    episode.done.add(name)


def step(test: Callable[..., None]) -> Callable[..., None]:
    """A step of the scenario: the steps before it are taken first if they have not been."""
    earlier = list(STEPS)
    STEPS.append(test)

    def take(episode: Episode, tmp_path_factory) -> None:
        for before in earlier:
            _take(before, episode, tmp_path_factory)
        _take(test, episode, tmp_path_factory)

    take.__name__, take.__doc__ = test.__name__, test.__doc__
    return take


def after_the_steps(test: Callable[..., None]) -> Callable[..., None]:
    """A check of the finished cut: every step is taken first if it has not been."""

    def check(episode: Episode, tmp_path_factory) -> None:
        for before in STEPS:
            _take(before, episode, tmp_path_factory)
        test(episode, tmp_path_factory)

    check.__name__, check.__doc__ = test.__name__, test.__doc__
    return check


@pytest.fixture(scope="module")
def episode(tmp_path_factory) -> Episode:
    """The demo made short (six shots, 8.5 s), run and exported once."""
    ep = Episode(tmp_path_factory.mktemp("editing"))
    made = CliRunner().invoke(cli.cli, ["new", str(ep.path), "--template", "demo"])
    assert made.exit_code == 0, made.output
    length = CliRunner().invoke(cli.cli, ["set", str(ep.path), "Script", "length_s",
                                          str(LENGTH_S)])
    assert length.exit_code == 0, length.output
    drafted = CliRunner().invoke(cli.cli, ["set", str(ep.path), "Edit & Export", "quality",
                                           "draft"])  # the edits, not the encoding, are checked
    assert drafted.exit_code == 0, drafted.output
    ran = CliRunner().invoke(cli.cli, ["run", str(ep.path), "--only", "Shots"])
    assert ran.exit_code == 0, ran.output
    with ep.project() as project:
        nodes = episode_nodes(project.graph)
        ids = shot_ids(project, nodes)
        overrides = {i: {"duration": THIRD if n == 2 else SHORT} for n, i in enumerate(ids)}
        overrides[ids[2]]["line"] = "Go."  # a short line, so the clip's sound is heard after it
        project.undo.push(SetParam(nodes.shots, "overrides", overrides))
    ep.first, ep.first_meta = ep.export()
    ep.first_said = ep.said
    return ep


def test_a_draft_is_encoded_as_one_and_the_export_says_so(episode):
    """The node's quality setting (set by the fixture, as a creator would) reaches the
    encoder: x264's fastest preset at CRF 23, in the delivery format."""
    settings = x264_settings(episode.first)
    assert "cabac=0" in settings and "crf=23.0" in settings, settings
    stream = video_stream(episode.first)
    assert (stream["width"], stream["height"], stream["pix_fmt"]) == (1080, 1920, "yuv420p")
    # one line, however long (here over 100 characters): the console does not wrap it
    said = [line for line in episode.first_said if line.startswith("exported ")]
    assert len(said) == 1 and len(said[0]) > 80, episode.first_said
    assert re.fullmatch(r"exported \S+ep1\.mp4 \(8\.50 s, [\d.]+ MB; a draft: set quality final"
                        r" for upload\)", said[0]), said


def spans(meta: dict) -> list[tuple[int, int]]:
    return [(s["start"], s["frames"]) for s in meta["timeline"]["shots"]]


# -- 1. the creator's phone clip becomes shot 3 ----------------------------------------------


@step
def test_a_rotated_phone_clip_becomes_shot_3_upright_at_30_fps_with_its_sound_ducked(
    episode, tmp_path_factory
):
    clip = phone_clip(tmp_path_factory.mktemp("phone") / "IMG_0042.MOV.mp4")
    with episode.project() as project:
        edit_shot(project, 3, ShotChanges(clip=clip))
        nodes = episode_nodes(project.graph)
        clips_node, stills_node = nodes.clips, nodes.stills
        own = project.graph.node(clips_node).params["own"]
        stored = project.artifacts.require(own[shot_ids(project)[2]])
        assert stored.path.is_relative_to(project.media_dir)  # copied into the project
        assert stored.meta["own_material"] and stored.meta["source_name"] == clip.name
        labels = {nid: project.graph.node(nid).title for nid in project.graph.nodes}
    planned = episode.plan()
    # Only shot 3's clip (and the still that now shows its footage) and the edit re-run.
    assert planned.pop(labels[clips_node]) == [2]
    assert planned.pop(labels[stills_node]) == [2]
    assert planned.pop("Lip sync") == [2]  # the demo's lip sync passes own footage through
    assert set(planned) - CHECKS == {"Edit & Export"}, planned

    mp4, meta = episode.export()
    assert meta["segments_made"] == 1 and meta["audio_made"] is True  # shot 3's body, the mix
    assert spans(meta) == spans(episode.first_meta)
    stream = video_stream(mp4)
    assert stream["r_frame_rate"] == "30/1" and stream["width"] == W and stream["height"] == H
    assert int(stream["nb_read_frames"]) == meta["timeline"]["frames"]
    start, frames = spans(meta)[2]
    picture = frame(mp4, start + frames // 2)
    top, middle, bottom = picture[400], picture[960], picture[1450]
    assert top[:, 0].mean() > 150 > top[:, 2].mean() + 60  # red on top: upright
    assert bottom[:, 2].mean() > 150 > bottom[:, 0].mean() + 60  # blue at the bottom
    assert abs(middle[W // 2].mean() - (30 + 60 * frames / 2 / FPS)) < 25  # clip time
    # Its own sound plays in shot 3, ducked while the line is spoken over it.
    voice = next(v for v in meta["timeline"]["voices"] if v["shot"] == 2)
    audio = decode_audio(mp4, 48000, 1)[:, 0]
    during = tone_level(audio, voice["start"] + 0.15, voice["start"] + voice["duration"])
    after = tone_level(audio, voice["start"] + voice["duration"] + 0.6, (start + frames) / FPS - 0.1)
    before_clip = tone_level(audio, 0.1, spans(meta)[1][0] / FPS)
    assert after > 5 * before_clip  # the tone is the clip's, not the music's
    assert during < 0.6 * after  # about -10 dB under the line
    # Provenance, label and C2PA say shot 3 is the creator's own footage.
    record = json.loads(mp4.with_suffix(".provenance.json").read_text())
    shot3 = record["shots"][2]
    assert shot3["origin"] == "human" and shot3["clip"]["origin"] == "human"
    assert shot3["clip"]["source_name"] == clip.name
    assert all(s["origin"] != "human" for i, s in enumerate(record["shots"]) if i != 2)
    summary = read_labels(mp4).manifest.summary
    assert summary["shots"][2]["origin"] == "human"
    assert summary["shots"][2]["own_material"] == ["clip"]
    episode.clip_meta = meta
    episode.clip_mp4 = mp4


# -- 2. a trim re-cuts, never re-generates ----------------------------------------------------


@step
def test_a_trim_recuts_shot_3_from_its_new_in_point_and_regenerates_nothing(episode):
    with episode.project() as project:
        edit_shot(project, 3, ShotChanges(trim=(1.0, 3.0)))
    # No still, clip or voice again: only the shot card, the edit and the (free) check.
    assert set(episode.plan()) - CHECKS == {"Shots", "Edit & Export"}
    mp4, meta = episode.export()
    start, frames = spans(meta)[2]
    assert frames == 2 * FPS  # OUT - IN
    old = spans(episode.clip_meta)
    assert spans(meta)[3][0] == old[3][0] - (old[2][1] - frames)  # later shots move up
    first = frame(mp4, start + 1)[960, W // 2].mean()
    assert abs(first - (30 + 60 * (1.0 + 1 / FPS))) < 20  # the clip's second 1, not 0
    # Shots after 3 only moved: their segments came from the cache; the audio is re-mixed.
    assert meta["segments_made"] == 1 and meta["audio_made"] is True
    episode.trim_meta = meta


# -- 3. per-cut transitions ----------------------------------------------------------------------


@step
def test_per_cut_transitions_fade_through_black_and_flash_exactly_at_their_cuts(episode):
    with episode.project() as project:
        edit_shot(project, 1, ShotChanges(transition="fade_black", transition_s=0.4))
        edit_shot(project, 5, ShotChanges(transition="flash", transition_s=0.2))
    mp4, meta = episode.export()
    assert spans(meta) == spans(episode.trim_meta)  # dips do not overlap shots
    kinds = [t["kind"] for t in meta["timeline"]["transitions"]]
    expected = ["cut"] * (SHOTS - 1)  # one after every shot but the last
    expected[0], expected[4] = "fade_black", "flash"
    assert kinds == expected
    black_cut, flash_cut = spans(meta)[1][0], spans(meta)[5][0]
    assert frame(mp4, black_cut - 1)[200:1500].reshape(-1, 3).mean(axis=0).max() < 30  # black
    assert frame(mp4, black_cut - 12)[200:1500].mean() > 45  # not long before it
    assert frame(mp4, flash_cut)[200:1500].reshape(-1, 3).mean(axis=0).min() > 200  # white
    assert frame(mp4, flash_cut + 6)[200:1500].mean() < 200
    # Each dip re-made its segment and the two bodies beside it; nothing moved: same audio.
    assert meta["segments_made"] == 6 and meta["audio_made"] is False


# -- 4. subtitle corrections, the script untouched ---------------------------------------------------


@step
def test_a_subtitle_split_and_retimed_changes_the_srt_and_only_that_shot(episode):
    with episode.project() as project:
        ids = shot_ids(project)
        line = Engine(project).load_output(episode_nodes(project.graph).shots, "shots")[1].line
        first, rest = line.split(". ", 1)  # the line split in two subtitles, as a creator would
        head = f"{first}."
        edits = [SubtitleEdit(text=head), SubtitleEdit(text=rest, start=0.6, end=1.1)]
        edit_shot(project, 2, ShotChanges(subtitles=edits))
    assert set(episode.plan()) - CHECKS == {"Edit & Export"}  # the line (and voice) is kept
    before = episode.exports
    previous = episode.folder / f"ep{before}.mp4"
    assert line in previous.with_suffix(".srt").read_text(encoding="utf-8").replace("\n", " ")
    mp4, meta = episode.export()
    srt = mp4.with_suffix(".srt").read_text(encoding="utf-8")
    assert line not in srt.replace("\n", " ")
    assert head in srt and rest in srt
    shot2 = [c for c in meta["timeline"]["cues"] if c["shot"] == 1]
    assert [c["text"] for c in shot2] == [head, rest]
    start2 = spans(meta)[1][0] / FPS
    assert shot2[1]["start"] == pytest.approx(start2 + 0.6, abs=0.01)
    assert shot2[1]["end"] == pytest.approx(start2 + 1.1, abs=0.01)
    assert meta["segments_made"] >= 1 and meta["audio_made"] is False
    # Shot 4's frames (between two plain cuts) are the cached segment's: identical to the
    # previous export.
    index = spans(meta)[3][0] + 10
    assert np.array_equal(frame(previous, index), frame(mp4, index))
    assert ids[1] not in json.dumps(meta["timeline"]["shots"][0])  # sanity: shot order kept


# -- 5. a recorded take of one line ----------------------------------------------------------------


@step
def test_a_recorded_take_of_one_line_is_a_take_and_the_other_lines_stay_generated(
    episode, tmp_path_factory
):
    take_file = recorded_take(tmp_path_factory.mktemp("rec") / "line2.wav")
    with episode.project() as project:
        take = record_line(project, 2, take_file)
        nodes = episode_nodes(project.graph)
        voices_title = project.graph.node(nodes.voices).title
        # Back to the spoken take, then "regenerate": the new take does not reuse the
        # recording's number (it has not run yet, so no take row holds it).
        item = shot_ids(project)[1]
        project.undo.push(ChooseTake(nodes.voices, item, 0))
        assert regenerate(Engine(project), nodes.voices, 1) == 2
        project.undo.undo()
        project.undo.undo()
        assert project.graph.node(nodes.voices).takes[item] == 1
    assert take == 1
    planned = episode.plan()
    assert planned.pop(voices_title) == [1]
    assert planned.pop("Lip sync") == [1]  # the mouth follows the recorded line now
    assert set(planned) - CHECKS == {"Edit & Export"}
    mp4, meta = episode.export()
    placed = next(v for v in meta["timeline"]["voices"] if v["shot"] == 1)
    assert placed["duration"] == pytest.approx(0.8 + 0.2, abs=0.15)  # silence trimmed
    record = json.loads(mp4.with_suffix(".provenance.json").read_text())
    assert record["shots"][1]["voice"]["origin"] == "human"
    assert record["shots"][0]["voice"]["origin"] == "procedural"
    episode.final, episode.final_meta = mp4, meta


# -- 6. hand-off ----------------------------------------------------------------------------------------


@after_the_steps
def test_the_otio_reads_back_with_the_exports_clips_durations_and_media(episode, tmp_path_factory):
    import opentimelineio as otio

    out = tmp_path_factory.mktemp("resolve") / "short.otio"
    result = CliRunner().invoke(
        cli.cli, ["timeline", str(episode.path), str(out), "--format", "otio"])
    assert result.exit_code == 0, result.output
    timeline = otio.adapters.read_from_file(str(out))
    video = timeline.video_tracks()[0]
    clips = list(video.find_clips())
    meta = episode.final_meta["timeline"]
    assert [c.metadata["shotgraph"]["shot"] for c in clips] == [s["id"] for s in meta["shots"]]
    assert abs(timeline.duration().to_seconds() - meta["frames"] / FPS) <= 1 / FPS
    for clip, (start, frames) in zip(clips, spans(episode.final_meta), strict=True):
        assert abs(clip.duration().to_frames() - frames) <= 1
        assert abs(video.range_of_child(clip).start_time.to_frames() - start) <= 1
    references = [c.media_reference for track in timeline.tracks for c in track.find_clips()]
    assert len(references) >= len(clips) + 2  # shots, voices, music
    for ref in references:
        path = Path(otio.url_utils.filepath_from_url(ref.target_url))
        assert path.is_file() and path.is_relative_to(out.parent)
    shot3 = Path(otio.url_utils.filepath_from_url(clips[2].media_reference.target_url))
    assert video_stream(shot3)["r_frame_rate"] == "30/1"
    assert "AI label" in " ".join(m.name for m in timeline.tracks.markers)
    assert (out.parent / "README.txt").read_text().startswith("short - a ShotGraph timeline")


@after_the_steps
def test_the_jianying_draft_has_its_tracks_segments_in_microseconds_and_media_inside(
    episode, tmp_path_factory
):
    folder = tmp_path_factory.mktemp("jy") / "Short episode"
    result = CliRunner().invoke(
        cli.cli, ["timeline", str(episode.path), str(folder), "--format", "jianying"])
    assert result.exit_code == 0, result.output
    content = json.loads((folder / "draft_content.json").read_text(encoding="utf-8"))
    assert (folder / "draft_info.json").read_text() == (folder / "draft_content.json").read_text()
    meta_info = json.loads((folder / "draft_meta_info.json").read_text())
    assert meta_info["draft_name"] == "Short episode"
    meta = episode.final_meta["timeline"]
    assert content["duration"] == round(meta["frames"] * 1_000_000 / FPS)
    assert content["canvas_config"]["width"] == W and content["canvas_config"]["height"] == H
    tracks = {(t["type"], t["name"]): t["segments"] for t in content["tracks"]}
    assert set(tracks) == {("video", "shots"), ("audio", "voices"), ("audio", "music"),
                           ("text", "subtitles"), ("text", "AI label")}
    shots = tracks[("video", "shots")]
    assert len(shots) == len(meta["shots"])
    at = 0
    for seg in shots:  # abutting, whole microseconds
        times = seg["target_timerange"]
        assert isinstance(times["start"], int) and isinstance(times["duration"], int)
        assert times["start"] == at
        at += times["duration"]
    assert at == content["duration"]
    materials = {m["id"]: m for kind in ("videos", "audios", "texts")
                 for m in content["materials"][kind]}
    for kind in ("videos", "audios"):
        for m in content["materials"][kind]:
            path = Path(m["path"])
            assert path.is_file() and path.is_relative_to(folder), m["path"]
    texts = [json.loads(materials[s["material_id"]]["content"])["text"]
             for s in tracks[("text", "subtitles")]]
    assert texts == [c["text"] for c in meta["cues"]]
    (label,) = tracks[("text", "AI label")]
    assert "AI" in json.loads(materials[label["material_id"]]["content"])["text"]
    assert shots[2]["volume"] == 1.0 and shots[0]["volume"] == 0.0  # own sound kept
    assert "JianYing" in (folder / "README.txt").read_text()
    again = CliRunner().invoke(
        cli.cli, ["timeline", str(episode.path), str(folder), "--format", "jianying"])
    assert again.exit_code == 2 and "already exists" in again.output


@after_the_steps
def test_capcut_and_fcpxml_are_written_from_the_same_cut(episode, tmp_path_factory):
    import xml.etree.ElementTree as ET

    base = tmp_path_factory.mktemp("more")
    runner = CliRunner()
    made = runner.invoke(cli.cli, ["timeline", str(episode.path), str(base / "cc"),
                                   "--format", "capcut"])
    assert made.exit_code == 0, made.output
    content = json.loads((base / "cc" / "draft_info.json").read_text(encoding="utf-8"))
    assert content["platform"]["app_source"] == "cc"
    assert content["duration"] == round(episode.final_meta["timeline"]["frames"] * 1e6 / FPS)
    made = runner.invoke(cli.cli, ["timeline", str(episode.path), str(base / "ep.fcpxml"),
                                   "--format", "fcpxml"])
    assert made.exit_code == 0, made.output
    root = ET.parse(base / "ep.fcpxml").getroot()
    assets = root.findall("./resources/asset")
    shots = [a for a in assets if Path(a.get("src", "")).name.startswith("shot")]
    assert len(shots) == len(episode.final_meta["timeline"]["shots"])
    for asset in assets:
        assert Path(asset.get("src").removeprefix("file://")).is_file()
