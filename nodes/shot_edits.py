"""Editing the episode shot by shot: what ``shotgraph shot`` and the app's storyboard and
timeline call, so both make the same model edits.

Every function turns "shot N: line / description / duration / trim / transition / fit /
own sound / clip / still / recorded voice / subtitles = X" into one undoable command on
the project's graph (``Batch``), after copying any file into the project's media store
(``nodes.own_files``). Nothing here knows about Qt; nothing runs the graph.

Where each edit lands (so the graph shows it honestly, and a trim never re-generates):

- line, description, duration → the Shots node's ``overrides`` (the shot card changes;
  a new line re-speaks that line, a new description re-draws that shot, a new duration
  re-cuts only: stills, clips and voices do not key on it);
- trim in, transition after the shot, fit, own sound, subtitle corrections, music level
  and ducking → the Edit & Export node's params (only the export's touched segments and
  the audio are made again);
- your own clip or still → that shot's entry in the Clips or Stills node's ``own``
  (that item alone keys on the file's content; the other shots keep their cache);
- a recorded line → a new take of that line's voice item (``recordings`` + the take
  chosen), picked or put back like any take.

Shots are named by their 1-based position in play order (``n``), as the creator sees them.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from app.core.graph import Batch, ChooseTake, Command, Graph, GraphError, SetParam
from app.core.lazy import lazy_module
from app.core.node_api import Media, NodeError
from app.core.screenplay import Shot
from app.media.timeline import TRANSITIONS
from nodes.edit import CutEdit, SubtitleEdit
from nodes.own_files import KEEP_PREFIX, import_own_file, own_meta

ffmpeg = lazy_module("app.media.ffmpeg")  # NumPy with it: loaded on the first poster

Sound = Literal["auto", "keep", "mute"]


class ShotEditError(ValueError):
    """An edit that cannot be made; the message says which shot and what to do."""


@dataclass(frozen=True)
class EpisodeNodes:
    """The nodes that make an episode, found by how they are wired into its Edit node."""

    edit: str
    shots: str
    clips: str | None = None
    stills: str | None = None
    voices: str | None = None
    music: str | None = None


@dataclass
class ShotChanges:
    """What to change about one shot; ``None`` leaves a field as it is.

    ``trim`` is ``(in, out)`` in seconds of the shot's clip: the shot starts ``in`` s
    into its clip and lasts ``out - in`` s. ``subtitles`` replaces the shot's subtitles
    (``[]``: none; the script's line is kept for the voice); ``reset_subtitles`` puts the
    line's own subtitle back. ``clip``, ``still`` and ``voice`` are files to use;
    ``generated`` names parts to make by the generators again ("clip", "still").
    """

    line: str | None = None
    description: str | None = None
    duration: float | None = None
    trim: tuple[float, float] | None = None
    transition: str | None = None
    transition_s: float | None = None
    fit: Literal["pad", "crop"] | None = None
    sound: Sound | None = None
    sound_db: float | None = None
    clip: Path | None = None
    still: Path | None = None
    voice: Path | None = None
    subtitles: list[SubtitleEdit] | None = None
    reset_subtitles: bool = False
    generated: set[str] = field(default_factory=set)

    def is_empty(self) -> bool:
        return self == ShotChanges()


# -- finding the episode's nodes and shots ---------------------------------------------------


def episode_nodes(graph: Graph, edit: str | None = None) -> EpisodeNodes:
    """The Edit node (``edit``: its id or title; default: the only one) and the nodes
    feeding its shots, clips, voices and music."""
    if edit is not None:
        node = graph.find(edit)
        if node.type_id != "edit.export":
            raise ShotEditError(f"{graph.label(node.id)} is not an Edit & Export node")
        edit_id = node.id
    else:
        found = [nid for nid, n in graph.nodes.items() if n.type_id == "edit.export"]
        if not found:
            raise ShotEditError("this project has no Edit & Export node to edit shots in")
        if len(found) > 1:
            raise ShotEditError(
                f"{len(found)} Edit & Export nodes: name the one to edit "
                f"({', '.join(graph.label(n) for n in found)})"
            )
        edit_id = found[0]
    shots = _source(graph, edit_id, "shots")
    if shots is None:
        raise ShotEditError(f"{graph.label(edit_id)} has no shots wired in")
    clips = _through_lip_sync(graph, _source(graph, edit_id, "clips"))
    stills = _source(graph, clips, "still") if clips else None
    return EpisodeNodes(
        edit_id, shots, clips, stills, _source(graph, edit_id, "voices"),
        _source(graph, edit_id, "music"),
    )


def _through_lip_sync(graph: Graph, node_id: str | None) -> str | None:
    """The node that makes the clips: a Lip sync node between it and the edit only
    re-speaks them (and passes a creator's own footage through)."""
    while node_id is not None and graph.node(node_id).type_id == "video.lipsync":
        node_id = _source(graph, node_id, "clip")
    return node_id


def _source(graph: Graph, node_id: str, port: str) -> str | None:
    edge = graph.input_edge(node_id, port)
    return edge.src if edge else None


def shot_ids(project: Any, nodes: EpisodeNodes | None = None) -> list[str]:
    """The episode's shot ids in play order (the Shots node's output, cached or planned)."""
    nodes = nodes or episode_nodes(project.graph)
    from app.core.engine import Engine  # the store with it: loaded when first edited

    engine = Engine(project)
    plan = engine.plan([nodes.shots])
    node_plan = plan.nodes[nodes.shots]
    refs = (node_plan.outputs or {}).get("shots")
    if node_plan.error:
        raise ShotEditError(f"the shots cannot be listed: {node_plan.error}")
    if not isinstance(refs, list) or any(r is None for r in refs):
        raise ShotEditError(
            "the shots are not known yet: run the script first (shotgraph run PROJECT "
            f"--only {project.graph.label(nodes.shots).split(' (')[0]!r})"
        )
    return [str(engine.peek(ref)["id"]) for ref in refs]


def shot_at(project: Any, n: int, nodes: EpisodeNodes | None = None) -> str:
    """The id of the ``n``-th shot (1-based) in play order."""
    ids = shot_ids(project, nodes)
    if not 1 <= n <= len(ids):
        raise ShotEditError(f"there is no shot {n}: the episode has shots 1 to {len(ids)}")
    return ids[n - 1]


def script_shot(project: Any, nodes: EpisodeNodes, shot_id: str) -> dict[str, Any]:
    """Shot ``shot_id`` as the Shots node makes it (script + overrides), as JSON."""
    from app.core.engine import Engine  # the store with it: loaded when first edited

    engine = Engine(project)
    refs = (engine.plan([nodes.shots]).nodes[nodes.shots].outputs or {}).get("shots") or []
    for ref in refs:
        value = engine.peek(ref) if ref else None
        if isinstance(value, dict) and value.get("id") == shot_id:
            return value
    raise ShotEditError(f"shot {shot_id} is not in the episode")


# -- building the commands --------------------------------------------------------------------


def shot_edit(
    project: Any, n: int, changes: ShotChanges, edit: str | None = None
) -> Command:
    """One undoable command making ``changes`` to shot ``n`` (1-based); not yet applied.

    Files are checked and copied into the media store first, so a refused file leaves
    the project as it was. Raises ``ShotEditError`` (or ``NodeError`` for a bad file)
    with a message naming the shot and the problem.
    """
    if changes.is_empty():
        raise ShotEditError("nothing to change: give at least one edit")
    graph = project.graph
    nodes = episode_nodes(graph, edit)
    shot_id = shot_at(project, n, nodes)
    builder = _Builder(project, nodes, shot_id, n)
    builder.script_fields(changes)
    builder.cut_fields(changes)
    builder.subtitles(changes)
    builder.own_files(changes)
    return Batch(builder.commands, f"edit shot {n}")


def edit_shot(project: Any, n: int, changes: ShotChanges, edit: str | None = None) -> Command:
    """Make ``changes`` to shot ``n`` as one undo step (autosaved); returns the command."""
    command = shot_edit(project, n, changes, edit)
    return _push(project, command)


def move_shot(project: Any, n: int, to: int, edit: str | None = None) -> Command:
    """Move shot ``n`` to position ``to`` (both 1-based) as one undo step."""
    nodes = episode_nodes(project.graph, edit)
    ids = shot_ids(project, nodes)
    for k in (n, to):
        if not 1 <= k <= len(ids):
            raise ShotEditError(f"there is no shot {k}: the episode has shots 1 to {len(ids)}")
    moved = ids.pop(n - 1)
    ids.insert(to - 1, moved)
    return _push(project, Batch([SetParam(nodes.shots, "order", ids)], f"move shot {n} to {to}"))


def edit_episode(
    project: Any,
    *,
    transition: str | None = None,
    transition_s: float | None = None,
    music_volume_db: float | None = None,
    duck_db: float | None = None,
    animatic: bool | None = None,
    edit: str | None = None,
) -> Command:
    """Episode-wide edit settings (the default transition, music level and ducking
    depth, the storyboard animatic) as one undo step."""
    nodes = episode_nodes(project.graph, edit)
    wanted = {
        "transition": transition, "crossfade_s": transition_s,
        "music_volume_db": music_volume_db, "duck_db": duck_db, "animatic": animatic,
    }
    commands = [SetParam(nodes.edit, k, v) for k, v in wanted.items() if v is not None]
    if not commands:
        raise ShotEditError("nothing to change: give at least one setting")
    if transition is not None:
        _check_transition(transition)
    return _push(project, Batch(commands, "edit episode"))


def record_line(project: Any, n: int, recording: Path | str, edit: str | None = None) -> int:
    """Make ``recording`` a new take of shot ``n``'s line and use it; returns its take
    number (one undo step; the other lines stay as they are)."""
    command = shot_edit(project, n, ShotChanges(voice=Path(recording)), edit)
    _push(project, command)
    for sub in getattr(command, "commands", []):
        if isinstance(sub, ChooseTake):
            return sub.take
    raise ShotEditError("the recording was not added")  # unreachable: voice was given


def _push(project: Any, command: Command) -> Command:
    try:
        return project.undo.push(command)
    except GraphError as exc:
        raise ShotEditError(str(exc)) from None


class _Builder:
    """Collects the ``SetParam``/``ChooseTake`` commands of one shot's edit."""

    def __init__(self, project: Any, nodes: EpisodeNodes, shot_id: str, n: int):
        self.project, self.nodes, self.shot_id, self.n = project, nodes, shot_id, n
        self.graph: Graph = project.graph
        self.settings: dict[tuple[str, str], Any] = {}  # (node, param) -> new value
        self.takes: list[Command] = []

    @property
    def commands(self) -> list[Command]:
        """One ``SetParam`` per setting changed (in the order first changed), then takes."""
        sets: list[Command] = [SetParam(n, name, v) for (n, name), v in self.settings.items()]
        return sets + self.takes

    def params(self, node_id: str) -> dict[str, Any]:
        """A node's params with the edits collected so far applied."""
        current = dict(self.graph.node(node_id).params)
        current.update({name: v for (n, name), v in self.settings.items() if n == node_id})
        return current

    def set(self, node_id: str, name: str, value: Any) -> None:
        self.settings[(node_id, name)] = value

    # -- the shot card: line, description, duration -------------------------------
    def script_fields(self, changes: ShotChanges) -> None:
        fields: dict[str, Any] = {}
        if changes.line is not None:
            fields["line"] = changes.line.strip()
        if changes.description is not None:
            fields["description"] = changes.description.strip()
        if changes.duration is not None:
            fields["duration"] = float(changes.duration)
        if changes.trim is not None:
            start, end = _check_trim(changes.trim, self.n)
            fields["duration"] = round(end - start, 3)
        if not fields:
            return
        overrides = {k: dict(v) for k, v in (self.params(self.nodes.shots).get("overrides") or {}).items()}
        merged = {**overrides.get(self.shot_id, {}), **fields}
        self._check_shot(merged)
        overrides[self.shot_id] = merged
        self.set(self.nodes.shots, "overrides", overrides)

    def _check_shot(self, fields: dict[str, Any]) -> None:
        card = script_shot(self.project, self.nodes, self.shot_id)
        data = {k: v for k, v in {**card, **fields}.items() if k in Shot.model_fields}
        if fields.get("line") and not data.get("speaker"):
            raise ShotEditError(
                f"shot {self.n} has no speaker, so it cannot have a line: "
                "give it a speaker in the script first"
            )
        try:
            Shot.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise ShotEditError(f"shot {self.n}: {problems}") from None

    # -- the cut: trim, transition, fit, own sound ---------------------------------
    def cut_fields(self, changes: ShotChanges) -> None:
        fields: dict[str, Any] = {}
        if changes.trim is not None:
            fields["trim_in"] = _check_trim(changes.trim, self.n)[0]
        if changes.transition is not None:
            fields["transition"] = _check_transition(changes.transition)
        if changes.transition_s is not None:
            fields["transition_s"] = changes.transition_s
        if changes.fit is not None:
            fields["fit"] = changes.fit
        if changes.sound is not None:
            fields["sound"] = changes.sound
        if changes.sound_db is not None:
            fields["sound_db"] = changes.sound_db
        if not fields:
            return
        cuts = dict(self.params(self.nodes.edit).get("cuts") or {})
        merged = {**(cuts.get(self.shot_id) or {}), **fields}
        try:
            cuts[self.shot_id] = CutEdit.model_validate(merged).model_dump(mode="json")
        except ValidationError as exc:
            problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
            raise ShotEditError(f"shot {self.n}: {problems}") from None
        self.set(self.nodes.edit, "cuts", cuts)

    # -- subtitles -----------------------------------------------------------------------
    def subtitles(self, changes: ShotChanges) -> None:
        if changes.subtitles is None and not changes.reset_subtitles:
            return
        edits = dict(self.params(self.nodes.edit).get("subtitle_edits") or {})
        if changes.reset_subtitles:
            edits.pop(self.shot_id, None)
        else:
            edits[self.shot_id] = [c.model_dump(mode="json") for c in changes.subtitles or []]
        self.set(self.nodes.edit, "subtitle_edits", edits)

    # -- the creator's own files ------------------------------------------------------------
    def own_files(self, changes: ShotChanges) -> None:
        if changes.clip is not None:
            self._own_clip(Path(changes.clip), changes)
        if changes.still is not None:
            self._set_own(self._stills_node(), import_own_file(self.project, changes.still, "still"))
        for part in sorted(changes.generated):
            if part == "clip":
                self._drop_poster()
            node = self._clips_node() if part == "clip" else self._stills_node()
            self._set_own(node, None)
        if changes.voice is not None:
            self._recorded(Path(changes.voice))

    def _own_clip(self, path: Path, changes: ShotChanges) -> None:
        clip = import_own_file(self.project, path, "clip")
        if changes.trim is not None and changes.trim[1] > (clip.duration or 0) + 0.05:
            raise ShotEditError(
                f"shot {self.n}: the trim ends at {changes.trim[1]:g} s but {path.name} is "
                f"{clip.duration or 0:.2f} s long"
            )
        self._set_own(self._clips_node(), clip)
        # The clip's own picture stands in for the still: no still is drawn (or paid for)
        # for a shot whose footage the creator brought, and the storyboard shows it.
        if changes.still is None and self.nodes.stills and _takes_own(self.graph, self.nodes.stills):
            poster = poster_frame(self.project, clip)
            if poster is not None:
                self._set_own(self.nodes.stills, poster)
        if changes.duration is None and changes.trim is None and clip.duration:
            self._fit_duration_to(clip.duration)

    def _drop_poster(self) -> None:
        """Going back to a generated clip also brings back the generated still, when the
        still was only the poster frame of the creator's clip."""
        stills = self.nodes.stills
        clip = (self.params(self._clips_node()).get("own") or {}).get(self.shot_id)
        still = (self.params(stills).get("own") or {}).get(self.shot_id) if stills else None
        if not (clip and still and stills):
            return
        stored = self.project.artifacts.get(still)
        if stored is not None and stored.meta.get("poster_of") == clip:
            self._set_own(stills, None)

    def _fit_duration_to(self, seconds: float) -> None:
        """A shot given footage shorter than itself is shortened to the footage."""
        card = script_shot(self.project, self.nodes, self.shot_id)
        if card.get("duration", 0) > seconds + 0.02:
            self.script_fields(ShotChanges(duration=max(1.0, round(seconds, 3))))

    def _set_own(self, node_id: str, media: Media | None) -> None:
        own = dict(self.params(node_id).get("own") or {})
        if media is None:
            own.pop(self.shot_id, None)
        else:
            own[self.shot_id] = media.hash
        self.set(node_id, "own", own)

    def _clips_node(self) -> str:
        node = self.nodes.clips
        if node is None or not _takes_own(self.graph, node):
            raise ShotEditError(
                "the episode's clips do not come from a Clips node, so they cannot take "
                "your own footage"
            )
        return node

    def _stills_node(self) -> str:
        node = self.nodes.stills
        if node is None or not _takes_own(self.graph, node):
            raise ShotEditError(
                "the episode's stills do not come from a Stills (Image) node, so they "
                "cannot take your own picture"
            )
        return node

    def _recorded(self, path: Path) -> None:
        node = self.nodes.voices
        if node is None or "recordings" not in self.graph.catalog.get(
            self.graph.node(node).type_id
        ).Params.model_fields:
            raise ShotEditError(
                "the episode has no Voice node to add a recorded take to: wire a Voice "
                "node into the Edit node's 'voices'"
            )
        take = self._new_take(node)
        stored = import_own_file(self.project, path, "voice")
        recordings = {k: dict(v) for k, v in (self.params(node).get("recordings") or {}).items()}
        recordings.setdefault(self.shot_id, {})[str(take)] = stored.hash
        self.set(node, "recordings", recordings)
        self.takes.append(ChooseTake(node, self.shot_id, take))

    def _new_take(self, node_id: str) -> int:
        made = {row.take for row in self.project.takes(node_id) if row.item_id == self.shot_id}
        recorded = (self.params(node_id).get("recordings") or {}).get(self.shot_id) or {}
        made |= {int(t) for t in recorded}
        chosen = self.graph.node(node_id).takes.get(self.shot_id, 0)
        return max([chosen, *made]) + 1


def _takes_own(graph: Graph, node_id: str) -> bool:
    return "own" in graph.catalog.get(graph.node(node_id).type_id).Params.model_fields


def _check_trim(trim: tuple[float, float], n: int) -> tuple[float, float]:
    start, end = float(trim[0]), float(trim[1])
    if start < 0 or end <= start:
        raise ShotEditError(f"shot {n}: a trim is IN:OUT with 0 <= IN < OUT (got {start:g}:{end:g})")
    if not 1.0 <= end - start <= 20.0:
        raise ShotEditError(
            f"shot {n}: a trim of {end - start:g} s is outside 1 to 20 s, the shot lengths allowed"
        )
    return round(start, 3), round(end, 3)


def _check_transition(kind: str) -> str:
    if kind not in TRANSITIONS:
        raise ShotEditError(f"unknown transition {kind!r}: use one of {', '.join(TRANSITIONS)}")
    return kind


def parse_trim(text: str) -> tuple[float, float]:
    """``"IN:OUT"`` in seconds (e.g. ``"1.5:4"``) as a pair; ``ShotEditError`` otherwise."""
    parts = text.split(":")
    try:
        if len(parts) != 2:
            raise ValueError
        return float(parts[0] or 0), float(parts[1])
    except ValueError:
        raise ShotEditError(f"a trim is IN:OUT in seconds, e.g. 0.5:3.5 (got {text!r})") from None


def poster_frame(project: Any, clip: Media) -> Media | None:
    """A full-size still of the creator's clip (its picture upright), stored as their own."""
    work = Path(tempfile.mkdtemp(prefix="poster-", dir=project.artifacts.tmp_dir))
    try:
        out = ffmpeg.thumbnail(clip.path, work / "poster.png", width=1080)
        meta = {**own_meta("still"), "source_name": clip.meta.get("source_name"),
                "poster_of": clip.hash}
        stored = project.artifacts.put_file(out, "png", meta)
        project.artifacts.record(KEEP_PREFIX + stored.hash, "own-file", {"file": stored.hash})
        return stored
    except (ffmpeg.MediaError, NodeError, OSError):
        return None  # the still is then generated as usual
    finally:
        shutil.rmtree(work, ignore_errors=True)
