"""Episode work as Ray tasks: ``--ray local`` or ``--ray ADDRESS``.

Ray is imported only here and only when a season runs on it (the desktop bundle does
not carry Ray; there seasons run in process). The driver keeps everything that writes:
the SQLite files, the media store, the task journal on disk. A task receives its inputs
by content hash (the bytes travel through Ray's object store, each file once per run)
and returns what the node made as bytes; the driver stores it like any local result. So
no project file or media folder has to be on a shared disk.

Paid async tasks are journalled before polling as in process: the worker's journal asks
a small Ray actor, which hands each entry to the driver and answers only once the driver
has committed it to the episode's ``provider_task`` table. A worker lost mid-task is
retried by Ray; the retry finds the journalled task and resumes polling it instead of
paying for a second submit.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import re
import shutil
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import values
from app.core.engine import ItemJob, provider_for
from app.core.graph import GraphError
from app.core.node_api import Cancelled, Media, MediaOut, NodeError, RunContext
from app.core.providers import ProviderError
from app.core.store import imports
from app.core.store.models import ProviderTaskRow
from app.core.types import PortType

log = logging.getLogger("shotgraph.cluster")

HASH = re.compile(r"^[0-9a-f]{64}$")
MAX_RETRIES = 3  # a task whose worker dies is run again this many times


class ClusterError(Exception):
    """Ray cannot be started or reached; the message says what to do."""


def available() -> bool:
    """Whether Ray can be imported here."""
    return importlib.util.find_spec("ray") is not None


def ray_version() -> str | None:
    if not available():
        return None
    try:
        from importlib.metadata import version

        return version("ray")
    except Exception:  # noqa: BLE001 - a broken install reads as absent
        return None


class RayRunner:
    """Runs engine items as Ray tasks (``Engine(remote=...)``)."""

    def __init__(self, setup: str, started_here: bool):
        import ray

        self.ray = ray
        self.setup = setup
        self.started_here = started_here
        self.journal = ray.remote(num_cpus=0)(_JournalActor).remote()
        self._work = ray.remote(max_retries=MAX_RETRIES, retry_exceptions=False)(_work)
        self._shipped: dict[str, Any] = {}  # hash -> ObjectRef of its bytes (put once)
        self._journals: dict[str, Any] = {}  # scope -> the episode's TaskJournal
        self._lock = threading.Lock()
        self.items_done = 0  # items Ray workers made for this run
        self._stop = threading.Event()
        self._writer = threading.Thread(target=self._write_journal, name="ray-journal",
                                        daemon=True)
        self._writer.start()

    @classmethod
    def start(cls, address: str, setup: str) -> RayRunner:
        """Join the cluster at ``address``, or start a local Ray for this run ("local")."""
        if not available():
            raise ClusterError("Ray is not installed here")
        import ray

        try:
            if address == "local":  # a Ray of its own, even where RAY_ADDRESS or a
                # cluster started earlier on this machine would be joined without an address
                ray.init(address="local", num_cpus=os.cpu_count() or 1, include_dashboard=False,
                         log_to_driver=False, configure_logging=False)
            else:
                ray.init(address=address, log_to_driver=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ClusterError(f"cannot reach Ray at {address}: {exc}") from None
        return cls(setup, started_here=address == "local")

    # -- what runs there ------------------------------------------------------------------
    def takes(self, node_type: Any, params: Any) -> bool:
        """Items of generator nodes; not cheap nodes, nor ones that read project files."""
        if node_type.runs_on_driver or node_type.is_cheap(params):
            return False
        return not any(True for _ in imports.named_files(params.model_dump(mode="json")))

    def run(self, job: ItemJob, ctx: RunContext, engine: Any) -> dict[str, Any]:
        """Run ``job`` on the cluster and return what the node produced (driver side)."""
        node_type = engine.project.graph.catalog.get(job.type_id)
        self._remember_journal(job.scope, ctx)
        data, media = self._inputs(job, engine)
        ref = self._work.remote(job, data, media, self.setup, self.journal)
        while True:
            ready, _ = self.ray.wait([ref], timeout=0.5)
            if ready:
                break
            if ctx.cancel_event.is_set():
                self.ray.cancel(ref, force=True)
                raise Cancelled()
        answer = self.ray.get(ref)
        for call in answer.get("calls", []):
            if ctx.record_call is not None:
                ctx.record_call(**call)
        for warning in answer.get("warnings", []):
            ctx.warn(warning)
        if "error" in answer:
            raise _error(answer["error"])
        with self._lock:
            self.items_done += 1
        ctx.temp_dir.mkdir(parents=True, exist_ok=True)
        return {port.name: _unpack(port.type, answer["outputs"][port.name], ctx.temp_dir,
                                   engine.project.artifacts)
                for port in node_type.outputs if port.name in answer["outputs"]}

    def running(self) -> dict[str, int]:
        """Item → pid of the worker process running it now."""
        return self.ray.get(self.journal.running.remote())

    # -- inputs by content hash ------------------------------------------------------------
    def _inputs(self, job: ItemJob, engine: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """The data values a job reads (JSON by hash) and its media (shipped bytes): what
        its inputs and settings name, and what those name in turn (a shot card names its
        cast's reference sheets, a clip's recipe its still)."""
        store = engine.project.artifacts
        data: dict[str, Any] = {}
        media: dict[str, Any] = {}
        pending = [*_strings(job.item), *_strings(job.params)]
        while pending:
            ref = pending.pop()
            if ref in data or ref in media or not HASH.match(ref):
                continue
            row = store.get(ref)
            if row is None or row.kind == "data":
                value = engine.peek(ref)
                if value is not None:
                    data[ref] = value
                    pending += list(_strings(value))
                continue
            stored = store.require(ref)
            media[ref] = self._ship(stored)
            pending += list(_strings(stored.meta))  # e.g. a clip's recipe names its still
        return data, media

    def _ship(self, media: Media) -> dict[str, Any]:
        with self._lock:
            if media.hash not in self._shipped:
                self._shipped[media.hash] = self.ray.put(media.path.read_bytes())
            blob = self._shipped[media.hash]
        return {"blob": blob, "ext": media.path.suffix.lstrip("."), "kind": media.kind,
                "mime": media.mime, "width": media.width, "height": media.height,
                "duration": media.duration, "meta": media.meta}

    # -- the journal, written by the driver only ----------------------------------------------
    def _remember_journal(self, scope: str, ctx: RunContext) -> None:
        with self._lock:
            if scope in self._journals or ctx.tasks is None:
                return
            self._journals[scope] = ctx.tasks
        rows = _journal_rows(ctx.tasks)
        self.ray.get(self.journal.seed.remote(scope, rows))

    def _write_journal(self) -> None:
        while not self._stop.is_set():
            try:
                entries = self.ray.get(self.journal.pending.remote(0.5))
            except Exception:  # noqa: BLE001 - Ray is shutting down
                if self._stop.is_set():
                    return
                log.warning("reading the task journal from Ray failed", exc_info=True)
                self._stop.wait(0.5)
                continue
            done = []
            for seq, op, scope, provider, fingerprint, task_id, status in entries:
                journal = self._journals.get(scope)
                if journal is not None:
                    if op == "save":
                        journal.save(provider, fingerprint, task_id, status)
                    else:
                        journal.forget(provider, fingerprint)
                done.append(seq)
            if done:
                self.ray.get(self.journal.ack.remote(done))

    def shutdown(self) -> None:
        self._stop.set()
        self._writer.join(timeout=5)
        self.ray.shutdown()


def _journal_rows(tasks: Any) -> list[tuple[str, str, str, str]]:
    """Every task the episode has journalled (so a retried worker finds its own)."""
    project = getattr(tasks, "project", None)
    if project is None:
        return []
    with Session(project.engine) as session:
        return [(r.provider, r.fingerprint, r.task_id, r.status)
                for r in session.scalars(select(ProviderTaskRow))]


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _error(packed: tuple) -> Exception:
    kind = packed[0]
    if kind == "node":
        return NodeError(packed[1])
    if kind == "provider":
        return ProviderError(packed[1], packed[2], packed[3])
    if kind == "graph":
        return GraphError(packed[1])
    if kind == "cancelled":
        return Cancelled()
    log.error("a Ray worker's node crashed:\n%s", packed[2])
    return RuntimeError(packed[1])


def _unpack(port_type: PortType, packed: Any, tmp: Path, store: Any) -> Any:
    if port_type.is_list:
        return [_unpack(port_type.item, p, tmp, store) for p in packed]  # type: ignore[arg-type]
    kind = packed[0]
    if kind == "hash":
        return store.require(packed[1])
    if kind == "file":
        _, data, ext, meta = packed
        path = tmp / f"remote-{os.urandom(6).hex()}.{ext}"
        path.write_bytes(data)
        return MediaOut(path, meta)
    return values.decode(port_type, packed[1])


# -- the worker side ---------------------------------------------------------------------------


_REGISTRIES: dict[str, Any] = {}


def _registry(setup: str) -> Any:
    """The node registry in this worker process, made by ``module:function``."""
    if setup not in _REGISTRIES:
        module, _, name = setup.partition(":")
        _REGISTRIES[setup] = getattr(importlib.import_module(module), name)()
    return _REGISTRIES[setup]


class _RemoteJournal:
    """A worker's ``TaskJournal``: the actor, which answers once the driver committed."""

    def __init__(self, actor: Any, scope: str):
        self.actor, self.scope = actor, scope

    def find(self, provider: str, fingerprint: str) -> tuple[str, str] | None:
        import ray

        found = ray.get(self.actor.find.remote(self.scope, provider, fingerprint))
        return tuple(found) if found else None  # type: ignore[return-value]

    def save(self, provider: str, fingerprint: str, task_id: str, status: str) -> None:
        import ray

        ray.get(self.actor.save.remote(self.scope, provider, fingerprint, task_id, status))

    def forget(self, provider: str, fingerprint: str) -> None:
        import ray

        ray.get(self.actor.forget.remote(self.scope, provider, fingerprint))


def _work(job: ItemJob, data: dict[str, Any], media: dict[str, Any], setup: str,
          journal: Any) -> dict[str, Any]:
    """One item, in a Ray worker: inputs from hashes, outputs back as bytes."""
    import ray

    label = f"{job.scope}#{job.node_id}#{job.item_index}"
    ray.get(journal.started.remote(label, os.getpid()))
    calls: list[dict[str, Any]] = []
    warnings: list[str] = []
    work_dir = Path(tempfile.mkdtemp(prefix="shotgraph-item-"))
    try:
        node_type = _registry(setup).get(job.type_id)
        params = node_type.parse_params(job.params)
        local = _materialise(media)

        def resolve_media(digest: str) -> Media:
            if digest not in local:
                raise FileNotFoundError(f"artifact {digest[:12]} was not sent to this worker")
            return local[digest]

        ctx = RunContext(
            node_id=job.node_id, temp_dir=work_dir / "tmp", item_index=job.item_index,
            item_count=job.item_count, take=job.take,
            provider=provider_for(node_type, params, job.provider_options),
            resolve_media=resolve_media, tasks=_RemoteJournal(journal, job.scope),
            record_call=lambda **call: calls.append(call), on_warning=warnings.append,
        )
        ctx.temp_dir.mkdir(parents=True)
        inputs = {port.name: _load(port.type, job.item[port.name], data, local)
                  for port in node_type.inputs if port.name in job.item}
        produced = node_type().run(ctx, inputs, params)
        outputs = {port.name: _pack(port.type, produced[port.name])
                   for port in node_type.outputs if port.name in produced}
        return {"outputs": outputs, "calls": calls, "warnings": warnings}
    except Cancelled:
        return {"error": ("cancelled",), "calls": calls, "warnings": warnings}
    except NodeError as exc:
        return {"error": ("node", str(exc)), "calls": calls, "warnings": warnings}
    except ProviderError as exc:
        return {"error": ("provider", exc.provider, exc.kind, exc.message), "calls": calls,
                "warnings": warnings}
    except GraphError as exc:
        return {"error": ("graph", str(exc)), "calls": calls, "warnings": warnings}
    except Exception as exc:  # noqa: BLE001 - reported to the driver, which logs it
        return {"error": ("crash", f"{type(exc).__name__}: {exc}",
                          "".join(traceback.format_exception(exc))),
                "calls": calls, "warnings": warnings}
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
        ray.get(journal.finished.remote(label))


_CACHE_DIR: list[Path] = []


def _materialise(media: dict[str, Any]) -> dict[str, Media]:
    """The shipped files on this worker's disk (each hash written once per process)."""
    import ray

    if not _CACHE_DIR:
        _CACHE_DIR.append(Path(tempfile.mkdtemp(prefix="shotgraph-inputs-")))
    local = {}
    for digest, info in media.items():
        path = _CACHE_DIR[0] / f"{digest}.{info['ext'] or 'bin'}"
        if not path.exists():
            part = path.with_suffix(".part")
            part.write_bytes(ray.get(info["blob"]))
            os.replace(part, path)
        local[digest] = Media(hash=digest, path=path, kind=info["kind"], mime=info["mime"],
                              width=info["width"], height=info["height"],
                              duration=info["duration"], meta=info["meta"])
    return local


def _load(port_type: PortType, ref: Any, data: dict[str, Any], local: dict[str, Media]) -> Any:
    if isinstance(ref, list):
        item_type = port_type.item or port_type
        return [_load(item_type, r, data, local) for r in ref]
    if port_type.media:
        return local[ref]
    return values.decode(port_type, data[ref])


def _pack(port_type: PortType, value: Any) -> Any:
    if port_type.is_list:
        return [_pack(port_type.item, v) for v in value]  # type: ignore[arg-type]
    if port_type.media:
        if isinstance(value, Media):
            return ("hash", value.hash)
        out = value if isinstance(value, MediaOut) else MediaOut(Path(value))
        ext = out.path.suffix.lstrip(".") or port_type.ext
        return ("file", out.path.read_bytes(), ext, dict(out.meta))
    return ("json", values.encode(port_type, value))


class _JournalActor:
    """Holds the season's task journal for workers; the driver writes it to disk."""

    def __init__(self) -> None:
        import asyncio

        self.entries: dict[tuple[str, str, str], tuple[str, str]] = {}
        self.queue: list[tuple] = []
        self.waiters: dict[int, Any] = {}
        self.seq = 0
        self.changed = asyncio.Event()
        self.busy: dict[str, int] = {}

    def seed(self, scope: str, rows: list[tuple[str, str, str, str]]) -> None:
        for provider, fingerprint, task_id, status in rows:
            self.entries.setdefault((scope, provider, fingerprint), (task_id, status))

    def find(self, scope: str, provider: str, fingerprint: str) -> tuple[str, str] | None:
        return self.entries.get((scope, provider, fingerprint))

    async def save(self, scope: str, provider: str, fingerprint: str, task_id: str,
                   status: str) -> None:
        self.entries[(scope, provider, fingerprint)] = (task_id, status)
        await self._committed(("save", scope, provider, fingerprint, task_id, status))

    async def forget(self, scope: str, provider: str, fingerprint: str) -> None:
        self.entries.pop((scope, provider, fingerprint), None)
        await self._committed(("forget", scope, provider, fingerprint, "", ""))

    async def _committed(self, op: tuple) -> None:
        import asyncio

        self.seq += 1
        done = asyncio.Event()
        self.waiters[self.seq] = done
        self.queue.append((self.seq, *op))
        self.changed.set()
        await done.wait()

    async def pending(self, timeout: float) -> list[tuple]:
        import asyncio

        if not self.queue:
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout)
            except TimeoutError:
                pass
        taken, self.queue = self.queue, []
        return taken

    def ack(self, seqs: list[int]) -> None:
        for seq in seqs:
            waiter = self.waiters.pop(seq, None)
            if waiter is not None:
                waiter.set()

    def started(self, label: str, pid: int) -> None:
        self.busy[label] = pid

    def finished(self, label: str) -> None:
        self.busy.pop(label, None)

    def running(self) -> dict[str, int]:
        return dict(self.busy)
