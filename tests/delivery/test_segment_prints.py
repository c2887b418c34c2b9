"""The export's fingerprint ledger is made from its segments' and its sound's prints,
cached with them: every sample in it is the PDQ of the exported file's own frame at that
time, its audio part is Chromaprint of the file's own sound, and a re-export after one
shot's edit fingerprints only the segments it encoded again (the sound not at all)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app import cli
from app.core.graph import SetParam
from app.core.series.season import Series
from app.delivery import fingerprint as fp
from app.delivery import ledger as ledgers
from nodes.registry import default_registry
from tests.short_season import make_short_season


def _ledger(mp4: Path) -> dict:
    sidecar = json.loads(mp4.with_name(mp4.stem + ".fingerprints.json").read_text())
    return sidecar["ledger"]


def _assert_describes(mp4: Path, ledger: dict) -> int:
    """Every sample of ``ledger`` is the hash of ``mp4``'s decoded frame at its time."""
    frames = {frame.time: frame.rgb for frame in fp.sample_frames(mp4, every_s=0.001)}
    checked = 0
    for shot in ledger["shots"]:
        for t, full, zoomed, quality in zip(shot["times"], shot["full"], shot["zoom90"],
                                            shot["quality"], strict=True):
            assert t in frames, f"shot {shot['shot']}: no decoded frame at {t}"
            hashes, qualities = fp.plane_hashes(frames[t])
            assert fp.to_hex(hashes) == full and int(qualities[0]) == quality
            assert fp.to_hex(fp.plane_hashes(fp.centre(frames[t]))[0]) == zoomed
            checked += 1
    return checked


def test_the_ledger_holds_the_files_own_frames_and_a_re_export_prints_only_what_changed(
        tmp_path, monkeypatch):
    made: list[str] = []
    heard: list[str] = []
    frame_prints, audio_prints = fp.frame_prints, fp.audio_prints

    def counted(path, cancel_event=None):
        made.append(Path(path).name)
        return frame_prints(path, cancel_event)

    def listened(path, *args):
        heard.append(Path(path).suffix)
        return audio_prints(path, *args)

    monkeypatch.setattr(fp, "frame_prints", counted)
    monkeypatch.setattr(fp, "audio_prints", listened)
    make_short_season(tmp_path / "series", 1)
    out = tmp_path / "out"
    run = ["series", "run", str(tmp_path / "series"), "--export", str(out)]
    result = CliRunner().invoke(cli.cli, run)
    assert result.exit_code == 0, result.output
    mp4 = out / "ep01.mp4"
    ledger = _ledger(mp4)
    shots = len(ledger["shots"])
    assert shots >= 3 and [s["shot"] for s in ledger["shots"]] == list(range(1, shots + 1))
    # one print per segment as it was encoded, none of the finished episode
    assert len(made) >= shots and "ep01.mp4" not in made and not any(
        name.startswith("episode") for name in made)
    # a sample about every 0.2 s over the whole episode
    assert _assert_describes(mp4, ledger) >= ledger["duration"] / fp.SAMPLE_EVERY_S
    assert heard == [".m4a"]  # the mixed sound as it was made, not the finished episode
    own, note = ledgers._audio_part(mp4)
    assert note is None and ledger["audio"]["prints"] == own.prints and own.prints
    heard.clear()

    made.clear()
    with Series(tmp_path / "series", default_registry()) as series:  # shot 3 shows more
        project = series.episode(1)
        shots_node = next(n.id for n in project.graph.nodes.values()
                          if n.type_id == "script.shots")
        overrides = dict(project.graph.node(shots_node).params["overrides"])
        overrides["s3"] = {**overrides["s3"], "description": "a rain-streaked window at night"}
        project.undo.push(SetParam(shots_node, "overrides", overrides))
    result = CliRunner().invoke(cli.cli, run)
    assert result.exit_code == 0, result.output
    again = _ledger(mp4)
    assert again != ledger
    assert 1 <= len(made) < shots  # only shot 3's segments were encoded, and printed, again
    assert heard == [] and again["audio"] == ledger["audio"]  # the sound did not change
    _assert_describes(mp4, again)
    changed = [s["shot"] for s, before in zip(again["shots"], ledger["shots"], strict=True)
               if s["full"] != before["full"]]
    assert changed == [3]
