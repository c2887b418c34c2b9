"""Music nodes: a score from the music provider (offline: procedural), or a creator's file."""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import NodeType, Port, RunContext
from app.core.providers import MusicRequest
from app.core.screenplay import Script
from app.core.types import Audio
from app.core.types import Script as ScriptPort
from nodes.io import FileParams, import_audio, source_file

MOODS = ("tense", "sad", "romantic", "triumphant", "mysterious")
GENRE_MOODS = {
    "romance": "romantic",
    "revenge": "tense",
    "family": "sad",
    "ceo": "romantic",
    "mystery": "mysterious",
}


class ScoreParams(BaseModel):
    """Params of the Music node."""

    model_config = ConfigDict(extra="forbid")

    mood: Literal["auto", "tense", "sad", "romantic", "triumphant", "mysterious"] = Field(
        default="auto",
        json_schema_extra={"ui": "choice"},
        description="auto = the script's prevailing mood (tense without a script)",
    )
    tempo_bpm: int = Field(default=0, ge=0, le=220, description="0 = the mood's own tempo")
    key: str = Field(default="", max_length=20, description="e.g. 'A minor'; empty = the mood's")
    length_s: float = Field(
        default=0.0,
        ge=0.0,
        le=900.0,
        description="0 = the script's length + 1 s (46 s without a script)",
    )
    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = Field(default="", json_schema_extra={"ui": "model"})


class Score(NodeType):
    """A music bed for the episode, as long as the script."""

    type_id = "music.score"
    title = "Music"
    category = "music"
    description = "Composes a score from mood and tempo (offline: chords, bass and drums)."
    inputs = (
        Port(
            "script",
            ScriptPort,
            required=False,
            key_fields=("genre", "shots"),
            doc="sets the length and, with mood auto, the mood",
        ),
    )
    outputs = (Port("music", Audio),)
    Params = ScoreParams
    capability = "music"

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, ScoreParams)
        request = music_request(params, inputs.get("script"), ctx.seed_for(params.seed))
        out = ctx.provider.compose(request, ctx, ctx.temp_path("score.wav"))
        ctx.progress(1.0, "done")
        return {"music": out}


def music_request(params: ScoreParams, script: Script | None, seed: int) -> MusicRequest:
    """What to ask the music model for, filling 'auto' values from the script."""
    length = params.length_s or ((script.duration + 1.0) if script else 46.0)
    return MusicRequest(
        mood=script_mood(script) if params.mood == "auto" else params.mood,
        tempo_bpm=params.tempo_bpm,
        key=params.key,
        length_s=length,
        seed=seed,
    )


def script_mood(script: Script | None) -> str:
    """The genre's mood, else the mood most of the script's screen time is in."""
    if script is None:
        return "tense"
    if script.genre in GENRE_MOODS:
        return GENRE_MOODS[script.genre]
    seconds: Counter[str] = Counter()
    for shot in script.shots:
        if shot.mood in MOODS:
            seconds[shot.mood] += shot.duration
    return seconds.most_common(1)[0][0] if seconds else "tense"


class ImportMusic(NodeType):
    """A music file from disk, as a 48 kHz stereo WAV."""

    type_id = "music.import"
    runs_on_driver = True  # reads the project's files or derived cache
    title = "Music file"
    category = "music"
    description = "Uses your own music file (any audio ffmpeg reads, up to 30 minutes)."
    outputs = (Port("music", Audio),)
    Params = FileParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, FileParams)
        return {"music": import_audio(source_file(params.file, "music file", ctx), ctx)}
