"""A demo season made short for the season tests: each episode gets a 30-second script
(the writer's shortest: six shots) with every shot cut to ``SHOT_S`` seconds, as a creator
would cut them in the Shots node. Every node of the demo still runs; only the export (the
slow part) is a fraction of the length.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app import cli
from app.core.graph import SetParam
from app.core.series.season import Series
from nodes.providers.local.script_writer import shot_count
from nodes.registry import default_registry

LENGTH_S = 30  # the script writer's shortest episode
SHOT_S = 1.0
SHOTS = shot_count(LENGTH_S)
FPS = 30


def make_short_season(folder: Path, episodes: int) -> None:
    """``shotgraph series new FOLDER --template demo``, made short (see the module)."""
    result = CliRunner().invoke(cli.cli, ["series", "new", str(folder), "--episodes",
                                          str(episodes), "--template", "demo"])
    assert result.exit_code == 0, result.output
    spec = json.loads((folder / "series.json").read_text())
    spec["writer"]["length_s"] = LENGTH_S
    (folder / "series.json").write_text(json.dumps(spec))
    # The offline writer names its shots s1..sN; an override is an episode's own edit,
    # which syncing with series.json leaves alone.
    overrides = {f"s{i}": {"duration": SHOT_S} for i in range(1, SHOTS + 1)}
    with Series(folder, default_registry()) as series:
        for number in series.numbers:
            project = series.episode(number)
            shots = next(n.id for n in project.graph.nodes.values()
                         if n.type_id == "script.shots")
            project.undo.push(SetParam(shots, "overrides", overrides))
