"""AI labels on an exported MP4: provenance, GB 45438 metadata, C2PA, visible mark, verify."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from app.cli.verify import verify_command
from app.core.node_api import Media
from app.delivery import labels
from app.delivery.labels import LabelError, aigc_metadata, embed_labels, read_labels
from app.delivery.provenance import IPTC, REDACTED, build_provenance, build_record, write_provenance

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
c2pa = pytest.importorskip("c2pa")

W, H = 1080, 1920


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, timeout=120)


def made(node: str, provider: dict | None, take: int = 0, **params) -> dict:
    return {
        "provenance": {
            "node_type": node,
            "node_version": 1,
            "node_id": f"n-{node}",
            "node_title": node,
            "provider": provider,
            "params": params,
            "take": take,
            "inputs": {"shot": "card"},
            "made_at": "2026-01-01T00:00:00Z",
        }
    }


KLING = {"provider": "kling", "model": "kling-v2", "api_key": "sk-SECRET"}
STORYBOARD = {"id": "local.storyboard", "version": 1}
KEN_BURNS = {"id": "local.kenburns", "version": 1}
IMPORTED = {"imported": True, "source_name": "my-take.wav", "sha256": "ab" * 32}


def media(hash_: str, kind: str, mime: str, meta: dict) -> Media:
    return Media(hash_, Path(f"/media/{hash_}"), kind, mime, meta=meta)


def episode_shots() -> tuple[list[dict], Media]:
    """Shot 1 AI-made (Kling still, Ken Burns clip, recorded voice), shot 2 procedural
    and private, shot 3 human-made; procedural music."""
    shots = [
        {
            "shot_id": "s1",
            "still": media(
                "a1",
                "image",
                "image/png",
                made("image.generate", KLING, take=1, prompt="rain", seed=5),
            ),
            "clip": media("a2", "video", "video/mp4", made("video.kenburns", KEN_BURNS)),
            "voice": media("a3", "audio", "audio/wav", dict(IMPORTED)),
        },
        {
            "shot_id": "s2",
            "private": True,
            "description": "the secret twist",
            "still": media("b1", "image", "image/png", made("image.generate", STORYBOARD)),
            "clip": None,
            "voice": None,
        },
        {
            "shot_id": "s3",
            "still": media("c1", "image", "image/jpeg", dict(IMPORTED, source_name="me.jpg")),
            "clip": None,
            "voice": media("c3", "audio", "audio/wav", dict(IMPORTED)),
        },
    ]
    music = media("m1", "audio", "audio/wav", made("music.score", {"id": "local.score"}, seed=3))
    return shots, music


@pytest.fixture(scope="module")
def record() -> dict:
    shots, music = episode_shots()
    return build_provenance("Rainy Night", shots, music, {"producer": "ShotGraph-Test"})


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("labels")


@pytest.fixture(scope="module")
def identity(work):
    return labels.self_signed_identity(work / "keys")


@pytest.fixture(scope="module")
def episode_mp4(work) -> Path:
    """2 s 1080x1920 H.264/AAC, like an export before labelling."""
    out = work / "episode.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"testsrc=size={W}x{H}:rate=30",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=48000",
        "-t",
        "2",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-ac",
        "2",
        "-movflags",
        "+faststart",
        str(out),
    )
    return out


@pytest.fixture(scope="module")
def labelled(work, episode_mp4, record, identity) -> Path:
    return embed_labels(episode_mp4, work / "labelled.mp4", record, identity)


# -- provenance -----------------------------------------------------------------------


def test_provenance_counts_ai_procedural_and_human(record):
    totals = record["totals"]
    assert (totals["shots"], totals["shots_ai"], totals["shots_procedural"]) == (3, 1, 1)
    assert (totals["shots_human"], totals["shots_synthetic"]) == (1, 2)
    assert (totals["audio_tracks"], totals["audio_synthetic"], totals["audio_human"]) == (3, 1, 2)
    assert (totals["ingredients"], totals["ingredients_synthetic"]) == (7, 4)
    still = record["shots"][0]["still"]
    assert (still["origin"], still["provider"], still["model"]) == ("ai", "kling", "kling-v2")
    assert still["digital_source_type"] == IPTC + "trainedAlgorithmicMedia"
    assert (still["seed"], still["effective_seed"], still["take"]) == (5, 5 + 7919, 1)
    assert record["shots"][0]["voice"]["origin"] == "human"
    assert record["shots"][1]["origin"] == "procedural"
    assert record["labels"]["visible"] and record["labels"]["visible_default"]
    assert "any shot or audio track is synthetic" in record["labels"]["rule"]


def test_provenance_never_holds_keys_or_private_prompts(record, tmp_path):
    text = json.dumps(record)
    assert "sk-SECRET" not in text and "api_key" not in text
    assert "the secret twist" not in text
    assert record["shots"][1]["still"]["prompt"] == REDACTED
    assert record["shots"][0]["still"]["prompt"] == "rain"
    path = write_provenance(tmp_path / "provenance.json", record)
    assert json.loads(path.read_text(encoding="utf-8")) == record
    assert [p.name for p in tmp_path.iterdir()] == ["provenance.json"]


def test_turning_the_visible_label_off_is_recorded():
    shots, music = episode_shots()
    off = build_record("Ep", shots, music, {"visible": False, "off_reason": "label in intro"})
    assert not off.labels.visible and off.labels.visible_default
    assert off.labels.visible_overridden and off.labels.off_reason == "label in intro"
    assert any("visible AI label is off" in w for w in off.labels.warnings)
    assert off.labels.implicit  # the metadata label cannot be turned off
    assert labels.visible_label_text(off) is None
    assert labels.visible_label_text(build_record("Ep", shots, music)) == "AI生成"


def test_an_all_human_episode_needs_no_label():
    shots, _ = episode_shots()
    rec = build_record("Home video", [shots[2]], None)
    assert rec.totals.shots_human == 1
    assert not rec.labels.visible and not rec.labels.implicit
    with pytest.raises(LabelError, match="Nothing in this episode"):
        aigc_metadata(rec)


def test_label_fields_reject_characters_the_standard_forbids(record):
    with pytest.raises(LabelError, match="no spaces"):
        aigc_metadata(record, producer="My Studio")
    fields = aigc_metadata(record, producer="My-Studio", produce_id="EP-1")
    assert fields["ContentPropagator"] == "My-Studio" and fields["PropagateID"] == "EP-1"


def test_wrapped_aigc_objects_from_other_tools_are_read():
    raw = '{"AIGC":{"Label":"1","ContentProducer":"x","ProduceID":"y"}}'
    fields, problems = labels.parse_aigc(raw)
    assert fields["Label"] == "1"
    assert "field ReservedCode1 is missing" in problems
    assert any("must be" in p for p in labels.parse_aigc('{"Label":"4"}')[1])


# -- embedding and reading back -------------------------------------------------------


def format_tags(path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)["format"]["tags"]


def test_ffprobe_reads_the_aigc_field_the_record_says(labelled, record):
    tags = format_tags(labelled)
    assert [k for k in tags if "aigc" in k.lower()] == ["AIGC"]
    assert json.loads(tags["AIGC"]) == aigc_metadata(record)
    fields = json.loads(tags["AIGC"])
    assert fields["Label"] == "1" and fields["ContentProducer"] == "ShotGraph-Test"
    assert json.loads(tags[labels.VISIBLE_KEY])["on"] is True


def test_tags_read_in_process_are_what_ffprobe_reports(labelled, monkeypatch):
    """The installers bundle no ffprobe: the tags are read without one, and are ffprobe's."""
    from app.media import ffmpeg as media

    probed = subprocess.run(
        [media.ffprobe_path() or "ffprobe", "-v", "error", "-show_entries",
         "format_tags:stream=index:stream_tags", "-of", "json", str(labelled)],
        capture_output=True, text=True, check=True)
    expected = json.loads(probed.stdout)
    monkeypatch.setattr(media, "ffprobe_path", lambda: None)
    read = labels.probe_tags(labelled)
    assert read["format"] == expected["format"]  # the labels live here
    assert [s["index"] for s in read["streams"]] == [s["index"] for s in expected["streams"]]
    for ours, theirs in zip(read["streams"], expected["streams"], strict=True):
        assert ours["tags"].items() <= theirs["tags"].items()  # ffprobe 5.1 adds vendor_id
    assert json.loads(read["format"]["tags"]["AIGC"])["Label"] == "1"
    report = labels.read_labels(labelled)
    assert report.ok, report.problems
    assert report.implicit.fields["Label"] == "1"
    with pytest.raises(labels.LabelError, match="Reading the metadata of nothing.mp4"):
        labels.probe_tags(labelled.with_name("nothing.mp4"))


def test_c2pa_manifest_matches_the_provenance(labelled, record):
    reader = c2pa.Reader(str(labelled))
    manifest = reader.get_active_manifest()
    assert reader.get_validation_state() == "Valid"  # self-signed: valid, not trusted
    actions = next(
        a["data"]["actions"] for a in manifest["assertions"] if a["label"] == "c2pa.actions.v2"
    )
    assert actions[0]["action"] == "c2pa.created"
    assert actions[0]["digitalSourceType"] == IPTC + "compositeWithTrainedAlgorithmicMedia"
    placed = Counter(a["digitalSourceType"].removeprefix(IPTC) for a in actions[1:])
    totals = record["totals"]
    assert len(manifest["ingredients"]) == totals["ingredients"] == sum(placed.values())
    assert placed["digitalCapture"] == totals["ingredients_human"]
    assert (
        placed["trainedAlgorithmicMedia"] + placed["algorithmicMedia"]
        == (totals["ingredients_synthetic"])
    )
    summary = next(
        a["data"] for a in manifest["assertions"] if a["label"] == labels.PROVENANCE_ASSERTION
    )
    assert summary["totals"] == totals
    assert summary["gb45438_aigc"] == aigc_metadata(record)
    assert "rain" not in json.dumps(summary)  # prompts stay out of the public manifest


def test_read_labels_reports_both_labels(labelled):
    report = read_labels(labelled)
    assert report.ok, report.problems
    assert report.implicit.fields["Label"] == "1" and report.visible_declared
    assert report.manifest.self_signed and not report.manifest.trusted
    assert labels.SELF_SIGNED_NAME in report.manifest.common_name


def test_embedding_copies_every_packet_unchanged(labelled, episode_mp4):
    before = labels.packet_checksums(episode_mp4)
    assert before and before == labels.packet_checksums(labelled)


def test_packet_checksums_see_one_changed_byte_of_the_pictures(episode_mp4, tmp_path):
    data = bytearray(episode_mp4.read_bytes())
    mdat = data.index(b"mdat") + 4 + 2000  # inside the first packets' payload
    data[mdat] ^= 0xFF
    changed = tmp_path / "changed.mp4"
    changed.write_bytes(bytes(data))
    before, after = labels.packet_checksums(episode_mp4), labels.packet_checksums(changed)
    assert len(before) == len(after)
    differing = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(differing) == 1  # that packet's MD5, and nothing else
    assert before[differing[0]].rsplit(", ", 1)[0] == after[differing[0]].rsplit(", ", 1)[0]
    with pytest.raises(labels.LabelError, match="Checksumming the packets of nothing.mp4"):
        labels.packet_checksums(tmp_path / "nothing.mp4")


def test_default_signer_is_made_once_in_the_data_dir(tmp_path, monkeypatch, episode_mp4, record):
    monkeypatch.setenv("SHOTGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SHOTGRAPH_C2PA_CERT", raising=False)
    monkeypatch.delenv("SHOTGRAPH_C2PA_KEY", raising=False)
    embed_labels(episode_mp4, tmp_path / "out.mp4", record)
    keys = sorted(p.name for p in (tmp_path / "data" / "c2pa").iterdir())
    assert keys == [
        "shotgraph-self-signed-NOT-TRUSTED.cert.pem",
        "shotgraph-self-signed-NOT-TRUSTED.key.pem",
    ]
    assert (tmp_path / "data/c2pa" / keys[1]).stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.mp4"]


def test_labels_survive_when_applied_after_concat_and_mux(work, episode_mp4, record, identity):
    """The export's order: segments joined by stream copy, audio muxed, then labels."""
    seg_a, seg_b = work / "seg_a.mp4", work / "seg_b.mp4"
    ffmpeg("-i", str(episode_mp4), "-an", "-c", "copy", str(seg_b))
    embed_labels(seg_b, seg_a, record, identity)  # one labelled, one plain segment
    listing = work / "segments.txt"
    listing.write_text(f"file '{seg_a}'\nfile '{seg_b}'\n")
    joined, audio, muxed = work / "joined.mp4", work / "audio.m4a", work / "muxed.mp4"
    ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(joined))
    ffmpeg("-i", str(episode_mp4), "-vn", "-c", "copy", str(audio))
    ffmpeg(
        "-i",
        str(joined),
        "-i",
        str(audio),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        str(muxed),
    )
    stale = read_labels(muxed)
    assert not stale.implicit.present and stale.manifest is None  # joins drop labels
    final = embed_labels(muxed, work / "final.mp4", record, identity)
    report = read_labels(final)
    assert report.ok, report.problems
    assert report.implicit.keys == ["AIGC"]
    assert labels.packet_checksums(final) == labels.packet_checksums(muxed)


# -- visible label --------------------------------------------------------------------

BACKGROUND = (40, 120, 200)


def encode_frames(path: Path, label: str | None, frames: int = 6) -> None:
    frame = np.empty((H, W, 3), np.uint8)
    frame[:] = BACKGROUND
    if label:
        frame = labels.draw_label(frame, label)
    proc = subprocess.Popen(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-s",
            f"{W}x{H}",
            "-r",
            "30",
            "-i",
            "-",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "18",
            "-pix_fmt",
            "yuv420p",
            str(path),
        ],
        stdin=subprocess.PIPE,
    )
    proc.communicate(frame.tobytes() * frames, timeout=60)
    assert proc.returncode == 0


def first_frame(path: Path) -> np.ndarray:
    out = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(path),
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    return np.frombuffer(out, np.uint8).reshape(H, W, 3)


def label_area(text: str = "AI生成") -> tuple[slice, slice]:
    patch = labels.label_patch(text, W, H)
    x, y = labels.label_box(patch.size, W, H, "top-left")
    return slice(y, y + patch.height), slice(x, x + patch.width)


def test_visible_label_pixels_are_in_the_video_only_when_on(tmp_path):
    on, off = tmp_path / "on.mp4", tmp_path / "off.mp4"
    encode_frames(on, "AI生成")
    encode_frames(off, None)
    rows, cols = label_area()
    lit, plain = first_frame(on)[rows, cols].astype(int), first_frame(off)[rows, cols].astype(int)
    assert (lit.min(axis=2) > 220).sum() > 500  # white text
    assert (lit.max(axis=2) < 60).sum() > 500  # dark outline and box
    assert np.abs(plain - BACKGROUND).max() < 12  # nothing drawn when off
    outside_on, outside_off = first_frame(on)[H // 2 :], first_frame(off)[H // 2 :]
    assert np.abs(outside_on.astype(int) - outside_off).max() < 6


def test_visible_label_is_tall_enough_and_inside_the_safe_area():
    patch = np.asarray(labels.label_patch("AI生成", W, H))
    text_rows = np.flatnonzero((patch[..., :3].min(axis=2) > 200).any(axis=1))
    assert text_rows[-1] - text_rows[0] + 1 >= 0.05 * W  # GB 45438 5.4: 5% of short side
    rows, cols = label_area()
    assert cols.start >= W * labels.SAFE_AREA["left"] and rows.start >= H * labels.SAFE_AREA["top"]
    overlay = np.asarray(labels.label_overlay_png("AI生成", W, H))
    alpha_rows, alpha_cols = np.nonzero(overlay[..., 3])
    assert alpha_rows.min() >= rows.start and alpha_rows.max() < rows.stop
    assert alpha_cols.min() >= cols.start and alpha_cols.max() < cols.stop


def test_unknown_label_position_is_an_error():
    with pytest.raises(LabelError, match="top-left"):
        labels.label_box((10, 10), W, H, "middle")


# -- shotgraph verify -----------------------------------------------------------------


def test_verify_exit_codes(labelled, episode_mp4, tmp_path):
    runner = CliRunner()
    good = runner.invoke(verify_command, [str(labelled)])
    assert good.exit_code == 0, good.output
    assert "ShotGraph-Test" in good.output and "self-signed" in good.output
    assert runner.invoke(verify_command, [str(episode_mp4)]).exit_code == 1
    tampered = tmp_path / "tampered.mp4"
    data = bytearray(labelled.read_bytes())
    data[-5000:-4990] = bytes(10)  # inside mdat: the C2PA hash no longer matches
    tampered.write_bytes(bytes(data))
    bad = runner.invoke(verify_command, [str(tampered)])
    assert bad.exit_code == 1 and "does not validate" in bad.output
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video")
    assert runner.invoke(verify_command, [str(junk)]).exit_code == 2
