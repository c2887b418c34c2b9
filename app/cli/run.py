"""``run`` (with ``--export``, ``--only``, ``--dry-run``, ``--budget``) and ``costs``."""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.cli.command import (
    EXIT_CODES,
    INTERRUPTED,
    USAGE,
    cli,
    console,
    fail,
    node_targets,
    open_project,
    out,
    say_error,
)
from app.core import costs
from app.core import engine as eng
from app.core.failures import explain
from app.core.store.artifacts import DamagedArtifact
from app.core.store.project import Project, RunLocked
from app.delivery.deliver import (
    DamagedEpisode,
    ExportTargetError,
    check_export_target,
    save_episode,
)


def _export_node(project: Project, targets: list[str] | None) -> str:
    candidates = [n.id for n in project.graph.nodes.values() if n.type_id == "edit.export"]
    if targets:
        candidates = [c for c in candidates if c in targets] or candidates
    if not candidates:
        fail("this project has no Edit & Export node to export from", 2)
    if len(candidates) > 1:
        names = ", ".join(project.graph.label(c) for c in candidates)
        fail(f"several export nodes ({names}); choose one with --only", 2)
    return candidates[0]


@cli.command(epilog=EXIT_CODES)
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--export", "export_to", type=click.Path(path_type=Path),
              help="Write the finished episode MP4 here (and an .srt beside it).")
@click.option("--only", multiple=True, metavar="NODE",
              help="Run only this node (by id or title) and what it needs. Repeatable.")
@click.option("--dry-run", is_flag=True, help="Print the plan (what would run and why) and stop.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker threads (default: 2 x cores).")
@click.option("--budget", type=click.FloatRange(min=0), default=None, metavar="AMOUNT",
              help="Stop before paid calls would cost more than AMOUNT (price table currency).")
@click.option("--allow-outside-files", is_flag=True,
              help="Read files the project's settings name outside its folder (a project "
                   "from someone else may point at your own files: check the list first).")
def run(path: Path, export_to: Path | None, only: tuple[str, ...], dry_run: bool,
        workers: int | None, budget: float | None, allow_outside_files: bool) -> None:
    """Run the project's graph; only what changed runs, the rest comes from cache.

    Ctrl+C stops the run cleanly: running steps stop, nothing half-written is kept, and
    the next run continues from what finished.
    """
    project = open_project(path)
    with project:
        export_to = _checked_target(project, export_to)
        targets = node_targets(project, only)
        if export_to is not None:
            targets = targets or [_export_node(project, None)]
        reporter = _Reporter(project)
        engine = eng.Engine(project, on_event=reporter.on_event, workers=workers)
        _check_outside_files(project, targets, allow_outside_files)
        plan = engine.plan(targets)
        if plan.problems:
            for problem in plan.problems:
                console.print(f"[red]problem:[/red] {problem}")
            fail("the graph cannot run until these are fixed", 1)
        _warn_damaged(project)
        if dry_run:
            for line in plan.describe():
                out.print(line)
            dirty = sum(len(plan.nodes[n].dirty_items) or 1 for n in plan.dirty)
            out.print(f"{len(plan.dirty)} of {len(plan.order)} nodes would run ({dirty} items)")
            _print_estimate(engine, plan, budget)
            return
        try:
            result = _execute(engine, plan, reporter, budget)
        except RunLocked as exc:
            fail(str(exc))
        _warn_damaged(project)
        _report(project, result, reporter.budget_stop)
        if export_to is not None:
            _write_export(engine, _export_node(project, targets), export_to)


def _checked_target(project: Project, export_to: Path | None) -> Path | None:
    """Refuse (exit 2) an export target that would overwrite the project or its media."""
    if export_to is None:
        return None
    try:
        return check_export_target(export_to, project.folder, project.media_dir)
    except ExportTargetError as exc:
        fail(f"not exporting there: {exc}", USAGE)


def _check_outside_files(project: Project, targets: list[str] | None, allowed: bool) -> None:
    """Files named outside the project folder are read only with --allow-outside-files."""
    project.allow_outside_files = allowed
    if allowed:
        return
    wanted = None
    if targets:  # what the run reads: the targets and everything upstream of them
        wanted = list({nid for t in targets for nid in (t, *project.graph.upstream(t))})
    outside = project.outside_files(wanted)
    if not outside:
        return
    for found in outside:
        console.print(f"  outside: {found}", markup=False, soft_wrap=True)
    fail(f"this project's settings name {len(outside)} file(s) outside its folder (listed "
         "above); a project from someone else could read your own files this way. Choose them "
         "again to copy them into the project, or run with --allow-outside-files", USAGE)


def _warn_damaged(project: Project) -> None:
    for rel in project.artifacts.damaged:
        say_error(f"{rel} had been changed on disk (it no longer matched its hash); it was "
                  "moved to media/damaged/ and made again", label="warning")
    project.artifacts.damaged.clear()


def _execute(engine: eng.Engine, plan: eng.Plan, reporter: _Reporter,
             budget: float | None = None) -> eng.RunResult:
    """Run on a worker thread so Ctrl+C (or a kill's SIGTERM) stops the run cleanly.

    The main thread waits on an event the worker sets when ``execute`` returns, never on
    ``Thread.join`` (after a KeyboardInterrupt, CPython 3.11's join can return at once
    while the thread still runs): on Ctrl+C the engine is told to cancel, and the command
    waits until every running step has stopped writing.
    """
    box: dict[str, Any] = {}
    finished = threading.Event()

    def work() -> None:
        try:
            box["result"] = engine.execute(plan, budget=budget)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the main thread
            box["error"] = exc
        finally:
            finished.set()

    worker = threading.Thread(target=work, name="shotgraph-run", daemon=True)
    with reporter, _sigterm_as_interrupt():
        worker.start()
        stopping = False
        while not finished.is_set():
            try:
                finished.wait(0.2)
            except KeyboardInterrupt:
                if not stopping:
                    say_error("stopping the running steps… (what finished is kept)",
                              label="Ctrl+C")
                    engine.cancel()
                    stopping = True
    if "error" in box:
        raise box["error"]
    return box["result"]


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While a run executes, SIGTERM (a plain ``kill``) stops it like Ctrl+C does."""
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (e.g. called from a test's thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report(project: Project, result: eng.RunResult,
            stop: eng.BudgetStopped | None = None) -> None:
    if result.status == "cancelled":
        fail(f"interrupted: run {result.run_id} stopped; what finished is kept and the next "
             "run continues from there", INTERRUPTED)
    if stop is not None:
        _budget_message(project, stop, failed=bool(result.failed))
    if result.failed:
        for node_id, message in result.failed.items():
            console.print(f"[red]FAILED[/red] {project.graph.label(node_id)}: ", end="")
            console.print(message, markup=False, soft_wrap=True)
        first = next(iter(result.failed))
        fail(f"run {result.run_id} failed at {project.graph.label(first)}")
    out.print(f"run {result.run_id} done: {result.ran} items ran, {result.cached} from cache")


def _write_export(engine: eng.Engine, node_id: str, dest: Path) -> None:
    """Copy the episode out of the store: temp file then rename, never a partial MP4."""
    try:
        episode = engine.load_output(node_id, "episode")
        written = save_episode(episode, dest)
    except ExportTargetError as exc:
        fail(f"not exporting there: {exc}", USAGE)
    except (LookupError, DamagedEpisode, DamagedArtifact) as exc:
        fail(f"could not export: {exc}")
    except OSError as exc:
        fail(f"could not write {dest}: {explain(exc) or exc}; nothing was left half-written")
    duration = f"{episode.duration:.2f} s" if episode.duration else "?"
    kind = "; a draft: set quality final for upload" if episode.meta.get("quality") == "draft" else ""
    out.print(f"exported {written[0]} ({duration}, {written[0].stat().st_size / 1e6:.1f} MB"
              f"{kind})")
    for extra in written[1:]:
        out.print(f"  + {extra.name}")


class _Reporter:
    """Progress bars on a terminal, plain lines otherwise."""

    def __init__(self, project: Project):
        self.project = project
        self.tty = sys.stderr.isatty()
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, transient=False,
        ) if self.tty else None
        self.tasks: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.budget_stop: eng.BudgetStopped | None = None

    def __enter__(self) -> _Reporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def label(self, node_id: str) -> str:
        return self.project.graph.label(node_id)

    def on_event(self, event: eng.Event) -> None:
        if isinstance(event, eng.BudgetStopped):
            self.budget_stop = event
        with self.lock:
            if self.progress:
                self._bar(event)
            else:
                self._line(event)

    def _bar(self, event: eng.Event) -> None:
        p = self.progress
        if isinstance(event, eng.NodeStarted):
            done = event.total - event.to_run
            self.tasks[event.node_id] = p.add_task(self.label(event.node_id), total=event.total,
                                                   completed=done)
        elif isinstance(event, eng.ItemDone) and not event.cached and event.node_id in self.tasks:
            p.advance(self.tasks[event.node_id])
        elif isinstance(event, eng.NodeCached):
            p.add_task(f"{self.label(event.node_id)} (cached)", total=event.total,
                       completed=event.total)
        elif isinstance(event, eng.NodeFailed):
            p.console.print(f"[red]failed[/red] {self.label(event.node_id)}: ", end="")
            p.console.print(event.error, markup=False, soft_wrap=True)
        elif isinstance(event, eng.NodeWarning):
            p.console.print(f"[yellow]warning[/yellow] {self.label(event.node_id)}: ", end="")
            p.console.print(event.message, markup=False, soft_wrap=True)

    def _line(self, event: eng.Event) -> None:
        if isinstance(event, eng.NodeStarted):
            console.print(f"start  {self.label(event.node_id)}: {event.to_run} of {event.total} to run")
        elif isinstance(event, eng.NodeCached):
            console.print(f"cached {self.label(event.node_id)}")
        elif isinstance(event, eng.NodeDone):
            console.print(f"done   {self.label(event.node_id)}: {event.ran} ran, "
                          f"{event.cached} cached, {event.seconds:.1f} s")
        elif isinstance(event, eng.NodeFailed):
            console.print(f"failed {self.label(event.node_id)}: {event.error}", markup=False,
                          soft_wrap=True)
        elif isinstance(event, eng.NodeWarning):
            console.print(f"warning {self.label(event.node_id)}: {event.message}",
                          markup=False, soft_wrap=True)


# -- costs ------------------------------------------------------------------------------


def _print_estimate(engine: eng.Engine, plan: eng.Plan, budget: float | None) -> None:
    """The plan's calls and estimated cost per provider (from the price table)."""
    estimate = costs.estimate(plan, engine)
    if not estimate.rows:
        out.print("estimated cost: nothing to pay (no provider calls)")
        return
    money = functools.partial(costs.fmt_money, currency_code=estimate.currency)
    table = Table("provider", "model", "capability", "calls", "unit price", "estimate",
                  "nodes", title="Estimated cost of this run")
    for r in estimate.rows:
        unit = f"{money(r.unit_price)} / {r.unit}" if r.unit_price is not None else "unknown"
        table.add_row(r.provider, r.model or "-", r.capability, costs.fmt_count(r.calls), unit,
                      money(r.cost), ", ".join(r.nodes))
    more = " + unknown" if estimate.unknown else ""
    table.add_row("total", "", "", "", "", f"{money(estimate.total)}{more}", "")
    out.print(table)
    for r in estimate.unknown:
        why = ("not in the price table (resources/prices.json or SHOTGRAPH_PRICES)"
               if r.unit_price is None else "known once the nodes before it have run")
        out.print(f"unknown cost for {r.provider}/{r.model or '-'}: {why}")
    if budget is not None:
        fits = "fits" if not estimate.unknown and estimate.total <= budget else "may not fit"
        out.print(f"budget {money(budget)}: the estimate {fits}")


def _budget_message(project: Project, stop: eng.BudgetStopped, failed: bool) -> None:
    currency = costs.currency()
    left = ", ".join(
        project.graph.label(nid) + ("" if n is None else f" ({n} item{'s' * (n != 1)})")
        for nid, n in stop.left
    ) or "nothing"
    needed = ("its price is not in the price table" if stop.needed is None
              else f"it needs {costs.fmt_money(stop.needed, currency)}")
    message = (f"budget of {costs.fmt_money(stop.budget, currency)} reached: spent "
               f"{costs.fmt_money(stop.spent, currency)} and the next paid item was not started "
               f"({needed}). Left to run: {left}. What ran is kept; run again with a larger "
               "--budget (or none) to continue.")
    if failed:
        console.print(f"[yellow]stopped:[/yellow] {message}")
        return
    fail(message, 3)


@cli.command("costs")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def costs_command(path: Path) -> None:
    """Show what the project's provider calls cost so far, per provider and per run."""
    with open_project(path) as project:
        spent = costs.spend(project)
    money = functools.partial(costs.fmt_money, currency_code=spent.currency)
    if not spent.calls:
        out.print(f"{spent.project}: no provider calls yet (0.00 {spent.currency})")
        return
    table = Table("provider", "model", "calls", "failed", "cost (estimate)",
                  title=f"{spent.project}: spend per provider")
    for r in spent.by_provider:
        table.add_row(r.provider, r.model or "-", str(r.calls), str(r.failed), money(r.cost))
    table.add_row("total", "", str(spent.calls), "", money(spent.total))
    out.print(table)
    runs = Table("run", "started (UTC)", "status", "calls", "cost (estimate)", title="spend per run")
    for r in spent.by_run:
        started = r.started_at.strftime("%Y-%m-%d %H:%M") if r.started_at else ""
        runs.add_row("-" if r.run_id is None else str(r.run_id), started, r.status,
                     str(r.calls), money(r.cost))
    out.print(runs)
