"""A three-shot episode made with the real nodes, for tests of the timeline, player and recorder.

A fixed screenplay (9 s, three speaking shots) replaces the script writer so the episode
exports in seconds; everything after it (shots, offline stills, Ken Burns clips, espeak-ng
voices, the procedural score, Edit & Export) is the real thing.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from app.core.graph import Connect, Edge
from app.core.node_api import NodeType, Port
from app.core.screenplay import Script
from app.core.types import Script as ScriptPort
from app.media.ffmpeg import ffprobe_path
from nodes.registry import NodeRegistry, default_registry

SCRIPT = {
    "title": "Three shots",
    "language": "en",
    "genre": "revenge",
    "characters": [
        {"id": "clara", "name": "Clara", "voice": "female, low", "color": "#f3a712"},
        {"id": "julian", "name": "Julian", "voice": "male, deep", "color": "#e4572e"},
    ],
    "scenes": [{"number": 1, "location": "a hotel ballroom", "time_of_day": "night"}],
    "shots": [
        {"id": "a", "description": "Clara freezes with a tray of glasses.", "camera": "push_in",
         "characters": ["clara"], "speaker": "clara", "line": "It is you.", "duration": 3.0},
        {"id": "b", "description": "Julian turns, smiling coldly.", "camera": "pan_left",
         "characters": ["julian"], "speaker": "julian", "line": "You should be dead.",
         "duration": 3.0},
        {"id": "c", "description": "Clara drops the tray.", "camera": "static",
         "characters": ["clara"], "speaker": "clara", "line": "Not tonight.", "duration": 3.0},
    ],
}


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FixedScript(NodeType):
    """The three-shot screenplay above."""

    type_id = "tests.fixed_script"
    title = "Fixed script"
    category = "script"
    outputs = (Port("script", ScriptPort),)
    Params = NoParams
    cheap = True

    def run(self, ctx, inputs, params):
        return {"script": Script.model_validate(SCRIPT)}


def registry() -> NodeRegistry:
    return NodeRegistry([*default_registry().all(), FixedScript])


def create(folder: Path, reg: NodeRegistry) -> Any:
    """A project: fixed script -> shots -> stills -> clips, voices, music -> Edit & Export."""
    from app.core.graph import AddNode
    from app.core.store.project import Project

    project = Project.create(folder, reg, name="Three shots")
    ids = {}
    for name, type_id, params in (
        ("script", "tests.fixed_script", {}),
        ("shots", "script.shots", {}),
        ("stills", "image.generate", {"seed": 1}),
        ("clips", "video.animate", {"seed": 1}),
        ("voices", "voice.speak", {}),
        ("music", "music.score", {"seed": 3, "length_s": 10.0}),
        ("edit", "edit.export", {"c2pa": False, "quality": "draft"}),
    ):
        command = AddNode(type_id, params=params, title=name)
        project.undo.push(command)
        ids[name] = command.node_id
    for src, src_port, dst, dst_port in (
        ("script", "script", "shots", "script"),
        ("shots", "shots", "stills", "shot"),
        ("stills", "image", "clips", "still"),
        ("shots", "shots", "clips", "shot"),
        ("shots", "shots", "voices", "shot"),
        ("script", "script", "music", "script"),
        ("shots", "shots", "edit", "shots"),
        ("clips", "clip", "edit", "clips"),
        ("voices", "voice", "edit", "voices"),
        ("music", "music", "edit", "music"),
    ):
        project.undo.push(Connect(Edge(ids[src], src_port, ids[dst], dst_port)))
    project.ids = ids
    return project


def copy_made(source: Path, folder: Path) -> Path:
    """A copy of a project folder that has already been run (its cache comes along)."""
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns(".shotgraph.lock"))
    return folder


def saved_params(folder: Path, node_id: str) -> dict[str, Any]:
    """A node's params as the project's SQLite file holds them."""
    db = next(Path(folder).glob("*.shotgraph"))
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT params_json FROM node WHERE id = ?", (node_id,)).fetchone()
    return json.loads(row[0])


def node_ids(folder: Path) -> dict[str, str]:
    """Title -> node id, from the SQLite file."""
    db = next(Path(folder).glob("*.shotgraph"))
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return dict(conn.execute("SELECT title, id FROM node").fetchall())


def duration(mp4: Path) -> float:
    out = subprocess.run([ffprobe_path() or "ffprobe", "-v", "error", "-show_entries",
                          "format=duration", "-of", "csv=p=0", str(mp4)],
                         capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def srt_cues(text: str) -> list[tuple[float, float, str]]:
    """(start, end, text) of each cue of an SRT."""
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        if len(lines) >= 3:
            start, end = (seconds(t.strip()) for t in lines[1].split("-->"))
            cues.append((start, end, " ".join(lines[2:])))
    return cues


def frame(mp4: Path, t: float, width: int = 1080, height: int = 1920, gray: bool = False) -> Any:
    """The RGB picture (or, ``gray``, the brightness alone) of ``mp4`` at ``t`` seconds."""
    import numpy as np

    from app.media.ffmpeg import ffmpeg_path

    raw = subprocess.run([ffmpeg_path(), "-v", "error", "-ss", f"{t:.3f}", "-i", str(mp4),
                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt",
                          "gray" if gray else "rgb24", "-"],
                         capture_output=True, check=True).stdout
    shape = (height, width) if gray else (height, width, 3)
    return np.frombuffer(raw, np.uint8).reshape(shape)


def phone_clip(path: Path, seconds: float = 2.5, colour: str = "red", size: str = "320x240",
               extra: tuple[str, ...] = ()) -> Path:
    """A small clip of one colour with a 440 Hz tone, as footage a creator would drop."""
    from app.media.ffmpeg import ffmpeg_path

    subprocess.run([ffmpeg_path(), "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"color=c={colour}:s={size}:r=30:d={seconds}", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={seconds}", *extra, "-shortest",
                    "-pix_fmt", "yuv420p", "-c:v", "libx264", "-c:a", "aac", str(path)],
                   check=True, capture_output=True)
    return path
