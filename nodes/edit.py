"""Edit nodes: shots, clips, voices and music into the finished episode MP4 and its SRT."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.core.lazy import lazy_module
from app.core.node_api import Media, MediaOut, NodeError, NodeType, Port, RunContext
from app.core.screenplay import ShotCard
from app.core.types import Audio, List, Shot, Subtitles, Video
from app.delivery.provenance import (
    DEFAULT_LABEL_TEXT,
    EPISODE_PROVENANCE,
    LabelSettings,
    Position,
    ProvenanceRecord,
    build_record,
)

# NumPy and the store come with it: loaded when an episode is first cut, not when the
# registry lists this node (the editor's start).
ffmpeg = lazy_module("app.media.ffmpeg")

if TYPE_CHECKING:
    from app.media.export import (
        ClipSound,
        EpisodeCut,
        ExportSettings,
        FrameSource,
        ShotInput,
        VoiceInput,
    )

# The export's machinery (OpenCV, the subtitle renderer, the labels and the ledger) is
# imported by the functions that run it: the editor lists this node at start-up, when
# nothing is exported yet.

# The key of an exported episode's meta holding its cut (shots, sources, transitions,
# voices, music, subtitles, label), which a timeline hand-off writes out as it is.
EPISODE_TIMELINE = "timeline"

TransitionKind = Literal["cut", "crossfade", "fade_black", "flash"]
Fit = Literal["pad", "crop"]


class CutEdit(BaseModel):
    """How one shot is cut into the episode: where its clip starts, how it is framed,
    whether its own sound plays, and the transition into the next shot."""

    model_config = ConfigDict(extra="forbid")

    trim_in: float = Field(default=0.0, ge=0.0, le=600.0, description="clip starts here, s")
    transition: TransitionKind | None = Field(
        default=None, description="the cut into the next shot (None: the node's transition)"
    )
    transition_s: float | None = Field(default=None, ge=0.1, le=2.0)
    fit: Fit = Field(default="pad", description="a clip that is not 9:16: pad or crop it")
    sound: Literal["auto", "keep", "mute"] = Field(
        default="auto", description="the clip's own sound (auto: kept for your own footage)"
    )
    sound_db: float = Field(default=0.0, ge=-40.0, le=12.0, description="its level, dB")


class SubtitleEdit(BaseModel):
    """A subtitle the creator wrote: text, and optionally its time within the shot."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=500)
    start: float | None = Field(default=None, ge=0.0, le=600.0)
    end: float | None = Field(default=None, ge=0.0, le=600.0)

    @model_validator(mode="after")
    def _ordered(self) -> SubtitleEdit:
        if (self.start is None) != (self.end is None):
            raise ValueError("give a subtitle both a start and an end, or neither")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"a subtitle ends ({self.end} s) before it starts ({self.start} s)")
        return self


class ExportParams(BaseModel):
    """Params of the Edit & Export node."""

    model_config = ConfigDict(extra="forbid")

    transition: TransitionKind = Field(
        default="cut", description="the cut between shots, unless a shot says otherwise",
        json_schema_extra={"ui": "choice"},
    )
    crossfade_s: float = Field(
        default=0.5, ge=0.1, le=2.0, description="transition length, s (a flash: about 0.2)"
    )
    cuts: dict[str, CutEdit] = Field(
        default_factory=dict,
        description="shot id → trim, fit, own sound and the transition after it",
    )
    subtitle_edits: dict[str, list[SubtitleEdit]] = Field(
        default_factory=dict,
        description="shot id → the subtitles shown instead of its line (the script is kept)",
    )
    subtitles: bool = Field(default=True, description="burn each line in as a subtitle")
    subtitle_size: int = Field(default=64, ge=32, le=120, description="subtitle height, px")
    music_volume_db: float = Field(default=-6.0, ge=-40.0, le=6.0, description="music level, dB")
    duck_db: float = Field(
        default=-10.0, ge=-40.0, le=0.0, description="music (and clip sound) under a line, dB"
    )
    animatic: bool = Field(
        default=False,
        description="burn each storyboard still's caption (shot, camera, action) in, fixed",
    )
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
    quality: Literal["final", "draft"] = Field(
        default="final", json_schema_extra={"ui": "choice"},
        description="draft: the same 1080x1920 MP4 encoded about twice as fast, a bigger file,"
        " for a look at the cut (final: for upload)",
    )

    @field_validator("label_seconds")
    @classmethod
    def _at_least_two_seconds(cls, value: float) -> float:
        if 0 < value < 2:
            raise ValueError("GB 45438 asks for the mark on at least the first 2 s: use 0 or >= 2")
        return value


class EditExport(NodeType):
    """Shots + clips (+ voices, music) → the episode MP4 (1080x1920) and its subtitles."""

    type_id = "edit.export"
    runs_on_driver = True  # reads the project's files or derived cache
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
        from app.delivery.labels import LabelError, embed_labels, visible_label_text
        from app.delivery.ledger import (
            LEDGER_META,
            FingerprintError,
            episode_frame_prints,
            ledger_reference,
            make_ledger,
            segment_prints,
            sound_prints,
        )
        from app.media.export import export_episode
        from app.media.subtitles import srt_text, subtitle_warnings

        shots: list[ShotCard] = list(inputs["shots"])
        clips: list[Media] = list(inputs["clips"])
        voices: list[Media] | None = inputs.get("voices")
        _check_counts(shots, clips, voices)
        _check_edits(ctx, params, shots)
        stills = [_still_of(ctx, clip) for clip in clips]
        record = _provenance(params, shots, clips, stills, voices, inputs.get("music"))
        for warning in record.labels.warnings:
            ctx.log(warning)
        if params.subtitles:  # before the export: what the burned-in text will lack
            for warning in subtitle_warnings(shot.line for shot in shots):
                ctx.warn(warning)
        plain = ctx.temp_path("episode-unlabelled.mp4")
        dest = ctx.temp_path("episode.mp4")
        shot_inputs = [
            _shot_input(ctx, params, shot, clip, still)
            for shot, clip, still in zip(shots, clips, stills, strict=True)
        ]
        settings = _settings(params, visible_label_text(record), shots)
        try:
            result = export_episode(
                shot_inputs,
                plain,
                settings,
                voices=[_voice(v) for v in voices] if voices else None,
                music=_voice(inputs.get("music")),
                derive=ctx.derive,
                # the labels (C2PA signing) come after: the picture and sound are 95 %
                on_progress=lambda fraction, message: ctx.progress(0.95 * fraction, message),
                cancel_event=ctx.cancel_event,
                # the fingerprints of each segment and of the sound, made as they are
                # and cached with them
                segment_extra=segment_prints(ctx.cancel_event),
                audio_extra=sound_prints(),
            )
        except ffmpeg.MediaError as exc:
            raise NodeError(f"the export failed: {exc}") from None
        except FingerprintError as exc:
            raise NodeError(f"fingerprinting the export failed: {exc}") from None
        ctx.progress(0.95, "labelling")
        try:
            ledger = make_ledger(plain, [s.duration for s in shots], params.transition,
                                 params.crossfade_s, record.created_at, ctx.cancel_event,
                                 spans=_shot_seconds(result.cut),
                                 frames=episode_frame_prints(result.segment_extras) or None,
                                 sound=result.audio_extra)
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
            # What this export had to make (the rest came from the cache).
            "segments_made": result.segments_made,
            "segments": len(result.cut.segments) if result.cut else None,
            "audio_made": result.audio_made,
            "quality": params.quality,  # a draft says so where it is saved
            EPISODE_PROVENANCE: record.model_dump(mode="json", by_alias=True),
            LEDGER_META: ledger,
        }
        if result.cut is not None:
            meta[EPISODE_TIMELINE] = timeline_record(
                result.cut, shots, shot_inputs, clips, stills, voices, inputs.get("music"),
                settings, record,
            )
        return {"episode": MediaOut(dest, meta), "subtitles": cues}


def _shot_seconds(cut: EpisodeCut | None) -> list[tuple[float, float]] | None:
    """Each shot's (start, length) in seconds as the export cut it (per-cut transitions)."""
    if cut is None:
        return None
    return [(span.start / cut.fps, span.frames / cut.fps) for span in cut.spans]


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


def _check_edits(ctx: RunContext, params: ExportParams, shots: list[ShotCard]) -> None:
    """Say which per-shot edits name shots the episode no longer has (they are kept)."""
    ids = {shot.id for shot in shots}
    stale = sorted((set(params.cuts) | set(params.subtitle_edits)) - ids)
    if stale:
        ctx.log(f"edits for shots that are not in the episode are ignored: {', '.join(stale)}")


def _cut_of(params: ExportParams, shot: ShotCard) -> CutEdit:
    return params.cuts.get(shot.id) or CutEdit()


def _settings(
    params: ExportParams, label_text: str | None, shots: list[ShotCard]
) -> ExportSettings:
    from app.media.export import ExportSettings
    from app.media.timeline import CueEdit

    cuts = tuple(
        (_cut_of(params, shot).transition or params.transition,
         _cut_of(params, shot).transition_s or params.crossfade_s)
        for shot in shots[:-1]
    )
    edits = {
        i: tuple(CueEdit(e.text, e.start, e.end) for e in params.subtitle_edits[shot.id])
        for i, shot in enumerate(shots)
        if shot.id in params.subtitle_edits
    }
    return ExportSettings(
        transition=params.transition,
        crossfade_s=params.crossfade_s,
        cuts=cuts,
        subtitles=params.subtitles,
        subtitle_size=params.subtitle_size,
        subtitle_edits=edits,
        music_volume_db=params.music_volume_db,
        duck_db=params.duck_db,
        loudness_lufs=params.loudness_lufs,
        label_text=label_text,
        label_position=params.label_position,
        label_seconds=params.label_seconds,
        encoder=params.encoder,
        quality=params.quality,
    )


def _shot_input(
    ctx: RunContext, params: ExportParams, shot: ShotCard, clip: Media, still: Media | None
) -> ShotInput:
    from app.media.export import ShotInput

    cut = _cut_of(params, shot)
    caption = (still.meta.get("caption") if still is not None else None) if params.animatic else None
    return ShotInput(
        _frame_source(ctx, shot, cut, clip, still), shot.duration, shot.line, shot.language,
        _speaker(shot), _clip_sound(ctx, shot, cut, clip), caption or None,
    )


def _frame_source(
    ctx: RunContext, shot: ShotCard, cut: CutEdit, clip: Media, still: Media | None
) -> FrameSource:
    """Full-quality frames: rendered from the still for a Ken Burns recipe, else decoded
    from the shot's trim point."""
    from app.media.export import ClipSource
    from app.media.kenburns import KenBurnsSource, is_recipe

    if is_recipe(clip.meta) and ctx.resolve_media is not None:
        if still is not None:
            return KenBurnsSource(still.path, clip.meta, shot.duration, cut.trim_in)
        ctx.log(f"the still of clip {clip.hash[:12]} is missing: using its poster "
                "(its first frame, held)")
    length = clip.duration or 0.0
    if length and cut.trim_in + shot.duration > length + 0.05:
        ctx.log(
            f"shot {shot.id} runs to {cut.trim_in + shot.duration:.2f} s of its clip, which is "
            f"{length:.2f} s long: its last frame is held. Trim the shot, or regenerate its "
            "clip for a longer one."
        )
    return ClipSource(clip.path, clip.hash, cut.trim_in, cut.fit)


def _clip_sound(ctx: RunContext, shot: ShotCard, cut: CutEdit, clip: Media) -> ClipSound | None:
    """The clip's own sound when it plays: kept for the creator's own footage by default."""
    from app.media.export import ClipSound
    from app.media.kenburns import is_recipe

    keep = cut.sound == "keep" or (cut.sound == "auto" and bool(clip.meta.get("own_material")))
    if not keep or is_recipe(clip.meta):
        return None
    try:
        has_audio = ffmpeg.probe(clip.path).has_audio
    except ffmpeg.MediaError:
        has_audio = False
    if not has_audio:
        if cut.sound == "keep":
            ctx.log(f"shot {shot.id}: its clip has no sound to keep")
        return None
    return ClipSound(clip.path, clip.hash, cut.trim_in, cut.sound_db)


def _voice(media: Media | None) -> VoiceInput | None:
    from app.media.export import VoiceInput

    if media is None or media.meta.get("silent"):
        return None
    return VoiceInput(media.path, media.hash, media.duration)


def _speaker(shot: ShotCard) -> str:
    if not shot.speaker:
        return ""
    return next((c.name for c in shot.cast if c.id == shot.speaker), shot.speaker)


def timeline_record(
    cut: EpisodeCut,
    shots: list[ShotCard],
    inputs: list[ShotInput],
    clips: list[Media],
    stills: list[Media | None],
    voices: list[Media] | None,
    music: Media | None,
    settings: ExportSettings,
    record: ProvenanceRecord,
) -> dict[str, Any]:
    """The episode's cut as JSON: what a timeline hand-off (OTIO, JianYing, CapCut)
    writes, frame for frame the same as the MP4."""
    from app.media.export import ClipSource
    from app.media.kenburns import KenBurnsSource

    fps = cut.fps
    out_shots = []
    for i, (shot, given, clip) in enumerate(zip(shots, inputs, clips, strict=True)):
        span = cut.spans[i]
        source = given.source
        entry: dict[str, Any] = {
            "id": shot.id, "start": span.start, "frames": span.frames,
            "clip": clip.hash, "still": stills[i].hash if stills[i] is not None else None,
            "origin": next((s.origin for s in record.shots if s.shot_id == shot.id), "unknown"),
            "line": shot.line, "speaker": given.speaker,
        }
        if isinstance(source, KenBurnsSource):
            entry["kenburns"] = {"recipe": source.recipe, "start_frame": source.start}
        elif isinstance(source, ClipSource):
            entry["source"] = {"start_s": source.start_s, "fit": source.fit}
        if given.sound is not None:
            entry["sound"] = {"start_s": given.sound.start_s, "gain_db": given.sound.gain_db}
        out_shots.append(entry)
    return {
        "fps": fps,
        "frames": cut.frames,
        "width": settings.width,
        "height": settings.height,
        "shots": out_shots,
        "transitions": [
            {"kind": t.kind, "tail": t.tail, "head": t.head} for t in cut.transitions
        ],
        "voices": [
            {"shot": p.shot, "voice": voices[p.shot].hash if voices else None,
             "start": p.start, "duration": p.duration, "tempo": p.tempo}
            for p in cut.placements
        ],
        "music": {"hash": music.hash, "volume_db": settings.music_volume_db,
                  "duck_db": settings.duck_db} if music is not None else None,
        "cues": [
            {"start": c.start, "end": c.end, "text": c.text, "shot": c.shot} for c in cut.cues
        ],
        "label": {"text": settings.label_text, "position": settings.label_position,
                  "seconds": settings.label_seconds} if settings.label_text else None,
    }
