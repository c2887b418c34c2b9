"""What made each part of an episode, and whether it must carry an AI label.

The export writes one ``provenance.json`` beside the MP4 and embeds a summary of it in
the file (``app/delivery/labels.py``). This module only reads what the engine already keeps
on every artifact (``meta["provenance"]`` and, for imported files, ``meta["imported"]``)
and turns it into one record. It has no side effects apart from ``write_provenance``.

How an artifact counts (the app labels conservatively):

- ``ai``: made by an AI service (any provider that is not ``local.*``).
- ``procedural``: made by one of the app's offline generators (``local.*`` providers:
  storyboard renderer, Ken Burns, procedural score, system TTS). These are still
  *synthetic*: GB 45438 is about content "generated or synthesised" by technology, and
  a synthetic voice or a generated picture can mislead the same way, so they count
  like AI for the visible and the metadata label.
- ``human``: imported or recorded by a person (``imported: true``, no provider; or
  ``own_material: true``, the creator's own file chosen for one shot).
- ``unknown``: no provenance on the artifact. Counted as synthetic, to be safe.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.node_api import Media, RunContext

Origin = Literal["ai", "procedural", "human", "unknown"]
Role = Literal["still", "clip", "voice", "music"]
Position = Literal["top-left", "top-right", "top-center", "bottom-left", "bottom-right"]

SCHEMA = "shotgraph.provenance/1"
# The key of an exported episode's meta holding its provenance record.
EPISODE_PROVENANCE = "episode_provenance"
DEFAULT_LABEL_TEXT = "AI生成"
LABEL_RULE = (
    "The visible label is on by default when any shot or audio track is synthetic "
    "(made by an AI service, by one of the app's offline generators, or of unknown "
    "origin). The metadata label (GB 45438 'AIGC' field) and the C2PA manifest are "
    "always written when anything is synthetic and cannot be turned off."
)

# IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/).
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
SOURCE_TYPE: dict[str, str] = {
    "ai": IPTC + "trainedAlgorithmicMedia",
    "procedural": IPTC + "algorithmicMedia",
    "human": IPTC + "digitalCapture",
    "unknown": IPTC + "trainedAlgorithmicMedia",
}

_SECRET_WORDS = (
    "api_key",
    "apikey",
    "secret",
    "token",
    "password",
    "authorization",
    "access_key",
    "private_key",
    "credential",
)
_PROMPT_FIELDS = (
    "prompt",
    "negative_prompt",
    "description",
    "text",
    "line",
    "premise",
    "lyrics",
    "style_prompt",
)
REDACTED = "[private]"


class LabelSettings(BaseModel):
    """The creator's label choices for one export."""

    model_config = ConfigDict(extra="forbid")

    visible: bool | None = Field(
        None, description="Draw the visible label; None follows the rule (on if synthetic)."
    )
    text: str = DEFAULT_LABEL_TEXT
    position: Position = "top-left"
    producer: str = "ShotGraph"
    propagator: str | None = None
    c2pa: bool = True
    off_reason: str | None = Field(None, description="Why the creator turned the label off.")


class MadeBy(BaseModel):
    """How one media artifact of the episode was made."""

    role: Role
    hash: str
    kind: str
    mime: str
    origin: Origin
    synthetic: bool
    digital_source_type: str
    node_type: str | None = None
    node_version: int | None = None
    node_id: str | None = None
    node_title: str | None = None
    provider: str | None = None
    model: str | None = None
    provider_identity: dict[str, Any] | None = None
    seed: int | None = None
    effective_seed: int | None = None
    prompt: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    inputs: dict[str, Any] = Field(default_factory=dict)
    take: int | None = None
    made_at: str | None = None
    source_name: str | None = None
    sha256: str | None = None


class ShotRecord(BaseModel):
    """One shot: its picture, clip and voice, and what the shot counts as."""

    shot_id: str
    origin: Origin
    synthetic: bool
    still: MadeBy | None = None
    clip: MadeBy | None = None
    voice: MadeBy | None = None


class Totals(BaseModel):
    """Counts the label decision and the C2PA manifest are checked against."""

    shots: int
    shots_ai: int
    shots_procedural: int
    shots_human: int
    shots_unknown: int
    shots_synthetic: int
    audio_tracks: int
    audio_synthetic: int
    audio_human: int
    ingredients: int
    ingredients_synthetic: int
    ingredients_human: int


class LabelDecision(BaseModel):
    """Which labels the export applies, and whether the creator overrode the rule."""

    rule: str = LABEL_RULE
    visible_default: bool
    visible: bool
    visible_overridden: bool
    off_reason: str | None = None
    text: str
    position: Position
    text_meets_gb45438: bool
    implicit: bool
    c2pa: bool
    producer: str
    propagator: str
    warnings: list[str] = Field(default_factory=list)


class ProvenanceRecord(BaseModel):
    """Everything the export knows about how an episode was made."""

    schema_: str = Field(SCHEMA, alias="schema")
    episode: str
    generator: str = "ShotGraph"
    created_at: str
    shots: list[ShotRecord]
    music: MadeBy | None = None
    totals: Totals
    labels: LabelDecision

    model_config = ConfigDict(populate_by_name=True)

    def ingredients(self) -> list[tuple[str, MadeBy]]:
        """Every artifact in the episode with a readable name ("shot s1 clip")."""
        found = [
            (f"shot {shot.shot_id} {part.role}", part)
            for shot in self.shots
            for part in (shot.still, shot.clip, shot.voice)
            if part
        ]
        if self.music:
            found.append(("music", self.music))
        return found


# -- classifying one artifact ---------------------------------------------------------


def classify(meta: Mapping[str, Any]) -> Origin:
    """Whether an artifact's ``meta`` says it was AI-made, procedural or human-made."""
    made = meta.get("provenance")
    provider = made.get("provider") if isinstance(made, Mapping) else None
    # The creator's own footage, still or recorded line is human-made even when it came
    # through a generator node (a recorded take of a Voice node names its TTS provider).
    if meta.get("imported") and (not provider or meta.get("own_material")):
        return "human"
    if not isinstance(made, Mapping):
        return "unknown"
    if not provider:
        # A node without a provider that is not an import (e.g. an edit node) made it
        # from other artifacts; we cannot tell what it contains, so stay safe.
        return "unknown"
    ident = str(provider.get("id") or provider.get("provider") or "")
    return "procedural" if ident == "local" or ident.startswith("local.") else "ai"


def is_secret_key(name: str) -> bool:
    """True for a dict key that may hold a credential (never written anywhere)."""
    low = name.lower()
    return low in ("key", "auth") or any(word in low for word in _SECRET_WORDS)


def scrub(value: Any) -> Any:
    """A copy of ``value`` without any key that may hold a credential."""
    if isinstance(value, Mapping):
        return {k: scrub(v) for k, v in value.items() if not is_secret_key(str(k))}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def _is_private(made: Mapping[str, Any], params: Mapping[str, Any], private: bool) -> bool:
    return bool(
        private or made.get("private") or params.get("private") or params.get("private_prompt")
    )


def _redact_prompts(params: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    hidden = set(_PROMPT_FIELDS) | set(fields)
    return {k: (REDACTED if k in hidden and v not in (None, "") else v) for k, v in params.items()}


def _seeds(params: Mapping[str, Any], take: int | None) -> tuple[int | None, int | None]:
    seed = params.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool):
        return None, None
    # RunContext.seed_for is the one place that derives a take's seed.
    ctx = RunContext(node_id="", temp_dir=Path(tempfile.gettempdir()), take=take or 0)
    return seed, ctx.seed_for(seed)


def made_by(
    role: Role, media: Media, description: str | None = None, private: bool = False
) -> MadeBy:
    """What one artifact is, from the provenance the engine stored on it."""
    meta = media.meta or {}
    made = meta.get("provenance") if isinstance(meta.get("provenance"), Mapping) else {}
    origin = classify(meta)
    params = scrub(dict(made.get("params") or {}))
    provider = scrub(made.get("provider")) if made.get("provider") else None
    hide = _is_private(made, params, private)
    prompt = params.get("prompt") or description
    if hide:
        params = _redact_prompts(params, list(made.get("private_fields") or []))
        prompt = REDACTED if prompt else None
    seed, effective = _seeds(params, made.get("take"))
    return MadeBy(
        role=role,
        hash=media.hash,
        kind=media.kind,
        mime=media.mime,
        origin=origin,
        synthetic=origin != "human",
        digital_source_type=SOURCE_TYPE[origin],
        node_type=made.get("node_type"),
        node_version=made.get("node_version"),
        node_id=made.get("node_id"),
        node_title=made.get("node_title"),
        provider=_provider_name(provider),
        model=(provider or {}).get("model"),
        provider_identity=provider,
        seed=seed,
        effective_seed=effective,
        prompt=None if prompt is None else str(prompt),
        params=params,
        inputs=scrub(dict(made.get("inputs") or {})),
        take=made.get("take"),
        made_at=made.get("made_at"),
        source_name=meta.get("source_name"),
        sha256=meta.get("sha256"),
    )


def _provider_name(provider: Mapping[str, Any] | None) -> str | None:
    if not provider:
        return None
    name = provider.get("id") or provider.get("provider") or provider.get("name")
    return None if name is None else str(name)


# -- shots, totals and the label decision ---------------------------------------------


def shot_origin(parts: list[MadeBy]) -> Origin:
    """A shot is human-made only when every part is; AI wins over procedural."""
    origins = {part.origin for part in parts}
    for origin in ("ai", "unknown", "procedural"):
        if origin in origins:
            return origin  # type: ignore[return-value]
    return "human" if origins else "unknown"


def shot_record(shot: Mapping[str, Any]) -> ShotRecord:
    """One shot's record from ``{"shot_id", "still", "clip", "voice"}`` (+ optional
    ``description``, ``line``, ``private``)."""
    private = bool(shot.get("private"))
    still = _part("still", shot.get("still"), shot.get("description"), private)
    clip = _part("clip", shot.get("clip"), shot.get("description"), private)
    voice = _part("voice", shot.get("voice"), shot.get("line"), private)
    picture = [p for p in (still, clip) if p]
    origin = shot_origin(picture or [p for p in (voice,) if p])
    return ShotRecord(
        shot_id=str(shot["shot_id"]),
        origin=origin,
        synthetic=origin != "human",
        still=still,
        clip=clip,
        voice=voice,
    )


def _part(role: Role, media: Media | None, text: Any, private: bool) -> MadeBy | None:
    if media is None:
        return None
    return made_by(role, media, None if text is None else str(text), private)


def totals(shots: list[ShotRecord], music: MadeBy | None) -> Totals:
    """Counts of shots, audio tracks and ingredients by origin."""
    audio = [s.voice for s in shots if s.voice] + ([music] if music else [])
    parts = [p for s in shots for p in (s.still, s.clip, s.voice) if p]
    parts += [music] if music else []
    by = [s.origin for s in shots]
    return Totals(
        shots=len(shots),
        shots_ai=by.count("ai"),
        shots_procedural=by.count("procedural"),
        shots_human=by.count("human"),
        shots_unknown=by.count("unknown"),
        shots_synthetic=sum(s.synthetic for s in shots),
        audio_tracks=len(audio),
        audio_synthetic=sum(a.synthetic for a in audio),
        audio_human=sum(not a.synthetic for a in audio),
        ingredients=len(parts),
        ingredients_synthetic=sum(p.synthetic for p in parts),
        ingredients_human=sum(not p.synthetic for p in parts),
    )


def text_meets_gb45438(text: str) -> bool:
    """GB 45438 5.4: the visible label names AI ("AI"/"人工智能") and generation
    ("生成"/"合成")."""
    has_ai = "人工智能" in text or "AI" in text
    return has_ai and ("生成" in text or "合成" in text)


def label_decision(counts: Totals, settings: LabelSettings) -> LabelDecision:
    """Apply the default rule to the creator's settings, recording any override."""
    synthetic = counts.shots_synthetic + counts.audio_synthetic > 0
    visible = synthetic if settings.visible is None else settings.visible
    warnings: list[str] = []
    if synthetic and not visible:
        warnings.append(
            f"The visible AI label is off although {counts.shots_synthetic} shot(s) and "
            f"{counts.audio_synthetic} audio track(s) are AI-made or generated. GB 45438 "
            "requires a visible label on AI-generated video published in China; turn it "
            "back on in Export settings unless you label the video another way."
        )
    meets = text_meets_gb45438(settings.text)
    if visible and not meets:
        warnings.append(
            f"The label text {settings.text!r} does not say both 'AI' (or 人工智能) and "
            "'生成' (or 合成), which GB 45438 asks of a visible label; e.g. use 'AI生成'."
        )
    return LabelDecision(
        visible_default=synthetic,
        visible=visible,
        visible_overridden=settings.visible is not None and settings.visible != synthetic,
        off_reason=settings.off_reason if not visible else None,
        text=settings.text,
        position=settings.position,
        text_meets_gb45438=meets,
        implicit=synthetic,
        c2pa=settings.c2pa,
        producer=settings.producer,
        propagator=settings.propagator or settings.producer,
        warnings=warnings,
    )


def build_provenance(
    episode_name: str,
    shots: list[Mapping[str, Any]],
    music: Media | None,
    settings: LabelSettings | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The provenance record of an episode, as plain JSON-ready data.

    ``shots`` holds one dict per shot in edit order with ``shot_id`` and the ``still``,
    ``clip`` and ``voice`` media (each may be None); optional ``description`` and
    ``line`` fill the prompt when the params have none, and ``private: True`` hides them.
    """
    return build_record(episode_name, shots, music, settings).model_dump(mode="json", by_alias=True)


def build_record(
    episode_name: str,
    shots: list[Mapping[str, Any]],
    music: Media | None,
    settings: LabelSettings | Mapping[str, Any] | None = None,
) -> ProvenanceRecord:
    """Like ``build_provenance`` but returns the model."""
    chosen = (
        settings if isinstance(settings, LabelSettings) else LabelSettings(**dict(settings or {}))
    )
    shot_records = [shot_record(shot) for shot in shots]
    music_record = made_by("music", music) if music else None
    counts = totals(shot_records, music_record)
    return ProvenanceRecord(
        episode=episode_name,
        created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        shots=shot_records,
        music=music_record,
        totals=counts,
        labels=label_decision(counts, chosen),
    )


def as_record(record: ProvenanceRecord | Mapping[str, Any]) -> ProvenanceRecord:
    """Accept the model or its JSON form (as read from provenance.json)."""
    if isinstance(record, ProvenanceRecord):
        return record
    return ProvenanceRecord.model_validate(dict(record))


def write_provenance(path: Path | str, record: ProvenanceRecord | Mapping[str, Any]) -> Path:
    """Write ``provenance.json`` atomically (temp file, fsync, rename)."""
    target = Path(path)
    data = as_record(record).model_dump(mode="json", by_alias=True)
    text = json.dumps(scrub(data), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; this file is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
