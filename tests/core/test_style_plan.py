"""The project style lives in one Style node; changing it re-runs exactly what uses it."""

from __future__ import annotations

import pytest

from app.core.engine import Engine
from app.core.graph import AddNode, Connect, Edge, SetParam
from app.core.store.project import Project
from nodes.registry import default_registry

CAST = [
    {"id": "lena", "name": "Lena", "look": "red coat, long hair", "color": "#e4572e"},
    {"id": "mark", "name": "Mark", "look": "grey suit", "voice": "male, deep"},
]


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "p", default_registry())
    push = project.undo.push
    push(AddNode("script.write", {"premise": "Lena finds out Mark lied.", "length_s": 30,
                                  "cast": [{"name": "Lena"}, {"name": "Mark"}]}, node_id="script"))
    push(AddNode("style.preset", {"preset": "cinematic"}, node_id="style"))
    push(AddNode("character.bible", {"characters": CAST}, node_id="bible"))
    push(AddNode("script.shots", {}, node_id="shots"))
    push(AddNode("image.generate", {}, node_id="image"))
    push(AddNode("video.animate", {}, node_id="video"))
    push(AddNode("voice.speak", {}, node_id="voice"))
    push(AddNode("music.score", {}, node_id="music"))
    for edge in (
        ("script", "script", "shots", "script"), ("style", "style", "shots", "style"),
        ("bible", "characters", "shots", "characters"), ("shots", "shots", "image", "shot"),
        ("image", "image", "video", "still"), ("shots", "shots", "video", "shot"),
        ("shots", "shots", "voice", "shot"), ("script", "script", "music", "script"),
    ):
        push(Connect(Edge(*edge)))
    yield project
    project.close()


def stale(plan) -> dict[str, list[int] | bool]:
    """Per dirty node: its dirty items (mapped nodes) or True."""
    return {nid: (p.dirty_items if p.mapped and p.items is not None else True)
            for nid, p in plan.nodes.items() if p.dirty}


def test_changing_the_style_marks_exactly_the_stills_and_clips_stale(project):
    engine = Engine(project)
    result = engine.execute(targets=["image", "voice", "music"])
    assert result.status == "done", result.failed
    shots = engine.load_output("shots", "shots")
    everything = list(range(len(shots)))
    assert {s.style for s in shots} == {"cinematic, soft light, shallow depth of field, 9:16"}
    assert stale(engine.plan()) == {"video": everything}  # never run; all else is cached

    # the same words from another preset: the Style node re-runs, nothing downstream does
    project.undo.push(SetParam("style", "preset", "none"))
    project.undo.push(SetParam("style", "extra", "cinematic, soft light, shallow depth of field, 9:16"))
    assert stale(engine.plan()) == {"style": True, "video": everything}

    project.undo.push(SetParam("style", "extra", "noir, rain, 9:16"))
    plan = engine.plan()
    assert stale(plan) == {"style": True, "shots": True, "image": everything, "video": everything}
    assert plan.nodes["voice"].items and not plan.nodes["voice"].dirty_items
    engine.execute(targets=["image"])
    assert {s.style for s in engine.load_output("shots", "shots")} == {"noir, rain, 9:16"}

    # a prompt template is one node's own: editing it re-runs that node's items only
    project.undo.push(SetParam("image", "prompt_template", "{shot.action}. {style}"))
    assert stale(engine.plan()) == {"image": everything, "video": everything}


def test_a_new_look_re_draws_the_character_and_a_new_voice_re_speaks_them(project):
    engine = Engine(project)
    assert engine.execute(targets=["image", "voice"]).status == "done"
    shots = engine.load_output("shots", "shots")
    with_lena = [i for i, s in enumerate(shots) if "lena" in s.characters or s.speaker == "lena"]
    mark_speaks = [i for i, s in enumerate(shots) if s.speaker == "mark" and s.line.strip()]
    assert with_lena and mark_speaks

    new_look = [{**CAST[0], "look": "white wedding gown, hair up"}, CAST[1]]
    project.undo.push(SetParam("bible", "characters", new_look))
    assert engine.execute(targets=["shots"]).status == "done"
    plan = engine.plan()
    assert plan.nodes["image"].dirty_items == with_lena
    assert not plan.nodes["voice"].dirty_items  # a look does not change how anyone sounds
    assert engine.execute(targets=["image"]).status == "done"

    new_voice = [new_look[0], {**CAST[1], "voice": "male, hoarse whisper"}]
    project.undo.push(SetParam("bible", "characters", new_voice))
    assert engine.execute(targets=["shots"]).status == "done"
    plan = engine.plan()
    assert plan.nodes["voice"].dirty_items == mark_speaks
    assert not plan.nodes["image"].dirty_items
