"""The episode saver: one worker, started with the saver, takes every save (a save only
hands the job over, so the UI thread never waits for a thread to start)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from types import SimpleNamespace

from app.ui.episode import EpisodeSaver


def _stored_episode(project: Path, payload: bytes) -> SimpleNamespace:
    digest = hashlib.sha256(payload).hexdigest()
    path = project / "media" / digest[:2] / f"{digest}.mp4"
    path.parent.mkdir(parents=True)
    path.write_bytes(payload)
    return SimpleNamespace(path=str(path), hash=digest, meta={"srt": "1\n00:00:00,000 --> "
                                                                    "00:00:01,000\n你好\n"})


def test_saves_go_to_the_one_worker_and_arrive_in_order(qtbot, tmp_path):
    saver = EpisodeSaver()
    before = set(threading.enumerate())
    first = _stored_episode(tmp_path / "p", b"first episode bytes" * 1000)
    second = _stored_episode(tmp_path / "q", b"second episode bytes" * 1000)
    got, after = [], []
    saver.done.connect(lambda written, error: got.append((written, error)))
    saver.save(first, tmp_path / "out" / "one.mp4",
               then=lambda: after.append(("one", threading.current_thread())))
    saver.save(second, tmp_path / "out" / "two.mp4",
               then=lambda: after.append(("two", threading.current_thread())))
    saver.wait()
    assert not saver.busy and [name for name, _ in after] == ["one", "two"]
    # both on the worker that was already running before the first save
    assert after[0][1] is after[1][1] and after[0][1] in before
    qtbot.waitUntil(lambda: len(got) == 2, timeout=30_000)
    one, two = tmp_path / "out" / "one.mp4", tmp_path / "out" / "two.mp4"
    assert got == [([one.resolve(), one.with_suffix(".srt").resolve()], ""),
                   ([two.resolve(), two.with_suffix(".srt").resolve()], "")]
    assert one.read_bytes() == b"first episode bytes" * 1000
    assert "你好" in two.with_suffix(".srt").read_text(encoding="utf-8")


def test_a_refused_target_says_why_and_the_worker_takes_the_next_save(qtbot, tmp_path):
    saver = EpisodeSaver()
    episode = _stored_episode(tmp_path / "p", b"bytes")
    got = []
    saver.done.connect(lambda written, error: got.append((written, error)))
    saver.save(episode, tmp_path / "p" / "media" / "inside.mp4")  # the store's own folder
    saver.save(episode, tmp_path / "episode.txt")  # not a video name
    saver.save(episode, tmp_path / "fine.mp4")
    saver.wait()
    qtbot.waitUntil(lambda: len(got) == 3, timeout=30_000)
    assert got[0][0] == [] and "media store" in got[0][1]
    assert got[1][0] == [] and ".mp4" in got[1][1]
    assert got[2] == ([(tmp_path / "fine.mp4").resolve(),
                       (tmp_path / "fine.srt").resolve()], "")
    assert not (tmp_path / "p" / "media" / "inside.mp4").exists()
