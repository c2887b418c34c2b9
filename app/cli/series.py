"""``series new``, ``series run`` and ``series status``: a season as one unit of work."""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from app.cli import command
from app.cli.command import (
    BUDGET,
    EXIT_CODES,
    FAILED,
    INTERRUPTED,
    USAGE,
    cli,
    console,
    fail,
    out,
)
from app.cli.run import _sigterm_as_interrupt
from app.core import costs
from app.core import engine as eng
from app.core.failures import explain
from app.core.series import batch
from app.core.series.season import Series, episode_name, node_title, spec_from_template
from app.core.series.spec import MAX_EPISODES, SeriesError
from app.core.store.project import ProjectError, RunLocked
from app.core.templates import list_templates, load_template
from app.delivery.deliver import DamagedEpisode, ExportTargetError, save_episode
from nodes.providers.local.outline_writer import OutlineRequest, write_outline

REGISTRY_SETUP = "nodes.registry:default_registry"  # what a Ray worker loads its nodes with


@cli.group("series", epilog=EXIT_CODES)
def series_group() -> None:
    """A season: one cast, style and outline shared by every episode, on one media store."""


def open_series(folder: Path) -> Series:
    try:
        series = Series(folder, command.registry())
    except (SeriesError, ProjectError) as exc:
        fail(str(exc), USAGE)
    series.use_prices()
    return series


@series_group.command("new", epilog=EXIT_CODES)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--episodes", "count", type=click.IntRange(1, MAX_EPISODES), required=True,
              help="How many episodes the season has.")
@click.option("--template", "-t", default="demo", show_default=True,
              help=f"The episode template, one of: {', '.join(list_templates())}")
@click.option("--premise", help="The season's premise (default: the template's).")
@click.option("--arc", default="", help="The season's arc, e.g. 'revenge, fall, reckoning'.")
@click.option("--title", help="The series' title (default: the template's).")
def series_new(folder: Path, count: int, template: str, premise: str | None, arc: str,
               title: str | None) -> None:
    """Make a series folder at FOLDER: the shared part and COUNT episode projects.

    The offline writer turns the premise and arc into one outline per episode, each
    ending on a hook; every episode's writer is told what the earlier ones revealed.
    """
    try:
        data = load_template(template)
    except ProjectError as exc:
        fail(str(exc), USAGE)
    data["name"] = template
    writer = next((n.get("params", {}) for n in data["nodes"] if n["type"] == "script.write"),
                  {})
    bible = next((n.get("params", {}) for n in data["nodes"]
                  if n["type"] == "character.bible"), {})
    names = tuple(c["name"] for c in bible.get("characters", []))
    request = OutlineRequest(premise=premise or writer.get("premise") or data["description"],
                             episodes=count, names=names, arc=arc,
                             language=writer.get("language", "en"), seed=writer.get("seed", 0))
    outline = write_outline(request)
    spec = spec_from_template(data, outline, title or data.get("title") or folder.name)
    try:
        series = Series.create(folder, command.registry(), data, spec)
    except (SeriesError, ProjectError) as exc:
        fail(str(exc), USAGE)
    except OSError as exc:
        fail(f"cannot make {folder}: {explain(exc) or exc}", USAGE)
    with series:
        out.print(f"created series {folder} ({count} episodes from template {template}; "
                  f"shared part in {folder / 'series.json'})", soft_wrap=True)


@series_group.command("run", epilog=EXIT_CODES)
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--episodes", "chosen", metavar="RANGE", help="Episodes to run: 1-3, 2,5 (default: all).")
@click.option("--export", "export_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write each finished episode as OUTDIR/epNN.mp4 (with .srt beside it).")
@click.option("--ray", "ray_address", metavar="ADDRESS|local",
              help="Run the episodes' work as Ray tasks: 'local' starts Ray for this run; "
                   "an address joins an existing cluster.")
@click.option("--budget", type=click.FloatRange(min=0), default=None, metavar="AMOUNT",
              help="Stop before paid calls would take the season over AMOUNT "
                   "(default: series.json's budget).")
@click.option("--dry-run", is_flag=True,
              help="Print the season's plan: calls and estimated cost per provider and episode.")
@click.option("--parallel", type=click.IntRange(1, 64), default=4, show_default=True,
              help="With --ray: episodes in flight at once.")
def series_run(folder: Path, chosen: str | None, export_dir: Path | None,
               ray_address: str | None, budget: float | None, dry_run: bool,
               parallel: int) -> None:
    """Run the season's episodes (only what changed runs) and export them."""
    series = open_series(folder)
    with series:
        try:
            numbers = batch_numbers(series, chosen)
            budget = series.spec.budget if budget is None else budget
            if dry_run:
                _print_season_plan(batch.season_plan(series, numbers), budget)
                return
            remote = _remote(ray_address)
            try:
                season = _run(series, numbers, budget, remote, parallel)
            finally:
                if remote is not None:
                    remote.shutdown()
        except SeriesError as exc:
            fail(str(exc), USAGE)
        _report(series, season, export_dir, ray_address,
                getattr(remote, "items_done", None) if not dry_run else None)


def batch_numbers(series: Series, chosen: str | None) -> list[int]:
    from app.core.series.season import EpisodeRange

    return EpisodeRange.parse(chosen, len(series.numbers)).numbers


def _remote(address: str | None) -> Any:
    if address is None:
        return None
    from app.core.series import cluster

    if not cluster.available():
        fail("Ray is not part of this ShotGraph (the desktop app runs seasons in this "
             "process). To use a cluster, install ShotGraph from Python (README: set up) and "
             "run: shotgraph series run FOLDER --ray local", USAGE)
    try:
        return cluster.RayRunner.start(address, setup=REGISTRY_SETUP)
    except cluster.ClusterError as exc:
        fail(str(exc), USAGE)


def _run(series: Series, numbers: list[int], budget: float | None, remote: Any,
         parallel: int) -> batch.SeasonRun:
    """The season on a worker thread, so Ctrl+C stops every episode cleanly."""
    cancel = threading.Event()
    box: dict[str, Any] = {}
    finished = threading.Event()

    def work() -> None:
        try:
            box["season"] = batch.run_season(series, numbers, on_event=_Lines(series), budget=budget,
                                             remote=remote, parallel=parallel, cancel=cancel)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the main thread
            box["error"] = exc
        finally:
            finished.set()

    with _sigterm_as_interrupt():  # a plain kill stops the season like Ctrl+C
        threading.Thread(target=work, name="shotgraph-season", daemon=True).start()
        while not finished.is_set():
            try:
                finished.wait(0.2)
            except KeyboardInterrupt:
                if not cancel.is_set():
                    console.print("Ctrl+C: stopping every episode's running steps…")
                    cancel.set()
    if "error" in box:
        error = box["error"]
        if isinstance(error, RunLocked):
            fail(str(error))
        raise error
    if cancel.is_set():
        fail("interrupted: the season stopped; what finished is kept and the next run "
             "continues from there", INTERRUPTED)
    return box["season"]


class _Lines:
    """One plain line per node that finished or failed, named by episode and title."""

    def __init__(self, series: Series):
        self.series = series
        self.lock = threading.Lock()

    def __call__(self, number: int, event: eng.Event) -> None:
        if not isinstance(event, eng.NodeDone | eng.NodeFailed):
            return
        with self.lock:
            label = node_title(self.series.episode(number).graph, event.node_id)
            name = episode_name(number)
            if isinstance(event, eng.NodeDone):
                console.print(f"{name} done   {label}: {event.ran} ran, {event.cached} "
                              f"cached, {event.seconds:.1f} s", markup=False)
            else:
                console.print(f"{name} failed {label}: {event.error}", markup=False,
                              soft_wrap=True)


def _report(series: Series, season: batch.SeasonRun, export_dir: Path | None,
            ray_address: str | None, on_workers: int | None = None) -> None:
    failed = [e for e in season.episodes if e.status == "failed"]
    for ep in failed:
        project = series.episode(ep.number)
        why = ep.error or "; ".join(f"{project.graph.label(n)}: {m}"
                                    for n, m in (ep.result.failed if ep.result else {}).items())
        console.print(f"episode {ep.number} failed: {why}", markup=False, soft_wrap=True)
    exported = _export(series, season, export_dir) if export_dir is not None else []
    where = f" on Ray ({ray_address})" if ray_address else " in this process"
    summary = (f"season: {len(season.episodes)} episodes{where}, {season.ran} items ran, "
               f"{season.cached} from cache")
    if on_workers is not None:
        summary += f" ({on_workers} made by Ray workers)"
    if exported:
        summary += f"; exported {len(exported)} to {export_dir}"
    if failed:
        fail(f"{summary}; episode {', '.join(str(e.number) for e in failed)} failed", FAILED)
    stopped = season.with_status("budget")
    if stopped:
        fail(f"{summary}; the budget stopped episode {stopped[0].number} before its next paid "
             "call (what ran is kept; run again with a larger --budget)", BUDGET)
    out.print(summary, soft_wrap=True)


def _export(series: Series, season: batch.SeasonRun, export_dir: Path) -> list[Path]:
    written = []
    for ep in season.episodes:
        if ep.status != "done":
            continue
        project = series.episode(ep.number)
        engine = eng.Engine(project)
        dest = export_dir / f"{episode_name(ep.number)}.mp4"
        export = series.export_node(project)
        if export is None:
            continue
        try:
            media = engine.load_output(export, "episode")
            written.append(save_episode(media, dest)[0])
        except ExportTargetError as exc:
            fail(f"not exporting there: {exc}", USAGE)
        except (LookupError, DamagedEpisode) as exc:
            fail(f"could not export episode {ep.number}: {exc}")
        except OSError as exc:
            fail(f"could not write {dest}: {explain(exc) or exc}")
    return written


def _print_season_plan(plan: batch.SeasonPlan, budget: float | None) -> None:
    money = functools.partial(costs.fmt_money, currency_code=plan.currency)
    episodes = Table("episode", "nodes to run", "items", "made once, shared", "estimate",
                     title="The season's plan, per episode")
    for ep in plan.episodes:
        more = " + unknown" if ep.estimate.unknown else ""
        episodes.add_row(str(ep.number), str(len(ep.plan.dirty)), str(ep.items),
                         str(ep.shared), money(ep.estimate.total) + more)
    out.print(episodes)
    providers = Table("provider", "model", "capability", "calls", "estimate",
                      title="The season's plan, per provider")
    for r in plan.by_provider():
        providers.add_row(r.provider, r.model or "-", r.capability, costs.fmt_count(r.calls),
                          money(r.cost))
    out.print(providers)
    total = money(plan.total) + (" + unknown" if plan.unknown else "")
    line = f"dry run: {len(plan.episodes)} episodes, estimated {total}"
    if budget is not None:
        fits = "fits" if not plan.unknown and plan.total <= budget else "may not fit"
        line += f"; budget {money(budget)}: {fits}"
    out.print(line, soft_wrap=True)


@series_group.command("status", epilog=EXIT_CODES)
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def series_status(folder: Path, as_json: bool) -> None:
    """Per episode: state, duration, cost so far and what is stale."""
    series = open_series(folder)
    with series:
        try:
            rows = batch.season_status(series)
        except SeriesError as exc:
            fail(str(exc), USAGE)
        currency = costs.currency()
    if as_json:
        click.echo(json.dumps({"series": series.spec.title, "currency": currency,
                               "episodes": [r.as_json() for r in rows]}, ensure_ascii=False))
        return
    table = Table("episode", "title", "state", "duration", "cost so far", "stale",
                  title=series.spec.title)
    for r in rows:
        table.add_row(str(r.number), r.title, r.state,
                      f"{r.duration:.1f} s" if r.duration else "-",
                      costs.fmt_money(r.cost, currency), ", ".join(r.stale) or "-")
    out.print(table)
    done = sum(r.state == "done" for r in rows)
    out.print(f"{series.spec.title}: {done} of {len(rows)} episodes done", soft_wrap=True)
