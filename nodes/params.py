"""Settings shared by the nodes that generate one item per shot (stills, clips)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core.prompting import check_template


class ShotGeneratorParams(BaseModel):
    """Seed, provider, model, candidates and a prompt template (its default per node)."""

    model_config = ConfigDict(extra="forbid")

    seed: int = Field(default=0, ge=0, json_schema_extra={"ui": "seed"})
    provider: str = Field(default="local", json_schema_extra={"ui": "provider"})
    model: str = ""
    # Not in the cache key: more candidates add takes, they do not change the chosen one.
    candidates: int = Field(
        default=1, ge=1, le=8,
        description="Takes made of a shot each time it runs; pick the best in the Storyboard.",
        json_schema_extra={"affects_output": False},
    )
    prompt_template: str
    # Kept out of the node-wide key: each entry keys its own shot alone (see own_file_key).
    own: dict[str, str] = Field(
        default_factory=dict,
        description="shot id → your own file for that shot (its content hash in the "
        "project's media store); that shot is not generated",
        json_schema_extra={"affects_output": False},
    )

    _template_known = field_validator("prompt_template")(check_template)

    @field_validator("own")
    @classmethod
    def _hashes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [shot for shot, digest in value.items() if not _is_hash(digest)]
        if bad:
            raise ValueError(
                f"own files must be media-store hashes; not so for shots {', '.join(bad)} "
                "(choose the file with `shotgraph shot` or the storyboard)"
            )
        return value


def _is_hash(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def own_file_key(params: ShotGeneratorParams, item_id: str) -> dict[str, Any] | None:
    """The cache-key params of a shot that uses the creator's own file, else None.

    Only the file's content: changing the node's seed, model or template, or the shot's
    duration, leaves the creator's footage where it is.
    """
    digest = params.own.get(item_id)
    return {"own": digest} if digest else None


def template_field(default: str, what: str) -> str:
    """The ``prompt_template`` field of a node whose prompts describe ``what``."""
    return Field(
        default=default,
        max_length=2000,
        description=f"how each {what}'s prompt is worded: {{style}}, {{shot.action}}, "
        "{shot.camera}, {shot.mood}, {character.name}, {character.look}, {characters}",
        json_schema_extra={"ui": "multiline"},
    )


def without_voices(view: dict[str, Any] | None) -> dict[str, Any] | None:
    """A shot's key view with each cast member's voice left out: a picture or a clip
    does not change when a character's voice does."""
    if view is None or not isinstance(view.get("cast"), list):
        return view
    cast = [
        {k: v for k, v in c.items() if k != "voice"} if isinstance(c, dict) else c
        for c in view["cast"]
    ]
    return {**view, "cast": cast}
