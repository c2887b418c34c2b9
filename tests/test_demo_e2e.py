"""The README's main job, end to end: the demo template exported through the CLI.

Everything here is read back from the files a creator gets: the MP4 (ffprobe, decoded
frames, ffmpeg's loudness meter), the SRT, the provenance record, the labels embedded
in the file, and the project's SQLite.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from app import cli
from app.core.graph import SetParam
from app.core.store.models import NodeRunRow
from app.core.store.project import Project
from app.delivery.labels import label_box, label_patch, read_labels
from app.media.ffmpeg import ffmpeg_path, ffprobe_path
from nodes.registry import default_registry
from tests.short_demo import SHOT_S

W, H = 1080, 1920


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo exported once; later tests edit it and export again."""
    folder = tmp_path_factory.mktemp("demo")
    path, mp4 = folder / "ep1", folder / "ep1.mp4"
    runner = CliRunner()
    made = runner.invoke(cli.cli, ["new", str(path), "--template", "demo"])
    assert made.exit_code == 0, made.output
    result = runner.invoke(cli.cli, ["run", str(path), "--export", str(mp4)])
    assert result.exit_code == 0, result.output
    return path, mp4


def _probe(mp4: Path) -> dict:
    out = subprocess.run(
        [ffprobe_path() or "ffprobe", "-v", "error", "-show_streams", "-show_format",
         "-of", "json", str(mp4)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)


def _frame(mp4: Path, t: float) -> np.ndarray:
    raw = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-ss", f"{t:.3f}", "-i", str(mp4), "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True, check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(H, W, 3)


def _loudness(mp4: Path) -> tuple[float, float]:
    log = subprocess.run(
        [ffmpeg_path(), "-nostats", "-i", str(mp4), "-af", "ebur128=peak=true", "-f", "null",
         "-"],
        capture_output=True, text=True, check=True,
    ).stderr
    summary = log[log.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return integrated, peak


def _srt(path: Path) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        start, end = (seconds(x.strip()) for x in lines[1].split("-->"))
        cues.append((start, end, " ".join(lines[2:])))
    return cues


def _nodes(path: Path) -> dict[str, str]:
    """type_id -> node id of the demo's nodes."""
    project = Project.open(path, default_registry())
    try:
        return {node.type_id: nid for nid, node in project.graph.nodes.items()}
    finally:
        project.close()


def _shots(path: Path) -> list[dict]:
    """The demo's shots as the export saw them, from the script in the store."""
    record = json.loads(path.parent.joinpath("ep1.provenance.json").read_text("utf-8"))
    return record["shots"]


def test_the_demo_has_the_delivery_format(demo):
    _, mp4 = demo
    info = _probe(mp4)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", W, H)
    assert video["r_frame_rate"] == "30/1" and video["pix_fmt"] == "yuv420p"
    assert video.get("color_primaries") == "bt709"
    assert (audio["codec_name"], audio["sample_rate"]) == ("aac", "48000")
    # +faststart: the index (moov) comes before the media data
    boxes = _top_level_boxes(mp4)
    assert boxes.index("moov") < boxes.index("mdat"), boxes


def _top_level_boxes(mp4: Path) -> list[str]:
    data, names, at = mp4.read_bytes(), [], 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        names.append(data[at + 4 : at + 8].decode("latin-1"))
        if size == 1:
            size = int.from_bytes(data[at + 8 : at + 16], "big")
        if size < 8:
            break
        at += size
    return names


def test_the_demo_is_a_microdrama_of_the_right_length(demo):
    path, mp4 = demo
    project = Project.open(path, default_registry())
    try:
        shots_node = next(n for n, node in project.graph.nodes.items()
                          if node.type_id == "script.shots")
        from app.core.engine import Engine

        shots = Engine(project).load_output(shots_node, "shots")
    finally:
        project.close()
    assert 6 <= len(shots) <= 10
    assert len({s.speaker for s in shots if s.speaker}) >= 2
    timeline = sum(s.duration for s in shots)
    assert 30 <= timeline <= 60
    duration = float(_probe(mp4)["format"]["duration"])
    assert duration == pytest.approx(timeline, abs=0.1)


def test_the_demo_is_at_minus_14_lufs_below_minus_1_dbtp(demo):
    integrated, peak = _loudness(demo[1])
    assert integrated == pytest.approx(-14.0, abs=1.0)
    assert peak <= -1.0 + 0.2  # ebur128's true-peak meter reads a little above the limiter


def test_subtitles_are_in_the_srt_and_burned_in_during_their_line(demo):
    _, mp4 = demo
    cues = _srt(mp4.with_suffix(".srt"))
    assert len(cues) >= 6
    duration = float(_probe(mp4)["format"]["duration"])
    assert all(0 <= a < b <= duration + 0.05 for a, b, _ in cues)
    band = slice(int(H * 0.55), int(H * 0.85))  # above the phone UI at the bottom
    start, end, _ = cues[0]
    during = _frame(mp4, (start + end) / 2)[band]
    before_next = cues[1][0]
    gap = _frame(mp4, (end + before_next) / 2)[band] if before_next - end > 0.2 else None
    white = lambda img: int(((img.min(axis=2) > 235)).sum())  # noqa: E731
    assert white(during) > 2000  # the line's white glyphs
    if gap is not None:
        assert white(gap) < white(during) / 4


def test_the_export_carries_both_ai_labels_and_a_provenance_record(demo):
    _, mp4 = demo
    record = json.loads(mp4.with_suffix(".provenance.json").read_text("utf-8"))
    assert record["episode"] == "ep1"
    assert record["totals"]["shots"] == len(record["shots"])
    assert record["totals"]["shots_synthetic"] == len(record["shots"])
    assert record["labels"]["visible"] is True
    report = read_labels(mp4)
    assert report.ok, report.problems
    assert report.implicit.present and report.manifest is not None
    # the visible mark is in its box on a frame
    frame = _frame(mp4, 1.0)
    patch = label_patch(record["labels"]["text"], W, H)
    x, y = label_box(patch.size, W, H, record["labels"]["position"])
    box = frame[y : y + patch.height, x : x + patch.width]
    assert (box.min(axis=2) > 220).sum() > 300  # white label glyphs


def test_editing_one_shot_re_runs_its_still_clip_and_the_export_only(demo):
    path, mp4 = demo
    nodes = _nodes(path)
    shot_ids = [s["shot_id"] for s in _shots(path)]
    target = 2
    project = Project.open(path, default_registry())
    try:
        project.undo.push(SetParam(nodes["script.shots"], "overrides", {
            shot_ids[target]: {"description": "Clara drops the tray; glass shatters at his feet."}
        }))
    finally:
        project.close()
    out2 = mp4.with_name("ep1-edited.mp4")
    result = CliRunner().invoke(cli.cli, ["run", str(path), "--export", str(out2)])
    assert result.exit_code == 0, result.output
    project = Project.open(path, default_registry())
    try:
        with project.session() as s:
            run_id = s.scalar(select(NodeRunRow.run_id).order_by(NodeRunRow.run_id.desc()))
            ran = s.execute(select(NodeRunRow.node_id, NodeRunRow.item_index).where(
                NodeRunRow.run_id == run_id, NodeRunRow.status == "ran")).all()
    finally:
        project.close()
    by_type = {t: sorted(i for n, i in ran if n == nid) for t, nid in nodes.items()}
    assert by_type["image.generate"] == [target]
    assert by_type["video.animate"] == [target]
    assert by_type["edit.export"] == [None]
    for untouched in ("script.write", "voice.speak", "music.score"):
        assert by_type[untouched] == [], untouched
    assert float(_probe(out2)["format"]["duration"]) == pytest.approx(
        float(_probe(mp4)["format"]["duration"]), abs=0.05)


def test_turning_the_visible_label_off_is_explicit_and_recorded(demo, tmp_path):
    demo_path, mp4 = demo
    # On a copy of the demo with every shot cut as short as a creator can cut it, exported
    # as a draft: the mark is burned into every frame, and the shorter export shows the
    # same without it (the frames compared are both in shot 1; the mark's box is all that
    # is read of them).
    path = tmp_path / "ep1"
    shutil.copytree(demo_path, path, ignore=shutil.ignore_patterns(".shotgraph*.lock"))
    nodes = _nodes(path)
    project = Project.open(path, default_registry())
    try:
        overrides = dict(project.graph.node(nodes["script.shots"]).params.get("overrides", {}))
        for shot in _shots(demo_path):
            overrides[shot["shot_id"]] = {**overrides.get(shot["shot_id"], {}), "duration": SHOT_S}
        project.undo.push(SetParam(nodes["script.shots"], "overrides", overrides))
        project.undo.push(SetParam(nodes["edit.export"], "ai_label", "off"))
        project.undo.push(SetParam(nodes["edit.export"], "label_off_reason",
                                   "the platform adds its own label"))
        project.undo.push(SetParam(nodes["edit.export"], "quality", "draft"))  # not its subject
    finally:
        project.close()
    off = tmp_path / "ep1-nolabel.mp4"
    result = CliRunner().invoke(cli.cli, ["run", str(path), "--export", str(off)])
    assert result.exit_code == 0, result.output
    record = json.loads(off.with_suffix(".provenance.json").read_text("utf-8"))
    labels = record["labels"]
    assert labels["visible"] is False and labels["visible_overridden"] is True
    assert labels["off_reason"] == "the platform adds its own label"
    assert labels["warnings"], "turning the mark off on AI video must warn"
    # no mark in its box, while the metadata label and C2PA manifest stay
    patch = label_patch(labels["text"], W, H)
    x, y = label_box(patch.size, W, H, labels["position"])
    box = (slice(y, y + patch.height), slice(x, x + patch.width))
    t = SHOT_S / 2
    with_mark, without = _frame(mp4, t)[box], _frame(off, t)[box]
    assert (without.min(axis=2) > 220).sum() < 50 <= (with_mark.min(axis=2) > 220).sum()
    report = read_labels(off)
    assert report.implicit.present and report.manifest is not None
    assert report.visible_declared is False
