"""The Timeline dock: the cut as tracks, edited by dragging.

Shots are blocks on a video track, as long as they play; voice lines and the music are
audio tracks with their waveforms; subtitles are a text track. Drag a shot to reorder it,
drag its right edge to change its length, click a cut to choose its transition,
double-click a subtitle to edit it; the music's level and ducking sit in the toolbar.
Every edit is one command on the window's undo stack.

What the dock shows is read from the engine's plan, not from the last run: an edit
shows at once (where shots, voices and subtitles will sit, laid out by the same timeline
maths the export uses), with the stills, clips and voices already made for each shot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QObject,
    QPoint,
    QPointF,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolBar,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.core.graph import GraphError
from app.core.node_api import Media, NodeError
from app.core.screenplay import ShotCard
from app.media import timeline as tl
from app.media.kenburns import is_recipe
from app.ui.caption import camera_label
from app.ui.preview import audio_peaks
from app.ui.session import Session
from app.ui.subtitle_editor import SubtitleDialog
from app.ui.viewers import Thumbnails
from nodes import shot_edits
from nodes.edit import SubtitleEdit
from nodes.own_files import is_own_material
from nodes.shot_edits import ShotEditError
from nodes.voice import MAX_TEMPO

MIN_SHOT_S, MAX_SHOT_S = 1.0, 20.0  # what a shot's duration may be (the screenplay's bounds)


# -- what the timeline shows (no widgets) --------------------------------------------------------
@dataclass
class ShotBlock:
    """One shot on the video track."""

    index: int
    shot: ShotCard
    start: float
    duration: float
    still: Media | None = None
    clip: Media | None = None
    voice: Media | None = None
    transition: str = "cut"  # into the next shot
    cut: dict[str, Any] = field(default_factory=dict)  # trim, fit, own sound (``CutEdit``)
    subtitles_edited: bool = False

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def shot_id(self) -> str:
        return self.shot.id

    @property
    def own_footage(self) -> bool:
        """The clip is the creator's own (so its edges trim it rather than set a length)."""
        return is_own_material(self.clip) and not is_recipe(self.clip.meta or {})

    @property
    def trim_in(self) -> float:
        return float(self.cut.get("trim_in") or 0.0)


@dataclass
class AudioBlock:
    """A voice line (or the music) where it plays."""

    shot: int  # -1 for the music
    start: float
    duration: float
    media: Media
    trimmed: bool = False
    tempo: float = 1.0  # > 1: the export speeds the line up to fit before the next one


@dataclass
class SubtitleBlock:
    """A subtitle cue where it shows."""

    shot: int
    start: float
    end: float
    text: str


@dataclass
class Cut:
    """The episode as the timeline shows it, and which nodes hold what."""

    shots: list[ShotBlock] = field(default_factory=list)
    voices: list[AudioBlock] = field(default_factory=list)
    subtitles: list[SubtitleBlock] = field(default_factory=list)
    music: AudioBlock | None = None
    duration: float = 0.0
    nodes: dict[str, str] = field(default_factory=dict)  # role -> node id
    settings: dict[str, Any] = field(default_factory=dict)  # the Edit & Export node's params
    episode: Media | None = None  # the episode as last made
    current: bool = False  # ...and it shows the cut as it is now

    def shot_at(self, seconds: float) -> int:
        """Index of the shot on screen at ``seconds`` (the later one inside a crossfade)."""
        found = 0
        for block in self.shots:
            if block.start <= seconds + 1e-6:
                found = block.index
        return found


def cut_nodes(session: Session) -> dict[str, str]:
    """Role -> node id of what the cut is made of: edit, shots, clips, stills, voices, music
    (empty when the graph has no single Edit & Export node)."""
    try:
        found = shot_edits.episode_nodes(session.graph)
    except ShotEditError:
        return {}
    roles = {"edit": found.edit, "shots": found.shots, "clips": found.clips,
             "stills": found.stills, "voices": found.voices, "music": found.music}
    return {role: nid for role, nid in roles.items() if nid}


def _item_media(session: Session, plan: Any, node_id: str) -> dict[str, Media]:
    """Shot id -> the media a mapped node has made for it (only items already made)."""
    node_plan = plan.nodes.get(node_id) if node_id else None
    found: dict[str, Media] = {}
    for item in (node_plan.items or []) if node_plan else []:
        outputs = session.project.artifacts.lookup(item.key) if item.key else None
        ref = next(iter(outputs.values()), None) if outputs else None
        media = session.project.artifacts.get(ref) if isinstance(ref, str) else None
        if media is not None:
            found[item.item_id] = media
    return found


def _own_media(session: Session, node_id: str) -> dict[str, Media]:
    """Shot id -> the creator's own file chosen on a Stills/Clips node (shown before a run)."""
    if not node_id:
        return {}
    own = session.graph.node(node_id).params.get("own") or {}
    found = {shot: session.project.artifacts.get(digest) for shot, digest in own.items()}
    return {shot: media for shot, media in found.items() if media is not None}


def _single_media(session: Session, plan: Any, node_id: str) -> Media | None:
    return _item_media(session, plan, node_id).get("")


def planned_shots(session: Session, plan: Any, nodes: dict[str, str]) -> list[ShotCard]:
    """The shots in the order the next run plays them, pending edits included."""
    for role in ("voices", "clips", "stills"):
        node_plan = plan.nodes.get(nodes.get(role, ""))
        resolved = getattr(node_plan, "resolved", None)
        if resolved is None or not resolved.items or "shot" not in resolved.items[0]:
            continue
        cards = [session.engine.peek(item["shot"]) for item in resolved.items]
        if all(isinstance(c, dict) for c in cards):
            return [ShotCard.model_validate(c) for c in cards]
    try:
        loaded = session.load_output(nodes["shots"], "shots") if "shots" in nodes else []
    except LookupError:
        return []
    return [s for s in loaded or [] if isinstance(s, ShotCard)]


def edit_settings(session: Session, edit: str) -> dict[str, Any]:
    """The Edit & Export node's params with their defaults filled in."""
    if not edit:
        return {}
    node = session.graph.node(edit)
    try:
        return session.node_type(edit).parse_params(node.params).model_dump()
    except Exception:  # invalid settings: the node says why; show the defaults
        return session.node_type(edit).default_params()


def build_cut(session: Session, plan: Any | None = None) -> Cut:
    """The cut the next export makes, laid out by the export's own timeline maths."""
    nodes = cut_nodes(session)
    if "edit" not in nodes:
        return Cut(nodes=nodes)
    plan = plan or session.plan()
    shots = planned_shots(session, plan, nodes)
    cut = Cut(nodes=nodes, settings=edit_settings(session, nodes["edit"]))
    if not shots:
        return cut
    stills = {**_item_media(session, plan, nodes.get("stills", "")),
              **_own_media(session, nodes.get("stills", ""))}
    clips = {**_item_media(session, plan, nodes.get("clips", "")),
             **_own_media(session, nodes.get("clips", ""))}
    voices = _item_media(session, plan, nodes.get("voices", ""))
    _lay_out(cut, shots, stills, clips, voices)
    music = _single_media(session, plan, nodes.get("music", ""))
    if music is not None:
        cut.music = AudioBlock(-1, 0.0, cut.duration, music)
    edit_plan = plan.nodes.get(nodes["edit"])
    made = _item_media(session, plan, nodes["edit"]).get("") if edit_plan else None
    cut.current = made is not None and not edit_plan.dirty
    cut.episode = made if cut.current else last_episode(session, nodes["edit"])
    return cut


def last_episode(session: Session, edit: str) -> Media | None:
    """The episode the Edit & Export node made last, if its file is still there."""
    for row in reversed(session.project.takes(edit)):
        ref = json.loads(row.outputs_json or "{}").get("episode")
        media = session.project.artifacts.get(ref) if isinstance(ref, str) else None
        if media is not None and Path(media.path).is_file():
            return media
    return None


def _lay_out(cut: Cut, shots: list[ShotCard], stills: dict, clips: dict, voices: dict) -> None:
    """Where everything sits: the Edit & Export node's timeline maths, on its params."""
    s, fps = cut.settings, tl.FPS
    durations = [shot.duration for shot in shots]
    per_cut = [(s.get("cuts") or {}).get(shot.id) or {} for shot in shots]
    kinds = [(c.get("transition") or s.get("transition") or "cut",
              float(c.get("transition_s") or s.get("crossfade_s") or 0.5)) for c in per_cut]
    joins = tl.transitions(durations, kinds[:-1])
    spans = tl.shot_spans(durations, joins)
    cut.duration = tl.episode_frames(spans) / fps
    edited = s.get("subtitle_edits") or {}
    for i, (shot, span) in enumerate(zip(shots, spans, strict=True)):
        voice = voices.get(shot.id)
        if voice is not None and voice.meta.get("silent"):
            voice = None
        cut.shots.append(ShotBlock(i, shot, span.start / fps, span.frames / fps,
                                   stills.get(shot.id), clips.get(shot.id), voice,
                                   joins[i].kind if i < len(joins) else "cut", per_cut[i],
                                   shot.id in edited))
    lengths = [b.voice.duration if b.voice else None for b in cut.shots]
    placed = tl.place_voices(spans, lengths, max_tempo=MAX_TEMPO)
    cut.voices = [AudioBlock(p.shot, p.start, p.duration, cut.shots[p.shot].voice, p.trimmed,
                             p.tempo) for p in placed]
    if s.get("subtitles", True):
        size = int(s.get("subtitle_size") or 64)
        per_line = {lang: tl.chars_per_line(lang, size, 1080 * 0.9) for lang in ("en", "zh")}
        lines = [(b.shot.line, b.shot.language, b.shot.speaker or "") for b in cut.shots]
        edits = {i: [tl.CueEdit(e["text"], e.get("start"), e.get("end")) for e in edited[b.shot_id]]
                 for i, b in enumerate(cut.shots) if b.shot_id in edited}
        cues = tl.subtitle_cues(spans, lines, placed, per_line, edits=edits)
        cut.subtitles = [SubtitleBlock(c.shot, c.start, c.end, c.text) for c in cues]



# -- the tracks ------------------------------------------------------------------------------------
HEADER_W = 92  # the track names, left of the time axis
RULER_H = 18
ROWS = (("video", 58), ("voice", 34), ("music", 26), ("subtitles", 28))
EDGE_PX = 6  # how near a block's right edge counts as grabbing it
DRAG_PX = 6  # how far the mouse moves before a press becomes a drag
CUT_MARK = 9  # half-width of a cut's transition mark
TRACK_COLOURS = {"video": "#2c4a6e", "voice": "#2d5a3d", "music": "#5a3d6e", "subtitles": "#5a4d2d"}
TRANSITION_MARKS = {"cut": "|", "crossfade": "✕", "fade_black": "■", "flash": "✦"}


@dataclass(frozen=True)
class Hit:
    """What is under the mouse: a track element and its index."""

    kind: str  # "ruler" | "shot" | "edge" | "cut" | "voice" | "music" | "subtitle" | ""
    index: int = -1


class _PeaksJob(QRunnable):
    class Signals(QObject):
        done = Signal(str, object)

    def __init__(self, path: str, buckets: int):
        super().__init__()
        self.path, self.buckets = path, buckets
        self.signals = self.Signals()

    def run(self) -> None:
        try:
            result = audio_peaks(Path(self.path), self.buckets)
        except Exception:  # undecodable audio shows as a flat line, not an error
            result = np.zeros(0, dtype=np.float32)
        self.signals.done.emit(self.path, result)


class PeaksCache(QObject):
    """Waveform peaks per audio file, computed off the UI thread; ``ready`` when one lands."""

    ready = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.peaks: dict[str, np.ndarray] = {}
        self._jobs: dict[str, _PeaksJob] = {}

    def get(self, path: Path | str, buckets: int = 1200) -> np.ndarray | None:
        key = str(path)
        if key in self.peaks:
            return self.peaks[key]
        if key not in self._jobs:
            job = _PeaksJob(key, buckets)
            job.signals.done.connect(self._on_done)
            self._jobs[key] = job
            QThreadPool.globalInstance().start(job)
        return None

    def _on_done(self, path: str, values: Any) -> None:
        self._jobs.pop(path, None)
        self.peaks[path] = values
        self.ready.emit(path)


class TimelineView(QWidget):
    """The tracks, painted; mouse gestures become requests the pane turns into commands."""

    seek = Signal(float)
    shot_clicked = Signal(int)
    move_requested = Signal(int, int)  # shot index, the index it moves to
    duration_requested = Signal(int, float)  # shot index, seconds
    trim_requested = Signal(int, float, float)  # shot index, clip in and out, seconds
    transition_clicked = Signal(int, QPoint)  # the cut after shot N, where to show a menu
    subtitle_activated = Signal(int)
    voice_activated = Signal(int)  # shot index
    context_requested = Signal(object, QPoint)  # a Hit, global position

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cut = Cut()
        self.pps = 24.0  # pixels per second
        self.playhead = 0.0
        self.selected = -1  # shot index
        self.selected_subtitle = -1
        self.peaks = PeaksCache(self)
        self.peaks.ready.connect(lambda _path: self.update())
        self._thumbs: dict[int, Thumbnails] = {}  # by height; decoded off the UI thread
        self._drag: dict[str, Any] | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    # -- geometry ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = HEADER_W + self.cut.duration * self.pps + 60
        return QSize(int(width), RULER_H + sum(h for _, h in ROWS) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(HEADER_W + 200, self.sizeHint().height())

    def set_cut(self, cut: Cut) -> None:
        self.cut = cut
        if self.selected >= len(cut.shots):
            self.selected = -1
        self._relayout()

    def set_zoom(self, pps: float) -> None:
        self.pps = max(4.0, min(400.0, pps))
        self._relayout()

    def _relayout(self) -> None:
        self.setMinimumWidth(self.sizeHint().width())
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def x_of(self, seconds: float) -> float:
        return HEADER_W + seconds * self.pps

    def seconds_at(self, x: float) -> float:
        return max(0.0, min(self.cut.duration, (x - HEADER_W) / self.pps))

    def row(self, name: str) -> QRectF:
        y = RULER_H
        for row_name, height in ROWS:
            if row_name == name:
                return QRectF(HEADER_W, y, max(0, self.width() - HEADER_W), height)
            y += height
        raise KeyError(name)

    def shot_rect(self, index: int) -> QRectF:
        block, row = self.cut.shots[index], self.row("video")
        return QRectF(self.x_of(block.start), row.top() + 4, block.duration * self.pps,
                      row.height() - 8)

    def cut_point(self, index: int) -> QPointF:
        """Where the mark of the cut after shot ``index`` sits."""
        nxt = self.cut.shots[index + 1]
        return QPointF(self.x_of(nxt.start), self.row("video").top() + CUT_MARK + 2)

    def audio_rect(self, block: AudioBlock, row: str) -> QRectF:
        r = self.row(row)
        return QRectF(self.x_of(block.start), r.top() + 4, block.duration * self.pps,
                      r.height() - 8)

    def subtitle_rect(self, index: int) -> QRectF:
        cue, r = self.cut.subtitles[index], self.row("subtitles")
        return QRectF(self.x_of(cue.start), r.top() + 4, (cue.end - cue.start) * self.pps,
                      r.height() - 8)

    # -- hit testing --------------------------------------------------------------------------
    def hit(self, pos: QPointF) -> Hit:
        x, y = pos.x(), pos.y()
        if x < self._header_left() + HEADER_W:  # the track names stay put over the tracks
            return Hit("")
        if y < RULER_H:
            return Hit("ruler")
        if self.row("video").contains(pos):
            return self._hit_video(pos)
        if self.row("voice").contains(pos):
            found = [i for i, v in enumerate(self.cut.voices)
                     if self.audio_rect(v, "voice").contains(pos)]
            return Hit("voice", self.cut.voices[found[-1]].shot) if found else Hit("")
        if self.row("music").contains(pos):
            return Hit("music") if self.cut.music is not None else Hit("")
        if self.row("subtitles").contains(pos):
            found = [i for i in range(len(self.cut.subtitles)) if self.subtitle_rect(i).contains(pos)]
            return Hit("subtitle", found[-1]) if found else Hit("")
        return Hit("")

    def _hit_video(self, pos: QPointF) -> Hit:
        for i in range(len(self.cut.shots) - 1):
            mark = self.cut_point(i)
            if abs(pos.x() - mark.x()) <= CUT_MARK and abs(pos.y() - mark.y()) <= CUT_MARK:
                return Hit("cut", i)
        for i in reversed(range(len(self.cut.shots))):
            rect = self.shot_rect(i)
            if not rect.top() <= pos.y() <= rect.bottom():
                continue
            if abs(pos.x() - rect.right()) <= EDGE_PX:
                return Hit("edge", i)
            if self.cut.shots[i].own_footage and abs(pos.x() - rect.left()) <= EDGE_PX:
                return Hit("head", i)
        for i in reversed(range(len(self.cut.shots))):
            if self.shot_rect(i).contains(pos):
                return Hit("shot", i)
        return Hit("")

    # -- gestures -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        hit = self.hit(pos)
        if event.button() == Qt.MouseButton.RightButton:
            self.context_requested.emit(hit, event.globalPosition().toPoint())
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if hit.kind == "ruler":
            self._drag = {"kind": "seek"}
            self.seek.emit(self.seconds_at(pos.x()))
        elif hit.kind == "shot":
            self._drag = {"kind": "move", "index": hit.index, "x0": pos.x(), "moved": False,
                          "target": hit.index}
        elif hit.kind in ("edge", "head"):
            block = self.cut.shots[hit.index]
            self._drag = {"kind": hit.kind, "index": hit.index, "x0": pos.x(),
                          "duration": block.duration, "new": block.duration,
                          "in": block.trim_in, "new_in": block.trim_in}
        elif hit.kind == "cut":
            self.transition_clicked.emit(hit.index, event.globalPosition().toPoint())
        elif hit.kind == "subtitle":
            self.selected_subtitle = hit.index
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        drag = self._drag
        if drag is None:
            self._hover(pos)
            return
        if drag["kind"] == "seek":
            self.seek.emit(self.seconds_at(pos.x()))
        elif drag["kind"] == "move":
            drag["moved"] = drag["moved"] or abs(pos.x() - drag["x0"]) > DRAG_PX
            drag["x"] = pos.x()
            drag["target"] = self.drop_index(pos.x(), drag["index"])
            self.update()
        elif drag["kind"] == "edge":
            drag["new"] = self.dragged_duration(drag["duration"], pos.x() - drag["x0"])
            QToolTip.showText(event.globalPosition().toPoint(),
                              self.tr("%.1f s") % drag["new"], self)
            self.update()
        elif drag["kind"] == "head":
            self._drag_head(drag, pos.x() - drag["x0"])
            QToolTip.showText(event.globalPosition().toPoint(),
                              self.tr("starts %.2f s into the clip") % drag["new_in"], self)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        drag, self._drag = self._drag, None
        if drag is None:
            return
        if drag["kind"] == "move":
            if drag["moved"] and drag["target"] != drag["index"]:
                self.move_requested.emit(drag["index"], drag["target"])
            elif not drag["moved"]:
                self.selected = drag["index"]
                self.shot_clicked.emit(drag["index"])
        elif drag["kind"] in ("edge", "head"):
            self._finish_edge(drag)
        self.update()

    def _finish_edge(self, drag: dict[str, Any]) -> None:
        block = self.cut.shots[drag["index"]]
        changed = abs(drag["new"] - drag["duration"]) > 1e-6 or abs(
            drag["new_in"] - drag["in"]) > 1e-6
        if not changed:
            return
        if block.own_footage:  # the creator's clip: its edges are its in and out points
            self.trim_requested.emit(drag["index"], drag["new_in"], drag["new_in"] + drag["new"])
        else:
            self.duration_requested.emit(drag["index"], drag["new"])

    def _drag_head(self, drag: dict[str, Any], dx: float) -> None:
        """The left edge of an own clip: a later (or earlier) in point, the out point kept."""
        out = drag["in"] + drag["duration"]
        new_in = round(max(0.0, drag["in"] + dx / self.pps) * tl.FPS) / tl.FPS
        new_in = max(out - MAX_SHOT_S, min(new_in, out - MIN_SHOT_S))
        drag["new_in"], drag["new"] = max(0.0, new_in), out - max(0.0, new_in)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        hit = self.hit(event.position())
        if hit.kind == "subtitle":
            self.subtitle_activated.emit(hit.index)
        elif hit.kind == "voice":
            self.voice_activated.emit(hit.index)

    def _hover(self, pos: QPointF) -> None:
        kind = self.hit(pos).kind
        cursor = {"edge": Qt.CursorShape.SizeHorCursor, "head": Qt.CursorShape.SizeHorCursor,
                  "cut": Qt.CursorShape.PointingHandCursor,
                  "shot": Qt.CursorShape.OpenHandCursor}.get(kind, Qt.CursorShape.ArrowCursor)
        self.setCursor(cursor)

    def drop_index(self, x: float, dragged: int) -> int:
        """Where a dragged shot lands: before the first other shot whose middle is right of x."""
        others = [b for b in self.cut.shots if b.index != dragged]
        for position, block in enumerate(others):
            if x < self.x_of(block.start + block.duration / 2):
                return position
        return len(others)

    def dragged_duration(self, original: float, dx: float) -> float:
        """A shot's length while its edge is dragged: whole frames, within the shot limits."""
        seconds = original + dx / self.pps
        seconds = round(seconds * tl.FPS) / tl.FPS
        return max(MIN_SHOT_S, min(MAX_SHOT_S, seconds))

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#1b1b1f"))
        self._paint_ruler(painter)
        for name, _height in ROWS:
            painter.fillRect(self.row(name), QColor("#202025"))
        self._paint_shots(painter)
        self._paint_audio(painter)
        self._paint_subtitles(painter)
        self._paint_drag(painter)
        self._paint_headers(painter)
        x = self.x_of(self.playhead)
        painter.setPen(QPen(QColor("#ff4d4d"), 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    def _header_left(self) -> float:
        """Where the track names are drawn: the left edge of what the scroll area shows, so
        they stay in view when a zoomed-in timeline is scrolled."""
        return float(max(0, -self.x()))

    def _paint_headers(self, painter: QPainter) -> None:
        left = self._header_left()
        painter.fillRect(QRectF(left, 0, HEADER_W, self.height()), QColor("#26262b"))
        names = {"video": self.tr("Video"), "voice": self.tr("Voices"),
                 "music": self.tr("Music"), "subtitles": self.tr("Subtitles")}
        painter.setPen(QColor("#c8c8c8"))
        for name, _h in ROWS:
            r = self.row(name)
            painter.drawText(QRectF(left + 8, r.top(), HEADER_W - 10, r.height()),
                             Qt.AlignmentFlag.AlignVCenter, names[name])

    def _paint_ruler(self, painter: QPainter) -> None:
        painter.setPen(QColor("#8a8a90"))
        step = 1 if self.pps >= 12 else 5
        label_every = 5 if self.pps < 60 else 1
        second = 0
        while second <= self.cut.duration + 1e-6:
            x = self.x_of(second)
            tall = second % label_every == 0
            painter.drawLine(QPointF(x, RULER_H - (10 if tall else 5)), QPointF(x, RULER_H))
            if tall:
                painter.drawText(QPointF(x + 3, 12), f"{second} s")
            second += step

    def _thumb(self, media: Media, height: int) -> QPixmap | None:
        """The still's small picture, or None while it is decoded (then it repaints)."""
        thumbs = self._thumbs.get(height)
        if thumbs is None:
            thumbs = self._thumbs[height] = Thumbnails(height * 9 // 16 + 1, height, self)
            thumbs.ready.connect(lambda _key: self.update())
        return thumbs.get(str(media.path), media.path)

    def _paint_shots(self, painter: QPainter) -> None:
        metrics = QFontMetricsF(painter.font())
        dragging = self._drag.get("index") if self._drag and self._drag.get("moved") else None
        for block in self.cut.shots:
            rect = self.shot_rect(block.index)
            painter.setOpacity(0.35 if block.index == dragging else 1.0)
            painter.setPen(QPen(QColor("#4d9cff") if block.index == self.selected
                                else QColor("#101014"), 2))
            painter.setBrush(QColor(TRACK_COLOURS["video"]))
            painter.drawRoundedRect(rect, 4, 4)
            text_left = rect.left() + 4
            if block.still is not None and rect.width() > 24:
                height = int(rect.height()) - 4
                thumb = self._thumb(block.still, height)
                if thumb is not None:
                    painter.save()
                    painter.setClipRect(rect.adjusted(2, 2, -2, -2))
                    painter.drawPixmap(QPointF(rect.left() + 2, rect.top() + 2), thumb)
                    painter.restore()
                # its room is kept while it decodes, so the text does not jump
                text_left += (thumb.width() if thumb is not None else height * 9 // 16 + 1) + 2
            text = QRectF(text_left, rect.top() + 2, rect.right() - text_left - 4, rect.height() - 4)
            if text.width() > 12:
                painter.setPen(QColor("#ffffff"))
                head = f"{block.index + 1} · {block.duration:.1f} s"
                painter.drawText(text, Qt.AlignmentFlag.AlignTop, head)
                painter.setPen(QColor("#b8c4d4"))
                move = camera_label(block.shot.camera)
                painter.drawText(text.adjusted(0, 16, 0, 0), Qt.AlignmentFlag.AlignTop,
                                 metrics.elidedText(move, Qt.TextElideMode.ElideRight, text.width()))
        painter.setOpacity(1.0)
        for i in range(len(self.cut.shots) - 1):
            self._paint_cut_mark(painter, i)

    def _paint_cut_mark(self, painter: QPainter, index: int) -> None:
        centre = self.cut_point(index)
        kind = self.cut.shots[index].transition
        box = QRectF(centre.x() - CUT_MARK, centre.y() - CUT_MARK, 2 * CUT_MARK, 2 * CUT_MARK)
        painter.setPen(QPen(QColor("#101014"), 1))
        painter.setBrush(QColor("#e8e8ec") if kind == "cut" else QColor("#ffd666"))
        painter.drawEllipse(box)
        painter.setPen(QColor("#101014"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, TRANSITION_MARKS.get(kind, "?"))

    def _paint_waveform(self, painter: QPainter, rect: QRectF, media: Media, colour: str,
                        gain: float = 1.0) -> None:
        values = self.peaks.get(media.path)
        painter.setPen(QColor(colour))
        if values is None or values.size == 0:
            return
        mid, half = rect.center().y(), rect.height() / 2 - 2
        span = max(1e-6, media.duration or 0.0) or 1.0
        # The block may be a cut-down part of the file: draw the part that plays.
        shown = min(1.0, (rect.width() / self.pps) / span) if media.duration else 1.0
        width = max(1, int(rect.width()))
        for px in range(width):
            v = float(values[min(values.size - 1, int(px / width * shown * values.size))]) * gain
            painter.drawLine(QPointF(rect.left() + px, mid - v * half),
                             QPointF(rect.left() + px, mid + v * half))

    def _paint_audio(self, painter: QPainter) -> None:
        for block in self.cut.voices:
            rect = self.audio_rect(block, "voice")
            painter.setPen(QPen(QColor("#4d9cff") if block.shot == self.selected
                                else QColor("#101014"), 1.5))
            painter.setBrush(QColor(TRACK_COLOURS["voice"]))
            painter.drawRoundedRect(rect, 3, 3)
            self._paint_waveform(painter, rect, block.media, "#7fe39b")
        music = self.cut.music
        if music is not None:
            rect = self.audio_rect(music, "music")
            painter.setPen(QPen(QColor("#101014"), 1))
            painter.setBrush(QColor(TRACK_COLOURS["music"]))
            painter.drawRoundedRect(rect, 3, 3)
            level = float(self.cut.settings.get("music_volume_db", -6.0))
            self._paint_waveform(painter, rect, music.media, "#c9a3ff", 10 ** (level / 20))
            painter.setPen(QColor("#ffffff"))
            painter.drawText(rect.adjusted(6, 2, -6, -2), Qt.AlignmentFlag.AlignTop,
                             self.music_label())

    def music_label(self) -> str:
        s = self.cut.settings
        text = self.tr("Music %+.0f dB") % float(s.get("music_volume_db", -6.0))
        if "duck_db" in s:
            text += self.tr(", ducked %+.0f dB under lines") % float(s["duck_db"])
        return text

    def _paint_subtitles(self, painter: QPainter) -> None:
        metrics = QFontMetricsF(painter.font())
        for i, cue in enumerate(self.cut.subtitles):
            rect = self.subtitle_rect(i)
            painter.setPen(QPen(QColor("#4d9cff") if i == self.selected_subtitle
                                else QColor("#101014"), 1.5))
            painter.setBrush(QColor(TRACK_COLOURS["subtitles"]))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(QColor("#fff3cc"))
            text = " ".join(cue.text.split())
            painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                rect.width() - 8))

    def _paint_drag(self, painter: QPainter) -> None:
        drag = self._drag
        if not drag:
            return
        if drag["kind"] == "move" and drag["moved"]:
            others = [b for b in self.cut.shots if b.index != drag["index"]]
            target = drag["target"]
            x = self.x_of(others[target].start) if target < len(others) else self.x_of(
                self.cut.duration)
            row = self.row("video")
            painter.setPen(QPen(QColor("#4d9cff"), 3))
            painter.drawLine(QPointF(x, row.top()), QPointF(x, row.bottom()))
        elif drag["kind"] in ("edge", "head"):
            rect = self.shot_rect(drag["index"])
            rect.setLeft(rect.left() + (drag["new_in"] - drag["in"]) * self.pps)
            rect.setWidth(drag["new"] * self.pps)
            painter.setPen(QPen(QColor("#4d9cff"), 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)


# -- the pane ---------------------------------------------------------------------------------------
class TimelinePane(QWidget):
    """The Timeline dock: a toolbar over the tracks; every edit is one undoable command."""

    record_requested = Signal(int)  # shot index
    play_toggled = Signal()

    def __init__(self, session: Session, playhead: Any, parent: QWidget | None = None,
                 refresh: bool = True):
        super().__init__(parent)
        self.session = session
        self.playhead = playhead
        self.cut = Cut()
        self.view = TimelineView(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.view)
        self.scroll.setWidgetResizable(True)
        # the track names are drawn at the visible left edge: a scroll repaints them there
        self.scroll.horizontalScrollBar().valueChanged.connect(lambda _v: self.view.update())
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setMinimumHeight(60)  # the dock may be short; the tracks then scroll
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.scroll, 1)
        self._wire()
        if refresh:  # else the owner shows its first plan (the window: after its first paint)
            self.refresh()

    def _build_toolbar(self) -> None:
        self.play_button = QPushButton(self.tr("Play"), self)
        self.clock = QLabel(self)
        self.zoom_out = QToolButton(self, text="−")
        self.zoom_in = QToolButton(self, text="+")
        self.music_volume = QDoubleSpinBox(self, minimum=-40.0, maximum=6.0, singleStep=1.0,
                                           decimals=0, suffix=self.tr(" dB"))
        self.music_volume.setToolTip(self.tr("Music level"))
        self.duck = QDoubleSpinBox(self, minimum=-40.0, maximum=0.0, singleStep=1.0, decimals=0,
                                   suffix=self.tr(" dB"))
        self.duck.setToolTip(self.tr("How far the music dips under a line"))
        self.record_button = QPushButton(self.tr("Record line…"), self)
        self.info = QLabel(self)
        self.info.setMaximumWidth(460)  # a long message (a plan error) stays in the bar
        # A tool bar folds what does not fit behind its » button, so the dock (and the
        # window) can be narrow.
        bar = QToolBar(self)
        bar.setIconSize(QSize(16, 16))
        for w in (self.play_button, self.clock, self.zoom_out, self.zoom_in):
            bar.addWidget(w)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Music") + " ", self))
        bar.addWidget(self.music_volume)
        self.duck_label = QLabel(" " + self.tr("Ducking") + " ", self)
        self.duck_actions = [bar.addWidget(self.duck_label), bar.addWidget(self.duck)]
        bar.addSeparator()
        bar.addWidget(self.record_button)
        bar.addWidget(self.info)
        self.toolbar = bar

    def _wire(self) -> None:
        v = self.view
        v.seek.connect(self.playhead.set)
        v.shot_clicked.connect(self._on_shot_clicked)
        v.move_requested.connect(self.move)
        v.duration_requested.connect(self.set_duration)
        v.trim_requested.connect(self.trim)
        v.transition_clicked.connect(self._transition_menu)
        v.subtitle_activated.connect(self.edit_subtitle)
        v.voice_activated.connect(self.record_requested.emit)
        v.context_requested.connect(self._context_menu)
        self.playhead.moved.connect(self._on_playhead)
        self.play_button.clicked.connect(self.play_toggled.emit)
        self.zoom_in.clicked.connect(lambda: v.set_zoom(v.pps * 1.25))
        self.zoom_out.clicked.connect(lambda: v.set_zoom(v.pps / 1.25))
        self.music_volume.editingFinished.connect(self._on_music_volume)
        self.duck.editingFinished.connect(self._on_duck)
        self.record_button.clicked.connect(self._record_selected)

    # -- showing ------------------------------------------------------------------------------
    def refresh(self, plan: Any | None = None) -> None:
        """Show the cut as the next run makes it (``plan``: a fresh plan, if one is at hand)."""
        try:
            self.cut = build_cut(self.session, plan)
        except Exception as exc:  # a graph that cannot be planned: say why, keep the last cut
            self.info.setText(str(exc))
            self.info.setToolTip(str(exc))
            return
        self.view.set_cut(self.cut)
        self.playhead.length = self.cut.duration
        self._show_settings()
        shots = len(self.cut.shots)
        self.info.setText(
            self.tr("%d shots, %.1f s") % (shots, self.cut.duration) if shots
            else self.tr("Run the script to lay the shots out here.")
        )
        self.record_button.setEnabled(bool(shots) and "voices" in self.cut.nodes)
        self._on_playhead(self.playhead.seconds)

    def _show_settings(self) -> None:
        s = self.cut.settings
        for spin, name in ((self.music_volume, "music_volume_db"), (self.duck, "duck_db")):
            spin.blockSignals(True)
            spin.setValue(float(s.get(name, 0.0)))
            spin.setEnabled(name in s)
            spin.blockSignals(False)
        for action in self.duck_actions:
            action.setVisible("duck_db" in s)

    def _on_playhead(self, seconds: float) -> None:
        self.view.playhead = seconds
        self.clock.setText(f"{seconds:5.1f} / {self.cut.duration:.1f} s")
        self.view.update()
        x = int(self.view.x_of(seconds))
        self.scroll.ensureVisible(x, 0, 60, 0)

    def set_playing(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def select_shot(self, index: int) -> None:
        self.view.selected = index
        self.view.update()

    def _on_shot_clicked(self, index: int) -> None:
        block = self.cut.shots[index]
        if not block.start <= self.playhead.seconds < block.end:
            self.playhead.set(block.start)

    # -- edits ------------------------------------------------------------------------------------
    def _apply(self, edit: Any, *args: Any, **kwargs: Any) -> bool:
        """Run one of ``nodes.shot_edits``' edits (one undo step); a refusal is shown."""
        try:
            edit(self.session.project, *args, **kwargs)
        except (ShotEditError, NodeError, GraphError) as exc:
            self.session.refused.emit(str(exc))
            return False
        return True

    def _shot_edit(self, index: int, **changes: Any) -> bool:
        if not 0 <= index < len(self.cut.shots):
            return False
        return self._apply(shot_edits.edit_shot, index + 1, shot_edits.ShotChanges(**changes))

    def move(self, index: int, to: int) -> bool:
        """Move shot ``index`` to position ``to`` (both 0-based)."""
        return self._apply(shot_edits.move_shot, index + 1, to + 1)

    def set_duration(self, index: int, seconds: float) -> bool:
        """Make shot ``index`` last ``seconds`` (re-cut only: nothing is generated again)."""
        return self._shot_edit(index, duration=round(seconds, 3))

    def trim(self, index: int, start: float, end: float) -> bool:
        """Play seconds ``start`` to ``end`` of shot ``index``'s clip."""
        return self._shot_edit(index, trim=(round(start, 3), round(end, 3)))

    def set_transition(self, index: int, kind: str) -> bool:
        """The transition at the cut after shot ``index``."""
        return self._shot_edit(index, transition=kind)

    def set_subtitles(self, index: int, cues: list[SubtitleEdit] | None) -> bool:
        """Shot ``index``'s subtitles (``None``: its line's own subtitle again)."""
        if cues is None:
            return self._shot_edit(index, reset_subtitles=True)
        return self._shot_edit(index, subtitles=list(cues))

    def set_music_volume(self, db: float) -> bool:
        return self._apply(shot_edits.edit_episode, music_volume_db=float(db))

    def set_ducking(self, db: float) -> bool:
        return self._apply(shot_edits.edit_episode, duck_db=float(db))

    def _on_music_volume(self) -> None:
        if abs(self.music_volume.value() - float(self.cut.settings.get("music_volume_db", 0))) > 1e-6:
            self.set_music_volume(self.music_volume.value())

    def _on_duck(self) -> None:
        if abs(self.duck.value() - float(self.cut.settings.get("duck_db", 0))) > 1e-6:
            self.set_ducking(self.duck.value())

    def edit_subtitle(self, index: int) -> None:
        """Open the subtitle editor on the shot subtitle ``index`` belongs to."""
        if not 0 <= index < len(self.cut.subtitles):
            return
        shot = self.cut.subtitles[index].shot
        block = self.cut.shots[shot]
        saved = (self.cut.settings.get("subtitle_edits") or {}).get(block.shot_id)
        rows = saved if saved is not None else [
            {"text": " ".join(c.text.split())} for c in self.cut.subtitles if c.shot == shot
        ]
        dialog = SubtitleDialog(shot + 1, block.shot.line, block.duration, rows, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.edited.connect(lambda cues: self.set_subtitles(shot, cues))
        self.subtitle_dialog = dialog
        dialog.open()

    # -- menus --------------------------------------------------------------------------------------
    def transition_names(self) -> dict[str, str]:
        return {"cut": self.tr("Cut"), "crossfade": self.tr("Crossfade"),
                "fade_black": self.tr("Fade through black"), "flash": self.tr("Flash")}

    def _transition_menu(self, index: int, where: QPoint) -> None:
        menu = self.transition_menu(index)
        menu.exec(where)

    def transition_menu(self, index: int) -> QMenu:
        menu = QMenu(self)
        current = self.cut.shots[index].transition
        for kind, name in self.transition_names().items():
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(kind == current)
            action.triggered.connect(lambda _=False, k=kind: self.set_transition(index, k))
        return menu

    def _context_menu(self, hit: Hit, where: QPoint) -> None:
        if hit.kind not in ("shot", "edge", "voice"):
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Record this line…"), lambda: self.record_requested.emit(hit.index))
        if hit.index < len(self.cut.shots) - 1:
            sub = self.transition_menu(hit.index)
            sub.setTitle(self.tr("Transition to the next shot"))
            menu.addMenu(sub)
        menu.exec(where)

    def _record_selected(self) -> None:
        index = self.view.selected if self.view.selected >= 0 else self.cut.shot_at(
            self.playhead.seconds)
        if self.cut.shots:
            self.record_requested.emit(index)
