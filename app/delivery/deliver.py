"""Saving a finished episode where the creator asked: MP4, SRT and provenance record.

Every file is written beside its destination and renamed into place, so a crash never
leaves a half-written MP4 under the name the creator chose.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from app.delivery.ledger import write_sidecar
from app.delivery.provenance import EPISODE_PROVENANCE, write_provenance


def _atomic_copy(src: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        shutil.copyfile(src, tmp)
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


def save_episode(media: Any, dest: Path) -> list[Path]:
    """Copy the episode MP4 to ``dest`` with its SRT and provenance record beside it.

    Returns the files written, the MP4 first.
    """
    dest = Path(dest).resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    meta = media.meta or {}
    _atomic_copy(Path(media.path), dest)
    written = [dest]
    srt = meta.get("srt")
    if isinstance(srt, str) and srt.strip():
        srt_path = dest.with_suffix(".srt")
        _atomic_write(srt, srt_path)
        written.append(srt_path)
    record = meta.get(EPISODE_PROVENANCE)
    if isinstance(record, dict):
        record = {**record, "episode": dest.stem}
        written.append(write_provenance(provenance_path(dest), record))
    written += write_sidecar(dest, media)  # the fingerprint ledger, when the export has one
    return written
