"""How data values of each port type are decoded from and encoded to JSON artifacts."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from app.core.screenplay import Character, Script, ShotCard
from app.core.types import PortType

_MODELS: dict[str, type[BaseModel]] = {
    "Script": Script,
    "Shot": ShotCard,
    "Character": Character,
}


def canonical_json(value: Any) -> bytes:
    """Stable bytes for hashing: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def encode(port_type: PortType, value: Any) -> Any:
    """A node's data output as plain JSON, validated against its port type."""
    model = _MODELS.get(port_type.name)
    if model is not None:
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json")
        return model.model_validate(value).model_dump(mode="json")
    if port_type.name == "Text" and not isinstance(value, str):
        raise TypeError(f"a Text output must be a string, not {type(value).__name__}")
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


def decode(port_type: PortType, data: Any) -> Any:
    """Plain JSON back into what a node receives for this port type."""
    model = _MODELS.get(port_type.name)
    return model.model_validate(data) if model is not None else data
