"""The model table: what each real service's models accept (``resources/models.json``).

One table feeds three things: the node's model choices (the GUI and ``shotgraph show``),
the checks a provider makes before a paid request is sent (``ModelSpec.problems``: a
request the service would refuse is refused here, with the reason), and the billed clip
lengths of cost estimates (``ModelSpec.billed_seconds``). A user copy named by
``SHOTGRAPH_MODELS`` replaces the shipped table (for models a service added since).
A model the table does not know is sent as it is: the service has the last word.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger("shotgraph.providers")
SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "models.json"


class ModelSpec(BaseModel):
    """What one model of one service accepts; an empty field means "no limit known"."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    provider: str = ""
    capability: str = ""
    name: str = ""
    known: bool = True  # listed in the table (not only matched by a prefix rule)
    durations: tuple[float, ...] = ()
    duration_range: tuple[float, float] | None = None
    resolutions: tuple[str, ...] = ()
    ratios: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    modes: tuple[str, ...] | None = None  # None: unknown; (): the model takes no mode
    prompt_limit: int | None = None
    prompt_units: str = "chars"
    negative_prompt: bool = True
    reference_image: bool = True
    image_reference: bool = False
    negative_with_reference: bool = True
    cfg_scale: bool = False
    audio: bool = False
    audio_default: bool = False
    sound: bool = False
    temperature: bool = True
    regions: tuple[str, ...] = ()
    input_seconds: tuple[float, float] | None = None
    text_limit: int | None = None
    max_video_mb: float | None = None
    max_audio_mb: float | None = None
    max_upload_mb: float | None = None
    video_sides: tuple[int, int] | None = None
    fps_range: tuple[float, float] | None = None
    voice_speed: tuple[float, float] | None = None
    voices: tuple[str, ...] = ()
    unit: str = ""

    @property
    def label(self) -> str:
        return f"{self.provider} {self.name}".strip()

    # -- lengths -------------------------------------------------------------------------
    def clip_seconds(self, shot_seconds: float) -> float | None:
        """The clip length to ask for a shot: the shortest one offered that covers it,
        else the longest (the clip is trimmed, or the shot split, later); None: any."""
        if self.durations:
            return next((d for d in sorted(self.durations) if shot_seconds <= d + 1e-6),
                        max(self.durations))
        if self.duration_range:
            low, high = self.duration_range
            return float(min(high, max(low, -(-shot_seconds // 1))))
        return None

    def billed_seconds(self, shot_seconds: float) -> float:
        """The seconds a shot is billed as (a 3 s shot made as a 5 s clip costs 5 s)."""
        found = self.clip_seconds(shot_seconds)
        return shot_seconds if found is None else found

    # -- checks --------------------------------------------------------------------------
    def problems(self, **asked: Any) -> list[str]:
        """Why the service would refuse a request with these values (empty: it would not).

        Keys: ``duration`` (s), ``resolution``, ``ratio``, ``size``, ``mode``, ``prompt``,
        ``negative`` (a negative prompt is sent), ``reference`` (a reference image is
        sent), ``image_reference``, ``region``, ``input_seconds``, ``text``,
        ``video_mb``, ``audio_mb``, ``upload_mb``, ``voice``.
        """
        found: list[str] = []
        for key, value in asked.items():
            if value is None:
                continue
            check = _CHECKS.get(key)
            reason = check(self, value) if check else None
            if reason:
                found.append(reason)
        return found

    def prompt_length(self, prompt: str) -> int:
        """``prompt``'s length as the service counts it (UTF-16 units for Runway)."""
        if self.prompt_units == "utf16":
            return len(prompt.encode("utf-16-le")) // 2
        return len(prompt)

    def fit_prompt(self, prompt: str) -> str:
        """``prompt`` cut to the limit (counted the service's way, never splitting a
        character)."""
        if self.prompt_limit is None or self.prompt_length(prompt) <= self.prompt_limit:
            return prompt
        if self.prompt_units != "utf16":
            return prompt[: self.prompt_limit]
        units, kept = 0, []
        for char in prompt:
            size = 2 if ord(char) > 0xFFFF else 1
            if units + size > self.prompt_limit:
                break
            units += size
            kept.append(char)
        return "".join(kept)


def _one_of(field: str, what: str):
    def check(spec: ModelSpec, value: Any) -> str | None:
        allowed = getattr(spec, field)
        if allowed and str(value) not in allowed:
            return f"{what} {value!r} is not offered (it takes {', '.join(allowed)})"
        return None

    return check


def _duration(spec: ModelSpec, value: Any) -> str | None:
    seconds = float(value)
    if spec.durations and all(abs(seconds - d) > 1e-6 for d in spec.durations):
        offered = ", ".join(f"{d:g} s" for d in spec.durations)
        return f"a {seconds:g} s clip is not offered (it makes {offered})"
    if spec.duration_range:
        low, high = spec.duration_range
        if not low <= seconds <= high or seconds != int(seconds):
            return f"a {seconds:g} s clip is not offered (whole seconds from {low:g} to {high:g})"
    return None


def _mode(spec: ModelSpec, value: Any) -> str | None:
    if spec.modes is None:
        return None
    if not spec.modes:
        return f"it has a single quality mode, so mode {value!r} cannot be chosen"
    if value not in spec.modes:
        return f"mode {value!r} is not offered (it takes {', '.join(spec.modes)})"
    return None


def _prompt(spec: ModelSpec, value: Any) -> str | None:
    length = spec.prompt_length(str(value))
    if spec.prompt_limit is not None and length > spec.prompt_limit:
        units = " UTF-16 units" if spec.prompt_units == "utf16" else " characters"
        return f"the prompt is {length}{units}, over its limit of {spec.prompt_limit}"
    return None


def _negative(spec: ModelSpec, value: Any) -> str | None:
    return None if spec.negative_prompt or not value else "it takes no negative prompt"


def _reference(spec: ModelSpec, value: Any) -> str | None:
    return None if spec.reference_image or not value else "it takes no reference image"


def _image_reference(spec: ModelSpec, value: Any) -> str | None:
    if value and not spec.image_reference:
        return "it takes no image_reference (subject/face): only kling-v1-5 does"
    return None


def _region(spec: ModelSpec, value: Any) -> str | None:
    if spec.regions and value and value not in spec.regions:
        names = {"cn": "China (Beijing)", "intl": "international (Singapore)", "us": "US"}
        where = " or ".join(names.get(r, r) for r in spec.regions)
        return f"it is served in the {where} region only, not the {names.get(value, value)} one"
    return None


def _range(field: str, what: str, unit: str):
    def check(spec: ModelSpec, value: Any) -> str | None:
        bounds = getattr(spec, field)
        if bounds and not bounds[0] <= float(value) <= bounds[1]:
            return f"{what} is {float(value):g}{unit}; it takes {bounds[0]:g}-{bounds[1]:g}{unit}"
        return None

    return check


def _most(field: str, what: str, unit: str):
    def check(spec: ModelSpec, value: Any) -> str | None:
        limit = getattr(spec, field)
        if limit is not None and float(value) > limit:
            return f"{what} is {float(value):.1f}{unit}, over its limit of {limit:g}{unit}"
        return None

    return check


def _text(spec: ModelSpec, value: Any) -> str | None:
    if spec.text_limit is not None and len(str(value)) > spec.text_limit:
        return f"the line is {len(str(value))} characters, over its limit of {spec.text_limit}"
    return None


_CHECKS = {
    "duration": _duration,
    "resolution": _one_of("resolutions", "resolution"),
    "ratio": _one_of("ratios", "ratio"),
    "size": _one_of("sizes", "size"),
    "mode": _mode,
    "prompt": _prompt,
    "negative": _negative,
    "reference": _reference,
    "image_reference": _image_reference,
    "region": _region,
    "input_seconds": _range("input_seconds", "the clip", " s"),
    "text": _text,
    "video_mb": _most("max_video_mb", "the clip", " MB"),
    "audio_mb": _most("max_audio_mb", "the line's audio", " MB"),
    "upload_mb": _most("max_upload_mb", "an upload", " MB"),
    "voice": _one_of("voices", "voice"),
}


# -- the table ------------------------------------------------------------------------------
class _Prefix(BaseModel):
    model_config = ConfigDict(extra="allow")
    prefix: str
    unless: str = ""


class _Capability(BaseModel):
    model_config = ConfigDict(extra="ignore")
    default: str = ""
    models: dict[str, dict[str, Any]] = Field(default_factory=dict)
    prefixes: list[_Prefix] = Field(default_factory=list)
    typical_seconds: float | None = None  # usual wall time of one task (season planning)


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict[str, dict[str, _Capability]]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return {
            provider: {cap: _Capability.model_validate(v) for cap, v in caps.items()}
            for provider, caps in raw.items()
            if not provider.startswith("_") and isinstance(caps, dict)
        }
    except (OSError, ValueError, ValidationError, AttributeError) as exc:
        log.warning("model table %s unreadable (%s); models go unchecked", path, exc)
        return {}


def model_table() -> dict[str, dict[str, _Capability]]:
    """The table in use (the user's copy when ``SHOTGRAPH_MODELS`` is set)."""
    return _load(os.environ.get("SHOTGRAPH_MODELS") or str(SHIPPED))


def _entry(provider: str, capability: str) -> _Capability | None:
    return model_table().get(provider, {}).get(capability)


def model_names(capability: str, provider: str) -> list[str]:
    """The models the table lists for a provider's capability, the default first."""
    entry = _entry(provider, capability)
    if entry is None:
        return []
    names = list(entry.models)
    if entry.default in names:
        names.remove(entry.default)
        names.insert(0, entry.default)
    return names


def typical_seconds(provider: str, capability: str) -> float | None:
    """The usual wall time of one task of a provider's capability (None: not in the table)."""
    entry = _entry(provider, capability)
    return entry.typical_seconds if entry is not None else None


def default_model(provider: str, capability: str, fallback: str = "") -> str:
    """The model a provider uses when a node names none."""
    entry = _entry(provider, capability)
    return entry.default if entry is not None and entry.default else fallback


def spec(provider: str, capability: str, model: str) -> ModelSpec:
    """What ``model`` accepts: its row, else the first matching prefix rule, else nothing
    known (``known`` false, every check passes)."""
    base = {"provider": provider, "capability": capability, "name": model}
    entry = _entry(provider, capability)
    if entry is not None and model in entry.models:
        return _spec({**entry.models[model], **base})
    for rule in entry.prefixes if entry is not None else ():
        if model.startswith(rule.prefix) and not (rule.unless and rule.unless in model):
            extra = {k: v for k, v in (rule.model_extra or {}).items()}
            return _spec({**extra, **base, "known": False})
    return ModelSpec(**base, known=False)


def _spec(values: dict[str, Any]) -> ModelSpec:
    try:
        return ModelSpec.model_validate(values)
    except ValidationError as exc:
        log.warning("model table row %s/%s is malformed (%s); it goes unchecked",
                    values.get("provider"), values.get("name"), exc.errors()[0]["msg"])
        return ModelSpec(provider=values["provider"], capability=values["capability"],
                         name=values["name"], known=False)
