"""``shotgraph match REFERENCE SUSPECT``: which of the reference's shots a video copies."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click
from rich.table import Table

from app.cli.command import cli, fail, out
from app.core.node_api import Cancelled
from app.delivery.evidence import write_report
from app.delivery.fingerprint import FingerprintError
from app.delivery.ledger import LedgerError
from app.delivery.match import MatchResult, find_copies
from app.delivery.references import load_references

log = logging.getLogger("shotgraph.match")


@cli.command("match")
@click.argument("reference", type=click.Path(path_type=Path))
@click.argument("suspect", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print the matches as JSON (times in seconds, scores 0..1).")
@click.option("--report", "report_to", type=click.Path(path_type=Path, dir_okay=False),
              help="Write an evidence report (HTML, Chinese and English) here.")
def match_command(reference: Path, suspect: Path, as_json: bool, report_to: Path | None) -> None:
    """Find the shots of REFERENCE in SUSPECT.

    REFERENCE is a project, a series folder or an exported MP4 with its
    .fingerprints.json beside it; SUSPECT is any video file. Picture and sound
    evidence are reported separately.
    """
    if not suspect.is_file():
        fail(f"the suspect video {suspect} does not exist or is not a file", 2)
    try:
        references = load_references(reference)
    except LedgerError as exc:
        fail(str(exc), 2)
    if not references:
        fail(f"{reference} holds no fingerprint ledger: export the episode with this "
             "version of ShotGraph first", 2)
    try:
        result = find_copies(references, suspect)
    except FingerprintError as exc:
        fail(f"cannot compare {suspect.name}: {exc}", 2)
    except (Cancelled, KeyboardInterrupt):
        fail("match interrupted", 130)
    if report_to is not None:
        write_report(result, report_to)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        _print(result, report_to)


def _print(result: MatchResult, report_to: Path | None) -> None:
    if result.matches:
        table = Table("evidence", "episode", "shot", "in suspect", "in original", "for",
                      "score", "changes seen", title=f"Shots found in {result.suspect.name}")
        for m in result.matches:
            table.add_row(m.evidence, m.episode or "-", str(m.shot), f"{m.suspect_start:.2f} s",
                          f"{m.reference_start:.2f} s", f"{m.duration:.2f} s",
                          f"{m.score:.2f}", m.how or "-")
        out.print(table)
    for note in result.notes:
        out.print(f"[dim]note:[/dim] {note}")
    video = {(m.episode, m.shot) for m in result.of("video")}
    audio = {(m.episode, m.shot) for m in result.of("audio")}
    line = (f"{result.suspect.name}: {len(video)} shots matched on picture, {len(audio)} on "
            f"sound ({result.suspect_duration:.1f} s video)")
    if report_to is not None:
        line += f"; report written to {report_to}"
    out.print(line)
