"""What ``shotgraph match`` looks for: the ledgers of a project, a series folder, or an
exported MP4 with its sidecar, as ``Reference``s.

Everything here is read as untrusted input: sidecars are validated and must hash to the
ledger hash they carry; an MP4's signed C2PA manifest is checked to name that hash.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app.core.store.database import connect
from app.core.store.ledgers import stored_ledgers
from app.core.store.models import ArtifactRow, ProjectRow
from app.core.store.project import MEDIA, SUFFIX, ProjectError, project_file
from app.delivery.labels import LabelError, read_labels
from app.delivery.ledger import (
    SIDECAR_SUFFIX,
    LedgerError,
    parse_ledger,
    read_sidecar,
    sidecar_path,
)
from app.delivery.match import Reference

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov")
SERIES_DEPTH = 2  # a series folder holds episode folders holding projects and exports


def load_references(path: Path | str) -> list[Reference]:
    """The references at ``path``: an MP4 (with its sidecar), a sidecar, a project (file
    or folder), or a series folder of those. Raises ``LedgerError`` saying what is wrong."""
    path = Path(path)
    if not path.exists():
        raise LedgerError(f"no such file or folder: {path}")
    if path.is_file():
        if path.suffix == SUFFIX:
            return project_references(path)
        if path.name.endswith(SIDECAR_SUFFIX):
            return [sidecar_reference(path)]
        if path.suffix.lower() in VIDEO_SUFFIXES:
            return [export_reference(path)]
        raise LedgerError(
            f"{path.name} is not a project, a series folder, an exported video or its "
            f"{SIDECAR_SUFFIX}"
        )
    if any(path.glob(f"*{SUFFIX}")):
        return project_references(_one_project(path))
    return series_references(path)


def _one_project(folder: Path) -> Path:
    try:
        return project_file(folder)
    except ProjectError as exc:
        raise LedgerError(str(exc)) from None


def export_reference(mp4: Path) -> Reference:
    """An exported MP4 and the ledger in its sidecar, checked against its C2PA manifest."""
    sidecar = sidecar_path(mp4)
    if not sidecar.is_file():
        raise LedgerError(
            f"{mp4.name} has no fingerprint sidecar beside it ({sidecar.name}); export the "
            "episode again with this ShotGraph, or give the project instead"
        )
    reference = sidecar_reference(sidecar)
    reference.video = mp4
    return reference


def sidecar_reference(sidecar: Path) -> Reference:
    """The ledger in a ``.fingerprints.json``; its MP4, when beside it, for the frames."""
    read = read_sidecar(sidecar)
    ledger = parse_ledger(read.ledger, sidecar.name)
    mp4 = sidecar.parent / read.file if read.file else None
    if mp4 is not None and (mp4.parent != sidecar.parent or not mp4.is_file()):
        mp4 = None
    reference = Reference(ledger, read.ledger_sha256, read.episode, sidecar, mp4,
                          read.file_sha256 or None)
    if mp4 is not None:
        reference.notes += signed_ledger_notes(mp4, read.ledger_sha256)
    return reference


def signed_ledger_notes(mp4: Path, ledger_sha256: str) -> list[str]:
    """What is wrong with the link between ``mp4``'s signed manifest and the ledger."""
    try:
        report = read_labels(mp4)
    except LabelError as exc:
        return [f"{mp4.name}: its labels cannot be read ({exc})"]
    manifest = report.manifest
    if manifest is None:
        return [f"{mp4.name} has no C2PA manifest: the ledger is not tied to a signed file"]
    signed = (manifest.fingerprints or {}).get("sha256")
    if signed is None:
        return [f"{mp4.name}'s C2PA manifest names no fingerprint ledger"]
    if signed != ledger_sha256:
        return [f"{mp4.name}'s C2PA manifest names another ledger ({signed[:12]}…)"]
    if not manifest.valid:
        return [f"{mp4.name}'s C2PA manifest does not validate: the file was changed"]
    return []


def project_references(db_path: Path) -> list[Reference]:
    """Every ledger a project's exports left, with the exported MP4 while it is stored."""
    engine = connect(db_path)
    try:
        if not inspect(engine).has_table("fingerprint_ledger"):
            return []
        with Session(engine) as session:
            row = session.get(ProjectRow, 1)
            name = row.name if row else db_path.stem
        found = []
        for sha, file_hash, raw in stored_ledgers(engine):
            ledger = parse_ledger(raw, db_path.name)
            video = _stored_file(engine, db_path.parent / MEDIA, file_hash)
            found.append(Reference(ledger, sha, name, db_path, video, file_hash))
        return found
    finally:
        engine.dispose()


def _stored_file(engine, media: Path, file_hash: str) -> Path | None:
    with Session(engine) as session:
        rel = session.scalar(select(ArtifactRow.path).where(ArtifactRow.hash == file_hash))
    if rel is None:
        return None
    path = media / rel
    return path if path.is_file() else None


def series_references(folder: Path) -> list[Reference]:
    """The ledgers of every project and every exported sidecar under ``folder``."""
    found: dict[str, Reference] = {}
    problems: list[str] = []
    for depth in range(1, SERIES_DEPTH + 1):
        pattern = "/".join(["*"] * depth)
        for db in sorted(folder.glob(f"{pattern}{SUFFIX}")):
            for ref in project_references(db):
                found.setdefault(ref.ledger_sha256, ref)
    for depth in range(0, SERIES_DEPTH + 1):
        pattern = "/".join(["*"] * depth + [f"*{SIDECAR_SUFFIX}"])
        for sidecar in sorted(folder.glob(pattern)):
            try:
                ref = sidecar_reference(sidecar)
            except LedgerError as exc:
                problems.append(str(exc))
                continue
            known = found.get(ref.ledger_sha256)
            if known is None:
                found[ref.ledger_sha256] = ref
            elif known.video is None:
                known.video = ref.video
    if not found and problems:
        raise LedgerError(problems[0])
    return list(found.values())
