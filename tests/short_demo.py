"""The demo made short for tests whose subject is not the episode's length: the script
writer's shortest script (``LENGTH_S``: six shots), every shot cut to ``SHOT_S`` seconds in
the Shots node, as a creator would cut them. Every node of the demo still runs; only the
export, whose time grows with the episode's frames, is a fraction of the length.

``draft``: for tests whose subject is not the encoding either, the export's draft quality
(the same delivery file from x264's fastest preset, for half the export's CPU).
"""

from __future__ import annotations

from pathlib import Path

from app.core.graph import SetParam
from app.core.store.project import Project
from nodes.providers.local.script_writer import shot_count

LENGTH_S = 30  # the script writer's shortest episode
SHOTS = shot_count(LENGTH_S)
SHOT_S = 1.0  # the shortest the editor's timeline lets a creator cut a shot
FPS = 30


def _node(project: Project, type_id: str) -> str:
    return next(n.id for n in project.graph.nodes.values() if n.type_id == type_id)


def cut_shots(project: Project, shot_s: float = SHOT_S) -> None:
    """Every shot of a ``LENGTH_S`` script ``shot_s`` seconds long (the Shots node's edit)."""
    # The offline writer names its shots s1..sN.
    overrides = {f"s{i}": {"duration": shot_s} for i in range(1, SHOTS + 1)}
    project.undo.push(SetParam(_node(project, "script.shots"), "overrides", overrides))


def shorten(project: Project) -> None:
    """A demo project made short (see the module): its script's length, then its shots."""
    project.undo.push(SetParam(_node(project, "script.write"), "length_s", LENGTH_S))
    cut_shots(project)


def draft(project: Project) -> None:
    """The export made a draft (the Edit & Export node's quality, as a creator sets it)."""
    project.undo.push(SetParam(_node(project, "edit.export"), "quality", "draft"))


def x264_settings(mp4: Path) -> str:
    """The settings x264 wrote into an MP4's video stream (its SEI message): what encoded it."""
    data = mp4.read_bytes()
    start = data.index(b"x264 - core")
    return data[start:data.index(b"\x00", start)].decode()
