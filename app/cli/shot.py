"""``shot``: edit one shot of the episode (line, description, length, trim, transition,
your own clip, still or recorded line), as one undoable, autosaved edit."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.command import cli, fail, open_project, out
from app.core.graph import GraphError
from app.core.node_api import NodeError
from app.media.timeline import TRANSITIONS
from nodes.shot_edits import ShotChanges, ShotEditError, edit_shot, parse_trim

FILE = click.Path(path_type=Path, dir_okay=False)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.argument("n", type=int)
@click.option("--line", help="What the speaker says (the subtitle follows).")
@click.option("--description", help="What the shot shows (its still and clip are made again).")
@click.option("--duration", type=float, help="The shot's length in seconds (1-20); re-cuts only.")
@click.option("--trim", help="IN:OUT in seconds of the shot's clip, e.g. 0.5:3.5.")
@click.option("--transition", type=click.Choice(TRANSITIONS), help="The cut into the next shot.")
@click.option("--transition-s", type=float, help="How long that transition lasts, s.")
@click.option("--clip", type=FILE, help="Your own video as the shot's clip.")
@click.option("--still", type=FILE, help="Your own picture as the shot's still.")
@click.option("--voice", type=FILE, help="Your recording of the line (a new take of it).")
@click.option("--fit", type=click.Choice(["pad", "crop"]), help="A clip not 9:16: pad or crop.")
@click.option("--sound", type=click.Choice(["auto", "keep", "mute"]),
              help="The clip's own sound (auto: kept for your own footage).")
@click.option("--subtitle", "subtitles", multiple=True,
              help="Show this subtitle instead of the line's (repeat to split it).")
@click.option("--reset-subtitle", is_flag=True, help="Show the line's own subtitle again.")
@click.option("--generated", type=click.Choice(["clip", "still"]), multiple=True,
              help="Go back to the generated clip or still.")
@click.option("--edit", "edit_node", help="The Edit & Export node (when there are several).")
def shot(path: Path, n: int, line: str | None, description: str | None,
         duration: float | None, trim: str | None, transition: str | None,
         transition_s: float | None, clip: Path | None, still: Path | None,
         voice: Path | None, fit: str | None, sound: str | None, subtitles: tuple[str, ...],
         reset_subtitle: bool, generated: tuple[str, ...], edit_node: str | None) -> None:
    """Edit shot N (1-based, in play order) of the project at PATH.

    Every option given goes into one undoable edit; run the project to see it. Files are
    checked and copied into the project's media folder first.
    """
    from nodes.edit import SubtitleEdit

    try:
        changes = ShotChanges(
            line=line, description=description, duration=duration,
            trim=parse_trim(trim) if trim is not None else None,
            transition=transition, transition_s=transition_s, fit=fit, sound=sound,
            clip=clip, still=still, voice=voice,
            subtitles=[SubtitleEdit(text=t) for t in subtitles] if subtitles else None,
            reset_subtitles=reset_subtitle, generated=set(generated),
        )
    except (ShotEditError, ValueError) as exc:
        fail(str(exc), 2)
    with open_project(path) as project:
        try:
            edit_shot(project, n, changes, edit_node)
        except (ShotEditError, NodeError, GraphError) as exc:
            fail(str(exc), 2)
        if project.save_error:
            fail(f"the edit could not be saved: {project.save_error}")
        out.print(f"shot {n}: {_summary(changes)}; run the project to see it", soft_wrap=True)


def _summary(changes: ShotChanges) -> str:
    parts = []
    for name in ("line", "description", "duration", "transition", "fit", "sound"):
        value = getattr(changes, name)
        if value is not None:
            parts.append(f"{name} = {value!r}" if isinstance(value, str) else f"{name} = {value:g}")
    if changes.trim is not None:
        parts.append(f"trim = {changes.trim[0]:g}:{changes.trim[1]:g}")
    for name in ("clip", "still", "voice"):
        value = getattr(changes, name)
        if value is not None:
            parts.append(f"{name} = {Path(value).name}")
    if changes.subtitles is not None:
        parts.append(f"{len(changes.subtitles)} subtitle(s) of your own")
    if changes.reset_subtitles:
        parts.append("the line's subtitle back")
    parts += [f"generated {part} again" for part in sorted(changes.generated)]
    return ", ".join(parts)
