"""A demo season made short for the season tests: each episode is the demo made short
(``tests.short_demo``: the writer's shortest script, six shots, each cut to ``SHOT_S``
seconds in the Shots node). Every node of the demo still runs; only the export (the slow
part) is a fraction of the length, and a draft (``tests.short_demo.draft``).
"""

from __future__ import annotations

import json
from pathlib import Path

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
