"""Takes: every regeneration of an item is kept; the node's model says which one is used.

Regenerate = choose a new take number for the item (its cache key changes, so it runs
again with a new seed). Choosing an earlier take brings its cache key back, so nothing
upstream of it re-runs and downstream results made with it are reused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.graph import ChooseTake, GraphError
from app.core.node_api import Media, RunContext

if TYPE_CHECKING:
    from app.core.engine import Engine


@dataclass(frozen=True)
class TakeInfo:
    """One take of one item."""

    item_id: str
    take: int
    cache_key: str
    chosen: bool
    available: bool
    outputs: dict[str, Any] | None = None  # port -> artifact hash(es)
    media: Media | None = None  # the first media output (a still, a clip), when stored
    seed: int | None = None  # the seed the generator used for this take
    provider: str = ""
    created: datetime | None = None


def item_ids(engine: Engine, node_id: str) -> list[str]:
    """The item id of each item of a node, in order (``[""]`` for an unmapped node)."""
    plan = engine.plan([node_id]).nodes[node_id]
    if plan.error:
        raise GraphError(plan.error)
    if plan.items is None:
        raise GraphError(f"{plan.label}: run what it depends on first ({plan.reason})")
    if not plan.mapped:
        return [""]
    return [item.item_id for item in plan.items]


def list_takes(engine: Engine, node_id: str, item_id: str) -> list[TakeInfo]:
    """Every take of one item with the node's current settings, oldest first, marking the
    chosen one. A take made with other settings (a seed changed since) is not listed: its
    result is not what choosing that take would give; it returns when they do."""
    node = engine.project.graph.node(node_id)
    chosen = node.takes.get(item_id, 0)
    rows = [row for row in engine.project.takes(node_id) if row.item_id == item_id]
    current = engine.take_keys(node_id, item_id, sorted({r.take for r in rows} | {chosen}))
    seen: dict[int, TakeInfo] = {}
    for row in rows:
        if current.get(row.take) != row.cache_key:
            continue
        available = engine.project.artifacts.lookup(row.cache_key) is not None
        outputs = json.loads(row.outputs_json or "{}")
        media = _first_media(engine, outputs) if available else None
        made_by = (media.meta.get("provenance") or {}) if media is not None else {}
        seen[row.take] = TakeInfo(
            item_id, row.take, row.cache_key, row.take == chosen, available, outputs, media,
            _seed(made_by, row.take), _provider(made_by), row.created_at,
        )
    if chosen not in seen and chosen in current:  # chosen, not made yet with these settings
        seed = _seed({"params": node.params}, chosen)
        seen[chosen] = TakeInfo(item_id, chosen, current[chosen], True, False, seed=seed)
    return [seen[t] for t in sorted(seen)]


def _first_media(engine: Engine, outputs: dict[str, Any]) -> Media | None:
    for ref in outputs.values():
        media = engine.project.artifacts.get(ref) if isinstance(ref, str) else None
        if media is not None and media.kind in ("image", "video", "audio"):
            return media
    return None


def _seed(made_by: dict[str, Any], take: int) -> int | None:
    base = (made_by.get("params") or {}).get("seed")
    if not isinstance(base, int):
        return None
    return RunContext(node_id="", temp_dir=Path(), take=take).seed_for(base)


def _provider(made_by: dict[str, Any]) -> str:
    identity = made_by.get("provider")
    if isinstance(identity, dict):
        name, model = identity.get("id") or identity.get("name") or "", identity.get("model")
        return f"{name} ({model})" if model else str(name)
    return str(identity or "")


def reserved_takes(engine: Engine, node_id: str, item_id: str) -> set[int]:
    """Take numbers the node keeps for an item without a run (e.g. recorded lines)."""
    node = engine.project.graph.node(node_id)
    node_type = engine.project.graph.catalog.get(node.type_id)
    try:
        params = node_type.parse_params(node.params)
    except Exception:  # invalid settings: the plan reports them
        return set()
    return set(node_type.reserved_takes(params, item_id))


def regenerate(engine: Engine, node_id: str, item_index: int = 0) -> int:
    """Make the item use a new take (run the graph to produce it); returns its number."""
    ids = item_ids(engine, node_id)
    if not 0 <= item_index < len(ids):
        raise GraphError(f"item {item_index + 1} does not exist (the node has {len(ids)})")
    item_id = ids[item_index]
    # every number ever used for the item, with any settings: a new take never reuses one
    made = [row.take for row in engine.project.takes(node_id) if row.item_id == item_id]
    made += reserved_takes(engine, node_id, item_id)
    current = engine.project.graph.node(node_id).takes.get(item_id, 0)
    new = max([current, *made]) + 1
    engine.project.undo.push(ChooseTake(node_id, item_id, new))
    return new


def choose(engine: Engine, node_id: str, item_index: int, take: int) -> None:
    """Use an earlier take of an item."""
    item_id = item_ids(engine, node_id)[item_index]
    known = {t.take for t in list_takes(engine, node_id, item_id)}
    if take not in known:
        listed = ", ".join(str(t) for t in sorted(known)) or "none"
        raise GraphError(f"item {item_index + 1} has no take {take} (takes: {listed})")
    engine.project.undo.push(ChooseTake(node_id, item_id, take))


def delete_take(engine: Engine, node_id: str, item_index: int, take: int) -> None:
    """Forget a take that is not in use; ``collect_garbage`` then frees its files."""
    item_id = item_ids(engine, node_id)[item_index]
    found = [t for t in list_takes(engine, node_id, item_id) if t.take == take]
    if not found:
        raise GraphError(f"item {item_index + 1} has no take {take}")
    if found[0].chosen:
        raise GraphError(f"take {take} is the one in use; choose another take first")
    engine.project.delete_take(node_id, found[0].cache_key)
    engine.project.artifacts.forget(found[0].cache_key)
