"""``doctor``: health checks of what the app needs outside Python (ffmpeg, fonts, TTS, keyring, Ray)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from app.cli.command import cli, fail, out


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    required: bool = True


def _ffmpeg() -> Check:
    path = shutil.which("ffmpeg")
    if path is None:
        try:
            import imageio_ffmpeg

            path = imageio_ffmpeg.get_ffmpeg_exe()
        except Exception:
            return Check("ffmpeg", False, "not found: install ffmpeg")
    try:
        first = subprocess.run([path, "-hide_banner", "-version"], capture_output=True,
                               text=True, timeout=20).stdout.splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError) as exc:
        return Check("ffmpeg", False, f"{path} does not run: {exc}")
    return Check("ffmpeg", True, f"{path}: {first}")


def _x264() -> Check:
    from app.media.ffmpeg import MediaError, ffmpeg_path

    try:  # the ffmpeg exports run: the system one, else imageio-ffmpeg's (as in bundles)
        path = ffmpeg_path()
    except MediaError:
        return Check("H.264 encoder", False, "needs ffmpeg")
    encoders = subprocess.run([path, "-hide_banner", "-encoders"], capture_output=True,
                              text=True, timeout=20).stdout
    ok = "libx264" in encoders
    return Check("H.264 encoder", ok, "libx264" if ok else "ffmpeg lacks libx264")


def _cjk_font() -> Check:
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],
                               capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    ok = bool(found) and "CJK" in found and Path(found).exists()
    return Check("CJK font", ok, found or "install fonts-noto-cjk", required=True)


def _espeak() -> Check:
    path = shutil.which("espeak-ng")
    if path is None:
        return Check("offline voice (espeak-ng)", False, "not found: install espeak-ng")
    return Check("offline voice (espeak-ng)", True, path)


def _keyring() -> Check:
    try:
        import keyring

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        usable = "fail" not in name.lower() and "null" not in name.lower()
        detail = name if usable else f"{name}: keys only from SHOTGRAPH_<NAME>_API_KEY"
        return Check("keyring", usable, detail, required=False)
    except Exception as exc:  # any backend error is a warning, not a failure
        return Check("keyring", False, str(exc), required=False)


def _ray() -> Check:
    from app.core.series import cluster

    found = cluster.ray_version()
    if found is None:
        return Check("Ray (seasons on a cluster)", False,
                     "not installed: seasons run in this process; for --ray install "
                     "ShotGraph from Python (README: set up)", required=False)
    return Check("Ray (seasons on a cluster)", True,
                 f"ray {found}: shotgraph series run --ray local|ADDRESS", required=False)


def run_checks() -> list[Check]:
    """Every check, in the order a creator fixes them."""
    return [_ffmpeg(), _x264(), _cjk_font(), _espeak(), _keyring(), _ray()]


@cli.command()
def doctor() -> None:
    """Check ffmpeg, fonts, text-to-speech, the keyring and Ray."""
    table = Table("check", "status", "detail")
    failed = False
    for check in run_checks():
        failed |= not check.ok and check.required
        status = "[green]ok[/green]" if check.ok else (
            "[red]missing[/red]" if check.required else "[yellow]warning[/yellow]")
        table.add_row(check.name, status, check.detail)
    out.print(table)
    if failed:
        fail("some required parts are missing; run installers/setup-system.sh")
