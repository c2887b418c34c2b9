"""The project's content-addressed artifact store (``media/``) and its cache index.

Artifacts are written to a temp file, fsynced, renamed to
``media/<hash[:2]>/<hash>.<ext>``, and only then recorded in the database, so a
half-written file is never served.

The address is checked when a file is read for a run or an export: its size and mtime
are compared with those recorded when its bytes last matched the hash, and when they
differ it is hashed again. A file that no longer matches is moved to ``media/damaged/``
(never served again under that hash) and what it held is made again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app.core.cache import cache_key, file_sha256
from app.core.node_api import Media
from app.core.store import probing
from app.core.store.ledgers import index_ledger
from app.core.store.models import ArtifactRow, CacheEntryRow
from app.core.values import canonical_json

TMP_DIR = "tmp"
DAMAGED_DIR = "damaged"

log = logging.getLogger("shotgraph.store")


class DamagedArtifact(FileNotFoundError):
    """A stored file's bytes no longer match its hash; the message names the file."""


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_KIND_BY_EXT = {
    "png": "image", "jpg": "image", "jpeg": "image", "webp": "image",
    "mp4": "video", "mov": "video", "webm": "video", "mkv": "video",
    "wav": "audio", "mp3": "audio", "m4a": "audio", "aac": "audio", "flac": "audio", "ogg": "audio",
    "json": "data", "srt": "text",
}


class ArtifactStore:
    """The media folder plus the ``artifact`` and ``cache_entry`` tables."""

    def __init__(self, engine: Engine, media_dir: Path):
        self.engine = engine
        self.media_dir = media_dir
        self.tmp_dir = media_dir / TMP_DIR
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.Lock()
        self._json_cache: dict[str, Any] = {}
        # key -> (outputs, artifact paths): entries never change once written, so a
        # hit is remembered; the files are still checked on every lookup.
        self._entries: dict[str, tuple[dict[str, Any], list[str]]] = {}
        # hash -> (path, size, mtime_ns) of files found intact by this process
        self._checked: dict[str, tuple[Path, int, int]] = {}
        # hash -> (path, size, mtime_ns) and hash -> media, as its row said when the last
        # ``prefetch`` read it, each used once by the check or read that follows it
        self._recorded: dict[str, tuple[Path, int, int]] = {}
        self._fetched: dict[str, Media] = {}
        # media-folder paths of files found damaged (and moved aside) by this process
        self.damaged: list[str] = []
        # hashes of stored files that settings name (imports): garbage collection keeps them
        self.keep: Callable[[], set[str]] = set

    # -- writing ---------------------------------------------------------------
    @contextmanager
    def temp_file(self, ext: str) -> Iterator[Path]:
        """A temp path inside the media folder (same filesystem, so rename is atomic)."""
        # ".part" first: tools such as ffmpeg pick the container from the last suffix.
        name = f"{os.getpid()}-{threading.get_ident()}-{os.urandom(6).hex()}.part.{ext}"
        path = self.tmp_dir / name
        try:
            yield path
        finally:
            path.unlink(missing_ok=True)

    def put_file(
        self, src: Path, ext: str | None = None, meta: dict[str, Any] | None = None,
        move: bool = True,
    ) -> Media:
        """Store ``src`` by content; returns the stored media. ``src`` is consumed if ``move``."""
        ext = (ext or src.suffix.lstrip(".") or "bin").lower()
        digest = file_sha256(src)
        existing = self.get(digest)
        if existing is not None and self.intact(digest):
            if move:
                src.unlink(missing_ok=True)
            return existing
        with self.temp_file(ext) as tmp:
            if move and src.parent.stat().st_dev == self.tmp_dir.stat().st_dev:
                os.replace(src, tmp)
            else:
                shutil.copyfile(src, tmp)
                if move:
                    src.unlink(missing_ok=True)
            return self._commit(tmp, digest, ext, meta or {})

    def put_bytes(self, data: bytes, ext: str, meta: dict[str, Any] | None = None) -> Media:
        digest = hashlib.sha256(data).hexdigest()
        existing = self.get(digest)
        if existing is not None and self.intact(digest):
            return existing
        with self.temp_file(ext) as tmp:
            tmp.write_bytes(data)
            return self._commit(tmp, digest, ext, meta or {})

    def put_json(self, value: Any) -> str:
        """Store a JSON value; returns its hash."""
        data = canonical_json(value)
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._json_cache:
            self.put_bytes(data, "json")
            self._json_cache[digest] = value
        return digest

    def _commit(self, tmp: Path, digest: str, ext: str, meta: dict[str, Any]) -> Media:
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        rel = Path(digest[:2]) / f"{digest}.{ext}"
        final = self.media_dir / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        _fsync_dir(final.parent)
        stat = final.stat()
        row = ArtifactRow(
            hash=digest,
            kind=_KIND_BY_EXT.get(ext, "file"),
            mime=mimetypes.guess_type(f"x.{ext}")[0] or "application/octet-stream",
            path=rel.as_posix(),
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            meta_json=json.dumps(meta, ensure_ascii=False, default=str),
        )
        _describe(final, row)
        with self._write_lock, Session(self.engine) as session, session.begin():
            session.merge(row)
            index_ledger(session, digest, meta)  # an export's fingerprints, same transaction
        self._checked[digest] = (final, stat.st_size, stat.st_mtime_ns)
        return self._media(row)

    # -- reading ---------------------------------------------------------------
    def get(self, digest: str) -> Media | None:
        fetched = self._fetched.pop(digest, None)
        if fetched is not None:
            return fetched
        with Session(self.engine) as session:
            row = session.get(ArtifactRow, digest)
            return self._media(row) if row is not None else None

    def require(self, digest: str) -> Media:
        """The stored media for ``digest``, its bytes checked against the hash."""
        media = self.get(digest)
        if media is None or not media.path.exists():
            raise FileNotFoundError(f"artifact {digest[:12]} is missing from the media folder")
        if not self.intact(digest):
            raise DamagedArtifact(
                f"media/{media.path.relative_to(self.media_dir).as_posix()} was changed on "
                f"disk (its bytes no longer match its name); it was moved to media/"
                f"{DAMAGED_DIR}/ and will be made again on the next run")
        return media

    def intact(self, digest: str) -> bool:
        """Whether the stored file for ``digest`` exists and its bytes still match the hash.

        Cheap when its size and mtime are as recorded; otherwise the file is hashed again
        (and a file that no longer matches is moved aside).
        """
        known = self._checked.get(digest)
        if known is not None:  # seen intact before: one stat, no query
            path, size, mtime_ns = known
        elif (recorded := self._recorded.pop(digest, None)) is not None:
            path, size, mtime_ns = recorded  # its row, read a moment ago with its entry's
        else:
            with Session(self.engine) as session:
                row = session.get(ArtifactRow, digest)
                if row is None:
                    return False
                path, size, mtime_ns = self.media_dir / row.path, row.size, row.mtime_ns
        try:
            stat = path.stat()
        except OSError:
            return False
        seen = (stat.st_size, stat.st_mtime_ns)
        if (size, mtime_ns) == seen:
            self._checked[digest] = (path, *seen)
            return True
        if known is not None:  # changed since this process checked it: ask the row
            self._checked.pop(digest)
            return self.intact(digest)
        if stat.st_size == size and file_sha256(path) == digest:
            self._checked[digest] = (path, *seen)
            with self._write_lock, Session(self.engine) as session, session.begin():
                session.get(ArtifactRow, digest).mtime_ns = stat.st_mtime_ns
            return True
        self._set_aside(path)
        return False

    def _set_aside(self, path: Path) -> None:
        """Move a damaged file out of the store (kept for the creator to look at)."""
        rel = path.relative_to(self.media_dir).as_posix()
        aside = self.media_dir / DAMAGED_DIR / path.name
        aside.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, aside)
        except FileNotFoundError:  # another worker set it aside a moment ago
            return
        self._checked.pop(path.stem, None)
        self._entries.clear()
        self.damaged.append(f"media/{rel}")
        log.warning("media/%s no longer matches its hash (changed on disk); moved to media/%s/"
                    " and it will be made again", rel, DAMAGED_DIR)

    def read_json(self, digest: str) -> Any:
        if digest in self._json_cache:
            return self._json_cache[digest]
        value = json.loads(self.require(digest).path.read_text(encoding="utf-8"))
        self._json_cache[digest] = value
        return value

    def available(self, digest: str) -> bool:
        return self.intact(digest)

    def _media(self, row: Any) -> Media:
        """The media an artifact row (ORM or plain) describes."""
        return Media(
            hash=row.hash,
            path=self.media_dir / row.path,
            kind=row.kind,
            mime=row.mime,
            width=row.width,
            height=row.height,
            duration=row.duration,
            meta=json.loads(row.meta_json or "{}"),
        )

    # -- cache entries -----------------------------------------------------------
    def lookup(self, key: str) -> dict[str, Any] | None:
        """The outputs recorded for ``key`` if every artifact they name is on disk, intact."""
        found = self._entries.get(key)
        if found is None:
            found = self._lookup_db(key)
            if found is None:
                return None
            self._entries[key] = found
        outputs, hashes = found
        if not all(self.intact(h) for h in hashes):
            self._entries.pop(key, None)
            return None
        return outputs

    def prefetch(self, keys: Iterable[str | None]) -> None:
        """Read the entries of ``keys`` (and their files' rows) in a few queries, not two
        per key and one per file: a plan after a run finds every item the run made (in
        another process) unknown to this one. ``lookup`` then answers from memory."""
        wanted = sorted({k for k in keys if k and k not in self._entries})
        if not wanted:
            return
        entries, rows = self._read_entries(wanted)
        self._entries.update(entries)
        self._recorded.clear()
        self._fetched.clear()
        for digest, row in rows.items():
            self._fetched[digest] = self._media(row)
            if digest not in self._checked:
                self._recorded[digest] = (self.media_dir / row.path, row.size, row.mtime_ns)

    def _lookup_db(self, key: str) -> tuple[dict[str, Any], list[str]] | None:
        return self._read_entries([key])[0].get(key)

    def _read_entries(
        self, keys: list[str]
    ) -> tuple[dict[str, tuple[dict[str, Any], list[str]]], dict[str, Any]]:
        """The recorded entries of ``keys`` whose every file is stored (outputs, hashes),
        and the rows of the files they name."""
        with self.engine.connect() as conn:
            outputs = {}
            for chunk in _chunks(keys):
                found = select(CacheEntryRow.key, CacheEntryRow.outputs_json)
                for key, raw in conn.execute(found.where(CacheEntryRow.key.in_(chunk))):
                    outputs[key] = json.loads(raw)
            named = {key: set(_hashes(value)) for key, value in outputs.items()}
            rows = {}
            for chunk in _chunks(sorted(set().union(*named.values()))):
                files = select(ArtifactRow.__table__).where(ArtifactRow.hash.in_(chunk))
                rows.update((row.hash, row) for row in conn.execute(files))
        entries = {key: (outputs[key], sorted(hashes)) for key, hashes in named.items()
                   if hashes <= rows.keys()}
        return entries, rows

    def record(self, key: str, node_type: str, outputs: dict[str, Any]) -> None:
        with self._write_lock, Session(self.engine) as session, session.begin():
            session.merge(
                CacheEntryRow(key=key, node_type=node_type, outputs_json=json.dumps(outputs))
            )

    def derive(self, key: dict[str, Any], ext: str, make: Callable[[Path], None]) -> Path:
        """A derived file (e.g. an export segment) cached by ``key``; made once."""
        digest = cache_key("derived", 1, key, None, {})
        found = self.lookup(digest)
        if found is not None:
            return self.require(found["file"]).path
        with self.temp_file(ext) as tmp:
            make(tmp)
            if not tmp.exists() or tmp.stat().st_size == 0:
                raise RuntimeError(f"making a derived .{ext} file produced nothing")
            media = self.put_file(tmp, ext)
        self.record(digest, "derived", {"file": media.hash})
        return media.path

    def forget(self, key: str) -> None:
        """Drop a cache entry (its files stay until ``collect_garbage``)."""
        self._entries.pop(key, None)
        with self._write_lock, Session(self.engine) as session, session.begin():
            session.execute(delete(CacheEntryRow).where(CacheEntryRow.key == key))

    def collect_garbage(self) -> tuple[int, int]:
        """Delete artifacts no cache entry refers to; returns (files, bytes) freed."""
        with Session(self.engine) as session:
            referenced: set[str] = set()
            for raw in session.scalars(select(CacheEntryRow.outputs_json)):
                referenced.update(_hashes(json.loads(raw)))
            referenced |= self.keep()
            rows = session.execute(select(ArtifactRow.hash, ArtifactRow.path, ArtifactRow.size))
            garbage = [(h, p, n) for h, p, n in rows if h not in referenced]
        with self._write_lock, Session(self.engine) as session, session.begin():
            for digest, _, _ in garbage:
                session.execute(delete(ArtifactRow).where(ArtifactRow.hash == digest))
        for _, rel, _ in garbage:  # rows first: a file is never listed without its bytes
            (self.media_dir / rel).unlink(missing_ok=True)
        self._json_cache.clear()
        return len(garbage), sum(n for _, _, n in garbage)

    # -- housekeeping --------------------------------------------------------------
    def sweep(self) -> dict[str, int]:
        """Remove temp files and files without a row; drop rows whose file is gone.

        Call only while no other process has the project open.
        """
        removed_tmp = 0
        for path in self.tmp_dir.iterdir():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed_tmp += 1
        with Session(self.engine) as session:
            rows = {h: p for h, p in session.execute(select(ArtifactRow.hash, ArtifactRow.path))}
        on_disk = {
            p.relative_to(self.media_dir).as_posix()
            for p in self.media_dir.glob("??/*")
            if p.is_file()
        }
        known_paths = set(rows.values())
        orphans = on_disk - known_paths
        for rel in orphans:
            (self.media_dir / rel).unlink(missing_ok=True)
        missing = [h for h, p in rows.items() if p not in on_disk]
        if missing:
            with self._write_lock, Session(self.engine) as session, session.begin():
                session.execute(delete(ArtifactRow).where(ArtifactRow.hash.in_(missing)))
        return {"temp": removed_tmp, "orphans": len(orphans), "missing": len(missing)}


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    """``values`` in lists short enough for one SQL ``IN`` (SQLite limits its variables)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _hashes(outputs: Any) -> Iterator[str]:
    if isinstance(outputs, str):
        yield outputs
    elif isinstance(outputs, list):
        for item in outputs:
            yield from _hashes(item)
    elif isinstance(outputs, dict):
        for item in outputs.values():
            yield from _hashes(item)


def _describe(path: Path, row: ArtifactRow) -> None:
    """Fill width/height/duration where cheap to learn."""
    if row.kind == "image":
        try:
            from PIL import Image

            with Image.open(path) as img:
                row.width, row.height = img.size
        except Exception:
            pass
    elif row.kind in ("video", "audio"):
        prober = probing.media_prober()  # set by the media layer (app.media)
        if prober is None:
            return
        try:
            info = prober(path)
            row.width = getattr(info, "width", None) or None
            row.height = getattr(info, "height", None) or None
            row.duration = getattr(info, "duration", None)
        except Exception:
            pass
