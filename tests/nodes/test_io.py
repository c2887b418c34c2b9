import subprocess
import wave

import pytest
from PIL import Image

from app.core.node_api import NodeError
from nodes.io import ImportAudio, ImportImage, ImportVideo, TextSource


def test_text_source(run_node):
    assert run_node(TextSource, text="A premise.") == {"text": "A premise."}


def test_image_import_copies_with_safe_meta(run_node, tmp_path):
    source = tmp_path / "private" / "face.png"
    source.parent.mkdir()
    Image.new("RGB", (64, 48), "red").save(source)
    out = run_node(ImportImage, file=str(source))["image"]
    assert out.path.read_bytes() == source.read_bytes() and out.path != source
    assert out.meta["source_name"] == "face.png" and len(out.meta["sha256"]) == 64
    assert "private" not in str(out.meta)


def test_video_import(run_node, tmp_path):
    source = tmp_path / "clip.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=s=108x192:d=1",
            "-pix_fmt",
            "yuv420p",
            str(source),
        ],
        check=True,
    )
    out = run_node(ImportVideo, file=str(source))["video"]
    assert out.path.suffix == ".mp4" and out.meta["width"] == 108
    assert out.meta["duration"] == pytest.approx(1.0, abs=0.1)


def test_audio_import(run_node, tmp_path):
    source = tmp_path / "room tone.wav"
    with wave.open(str(source), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(b"\0\1" * 16000)
    out = run_node(ImportAudio, file=str(source))["audio"]
    with wave.open(str(out.path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels()) == (48000, 2)


@pytest.mark.parametrize("node", [ImportImage, ImportVideo, ImportAudio])
def test_missing_and_non_media_files_are_rejected_by_name(run_node, tmp_path, node):
    with pytest.raises(NodeError, match="missing.bin"):
        run_node(node, file=str(tmp_path / "missing.bin"))
    junk = tmp_path / "shopping-list.txt"
    junk.write_text("eggs, milk\n" * 20)
    with pytest.raises(NodeError, match="shopping-list.txt"):
        run_node(node, file=str(junk))
    with pytest.raises(NodeError, match="no .* chosen"):
        run_node(node, file="")


def test_image_pixel_limit(run_node, tmp_path, monkeypatch):
    monkeypatch.setattr("nodes.io.MAX_IMAGE_PIXELS", 1000)
    source = tmp_path / "big.png"
    Image.new("RGB", (100, 100)).save(source)
    with pytest.raises(NodeError, match="big.png is 100x100"):
        run_node(ImportImage, file=str(source))



def test_a_picture_past_pillows_own_bomb_limit_gets_our_message(run_node, tmp_path):
    # 182 MP: Pillow itself refuses this size at open (its limit is twice 89 MP); ours
    # (80 MP) must be the one that speaks, naming the file and its size.
    source = tmp_path / "poster.png"
    Image.new("1", (14_000, 13_000)).save(source)  # one bit a pixel: a small file
    with pytest.raises(NodeError, match="poster.png is 14000x13000, more than the 80 MP"):
        run_node(ImportImage, file=str(source))


def _clip(path, *extra):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=192x108:d=1",
                    "-pix_fmt", "yuv420p", *extra, str(path)], check=True)
    return path


@pytest.mark.parametrize("name", ["notes.txt", "notes.mp4", "art.ans"])
def test_a_text_file_is_not_a_video(run_node, tmp_path, name):
    text = tmp_path / name
    text.write_text("Scene 1. INT. HOTEL BALLROOM - NIGHT\n" * 40)
    with pytest.raises(NodeError, match=f"{name}.*(text file|not a readable video)"):
        run_node(ImportVideo, file=str(text))


@pytest.mark.parametrize("name, fmt", [("still.png", "PNG"), ("still.jpg", "JPEG"),
                                       ("still.gif", "GIF"), ("still.webp", "WEBP")])
def test_a_still_image_is_not_a_0x0_video(run_node, tmp_path, name, fmt):
    still = tmp_path / name
    Image.new("RGB", (64, 48), "red").save(still, fmt)
    with pytest.raises(NodeError, match=f"{name} is a still image, not a video"):
        run_node(ImportVideo, file=str(still))


def test_a_phone_clip_reports_its_rotation_and_upright_size(run_node, tmp_path):
    plain = _clip(tmp_path / "plain.mp4")
    rotated = tmp_path / "portrait.mp4"
    # a display matrix (what a phone writes when held upright), pixels unchanged
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(plain), "-c", "copy",
                    "-metadata:s:v:0", "rotate=90", str(rotated)], check=True)
    out = run_node(ImportVideo, file=str(rotated))["video"]
    assert out.meta["rotation"] in (90, 270)
    assert (out.meta["width"], out.meta["height"]) == (108, 192)
    upright = run_node(ImportVideo, file=str(plain))["video"]
    assert upright.meta["rotation"] == 0
    assert (upright.meta["width"], upright.meta["height"]) == (192, 108)
    # the rotation is the one ffmpeg applies when it shows the clip upright
    shown = tmp_path / "shown.png"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(rotated), "-frames:v", "1",
                    str(shown)], check=True)
    coded = tmp_path / "coded.png"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-noautorotate", "-i", str(rotated),
                    "-frames:v", "1", str(coded)], check=True)
    turned = Image.open(coded).convert("L").rotate(out.meta["rotation"], expand=True)
    seen = Image.open(shown).convert("L")
    assert seen.size == turned.size == (108, 192)
    difference = sum(abs(a - b) for a, b in zip(seen.tobytes(), turned.tobytes(), strict=True))
    assert difference / len(seen.tobytes()) < 8  # PIL turns counter-clockwise, like the probe
