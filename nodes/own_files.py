"""The creator's own files for single shots: footage, stills and recorded lines.

A file the creator picks for a shot is checked by the import functions of ``nodes.io``
(it must decode, within size limits), copied into the project's media store at once
(so the project keeps working when the original moves, and a shared project never reads
the recipient's disk), and referred to by its content hash from then on: the cache keys
on the file's bytes, not its path. Its meta says it is the creator's own material, which
the provenance record, the labels and C2PA report per shot (``app.delivery.provenance``).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Literal

from app.core.node_api import Media, MediaOut, NodeError, RunContext
from nodes.io import import_audio, import_image, import_video, source_file

OwnKind = Literal["clip", "still", "voice"]
WHAT = {"clip": "video file", "still": "image file", "voice": "recording"}
# Cache-entry key prefix that keeps an imported file alive until it is no longer chosen
# (``collect_garbage`` frees what no cache entry names).
KEEP_PREFIX = "own-file:"


def import_own_file(project: Any, path: Path | str, kind: OwnKind) -> Media:
    """Check ``path`` and copy it into ``project``'s media store; returns the stored file.

    Raises ``NodeError`` with a message naming the file when it is missing, is not the
    kind of media asked for, or is too large or long.
    """
    source = source_file(str(path), WHAT[kind])
    work = Path(tempfile.mkdtemp(prefix="own-", dir=project.artifacts.tmp_dir))
    try:
        ctx = RunContext(node_id="", temp_dir=work)
        made = _checked_copy(source, kind, ctx)
        meta = {**made.meta, **own_meta(kind)}
        stored = project.artifacts.put_file(made.path, made.path.suffix.lstrip("."), meta)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    project.artifacts.record(KEEP_PREFIX + stored.hash, "own-file", {"file": stored.hash})
    return stored


def _checked_copy(source: Path, kind: OwnKind, ctx: RunContext) -> MediaOut:
    if kind == "clip":
        return import_video(source, ctx)
    if kind == "still":
        return import_image(source, ctx)
    return import_audio(source, ctx, channels=1, name="recorded.wav")


def own_meta(kind: OwnKind) -> dict[str, Any]:
    """Meta that marks a file as the creator's own (not generated) material."""
    return {
        "imported": True,
        "own_material": True,
        "own_kind": kind,
        "provenance": {
            "node_type": "own_file",
            "origin": "creator",
            "made_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
    }


def own_media(ctx: RunContext, digest: str, what: str, shot_id: str) -> Media:
    """The stored file the creator chose as shot ``shot_id``'s ``what``."""
    if ctx.resolve_media is None:
        raise NodeError(f"cannot read your own {what} for shot {shot_id} here")
    try:
        return ctx.resolve_media(digest)
    except (FileNotFoundError, KeyError):
        raise NodeError(
            f"your own {what} for shot {shot_id} is no longer in the project's media "
            "folder: choose the file again (storyboard, or `shotgraph shot`)"
        ) from None


def is_own_material(media: Media | None) -> bool:
    """Whether a stored file is the creator's own footage, still or recording."""
    return bool(media is not None and media.meta.get("own_material"))
