"""The ``shotgraph`` click group and what every command uses: the consoles, opening a
project, naming nodes, failing with the right exit code."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from app.core.graph import GraphError
from app.core.store.project import Project, ProjectError

console = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def app_version() -> str:
    try:
        return version("shotgraph")
    except PackageNotFoundError:
        return "0.1.0"


def registry() -> Any:
    """The node registry (imported on first use: it loads every node family)."""
    from nodes.registry import default_registry

    return default_registry()


def fail(message: str, code: int = 1) -> None:
    """Print ``message`` as one error line and exit with ``code``."""
    console.print(f"[red]error:[/red] {message}")
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(app_version(), prog_name="shotgraph")
def cli() -> None:
    """ShotGraph: AI microdramas as a node graph (script, stills, clips, voice, music, MP4)."""


def open_project(path: Path) -> Project:
    """The project at ``path`` (folder or file), or exit with its error."""
    try:
        return Project.open(path, registry())
    except ProjectError as exc:
        fail(str(exc))
        raise  # unreachable


def node_targets(project: Project, only: tuple[str, ...]) -> list[str] | None:
    """Node ids for titles or ids in ``only`` (None when empty); exit 2 on an unknown one."""
    try:
        return [project.graph.find(ref).id for ref in only] or None
    except GraphError as exc:
        fail(str(exc), 2)
        raise
