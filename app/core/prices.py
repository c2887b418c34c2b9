"""Cost estimates from the editable price table ``resources/prices.json``.

The table maps provider → model (or ``*``) → ``{"unit", "price"}``;
a key may name the capability too (``image:kling-v1``). A user copy at
``SHOTGRAPH_PRICES`` (a path) replaces the shipped one. Estimates are only estimates:
the provider's own bill is the truth.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger("shotgraph.providers")
SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "prices.json"


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("price table %s unreadable (%s); costs show as 0", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def price_table_path() -> Path:
    """The file the price table is read from."""
    return Path(os.environ.get("SHOTGRAPH_PRICES") or str(SHIPPED))


def price_table() -> dict[str, Any]:
    """The price table in use (the user's when ``SHOTGRAPH_PRICES`` is set)."""
    return _load(os.environ.get("SHOTGRAPH_PRICES") or str(SHIPPED))


def unit_price(provider: str, model: str, capability: str = "") -> tuple[str, float]:
    """``(unit, price)`` for a provider's model; ``("request", 0.0)`` when unlisted.

    Lookup order: ``<capability>:<model>``, ``<model>``, ``<capability>:*``, ``*``.
    """
    models = price_table().get(provider)
    if not isinstance(models, dict):
        return "request", 0.0
    entry = next(
        (
            models[k]
            for k in (f"{capability}:{model}", model, f"{capability}:*", "*")
            if k in models
        ),
        None,
    )
    if not isinstance(entry, dict):
        return "request", 0.0
    try:
        return str(entry.get("unit") or table_unit(provider, capability, model)), float(
            entry.get("price", 0.0)
        )
    except (TypeError, ValueError):
        return "request", 0.0


def table_unit(provider: str, capability: str, model: str) -> str:
    """The billing unit the model table gives a model (for a price row naming none)."""
    from app.core.providers import models

    return models.spec(provider, capability, model).unit or "request"


def estimate(provider: str, model: str, amounts: dict[str, float], capability: str = "") -> float:
    """Estimated cost of one call given how much of each unit it used.

    ``amounts`` may hold several units (``{"second": 5, "image": 1}``); the one the price
    table charges for is used, a missing unit counts as one request.
    """
    unit, price = unit_price(provider, model, capability)
    return round(price * float(amounts.get(unit, 1.0 if unit == "request" else 0.0)), 6)


def currency() -> str:
    """The price table's currency (``_currency`` in the table, USD when not given)."""
    return str(price_table().get("_currency") or "USD")
