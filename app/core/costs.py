"""What a run will cost, and what runs have cost.

``estimate(plan, engine)`` prices the work a plan says is dirty, per provider and model,
from the editable price table (``app/core/prices.py``). ``item_cost`` prices one
item the same way; the engine asks it before dispatching paid work when a run has a
budget. ``spend(project)`` sums the ``provider_call`` table per provider and model and
per run.

Estimates are estimates: a provider's own bill is the truth. A provider or model missing
from the price table is "unknown" (``None``), never silently free; the offline
``local`` providers cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.core import prices
from app.core.prices import currency  # noqa: F401 - part of this module's API
from app.core.providers import models
from app.core.store.models import ProviderCallRow, RunRow

FREE_PROVIDERS = frozenset({"local"})
# A video service sells clips of fixed lengths: the model table says which per model (a
# 3 s shot on wan2.2-i2v-flash is a 5 s clip; Runway's veo3.1 makes 4, 6 or 8 s). A model
# the table does not know is billed like most: up to 5 s as 5 s, longer as 10 s.
VIDEO_CLIP_SECONDS = (5.0, 10.0)
# A script call sends the instructions with the screenplay schema and the premise, and
# gets a screenplay back; about 4 characters make a token.
CHAT_PROMPT_CHARS = 6000
CHAT_REPLY_CHARS_PER_SECOND = 130
MUSIC_DEFAULT_SECONDS = 46.0


def price_of(provider: str, model: str, capability: str = "") -> tuple[str, float] | None:
    """``(unit, price)`` from the price table, or None when the table does not list it.

    Same lookup order as ``prices.unit_price``: ``<capability>:<model>``, ``<model>``,
    ``<capability>:*``, ``*``.
    """
    if provider in FREE_PROVIDERS:
        return "request", 0.0
    models = prices.price_table().get(provider)
    if not isinstance(models, dict):
        return None
    for key in (f"{capability}:{model}", model, f"{capability}:*", "*"):
        entry = models.get(key)
        if isinstance(entry, dict):
            try:
                unit = entry.get("unit") or prices.table_unit(provider, capability, model)
                return str(unit), float(entry["price"])
            except (KeyError, TypeError, ValueError):
                return None
    return None


# -- one item -----------------------------------------------------------------------------


def provider_identity(node_type: Any, params: BaseModel, provider: Any) -> tuple[str, str]:
    """``(provider name, model)`` a node's item is billed under."""
    name = getattr(provider, "name", "") or getattr(params, "provider", "") or "local"
    model = getattr(params, "model", "") or getattr(provider, "model", "") or ""
    return str(name), str(model)


def item_amounts(
    capability: str, params: BaseModel, values: dict[str, Any], provider: Any = None
) -> dict[str, float]:
    """How much of each billing unit one call for an item uses (as far as it is known).

    ``values`` are the item's data inputs as JSON (a shot, a script). A provider may
    say better itself with ``estimate_amounts(values, params) -> dict``.
    """
    amounts = {"request": 1.0, "image": 1.0, "track": 1.0}
    shot = next((v for v in values.values() if _is_shot(v)), None)
    script = next((v for v in values.values() if isinstance(v, dict) and "shots" in v), None)
    if shot is not None:
        seconds = float(shot.get("duration") or 0.0)
        amounts["second"] = seconds
        if capability == "video":
            amounts["second"] = billed_clip_seconds(provider, params, seconds)
        amounts["minute"] = amounts["second"] / 60
        amounts["1k_characters"] = len(str(shot.get("line") or "")) / 1000
        if capability == "lipsync" and not (str(shot.get("line") or "").strip()
                                            and shot.get("speaker")):
            return dict.fromkeys(amounts, 0.0)  # nobody speaks: the clip passes through
    if capability == "music":
        length = float(getattr(params, "length_s", 0.0) or 0.0)
        if not length:
            length = _script_seconds(script) + 1.0 if script else MUSIC_DEFAULT_SECONDS
        amounts["second"], amounts["minute"] = length, length / 60
    if capability == "chat":
        premise = str(values.get("premise") or getattr(params, "premise", "") or "")
        length = float(getattr(params, "length_s", 45.0) or 45.0)
        chars = CHAT_PROMPT_CHARS + len(premise) + CHAT_REPLY_CHARS_PER_SECOND * length
        amounts["1k_tokens"] = chars / 4000
    own = getattr(provider, "estimate_amounts", None)
    if callable(own):
        amounts.update(own(values, params))
    return amounts


def billed_clip_seconds(provider: Any, params: BaseModel, seconds: float) -> float:
    """The seconds a shot's clip is billed as, from the model table where it knows."""
    name = str(getattr(provider, "name", "") or getattr(params, "provider", "") or "")
    model = str(getattr(params, "model", "") or getattr(provider, "model", "") or "")
    spec = models.spec(name, "video", model)
    if spec.durations or spec.duration_range:
        return spec.billed_seconds(seconds)
    return next((c for c in VIDEO_CLIP_SECONDS if seconds <= c), VIDEO_CLIP_SECONDS[-1])


def _is_shot(value: Any) -> bool:
    return isinstance(value, dict) and "duration" in value and "shots" not in value


def _script_seconds(script: dict[str, Any]) -> float:
    shots = script.get("shots") or []
    return sum(float(s.get("duration") or 0.0) for s in shots if isinstance(s, dict))


def _calls_per_item(params: BaseModel) -> int:
    return max(1, int(getattr(params, "candidates", 1) or 1))


def item_cost(
    node_type: Any, params: BaseModel, provider: Any, item: dict[str, Any],
    peek: Callable[[str], Any], calls: int = 1,
) -> float | None:
    """Estimated cost of running one item ``calls`` times; None when it cannot be priced.

    ``item`` maps input ports to refs (as the engine holds them); ``peek`` reads a data
    ref's JSON. Nodes without a provider cost nothing.
    """
    capability = getattr(node_type, "capability", None)
    if not capability:
        return 0.0
    values = _peek_values(node_type, item, peek)
    calls_provider = getattr(node_type, "calls_provider", None)
    if calls_provider is not None and not calls_provider(params, _item_id(values)):
        return 0.0  # e.g. the creator's own clip for this shot
    name, model = provider_identity(node_type, params, provider)
    found = price_of(name, model, capability)
    if found is None:
        return None
    unit, price = found
    if price == 0.0:
        return 0.0
    amount = item_amounts(capability, params, values, provider).get(unit)
    if amount is None:
        return None
    return round(price * amount * calls, 6)


def _item_id(values: dict[str, Any]) -> str:
    """The id of the shot (or other item) an item's data inputs carry, if any."""
    for value in values.values():
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            return value["id"]
    return ""


def _peek_values(node_type: Any, item: dict[str, Any], peek: Callable[[str], Any]) -> dict:
    values: dict[str, Any] = {}
    for port in getattr(node_type, "inputs", ()):
        ref = item.get(port.name)
        if port.type.media or not isinstance(ref, str):
            continue
        values[port.name] = peek(ref)
    return values


# -- the estimate of a plan -------------------------------------------------------------------


@dataclass
class CostRow:
    """The estimated cost of one provider/model in the next run.

    ``calls`` is None when the item count is not known before an upstream node runs;
    ``unit_price`` is None when the price table does not list the provider/model;
    ``cost`` is None when either makes the total unknown.
    """

    provider: str
    model: str
    capability: str
    calls: int | None
    unit: str
    unit_price: float | None
    amount: float | None
    cost: float | None
    nodes: list[str] = field(default_factory=list)

    @property
    def paid(self) -> bool:
        return self.provider not in FREE_PROVIDERS


@dataclass
class Estimate:
    """Rows per provider/model; ``total`` sums the known costs."""

    rows: list[CostRow]
    currency: str

    @property
    def total(self) -> float:
        return round(sum(r.cost for r in self.rows if r.cost is not None), 6)

    @property
    def unknown(self) -> list[CostRow]:
        """Rows whose cost cannot be known now (missing price, or calls not known yet)."""
        return [r for r in self.rows if r.cost is None]

    def describe(self) -> list[str]:
        """Plain lines (for logs and the CLI without a table)."""
        lines = [
            f"{r.provider}/{r.model or '-'} ({r.capability}): {fmt_count(r.calls)} calls, "
            f"{fmt_money(r.cost, self.currency)}"
            for r in self.rows
        ]
        more = " + unknown" if self.unknown else ""
        lines.append(f"estimated total: {fmt_money(self.total, self.currency)}{more}")
        return lines


def estimate(plan: Any, engine: Any) -> Estimate:
    """Estimated cost of ``plan``'s dirty work with ``engine``'s providers.

    Each dirty item is priced from the inputs the planner resolved for it: a clip by its
    shot's length, a voice by its line.
    """
    rows: dict[tuple[str, str, str], CostRow] = {}
    mapped = plan.graph.mapped_nodes()
    for nid in plan.order:
        node_plan = plan.nodes[nid]
        res = node_plan.resolved
        if res is None or node_plan.error or not node_plan.dirty:
            continue
        capability = res.node_type.capability
        if not capability:
            continue
        name, model = provider_identity(res.node_type, res.params, res.provider)
        row = _row(rows, name, model, capability, plan.graph.label(nid))
        if res.items is None:  # an input is known only once upstream has run
            if nid not in mapped:  # one item all the same
                _add_item(row, res, {}, _calls_per_item(res.params), engine, waiting=True)
            else:  # how many items is not known yet
                row.calls = None
                if row.unit_price != 0.0:  # free stays free however many calls
                    row.cost = row.amount = None
            continue
        for index, item in enumerate(res.items):
            _add_item(row, res, item, _item_calls(node_plan, index, res.params), engine)
    return Estimate(list(rows.values()), currency())


def _row(rows: dict, name: str, model: str, capability: str, label: str) -> CostRow:
    key = (name, model, capability)
    if key not in rows:
        found = price_of(name, model, capability)
        unit, price = found if found is not None else ("", None)
        rows[key] = CostRow(name, model, capability, 0, unit, price,
                            0.0, 0.0 if price is not None else None)
    row = rows[key]
    if label not in row.nodes:
        row.nodes.append(label)
    return row


def _item_calls(node_plan: Any, index: int, params: BaseModel) -> int:
    items = node_plan.items or []
    if index >= len(items) or not items[index].dirty:
        return 0
    calls = getattr(items[index], "calls", None)  # candidates the plan still has to make
    return int(calls) if calls is not None else _calls_per_item(params)


# Units whose amount does not depend on a node's inputs (priced before upstream runs).
INPUT_FREE_UNITS = frozenset({"request", "image", "track", "1k_tokens"})


def _add_item(
    row: CostRow, res: Any, item: dict[str, Any], calls: int, engine: Any,
    waiting: bool = False,
) -> None:
    if not calls:
        return
    if row.calls is not None:
        row.calls += calls
    if row.unit_price is None or row.cost is None:
        return
    if row.unit_price == 0.0:
        return
    amount = item_amounts(row.capability, res.params,
                          _peek_values(res.node_type, item, engine.peek), res.provider)
    used = amount.get(row.unit) if not waiting or row.unit in INPUT_FREE_UNITS else None
    if used is None:
        row.amount = row.cost = None
        return
    row.amount = round((row.amount or 0.0) + used * calls, 6)
    row.cost = round(row.cost + row.unit_price * used * calls, 6)


# -- what was spent ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendRow:
    provider: str
    model: str
    calls: int
    failed: int
    cost: float


@dataclass(frozen=True)
class RunSpend:
    run_id: int | None
    started_at: datetime | None
    status: str
    calls: int
    cost: float


@dataclass
class Spend:
    """Spend recorded in a project (one episode): per provider/model and per run."""

    project: str
    currency: str
    by_provider: list[SpendRow]
    by_run: list[RunSpend]

    @property
    def total(self) -> float:
        return round(sum(r.cost for r in self.by_provider), 6)

    @property
    def calls(self) -> int:
        return sum(r.calls for r in self.by_provider)


def spend(project: Any) -> Spend:
    """Sum the project's ``provider_call`` rows per provider/model and per run."""
    call = ProviderCallRow
    with Session(project.engine) as session:
        per_provider = session.execute(
            select(call.provider, call.model, func.count(call.id),
                   func.sum(case((call.status == "ok", 0), else_=1)),
                   func.coalesce(func.sum(call.cost_estimate), 0.0))
            .group_by(call.provider, call.model)
            .order_by(call.provider, call.model)
        ).all()
        per_run = session.execute(
            select(call.run_id, RunRow.started_at, RunRow.status, func.count(call.id),
                   func.coalesce(func.sum(call.cost_estimate), 0.0))
            .outerjoin(RunRow, RunRow.id == call.run_id)
            .group_by(call.run_id)
            .order_by(call.run_id)
        ).all()
    return Spend(
        project.name,
        currency(),
        [SpendRow(p, m or "", int(n), int(f or 0), round(float(c), 6))
         for p, m, n, f, c in per_provider],
        [RunSpend(r, s, st or "", int(n), round(float(c), 6)) for r, s, st, n, c in per_run],
    )


def run_spent(project: Any, run_id: int) -> float:
    """The cost recorded so far for one run."""
    with Session(project.engine) as session:
        total = session.scalar(
            select(func.coalesce(func.sum(ProviderCallRow.cost_estimate), 0.0))
            .where(ProviderCallRow.run_id == run_id)
        )
    return float(total or 0.0)


# -- formatting ---------------------------------------------------------------------------------


def fmt_money(value: float | None, currency_code: str = "") -> str:
    """``1.25 USD``; small amounts keep four decimals (``0.0035 USD``)."""
    if value is None:
        return "unknown"
    text = f"{value:.2f}" if value == 0 or abs(value) >= 0.1 else f"{value:.4f}"
    return f"{text} {currency_code}".strip()


def fmt_count(value: int | None) -> str:
    return "unknown" if value is None else str(value)
