"""Voice nodes: each shot's line spoken by the speech provider, or a recorded take."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import MediaOut, NodeError, NodeType, Port, RunContext
from app.core.screenplay import ShotCard
from app.core.types import Audio, Shot
from app.media.convert import MediaFileError, to_wav, wav_duration
from nodes.io import import_audio, source_file
from nodes.providers.local.espeak import pick_voice

SAMPLE_RATE = 48000
SILENCE_S = 0.2
MAX_TEMPO = 1.6  # faster than this stops sounding like speech
# What a spoken line depends on: not the picture, and of the cast only the speaker's voice
# (see Speak.key_view: a look or another character's voice does not change the line).
LINE_FIELDS = ("speaker", "line", "language", "duration")


class SpeakParams(BaseModel):
    """Params of the Voice node."""

    model_config = ConfigDict(extra="forbid")

    voices: dict[str, str] = Field(
        default_factory=dict,
        description="character id → voice, e.g. {'lena': 'en-us+f2:60'}; others are picked",
    )
    speed: float = Field(default=1.0, ge=0.5, le=2.0)
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = ""


class Speak(NodeType):
    """Shot → its line spoken (a short silence when the shot has no line)."""

    type_id = "voice.speak"
    title = "Voice"
    category = "voice"
    description = "Speaks each shot's line in the speaker's voice (offline: espeak-ng)."
    inputs = (Port("shot", Shot, key_fields=LINE_FIELDS),)
    outputs = (Port("voice", Audio),)
    Params = SpeakParams
    capability = "speech"

    @classmethod
    def key_view(cls, name: str, value: dict[str, Any]) -> dict[str, Any] | None:
        view = super().key_view(name, value)
        if view is not None:
            speaker = value.get("speaker")
            cast = value.get("cast") or []
            view["voice"] = next(
                (c.get("voice") for c in cast if isinstance(c, dict) and c.get("id") == speaker),
                None,
            )
        return view

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, SpeakParams)
        shot: ShotCard = inputs["shot"]
        if not shot.line.strip() or not shot.speaker:
            return {"voice": silence(ctx.temp_path(f"{shot.id}.wav"))}
        voice = params.voices.get(shot.speaker) or pick_voice(
            shot.language, _hint(shot), shot.speaker
        )
        ctx.progress(0.1, f"speaking {shot.id}")
        raw = ctx.provider.speak(
            shot.line, shot.language, voice, ctx, ctx.temp_path(f"{shot.id}.raw.wav")
        )
        ctx.check_cancelled()
        out, tempo = fit_to_shot(
            raw.path, ctx.temp_path(f"{shot.id}.wav"), shot.duration, params.speed
        )
        meta = {
            **raw.meta,
            "text": shot.line,
            "speaker": shot.speaker,
            "language": shot.language,
            "voice": voice,
            "tempo": round(tempo, 3),
            "silent": False,
        }
        return {"voice": MediaOut(out, meta)}


def _hint(shot: ShotCard) -> str:
    return next((c.voice for c in shot.cast if c.id == shot.speaker), "")


def fit_to_shot(src: Path, dst: Path, shot_s: float, speed: float) -> tuple[Path, float]:
    """``src`` at ``speed``, sped up further (to 1.6x) when the line overruns its shot."""
    natural = wav_duration(src)
    room = max(0.5, shot_s - 0.15)
    tempo = min(MAX_TEMPO, max(speed, natural / room))
    if abs(tempo - 1.0) < 0.01:
        src.replace(dst)
        return dst, 1.0
    try:
        to_wav(src, dst, rate=SAMPLE_RATE, channels=1, audio_filter=f"atempo={tempo:.4f}")
    except MediaFileError as exc:
        raise NodeError(f"could not change the voice's tempo: {exc}") from None
    return dst, tempo


def silence(path: Path, seconds: float = SILENCE_S) -> MediaOut:
    """A short silent 48 kHz mono WAV, for a shot nobody speaks in."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(b"\0\0" * int(seconds * SAMPLE_RATE))
    return MediaOut(path, {"silent": True, "text": "", "speaker": None})


class ImportParams(BaseModel):
    """Params of the Recorded voice node."""

    model_config = ConfigDict(extra="forbid")

    files: dict[str, str] = Field(
        default_factory=dict, description="shot id → recorded take (any audio file)"
    )


class ImportVoice(NodeType):
    """Shot → the take the creator recorded for its line."""

    type_id = "voice.import"
    title = "Recorded voice"
    category = "voice"
    description = "Uses your own recording of each line (one audio file per shot)."
    inputs = (Port("shot", Shot, key_fields=("id", "speaker", "line", "language")),)
    outputs = (Port("voice", Audio),)
    Params = ImportParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, ImportParams)
        shot: ShotCard = inputs["shot"]
        raw = params.files.get(shot.id, "")
        if not raw.strip():
            if shot.line.strip():
                raise NodeError(
                    f"shot {shot.id} has a line but no recorded take: "
                    f"add a file for {shot.id} in the node's properties"
                )
            return {"voice": silence(ctx.temp_path(f"{shot.id}.wav"))}
        path = source_file(raw, f"recorded take for shot {shot.id}", ctx)
        out = import_audio(path, ctx, channels=1, name=f"{shot.id}.wav")
        meta = {
            **out.meta,
            "text": shot.line,
            "speaker": shot.speaker,
            "language": shot.language,
            "silent": False,
        }
        return {"voice": MediaOut(out.path, meta)}
