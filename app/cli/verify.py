"""``shotgraph verify FILE.mp4``: show and check the AI labels of an exported video."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from app.delivery.verify import Verification, implicit_rows, manifest_rows, verify, visible_rows

out = Console(highlight=False, soft_wrap=True)  # a line a script reads stays one line
err = Console(stderr=True, highlight=False)


def _table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("item", style="bold")
    table.add_column("value", overflow="fold")
    for name, value in rows:
        table.add_row(name, value)
    return table


def _print(result: Verification) -> None:
    report = result.report
    assert report is not None
    out.print(_table("GB 45438 implicit label (metadata)", implicit_rows(report)))
    out.print(_table("C2PA manifest", manifest_rows(report)))
    out.print(_table("Visible label", visible_rows(report)))
    for note in result.notes:
        out.print(f"[dim]note:[/dim] {note}")
    for problem in result.problems:
        err.print(f"[red]problem:[/red] {problem}")
    verdict = "[green]labels OK[/green]" if result.ok else "[red]labels missing or invalid[/red]"
    out.print(f"{result.path.name}: {verdict}")


@click.command("verify")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
def verify_command(file: Path) -> None:
    """Show and check the AI labels of FILE (metadata, C2PA manifest, visible label).

    Exits 0 when the labels are present and valid, 1 when missing or invalid, 2 when
    the file cannot be read.
    """
    result = verify(file)
    if result.error is not None:
        err.print(f"[red]error:[/red] {result.error}")
        sys.exit(result.exit_code)
    _print(result)
    sys.exit(result.exit_code)
