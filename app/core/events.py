"""What the engine tells (run events) and what it plans (``Plan``): plain data, no store.

Kept apart from ``app.core.engine`` so a reader of events or plans (the editor's badges,
its first paint) does not load the engine's store and SQLAlchemy with them; the engine
re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.graph import Graph

Ref = Any  # an artifact hash, a list of refs, or None while unknown


# -- events -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    node_id: str


@dataclass(frozen=True)
class NodeStarted(Event):
    to_run: int
    total: int


@dataclass(frozen=True)
class Progress(Event):
    item_index: int
    fraction: float
    message: str = ""


@dataclass(frozen=True)
class ItemDone(Event):
    """One item is ready. ``outputs`` holds its refs per port (artifact hashes), so a
    viewer can show the result the moment it exists; ``item_id`` names the item (a shot's
    id when mapped over shots)."""

    item_index: int
    cached: bool
    seconds: float = 0.0
    outputs: dict[str, Ref] | None = field(default=None, compare=False)
    item_id: str = ""


@dataclass(frozen=True)
class NodeCached(Event):
    total: int


@dataclass(frozen=True)
class NodeDone(Event):
    ran: int
    cached: int
    seconds: float


@dataclass(frozen=True)
class NodeWarning(Event):
    """Something the creator should know about a node's result (it did not fail)."""

    message: str
    item_index: int | None = None


@dataclass(frozen=True)
class NodeFailed(Event):
    error: str
    item_index: int | None = None
    skipped: bool = False


@dataclass(frozen=True)
class RunFinished(Event):
    run_id: int
    status: str
    failed: tuple[str, ...] = ()


@dataclass(frozen=True)
class BudgetStopped(Event):
    """The run stopped before a paid item would take its spend over the budget.

    ``needed`` is that item's estimate (None: the price table does not list its
    provider); ``left`` holds (node id, items not run, None = the whole node).
    """

    spent: float
    budget: float
    needed: float | None
    left: tuple[tuple[str, int | None], ...] = ()


# -- plan -------------------------------------------------------------------------------


@dataclass
class ItemPlan:
    index: int
    key: str | None
    dirty: bool
    reason: str
    item_id: str = ""
    take: int = 0
    # Extra takes made in the same run when the node asks for several candidates.
    candidates: list[int] = field(default_factory=list)

    @property
    def calls(self) -> int:
        """How many times the node runs for this item (each may be a billed call)."""
        return 1 + len(self.candidates) if self.dirty else 0


@dataclass
class NodePlan:
    """What will happen to one node: ``items`` is None when its count is not known yet."""

    node_id: str
    label: str
    dirty: bool
    reason: str
    mapped: bool = False
    items: list[ItemPlan] | None = None
    error: str = ""
    # The planner's resolution (params, provider, each item's input refs), kept so a cost
    # estimate reads the plan instead of planning again. None when the node cannot run.
    # (The engine's ``_Resolved``.)
    resolved: Any = field(default=None, repr=False, compare=False)
    # The node's output refs as far as planning knows them (cached, or evaluated in
    # memory for a cheap node); ``Engine.peek`` reads a data ref. None: not known.
    outputs: dict[str, Ref] | None = field(default=None, repr=False, compare=False)

    @property
    def dirty_items(self) -> list[int]:
        return [i.index for i in self.items or [] if i.dirty]

    @property
    def calls(self) -> int:
        """Item runs this plan makes, candidates included (1 when the count is unknown)."""
        if self.items is None:
            return 1 if self.dirty else 0
        return sum(i.calls for i in self.items)


@dataclass
class Plan:
    graph: Graph
    order: list[str]
    nodes: dict[str, NodePlan]
    problems: list[str] = field(default_factory=list)

    @property
    def dirty(self) -> list[str]:
        return [nid for nid in self.order if self.nodes[nid].dirty]

    def describe(self) -> list[str]:
        """One human line per node: what runs and why."""
        lines = []
        for nid in self.order:
            p = self.nodes[nid]
            if p.error:
                lines.append(f"FAIL  {p.label}: {p.error}")
            elif not p.dirty:
                lines.append(f"cached {p.label}")
            elif p.items is not None and p.mapped:
                lines.append(
                    f"run   {p.label}: items {_ranges(p.dirty_items)} of {len(p.items)} ({p.reason})"
                    + _calls_note(p)
                )
            else:
                lines.append(f"run   {p.label}: {p.reason}")
        return lines


def _calls_note(p: NodePlan) -> str:
    extra = p.calls - len(p.dirty_items)
    return f", {p.calls} calls with {extra} extra candidates" if extra > 0 else ""


def _ranges(indices: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indices) if len(indices) <= 12 else f"{len(indices)}"
