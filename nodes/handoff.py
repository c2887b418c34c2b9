"""Hand a project's cut to another editor: what ``shotgraph timeline`` and the app's
File > Export timeline call.

The hand-off is written from the episode the Edit & Export node last made (its cut is
on the episode's meta), so it matches that MP4 exactly; run the project first when
something changed (``export_timeline`` says so).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.lazy import lazy_module
from nodes.edit import EPISODE_TIMELINE
from nodes.shot_edits import ShotEditError, episode_nodes

# The engine and the timeline writers load when a timeline is first handed off, not when
# the registry walks the node modules (the editor's start).
handoff = lazy_module("app.delivery.handoff")

if TYPE_CHECKING:
    from app.delivery.handoff.cut import HandoffCut

OPEN_HOW = {
    "otio": (
        "DaVinci Resolve: File > Import > Timeline..., pick {file}. Premiere Pro: install "
        "the OpenTimelineIO plug-in, then File > Import. Subtitles: import subtitles.srt "
        "onto a subtitle track (Resolve: File > Import > Subtitle)."
    ),
    "fcpxml": (
        "Final Cut Pro: File > Import > XML..., pick {file}. DaVinci Resolve: File > Import > "
        "Timeline..., pick {file}. Subtitles: import subtitles.srt."
    ),
    "jianying": (
        "剪映专业版 (JianYing Pro): copy this whole folder into JianYing's drafts folder "
        "(Settings > 草稿位置 shows it; on Windows usually "
        "%LOCALAPPDATA%\\JianyingPro\\User Data\\Projects\\com.lveditor.draft), then "
        "restart JianYing: the draft '{name}' is in the draft list. Media paths are "
        "absolute: if the media cannot be found after the copy, use 'relink' "
        "(重新链接) on the media/ folder, or export straight into the drafts folder."
    ),
    "capcut": (
        "CapCut desktop: copy this whole folder into CapCut's drafts folder (Settings > "
        "Drafts location; on Windows usually %LOCALAPPDATA%\\CapCut\\User Data\\Projects\\"
        "com.lveditor.draft), then restart CapCut: the draft '{name}' is in Projects. "
        "Media paths are absolute: relink the media/ folder if CapCut asks."
    ),
}


@dataclass(frozen=True)
class HandoffResult:
    """What was written: the file or folder to open, and the folder with the media."""

    path: Path
    folder: Path
    shots: int
    seconds: float


def episode_output(project: Any, edit: str | None = None) -> tuple[str, Any]:
    """(edit node id, the exported episode Media) of the last export, if it is current."""
    nodes = episode_nodes(project.graph, edit)
    from app.core.engine import Engine

    engine = Engine(project)
    plan = engine.plan([nodes.edit]).nodes[nodes.edit]
    if plan.error:
        raise handoff.HandoffError(f"the episode cannot be made: {plan.error}")
    if plan.dirty:
        raise handoff.HandoffError(
            "the episode has changed since it was last exported: run the project first "
            "(shotgraph run PROJECT), then hand off its timeline"
        )
    return nodes.edit, engine.load_output(nodes.edit, "episode")


def export_timeline(
    project: Any,
    fmt: str,
    out: Path | str,
    edit: str | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    cancel_event: threading.Event | None = None,
) -> HandoffResult:
    """Write the project's cut to ``out`` as ``fmt`` (``otio``, ``fcpxml``, ``jianying`` or
    ``capcut``), with its media beside it. ``out`` is a file for otio/fcpxml (its folder
    gets ``media/``) and a new folder for a draft. Nothing is left at ``out`` on failure.
    """
    if fmt not in handoff.FORMATS:
        raise handoff.HandoffError(f"unknown timeline format {fmt!r}: use one of {', '.join(handoff.FORMATS)}")
    # The writers (and the export's renderer they reuse) load only when a cut is handed off.
    from app.delivery.handoff.cut import HandoffCut, gather_media
    from app.delivery.handoff.jianying import write_draft
    from app.delivery.handoff.otio import write_fcpxml, write_otio

    try:
        _, episode = episode_output(project, edit)
    except ShotEditError as exc:
        raise handoff.HandoffError(str(exc)) from None
    cut = HandoffCut.from_meta(episode.meta.get(EPISODE_TIMELINE))
    out = Path(out).expanduser().absolute()
    draft = fmt in ("jianying", "capcut")
    folder = out if draft else out.parent
    name = out.name if draft else out.stem
    _check_target(project, out, draft)
    staging = folder.parent / f".{folder.name}.handoff" if draft else folder
    made_folder = draft or not folder.exists()
    staging.mkdir(parents=True, exist_ok=True)
    try:
        media = gather_media(
            cut, staging, project.artifacts.require, project.artifacts.derive,
            str(episode.meta.get("srt") or ""), on_progress, cancel_event,
        )
        if draft:
            _readme(staging, fmt, "draft_content.json", name, cut)
            staging.replace(out)
            # The draft's JSON names its media by where the folder now is.
            write_draft(cut, _moved(media, staging, out), out, name, fmt)  # type: ignore[arg-type]
        else:
            writer = write_otio if fmt == "otio" else write_fcpxml
            writer(cut, media, out, name)
            _readme(folder, fmt, out.name, name, cut)
    except BaseException:
        if draft:
            shutil.rmtree(staging, ignore_errors=True)
            if not (out / "draft_content.json").exists():
                shutil.rmtree(out, ignore_errors=True)
        elif made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            out.unlink(missing_ok=True)
        raise
    return HandoffResult(out, out if draft else folder, len(cut.shots), cut.frames / cut.fps)


def _moved(media: Any, old: Path, new: Path) -> Any:
    def move(path: Path | None) -> Path | None:
        return None if path is None else new / path.relative_to(old)

    return type(media)(
        [move(p) for p in media.shots], [move(p) for p in media.voices],
        move(media.music), move(media.srt),
    )


def _check_target(project: Any, out: Path, draft: bool) -> None:
    """Refuse to write over the project or an existing draft, naming what is there."""
    inside = project.folder.resolve()
    target = out.resolve()
    if target == inside or inside in target.parents:
        raise handoff.HandoffError(f"{out} is inside the project folder: hand off to a folder outside it")
    if draft and out.exists():
        raise handoff.HandoffError(f"{out} already exists: give a new folder name for the draft")
    if not draft and out.is_dir():
        raise handoff.HandoffError(f"{out} is a folder: give a file name, e.g. {out / 'episode'}.otio")


def _readme(folder: Path, fmt: str, file: str, name: str, cut: HandoffCut) -> None:
    how = OPEN_HOW[fmt].format(file=file, name=name)
    draft = fmt in ("jianying", "capcut")
    carried = "" if draft else "crossfade"
    cuts = [
        f"  after shot {i + 1} ({cut.shots[i].id}): {t.kind.replace('_', ' ')} "
        f"{(t.tail + (t.head if t.kind != 'crossfade' else 0)) / cut.fps:.2f} s"
        for i, t in enumerate(cut.transitions)
        if t.kind != "cut" and t.kind != carried
    ]
    if draft:
        note = "The draft joins the shots with cuts: re-apply these transitions in the editor:"
    else:
        note = "Crossfades are dissolves on the timeline; re-apply these (named by markers):"
    text = (
        f"{name} - a ShotGraph timeline ({fmt})\n\n"
        f"How to open it\n  {how}\n\n"
        "What is here\n"
        "  media/shotNN_<id>.mp4  each shot's picture alone (1080x1920, 30 fps), as in the "
        "exported episode, with the clip's own sound where it is kept\n"
        "  media/voiceNN_<id>.wav each spoken line, placed where the episode plays it\n"
        "  media/music.wav        the music bed, looped to the episode and faded out\n"
        "  subtitles.srt          the subtitles, as editable text (not burned in)\n\n"
        "The AI label (GB 45438) is a text segment or marker of its own: keep it on the "
        "picture when you publish. Ducking of the music under the lines is not carried "
        "over: the music track is at your music level.\n"
    )
    if cuts:
        text += f"\nTransitions\n  {note}\n" + "\n".join(cuts) + "\n"
    (folder / "README.txt").write_text(text, encoding="utf-8")
