"""The ``shotgraph`` command: the same graphs as the app, headless."""

from __future__ import annotations

import functools
import importlib
import json
import sys
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.core import engine as eng
from app.core.deliver import save_episode
from app.core.graph import GraphError
from app.core.store.project import Project, ProjectError
from app.core.templates import create_project, list_templates
from app.verify_cli import verify_command

console = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _version() -> str:
    try:
        return version("shotgraph")
    except PackageNotFoundError:
        return "0.1.0"


def _registry() -> Any:
    from nodes.registry import default_registry

    return default_registry()


def _fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}")
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), prog_name="shotgraph")
def cli() -> None:
    """ShotGraph: AI microdramas as a node graph (script, stills, clips, voice, music, MP4)."""


# -- new ------------------------------------------------------------------------------


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--template", "-t", default="demo", show_default=True,
              help=f"One of: {', '.join(list_templates())}")
@click.option("--name", help="Project name (default: the template's title).")
def new(path: Path, template: str, name: str | None) -> None:
    """Create a project folder at PATH from a template."""
    try:
        project = create_project(path, template, _registry(), name=name)
    except ProjectError as exc:
        _fail(str(exc))
    with project:
        out.print(f"created {project.db_path} ({len(project.graph.nodes)} nodes, "
                  f"template {template})")


# -- run ------------------------------------------------------------------------------


def _open(path: Path) -> Project:
    try:
        return Project.open(path, _registry())
    except ProjectError as exc:
        _fail(str(exc))
        raise  # unreachable


def _targets(project: Project, only: tuple[str, ...]) -> list[str] | None:
    try:
        return [project.graph.find(ref).id for ref in only] or None
    except GraphError as exc:
        _fail(str(exc), 2)
        raise


def _export_node(project: Project, targets: list[str] | None) -> str:
    candidates = [n.id for n in project.graph.nodes.values() if n.type_id == "edit.export"]
    if targets:
        candidates = [c for c in candidates if c in targets] or candidates
    if not candidates:
        _fail("this project has no Edit & Export node to export from", 2)
    if len(candidates) > 1:
        names = ", ".join(project.graph.label(c) for c in candidates)
        _fail(f"several export nodes ({names}); choose one with --only", 2)
    return candidates[0]


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--export", "export_to", type=click.Path(path_type=Path),
              help="Write the finished episode MP4 here (and an .srt beside it).")
@click.option("--only", multiple=True, metavar="NODE",
              help="Run only this node (by id or title) and what it needs. Repeatable.")
@click.option("--dry-run", is_flag=True, help="Print the plan (what would run and why) and stop.")
@click.option("--workers", type=int, default=None, help="Worker threads (default: 2 x cores).")
@click.option("--budget", type=click.FloatRange(min=0), default=None, metavar="AMOUNT",
              help="Stop before paid calls would cost more than AMOUNT (price table currency).")
def run(path: Path, export_to: Path | None, only: tuple[str, ...], dry_run: bool,
        workers: int | None, budget: float | None) -> None:
    """Run the project's graph; only what changed runs, the rest comes from cache."""
    project = _open(path)
    with project:
        targets = _targets(project, only)
        if export_to is not None:
            targets = targets or [_export_node(project, None)]
        reporter = _Reporter(project)
        engine = eng.Engine(project, on_event=reporter.on_event, workers=workers)
        plan = engine.plan(targets)
        if plan.problems:
            for problem in plan.problems:
                console.print(f"[red]problem:[/red] {problem}")
            _fail("the graph cannot run until these are fixed", 1)
        if dry_run:
            for line in plan.describe():
                out.print(line)
            dirty = sum(len(plan.nodes[n].dirty_items) or 1 for n in plan.dirty)
            out.print(f"{len(plan.dirty)} of {len(plan.order)} nodes would run ({dirty} items)")
            _print_estimate(engine, plan, budget)
            return
        result = _execute(engine, plan, reporter, budget)
        _report(project, result, reporter.budget_stop)
        if export_to is not None:
            _write_export(engine, _export_node(project, targets), export_to)


def _execute(engine: eng.Engine, plan: eng.Plan, reporter: _Reporter,
             budget: float | None = None) -> eng.RunResult:
    """Run on a worker thread so Ctrl+C cancels cleanly instead of killing mid-write."""
    box: list[eng.RunResult] = []
    worker = threading.Thread(target=lambda: box.append(engine.execute(plan, budget=budget)),
                              daemon=True)
    with reporter:
        worker.start()
        try:
            while worker.is_alive():
                worker.join(0.2)
        except KeyboardInterrupt:
            console.print("stopping… (finishing the current steps)")
            engine.cancel()
            worker.join()
    return box[0]


def _report(project: Project, result: eng.RunResult,
            stop: eng.BudgetStopped | None = None) -> None:
    if result.status == "cancelled":
        _fail("run cancelled; what finished is kept and the next run continues from there", 130)
    if stop is not None:
        _budget_message(project, stop, failed=bool(result.failed))
    if result.failed:
        for node_id, message in result.failed.items():
            console.print(f"[red]FAILED[/red] {project.graph.label(node_id)}: {message}")
        first = next(iter(result.failed))
        _fail(f"run {result.run_id} failed at {project.graph.label(first)}")
    out.print(f"run {result.run_id} done: {result.ran} items ran, {result.cached} from cache")


def _write_export(engine: eng.Engine, node_id: str, dest: Path) -> None:
    """Copy the episode out of the store: temp file then rename, never a partial MP4."""
    episode = engine.load_output(node_id, "episode")
    written = save_episode(episode, dest)
    duration = f"{episode.duration:.2f} s" if episode.duration else "?"
    out.print(f"exported {written[0]} ({duration}, {written[0].stat().st_size / 1e6:.1f} MB)")
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
            p.console.print(f"[red]failed[/red] {self.label(event.node_id)}: {event.error}")

    def _line(self, event: eng.Event) -> None:
        if isinstance(event, eng.NodeStarted):
            console.print(f"start  {self.label(event.node_id)}: {event.to_run} of {event.total} to run")
        elif isinstance(event, eng.NodeCached):
            console.print(f"cached {self.label(event.node_id)}")
        elif isinstance(event, eng.NodeDone):
            console.print(f"done   {self.label(event.node_id)}: {event.ran} ran, "
                          f"{event.cached} cached, {event.seconds:.1f} s")
        elif isinstance(event, eng.NodeFailed):
            console.print(f"failed {self.label(event.node_id)}: {event.error}")


# -- costs ------------------------------------------------------------------------------


def _print_estimate(engine: eng.Engine, plan: eng.Plan, budget: float | None) -> None:
    """The plan's calls and estimated cost per provider (from the price table)."""
    from app.core import costs

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
    from app.core import costs

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
    _fail(message, 3)


@cli.command("costs")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def costs_command(path: Path) -> None:
    """Show what the project's provider calls cost so far, per provider and per run."""
    from app.core import costs

    with _open(path) as project:
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


# -- takes / gc -------------------------------------------------------------------------


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.argument("node")
@click.option("--item", type=int, default=1, show_default=True, help="Item (shot) number, from 1.")
@click.option("--choose", type=int, help="Use this take of the item.")
@click.option("--regenerate", is_flag=True, help="Make a new take of the item (then run).")
@click.option("--delete", "delete_take", type=int, help="Forget this take (not the one in use).")
def takes(path: Path, node: str, item: int, choose: int | None, regenerate: bool,
          delete_take: int | None) -> None:
    """List, choose, regenerate or delete the takes of one item of NODE."""
    from app.core import takes as tk

    with _open(path) as project:
        node_id = _targets(project, (node,))[0]
        engine = eng.Engine(project)
        try:
            if choose is not None:
                tk.choose(engine, node_id, item - 1, choose)
            if regenerate:
                out.print(f"item {item} now uses take {tk.regenerate(engine, node_id, item - 1)}; "
                          "run the project to make it")
            if delete_take is not None:
                tk.delete_take(engine, node_id, item - 1, delete_take)
            item_id = tk.item_ids(engine, node_id)[item - 1]
        except (GraphError, IndexError) as exc:
            _fail(str(exc) or f"item {item} does not exist", 2)
        table = Table("take", "in use", "made", "seed", "provider", "file", "created")
        for t in tk.list_takes(engine, node_id, item_id):
            table.add_row(
                str(t.take), "yes" if t.chosen else "",
                "yes" if t.available else "not made yet",
                "" if t.seed is None else str(t.seed), t.provider,
                t.media.path.name if t.media is not None else "",
                t.created.strftime("%Y-%m-%d %H:%M") if t.created else "",
            )
        out.print(f"{project.graph.label(node_id)}, item {item}")
        out.print(table)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def gc(path: Path) -> None:
    """Free the media of deleted takes (nothing in use is ever removed)."""
    with _open(path) as project:
        files, size = project.artifacts.collect_garbage()
        out.print(f"removed {files} files, {size / 1e6:.1f} MB freed")


# -- nodes / doctor / gui ------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def nodes(as_json: bool) -> None:
    """List node types with their ports and settings."""
    types = _registry().all()
    if as_json:
        out.print_json(json.dumps([_describe_type(t) for t in types]))
        return
    table = Table("type", "family", "inputs", "outputs", "settings")
    for t in types:
        d = _describe_type(t)
        table.add_row(d["type_id"], d["category"], ", ".join(d["inputs"]),
                      ", ".join(d["outputs"]), ", ".join(d["params"]))
    out.print(table)


def _describe_type(t: Any) -> dict[str, Any]:
    return {
        "type_id": t.type_id, "title": t.title, "category": t.category, "version": t.version,
        "inputs": [f"{p.name}: {p.type}{'' if p.required else '?'}" for p in t.inputs],
        "outputs": [f"{p.name}: {p.type}" for p in t.outputs],
        "params": [f"{k}={v!r}" for k, v in t.default_params().items()],
        "provider": t.capability,
    }


@cli.command()
def doctor() -> None:
    """Check ffmpeg, fonts, text-to-speech and the keyring."""
    from app.core.doctor import run_checks

    table = Table("check", "status", "detail")
    failed = False
    for check in run_checks():
        failed |= not check.ok and check.required
        status = "[green]ok[/green]" if check.ok else (
            "[red]missing[/red]" if check.required else "[yellow]warning[/yellow]")
        table.add_row(check.name, status, check.detail)
    out.print(table)
    if failed:
        _fail("some required parts are missing; run installers/setup-system.sh")


# -- providers ----------------------------------------------------------------------------


@cli.group(invoke_without_command=True)
@click.pass_context
def providers(ctx: click.Context) -> None:
    """List the real providers, their endpoints and whether a key is configured."""
    if ctx.invoked_subcommand is not None:
        return
    from nodes.providers import catalog

    table = Table("name", "service", "capabilities", "key", "base URL (override)")
    for info in catalog.PROVIDERS.values():
        key = "[green]set[/green]" if catalog.has_secret(info.name) else "[yellow]missing[/yellow]"
        if not info.secret_env:
            key = "not needed"
        table.add_row(info.name, info.service, ", ".join(info.capabilities), key,
                      f"{info.base_url}\n({info.base_url_env})")
    out.print(table)


@providers.command("check")
@click.argument("name")
def providers_check(name: str) -> None:
    """Make one cheap authenticated call to provider NAME."""
    from nodes.providers import catalog

    ok, detail = catalog.check(name)
    if not ok:
        _fail(f"{name}: {detail}")
    out.print(f"[green]ok[/green] {name}: {detail}")


@providers.command("set-key")
@click.argument("name")
def providers_set_key(name: str) -> None:
    """Save provider NAME's key in the system keyring (asked for, never echoed)."""
    import keyring
    from keyring.errors import KeyringError

    from nodes.providers import catalog, keys

    if name not in catalog.PROVIDERS:
        _fail(f"no provider called {name!r} (known: {', '.join(catalog.PROVIDERS)})")
    hint = " as ACCESS_KEY:SECRET_KEY" if name == "kling" else ""
    secret = click.prompt(f"{name} key{hint}", hide_input=True).strip()
    if not secret:
        _fail("empty key: nothing saved")
    try:
        keyring.set_password(keys.KEYRING_SERVICE, name, secret)
    except (KeyringError, RuntimeError, OSError) as exc:
        _fail(f"the system keyring refused the key ({type(exc).__name__}); "
              f"set {', '.join(catalog.PROVIDERS[name].secret_env)} instead")
    out.print(f"saved {name}'s key in the keyring (service '{keys.KEYRING_SERVICE}')")


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
def gui(path: Path | None) -> None:
    """Open the desktop editor (optionally on a project)."""
    window = importlib.import_module("app.ui.window")  # Qt is loaded only here
    sys.exit(window.run_app(sys.argv[:1], project=path))


cli.add_command(verify_command)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
