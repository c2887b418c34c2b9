"""Timeline maths for an episode: where shots, transitions, voices and subtitles sit.

Pure functions, no I/O. Times are kept in whole frames (at the episode's frame rate)
so segments joined end to end add up exactly; seconds are derived from frames.

Each cut between two shots has its own transition (``TRANSITIONS``). A crossfade of
``d`` overlaps two shots by ``d``: the episode is shorter than the sum of the shots by
``d`` per crossfade, and every shot is still on screen (partly fading) for its full
duration. A dip (fade through black, or a white flash) does not overlap: the outgoing
shot's last frames fade to the colour and the incoming shot's first frames fade from it.
Every transition is a segment of its own; the shot bodies on either side are trimmed by
it, so changing one cut re-renders that cut and the two bodies beside it only.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

FPS = 30
TRANSITIONS = ("cut", "crossfade", "fade_black", "flash")
DIP_COLOURS = {"fade_black": "black", "flash": "white"}
VOICE_LEAD_S = 0.2  # a line starts a moment after its shot does
VOICE_GAP_S = 0.1  # the least silence between two lines
SUBTITLE_HOLD_S = 0.4  # a subtitle stays this long after its line ends
MAX_SUBTITLE_LINES = 2
# Average advance of a glyph as a fraction of the font size.
GLYPH_WIDTH = {"en": 0.52, "zh": 1.0}
NO_LINE_START = "，。！？、；：,.!?;:）」』”’)"


@dataclass(frozen=True)
class ShotSpan:
    """Where one shot sits on the episode timeline, in frames."""

    index: int
    start: int
    frames: int

    @property
    def end(self) -> int:
        return self.start + self.frames


@dataclass(frozen=True)
class Transition:
    """The cut after one shot: its kind and how many frames it takes of each side.

    A crossfade overlaps ``head`` (= ``tail``) frames of both shots; a dip takes the
    outgoing shot's last ``tail`` frames and the incoming shot's first ``head`` frames.
    """

    kind: str = "cut"
    tail: int = 0
    head: int = 0

    @property
    def overlap(self) -> int:
        return self.tail if self.kind == "crossfade" else 0


@dataclass(frozen=True)
class Segment:
    """A piece of the episode encoded on its own.

    ``kind == "body"``: frames ``offset .. offset+frames`` of shot ``shot``.
    ``kind == "crossfade"``: the last ``frames`` of shot ``shot`` blended into the
    first ``frames`` of shot ``shot + 1`` (``offset`` is where they start in ``shot``).
    ``kind == "dip"``: the last ``tail`` frames of shot ``shot`` fading to ``colour``,
    then the first ``frames - tail`` frames of shot ``shot + 1`` fading from it.
    """

    kind: str
    shot: int
    start: int
    frames: int
    offset: int
    tail: int = 0
    colour: str = ""

    @property
    def end(self) -> int:
        return self.start + self.frames


@dataclass(frozen=True)
class VoicePlacement:
    """Where a voice line plays, in seconds; ``duration`` may be trimmed to fit."""

    shot: int
    start: float
    duration: float
    trimmed: bool = False
    tempo: float = 1.0  # > 1: sped up to fit before the next line (the file is not)

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class Cue:
    """One subtitle: its time on the episode and its text, already wrapped."""

    shot: int
    start: float
    end: float
    text: str
    speaker: str = ""


def to_frames(seconds: float, fps: int = FPS) -> int:
    """``seconds`` as a whole number of frames (at least one)."""
    return max(1, round(seconds * fps))


def crossfade_frames(
    durations: Sequence[float], transition: str, crossfade_s: float, fps: int = FPS
) -> list[int]:
    """Frames of overlap after each shot but the last (0 for a cut).

    A crossfade never takes more than a third of either shot it joins.
    """
    if transition != "crossfade":
        return [0] * max(0, len(durations) - 1)
    wanted = to_frames(crossfade_s, fps)
    return [
        max(1, min(wanted, to_frames(a, fps) // 3, to_frames(b, fps) // 3))
        for a, b in zip(durations[:-1], durations[1:], strict=True)
    ]


def transitions(
    durations: Sequence[float],
    cuts: Sequence[tuple[str, float]],
    fps: int = FPS,
) -> list[Transition]:
    """The transition after each shot but the last, from ``(kind, seconds)`` per cut.

    A transition never takes more than a third of either shot it joins.
    """
    out: list[Transition] = []
    for a, b, (kind, seconds) in zip(durations[:-1], durations[1:], cuts, strict=False):
        if kind not in TRANSITIONS:
            raise ValueError(f"unknown transition {kind!r}: use one of {', '.join(TRANSITIONS)}")
        if kind == "cut":
            out.append(Transition())
            continue
        room_a, room_b = to_frames(a, fps) // 3, to_frames(b, fps) // 3
        wanted = to_frames(seconds, fps)
        if kind == "crossfade":
            frames = max(1, min(wanted, room_a, room_b))
            out.append(Transition(kind, frames, frames))
        else:
            tail = max(1, min(wanted // 2, room_a))
            head = max(1, min(wanted - wanted // 2, room_b))
            out.append(Transition(kind, tail, head))
    out += [Transition()] * (max(0, len(durations) - 1) - len(out))
    return out


def shot_spans(
    durations: Sequence[float], overlaps: Sequence[int | Transition], fps: int = FPS
) -> list[ShotSpan]:
    """Each shot's start and length on the episode, given the overlaps between shots."""
    spans: list[ShotSpan] = []
    start = 0
    for i, seconds in enumerate(durations):
        frames = to_frames(seconds, fps)
        spans.append(ShotSpan(i, start, frames))
        cut = overlaps[i] if i < len(overlaps) else 0
        start += frames - (cut.overlap if isinstance(cut, Transition) else cut)
    return spans


def episode_frames(spans: Sequence[ShotSpan]) -> int:
    """Length of the episode in frames."""
    return max((s.end for s in spans), default=0)


def segment_plan(
    spans: Sequence[ShotSpan], overlaps: Sequence[int | Transition]
) -> list[Segment]:
    """The segments in play order: each shot's body, and a segment per transition.

    ``overlaps`` holds a ``Transition`` per cut (or, as before, crossfade frames).
    """
    cuts = [t if isinstance(t, Transition) else _crossfade(t) for t in overlaps]
    plan: list[Segment] = []
    for i, span in enumerate(spans):
        head = cuts[i - 1].head if i > 0 else 0
        cut = cuts[i] if i < len(cuts) else Transition()
        body = span.frames - head - cut.tail
        if body > 0:
            plan.append(Segment("body", i, span.start + head, body, head))
        if cut.kind == "crossfade":
            plan.append(Segment("crossfade", i, span.end - cut.tail, cut.tail,
                                span.frames - cut.tail))
        elif cut.kind in DIP_COLOURS:
            plan.append(Segment("dip", i, span.end - cut.tail, cut.tail + cut.head,
                                span.frames - cut.tail, cut.tail, DIP_COLOURS[cut.kind]))
    return plan


def _crossfade(frames: int) -> Transition:
    return Transition("crossfade", frames, frames) if frames else Transition()


def place_voices(
    spans: Sequence[ShotSpan],
    voice_durations: Sequence[float | None],
    fps: int = FPS,
    lead_s: float = VOICE_LEAD_S,
    gap_s: float = VOICE_GAP_S,
    max_tempo: float = 1.0,
) -> list[VoicePlacement]:
    """When each shot's line plays: ``lead_s`` after its shot starts, trimmed so it
    ends ``gap_s`` before the next line and before the episode ends. ``None`` = no line.

    A line that would overrun is first sped up, by at most ``max_tempo``; only what is
    still too long after that is cut.
    """
    episode_end = episode_frames(spans) / fps
    starts = [s.start / fps + lead_s for s in spans]
    placed: list[VoicePlacement] = []
    for i, duration in enumerate(voice_durations):
        if not duration or duration <= 0:
            continue
        later = [starts[j] for j in range(i + 1, len(spans)) if voice_durations[j]]
        limit = min([episode_end, *[t - gap_s for t in later[:1]]])
        room = max(0.0, limit - starts[i])
        if room <= 0.05:
            continue
        tempo = min(max_tempo, max(1.0, duration / room))
        tempo = 1.0 if tempo < 1.01 else round(tempo, 3)
        length = duration / tempo
        placed.append(VoicePlacement(i, starts[i], min(length, room), length > room + 1e-3,
                                     tempo))
    return placed


def subtitle_cues(
    spans: Sequence[ShotSpan],
    lines: Sequence[tuple[str, str, str]],
    voices: Sequence[VoicePlacement],
    chars_per_line: dict[str, int],
    fps: int = FPS,
    edits: dict[int, Sequence[CueEdit]] | None = None,
) -> list[Cue]:
    """Subtitles for each shot's line: ``lines[i] = (text, language, speaker)``.

    A cue follows its voice (held a little after it ends) or, without a voice, spans
    its shot; it never overlaps the next cue. Text longer than two wrapped lines is
    split into several cues, timed by length. ``edits[i]`` replaces shot ``i``'s cues
    with the creator's own (text, split and timing; see ``CueEdit``), the script untouched.
    """
    by_shot = {v.shot: v for v in voices}
    edits = edits or {}
    timed: list[tuple[int, float, float, str, str, str]] = []
    for i, (text, language, speaker) in enumerate(lines):
        voice = by_shot.get(i)
        span = spans[i]
        start = voice.start if voice else span.start / fps + VOICE_LEAD_S
        end = voice.end + SUBTITLE_HOLD_S if voice else span.end / fps - VOICE_GAP_S
        if i in edits:
            shot_start, shot_end = span.start / fps, span.end / fps
            for a, b, words in edited_cues(edits[i], start, end, shot_start, shot_end):
                timed.append((i, a, b, words, language, speaker))
            continue
        if not text.strip():
            continue
        timed.append((i, start, end, text.strip(), language, speaker))
    cues: list[Cue] = []
    episode_end = episode_frames(spans) / fps
    for n, (i, start, end, text, language, speaker) in enumerate(timed):
        limit = timed[n + 1][1] - 0.05 if n + 1 < len(timed) else episode_end
        end = min(end, limit)
        if end - start < 0.1:
            continue
        width = chars_per_line.get(language, chars_per_line.get("en", 30))
        cues += _split_cue(i, start, end, wrap_lines(text, language, width), speaker)
    return cues


@dataclass(frozen=True)
class CueEdit:
    """A subtitle the creator wrote for a shot: its text and, optionally, its timing in
    seconds from the start of the shot (``None``: timed by length within the line)."""

    text: str
    start: float | None = None
    end: float | None = None


def edited_cues(
    cues: Sequence[CueEdit], start: float, end: float, shot_start: float, shot_end: float
) -> list[tuple[float, float, str]]:
    """The creator's cues of one shot on the episode timeline, in order.

    Untimed cues share the line's window (``start .. end``) by length; timed ones are
    placed from the shot's start and kept within the shot.
    """
    untimed = [c for c in cues if c.start is None or c.end is None]
    weights = [max(1, len(c.text.strip())) for c in untimed]
    t, total, out = start, sum(weights) or 1, []
    for cue in cues:
        if cue.start is None or cue.end is None:
            t_end = t + (end - start) * max(1, len(cue.text.strip())) / total
            a, b, t = t, t_end, t_end
        else:
            a = min(shot_end, shot_start + cue.start)
            b = min(shot_end, shot_start + cue.end)
        if cue.text.strip() and b - a >= 0.1:
            out.append((round(a, 3), round(b, 3), cue.text.strip()))
    return sorted(out)


def _split_cue(shot: int, start: float, end: float, lines: list[str], speaker: str) -> list[Cue]:
    chunks = [lines[k : k + MAX_SUBTITLE_LINES] for k in range(0, len(lines), MAX_SUBTITLE_LINES)]
    weights = [sum(len(line) for line in chunk) or 1 for chunk in chunks]
    total, t, cues = sum(weights), start, []
    for chunk, weight in zip(chunks, weights, strict=True):
        t_end = t + (end - start) * weight / total
        cues.append(Cue(shot, round(t, 3), round(t_end, 3), "\n".join(chunk), speaker))
        t = t_end
    return cues


def chars_per_line(language: str, font_px: int, width_px: float) -> int:
    """How many characters of ``language`` fit across ``width_px`` at ``font_px``."""
    return max(4, math.floor(width_px / (font_px * GLYPH_WIDTH.get(language, 0.52))))


def wrap_lines(text: str, language: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters.

    English breaks between words; Chinese between characters, never starting a line
    with closing punctuation.
    """
    text = " ".join(text.split())
    if language != "zh":
        return textwrap.wrap(text, width, break_long_words=True) or [""]
    lines: list[str] = []
    current = ""
    for char in text:
        if len(current) >= width and char not in NO_LINE_START:
            lines.append(current.strip())
            current = ""
        current += char
    if current.strip():
        lines.append(current.strip())
    return lines or [""]
