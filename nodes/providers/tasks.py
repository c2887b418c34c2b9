"""Paid async tasks: submit once, save the task id, poll to the end, resume after a crash.

``run_paid_task`` fingerprints the request (sha256 of the provider name and the canonical
request, secrets never included), looks it up in the run's ``TaskJournal``: a known task
is polled again instead of being bought again; a new one is submitted and saved *before*
the first poll. Polling waits on the run's cancel event (never ``time.sleep``) and stops
at a deadline; a task the provider no longer knows is reported, not re-bought.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core.node_api import Cancelled, RunContext, TaskJournal
from app.core.providers import ErrorKind, ProviderError
from nodes.providers.http import ProviderClient, wait

log = logging.getLogger("shotgraph.providers")

SUBMITTED, SUCCEEDED, FAILED = "submitted", "succeeded", "failed"


@dataclass(frozen=True)
class TaskState:
    """One look at an async task: still running, done (with a result) or failed."""

    status: str
    done: bool = False
    error: ProviderError | None = None
    progress: float | None = None
    result: Any = None


def fingerprint(provider: str, request: dict[str, Any]) -> str:
    """sha256 of the provider name and the canonical JSON of the request (no secrets)."""
    canonical = json.dumps(
        {"provider": provider, "request": request},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class MemoryJournal:
    """A ``TaskJournal`` in memory: for tests, and for runs that have no project."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[str, str]] = {}
        self._lock = threading.Lock()

    def find(self, provider: str, fingerprint: str) -> tuple[str, str] | None:
        with self._lock:
            return self.rows.get((provider, fingerprint))

    def save(self, provider: str, fingerprint: str, task_id: str, status: str) -> None:
        with self._lock:
            self.rows[(provider, fingerprint)] = (task_id, status)

    def forget(self, provider: str, fingerprint: str) -> None:
        with self._lock:
            self.rows.pop((provider, fingerprint), None)


_FALLBACK_JOURNAL = MemoryJournal()


@dataclass
class PaidTask:
    """What ``run_paid_task`` needs to know about one request."""

    client: ProviderClient
    request: dict[str, Any]
    submit: Callable[[], str]
    check: Callable[[str], TaskState]
    what: str  # "the clip for shot s01", used in messages


def run_paid_task(
    task: PaidTask,
    ctx: RunContext,
    *,
    interval_s: float | None = None,
    deadline_s: float | None = None,
) -> tuple[str, TaskState, bool]:
    """Submit (or resume) ``task`` and poll it to the end.

    Returns ``(task_id, final state, newly_done)``; ``newly_done`` is false when the
    journal already had the task as succeeded (its cost was counted then).

    Raises ``ProviderError`` on failure, ``TIMEOUT`` at the deadline (the task stays
    saved, so running again resumes it) and ``Cancelled`` when the run is stopped.
    """
    client = task.client
    journal: TaskJournal = ctx.tasks if ctx.tasks is not None else _FALLBACK_JOURNAL
    fp = fingerprint(client.name, task.request)
    found = journal.find(client.name, fp)
    if found and found[1] != FAILED:
        task_id = found[0]
        ctx.log(f"{client.service}: resuming task {task_id} for {task.what} (not paying again)")
    else:
        ctx.check_cancelled()
        task_id = task.submit()
        journal.save(client.name, fp, task_id, SUBMITTED)
        ctx.log(f"{client.service}: submitted task {task_id} for {task.what}")
    state = _poll(task, ctx, task_id, fp, journal, interval_s, deadline_s)
    journal.save(client.name, fp, task_id, SUCCEEDED)
    return task_id, state, not (found and found[1] == SUCCEEDED)


def _poll(
    task: PaidTask,
    ctx: RunContext,
    task_id: str,
    fp: str,
    journal: TaskJournal,
    interval_s: float | None,
    deadline_s: float | None,
) -> TaskState:
    client = task.client
    interval = client.settings.poll_interval_s if interval_s is None else interval_s
    deadline = time.monotonic() + (client.settings.deadline_s if deadline_s is None else deadline_s)
    while True:
        ctx.check_cancelled()
        state = _check(task, task_id, fp, journal)
        if state.error is not None:
            journal.save(client.name, fp, task_id, FAILED)
            raise state.error
        if state.done:
            return state
        if state.progress is not None:
            ctx.progress(0.1 + 0.8 * state.progress, f"{client.service}: {state.status}")
        if time.monotonic() + interval > deadline:
            raise client.error(
                ErrorKind.TIMEOUT,
                f"task {task_id} for {task.what} is still "
                f"{state.status} after the {client.settings.deadline_s:g} s "
                "deadline; it stays saved, so running the node again resumes "
                "it without paying again (or raise deadline_s)",
            )
        wait(ctx, interval)


def _check(task: PaidTask, task_id: str, fp: str, journal: TaskJournal) -> TaskState:
    client = task.client
    try:
        return task.check(task_id)
    except Cancelled:
        raise
    except ProviderError as exc:
        if exc.kind is not ErrorKind.NOT_FOUND:
            raise
        journal.forget(client.name, fp)
        raise client.error(
            ErrorKind.NOT_FOUND,
            f"{client.service} no longer knows task "
            f"{task_id} for {task.what}; it was not bought again. The saved task "
            "has been forgotten: run the node again to submit (and pay for) a "
            "new one",
        ) from None


def record(
    ctx: RunContext,
    client: ProviderClient,
    model: str,
    started: float,
    status: str,
    cost: float = 0.0,
) -> None:
    """Record one provider call on the run (latency, status, cost estimate; no secrets)."""
    if ctx.record_call is None:
        return
    try:
        ctx.record_call(
            client.name,
            model=model,
            seconds=round(time.monotonic() - started, 3),
            status=status,
            cost_estimate=cost,
        )
    except Exception as exc:  # recording must never fail the work that was paid for
        log.warning("could not record a %s call: %s", client.name, client.redact(str(exc)))
