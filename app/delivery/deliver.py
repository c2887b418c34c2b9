"""Saving a finished episode where the creator asked: MP4, SRT and provenance record.

Every file is written beside its destination and renamed into place, so a crash never
leaves a half-written MP4 under the name the creator chose. A destination that would
destroy something is refused before anything is written: the project file (or its WAL
and SHM), anything inside the project's media store, a folder, or an existing file that
is not a video. The episode's bytes are checked against its hash while they are copied.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from app.delivery.ledger import write_sidecar
from app.delivery.provenance import EPISODE_PROVENANCE, write_provenance

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov")
PROJECT_SUFFIX = ".shotgraph"
SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE = b"SQLite format 3\x00"
_BMFF_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip")
_CHUNK = 1 << 20


class ExportTargetError(OSError):
    """The export destination would overwrite something that must be kept (an ``OSError``,
    so callers that report failed writes report this too)."""


class DamagedEpisode(OSError):
    """The stored episode's bytes do not match its hash (it was changed on disk)."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def protected_files(project_folder: Path) -> list[Path]:
    """The project files an export must never replace (the SQLite file with WAL and SHM)."""
    found = []
    for db in Path(project_folder).glob(f"*{PROJECT_SUFFIX}"):
        found += [db, *(db.with_name(db.name + side) for side in SIDE_FILES)]
    return found


def check_export_target(dest: Path, project_folder: Path | None = None,
                        media_dir: Path | None = None) -> Path:
    """``dest`` resolved, or ``ExportTargetError`` saying why it must not be written."""
    dest = Path(dest).expanduser()
    resolved = dest.resolve()
    name = str(dest)
    if dest.is_dir():
        raise ExportTargetError(f"{name} is a folder; give the episode a file name, "
                                f"e.g. {dest / 'episode.mp4'}")
    if project_folder is not None:
        media_dir = media_dir or Path(project_folder) / "media"
        for kept in protected_files(Path(project_folder)):
            if resolved == kept.resolve() or _same_file(resolved, kept):
                raise ExportTargetError(f"{name} is the project file itself; export "
                                        "somewhere else, e.g. episode.mp4 beside it")
    if media_dir is not None and resolved.is_relative_to(Path(media_dir).resolve()):
        raise ExportTargetError(f"{name} is inside the project's media store, which "
                                "ShotGraph manages; export somewhere else")
    if resolved.suffix.lower() not in VIDEO_SUFFIXES:
        raise ExportTargetError(f"{name}: the episode is an MP4; name it with .mp4 "
                                f"(e.g. {dest.with_suffix('.mp4').name})")
    if resolved.exists():
        _check_replaceable(resolved, name)
    return resolved


def _check_replaceable(path: Path, name: str) -> None:
    """An existing file may only be replaced when it is a video (an earlier export)."""
    if not path.is_file():
        raise ExportTargetError(f"{name} exists and is not a regular file")
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(_SQLITE):
        raise ExportTargetError(f"{name} is a database (a project?); it is not replaced")
    if head and head[4:8] not in _BMFF_BOXES:
        raise ExportTargetError(f"{name} exists and is not a video; choose another name "
                                "or move it first")


def _atomic_copy(src: Path, dest: Path, expected_sha256: str | None = None) -> None:
    """Copy through a temp file beside ``dest``, checking the bytes' hash on the way."""
    tmp = dest.with_name(f".{dest.name}.part")
    digest = hashlib.sha256()
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            while chunk := fin.read(_CHUNK):
                digest.update(chunk)
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        if expected_sha256 and digest.hexdigest() != expected_sha256:
            raise DamagedEpisode(f"the stored episode {src.name} was changed on disk (its bytes "
                                 "no longer match its hash); run again to make it anew")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _atomic_write(text: str, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def provenance_path(dest: Path) -> Path:
    """``ep1.mp4`` -> ``ep1.provenance.json``."""
    return dest.with_suffix(".provenance.json")


def without_local_paths(value: Any) -> Any:
    """``value`` with every absolute local path reduced to its base name (the record is
    shared; the folders of the creator's machine are not)."""
    if isinstance(value, str):
        return _base_name(value)
    if isinstance(value, dict):
        return {k: without_local_paths(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_local_paths(v) for v in value]
    return value


def _base_name(text: str) -> str:
    """A string that is a local path (it starts at a folder of this machine, or at ``~/``
    or a drive letter) becomes its base name; any other text is kept."""
    if "\n" in text or len(text) > 4096:
        return text
    stripped = text.strip()
    parts = PurePosixPath(stripped).parts
    local = (
        stripped.startswith("~/")
        or (len(parts) >= 3 and parts[0] == "/" and Path("/", parts[1]).is_dir())
        or (len(stripped) > 3 and stripped[0].isalpha() and stripped[1:3] in (":\\", ":/"))
    )
    return PureWindowsPath(stripped).name if local else text


def save_episode(media: Any, dest: Path, keep: Iterable[Path] = ()) -> list[Path]:
    """Copy the episode MP4 to ``dest`` with its SRT and provenance record beside it.

    Refuses (``ExportTargetError``) a destination inside the project or one that is not
    a video; ``keep`` names more files that must not be replaced. Returns the files
    written, the MP4 first.
    """
    src = Path(media.path)
    media_dir = src.parent.parent  # media/<ab>/<hash>.mp4
    dest = check_export_target(dest, media_dir.parent, media_dir)
    for kept in keep:
        if _same_file(dest, Path(kept)) or dest == Path(kept).resolve():
            raise ExportTargetError(f"{dest} must not be replaced")
    dest.parent.mkdir(parents=True, exist_ok=True)
    meta = media.meta or {}
    _atomic_copy(src, dest, getattr(media, "hash", None))
    written = [dest]
    srt = meta.get("srt")
    if isinstance(srt, str) and srt.strip():
        srt_path = dest.with_suffix(".srt")
        _atomic_write(srt, srt_path)
        written.append(srt_path)
    record = meta.get(EPISODE_PROVENANCE)
    if isinstance(record, dict):
        record = without_local_paths({**record, "episode": dest.stem})
        written.append(write_provenance(provenance_path(dest), record))
    written += write_sidecar(dest, media)  # the fingerprint ledger, when the export has one
    return written
