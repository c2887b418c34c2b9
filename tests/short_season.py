"""A demo season made short for the season tests: each episode is the demo made short
(``tests.short_demo``: the writer's shortest script, six shots, each cut to ``SHOT_S``
seconds in the Shots node). Every node of the demo still runs; only the export (the slow
part) is a fraction of the length, and a draft (``tests.short_demo.draft``).

``exported_season`` (a session fixture; a plugin of tests/conftest.py): one such season
made and exported in this process, shared by the season's end-to-end tests and the Ray
tests, which must make the same MP4s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

from app import cli
from app.core.series.season import Series
from nodes.registry import default_registry
from tests.short_demo import LENGTH_S, cut_shots, draft


def make_short_season(folder: Path, episodes: int) -> None:
    """``shotgraph series new FOLDER --template demo``, made short (see the module)."""
    result = CliRunner().invoke(cli.cli, ["series", "new", str(folder), "--episodes",
                                          str(episodes), "--template", "demo"])
    assert result.exit_code == 0, result.output
    spec = json.loads((folder / "series.json").read_text())
    spec["writer"]["length_s"] = LENGTH_S
    (folder / "series.json").write_text(json.dumps(spec))
    # The writer's length is the season's (series.json); an override in the Shots node is
    # an episode's own edit, which syncing with series.json leaves alone.
    with Series(folder, default_registry()) as series:
        for number in series.numbers:
            cut_shots(series.episode(number))
            draft(series.episode(number))


EPISODES = 3  # the season of ``exported_season``


@dataclass(frozen=True)
class ExportedSeason:
    folder: Path  # the series folder (tests may change it)
    out: Path  # where its episodes were exported
    output: str  # what `series run` printed
    packets: dict[str, list[bytes]]  # each MP4's video packets, read when it was made


def video_packets(mp4: Path) -> list[bytes]:
    with av.open(str(mp4)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


@pytest.fixture(scope="session")
def exported_season(tmp_path_factory) -> ExportedSeason:
    """``EPISODES`` short episodes made by ``series run --export`` in this process, once:
    test_series_e2e reads and then changes them; the Ray tests compare their MP4s with
    ``packets``, which a later change of the folder leaves as they were."""
    root = tmp_path_factory.mktemp("season")
    folder, out = root / "demo-series", root / "out"
    make_short_season(folder, EPISODES)
    result = CliRunner().invoke(cli.cli, ["series", "run", str(folder), "--export", str(out)])
    assert result.exit_code == 0, result.output
    packets = {mp4.name: video_packets(mp4) for mp4 in sorted(out.glob("*.mp4"))}
    return ExportedSeason(folder, out, result.output, packets)
