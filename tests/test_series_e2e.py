"""A season end to end through the CLI: a 3-episode series from the demo template, its
episodes made short (``tests.short_season``: six one-second shots each).

One series is made and exported once (module fixture); the tests then read what a
creator gets (the MP4s, decoded), the series' SQLite files (``node_run``, ``artifact``)
and the scripts, and finally change the style and count what ran again.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import av
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import cli
from app.core.series.season import Series
from app.core.series.spec import load_spec
from app.core.store.models import CacheEntryRow, NodeRunRow
from app.delivery.references import load_references
from app.media.ffmpeg import ffprobe_path
from nodes.registry import default_registry
from tests.short_demo import FPS, SHOT_S, SHOTS
from tests.short_season import EPISODES, video_packets

pytestmark = pytest.mark.timeout(3600)  # demo episodes on a shared two-core machine


def shotgraph(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.cli, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def season(exported_season):
    """The demo series, made and exported once (``tests.short_season.exported_season``)."""
    return exported_season.folder, exported_season.out, exported_season.output


def node_runs(folder: Path, number: int, run_id: int | None = None) -> list[NodeRunRow]:
    series = Series(folder, default_registry())
    try:
        project = series.episode(number)
        with Session(project.engine) as session:
            last = run_id or session.scalar(select(func.max(NodeRunRow.run_id)))
            rows = session.scalars(select(NodeRunRow).where(NodeRunRow.run_id == last)).all()
            types = {n.id: n.type_id for n in project.graph.nodes.values()}
            session.expunge_all()
        for row in rows:
            row.type_id = types[row.node_id]
        return list(rows)
    finally:
        series.close()


def ran_types(rows: list[NodeRunRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        if row.status == "ran":
            counts[row.type_id] = counts.get(row.type_id, 0) + 1
    return counts


def test_three_episodes_export_three_valid_mp4s(season):
    folder, out, output = season
    files = sorted(out.glob("*.mp4"))
    assert [f.name for f in files] == ["ep01.mp4", "ep02.mp4", "ep03.mp4"]
    for mp4 in files:
        probe = json.loads(subprocess.run(
            [ffprobe_path() or "ffprobe", "-v", "error", "-show_streams", "-of", "json",
             str(mp4)], capture_output=True, text=True, check=True).stdout)
        kinds = {s["codec_type"]: s for s in probe["streams"]}
        assert kinds["video"]["codec_name"] == "h264"
        assert (kinds["video"]["width"], kinds["video"]["height"]) == (1080, 1920)
        assert kinds["audio"]["codec_name"] == "aac"
        with av.open(str(mp4)) as container:
            frames = sum(1 for _ in container.decode(video=0))
        assert frames == SHOTS * SHOT_S * FPS  # a whole episode decodes, not a header
    assert "season: 3 episodes in this process" in output.splitlines()[-1]
    # the three episodes are different stories
    assert len({video_packets(f)[40] for f in files}) == 3


def test_cast_references_made_once_for_every_episode(season):
    folder, _, _ = season
    ran = [ran_types(node_runs(folder, n, run_id=1)).get("character.bible", 0)
           for n in range(1, EPISODES + 1)]
    assert ran == [1, 0, 0]  # episode 1 made the cast's sheets; 2 and 3 used them
    series = Series(folder, default_registry())
    try:
        refs = []
        for n in series.numbers:
            project = series.episode(n)
            bible = next(x for x in project.graph.nodes.values()
                         if x.type_id == "character.bible")
            from app.core.engine import Engine

            refs.append(tuple(Engine(project).output(bible.id)["references"]))
        assert len(set(refs)) == 1 and len(refs[0]) == 3  # one artifact per character
        with Session(series.store.engine) as session:
            bible_entries = session.scalar(select(func.count()).select_from(CacheEntryRow)
                                           .where(CacheEntryRow.node_type == "character.bible"))
        assert bible_entries == 1  # counted once, in the one store
        assert not any((folder / f"ep0{n}" / "media").exists() and
                       any((folder / f"ep0{n}" / "media").glob("??/*"))
                       for n in series.numbers)  # no episode keeps media of its own
    finally:
        series.close()


def test_episode_two_carries_names_and_a_revealed_fact(season):
    folder, _, _ = season
    spec = load_spec(folder)
    revealed = spec.outline.episodes[0].reveal
    series = Series(folder, default_registry())
    try:
        from app.core.engine import Engine

        project = series.episode(2)
        writer = next(x for x in project.graph.nodes.values() if x.type_id == "script.write")
        script = Engine(project).load_output(writer.id, "script")
    finally:
        series.close()
    text = json.dumps(script.model_dump(mode="json"), ensure_ascii=False)
    for name in ("Clara", "Julian", "Mia"):
        assert name in text
    assert [c.name for c in script.characters] == ["Clara", "Julian", "Mia"]
    assert revealed and revealed in text  # what episode 1 revealed, told again in 2


def test_second_run_runs_nothing(season):
    folder, _, _ = season
    code, output = shotgraph("series", "run", str(folder))
    assert code == 0, output
    assert "0 items ran" in output.splitlines()[-1]
    for n in range(1, EPISODES + 1):
        assert ran_types(node_runs(folder, n)) == {}


def test_status_and_dry_run_after_the_run(season):
    folder, _, _ = season
    code, output = shotgraph("series", "status", str(folder), "--json")
    assert code == 0, output
    rows = json.loads(output)["episodes"]
    assert [r["state"] for r in rows] == ["done"] * EPISODES
    assert all(r["duration_s"] == pytest.approx(SHOTS * SHOT_S, abs=0.05) and r["stale"] == []
               for r in rows)
    code, output = shotgraph("series", "run", str(folder), "--dry-run")
    assert code == 0, output
    assert output.splitlines()[-1].startswith("dry run: 3 episodes, estimated 0.00")


def test_series_folder_is_a_match_reference(season):
    folder, _, _ = season
    ledgers = load_references(folder)
    assert len({r.ledger_sha256 for r in ledgers}) >= EPISODES


def test_outline_edit_of_one_episode_stales_that_episode_only(season):
    folder, _, _ = season
    series = Series(folder, default_registry())
    try:
        spec = series.spec.model_copy(deep=True)
        spec.outline.episodes[2].premise += " A storm cuts the power."
        changed = series.update_spec(spec)
        from app.core.series.batch import season_status

        stale = {s.number: s.stale for s in season_status(series)}
        assert list(changed) == [3]
        assert stale[1] == [] and stale[2] == []
        assert "Script" in stale[3] and "Edit & Export" in stale[3]
        spec.outline.episodes[2].premise = spec.outline.episodes[2].premise.removesuffix(
            " A storm cuts the power.")
        series.update_spec(spec)
        assert all(not s.stale for s in season_status(series))
    finally:
        series.close()


def test_style_change_reruns_exactly_stills_clips_and_exports(season):
    folder, out, _ = season
    spec = load_spec(folder)
    assert spec.style.get("preset") != "noir"
    series = Series(folder, default_registry())
    try:
        spec.style = {**spec.style, "preset": "noir"}
        changed = series.update_spec(spec)
    finally:
        series.close()
    assert sorted(changed) == [1, 2, 3] and all(v == ["Style"] for v in changed.values())
    code, output = shotgraph("series", "run", str(folder), "--export", str(out))
    assert code == 0, output
    for n in range(1, EPISODES + 1):
        rows = node_runs(folder, n)
        ran = ran_types(rows)
        # what ran again: the style (once for the season: episode 1 makes it) and the shot
        # cards that carry it (data, made in memory), every still, every clip made from
        # them, and the export
        first = {"style.preset"} if n == 1 else set()
        assert set(ran) == {"script.shots", "image.generate", "video.animate",
                            "edit.export"} | first, ran
        shots = ran["image.generate"]
        assert shots >= 6 and ran["video.animate"] == shots and ran["edit.export"] == 1
        cached = {}
        for r in rows:
            if r.status == "cached":
                cached[r.type_id] = cached.get(r.type_id, 0) + 1
        # nothing else: the script, the cast's sheets, the voices and the score are reused;
        # the offline storyboard draws no style into its pixels, so the clips' bytes are the
        # same and their lip sync (keyed by content) is reused too
        shared = {} if n == 1 else {"style.preset": 1}
        assert cached == {"script.write": 1, "character.bible": 1, "music.score": 1,
                          "voice.speak": shots, "video.lipsync": shots, **shared}, cached
        assert {r.status for r in rows} == {"ran", "cached"}
    assert len(list(out.glob("*.mp4"))) == EPISODES
