"""File > Export timeline on a real episode: the .otio and the JianYing draft read back."""

from __future__ import annotations

import json

import opentimelineio as otio
import pytest
from PySide6.QtWidgets import QMessageBox

from app.ui.handoff import TimelineExportDialog, default_target
from tests.ui.conftest import wait_run


@pytest.fixture
def window(cut_window):
    return cut_window


def _hand_off(qtbot, window, fmt, out):
    assert window.cut.export_timeline_to(fmt, out)
    wait_run(qtbot, window, timeout=300_000)  # the episode first, when it changed
    job = window.cut.handoff
    with qtbot.waitSignal(job.finished, timeout=300_000):
        pass
    return window.cut.handoff_message


def test_the_dialog_offers_every_editor_beside_the_project(qtbot, window):
    dialog = TimelineExportDialog(window.session.project.folder, window)
    qtbot.addWidget(dialog)
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == [
        "jianying", "capcut", "otio", "fcpxml"]
    folder = window.session.project.folder
    assert dialog.target.text() == str(folder.parent / "three-jianying")
    dialog.format.setCurrentIndex(2)
    assert dialog.target.text() == str(folder.parent / "three-otio" / "three.otio")
    assert default_target(folder, "otio") == folder.parent / "three-otio" / "three.otio"


def test_export_timeline_writes_an_otio_after_making_the_changed_cut(qtbot, window, tmp_path):
    window.timeline.set_duration(0, 4.0)  # the cut changed: it is made again first
    qtbot.waitUntil(lambda: not window.timeline.cut.current, timeout=60_000)
    out = tmp_path / "handoff" / "ep.otio"
    box = _hand_off(qtbot, window, "otio", out)
    assert box.icon() == QMessageBox.Icon.Information
    assert str(out.parent) in box.text() and "3 shots" in box.text()
    timeline = otio.adapters.read_from_file(str(out))
    clips = list(timeline.video_tracks()[0].find_clips())
    assert [round(c.duration().to_seconds(), 2) for c in clips] == [4.0, 3.0, 3.0]
    for clip in clips:
        target = clip.media_reference.target_url.removeprefix("file://")
        assert (out.parent / target).resolve().is_file(), target
    assert (out.parent / "README.txt").is_file()


def test_export_timeline_writes_a_jianying_draft_folder(qtbot, window, tmp_path):
    out = tmp_path / "drafts" / "ep1"
    box = _hand_off(qtbot, window, "jianying", out)
    assert str(out) in box.text()
    draft = json.loads((out / "draft_content.json").read_text(encoding="utf-8"))
    assert draft["duration"] == 9_000_000  # microseconds
    videos = [m["path"] for m in draft["materials"]["videos"]]
    assert len(videos) == 3 and all(p.startswith(str(out)) for p in videos)


def test_a_failed_handoff_says_why(qtbot, window, tmp_path):
    inside = window.session.project.folder / "ep.otio"
    box = _hand_off_fails(qtbot, window, inside)
    assert "inside the project folder" in box.text()
    assert not inside.exists()


def _hand_off_fails(qtbot, window, out):
    assert window.cut.export_timeline_to("otio", out)
    with qtbot.waitSignal(window.cut.handoff.failed, timeout=60_000):
        pass
    return window.cut.handoff_message
