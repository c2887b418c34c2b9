"""Edit nodes: shots, clips, voices and music into the finished episode MP4 and its SRT."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.node_api import Media, MediaOut, NodeError, NodeType, Port, RunContext
from app.core.screenplay import ShotCard
from app.core.types import Audio, List, Shot, Subtitles, Video
from app.delivery.labels import LabelError, embed_labels, visible_label_text
from app.delivery.ledger import LEDGER_META, FingerprintError, ledger_reference, make_ledger
from app.delivery.provenance import (
    DEFAULT_LABEL_TEXT,
    EPISODE_PROVENANCE,
    LabelSettings,
    Position,
    ProvenanceRecord,
    build_record,
)
from app.media.export import (
    ClipSource,
    ExportSettings,
    FrameSource,
    ShotInput,
    VoiceInput,
    export_episode,
)
from app.media.ffmpeg import MediaError
from app.media.kenburns import KenBurnsSource, is_recipe
from app.media.subtitles import srt_text


class ExportParams(BaseModel):
    """Params of the Edit & Export node."""

    model_config = ConfigDict(extra="forbid")

    transition: Literal["cut", "crossfade"] = Field(
        default="cut", json_schema_extra={"ui": "choice"}
    )
    crossfade_s: float = Field(default=0.5, ge=0.2, le=1.0, description="crossfade length, s")
    subtitles: bool = Field(default=True, description="burn each line in as a subtitle")
    subtitle_size: int = Field(default=64, ge=32, le=120, description="subtitle height, px")
    music_volume_db: float = Field(default=-6.0, ge=-40.0, le=6.0, description="music level, dB")
    loudness_lufs: float = Field(default=-14.0, ge=-30.0, le=-8.0, description="episode loudness")
    ai_label: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="visible AI mark: auto = on whenever a shot or track is AI-made",
        json_schema_extra={"ui": "choice"},
    )
    label_text: str = Field(
        default=DEFAULT_LABEL_TEXT, min_length=1, max_length=40, description="visible AI mark"
    )
    label_position: Position = Field(default="top-left", json_schema_extra={"ui": "choice"})
    label_seconds: float = Field(
        default=0.0, ge=0.0, le=600.0, description="show the mark for the first N s (0: always)"
    )
    label_off_reason: str = Field(
        default="", max_length=200, description="why the mark is off (recorded in provenance)"
    )
    c2pa: bool = Field(default=True, description="sign a C2PA manifest into the MP4")
    private_prompts: bool = Field(
        default=False, description="leave prompts and lines out of the provenance record"
    )
    encoder: Literal["auto", "libx264"] = Field(default="auto", json_schema_extra={"ui": "choice"})

    @field_validator("label_seconds")
    @classmethod
    def _at_least_two_seconds(cls, value: float) -> float:
        if 0 < value < 2:
            raise ValueError("GB 45438 asks for the mark on at least the first 2 s: use 0 or >= 2")
        return value


class EditExport(NodeType):
    """Shots + clips (+ voices, music) → the episode MP4 (1080x1920) and its subtitles."""

    type_id = "edit.export"
    version = 2  # 2: every export carries a fingerprint ledger (issue 17)
    title = "Edit & Export"
    category = "edit"
    description = (
        "Cuts the clips together in shot order with burned-in subtitles, lays the voices "
        "over ducked music at -14 LUFS, and exports a 1080x1920 H.264/AAC MP4 with an SRT."
    )
    inputs = (
        Port("shots", List(Shot)),
        Port("clips", List(Video)),
        Port("voices", List(Audio), required=False),
        Port("music", Audio, required=False),
    )
    outputs = (Port("episode", Video), Port("subtitles", Subtitles))
    Params = ExportParams

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, ExportParams)
        shots: list[ShotCard] = list(inputs["shots"])
        clips: list[Media] = list(inputs["clips"])
        voices: list[Media] | None = inputs.get("voices")
        _check_counts(shots, clips, voices)
        stills = [_still_of(ctx, clip) for clip in clips]
        record = _provenance(params, shots, clips, stills, voices, inputs.get("music"))
        for warning in record.labels.warnings:
            ctx.log(warning)
        plain = ctx.temp_path("episode-unlabelled.mp4")
        dest = ctx.temp_path("episode.mp4")
        try:
            result = export_episode(
                [
                    _shot_input(ctx, shot, clip, still)
                    for shot, clip, still in zip(shots, clips, stills, strict=True)
                ],
                plain,
                _settings(params, visible_label_text(record)),
                voices=[_voice(v) for v in voices] if voices else None,
                music=_voice(inputs.get("music")),
                derive=ctx.derive,
                # the labels (C2PA signing) come after: the picture and sound are 95 %
                on_progress=lambda fraction, message: ctx.progress(0.95 * fraction, message),
                cancel_event=ctx.cancel_event,
            )
        except MediaError as exc:
            raise NodeError(f"the export failed: {exc}") from None
        ctx.progress(0.95, "labelling")
        try:
            ledger = make_ledger(plain, [s.duration for s in shots], params.transition,
                                 params.crossfade_s, record.created_at, ctx.cancel_event)
            embed_labels(plain, dest, record, fingerprints=ledger_reference(ledger))
        except FingerprintError as exc:
            raise NodeError(f"fingerprinting the export failed: {exc}") from None
        except LabelError as exc:
            raise NodeError(f"labelling the export failed: {exc}") from None
        finally:
            plain.unlink(missing_ok=True)
            plain.with_suffix(".srt").unlink(missing_ok=True)
        ctx.progress(1.0, "labelled")
        cues = [
            {"start": c.start, "end": c.end, "text": c.text, "speaker": c.speaker}
            for c in result.cues
        ]
        meta = {
            "duration": result.duration,
            "shots": len(shots),
            "srt": srt_text(result.cues),
            EPISODE_PROVENANCE: record.model_dump(mode="json", by_alias=True),
            LEDGER_META: ledger,
        }
        return {"episode": MediaOut(dest, meta), "subtitles": cues}


def _check_counts(shots: list, clips: list, voices: list | None) -> None:
    if not shots:
        raise NodeError("there are no shots to export")
    if len(clips) != len(shots):
        raise NodeError(f"{len(shots)} shots but {len(clips)} clips: each shot needs one clip")
    if voices is not None and len(voices) != len(shots):
        raise NodeError(f"{len(shots)} shots but {len(voices)} voices: give one voice per shot")


def _label_settings(params: ExportParams) -> LabelSettings:
    return LabelSettings(
        visible={"auto": None, "on": True, "off": False}[params.ai_label],
        text=params.label_text.strip() or DEFAULT_LABEL_TEXT,
        position=params.label_position,
        c2pa=params.c2pa,
        off_reason=params.label_off_reason.strip() or None,
    )


def _provenance(
    params: ExportParams,
    shots: list[ShotCard],
    clips: list[Media],
    stills: list[Media | None],
    voices: list[Media] | None,
    music: Media | None,
) -> ProvenanceRecord:
    """What made every shot and track, and which labels that calls for."""
    parts = []
    for k, (shot, clip, still) in enumerate(zip(shots, clips, stills, strict=True)):
        voice = voices[k] if voices else None
        parts.append(
            {
                "shot_id": shot.id,
                "still": still,
                "clip": clip,
                "voice": None if voice is None or voice.meta.get("silent") else voice,
                "description": shot.description,
                "line": shot.line,
                "private": params.private_prompts,
            }
        )
    return build_record("episode", parts, music, _label_settings(params))


def _still_of(ctx: RunContext, clip: Media) -> Media | None:
    """The still a clip was animated from, when the store still has it."""
    still = clip.meta.get("still")
    if not isinstance(still, str) or ctx.resolve_media is None:
        return None
    try:
        return ctx.resolve_media(still)
    except (FileNotFoundError, KeyError):
        return None


def _settings(params: ExportParams, label_text: str | None) -> ExportSettings:
    return ExportSettings(
        transition=params.transition,
        crossfade_s=params.crossfade_s,
        subtitles=params.subtitles,
        subtitle_size=params.subtitle_size,
        music_volume_db=params.music_volume_db,
        loudness_lufs=params.loudness_lufs,
        label_text=label_text,
        label_position=params.label_position,
        label_seconds=params.label_seconds,
        encoder=params.encoder,
    )


def _shot_input(ctx: RunContext, shot: ShotCard, clip: Media, still: Media | None) -> ShotInput:
    return ShotInput(
        _frame_source(ctx, clip, still), shot.duration, shot.line, shot.language, _speaker(shot)
    )


def _frame_source(ctx: RunContext, clip: Media, still: Media | None) -> FrameSource:
    """Full-quality frames: rendered from the still for a Ken Burns recipe, else decoded."""
    if is_recipe(clip.meta) and ctx.resolve_media is not None:
        if still is not None:
            return KenBurnsSource(still.path, clip.meta)
        ctx.log(f"the still of clip {clip.hash[:12]} is missing: using its preview")
    return ClipSource(clip.path, clip.hash)


def _voice(media: Media | None) -> VoiceInput | None:
    if media is None or media.meta.get("silent"):
        return None
    return VoiceInput(media.path, media.hash, media.duration)


def _speaker(shot: ShotCard) -> str:
    if not shot.speaker:
        return ""
    return next((c.name for c in shot.cast if c.id == shot.speaker), shot.speaker)
