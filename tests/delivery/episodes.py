"""Demo episodes for the match tests and bench: the demo template, other seeds, shorter.

``make_episode`` builds a project from the demo template with every generator's seed
moved by ``seed`` (so the script, pictures and music all differ), optionally cut down to
its first shots at short durations, runs it and saves the export with its sidecars.
"""

from __future__ import annotations

from pathlib import Path

from app.core import engine as eng
from app.core.store.project import Project
from app.core.templates import graph_from_template, load_template
from app.delivery.deliver import save_episode
from nodes.registry import default_registry
from tests.short_demo import LENGTH_S, cut_shots

SEEDED = {"script.write": "seed", "image.generate": "seed", "video.animate": "seed",
          "music.score": "seed"}


def make_episode(folder: Path, seed: int = 0, shot_s: float | None = None,
                 name: str | None = None) -> tuple[Path, Path]:
    """``(project folder, exported MP4)`` of the demo with seeds moved by ``seed``.

    ``shot_s``: the demo made short (``tests.short_demo``), every shot ``shot_s`` seconds.
    """
    template = load_template("demo")
    for node in template["nodes"]:
        field = SEEDED.get(node["type"])
        if field:
            node["params"] = {**node.get("params", {}),
                              field: node.get("params", {}).get(field, 0) + seed}
        if shot_s is not None and node["type"] == "script.write":
            node["params"]["length_s"] = LENGTH_S
    registry = default_registry()
    project = Project.create(folder, registry, name=name or folder.name,
                             graph_data=graph_from_template(template), settings={})
    with project:
        by_type = {n.type_id: n.id for n in project.graph.nodes.values()}
        if shot_s is not None:
            cut_shots(project, shot_s)
        engine = eng.Engine(project)
        export = by_type["edit.export"]
        result = engine.execute(engine.plan([export]))
        if result.failed:
            raise RuntimeError(f"the episode did not export: {result.failed}")
        mp4 = folder / f"{name or folder.name}.mp4"
        save_episode(engine.load_output(export, "episode"), mp4)
    return folder, mp4
