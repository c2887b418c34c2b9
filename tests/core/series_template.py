"""A small episode template for series tests: script, style, cast and stills (no export),
so a season of it runs in seconds with the offline providers."""

from __future__ import annotations

from typing import Any

from app.core.series.season import Series, spec_from_template
from nodes.providers.local.outline_writer import OutlineRequest, write_outline
from nodes.registry import default_registry

PREMISE = "A cleaner recognises the groom as the man who ruined her family."


def stills_template() -> dict[str, Any]:
    cast = [
        {"id": "clara", "name": "Clara", "look": "grey uniform", "voice": "female, low",
         "color": "#f3a712", "reference": "generate"},
        {"id": "julian", "name": "Julian", "look": "white tuxedo", "voice": "male, deep",
         "color": "#e4572e", "reference": "generate"},
    ]
    return {
        "name": "stills", "title": "Stills only", "settings": {"language": "en"},
        "nodes": [
            {"id": "script", "type": "script.write", "title": "Script", "position": [0, 0],
             "params": {"premise": PREMISE, "genre": "revenge", "length_s": 30, "seed": 7}},
            {"id": "style", "type": "style.preset", "title": "Style", "position": [0, 100],
             "params": {"preset": "cinematic"}},
            {"id": "bible", "type": "character.bible", "title": "Characters",
             "position": [0, 200], "params": {"characters": cast, "seed": 1}},
            {"id": "shots", "type": "script.shots", "title": "Shots", "position": [200, 0],
             "params": {}},
            {"id": "image", "type": "image.generate", "title": "Stills", "position": [400, 0],
             "params": {"seed": 1}},
        ],
        "edges": [["script", "script", "shots", "script"], ["style", "style", "shots", "style"],
                  ["bible", "characters", "shots", "characters"],
                  ["shots", "shots", "image", "shot"]],
    }


def make_stills_series(folder, episodes: int = 2) -> Series:
    template = stills_template()
    outline = write_outline(OutlineRequest(PREMISE, episodes, ("Clara", "Julian")))
    spec = spec_from_template(template, outline, "Stills season")
    return Series.create(folder, default_registry(), template, spec)
