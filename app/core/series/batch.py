"""Planning, running and reporting a season: many episodes' plans as one batch.

``season_plan`` plans each chosen episode and prices it; an item the season makes once
for several episodes (same cache key: the cast's reference sheets) is counted in the
first episode that needs it. ``run_season`` runs the episodes' plans, in this process
one after another, or at once with their items on a remote runner (Ray); one
``SeasonLimiter`` keeps each provider's concurrency limit across all of them.
``season_status`` says per episode what state it is in, how long it is, what it cost
and what is stale.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import costs
from app.core import engine as eng
from app.core.series.limiter import SeasonLimiter
from app.core.series.season import Series, node_title
from app.core.store.models import RunRow


@dataclass
class EpisodePlan:
    number: int
    plan: eng.Plan
    estimate: costs.Estimate
    shared: int = 0  # dirty items an earlier episode of this batch makes (counted there)

    @property
    def items(self) -> int:
        return sum(len(p.dirty_items) or (1 if p.dirty else 0)
                   for p in self.plan.nodes.values())


@dataclass
class SeasonPlan:
    episodes: list[EpisodePlan]
    currency: str

    def by_provider(self) -> list[costs.CostRow]:
        """Calls and cost per provider/model over the whole batch."""
        rows: dict[tuple[str, str, str], costs.CostRow] = {}
        for ep in self.episodes:
            for r in ep.estimate.rows:
                key = (r.provider, r.model, r.capability)
                if key not in rows:
                    rows[key] = costs.CostRow(r.provider, r.model, r.capability, 0, r.unit,
                                              r.unit_price, 0.0, 0.0)
                row = rows[key]
                row.calls = None if None in (row.calls, r.calls) else row.calls + r.calls
                row.cost = None if None in (row.cost, r.cost) else round(row.cost + r.cost, 6)
                row.nodes = sorted({*row.nodes, *r.nodes})
        return list(rows.values())

    @property
    def total(self) -> float:
        return round(sum(ep.estimate.total for ep in self.episodes), 6)

    @property
    def unknown(self) -> bool:
        return any(ep.estimate.unknown for ep in self.episodes)


def plan_episode(series: Series, number: int, engine: eng.Engine | None = None) -> eng.Plan:
    project = series.episode(number)
    engine = engine or eng.Engine(project)
    export = series.export_node(project)
    return engine.plan([export] if export else None)


def season_plan(series: Series, numbers: list[int]) -> SeasonPlan:
    """Each episode's plan and estimate; shared items are counted once, where first made."""
    seen: set[str] = set()
    episodes = []
    for number in numbers:
        series.sync(number)
        engine = eng.Engine(series.episode(number))
        plan = plan_episode(series, number, engine)
        shared = _count_shared_once(plan, seen)
        episodes.append(EpisodePlan(number, plan, costs.estimate(plan, engine), shared))
    return SeasonPlan(episodes, costs.currency())


def _count_shared_once(plan: eng.Plan, seen: set[str]) -> int:
    """Mark items an earlier episode makes as not dirty here (returns how many)."""
    shared = 0
    for node_plan in plan.nodes.values():
        for item in node_plan.items or []:
            if not item.dirty or not item.key:
                continue
            if item.key in seen:
                item.dirty, item.reason = False, "made by an earlier episode"
                shared += 1
            seen.add(item.key)
        if node_plan.items and not any(i.dirty for i in node_plan.items):
            node_plan.dirty = False
    return shared


# -- running -------------------------------------------------------------------------------


@dataclass
class EpisodeRun:
    number: int
    result: eng.RunResult | None = None
    error: str = ""
    budget_stop: eng.BudgetStopped | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "failed"
        return self.result.status if self.result else "not run"


@dataclass
class SeasonRun:
    episodes: list[EpisodeRun] = field(default_factory=list)
    limiter: SeasonLimiter | None = None

    @property
    def ran(self) -> int:
        return sum(e.result.ran for e in self.episodes if e.result)

    @property
    def cached(self) -> int:
        return sum(e.result.cached for e in self.episodes if e.result)

    def with_status(self, status: str) -> list[EpisodeRun]:
        return [e for e in self.episodes if e.status == status]


EventSink = Callable[[int, eng.Event], None]


def run_season(
    series: Series, numbers: list[int], on_event: EventSink | None = None,
    budget: float | None = None, remote: Any = None, parallel: int = 1,
    after_episode: Callable[[EpisodeRun], None] | None = None,
    cancel: threading.Event | None = None,
) -> SeasonRun:
    """Run the chosen episodes' plans (up to the export). In this process they run one
    after another; with ``remote`` the first alone (it makes what all share), then up to
    ``parallel`` at once. A ``budget`` is the season's: each episode may spend what the ones before it left (and then they run
    one at a time, so no two spend from the same remainder)."""
    limiter = SeasonLimiter()
    season = SeasonRun(limiter=limiter)
    sink = on_event or (lambda number, event: None)
    engines: dict[int, eng.Engine] = {}
    lock = threading.Lock()
    spent = [0.0]

    def one(number: int) -> EpisodeRun:
        run = EpisodeRun(number)
        if cancel is not None and cancel.is_set():
            return run
        left = None if budget is None else max(0.0, budget - spent[0])
        try:
            series.sync(number)
            project = series.episode(number)
            engine = eng.Engine(project, on_event=lambda e: sink(number, e), limiter=limiter,
                                remote=remote)
            with lock:
                engines[number] = engine
            plan = plan_episode(series, number, engine)
            if plan.problems:
                run.error = "; ".join(plan.problems)
            else:
                run.result = engine.execute(plan, budget=left)
                spent[0] += costs.run_spent(project, run.result.run_id)
        except Exception as exc:  # one episode's failure is reported, the others go on
            run.error = f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc)
            if not isinstance(exc, eng.GraphError | eng.ProviderError):
                eng.log.error("episode %s failed", number, exc_info=exc)
        if after_episode is not None:
            after_episode(run)
        return run

    def stop_all() -> None:
        for engine in list(engines.values()):
            engine.cancel()

    for number in numbers:  # opened one by one: schema migrations are not thread-safe
        series.episode(number)
    watcher = _CancelWatcher(cancel, stop_all)
    try:
        if remote is None or parallel <= 1 or budget is not None:
            for number in numbers:
                season.episodes.append(one(number))
                if season.episodes[-1].status in ("budget", "cancelled"):
                    break
        else:
            # The first episode alone makes what every episode shares (the cast's sheets,
            # the style), so the others find it in the store instead of each making it.
            season.episodes.append(one(numbers[0]))
            with ThreadPoolExecutor(parallel, thread_name_prefix="episode") as pool:
                season.episodes += list(pool.map(one, numbers[1:]))
    finally:
        watcher.stop()
    return season


class _CancelWatcher:
    """Forwards a season-wide cancel to every running episode's engine."""

    def __init__(self, cancel: threading.Event | None, stop: Callable[[], None]):
        self.cancel, self.stop_all = cancel, stop
        self.done = threading.Event()
        self.thread = None
        if cancel is not None:
            self.thread = threading.Thread(target=self._watch, daemon=True)
            self.thread.start()

    def _watch(self) -> None:
        while not self.done.is_set():
            if self.cancel.wait(0.2):
                self.stop_all()
                return

    def stop(self) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join()


# -- status --------------------------------------------------------------------------------


@dataclass
class EpisodeStatus:
    number: int
    title: str
    state: str  # new | done | stale | failed | interrupted
    duration: float | None
    cost: float
    stale: list[str]  # labels of the nodes that would run
    last_run: str = ""
    episode_hash: str = ""
    thumbnail: Path | None = None  # the first shot's still, once made

    def as_json(self) -> dict[str, Any]:
        return {"episode": self.number, "title": self.title, "state": self.state,
                "duration_s": self.duration, "cost": self.cost, "stale": self.stale,
                "last_run": self.last_run}


def episode_status(series: Series, number: int) -> EpisodeStatus:
    project = series.episode(number)
    engine = eng.Engine(project)
    export = series.export_node(project)
    plan = plan_episode(series, number, engine)
    stale = [node_title(plan.graph, n) for n in plan.dirty]
    last = _last_run_status(project)
    duration, digest = None, ""
    outputs = (plan.nodes[export].outputs or {}) if export else {}
    if export and not plan.nodes[export].dirty and isinstance(outputs.get("episode"), str):
        digest = outputs["episode"]
        media = project.artifacts.get(digest)
        duration = media.duration if media is not None else None
    if last == "":
        state = "new"
    elif not stale:
        state = "done"
    elif last in ("failed", "interrupted", "cancelled", "budget"):
        state = last
    else:
        state = "stale"
    title = series.spec.outline.episodes[number - 1].title
    return EpisodeStatus(number, title, state, duration, costs.spend(project).total, stale,
                         last, digest, _first_still(project, plan))


def _first_still(project: Any, plan: eng.Plan) -> Path | None:
    for nid in plan.order:
        if plan.graph.node(nid).type_id != "image.generate":
            continue
        refs = (plan.nodes[nid].outputs or {}).get("image") or []
        first = refs[0] if isinstance(refs, list) and refs else None
        media = project.artifacts.get(first) if isinstance(first, str) else None
        if media is not None and media.path.exists():
            return media.path
    return None


def season_status(series: Series) -> list[EpisodeStatus]:
    return [episode_status(series, n) for n in series.numbers]


def _last_run_status(project: Any) -> str:
    with Session(project.engine) as session:
        last = session.scalar(select(func.max(RunRow.id)))
        if last is None:
            return ""
        return session.get(RunRow, last).status or ""
