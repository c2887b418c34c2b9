"""Planning and executing a graph.

``plan()`` computes every node's cache key bottom-up and returns what must run (nodes
and mapped items) and why, without side effects. Cheap nodes (deterministic, fast,
data only) are evaluated in memory while planning so the planner knows exactly which
downstream items change. ``execute()`` runs the dirty work on a worker pool with a
concurrency limit per provider, emits events, honours cancellation, and keeps going on
branches that do not depend on a failed node.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import shutil
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.core import costs, values
from app.core.cache import cache_key
from app.core.events import (  # noqa: F401 - re-exported, the engine's own names
    BudgetStopped,
    Event,
    ItemDone,
    ItemPlan,
    NodeCached,
    NodeDone,
    NodeFailed,
    NodePlan,
    NodeStarted,
    NodeWarning,
    Plan,
    Progress,
    Ref,
    RunFinished,
)
from app.core.failures import explain
from app.core.graph import Graph, GraphError
from app.core.node_api import Cancelled, Media, MediaOut, NodeError, NodeType, RunContext
from app.core.providers import ProviderError, resolve
from app.core.store.project import Project, ProjectTasks
from app.core.types import List, PortType, connection_kind

log = logging.getLogger(__name__)



# -- resolution shared by plan and execute ----------------------------------------------


@dataclass
class _Resolved:
    """A node's inputs, item by item, ready to key and run."""

    node_type: type[NodeType]
    params: BaseModel
    provider: Any
    mapped_ports: list[str]
    items: list[dict[str, Ref]] | None  # None: an upstream output is not known yet
    waiting_on: str = ""


def data_hash(port_type: PortType, value: Any) -> str:
    return hashlib.sha256(values.canonical_json(values.encode(port_type, value))).hexdigest()


def provider_for(node_type: type[NodeType], params: BaseModel,
                 provider_options: dict[str, Any]) -> Any:
    """The provider a node's settings choose (None for a node that uses none)."""
    if node_type.capability is None:
        return None
    name = getattr(params, "provider", "local") or "local"
    options = dict(provider_options.get(name) or {})
    model = getattr(params, "model", "")
    if model:
        options["model"] = model
    return resolve(node_type.capability, name, options)


class _Resolver:
    """Turns a node and the known outputs of its upstream into per-item inputs."""

    def __init__(
        self, graph: Graph, provider_options: dict[str, Any] | None = None,
        peek: Callable[[str], Any] | None = None,
        files: Callable[[dict[str, Any]], dict[str, str]] | None = None,
    ):
        self.graph = graph
        self.provider_options = provider_options or {}
        self.mapped = graph.mapped_nodes()
        self.peek = peek or (lambda ref: None)
        # content hashes of the files a node's settings name: an edited file re-runs
        self.files = files or (lambda params: {})

    def resolve(self, node_id: str, known: dict[str, dict[str, Ref]]) -> _Resolved:
        node = self.graph.node(node_id)
        node_type = self.graph.catalog.get(node.type_id)
        try:
            params = node_type.parse_params(node.params)
        except Exception as exc:
            raise GraphError(f"invalid settings: {exc}") from None
        provider = self._provider(node_type, params)
        inputs, mapped, waiting = self._inputs(node_id, node_type, known)
        if waiting:
            return _Resolved(node_type, params, provider, mapped, None, waiting)
        return _Resolved(node_type, params, provider, mapped, self._items(inputs, mapped))

    def _provider(self, node_type: type[NodeType], params: BaseModel) -> Any:
        return provider_for(node_type, params, self.provider_options)

    def _inputs(
        self, node_id: str, node_type: type[NodeType], known: dict[str, dict[str, Ref]]
    ) -> tuple[dict[str, Ref], list[str], str]:
        inputs: dict[str, Ref] = {}
        mapped: list[str] = []
        for port in node_type.inputs:
            edge = self.graph.input_edge(node_id, port.name)
            if edge is None:
                if port.required:
                    raise GraphError(f"required input '{port.name}' is not connected")
                continue
            source_type = self.graph._declared(edge.src, edge.src_port, output=True)
            if edge.src in self.mapped and not source_type.is_list:
                source_type = List(source_type)
            kind = connection_kind(source_type, port.type)
            ref = known.get(edge.src, {}).get(edge.src_port)
            if kind == "map":
                mapped.append(port.name)
                if ref is None:
                    return {}, mapped, edge.src
            elif ref is None or (isinstance(ref, list) and None in ref):
                return {}, mapped, edge.src
            inputs[port.name] = ref
        return inputs, mapped, ""

    @staticmethod
    def _items(inputs: dict[str, Ref], mapped: list[str]) -> list[dict[str, Ref]]:
        if not mapped:
            return [inputs]
        lengths = {name: len(inputs[name]) for name in mapped}
        if len(set(lengths.values())) > 1:
            counts = ", ".join(f"'{n}' has {c}" for n, c in lengths.items())
            raise GraphError(f"mapped inputs differ in length: {counts}")
        count = next(iter(lengths.values()))
        return [
            {name: (ref[i] if name in mapped else ref) for name, ref in inputs.items()}
            for i in range(count)
        ]

    def item_id(self, res: _Resolved, item: dict[str, Ref]) -> str:
        """A stable name for a mapped item: its shot's id when it has one, else its content.

        Takes are remembered per item id, so a regenerated shot keeps its chosen take
        when shots are reordered.
        """
        if not res.mapped_ports:
            return ""
        for port in res.mapped_ports:
            if res.node_type.input(port).type.media or not isinstance(item[port], str):
                continue
            value = self.peek(item[port])
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                return value["id"]
        refs = [item[p] for p in res.mapped_ports]
        return hashlib.sha256(values.canonical_json(refs)).hexdigest()[:16]

    def item_take(self, node_id: str, res: _Resolved, item: dict[str, Ref]) -> tuple[str, int]:
        item_id = self.item_id(res, item)
        return item_id, self.graph.node(node_id).takes.get(item_id, 0)

    def item_key(
        self, node_id: str, res: _Resolved, item: dict[str, Ref], take: int | None = None
    ) -> str | None:
        """The item's cache key for its chosen take, or for ``take`` when given."""
        if any(v is None for v in item.values()):
            return None
        node = self.graph.node(node_id)
        identity = res.provider.identity() if res.provider is not None else None
        item_id, chosen = self.item_take(node_id, res, item)
        # take 0 keeps the plain key, so existing caches stay valid
        params = res.node_type.item_key_params(res.params, item_id, chosen if take is None else take)
        files = self.files(node.params)
        if files:
            params = {**params, "__files__": files}
        keyed = {name: self._key_input(res.node_type, name, ref) for name, ref in item.items()}
        return cache_key(node.type_id, res.node_type.version, params, identity, keyed)

    def _key_input(self, node_type: type[NodeType], name: str, ref: Ref) -> Ref:
        """An input as it enters the key: projected onto the fields the node reads."""
        if not node_type.input(name).key_fields or not isinstance(ref, str):
            return ref
        value = self.peek(ref)
        if not isinstance(value, dict):
            return ref
        projected = node_type.key_view(name, value)
        if projected is None:
            return ref
        return "fields:" + hashlib.sha256(values.canonical_json(projected)).hexdigest()


# -- the engine -------------------------------------------------------------------------


class Engine:
    """Plans and executes a project's graph."""

    def __init__(
        self,
        project: Project,
        on_event: Callable[[Event], None] | None = None,
        workers: int | None = None,
        provider_options: dict[str, Any] | None = None,
        limiter: Any = None,
        remote: Any = None,
    ):
        self.project = project
        self.on_event = on_event or (lambda event: None)
        self.workers = workers or max(4, (os.cpu_count() or 2) * 2)
        self.provider_options = provider_options or {}
        # A season's runs share one limiter, so a provider's concurrency limit holds
        # across every episode (``slot(name, limit)`` is a context manager); None: this
        # run's own limit is the only one.
        self.limiter = limiter
        # Runs items elsewhere (a Ray cluster): ``takes(node_type)`` says which,
        # ``run(job, ctx)`` returns what the node produced. None: in this process.
        self.remote = remote
        self.cancel_event = threading.Event()
        self._planned: dict[str, Any] = {}

    # -- planning ---------------------------------------------------------------------
    def plan(self, targets: list[str] | None = None) -> Plan:
        """What must run for ``targets`` (default: every node), without running it.

        The plan holds a snapshot of the graph, so edits made while it runs (in the
        app) affect the next run, not this one.
        """
        live = self.project.graph
        graph = Graph.from_dict(live.to_dict(), live.catalog)
        order = self._order(graph, targets)
        resolver = _Resolver(graph, self.provider_options, self.peek,
                             self.project.file_fingerprints)
        known: dict[str, dict[str, Ref]] = {}
        nodes: dict[str, NodePlan] = {}
        problems = [str(p) for p in graph.validate() if _affects(p, order, graph)]
        for nid in order:
            nodes[nid] = self._plan_node(resolver, nid, known)
        return Plan(graph, order, nodes, problems)

    def _order(self, graph: Graph, targets: list[str] | None) -> list[str]:
        order = graph.topological_order()
        if not targets:
            return order
        wanted = set(targets)
        for t in targets:
            wanted |= graph.upstream(t)
        return [nid for nid in order if nid in wanted]

    def _plan_node(self, resolver: _Resolver, nid: str, known: dict[str, dict[str, Ref]]) -> NodePlan:
        label = resolver.graph.label(nid)
        try:
            res = resolver.resolve(nid, known)
        except (GraphError, ProviderError) as exc:
            return NodePlan(nid, label, True, "cannot run", error=str(exc))
        if res.items is None:
            return NodePlan(nid, label, True, f"waits for {resolver.graph.label(res.waiting_on)}",
                            mapped=bool(res.mapped_ports), resolved=res)
        plans, outputs = [], []
        keys = [resolver.item_key(nid, res, item) for item in res.items]
        self.project.artifacts.prefetch(keys)
        for index, (item, key) in enumerate(zip(res.items, keys, strict=True)):
            item_id, take = resolver.item_take(nid, res, item) if key else ("", 0)
            found = self.project.artifacts.lookup(key) if key else None
            if found is not None:
                plans.append(ItemPlan(index, key, False, "cached", item_id, take))
            else:
                reason = "upstream item changes" if key is None else "not in cache"
                extra = self.candidate_takes(nid, res.params, *resolver.item_take(nid, res, item))
                plans.append(ItemPlan(index, key, True, reason, item_id, take, extra))
                found = self._evaluate_cheap(nid, res, item, key)
            outputs.append(found)
        known[nid] = _collect(res.node_type, outputs, bool(res.mapped_ports))
        dirty = any(p.dirty for p in plans)
        reason = next((p.reason for p in plans if p.dirty), "cached")
        return NodePlan(nid, label, dirty, reason, bool(res.mapped_ports), plans, resolved=res,
                        outputs=known[nid])

    def candidate_takes(self, node_id: str, params: BaseModel, item_id: str, chosen: int) -> list[int]:
        """The extra takes made beside ``chosen`` when a node's ``candidates`` setting is N > 1.

        They are numbered above every take the item has, so no earlier take is replaced;
        the chosen take stays the one that feeds downstream.
        """
        count = int(getattr(params, "candidates", 1) or 1)
        if count <= 1:
            return []
        made = [row.take for row in self.project.takes(node_id) if row.item_id == item_id]
        made += self.project.graph.catalog.get(
            self.project.graph.node(node_id).type_id).reserved_takes(params, item_id)
        first = max([chosen, *made]) + 1
        return list(range(first, first + count - 1))

    def _evaluate_cheap(
        self, nid: str, res: _Resolved, item: dict[str, Ref], key: str | None
    ) -> dict[str, Ref] | None:
        """Run a cheap node in memory to learn its output hashes (nothing is stored)."""
        if key is None or not res.node_type.is_cheap(res.params):
            return None
        if any(p.type.media for p in res.node_type.outputs):
            return None
        try:
            inputs = self._load_inputs(res.node_type, item)
            ctx = RunContext(node_id=nid, temp_dir=self.project.artifacts.tmp_dir / "plan",
                             provider=res.provider, cancel_event=self.cancel_event)
            produced = res.node_type().run(ctx, inputs, res.params)
            return {
                port.name: self._remember(port.type, produced[port.name])
                for port in res.node_type.outputs
            }
        except Exception:  # the real run will report it properly
            log.debug("cheap evaluation of %s failed", nid, exc_info=True)
            return None

    def _remember(self, port_type: PortType, value: Any) -> Ref:
        """Hash a planned (not stored) data value and keep it for downstream planning."""
        if port_type.is_list:
            return [self._remember(port_type.item, v) for v in value]  # type: ignore[arg-type]
        encoded = values.encode(port_type, value)
        digest = hashlib.sha256(values.canonical_json(encoded)).hexdigest()
        self._planned[digest] = encoded
        return digest

    def peek(self, ref: str) -> Any:
        """The JSON of a data value, planned or stored (None if it is not known)."""
        if ref in self._planned:
            return self._planned[ref]
        try:
            return self.project.artifacts.read_json(ref)
        except (FileNotFoundError, ValueError):
            return None

    # -- inputs -------------------------------------------------------------------------
    def _load_inputs(self, node_type: type[NodeType], item: dict[str, Ref]) -> dict[str, Any]:
        loaded: dict[str, Any] = {}
        for port in node_type.inputs:
            if port.name in item:
                loaded[port.name] = self._load(port.type, item[port.name])
        return loaded

    def load_value(self, port_type: PortType, ref: Ref) -> Any:
        """The value behind a ref of ``port_type`` (stored, or planned in memory)."""
        return self._load(port_type, ref)

    def _load(self, port_type: PortType, ref: Ref) -> Any:
        if isinstance(ref, list):
            item_type = port_type.item or port_type
            return [self._load(item_type, r) for r in ref]
        if port_type.media:
            return self.project.artifacts.require(ref)
        if ref in self._planned:
            return values.decode(port_type, self._planned[ref])
        return values.decode(port_type, self.project.artifacts.read_json(ref))

    # -- execution --------------------------------------------------------------------------
    def execute(
        self, plan: Plan | None = None, targets: list[str] | None = None,
        budget: float | None = None,
    ) -> RunResult:
        """Run what ``plan`` (or a fresh plan for ``targets``) says is dirty.

        With a ``budget`` (in the price table's currency) no paid item starts whose
        estimate would take this run's spend over it: the run ends with status
        ``budget`` after the running items finish, and the next plan holds the rest.
        """
        with self.project.run_lock():  # a second run at once is refused, naming this pid
            plan = plan or self.plan(targets)
            run = _Run(self, plan)
            run.budget = budget
            return run.go()

    def take_keys(self, node_id: str, item_id: str, takes: list[int]) -> dict[int, str]:
        """The cache key each of ``takes`` of one item has with the node's current settings
        (a take made with other settings has another key, so it is not one of these)."""
        plan = self.plan([node_id])
        res = plan.nodes[node_id].resolved
        if res is None or res.items is None:
            return {}
        resolver = _Resolver(plan.graph, self.provider_options, self.peek,
                             self.project.file_fingerprints)
        for item in res.items:
            if resolver.item_id(res, item) == item_id:
                keys = {t: resolver.item_key(node_id, res, item, take=t) for t in takes}
                return {t: k for t, k in keys.items() if k}
        return {}

    def cancel(self) -> None:
        """Stop the current run; running items end at their next cancellation check."""
        self.cancel_event.set()

    def output(self, node_id: str) -> dict[str, Ref] | None:
        """The current outputs of a node from the cache (after a run), or None."""
        plan = self.plan([node_id])
        p = plan.nodes[node_id]
        if p.dirty or p.items is None:
            return None
        outputs = [self.project.artifacts.lookup(i.key) for i in p.items if i.key]
        node_type = plan.graph.catalog.get(plan.graph.node(node_id).type_id)
        return _collect(node_type, outputs, p.mapped)

    def load_output(self, node_id: str, port: str) -> Any:
        """The value of one output port (Media, model, str or a list of them)."""
        outputs = self.output(node_id)
        if outputs is None:
            raise LookupError(f"{self.project.graph.label(node_id)} has not produced output yet")
        node_type = self.project.graph.catalog.get(self.project.graph.node(node_id).type_id)
        port_type = node_type.output(port).type
        ref = outputs[port]
        if isinstance(ref, list) and not port_type.is_list:
            return [self._load(port_type, r) for r in ref]
        return self._load(port_type, ref)


def _affects(problem: GraphError, order: list[str], graph: Graph) -> bool:
    return any(graph.label(nid) in str(problem) for nid in order) or "cycle" in str(problem)


def _collect(node_type: type[NodeType], outputs: list[dict[str, Ref] | None], mapped: bool) -> dict[str, Ref]:
    """Per-item outputs into per-port refs (a list of item refs when mapped)."""
    if not mapped:
        only = outputs[0] if outputs else None
        return {p.name: (only or {}).get(p.name) for p in node_type.outputs}
    return {p.name: [(o or {}).get(p.name) for o in outputs] for p in node_type.outputs}


# -- one run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemJob:
    """One item's run, described by value so another process can do it: the node's
    type and settings, and its inputs as content hashes."""

    scope: str  # the project it belongs to (its file), for the task journal
    node_id: str
    type_id: str
    params: dict[str, Any]
    provider_options: dict[str, Any]
    item: dict[str, Ref]
    item_index: int
    item_count: int
    take: int


@dataclass
class RunResult:
    run_id: int
    status: str  # done | failed | cancelled
    failed: dict[str, str] = field(default_factory=dict)
    ran: int = 0
    cached: int = 0


@dataclass
class _NodeState:
    node_id: str
    res: _Resolved | None = None
    pending: list[tuple[int, dict[str, Ref], str]] = field(default_factory=list)
    outputs: list[dict[str, Ref] | None] = field(default_factory=list)
    running: int = 0
    ran: int = 0
    cached: int = 0
    error: str = ""
    started: float = 0.0
    # cache key -> take number of the extra candidates queued for this node
    extra: dict[str, int] = field(default_factory=dict)


class _Run:
    """Executes one plan: schedules items on the pool, records every outcome."""

    def __init__(self, engine: Engine, plan: Plan):
        self.engine = engine
        self.project = engine.project
        self.plan = plan
        self.graph = plan.graph
        self.resolver = _Resolver(self.graph, engine.provider_options, engine.peek,
                                  self.project.file_fingerprints)
        self.known: dict[str, dict[str, Ref]] = {}
        self.done: set[str] = set()
        self.failed: dict[str, str] = {}
        self.states: dict[str, _NodeState] = {}
        self.in_flight: dict[Future, tuple[_NodeState, int, str, str]] = {}
        self.provider_busy: dict[str, int] = {}
        self.result = RunResult(0, "done")
        self.emit = engine.on_event
        self.tasks = ProjectTasks(self.project)
        self.cached_rows: list[tuple[str, list[tuple[int | None, str]]]] = []
        self.budget: float | None = None
        self.reserved = 0.0  # estimates of the paid items dispatched so far
        self.over_budget: tuple[float, float | None] | None = None  # (spent, needed)

    def go(self) -> RunResult:
        self.engine.cancel_event.clear()
        run_id = self.project.start_run(",".join(self.plan.order[-1:]))
        self.result.run_id = self.run_id = run_id
        with ThreadPoolExecutor(self.engine.workers, thread_name_prefix="shotgraph") as pool:
            self.pool = pool
            try:
                self._loop()
            except BaseException:
                # e.g. the disk filled up under the project file: stop the running items
                # before the pool waits for them, and say the run failed if we still can
                self.engine.cancel_event.set()
                self._close_failed(run_id)
                raise
            self.project.record_cached(self.run_id, self.cached_rows)
        status = "cancelled" if self.engine.cancel_event.is_set() else (
            "failed" if self.failed else "budget" if self.over_budget is not None else "done")
        if self.over_budget is not None:
            self._budget_stopped()
        self.result.status, self.result.failed = status, dict(self.failed)
        self.project.finish_run(run_id, status)
        self.emit(RunFinished("", run_id, status, tuple(self.failed)))
        return self.result

    def _close_failed(self, run_id: int) -> None:
        for future in list(self.in_flight):
            future.cancel()
        try:
            self.project.record_cached(self.run_id, self.cached_rows)
            self.project.finish_run(run_id, "failed")
        except Exception:  # noqa: BLE001 - the first error is the one to report
            log.warning("could not record the end of run %s", run_id, exc_info=True)

    def _loop(self) -> None:
        remaining = list(self.plan.order)
        # pending: items held back by a provider's concurrency limit still have to run
        while remaining or self.in_flight or any(s.pending for s in self.states.values()):
            if self.engine.cancel_event.is_set():
                self._drain_cancelled(remaining)
                return
            if self.over_budget is not None:  # like a stop: let running items finish
                if not self.in_flight:
                    return
                progressed = False
            else:
                progressed = self._start_ready(remaining)
            self._dispatch()
            if self.in_flight:
                finished, _ = wait(list(self.in_flight), timeout=0.1, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._item_finished(future)
            elif not progressed and remaining and self.over_budget is None:
                raise RuntimeError("scheduler stalled")  # a bug: nothing runnable, nothing running

    # -- starting nodes -----------------------------------------------------------------
    def _start_ready(self, remaining: list[str]) -> bool:
        progressed = False
        for nid in list(remaining):
            upstream = {e.src for e in self.graph.incoming(nid)}
            if not upstream <= (self.done | set(self.failed)):
                continue
            remaining.remove(nid)
            progressed = True
            blocked = [u for u in upstream if u in self.failed]
            if blocked:
                self._skip(nid, blocked[0])
            else:
                self._start_node(nid)
        return progressed

    def _skip(self, nid: str, because: str) -> None:
        message = f"skipped: {self.graph.label(because)} failed"
        self.failed[nid] = message
        self.project.record_node_run(self.run_id, nid, None, "skipped", error=message)
        self.emit(NodeFailed(nid, message, skipped=True))

    def _start_node(self, nid: str) -> None:
        state = _NodeState(nid, started=time.monotonic())
        self.states[nid] = state
        try:
            state.res = self.resolver.resolve(nid, self.known)
            if state.res.items is None:
                raise GraphError(f"input from {self.graph.label(state.res.waiting_on)} is missing")
        except (GraphError, ProviderError) as exc:
            self._fail_node(state, str(exc), None)
            return
        state.outputs = [None] * len(state.res.items)
        hits: list[tuple[int | None, str]] = []
        for index, item in enumerate(state.res.items):
            key = self.resolver.item_key(nid, state.res, item)
            found = self.project.artifacts.lookup(key) if key else None
            if found is not None:
                state.outputs[index] = found
                state.cached += 1
                hits.append((self._idx(state, index), key))
            else:
                state.pending.append((index, item, key or ""))
        for index, item, _ in list(state.pending):  # candidates after every chosen take
            self._queue_candidates(state, index, item)
        if hits:
            self.cached_rows.append((nid, hits))
        total = len(state.res.items)
        if not state.pending:
            self.emit(NodeCached(nid, total))
            self._complete(state)
            return
        self.emit(NodeStarted(nid, len(state.pending) - len(state.extra), total))
        for index in range(total):
            if state.outputs[index] is not None:
                item_id = self.resolver.item_id(state.res, state.res.items[index])
                self.emit(ItemDone(nid, index, cached=True, outputs=state.outputs[index],
                                   item_id=item_id))

    def _queue_candidates(self, state: _NodeState, index: int, item: dict[str, Ref]) -> None:
        """Queue the extra takes of an item after its chosen one (``candidates`` > 1)."""
        item_id, chosen = self.resolver.item_take(state.node_id, state.res, item)
        for take in self.engine.candidate_takes(state.node_id, state.res.params, item_id, chosen):
            key = self.resolver.item_key(state.node_id, state.res, item, take=take)
            if key and self.project.artifacts.lookup(key) is None:
                state.extra[key] = take
                state.pending.append((index, item, key))

    @staticmethod
    def _idx(state: _NodeState, index: int) -> int | None:
        return index if state.res and state.res.mapped_ports else None

    # -- dispatching items -----------------------------------------------------------------
    def _dispatch(self) -> None:
        for state in self.states.values():
            while state.pending:
                provider = state.res.provider
                name = _provider_slot(provider)
                limit = getattr(provider, "max_concurrency", self.engine.workers) or 1
                if self.provider_busy.get(name, 0) >= limit:
                    break
                if self.budget is not None and not self._fits_budget(state, state.pending[0][1]):
                    break
                index, item, key = state.pending.pop(0)
                self.provider_busy[name] = self.provider_busy.get(name, 0) + 1
                state.running += 1
                future = self.pool.submit(self._run_item, state, index, item, key)
                self.in_flight[future] = (state, index, name, key)

    def _fits_budget(self, state: _NodeState, item: dict[str, Ref]) -> bool:
        """Whether the item may start: free, or its estimate fits what is left of the budget.

        Spent so far is the larger of what providers recorded for this run and the
        estimates of the items dispatched (some of which may still be running).
        """
        if self.over_budget is not None:
            return False
        res = state.res
        needed = costs.item_cost(res.node_type, res.params, res.provider, item, self.engine.peek)
        if needed == 0.0:
            return True
        spent = max(costs.run_spent(self.project, self.run_id), self.reserved)
        if needed is not None and spent + needed <= self.budget + 1e-9:
            self.reserved += needed
            return True
        self.over_budget = (spent, needed)
        return False

    def _budget_stopped(self) -> None:
        left: list[tuple[str, int | None]] = []
        for nid in self.plan.order:
            state = self.states.get(nid)
            if state is not None and state.pending:
                left.append((nid, len({index for index, *_ in state.pending})))
            elif state is None and self.plan.nodes[nid].dirty and nid not in self.failed:
                left.append((nid, None))
        spent = max(costs.run_spent(self.project, self.run_id), self.reserved)
        self.emit(BudgetStopped("", round(spent, 6), self.budget, self.over_budget[1],
                                tuple(left)))

    def _run_item(self, state: _NodeState, index: int, item: dict[str, Ref], key: str) -> Any:
        res = state.res
        candidate = key in state.extra  # an extra take: kept, but not fed downstream
        tmp = self.project.artifacts.tmp_dir / f"work-{os.getpid()}-{os.urandom(5).hex()}"
        ctx = RunContext(
            node_id=state.node_id, temp_dir=tmp, item_index=index,
            item_count=len(state.outputs), provider=res.provider,
            cancel_event=self.engine.cancel_event,
            on_progress=None if candidate else (
                lambda f, m: self.emit(Progress(state.node_id, index, f, m))),
            on_log=lambda m: log.info("%s: %s", self.graph.label(state.node_id), m),
            derive=self.project.artifacts.derive,
            resolve_media=self.project.artifacts.require,
            tasks=self.tasks,
            record_call=functools.partial(self.project.record_provider_call, self.run_id,
                                          state.node_id),
            resolve_file=self.project.source_path,
            on_warning=functools.partial(self._warn, state, index),
        )
        item_id, take = self.resolver.item_take(state.node_id, res, item)
        take = state.extra.get(key, take)
        ctx.take = take
        started = time.monotonic()
        try:
            with self._slot(res.provider):
                produced = self._produce(state, index, item, ctx)
            made_by = self._provenance(state, item, take)
            outputs = self._store_outputs(res.node_type, produced, made_by)
            self.project.artifacts.record(key, res.node_type.type_id, outputs)
            self.project.add_take(state.node_id, self._idx(state, index), item_id, take, key,
                                  outputs)
            return outputs, time.monotonic() - started
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _slot(self, provider: Any) -> Any:
        """The season-wide slot of this item's provider (a no-op outside a season)."""
        limiter = self.engine.limiter
        if limiter is None:
            return contextlib.nullcontext()
        limit = getattr(provider, "max_concurrency", self.engine.workers) or 1
        return limiter.slot(_provider_slot(provider), limit)

    def _produce(self, state: _NodeState, index: int, item: dict[str, Ref],
                 ctx: RunContext) -> dict[str, Any]:
        """Run the node for one item, here or on the remote runner."""
        res = state.res
        remote = self.engine.remote
        if remote is not None and remote.takes(res.node_type, res.params):
            job = ItemJob(
                scope=str(self.project.db_path), node_id=state.node_id,
                type_id=res.node_type.type_id, params=res.params.model_dump(mode="json"),
                provider_options=self.engine.provider_options, item=item,
                item_index=index, item_count=len(state.outputs), take=ctx.take,
            )
            return remote.run(job, ctx, self.engine)
        inputs = self.engine._load_inputs(res.node_type, item)
        return res.node_type().run(ctx, inputs, res.params)

    def _warn(self, state: _NodeState, index: int, message: str) -> None:
        log.warning("%s: %s", self.graph.label(state.node_id), message)
        self.emit(NodeWarning(state.node_id, message, self._idx(state, index)))

    def _provenance(self, state: _NodeState, item: dict[str, Ref], take: int) -> dict[str, Any]:
        """How an artifact was made, kept on its row (the export's provenance file reads it)."""
        res = state.res
        node = self.graph.node(state.node_id)
        return {
            "node_type": node.type_id, "node_version": res.node_type.version,
            "node_id": node.id, "node_title": node.title,
            "provider": res.provider.identity() if res.provider is not None else None,
            "params": res.node_type.key_params(res.params), "take": take,
            "inputs": item, "made_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }

    def _store_outputs(
        self, node_type: type[NodeType], produced: dict[str, Any], made_by: dict[str, Any]
    ) -> dict[str, Ref]:
        outputs: dict[str, Ref] = {}
        for port in node_type.outputs:
            if port.name not in produced:
                raise NodeError(f"the node produced no '{port.name}' output")
            outputs[port.name] = self._store_value(port.type, produced[port.name], made_by)
        return outputs

    def _store_value(self, port_type: PortType, value: Any, made_by: dict[str, Any]) -> Ref:
        if port_type.is_list:
            if not isinstance(value, list):
                raise NodeError(f"output of type {port_type} must be a list")
            item_type = port_type.item
            return [self._store_value(item_type, v, made_by) for v in value]  # type: ignore[arg-type]
        if port_type.media:
            if isinstance(value, Media):
                return value.hash
            out = value if isinstance(value, MediaOut) else MediaOut(Path(value))
            if not out.path.exists() or out.path.stat().st_size == 0:
                raise NodeError(f"the node's {port_type} output file is missing or empty")
            ext = out.path.suffix.lstrip(".") or port_type.ext
            meta = {**out.meta, "provenance": _made_with(made_by, out.meta)}
            return self.project.artifacts.put_file(out.path, ext, meta).hash
        return self.project.artifacts.put_json(values.encode(port_type, value))

    def _item_finished(self, future: Future) -> None:
        state, index, provider, key = self.in_flight.pop(future)
        self.provider_busy[provider] -= 1
        state.running -= 1
        try:
            outputs, seconds = future.result()
        except Cancelled:
            self.project.record_node_run(self.run_id, state.node_id, self._idx(state, index),
                                         "cancelled", key)
            return
        except Exception as exc:  # a node's failure is data, not a crash
            if key in state.extra:
                self._candidate_failed(state, index, key, exc)
            else:
                self._item_failed(state, index, exc)
            return
        self.result.ran += 1
        self.project.record_node_run(self.run_id, state.node_id, self._idx(state, index), "ran",
                                     key, seconds=seconds)
        if key not in state.extra:
            state.outputs[index] = outputs
            state.ran += 1
            item_id = self.resolver.item_id(state.res, state.res.items[index])
            self.emit(ItemDone(state.node_id, index, cached=False, seconds=seconds,
                               outputs=outputs, item_id=item_id))
        self._finish_if_idle(state)

    def _finish_if_idle(self, state: _NodeState) -> None:
        if state.pending or state.running:
            return
        if state.error:
            self.failed[state.node_id] = state.error
        else:
            self._complete(state)

    def _candidate_failed(self, state: _NodeState, index: int, key: str, exc: Exception) -> None:
        """An extra candidate that failed costs a take, not the node: the chosen one stands."""
        message = f"candidate take {state.extra[key]}: {_error_message(exc)}"
        log.warning("%s: %s", self.graph.label(state.node_id), message)
        self.project.record_node_run(self.run_id, state.node_id, self._idx(state, index),
                                     "failed", key, error=message)
        self._finish_if_idle(state)

    def _item_failed(self, state: _NodeState, index: int, exc: Exception) -> None:
        message = _error_message(exc)
        if not isinstance(exc, NodeError | ProviderError | GraphError):
            log.error("node %s crashed:\n%s", state.node_id,
                      "".join(traceback.format_exception(exc)))
        prefix = f"item {index + 1}: " if state.res and state.res.mapped_ports else ""
        self._fail_node(state, prefix + message, self._idx(state, index))

    def _fail_node(self, state: _NodeState, message: str, item_index: int | None) -> None:
        first = not state.error
        state.error = state.error or message
        # the node's other items keep running: their results are kept for the next run
        self.project.record_node_run(self.run_id, state.node_id, item_index, "failed",
                                     error=message)
        if first:  # the log the one-line error points to says which node and why
            log.warning("%s failed: %s", self.graph.label(state.node_id), message)
            self.emit(NodeFailed(state.node_id, message, item_index))
        if state.running == 0 and not state.pending:
            self.failed[state.node_id] = state.error

    def _complete(self, state: _NodeState) -> None:
        mapped = bool(state.res.mapped_ports)
        self.known[state.node_id] = _collect(state.res.node_type, state.outputs, mapped)
        self.done.add(state.node_id)
        self.result.cached += state.cached
        if state.ran:
            self.emit(NodeDone(state.node_id, state.ran, state.cached,
                               time.monotonic() - state.started))

    def _drain_cancelled(self, remaining: list[str]) -> None:
        for future in list(self.in_flight):
            state, index, _, key = self.in_flight.pop(future)
            try:
                outputs, seconds = future.result()
            except BaseException:  # noqa: BLE001 - cancelled or failed while stopping
                self.project.record_node_run(self.run_id, state.node_id,
                                             self._idx(state, index), "cancelled", key)
                continue
            # finished just before it saw the stop: its result is kept and recorded
            self.project.record_node_run(self.run_id, state.node_id, self._idx(state, index),
                                         "ran", key, seconds=seconds)
        for state in self.states.values():
            if state.error and state.node_id not in self.failed:
                self.failed[state.node_id] = state.error


def _made_with(made_by: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """The provenance of a file: a fallback chain's file names the member that made it
    (``meta["made_with"]``, see ``app.core.providers.fallback``), the chain is kept beside."""
    used = meta.get("made_with")
    if not isinstance(used, dict):
        return made_by
    return {**made_by, "provider": used, "fallback": made_by.get("provider")}


def _provider_slot(provider: Any) -> str:
    if provider is None:
        return "cpu"
    return f"{getattr(provider, 'name', 'local')}:{getattr(provider, 'capability', '')}"


def _error_message(exc: Exception) -> str:
    if isinstance(exc, NodeError | ProviderError | GraphError):
        return str(exc)
    plain = explain(exc)  # a full disk, a read-only folder: say so, not the errno
    if plain:
        return plain
    if isinstance(exc, FileNotFoundError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"

