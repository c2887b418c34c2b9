"""Saving the episode: refused targets, a checked copy, no local paths in the record."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.delivery.deliver import (
    DamagedEpisode,
    ExportTargetError,
    check_export_target,
    save_episode,
    without_local_paths,
)

MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


@dataclass
class Stored:
    path: Path
    hash: str
    meta: dict = field(default_factory=dict)
    duration: float = 1.0


def stored_episode(project: Path, meta: dict | None = None) -> Stored:
    data = MP4_HEAD + b"\x00" * 4096
    digest = hashlib.sha256(data).hexdigest()
    path = project / "media" / digest[:2] / f"{digest}.mp4"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    (project / "ep.shotgraph").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    return Stored(path, digest, meta or {})


def test_the_project_file_media_and_other_files_are_never_export_targets(tmp_path):
    project = tmp_path / "ep"
    episode = stored_episode(project)
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video")
    for target in (project / "ep.shotgraph", project / "ep.shotgraph-wal",
                   project / "media" / "new.mp4", notes, project, tmp_path / "ep.mkv"):
        with pytest.raises(ExportTargetError):
            save_episode(episode, target)
    assert notes.read_text() == "not a video"
    earlier = tmp_path / "earlier.mp4"
    earlier.write_bytes(MP4_HEAD + b"old")
    assert save_episode(episode, earlier) == [earlier.resolve()]  # an older export is replaced
    assert earlier.read_bytes() == episode.path.read_bytes()
    assert check_export_target(tmp_path / "fresh.mp4", project) == (tmp_path / "fresh.mp4")


def test_a_stored_episode_that_no_longer_matches_its_hash_is_not_exported(tmp_path):
    episode = stored_episode(tmp_path / "ep")
    episode.path.write_bytes(MP4_HEAD + b"another clip")
    out = tmp_path / "out.mp4"
    with pytest.raises(DamagedEpisode, match="changed on disk"):
        save_episode(episode, out)
    assert not out.exists() and not list(tmp_path.glob(".out.mp4*"))


def test_a_full_disk_during_the_copy_leaves_nothing_behind(tmp_path):
    """/dev/full: every write fails with ENOSPC, without needing to mount anything."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    episode = stored_episode(tmp_path / "ep")
    out = tmp_path / "out.mp4"
    (tmp_path / ".out.mp4.part").symlink_to("/dev/full")  # where the copy is written first
    with pytest.raises(OSError) as caught:
        save_episode(episode, out)
    assert caught.value.errno == 28
    assert not out.exists() and not (tmp_path / ".out.mp4.part").exists()


def test_the_provenance_record_keeps_base_names_only():
    """(The real record of an export is checked in tests/test_reliability_cli.py.)"""
    record = {
        "shots": [{"params": {"file": "/home/ann/Recordings/take 3.wav", "prompt": "/me waves"},
                   "source_name": "C:\\Users\\ann\\Music\\theme.mp3"}],
        "music": {"file": "~/Music/theme.mp3", "note": "a/b testing", "line": "/shrug"},
    }
    cleaned = without_local_paths(record)
    assert cleaned["shots"][0]["params"] == {"file": "take 3.wav", "prompt": "/me waves"}
    assert cleaned["shots"][0]["source_name"] == "theme.mp3"
    assert cleaned["music"] == {"file": "theme.mp3", "note": "a/b testing", "line": "/shrug"}
