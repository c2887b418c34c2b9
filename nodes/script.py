"""Script nodes: a premise, a screenplay written from it, and the screenplay split into shots."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.node_api import NodeError, NodeType, Port, RunContext
from app.core.providers import ScriptRequest
from app.core.screenplay import Character, Script, Shot, ShotCard
from app.core.types import Character as CharacterPort
from app.core.types import List, Text
from app.core.types import Script as ScriptPort
from app.core.types import Shot as ShotPort
from nodes.character import merge_cast

Genre = Literal["romance", "revenge", "family", "ceo", "mystery"]


class PremiseParams(BaseModel):
    """Params of the Premise node."""

    model_config = ConfigDict(extra="forbid")

    premise: str = Field(default="", max_length=4000, json_schema_extra={"ui": "multiline"})


class Premise(NodeType):
    """A premise typed by the creator, as Text for a script writer."""

    type_id = "script.premise"
    title = "Premise"
    category = "script"
    description = "The story in a sentence or two, fed to a script writer."
    inputs = ()
    outputs = (Port("premise", Text),)
    Params = PremiseParams
    cheap = True

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, PremiseParams)
        return {"premise": params.premise}


class WriteParams(BaseModel):
    """Params of the Script writer."""

    model_config = ConfigDict(extra="forbid")

    premise: str = Field(
        default="A cleaner discovers the groom at tonight's wedding ruined "
        "her family ten years ago, and he has just recognised her.",
        max_length=4000,
        json_schema_extra={"ui": "multiline"},
    )
    genre: Genre = Field(default="romance", json_schema_extra={"ui": "choice"})
    tone: str = Field(default="melodrama", max_length=60)
    language: Literal["en", "zh"] = Field(default="en", json_schema_extra={"ui": "choice"})
    length_s: float = Field(default=45.0, ge=30.0, le=120.0)
    cast: list[dict[str, str]] = Field(
        default_factory=list,
        max_length=4,
        description="optional cast in order: {'name', 'id', 'look', 'voice'} each",
    )
    previously: list[str] = Field(
        default_factory=list,
        max_length=200,
        description="a series' earlier episodes in order, one synopsis each (continuity)",
    )
    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = Field(default="", json_schema_extra={"ui": "model"})

    @field_validator("previously")
    @classmethod
    def _short_synopses(cls, value: list[str]) -> list[str]:
        for i, text in enumerate(value):
            if len(text) > 1000:
                raise ValueError(f"synopsis {i + 1} is {len(text)} characters; keep it under 1000")
        return value


class WriteScript(NodeType):
    """Premise → screenplay (characters, scenes, timed shots with lines)."""

    type_id = "script.write"
    title = "Script"
    category = "script"
    description = "Writes a microdrama screenplay from a premise: hook, reversals, cliffhanger."
    inputs = (Port("premise", Text, required=False, doc="overrides the premise param"),)
    outputs = (Port("script", ScriptPort),)
    Params = WriteParams
    capability = "chat"

    @classmethod
    def is_cheap(cls, params: BaseModel) -> bool:
        return getattr(params, "provider", "local") == "local"

    @classmethod
    def key_params(cls, params: BaseModel) -> dict[str, Any]:
        keyed = super().key_params(params)
        if not keyed.get("previously"):  # an episode outside a series keeps its old key
            keyed.pop("previously", None)
        return keyed

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, WriteParams)
        premise = (inputs.get("premise") or params.premise).strip()
        if not premise:
            raise NodeError("the premise is empty: type a sentence or two about the story")
        request = ScriptRequest(
            premise=premise,
            genre=params.genre,
            tone=params.tone,
            language=params.language,
            length_s=params.length_s,
            cast=tuple(params.cast),
            seed=ctx.seed_for(params.seed),
            previously=tuple(params.previously),
        )
        ctx.progress(0.0, "writing")
        script = ctx.provider.write_script(request, ctx)
        ctx.progress(1.0, "written")
        return {"script": script}


class ShotsParams(BaseModel):
    """Params of the Shots node."""

    model_config = ConfigDict(extra="forbid")

    style: str = Field(
        default="cinematic, soft light, 9:16",
        max_length=400,
        description="used when no Style node is wired into 'style'",
    )
    overrides: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="shot id → fields to replace, e.g. {'s3': {'line': '…'}}"
    )
    order: list[str] = Field(
        default_factory=list, description="shot ids in the order to play; unlisted shots follow"
    )


class SplitShots(NodeType):
    """Screenplay → one self-contained shot card per shot, with its cast and the style."""

    type_id = "script.shots"
    title = "Shots"
    category = "script"
    description = "Splits a screenplay into shots; edit or reorder single shots here."
    inputs = (
        Port("script", ScriptPort),
        Port("style", Text, required=False, doc="the project style; overrides the style param"),
        Port(
            "characters",
            List(CharacterPort),
            required=False,
            doc="a character bible: its looks, voices and references replace the script's",
        ),
    )
    outputs = (Port("shots", List(ShotPort)),)
    Params = ShotsParams
    cheap = True

    def run(self, ctx: RunContext, inputs: dict[str, Any], params: BaseModel) -> dict[str, Any]:
        assert isinstance(params, ShotsParams)
        script: Script = inputs["script"]
        shots = reorder(apply_overrides(script, params.overrides).shots, params.order)
        update: dict[str, Any] = {"shots": shots}
        bible: list[Character] | None = inputs.get("characters")
        if bible:
            update["characters"] = merge_cast(script.characters, bible)
        edited = script.model_copy(update=update)
        style = (inputs["style"] if inputs.get("style") is not None else params.style).strip()
        if len(style) > 400:
            raise NodeError(f"the style is {len(style)} characters long; keep it under 400")
        return {"shots": [shot_card(edited, shot, style) for shot in shots]}


_EDITABLE = set(Shot.model_fields) - {"id"}


def apply_overrides(script: Script, overrides: dict[str, dict[str, Any]]) -> Script:
    """``script`` with the creator's per-shot edits, validated like any screenplay."""
    known = {s.id for s in script.shots}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise NodeError(
            f"overrides name shots that do not exist: {', '.join(unknown)} "
            f"(shots are {', '.join(s.id for s in script.shots)})"
        )
    for shot_id, fields in overrides.items():
        bad = sorted(set(fields) - _EDITABLE)
        if bad:
            raise NodeError(
                f"override of shot {shot_id} sets unknown or fixed fields: "
                f"{', '.join(bad)} (editable: {', '.join(sorted(_EDITABLE))})"
            )
    data = script.model_dump(mode="json")
    for shot in data["shots"]:
        shot.update(overrides.get(shot["id"], {}))
    try:
        return Script.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise NodeError(f"the shot overrides make the script invalid: {problems}") from None


def reorder(shots: list[Shot], order: list[str]) -> list[Shot]:
    """Shots in ``order`` (by id), then the unlisted ones in their script order."""
    by_id = {s.id: s for s in shots}
    unknown = [i for i in order if i not in by_id]
    if unknown:
        raise NodeError(f"order names shots that do not exist: {', '.join(unknown)}")
    twice = sorted({i for i in order if order.count(i) > 1})
    if twice:
        raise NodeError(f"order lists shots more than once: {', '.join(twice)}")
    return [by_id[i] for i in order] + [s for s in shots if s.id not in order]


def shot_card(script: Script, shot: Shot, style: str) -> ShotCard:
    """A shot carrying the cast members it shows or who speak in it, and the style."""
    wanted = [*shot.characters, *([shot.speaker] if shot.speaker else [])]
    cast = [c for c in script.characters if c.id in wanted]
    return ShotCard(**shot.model_dump(), cast=cast, style=style)
