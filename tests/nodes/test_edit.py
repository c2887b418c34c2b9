"""The Edit & Export node: counts checked, recipes rendered from their stills, SRT in meta."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.core.node_api import Media, NodeError, RunContext
from app.core.screenplay import Character, ShotCard
from app.media.ffmpeg import probe
from app.media.kenburns import recipe
from nodes.edit import EditExport

CAST = [Character(id="lena", name="Lena")]


def card(n: int, line: str = "") -> ShotCard:
    return ShotCard(
        id=f"s{n}",
        description="a room",
        duration=2.0,
        camera="push_in",
        speaker="lena" if line else None,
        line=line,
        cast=CAST,
    )


def test_lists_of_different_lengths_are_refused(tmp_path: Path) -> None:
    ctx = RunContext(node_id="e", temp_dir=tmp_path)
    clip = Media("c" * 64, tmp_path / "c.mp4", "video", "video/mp4")
    with pytest.raises(NodeError, match="2 shots but 1 clips"):
        EditExport().run(
            ctx, {"shots": [card(1), card(2)], "clips": [clip]}, EditExport.parse_params({})
        )


def test_the_node_exports_from_the_stills_and_returns_the_cues(tmp_path: Path) -> None:
    still_path = tmp_path / "still.png"
    Image.fromarray(np.full((1920, 1080, 3), 90, np.uint8)).save(still_path)
    still = Media("s" * 64, still_path, "image", "image/png", 1080, 1920)
    voice_path = tmp_path / "v.wav"
    subprocess.run(["espeak-ng", "-w", str(voice_path), "Hello there."], check=True)
    voice = Media("v" * 64, voice_path, "audio", "audio/wav", meta={"silent": False})
    silent = Media("q" * 64, voice_path, "audio", "audio/wav", meta={"silent": True})
    shots = [card(1, "Hello there."), card(2)]
    # The preview files do not exist: the export must render from the still.
    clips = [
        Media(f"{i}" * 64, tmp_path / "missing.mp4", "video", "video/mp4", meta=recipe(still, s, 0))
        for i, s in enumerate(shots)
    ]
    reports: list[tuple[float, str]] = []
    ctx = RunContext(
        node_id="e", temp_dir=tmp_path / "run", resolve_media=lambda h: {still.hash: still}[h],
        on_progress=lambda fraction, message: reports.append((fraction, message)),
    )
    out = EditExport().run(
        ctx,
        {"shots": shots, "clips": clips, "voices": [voice, silent]},
        EditExport.parse_params({"label_text": "AI生成"}),
    )
    episode = out["episode"]
    assert abs(probe(episode.path).duration - 4.0) <= 0.1
    assert episode.meta["shots"] == 2 and episode.meta["duration"] == 4.0
    assert "Hello there." in episode.meta["srt"]
    assert [(c["text"], c["speaker"]) for c in out["subtitles"]] == [("Hello there.", "Lena")]
    # the stages an export dialog shows: segments n/m, the audio, the labels, then done
    stages = [m for _, m in reports]
    assert {"shot 1/2", "shot 2/2", "mixing audio", "labelling"} <= set(stages)
    assert stages.index("labelling") > max(stages.index("shot 2/2"), stages.index("mixing audio"))
    assert reports[-1] == (1.0, "labelled")
    assert max(f for f, m in reports if m != "labelled") <= 0.95
