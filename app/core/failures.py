"""Plain words for what the machine refused: a full disk, a read-only folder, a damaged
project file. The store, the engine and the CLI use them, so each says it the same way.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

FULL = (errno.ENOSPC, errno.EDQUOT)
READ_ONLY = (errno.EROFS,)
NO_PERMISSION = (errno.EACCES, errno.EPERM)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the DB-API error SQLAlchemy wrapped, and what caused them."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]


def _where(exc: OSError) -> str:
    name = exc.filename or exc.filename2
    return f" ({Path(str(name))})" if name else ""


def explain(exc: BaseException) -> str | None:
    """What went wrong in the creator's words, when it is the disk or the project file."""
    for cause in _chain(exc):
        if isinstance(cause, OSError) and cause.errno in FULL:
            return f"the disk is full{_where(cause)}: free some space and try again"
        if isinstance(cause, OSError) and cause.errno in READ_ONLY:
            return f"the disk is read-only{_where(cause)}: use a folder you can write to"
        if isinstance(cause, OSError) and cause.errno in NO_PERMISSION:
            return f"no permission to write{_where(cause)}: use a folder you can write to"
        if isinstance(cause, sqlite3.Error):
            text = _sqlite(str(cause))
            if text:
                return text
    return None


def _sqlite(message: str) -> str | None:
    lowered = message.lower()
    if "disk is full" in lowered:
        return "the disk is full (the project file could not grow): free some space and try again"
    if "readonly database" in lowered or "read-only" in lowered:
        return "the project file is read-only: use a folder you can write to"
    if "unable to open database" in lowered:
        return "the project file cannot be opened (is its folder read-only or gone?)"
    if "malformed" in lowered or "not a database" in lowered:
        return f"the project file is damaged ({message})"
    if "locked" in lowered:
        return "the project file is busy: another program holds it; try again"
    if "disk i/o error" in lowered:
        return "the disk reported an error writing the project file (is it full or removed?)"
    return None


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is the disk running out of space."""
    text = explain(exc) or ""
    return text.startswith("the disk is full")
