"""Fingerprint ledgers and finding copies, measured on a real (short) demo export.

The floors below are what the matcher reaches on this set (bench/match.py prints the
same measures on the full demo); a change that loses robustness fails here.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from app import cli
from app.core.store.ledgers import ledger_sha256
from app.delivery.labels import read_labels
from app.delivery.ledger import LedgerError, read_sidecar, sidecar_path
from app.delivery.match import find_copies
from app.delivery.references import load_references
from tests.delivery import attacks

# (video precision, video recall, audio recall) floors per attack (audio None: no sound of
# the original in it, so no audio match is allowed at all). Chromaprint's last words
# cover the mix up to ~2.5 s before its end, so on this 9 s episode the last shot or two
# have no sound evidence: audio recall tops out at 4 of 6 shots.
FLOORS = {
    "reencode_300k": (1.0, 1.0, 0.6),
    "scale_540x960": (1.0, 1.0, 0.6),
    "crop_10pct": (1.0, 1.0, 0.6),
    "mirror": (1.0, 1.0, 0.6),
    "letterbox_16x9_blur": (1.0, 1.0, 0.6),
    "watermark": (1.0, 1.0, 0.6),
    "speed_0.9x": (1.0, 1.0, 0.6),
    "speed_1.1x": (1.0, 1.0, 0.6),
    "excerpts_3s": (1.0, 1.0, 0.0),
    "audio_replaced": (1.0, 1.0, None),
}


def _spans(reference):
    return [(s.start, s.duration) for s in reference.ledger.shots]


def test_the_export_leaves_a_ledger_in_the_project_beside_the_mp4_and_in_its_manifest(episode):
    folder, mp4 = episode
    sidecar = read_sidecar(sidecar_path(mp4))
    ledger = sidecar.ledger
    assert sidecar.ledger_sha256 == ledger_sha256(ledger)
    assert len(ledger["shots"]) == 6
    assert [s["start"] for s in ledger["shots"]] == pytest.approx([1.5 * k for k in range(6)])
    for shot in ledger["shots"]:  # frames sampled over each shot, every 0.2 s
        assert 6 <= len(shot["times"]) <= 9
        assert all(shot["start"] - 0.05 <= t < shot["start"] + shot["duration"] for t in shot["times"])
    assert ledger["audio"]["prints"], ledger.get("audio_note")
    manifest = read_labels(mp4).manifest
    assert manifest is not None and manifest.valid
    assert manifest.fingerprints["sha256"] == sidecar.ledger_sha256
    db = next(folder.glob("*.shotgraph"))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select sha256, shots, ledger_json from fingerprint_ledger").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(sidecar.ledger_sha256, 6)]
    assert json.loads(rows[0][2]) == ledger


@pytest.mark.parametrize("name", list(FLOORS))
def test_each_attack_is_found_on_picture_and_sound(name, episode, attack_set):
    reference = load_references(episode[1])[0]
    attack = attack_set[name]
    result = find_copies([reference], attack.path)
    spans = _spans(reference)
    min_precision, min_recall, audio_recall = FLOORS[name]
    precision, recall = attacks.precision_recall(attack, result.of("video"), spans, "original")
    print(f"{name}: video precision {precision:.2f} recall {recall:.2f}")
    assert precision >= min_precision and recall >= min_recall, result.matches
    if audio_recall is None:
        assert result.of("audio") == []
    else:
        a_precision, a_recall = attacks.precision_recall(attack, result.of("audio"), spans,
                                                         "original")
        print(f"{name}: audio precision {a_precision:.2f} recall {a_recall:.2f}")
        assert a_precision == 1.0 and a_recall >= audio_recall, result.of("audio")


def test_no_match_between_episodes_made_with_other_seeds(episode, other_episode, host_video):
    for reference, suspect in ((episode, other_episode), (other_episode, episode)):
        result = find_copies(load_references(reference[1]), suspect[1])
        assert result.matches == [], result.matches
    result = find_copies(load_references(episode[0]), host_video)
    assert result.matches == []


def test_match_json_names_the_shots_where_and_for_how_long(episode, attack_set):
    suspect = attack_set["excerpts_3s"]
    done = CliRunner().invoke(cli.cli, ["match", str(episode[0]), str(suspect.path), "--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert set(data) == {"matches", "suspect_duration"}
    assert data["suspect_duration"] == pytest.approx(18.0, abs=0.1)
    keys = {"episode", "shot", "reference_start", "suspect_start", "duration", "score",
            "evidence"}
    assert data["matches"] and all(set(m) == keys for m in data["matches"])
    video = [m for m in data["matches"] if m["evidence"] == "video"]
    # the pieces at 1.8-4.8 s and 5.4-8.4 s of the original play from 4 s and 11 s
    assert {m["shot"] for m in video} >= {2, 3, 5}
    for m in video:
        assert m["episode"] == "original" and 0 < m["score"] <= 1
        truth = suspect.truth[0] if m["suspect_start"] < 10 else suspect.truth[1]
        assert m["suspect_start"] == pytest.approx(truth.suspect_time(m["reference_start"]),
                                                   abs=0.7)


def test_the_evidence_report_is_self_contained_and_bilingual(episode, attack_set, tmp_path):
    out = tmp_path / "evidence.html"
    done = CliRunner().invoke(cli.cli, ["match", str(episode[1]),
                                        str(attack_set["mirror"].path), "--report", str(out)])
    assert done.exit_code == 0, done.output
    assert "report written" in _said(done)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=['\"]?https?:", page)
    assert page.count("data:image/jpeg;base64,") >= 2 * 6  # both sides of every shot
    for text in ("证据报告", "Evidence report", "镜头", "mirrored", "C2PA",
                 "是：签名清单记录了此指纹登记的哈希"):
        assert text in page


def _said(result) -> str:
    """The command's output with rich's line wrapping undone."""
    return " ".join(result.output.split())


def test_bad_input_exits_2_with_one_line(episode, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli.cli, ["match", str(episode[1]), str(tmp_path / "none.mp4")])
    assert missing.exit_code == 2 and "does not exist" in _said(missing)
    bare = tmp_path / "bare.mp4"
    shutil.copyfile(episode[1], bare)  # an MP4 without its sidecar
    no_sidecar = runner.invoke(cli.cli, ["match", str(bare), str(episode[1])])
    assert no_sidecar.exit_code == 2 and "fingerprint sidecar" in _said(no_sidecar)
    srt = runner.invoke(cli.cli, ["match", str(episode[1].with_suffix(".srt")), str(bare)])
    assert srt.exit_code == 2 and "not a project" in _said(srt)
    not_video = tmp_path / "notes.mp4"
    not_video.write_text("hello")
    unreadable = runner.invoke(cli.cli, ["match", str(episode[1]), str(not_video)])
    assert unreadable.exit_code == 2 and "cannot compare" in _said(unreadable)
    assert "Traceback" not in missing.output + no_sidecar.output + unreadable.output


def test_a_changed_sidecar_is_refused(episode, tmp_path):
    mp4 = tmp_path / "copy.mp4"
    shutil.copyfile(episode[1], mp4)
    data = json.loads(sidecar_path(episode[1]).read_text(encoding="utf-8"))
    data["ledger"]["shots"][0]["start"] = 0.5
    sidecar_path(mp4).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LedgerError, match="changed after export"):
        load_references(mp4)


def test_a_series_folder_names_the_episode_each_shot_came_from(episode, other_episode,
                                                               tmp_path, attack_set):
    series = tmp_path / "series"
    series.mkdir()
    for folder, _ in (episode, other_episode):
        (series / folder.name).symlink_to(folder, target_is_directory=True)
    references = load_references(series)
    assert sorted(r.episode for r in references) == ["original", "other"]
    result = find_copies(references, attack_set["scale_540x960"].path)
    assert {m.episode for m in result.matches} == {"original"}
