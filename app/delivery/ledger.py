"""An export's fingerprint ledger: per shot, the PDQ hashes of frames sampled over it,
and Chromaprint of the episode's mix.

The export makes it from the finished (not yet signed) MP4, or from the prints of its
segments (``segment_prints``, made as each segment is encoded and cached with it, so a
re-export fingerprints only what it encoded again), puts its hash in the signed
C2PA manifest (``org.shotgraph.fingerprints``), keeps it in the project
(``app.core.store.ledgers``) and writes it beside the saved MP4 as
``<episode>.fingerprints.json``. The sidecar is read back as untrusted input.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.core.store.ledgers import LEDGER_META, ledger_sha256
from app.delivery import fingerprint as fp
from app.delivery.fingerprint import FingerprintError

__all__ = ["LEDGER_META", "FingerprintError", "make_ledger", "ledger_reference",
           "segment_prints", "sound_prints", "episode_frame_prints"]

SCHEMA = "shotgraph.fingerprints/1"
SIDECAR_SCHEMA = "shotgraph.fingerprint-sidecar/1"
SIDECAR_SUFFIX = ".fingerprints.json"
MAX_SIDECAR_BYTES = 64 * 1024 * 1024
HEX256 = r"^[0-9a-f]{64}$"
HASHES_HEX = 3 * 64  # three PDQ hashes per frame view


class LedgerError(Exception):
    """A ledger or its sidecar is missing, unreadable or does not fit its export."""


class ShotPrints(BaseModel):
    """One shot: where it plays in the episode and its frames' PDQ hashes."""

    model_config = ConfigDict(extra="ignore")

    shot: int = Field(ge=1)
    start: float = Field(ge=0)
    duration: float = Field(gt=0)
    times: list[float] = Field(max_length=100_000)
    quality: list[int] = Field(max_length=100_000)
    colour_quality: list[int] = Field(max_length=100_000)
    full: list[str] = Field(max_length=100_000)  # PDQ of brightness, Lab a, Lab b
    zoom90: list[str] = Field(max_length=100_000)  # the same of the frame's centre

    @model_validator(mode="after")
    def _aligned(self) -> ShotPrints:
        count = len(self.times)
        columns = (self.quality, self.colour_quality, self.full, self.zoom90)
        if any(len(column) != count for column in columns):
            raise ValueError(f"shot {self.shot}: its frame lists differ in length")
        if any(len(h) != HASHES_HEX or not _is_hex(h) for h in self.full + self.zoom90):
            raise ValueError(f"shot {self.shot}: a frame's hashes are not {HASHES_HEX} hex digits")
        return self


class AudioPrints(BaseModel):
    """Chromaprint's raw fingerprint of the whole mix."""

    model_config = ConfigDict(extra="ignore")

    algorithm: str = "chromaprint"
    tool: str = ""
    item_s: float = Field(gt=0)
    prints: list[int] = Field(max_length=2_000_000)


class Ledger(BaseModel):
    """The fingerprints of one exported episode."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    schema_: str = Field(SCHEMA, alias="schema")
    episode: str = Field(max_length=200)
    created_at: str = ""
    duration: float = Field(ge=0)
    sample_every_s: float = Field(gt=0)
    video: str = "pdq-y-lab"
    shots: list[ShotPrints] = Field(max_length=10_000)
    audio: AudioPrints | None = None
    audio_note: str | None = None


class Sidecar(BaseModel):
    """``<episode>.fingerprints.json``: the ledger and the file it belongs to."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    schema_: str = Field(SIDECAR_SCHEMA, alias="schema")
    episode: str = Field(max_length=200)
    file: str = Field(default="", max_length=500)
    file_sha256: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")
    ledger_sha256: str = Field(pattern=HEX256)
    ledger: dict[str, Any]


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


# -- making ---------------------------------------------------------------------------
def make_ledger(
    mp4: Path | str,
    durations: Sequence[float],
    transition: str = "cut",
    crossfade_s: float = 0.5,
    created_at: str | None = None,
    cancel_event: threading.Event | None = None,
    episode: str = "episode",
    spans: Sequence[tuple[float, float]] | None = None,
    frames: Sequence[dict] | None = None,
    sound: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The ledger of an exported episode whose shots last ``durations`` seconds.

    ``frames``: the episode's sampled frames' prints already made (``episode_frame_prints``),
    ``sound``: its audio part already made (``sound_prints``); without them the picture
    and the sound of ``mp4`` are decoded and fingerprinted here.

    ``spans`` (``(start, duration)`` in seconds per shot) overrides the spans worked out
    from ``durations`` and one ``transition``: an export with a transition per cut
    passes its own. Raises ``FingerprintError`` when the picture cannot be read; a
    missing or failing ``fpcalc`` only leaves the audio part out, with ``audio_note``.
    """
    spans = list(spans) if spans else fp.shot_spans(durations, transition, crossfade_s)
    if frames is None:
        frames = fp.frame_prints(mp4, cancel_event)
    shots = fp.shot_prints(frames, spans)
    if sound is None:
        audio, note = _audio_part(mp4)
    else:
        audio = AudioPrints(**sound["audio"]) if sound["audio"] else None
        note = sound["note"]
    ledger = Ledger(
        episode=episode,
        created_at=created_at or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        duration=round(spans[-1][0] + spans[-1][1], 3) if spans else 0.0,
        sample_every_s=fp.SAMPLE_EVERY_S,
        shots=[ShotPrints(**shot) for shot in shots],
        audio=audio,
        audio_note=note,
    )
    return ledger.model_dump(mode="json", by_alias=True)


SEGMENT_PRINTS = "pdq-frames/1"  # versions the cached prints of a segment
SOUND_PRINTS = "chromaprint/1"  # and those of the mixed sound


def segment_prints(cancel_event: threading.Event | None = None) -> Any:
    """What the export makes from each segment it encodes (``app.media.export.Extra``):
    the prints of its frames sampled every ``SAMPLE_EVERY_S`` from its own start, as JSON."""
    from app.media.export import Extra

    def make(segment: Path, out: Path) -> None:
        out.write_text(json.dumps(fp.frame_prints(segment, cancel_event)), encoding="utf-8")

    return Extra(SEGMENT_PRINTS, "json", make, functools.partial(_read, "a segment"))


def sound_prints() -> Any:
    """What the export makes from its mixed sound (``app.media.export.Extra``): the audio
    part of the ledger (Chromaprint, or the note saying why there is none), as JSON."""
    from app.media.export import Extra

    def make(sound: Path, out: Path) -> None:
        prints, note = _audio_part(sound)
        part = {"audio": prints.model_dump(mode="json") if prints else None, "note": note}
        out.write_text(json.dumps(part), encoding="utf-8")

    # the tool's version is in the name: another fpcalc (or one installed since) prints again
    name = f"{SOUND_PRINTS} {fp.fpcalc_version() or 'none'}"
    return Extra(name, "json", make, functools.partial(_read, "the sound"))


def _read(what: str, path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FingerprintError(f"cannot read the prints of {what}: {exc}") from None


def episode_frame_prints(segments: Sequence[tuple[float, Sequence[dict]]]) -> list[dict]:
    """The episode's frame prints from its segments' (start in seconds, frame prints)."""
    return [{**frame, "time": round(start + frame["time"], 3)}
            for start, prints in segments for frame in prints]


def _audio_part(mp4: Path | str) -> tuple[AudioPrints | None, str | None]:
    if fp.fpcalc_path() is None:
        return None, fp.NO_FPCALC
    if not fp.has_audio(mp4):
        return None, "no audio fingerprint: the episode has no sound"
    try:
        prints = fp.audio_prints(mp4)[0]
    except fp.FingerprintError as exc:
        return None, f"no audio fingerprint: {exc}"
    return AudioPrints(tool=fp.fpcalc_version(), item_s=fp.CHROMAPRINT_ITEM_S, prints=prints), None


def ledger_reference(ledger: Mapping[str, Any]) -> dict[str, Any]:
    """What the signed C2PA manifest says about the ledger: its hash and what is in it."""
    audio = ledger.get("audio") or None
    return {
        "schema": ledger.get("schema", SCHEMA),
        "sha256": ledger_sha256(ledger),
        "video": ledger.get("video", "pdq-y-lab"),
        "audio": audio.get("algorithm") if isinstance(audio, Mapping) else None,
        "shots": len(ledger.get("shots") or []),
        "sidecar": "<episode>" + SIDECAR_SUFFIX,
    }


def parse_ledger(data: Mapping[str, Any], where: str) -> Ledger:
    """A ledger validated (from the project or a sidecar): ``LedgerError`` when malformed."""
    try:
        return Ledger.model_validate(dict(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(p) for p in first["loc"])
        raise LedgerError(
            f"the fingerprint ledger in {where} is malformed ({at}: {first['msg']})"
        ) from None


# -- the sidecar beside a saved export ------------------------------------------------
def sidecar_path(mp4: Path | str) -> Path:
    """``ep1.mp4`` -> ``ep1.fingerprints.json``."""
    return Path(mp4).with_suffix(SIDECAR_SUFFIX)


def write_sidecar(dest: Path | str, media: Any) -> list[Path]:
    """Write the ledger of the saved episode ``media`` beside ``dest``; [] when it has none."""
    ledger = (getattr(media, "meta", None) or {}).get(LEDGER_META)
    if not isinstance(ledger, Mapping):
        return []
    dest = Path(dest)
    sidecar = Sidecar(
        episode=dest.stem,
        file=dest.name,
        file_sha256=str(getattr(media, "hash", "") or ""),
        ledger_sha256=ledger_sha256(ledger),
        ledger=dict(ledger),
    )
    text = json.dumps(sidecar.model_dump(mode="json", by_alias=True), ensure_ascii=False)
    target = sidecar_path(dest)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [target]


def read_sidecar(path: Path | str) -> Sidecar:
    """The sidecar at ``path``, checked: its ledger must hash to what it says."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise LedgerError(f"{path.name} is larger than a fingerprint sidecar can be")
        raw = json.loads(path.read_text(encoding="utf-8"))
        sidecar = Sidecar.model_validate(raw)
    except FileNotFoundError:
        raise LedgerError(f"no fingerprint sidecar {path.name} beside the video") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LedgerError(f"cannot read {path.name}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise LedgerError(f"{path.name} is not a fingerprint sidecar ({first['msg']})") from None
    if ledger_sha256(sidecar.ledger) != sidecar.ledger_sha256:
        raise LedgerError(
            f"{path.name} was changed after export: its ledger no longer hashes to "
            f"{sidecar.ledger_sha256[:12]}…"
        )
    parse_ledger(sidecar.ledger, path.name)
    return sidecar
