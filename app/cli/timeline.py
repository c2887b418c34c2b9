"""``timeline``: hand the episode's cut to another editor (OTIO for Resolve/Premiere,
FCPXML, a JianYing or CapCut draft folder)."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.command import cli, fail, open_project, out
from app.delivery.handoff import FORMATS, HandoffError
from app.media.ffmpeg import MediaError
from nodes.handoff import export_timeline


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="otio (Resolve, Premiere), fcpxml, jianying or capcut (a draft folder).")
@click.option("--edit", "edit_node", help="The Edit & Export node (when there are several).")
def timeline(path: Path, dest: Path, fmt: str, edit_node: str | None) -> None:
    """Write the cut of the project at PATH to DEST as an editor's timeline.

    DEST is a file for otio/fcpxml (its media go in DEST's folder) and a new folder for a
    JianYing or CapCut draft. Run the project first: the hand-off is the last export's cut.
    """
    with open_project(path) as project:
        try:
            result = export_timeline(project, fmt, dest, edit_node)
        except HandoffError as exc:
            fail(str(exc), 2)
        except (MediaError, OSError) as exc:
            fail(f"writing the timeline failed: {exc}")
    out.print(f"wrote {result.path} ({fmt}: {result.shots} shots, {result.seconds:.2f} s; "
              f"media and README.txt in {result.folder})", soft_wrap=True)
