"""The screenplay schema: what a script writer (template or chat model) must produce.

These pydantic models are the trust boundary for script data: the offline writer, a
chat model's JSON and a hand-edited project all pass through the same validation.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

CameraMove = Literal[
    "static", "push_in", "pull_out", "pan_left", "pan_right", "tilt_up", "tilt_down"
]
Language = Literal["en", "zh"]

# Control characters (a NUL from a pasted file, a terminal escape) break text-to-speech
# and subtitles; they never belong in a line. Newlines and tabs are kept as layout.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """``text`` with control characters removed."""
    return _CONTROLS.sub("", text)


class Character(BaseModel):
    """A person in the story, with how they look and sound."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=60)
    look: str = Field(default="", max_length=400)
    voice: str = Field(default="", max_length=60, description="voice hint, e.g. 'female, low'")
    color: str = Field(default="", pattern=r"^(#[0-9a-fA-F]{6})?$")
    # Set by a character bible, never by a script writer (so not in the chat schema).
    reference: SkipJsonSchema[str] = Field(
        default="",
        pattern=r"^([0-9a-f]{64})?$",
        description="content hash of a reference image in the project's media store",
    )

    @model_serializer(mode="wrap")
    def _drop_empty_reference(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Left out when empty, so characters without one hash as they did before
        # (projects made earlier keep their caches).
        data = handler(self)
        if not data.get("reference"):
            data.pop("reference", None)
        return data


class Shot(BaseModel):
    """One shot: what is seen, how the camera moves, who speaks which line, for how long."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")
    scene: int = Field(default=1, ge=1)
    description: str = Field(min_length=1, max_length=2000)
    camera: CameraMove = "static"
    characters: list[str] = Field(default_factory=list, max_length=6)
    speaker: str | None = None
    line: str = Field(default="", max_length=500)
    duration: float = Field(ge=1.0, le=20.0)
    language: Language = "en"
    mood: str = Field(default="tense", max_length=40)

    @field_validator("description", "line", "mood", mode="before")
    @classmethod
    def _no_controls(cls, value: Any) -> Any:
        return without_controls(value) if isinstance(value, str) else value


class Scene(BaseModel):
    """A place and time the shots of one scene share."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    location: str = Field(max_length=200)
    time_of_day: str = Field(default="day", max_length=40)


class Script(BaseModel):
    """A whole episode's screenplay."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    language: Language = "en"
    genre: str = Field(default="romance", max_length=60)
    logline: str = Field(default="", max_length=1000)
    characters: list[Character] = Field(min_length=1, max_length=12)
    scenes: list[Scene] = Field(min_length=1, max_length=30)
    shots: list[Shot] = Field(min_length=1, max_length=60)

    @model_validator(mode="after")
    def _references_resolve(self) -> Script:
        cast = {c.id for c in self.characters}
        scenes = {s.number for s in self.scenes}
        seen: set[str] = set()
        for shot in self.shots:
            if shot.id in seen:
                raise ValueError(f"shot id {shot.id!r} appears twice")
            seen.add(shot.id)
            if shot.scene not in scenes:
                raise ValueError(f"shot {shot.id} is in scene {shot.scene}, which is not listed")
            unknown = [c for c in shot.characters if c not in cast]
            if shot.speaker and shot.speaker not in cast:
                unknown.append(shot.speaker)
            if unknown:
                raise ValueError(f"shot {shot.id} names unknown characters: {', '.join(unknown)}")
            if shot.line and not shot.speaker:
                raise ValueError(f"shot {shot.id} has a line but no speaker")
        return self

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.shots)

    def character(self, character_id: str) -> Character:
        for c in self.characters:
            if c.id == character_id:
                return c
        raise KeyError(character_id)


class ShotCard(Shot):
    """A shot as it travels alone through the graph: carries its cast's looks and voices.

    Image, video and voice nodes are mapped over shots; each item must be
    self-contained so its cache key depends only on what it shows.
    """

    cast: list[Character] = Field(default_factory=list)
    style: str = Field(default="", max_length=400)
    # The prompt an image or video node rendered from its template for this shot; set
    # on the copy handed to a provider, never on the cards that travel the graph.
    prompt: str = Field(default="", max_length=8000)

    @model_serializer(mode="wrap")
    def _drop_empty_prompt(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        if not data.get("prompt"):
            data.pop("prompt", None)
        return data
