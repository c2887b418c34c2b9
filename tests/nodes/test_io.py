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
