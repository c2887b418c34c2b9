"""Project commands: ``new``, ``gc``, ``nodes`` (the node types) and ``gui``."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from app.cli import command
from app.cli.command import USAGE, cli, fail, open_project, out
from app.core.store.project import ProjectError
from app.core.templates import create_project, list_templates


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--template", "-t", default="demo", show_default=True,
              help=f"One of: {', '.join(list_templates())}")
@click.option("--name", help="Project name (default: the template's title).")
def new(path: Path, template: str, name: str | None) -> None:
    """Create a project folder at PATH from a template."""
    try:
        project = create_project(path, template, command.registry(), name=name)
    except ProjectError as exc:
        fail(str(exc), USAGE)
    with project:
        out.print(f"created {project.db_path} ({len(project.graph.nodes)} nodes, "
                  f"template {template})")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
def gc(path: Path) -> None:
    """Free the media of deleted takes (nothing in use is ever removed)."""
    with open_project(path) as project:
        files, size = project.artifacts.collect_garbage()
        out.print(f"removed {files} files, {size / 1e6:.1f} MB freed")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def nodes(as_json: bool) -> None:
    """List node types with their ports and settings."""
    types = command.registry().all()
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
@click.argument("path", required=False, type=click.Path(path_type=Path))
def gui(path: Path | None) -> None:
    """Open the desktop editor (optionally on a project)."""
    window = importlib.import_module("app.ui.window")  # Qt is loaded only here
    sys.exit(window.run_app(sys.argv[:1], project=path))
