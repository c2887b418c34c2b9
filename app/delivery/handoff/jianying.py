"""The cut as a JianYing (剪映) or CapCut draft folder.

Written by hand as the drafts' documented JSON (pyJianYingDraft's licence file is
Apache-2.0, but it needs libmediainfo and writes ``draft_content.json`` only, while
newer JianYing and CapCut read ``draft_info.json``): ``draft_content.json`` and an
identical ``draft_info.json``, ``draft_meta_info.json``, the media under ``media/``.
Times are whole microseconds. Tracks: the shots (video, with each clip's own sound at
its kept level), the voice lines and the music (audio, the music at the creator's
level), the subtitles and the AI label (text segments, editable, nothing burned in).
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any, Literal

from app.delivery.handoff.cut import HandoffCut, HandoffMedia, frames_to_us, seconds_to_us
from app.media.ffmpeg import probe

Flavour = Literal["jianying", "capcut"]
PLATFORM = {
    "jianying": {"app_id": 3704, "app_source": "lv", "app_version": "5.9.0", "os": "windows"},
    "capcut": {"app_id": 359289, "app_source": "cc", "app_version": "5.9.0", "os": "windows"},
}
SUBTITLE_Y = -0.72  # text position in half-canvas units from the centre (bottom: -1)
LABEL_XY = (-0.72, 0.86)  # the AI label in the top-left corner
LABEL_XY_BY_POSITION = {
    "top-left": (-0.72, 0.86), "top-right": (0.72, 0.86), "top-center": (0.0, 0.86),
    "bottom-left": (-0.72, -0.86), "bottom-right": (0.72, -0.86),
}


def _id() -> str:
    return str(uuid.uuid4()).upper()


class _Draft:
    """Materials and tracks of one draft, added to as the cut is read."""

    def __init__(self, cut: HandoffCut, flavour: Flavour):
        self.cut, self.flavour = cut, flavour
        self.materials: dict[str, list[dict[str, Any]]] = {
            k: [] for k in ("videos", "audios", "texts", "speeds", "canvases",
                            "sound_channel_mappings", "material_animations")
        }
        self.tracks: list[dict[str, Any]] = []

    def track(self, kind: str, name: str) -> list[dict[str, Any]]:
        segments: list[dict[str, Any]] = []
        self.tracks.append({
            "attribute": 0, "flag": 0, "id": _id(), "is_default_name": False, "name": name,
            "segments": segments, "type": kind,
        })
        return segments

    def speed(self) -> str:
        speed_id = _id()
        self.materials["speeds"].append(
            {"curve_speed": None, "id": speed_id, "mode": 0, "speed": 1.0, "type": "speed"})
        return speed_id

    def segment(self, material: str, start_us: int, length_us: int, source_us: int | None,
                volume: float = 1.0, clip: dict[str, Any] | None = None) -> dict[str, Any]:
        seg = {
            "id": _id(), "material_id": material,
            "target_timerange": {"start": start_us, "duration": length_us},
            "source_timerange": None if source_us is None
            else {"start": source_us, "duration": length_us},
            "speed": 1.0, "volume": volume, "visible": True, "reverse": False,
            "extra_material_refs": [self.speed()], "render_index": 0, "track_render_index": 0,
            "track_attribute": 0, "common_keyframes": [], "keyframe_refs": [],
            "is_tone_modify": False, "last_nonzero_volume": volume or 1.0,
            "enable_adjust": True, "uniform_scale": {"on": True, "value": 1.0},
            "clip": clip or _clip(0.0, 0.0),
        }
        return seg


def _clip(x: float, y: float) -> dict[str, Any]:
    return {"alpha": 1.0, "flip": {"horizontal": False, "vertical": False}, "rotation": 0.0,
            "scale": {"x": 1.0, "y": 1.0}, "transform": {"x": x, "y": y}}


def _db_to_volume(level_db: float) -> float:
    return round(10 ** (level_db / 20), 4)


def build_draft(
    cut: HandoffCut, media: HandoffMedia, name: str, flavour: Flavour = "jianying"
) -> dict[str, Any]:
    """``draft_content.json`` of ``cut`` (its media already in the draft folder)."""
    draft = _Draft(cut, flavour)
    _video_track(draft, media)
    _voice_track(draft, media)
    _music_track(draft, media)
    _text_track(draft, "subtitles", [(c.start, c.end, c.text) for c in cut.cues], (0.0, SUBTITLE_Y), 8.0)
    if cut.label is not None:
        seconds = cut.label.seconds or cut.frames / cut.fps
        xy = LABEL_XY_BY_POSITION.get(cut.label.position, LABEL_XY)
        _text_track(draft, "AI label", [(0.0, min(seconds, cut.frames / cut.fps), cut.label.text)],
                    xy, 6.0)
    now = int(time.time())
    return {
        "canvas_config": {"width": cut.width, "height": cut.height, "ratio": "original"},
        "color_space": 0, "config": {"maintrack_adsorb": True, "subtitle_sync": True,
                                     "video_mute": False},
        "create_time": now, "update_time": now,
        "duration": frames_to_us(cut.frames, cut.fps),
        "fps": float(cut.fps), "id": _id(), "name": name,
        "materials": draft.materials, "tracks": draft.tracks,
        "keyframes": {k: [] for k in ("adjusts", "audios", "effects", "filters", "handwrites",
                                      "stickers", "texts", "videos")},
        "platform": PLATFORM[flavour], "last_modified_platform": PLATFORM[flavour],
        "new_version": "110.0.0", "version": 360000, "source": "default",
        "relationships": [], "free_render_index_mode_on": False,
    }


def _video_track(draft: _Draft, media: HandoffMedia) -> None:
    cut = draft.cut
    segments = draft.track("video", "shots")
    for i, (shot, path) in enumerate(zip(cut.shots, media.shots, strict=True)):
        material = _id()
        draft.materials["videos"].append({
            "id": material, "material_id": material, "local_material_id": material,
            "type": "video", "path": str(path.resolve()), "material_name": path.name,
            "duration": frames_to_us(shot.frames, cut.fps), "width": cut.width,
            "height": cut.height, "category_name": "local", "check_flag": 63487,
            "crop_ratio": "free", "crop_scale": 1.0, "has_audio": shot.sound is not None,
        })
        first, frames = cut.visible(i)
        start = frames_to_us(cut.track_start(i), cut.fps)
        # Lengths from frame boundaries, so segments abut exactly in microseconds.
        length = frames_to_us(cut.track_start(i) + frames, cut.fps) - start
        volume = 1.0 if shot.sound is not None else 0.0
        segments.append(draft.segment(material, start, length, frames_to_us(first, cut.fps),
                                      volume))


def _voice_track(draft: _Draft, media: HandoffMedia) -> None:
    segments = draft.track("audio", "voices")
    for part, path in zip(draft.cut.voices, media.voices, strict=True):
        if path is None:
            continue
        material = _audio_material(draft, path)
        segments.append(draft.segment(material, seconds_to_us(part.start),
                                      seconds_to_us(part.duration), 0))


def _music_track(draft: _Draft, media: HandoffMedia) -> None:
    cut = draft.cut
    if media.music is None or cut.music is None:
        return
    segments = draft.track("audio", "music")
    material = _audio_material(draft, media.music)
    segments.append(draft.segment(material, 0, frames_to_us(cut.frames, cut.fps), 0,
                                  _db_to_volume(cut.music.volume_db)))


def _audio_material(draft: _Draft, path: Path) -> str:
    material = _id()
    draft.materials["audios"].append({
        "id": material, "music_id": material, "local_material_id": material,
        "type": "extract_music", "path": str(path.resolve()), "name": path.name,
        "duration": seconds_to_us(probe(path).duration), "category_name": "local",
        "check_flag": 3, "source_platform": 0, "wave_points": [],
    })
    return material


def _text_track(draft: _Draft, name: str, texts: list[tuple[float, float, str]],
                xy: tuple[float, float], size: float) -> None:
    if not texts:
        return
    segments = draft.track("text", name)
    for start, end, text in texts:
        material = _id()
        content = {"text": text, "styles": [{
            "range": [0, len(text)], "size": size, "bold": False, "italic": False,
            "underline": False,
            "fill": {"alpha": 1.0, "content": {"render_type": "solid",
                                               "solid": {"alpha": 1.0, "color": [1.0, 1.0, 1.0]}}},
            "strokes": [{"width": 0.08, "content": {"solid": {"alpha": 1.0,
                                                               "color": [0.0, 0.0, 0.0]}}}],
        }]}
        draft.materials["texts"].append({
            "id": material, "type": "text", "name": name,
            "content": json.dumps(content, ensure_ascii=False),
            "alignment": 1, "typesetting": 0, "line_feed": 1, "line_max_width": 0.82,
            "check_flag": 15, "text_size": 30, "font_size": size,
        })
        segments.append(draft.segment(material, seconds_to_us(start),
                                      seconds_to_us(end) - seconds_to_us(start), None,
                                      clip=_clip(*xy)))


def draft_meta(folder: Path, name: str, duration_us: int, draft_id: str) -> dict[str, Any]:
    """``draft_meta_info.json``: the draft's name, folder and length as the app lists it."""
    now = int(time.time() * 1_000_000)
    return {
        "draft_id": draft_id, "draft_name": name, "draft_fold_path": str(folder.resolve()),
        "draft_root_path": str(folder.resolve().parent), "tm_duration": duration_us,
        "tm_draft_create": now, "tm_draft_modified": now, "draft_removable_storage_device": "",
        "draft_materials": [{"type": t, "value": []} for t in (0, 1, 2, 3, 6, 7, 8)],
        "draft_cover": "", "draft_new_version": "",
    }


def write_draft(
    cut: HandoffCut, media: HandoffMedia, folder: Path, name: str, flavour: Flavour
) -> Path:
    """Write the draft's JSON files into ``folder`` (which holds ``media/`` already)."""
    content = build_draft(cut, media, name, flavour)
    text = json.dumps(content, ensure_ascii=False, indent=1)
    for file in ("draft_content.json", "draft_info.json"):
        _write(folder / file, text)
    meta = draft_meta(folder, name, content["duration"], content["id"])
    _write(folder / "draft_meta_info.json", json.dumps(meta, ensure_ascii=False, indent=1))
    return folder


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
