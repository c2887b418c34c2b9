"""Voice nodes: each shot's line spoken by the speech provider, or a recorded take."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.lazy import lazy_module
from app.core.node_api import MediaOut, NodeError, NodeType, Port, RunContext
from app.core.screenplay import ShotCard
from app.core.types import Audio, Shot
from nodes.io import import_audio, sha256_file, source_file
from nodes.own_files import own_media

convert = lazy_module("app.media.convert")  # NumPy with it: loaded on the first conversion

SAMPLE_RATE = 48000
SILENCE_S = 0.2
MAX_TEMPO = 1.6  # faster than this stops sounding like speech (the export's limit too)
# What a spoken line depends on: not the picture, and of the cast only the speaker's voice
# (see Speak.key_view: a look or another character's voice does not change the line).
# Not the shot's duration: a line that overruns is sped up by the export, so a trim or a
# shorter shot re-mixes the sound and never pays for the line again.
LINE_FIELDS = ("speaker", "line", "language")
# Leading and trailing silence of a recorded take (quieter than this) is cut, keeping a
# breath of it so the line does not start on a click.
TRIM_SILENCE = (
    "silenceremove=start_periods=1:start_silence=0.08:start_threshold=-45dB,areverse,"
    "silenceremove=start_periods=1:start_silence=0.12:start_threshold=-45dB,areverse"
)


class SpeakParams(BaseModel):
    """Params of the Voice node."""

    model_config = ConfigDict(extra="forbid")

    voices: dict[str, str] = Field(
        default_factory=dict,
        description="character id → voice, e.g. {'lena': 'en-us+f2:60'}; others are picked",
    )
    speed: float = Field(default=1.0, ge=0.5, le=2.0)
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = Field(default="", json_schema_extra={"ui": "model"})
    # Kept out of the node-wide key: a recorded take keys its own line alone.
    recordings: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="shot id → {take number: recorded take (its media-store hash)}; "
        "pick a take in the storyboard like any other",
        json_schema_extra={"affects_output": False},
    )

    @field_validator("recordings")
    @classmethod
    def _takes_and_hashes(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for shot, takes in value.items():
            for take, digest in takes.items():
                if not take.isdigit() or int(take) < 1:
                    raise ValueError(f"shot {shot}: a recorded take's number must be 1 or more")
                if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                    raise ValueError(f"shot {shot} take {take}: not a media-store hash")
        return value


def recording_of(params: BaseModel, shot_id: str, take: int) -> str | None:
    """The media-store hash of take ``take`` of shot ``shot_id`` when it is a recording."""
    takes = getattr(params, "recordings", {}).get(shot_id) or {}
    return takes.get(str(take)) if take else None


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
    version = 2  # the line is spoken at the node's speed; the export fits it to the shot

    @classmethod
    def reserved_takes(cls, params: BaseModel, item_id: str) -> set[int]:
        takes = getattr(params, "recordings", {}).get(item_id) or {}
        return {int(t) for t in takes}

    @classmethod
    def item_key_params(cls, params: BaseModel, item_id: str, take: int) -> dict[str, Any]:
        recorded = recording_of(params, item_id, take)
        if recorded:  # the take is the creator's recording: nothing else changes it
            return {"recording": recorded, "__take__": take}
        return super().item_key_params(params, item_id, take)

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
        recorded = recording_of(params, shot.id, ctx.take)
        if recorded:
            return {"voice": recorded_take(ctx, shot, recorded)}
        return {"voice": self.speak(ctx, shot, params)}

    @staticmethod
    def speak(ctx: RunContext, shot: ShotCard, params: SpeakParams) -> MediaOut:
        """The shot's line from the speech provider, at the node's speed."""
        if not shot.line.strip() or not shot.speaker:
            return silence(ctx.temp_path(f"{shot.id}.wav"))
        from nodes.providers.local.espeak import pick_voice  # loads the offline voices

        voice = params.voices.get(shot.speaker) or pick_voice(
            shot.language, _hint(shot), shot.speaker
        )
        ctx.progress(0.1, f"speaking {shot.id}")
        raw = ctx.provider.speak(
            shot.line, shot.language, voice, ctx, ctx.temp_path(f"{shot.id}.raw.wav")
        )
        ctx.check_cancelled()
        out, tempo = at_speed(raw.path, ctx.temp_path(f"{shot.id}.wav"), params.speed)
        meta = {
            **raw.meta,
            "text": shot.line,
            "speaker": shot.speaker,
            "language": shot.language,
            "voice": voice,
            "tempo": round(tempo, 3),
            "silent": False,
        }
        return MediaOut(out, meta)


def _hint(shot: ShotCard) -> str:
    return next((c.voice for c in shot.cast if c.id == shot.speaker), "")


def at_speed(src: Path, dst: Path, speed: float) -> tuple[Path, float]:
    """``src`` spoken at ``speed`` (1.0: as is)."""
    if abs(speed - 1.0) < 0.01:
        src.replace(dst)
        return dst, 1.0
    try:
        convert.to_wav(src, dst, rate=SAMPLE_RATE, channels=1, audio_filter=f"atempo={speed:.4f}")
    except convert.MediaFileError as exc:
        raise NodeError(f"could not change the voice's tempo: {exc}") from None
    return dst, speed


def recorded_take(ctx: RunContext, shot: ShotCard, digest: str) -> MediaOut:
    """A recorded take of ``shot``'s line, its leading and trailing silence cut."""
    stored = own_media(ctx, digest, "recording", shot.id)
    out = ctx.temp_path(f"{shot.id}.take{ctx.take}.wav")
    try:
        convert.to_wav(stored.path, out, rate=SAMPLE_RATE, channels=1, audio_filter=TRIM_SILENCE)
    except convert.MediaFileError:
        # All silence (or too short to trim): keep the take as recorded.
        convert.to_wav(stored.path, out, rate=SAMPLE_RATE, channels=1)
    meta = {
        "imported": True,
        "own_material": True,
        "source_name": stored.meta.get("source_name"),
        "sha256": stored.meta.get("sha256") or stored.hash,
        "recording": stored.hash,
        "text": shot.line,
        "speaker": shot.speaker,
        "language": shot.language,
        "silent": False,
    }
    return MediaOut(out, meta)


def silence(path: Path, seconds: float = SILENCE_S) -> MediaOut:
    """A short silent 48 kHz mono WAV, for a shot nobody speaks in."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(b"\0\0" * int(seconds * SAMPLE_RATE))
    return MediaOut(path, {"silent": True, "text": "", "speaker": None})


class ImportParams(SpeakParams):
    """Params of the Recorded voice node: a file per recorded line; the speech settings
    speak the lines without one."""

    files: dict[str, str] = Field(
        default_factory=dict,
        description="shot id → recorded take (any audio file); lines without one are spoken",
    )


class ImportVoice(Speak):
    """Shot → the take the creator recorded for its line, else the line spoken."""

    type_id = "voice.import"
    runs_on_driver = True  # reads the project's files or derived cache
    title = "Recorded voice"
    category = "voice"
    description = (
        "Uses your own recording of a line where you have one (a file per shot); "
        "the other lines are spoken by the speech provider."
    )
    inputs = (Port("shot", Shot, key_fields=("id", "speaker", "line", "language")),)
    outputs = (Port("voice", Audio),)
    Params = ImportParams
    version = 2  # lines without a file are spoken, not refused

    @classmethod
    def item_key_params(cls, params: BaseModel, item_id: str, take: int) -> dict[str, Any]:
        raw = getattr(params, "files", {}).get(item_id, "").strip()
        if raw and not recording_of(params, item_id, take):
            path = Path(raw).expanduser()
            # The file's bytes, not its name: a take re-recorded in place is noticed.
            digest = sha256_file(path) if path.is_file() else None
            return {"file": raw, "sha256": digest}
        return super().item_key_params(params, item_id, take)

    @classmethod
    def calls_provider(cls, params: BaseModel, item_id: str) -> bool:
        return not getattr(params, "files", {}).get(item_id, "").strip()

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, ImportParams)
        shot: ShotCard = inputs["shot"]
        raw = params.files.get(shot.id, "")
        if recording_of(params, shot.id, ctx.take) or not raw.strip():
            return super().run(ctx, inputs, params)
        path = source_file(raw, f"recorded take for shot {shot.id}", ctx)
        out = import_audio(path, ctx, channels=1, name=f"{shot.id}.wav")
        meta = {
            **out.meta,
            "own_material": True,
            "text": shot.line,
            "speaker": shot.speaker,
            "language": shot.language,
            "silent": False,
        }
        return {"voice": MediaOut(out.path, meta)}
