"""The cut as an OpenTimelineIO timeline (``.otio``, which Resolve and Premiere import),
and as FCPXML through OTIO's ``fcpx_xml`` adapter.

Tracks: the shots on one video track (a crossfade is an SMPTE dissolve on the cut; a
fade through black or a flash is a marker naming it, as OTIO has no standard dip);
the voice lines on an audio track at their times; the music bed on another; the
subtitles as markers (and ``subtitles.srt`` beside, which every editor imports as
editable captions); the AI label as a marker spanning the time it shows.
"""

from __future__ import annotations

from pathlib import Path

from app.delivery.handoff import HandoffError
from app.delivery.handoff.cut import HandoffCut, HandoffMedia
from app.media.ffmpeg import probe


def _otio():
    try:
        import opentimelineio as otio
    except ImportError as exc:  # pinned in pyproject: a broken install
        raise HandoffError("OpenTimelineIO is not installed: pip install opentimelineio") from exc
    return otio


def build_timeline(cut: HandoffCut, media: HandoffMedia, name: str):
    """The OTIO ``Timeline`` of ``cut`` with its media in ``media``."""
    otio = _otio()
    rate = cut.fps

    def rt(frames: float):
        return otio.opentime.RationalTime(frames, rate)

    def span(start: float, frames: float):
        return otio.opentime.TimeRange(rt(start), rt(frames))

    timeline = otio.schema.Timeline(name=name, global_start_time=rt(0))
    video = otio.schema.Track(name="Shots", kind=otio.schema.TrackKind.Video)
    for i, (shot, path) in enumerate(zip(cut.shots, media.shots, strict=True)):
        if i > 0 and cut.transitions[i - 1].kind == "crossfade":
            t = cut.transitions[i - 1]
            video.append(otio.schema.Transition(
                name="crossfade", transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                in_offset=rt(t.tail // 2), out_offset=rt(t.tail - t.tail // 2),
            ))
        first, frames = cut.visible(i)
        clip = otio.schema.Clip(
            name=f"{i + 1:02d} {shot.id}",
            media_reference=_reference(otio, path, span(0, shot.frames)),
            source_range=span(first, frames),
            metadata={"shotgraph": {"shot": shot.id, "origin": shot.origin, "line": shot.line}},
        )
        if i < len(cut.transitions) and cut.transitions[i].kind in ("fade_black", "flash"):
            t = cut.transitions[i]
            clip.markers.append(otio.schema.Marker(
                name=f"{t.kind} into shot {i + 2} ({(t.tail + t.head) / rate:.2f} s)",
                marked_range=span(first + frames - t.tail, t.tail),
                metadata={"shotgraph": {"transition": t.kind, "tail": t.tail, "head": t.head}},
            ))
        video.append(clip)
    timeline.tracks.append(video)
    timeline.tracks.append(_voice_track(otio, cut, media, rt, span))
    if media.music is not None and cut.music is not None:
        music = otio.schema.Track(name="Music", kind=otio.schema.TrackKind.Audio)
        music.append(otio.schema.Clip(
            name="music", media_reference=_reference(otio, media.music, span(0, cut.frames)),
            source_range=span(0, cut.frames),
            metadata={"shotgraph": {"volume_db": cut.music.volume_db,
                                    "duck_db": cut.music.duck_db}},
        ))
        timeline.tracks.append(music)
    _markers(otio, timeline, cut, rt, span)
    return timeline


def _voice_track(otio, cut: HandoffCut, media: HandoffMedia, rt, span):
    track = otio.schema.Track(name="Voices", kind=otio.schema.TrackKind.Audio)
    at = 0.0
    for part, path in zip(cut.voices, media.voices, strict=True):
        if path is None:
            continue
        start, frames = part.start * cut.fps, part.duration * cut.fps
        if start > at:
            track.append(otio.schema.Gap(source_range=span(0, start - at)))
        length = max(frames, probe(path).duration * cut.fps)
        track.append(otio.schema.Clip(
            name=f"line {part.shot + 1}", media_reference=_reference(otio, path, span(0, length)),
            source_range=span(0, frames),
        ))
        at = start + frames
    return track


def _markers(otio, timeline, cut: HandoffCut, rt, span) -> None:
    stack = timeline.tracks
    for cue in cut.cues:
        stack.markers.append(otio.schema.Marker(
            name=cue.text.replace("\n", " "), color=otio.schema.MarkerColor.CYAN,
            marked_range=span(cue.start * cut.fps, (cue.end - cue.start) * cut.fps),
            metadata={"shotgraph": {"subtitle": cue.text}},
        ))
    if cut.label is not None:
        seconds = cut.label.seconds or cut.frames / cut.fps
        stack.markers.append(otio.schema.Marker(
            name=f"AI label: {cut.label.text} ({cut.label.position})",
            color=otio.schema.MarkerColor.RED,
            marked_range=span(0, min(cut.frames, seconds * cut.fps)),
            metadata={"shotgraph": {"ai_label": cut.label.model_dump()}},
        ))


def _reference(otio, path: Path, available):
    ref = otio.schema.ExternalReference(target_url=Path(path).resolve().as_uri())
    if available is not None:
        ref.available_range = available
    return ref


def write_otio(cut: HandoffCut, media: HandoffMedia, out: Path, name: str) -> Path:
    """Write ``cut`` as an ``.otio`` file at ``out``."""
    otio = _otio()
    otio.adapters.write_to_file(build_timeline(cut, media, name), str(out))
    return out


def write_fcpxml(cut: HandoffCut, media: HandoffMedia, out: Path, name: str) -> Path:
    """Write ``cut`` as FCPXML (Final Cut Pro, and Resolve's FCPXML import) at ``out``."""
    otio = _otio()
    if "fcpx_xml" not in otio.adapters.available_adapter_names():
        raise HandoffError("FCPXML needs OTIO's adapter: pip install otio-fcpx-xml-adapter")
    timeline = build_timeline(cut, media, name)
    # The adapter writes clips and gaps; markers on the stack and dissolves it cannot.
    timeline.tracks.markers.clear()
    for track in timeline.tracks:
        for item in list(track):
            if isinstance(item, otio.schema.Transition):
                track.remove(item)
    try:
        otio.adapters.write_to_file(timeline, str(out), adapter_name="fcpx_xml")
    except Exception as exc:  # the adapter raises its own types
        raise HandoffError(f"the FCPXML adapter could not write this cut: {exc}") from None
    return out
