"""The files a project's settings name (imports): finding, placing and fingerprinting them.

A setting named ``file`` (or the values of a ``files`` mapping, at any depth) names a file
the node reads. A file chosen from outside the project folder is copied into the media
store when it is chosen, and the setting then names the copy (``media/ab/<hash>.mp4``,
relative to the project folder), so a shared project carries its imports and never reads
the recipient's own files. A setting that still names a file outside the folder (an older
project, or one made elsewhere) is only read when the creator allows it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.cache import file_sha256

FILE_KEYS = ("file", "files")


@dataclass(frozen=True)
class FileSetting:
    """One file a node's settings name."""

    node_id: str
    setting: str  # where in the settings, e.g. "file" or "files.s3"
    raw: str  # as written in the project


def named_files(params: dict[str, Any], node_id: str = "") -> Iterator[FileSetting]:
    """Every non-empty file name in a node's settings."""
    for where, raw in _walk(params, "", in_files=False):
        if raw.strip():
            yield FileSetting(node_id, where, raw)


def _walk(value: Any, where: str, in_files: bool) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        if in_files:
            yield where, value
        return
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            yield from _walk(item, inner, in_files or key in FILE_KEYS)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}[{index}]", in_files)


def replace_files(value: Any, change: Callable[[str], str], in_files: bool = False) -> Any:
    """A copy of ``value`` (settings) with every file name passed through ``change``."""
    if isinstance(value, str):
        return change(value) if in_files and value.strip() else value
    if isinstance(value, dict):
        return {k: replace_files(v, change, in_files or k in FILE_KEYS) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_files(v, change, in_files) for v in value]
    return value


def resolve(folder: Path, raw: str) -> Path:
    """The file ``raw`` names: relative names are inside the project folder."""
    path = Path(raw.strip()).expanduser()
    return (path if path.is_absolute() else folder / path).resolve()


def is_inside(folder: Path, path: Path) -> bool:
    """Whether ``path`` (resolved) lies inside the project folder."""
    return path.resolve().is_relative_to(folder.resolve())


class Fingerprints:
    """Content hashes of named files, remembered per (path, size, mtime): a file edited in
    place gets a new fingerprint, so what was made from it runs again."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[int, int, str]] = {}

    def of(self, path: Path) -> str:
        try:
            stat = path.stat()
        except OSError:
            return "missing"
        if not path.is_file():
            return "not a file"
        known = self._known.get(path)
        if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
            return known[2]
        try:
            digest = file_sha256(path)
        except OSError:
            return "unreadable"
        self._known[path] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest


def readable_name(path: Path) -> str:
    """A path for messages, with the home folder shortened to ``~``."""
    home = Path(os.path.expanduser("~"))
    if path.is_relative_to(home):
        return f"~/{path.relative_to(home)}"
    return str(path)
