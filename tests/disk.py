"""Real small and read-only disks for tests: a tmpfs of a given size (root, or a user
namespace where the kernel allows it), remounted read-only on request."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(args: list[str]) -> str:
    """Run mount; the error text when it is refused ("" when it worked)."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    return "" if done.returncode == 0 else (done.stderr.strip() or f"exit {done.returncode}")


def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root, or CAP_SYS_ADMIN)."""
    return os.geteuid() == 0


@contextmanager
def small_disk(path: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` KiB at ``path``: writing past it fails with ENOSPC."""
    path.mkdir(parents=True, exist_ok=True)
    if not can_mount():
        pytest.skip("mounting a small tmpfs needs root here; the full-disk cases run where "
                    "the test user may mount (CI runs as root)")
    refused = _mount(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0777", "tmpfs",
                      str(path)])
    if refused:
        pytest.skip(f"this machine refuses to mount a tmpfs ({refused})")
    try:
        yield path
    finally:
        _mount(["umount", "-l", str(path)])


def make_read_only(path: Path) -> None:
    """Remount the tmpfs at ``path`` read-only (the kernel refuses every write, even root's)."""
    refused = _mount(["mount", "-o", "remount,ro", str(path)])
    if refused:
        pytest.skip(f"cannot remount read-only here ({refused})")


def fill(disk: Path, leave_kb: int = 0) -> Path:
    """Fill ``disk`` until ``leave_kb`` KiB are free; returns the filler file."""
    filler = disk / "filler.bin"
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize - leave_kb * 1024
    with open(filler, "wb") as fh:
        block = b"\0" * (1 << 16)
        while free > 0:
            try:
                free -= fh.write(block[: max(1, min(len(block), free))])
            except OSError:
                break
    return filler
