"""What a series shares, as the creator edits it: ``series.json`` in the series folder.

The cast bible, the style, the prompt templates, the writer's settings, the season
budget and the season outline live here once; every episode's graph is brought in line
with it (``app.core.series.season.Series.sync``), so an edit made here reaches exactly the
episodes it changes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SPEC_FILE = "series.json"
FORMAT = 1
MAX_EPISODES = 200


class SeriesError(Exception):
    """A series folder cannot be made, read or run as asked; the message says why."""


class EpisodeOutline(BaseModel):
    """One episode of the season outline."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1, le=MAX_EPISODES)
    title: str = Field(min_length=1, max_length=200)
    premise: str = Field(min_length=1, max_length=3000,
                         description="what happens, ending on the episode's hook")
    hook: str = Field(default="", max_length=500, description="the cliffhanger it ends on")
    reveal: str = Field(default="", max_length=500,
                        description="the secret or fact this episode reveals")
    synopsis: str = Field(default="", max_length=1000,
                          description="what later episodes are told happened here")


class SeasonOutline(BaseModel):
    """The season: its premise, its arc and one outline per episode, in order."""

    model_config = ConfigDict(extra="forbid")

    premise: str = Field(min_length=1, max_length=4000)
    arc: str = Field(default="", max_length=2000)
    episodes: list[EpisodeOutline] = Field(min_length=1, max_length=MAX_EPISODES)

    @model_validator(mode="after")
    def _numbered_in_order(self) -> SeasonOutline:
        numbers = [e.number for e in self.episodes]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"episodes must be numbered 1..{len(numbers)} in order, "
                             f"not {numbers}")
        return self

    def synopses_before(self, number: int) -> list[str]:
        """The synopses of episodes 1..number-1: what episode ``number``'s writer is told."""
        return [e.synopsis or e.premise for e in self.episodes[: number - 1]]


class SeriesSpec(BaseModel):
    """The shared part of a series (``series.json``)."""

    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT
    title: str = Field(min_length=1, max_length=200)
    template: str = Field(default="demo", max_length=80)
    language: str = Field(default="en", max_length=8)
    # Character bible entries (see nodes.character.BibleEntry), with the bible's seed,
    # provider and model: made once, used by every episode.
    cast: list[dict[str, Any]] = Field(default_factory=list, max_length=12)
    bible: dict[str, Any] = Field(default_factory=dict, description="seed, provider, model")
    style: dict[str, Any] = Field(default_factory=dict, description="the Style node's settings")
    # The script writer's settings (genre, tone, length_s, seed, provider, model).
    writer: dict[str, Any] = Field(default_factory=dict)
    # Prompt templates per node type, e.g. {"image.generate": "{style}. {shot.action}"}.
    prompts: dict[str, str] = Field(default_factory=dict)
    prices: str = Field(default="prices.json", max_length=200,
                        description="the season's price table, in the series folder")
    budget: float | None = Field(default=None, ge=0)
    outline: SeasonOutline

    @property
    def episode_count(self) -> int:
        return len(self.outline.episodes)


def spec_path(folder: Path) -> Path:
    return Path(folder) / SPEC_FILE


def is_series(folder: Path) -> bool:
    return spec_path(folder).is_file()


def load_spec(folder: Path) -> SeriesSpec:
    """The series' shared part; ``SeriesError`` when the file is missing or malformed."""
    path = spec_path(folder)
    if not path.is_file():
        raise SeriesError(f"{folder} is not a series folder (no {SPEC_FILE}); make one with "
                          "shotgraph series new")
    try:
        raw = path.read_text(encoding="utf-8")
        if len(raw) > 5_000_000:
            raise SeriesError(f"{path} is {len(raw)} bytes; a series file is far smaller")
        spec = SeriesSpec.model_validate(json.loads(raw))
    except (OSError, ValueError, ValidationError) as exc:
        raise SeriesError(f"{path} cannot be read: {_short(exc)}") from None
    if spec.format > FORMAT:
        raise SeriesError(f"{path} was written by a newer ShotGraph (format {spec.format}); "
                          "please upgrade")
    return spec


def save_spec(folder: Path, spec: SeriesSpec) -> None:
    """Write ``series.json`` whole: temp file, fsync, rename (never half a file)."""
    path = spec_path(folder)
    tmp = path.with_suffix(".json.tmp")
    data = json.dumps(spec.model_dump(mode="json"), ensure_ascii=False, indent=2)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _short(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
    return str(exc)
