"""Paid async tasks: submit once, save the task id, poll to the end, resume after a crash.

``run_paid_task`` fingerprints the request (sha256 of the provider name and the canonical
request, secrets never included) and looks it up in the run's ``TaskJournal``:

- a task saved as ``submitted`` or ``succeeded`` is polled again instead of bought again;
- otherwise a *submit reference* is chosen (an id the provider can find the work by:
  Kling's ``external_task_id``, a ComfyUI ``prompt_id``, a Sync Labs idempotency key, the
  time of a suno-api submit) and saved as ``submitting`` *before* the request goes out,
  then the task id the service answers is saved as ``submitted`` before the first poll.

When the submit gets an answer that does not say whether it was accepted (a 5xx, a
timeout, a connection broken after sending, an unreadable body: ``http.ambiguous``), or
a run died while it was out (the journal still says ``submitting``), the work is looked
up by its reference first (``PaidTask.lookup``). Found: it is adopted and polled. Not
found (or the provider has no way to look): the run stops with an ``UNCONFIRMED`` error
saying the work may have been billed, and the journal says ``unconfirmed``; the next run
looks once more and, when the work is still nowhere, submits it again (the creator has
been told to check first). A submit the service clearly refused is forgotten.

Polling waits on the run's cancel event (never ``time.sleep``) and stops at a deadline;
a task the provider no longer knows is reported, not re-bought.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.core.node_api import Cancelled, RunContext, TaskJournal
from app.core.providers import ErrorKind, ProviderError
from nodes.providers.http import ProviderClient, ambiguous, wait

log = logging.getLogger("shotgraph.providers")

SUBMITTING, UNCONFIRMED = "submitting", "unconfirmed"
SUBMITTED, SUCCEEDED, FAILED = "submitted", "succeeded", "failed"


class TaskRejected(ProviderError):
    """The service took the request (and gave it ``task_id``) but it cannot be used (e.g.
    ComfyUI queued a workflow with node errors): the id is kept as a failed task."""

    def __init__(self, provider: str, kind: ErrorKind, message: str, task_id: str):
        super().__init__(provider, kind, message)
        self.task_id = task_id


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


def new_reference() -> str:
    """A fresh submit reference: 24 hex digits, unique per submit."""
    return os.urandom(12).hex()


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
    """What ``run_paid_task`` needs to know about one request.

    ``submit(reference)`` sends the request (carrying the reference where the service
    keeps one) and returns the task id; ``lookup(reference)`` finds the task id of work
    submitted with that reference, or ``None``; ``where`` says where a creator can check
    by hand ("the Kling task list").
    """

    client: ProviderClient
    request: dict[str, Any]
    submit: Callable[[str], str]
    check: Callable[[str], TaskState]
    what: str  # "the clip for shot s01", used in messages
    lookup: Callable[[str], str | None] | None = None
    new_ref: Callable[[], str] = field(default=new_reference)
    where: str = ""


def run_paid_task(
    task: PaidTask,
    ctx: RunContext,
    *,
    interval_s: float | None = None,
    deadline_s: float | None = None,
) -> tuple[str, TaskState, bool]:
    """Submit (or resume, or find) ``task`` and poll it to the end.

    Returns ``(task_id, final state, newly_done)``; ``newly_done`` is false when the
    journal already had the task as succeeded (its cost was counted then).

    Raises ``ProviderError`` on failure (``UNCONFIRMED`` when a submit may have been
    billed unseen), ``TIMEOUT`` at the deadline (the task stays saved, so running again
    resumes it) and ``Cancelled`` when the run is stopped.
    """
    client = task.client
    journal: TaskJournal = ctx.tasks if ctx.tasks is not None else _FALLBACK_JOURNAL
    fp = fingerprint(client.name, task.request)
    found = journal.find(client.name, fp)
    if found and found[1] in (SUBMITTED, SUCCEEDED):
        task_id = found[0]
        ctx.log(f"{client.service}: resuming task {task_id} for {task.what} (not paying again)")
    elif found and found[1] in (SUBMITTING, UNCONFIRMED):
        task_id = _recover(task, ctx, journal, fp, found)
    else:
        task_id = _submit(task, ctx, journal, fp)
    state = _poll(task, ctx, task_id, fp, journal, interval_s, deadline_s)
    journal.save(client.name, fp, task_id, SUCCEEDED)
    return task_id, state, not (found and found[1] == SUCCEEDED)


def _submit(task: PaidTask, ctx: RunContext, journal: TaskJournal, fp: str) -> str:
    """Save the reference, send the request, save the task id; find it when in doubt."""
    client = task.client
    ctx.check_cancelled()
    ref = task.new_ref()
    journal.save(client.name, fp, ref, SUBMITTING)
    try:
        task_id = task.submit(ref)
    except Cancelled:
        journal.forget(client.name, fp)  # cancelling happens between attempts, unsent
        raise
    except TaskRejected as exc:
        journal.save(client.name, fp, exc.task_id, FAILED)
        raise
    except ProviderError as exc:
        if not ambiguous(exc):
            journal.forget(client.name, fp)  # refused: nothing was bought
            raise
        task_id = _look_up(task, ctx, ref) or ""
        if not task_id:
            journal.save(client.name, fp, ref, UNCONFIRMED)
            raise unconfirmed(client, task.what, exc.message, task.where) from None
        ctx.log(f"{client.service}: the submit for {task.what} was unclear, but the service "
                f"has it as task {task_id}; not paying again")
    journal.save(client.name, fp, task_id, SUBMITTED)
    ctx.log(f"{client.service}: submitted task {task_id} for {task.what}")
    return task_id


def _recover(
    task: PaidTask, ctx: RunContext, journal: TaskJournal, fp: str, found: tuple[str, str]
) -> str:
    """A submit whose outcome is unknown: adopt the work if the service has it.

    ``submitting`` (a run died while the request was out) stops with ``UNCONFIRMED`` when
    the work cannot be found; ``unconfirmed`` (the creator was told to check) submits again.
    """
    client = task.client
    ref, status = found
    task_id = _look_up(task, ctx, ref)
    if task_id:
        journal.save(client.name, fp, task_id, SUBMITTED)
        ctx.log(f"{client.service}: found task {task_id} for {task.what} from an earlier "
                "run (not paying again)")
        return task_id
    if status == SUBMITTING:
        journal.save(client.name, fp, ref, UNCONFIRMED)
        raise unconfirmed(
            client, task.what, "an earlier run stopped while the request was on its way",
            task.where,
        )
    ctx.log(f"{client.service}: {task.what} is not in the service's records; submitting it "
            "again as asked")
    return _submit(task, ctx, journal, fp)


def _look_up(task: PaidTask, ctx: RunContext, ref: str) -> str | None:
    """The task id the service has for ``ref``; ``None`` when it cannot say."""
    if task.lookup is None:
        return None
    try:
        return task.lookup(ref)
    except Cancelled:
        raise
    except ProviderError as exc:
        ctx.log(f"{task.client.service}: could not look up {task.what}: {exc.message}")
        return None


def unconfirmed(client: ProviderClient, what: str, reason: str, where: str = "") -> ProviderError:
    """The error for paid work that may have been accepted and billed unseen."""
    place = where or f"your {client.service} account"
    return client.error(
        ErrorKind.UNCONFIRMED,
        f"{what} may have been accepted and billed by {client.service} ({reason}); check "
        f"{place} before retrying: running the node again looks once more and then "
        "submits (and pays for) it anew",
    )


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
