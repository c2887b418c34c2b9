"""What every node has made, item by item, for the panes that show results.

An item's result is *fresh* when the plan knows its output (from the cache, or a cheap
node evaluated in memory). Otherwise the last good result stays on show, marked *stale*,
until a new one replaces it: during a run each item arrives the moment it is made
(``ItemDone`` carries its outputs), and the takes table keeps the last results across a
restart, so nothing needs a re-run just to be seen again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.engine import Event, ItemDone, Plan
from app.ui.session import Session

Ref = Any  # an artifact hash, or a list of them for a list port


@dataclass(frozen=True)
class ItemResult:
    """One item's outputs (port -> ref); ``stale`` when its inputs or settings changed since."""

    item_id: str
    outputs: dict[str, Ref]
    stale: bool = False


class Results(QObject):
    """Per node, the result of each item; ``changed(node_id, item_index)`` when one arrives."""

    changed = Signal(str, int)  # item_index -1: the whole node

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.plan: Plan | None = None
        self.running = False
        self._cache: dict[str, list[ItemResult | None]] = {}
        self._shown: dict[str, list[ItemResult | None]] = {}  # what the panes last got
        self._live: dict[str, dict[Any, ItemResult]] = {}  # made in the current run
        # Each node's take rows, read once per plan (and again after it made an item):
        # working a node out asks for them once per item it has no result for.
        self._takes: dict[str, list[Any]] = {}

    # -- feeding ---------------------------------------------------------------------
    def apply_plan(self, plan: Plan) -> None:
        """A new plan: every node's results are worked out again when next asked for."""
        self.plan = plan
        self._cache = {}
        self._takes = {}
        if not self.running:
            self._live = {}
        self.changed.emit("", -1)

    def on_event(self, event: Event) -> None:
        """An item made (or found in the cache) during a run: show it now."""
        if not isinstance(event, ItemDone) or event.outputs is None:
            return
        result = ItemResult(event.item_id, dict(event.outputs))
        live = self._live.setdefault(event.node_id, {})
        live[event.item_index] = result
        if event.item_id:
            live[event.item_id] = result
        self._cache.pop(event.node_id, None)
        self._takes.pop(event.node_id, None)  # the item may be a new take
        self.changed.emit(event.node_id, event.item_index)

    # -- reading ---------------------------------------------------------------------
    def items(self, node_id: str) -> list[ItemResult | None]:
        """Each item's result in order (None: never made)."""
        if node_id not in self._cache:
            self._cache[node_id] = self._work_out(node_id)
            self._shown[node_id] = self._cache[node_id]
        return self._cache[node_id]

    def item(self, node_id: str, index: int = 0, item_id: str = "") -> ItemResult | None:
        """One item's result, found by its id when given (shots keep theirs when reordered)."""
        found = self.items(node_id)
        if item_id:
            match = next((r for r in found if r is not None and r.item_id == item_id), None)
            if match is not None:
                return match
        return found[index] if 0 <= index < len(found) else None

    def value(self, node_id: str, port: str, index: int = 0, item_id: str = "") -> Any:
        """The decoded value of one item's port (Media, a model, text), or None."""
        result = self.item(node_id, index, item_id)
        if result is None or result.outputs.get(port) is None:
            return None
        port_type = self.session.node_type(node_id).output(port).type
        try:
            return self.session.engine.load_value(port_type, result.outputs[port])
        except (FileNotFoundError, LookupError, ValueError):  # swept, or unreadable
            return None

    def values(self, node_id: str, port: str) -> tuple[list[Any], bool]:
        """Every item's value of ``port`` (a mapped node's list), and whether any is stale."""
        found = self.items(node_id)
        out = [self.value(node_id, port, i) for i in range(len(found))]
        return out, any(r is None or r.stale for r in found)

    # -- working it out ------------------------------------------------------------------
    def _work_out(self, node_id: str) -> list[ItemResult | None]:
        if node_id not in self.session.graph.nodes:
            return []
        planned = self.plan.nodes.get(node_id) if self.plan is not None else None
        if planned is None or planned.items is None:  # how many items is not known yet
            return self._unplanned(node_id)
        out: list[ItemResult | None] = []
        for item in planned.items:
            refs = _item_refs(planned.outputs, item.index, planned.mapped)
            if refs is not None:
                out.append(ItemResult(item.item_id, refs))
            else:
                out.append(self._last_good(node_id, item.index, item.item_id))
        return out

    def _unplanned(self, node_id: str) -> list[ItemResult | None]:
        """The plan could not know this node's items (something above it must run first):
        what this run made so far, over what was shown before (stale)."""
        earlier = self._shown.get(node_id) or self._from_takes(node_id, None)
        out = [_staled(r) for r in earlier]
        made = {k: r for k, r in self._live.get(node_id, {}).items() if isinstance(k, int)}
        if made:
            out += [None] * (max(made) + 1 - len(out))
            for index, result in made.items():
                out[index] = result
        return out

    def _last_good(self, node_id: str, index: int, item_id: str) -> ItemResult | None:
        """This run's result for the item, else the one shown before, else its latest take."""
        live = self._live.get(node_id, {})
        made = live.get(item_id) if item_id else live.get(index)
        if made is not None:
            return made
        shown = self._shown.get(node_id) or []
        for result in shown:
            if result is not None and item_id and result.item_id == item_id:
                return _staled(result)
        if not item_id and 0 <= index < len(shown) and shown[index] is not None:
            return _staled(shown[index])
        takes = self._from_takes(node_id, item_id if item_id else index)
        return _staled(takes[0]) if takes else None

    def _from_takes(self, node_id: str, which: Any) -> list[ItemResult | None]:
        """The latest usable take per item (``which``: an item id, an index, or None for all),
        preferring the chosen take: what the node last made, as the store remembers it."""
        chosen = self.session.graph.node(node_id).takes
        best: dict[int, Any] = {}
        if node_id not in self._takes:
            self._takes[node_id] = self.session.project.takes(node_id)
        for row in self._takes[node_id]:
            position = row.item_index or 0  # None: an unmapped node's one item
            if which is not None and which != (row.item_id if isinstance(which, str) else position):
                continue
            index = 0 if which is not None else position
            current = best.get(index)
            preferred = row.take == chosen.get(row.item_id, 0)
            if current is None or preferred or current.take != chosen.get(current.item_id, 0):
                if self.session.project.artifacts.lookup(row.cache_key) is not None:
                    best[index] = row
        if not best:
            return []
        out: list[ItemResult | None] = [None] * (max(best) + 1)
        for index, row in best.items():
            out[index] = ItemResult(row.item_id, json.loads(row.outputs_json or "{}"), True)
        return out


def _item_refs(outputs: dict[str, Ref] | None, index: int, mapped: bool) -> dict[str, Ref] | None:
    """The refs of one item from a plan's per-port outputs; None unless all are known."""
    if not outputs:
        return None
    refs = {}
    for port, ref in outputs.items():
        value = ref[index] if mapped and isinstance(ref, list) and index < len(ref) else ref
        if value is None or (mapped and not isinstance(ref, list)):
            return None
        if isinstance(value, list) and None in value:
            return None
        refs[port] = value
    return refs


def _staled(result: ItemResult | None) -> ItemResult | None:
    if result is None or result.stale:
        return result
    return ItemResult(result.item_id, result.outputs, True)
