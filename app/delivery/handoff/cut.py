"""The episode's cut as a hand-off reads it, and the media files it is made of.

``HandoffCut`` validates the ``timeline`` meta an export stored (a trust boundary: it
comes back from the project file). ``gather_media`` writes the files the editors link
to into the hand-off folder: each shot's picture alone (rendered like the episode's,
cached in the project), each voice line as placed (sped up where the export sped it
up), and the music bed looped to the episode's length.
"""

from __future__ import annotations

import shutil
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.node_api import Media
from app.delivery.handoff import HandoffError
from app.media import export as ex
from app.media.ffmpeg import decode_audio
from app.media.kenburns import KenBurnsSource
from app.media.mix import RATE, fit_music

Resolve = Callable[[str], Media]
Derive = Callable[[dict[str, Any], str, Callable[[Path], None]], Path]
HANDOFF_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ShotPart(_Model):
    id: str
    start: int = Field(ge=0)
    frames: int = Field(ge=1)
    clip: str
    still: str | None = None
    origin: str = "unknown"
    line: str = ""
    speaker: str = ""
    kenburns: dict[str, Any] | None = None
    source: dict[str, Any] | None = None
    sound: dict[str, Any] | None = None


class TransitionPart(_Model):
    kind: str = "cut"
    tail: int = 0
    head: int = 0


class VoicePart(_Model):
    shot: int
    voice: str | None
    start: float
    duration: float
    tempo: float = 1.0


class MusicPart(_Model):
    hash: str
    volume_db: float = -6.0
    duck_db: float = -10.0


class CuePart(_Model):
    start: float
    end: float
    text: str
    shot: int = 0


class LabelPart(_Model):
    text: str
    position: str = "top-left"
    seconds: float = 0.0


class HandoffCut(_Model):
    """An exported episode's cut, in frames at ``fps`` (times of voices and cues in s)."""

    fps: int = 30
    frames: int
    width: int = 1080
    height: int = 1920
    shots: list[ShotPart]
    transitions: list[TransitionPart] = Field(default_factory=list)
    voices: list[VoicePart] = Field(default_factory=list)
    music: MusicPart | None = None
    cues: list[CuePart] = Field(default_factory=list)
    label: LabelPart | None = None

    @classmethod
    def from_meta(cls, meta: dict[str, Any] | None) -> HandoffCut:
        """The cut stored on an exported episode; ``HandoffError`` if there is none."""
        if not isinstance(meta, dict):
            raise HandoffError(
                "this export holds no cut to hand off (it was made by an older ShotGraph): "
                "run the project again, then hand it off"
            )
        try:
            return cls.model_validate(meta)
        except ValidationError as exc:
            raise HandoffError(f"the export's cut is unreadable: {exc.errors()[0]['msg']}") from None

    def visible(self, i: int) -> tuple[int, int]:
        """(first frame, frame count) of shot ``i``'s own media shown on a single video
        track: a crossfade is split at its middle, as an editor's dissolve sits on the cut."""
        shot = self.shots[i]
        before = self.transitions[i - 1] if i > 0 else TransitionPart()
        after = self.transitions[i] if i < len(self.transitions) else TransitionPart()
        lead = before.tail // 2 if before.kind == "crossfade" else 0
        cut = after.tail - after.tail // 2 if after.kind == "crossfade" else 0
        return lead, shot.frames - lead - cut

    def track_start(self, i: int) -> int:
        """The frame at which shot ``i`` starts on a single video track."""
        return sum(self.visible(k)[1] for k in range(i))


@dataclass
class HandoffMedia:
    """The files of a hand-off, inside its folder."""

    shots: list[Path]
    voices: list[Path | None]  # one per ``HandoffCut.voices`` entry
    music: Path | None
    srt: Path


def gather_media(
    cut: HandoffCut,
    folder: Path,
    resolve: Resolve,
    derive: Derive,
    srt_text: str,
    on_progress: Callable[[float, str], None] | None = None,
    cancel_event: threading.Event | None = None,
) -> HandoffMedia:
    """Write the media of ``cut`` into ``folder/media`` (made if needed)."""
    report = on_progress or (lambda fraction, message: None)
    media_dir = folder / "media"
    media_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    for i, shot in enumerate(cut.shots):
        report(i / (len(cut.shots) + 2), f"shot {i + 1}/{len(cut.shots)}")
        made = shot_media(cut, shot, resolve, derive, cancel_event)
        shots.append(_copy(made, media_dir / f"shot{i + 1:02d}_{shot.id}.mp4"))
    voices: list[Path | None] = []
    for part in cut.voices:
        voices.append(_voice_file(cut, part, resolve, derive, media_dir))
    report(len(cut.shots) / (len(cut.shots) + 2), "music")
    music = _music_bed(cut, resolve, media_dir) if cut.music else None
    srt = folder / "subtitles.srt"
    srt.write_text(srt_text, encoding="utf-8")
    report(1.0, "media written")
    return HandoffMedia(shots, voices, music, srt)


def shot_media(
    cut: HandoffCut, shot: ShotPart, resolve: Resolve, derive: Derive,
    cancel_event: threading.Event | None = None,
) -> Path:
    """Shot ``shot``'s picture alone (with its clip's kept sound), cached in the project."""
    clip = resolve(shot.clip)
    settings = ex.ExportSettings(width=cut.width, height=cut.height, fps=cut.fps)
    if shot.kenburns is not None:
        if not shot.still:
            raise HandoffError(f"shot {shot.id}: the still its clip was made from is missing")
        recipe = dict(shot.kenburns["recipe"])
        start = int(shot.kenburns.get("start_frame") or 0)
        source: ex.FrameSource = KenBurnsSource(
            resolve(shot.still).path, recipe, recipe["duration"] - start / cut.fps, start / cut.fps
        )
    else:
        given = shot.source or {}
        source = ex.ClipSource(clip.path, clip.hash, float(given.get("start_s") or 0.0),
                               str(given.get("fit") or "pad"))
    sound = None
    if shot.sound is not None:
        sound = ex.ClipSound(clip.path, clip.hash, float(shot.sound.get("start_s") or 0.0),
                             float(shot.sound.get("gain_db") or 0.0))
    key = {
        "what": "handoff-shot", "version": HANDOFF_VERSION, "source": source.key,
        "frames": shot.frames, "sound": [sound.hash, sound.start_s, sound.gain_db] if sound else None,
        "picture": [cut.width, cut.height, cut.fps],
    }
    return derive(key, "mp4", lambda out: ex.export_shot(
        source, shot.frames, out, sound, settings, cancel_event))


def _voice_file(
    cut: HandoffCut, part: VoicePart, resolve: Resolve, derive: Derive, media_dir: Path
) -> Path | None:
    if not part.voice:
        return None
    voice = resolve(part.voice)
    path = voice.path
    if part.tempo != 1.0:
        key = {"what": "voice-tempo", "voice": voice.hash, "tempo": part.tempo}
        path = derive(key, "wav", lambda out: ex.voice_at_tempo(voice.path, out, part.tempo))
    shot_id = cut.shots[part.shot].id if part.shot < len(cut.shots) else str(part.shot)
    return _copy(path, media_dir / f"voice{part.shot + 1:02d}_{shot_id}{path.suffix}")


def _music_bed(cut: HandoffCut, resolve: Resolve, media_dir: Path) -> Path:
    """The music looped or cut to the episode and faded out, at full level (the editor's
    track volume carries the creator's music level)."""
    assert cut.music is not None
    samples = fit_music(decode_audio(resolve(cut.music.hash).path, RATE, 2),
                        round(cut.frames / cut.fps * RATE))
    out = media_dir / "music.wav"
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return out


def _copy(src: Path, dst: Path) -> Path:
    tmp = dst.with_name(f".{dst.name}.part")
    shutil.copyfile(src, tmp)
    tmp.replace(dst)
    return dst


def seconds_to_us(seconds: float) -> int:
    """Seconds as whole microseconds (JianYing's and CapCut's time unit)."""
    return round(seconds * 1_000_000)


def frames_to_us(frames: int, fps: int) -> int:
    """A frame count at ``fps`` as whole microseconds."""
    return round(frames * 1_000_000 / fps)
