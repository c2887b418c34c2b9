"""What the PyInstaller bundle needs, checked without building one (installers/shotgraph.spec)."""

from __future__ import annotations

import ast
import glob
import subprocess
import sys
from pathlib import Path

import pytest

from app.media import ffmpeg as media

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installers" / "shotgraph.spec"
NOT_LOADED = {".ts"}  # Qt Linguist sources; the app loads the compiled .qm


def spec_data() -> list[tuple[str, str]]:
    """The spec's ``BUNDLED_DATA`` list, read without running PyInstaller."""
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "BUNDLED_DATA":
            return ast.literal_eval(node.value)
    raise AssertionError("installers/shotgraph.spec has no BUNDLED_DATA list")


def bundled_files() -> set[str]:
    """Where each data file lands inside the bundle, as a path relative to its root."""
    placed = set()
    for source, dest in spec_data():
        matches = glob.glob(str(ROOT / source))
        assert matches, f"the spec bundles {source}, which matches no file"
        placed |= {f"{dest}/{Path(m).name}" for m in matches}
    return placed


def source_files(folder: str) -> list[str]:
    return [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / folder).rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in NOT_LOADED
    ]


@pytest.mark.parametrize("folder", ["resources", "app/ui/icons", "app/core/store/migrations"])
def test_every_data_file_is_bundled_at_its_source_path(folder):
    missing = set(source_files(folder)) - bundled_files()
    assert not missing, f"add these to BUNDLED_DATA in installers/shotgraph.spec: {missing}"


def test_the_code_looks_for_its_files_where_the_bundle_puts_them():
    from app.core.prices import SHIPPED
    from app.core.store.database import MIGRATIONS
    from app.core.templates import TEMPLATES
    from app.ui.i18n import I18N
    from app.ui.theme import ICONS

    placed = bundled_files()
    for location in (TEMPLATES, SHIPPED, MIGRATIONS, ICONS, I18N):
        rel = location.resolve().relative_to(ROOT).as_posix()
        assert rel in placed or any(p.startswith(rel + "/") for p in placed), rel


def test_the_executable_opens_the_editor_when_given_no_arguments():
    sys.path.insert(0, str(ROOT / "installers"))
    try:
        from entry import cli_arguments
    finally:
        sys.path.remove(str(ROOT / "installers"))
    assert cli_arguments(["shotgraph"]) == ["gui"]
    assert cli_arguments(["ShotGraph", "-psn_0_4711"]) == ["gui"]
    assert cli_arguments(["shotgraph", "run", "ep", "--export", "ep.mp4"]) == [
        "run",
        "ep",
        "--export",
        "ep.mp4",
    ]


def test_media_is_probed_without_ffprobe_or_pyav(tmp_path, monkeypatch):
    # A bundle ships imageio-ffmpeg's ffmpeg only: no ffprobe, no PyAV.
    clip = tmp_path / "clip.mp4"
    make = (
        "-v error -f lavfi -i testsrc=size=64x112:rate=25 -f lavfi -i sine=sample_rate=48000"
        " -t 1.5 -c:v libx264 -pix_fmt yuv420p -c:a aac -ac 2"
    )
    subprocess.run([media.ffmpeg_path(), *make.split(), str(clip)], check=True, timeout=60)
    monkeypatch.setattr(media, "ffprobe_path", lambda: None)
    monkeypatch.setitem(sys.modules, "av", None)  # makes ``import av`` raise ImportError

    found = media.probe(clip)

    assert (found.width, found.height, found.video_codec) == (64, 112, "h264")
    assert (found.audio_codec, found.sample_rate, found.channels) == ("aac", 48000, 2)
    assert found.duration == pytest.approx(1.5, abs=0.1)


def test_doctor_finds_h264_in_the_bundled_ffmpeg(monkeypatch):
    # A bundle has no ffmpeg on PATH: doctor must check imageio-ffmpeg's, as exports use it.
    from app.cli import doctor

    monkeypatch.setattr(media.shutil, "which", lambda name: None)
    media.ffmpeg_path.cache_clear()
    try:
        check = doctor._x264()
        assert "imageio_ffmpeg" in media.ffmpeg_path()
    finally:
        media.ffmpeg_path.cache_clear()
    assert (check.ok, check.detail) == (True, "libx264")
