"""App preferences (window layout, recent projects, language) in an INI file.

The file lives in platformdirs' user config dir; ``SHOTGRAPH_CONFIG_DIR`` moves it
(tests point it at a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

MAX_RECENT = 8


def config_dir() -> Path:
    override = os.environ.get("SHOTGRAPH_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("ShotGraph"))


def app_settings() -> QSettings:
    path = config_dir() / "shotgraph.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def recent_projects() -> list[str]:
    value = app_settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [p for p in (value or []) if Path(p).exists()]


def remember_project(path: Path) -> None:
    entry = str(Path(path).resolve())
    recent = [entry] + [p for p in recent_projects() if p != entry]
    app_settings().setValue("recent", recent[:MAX_RECENT])


def language() -> str:
    """The chosen UI language ("" = follow the system locale)."""
    return str(app_settings().value("language", "") or "")


def set_language(code: str) -> None:
    app_settings().setValue("language", code)


def run_budget() -> float | None:
    """The per-run budget in the price table's currency (None = no budget)."""
    try:
        value = float(app_settings().value("run/budget", 0.0) or 0.0)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def set_run_budget(value: float | None) -> None:
    app_settings().setValue("run/budget", float(value or 0.0))


def audio_input() -> str:
    """The id of the microphone chosen for recording lines ("" = the system default)."""
    return str(app_settings().value("record/input", "") or "")


def set_audio_input(device_id: str) -> None:
    app_settings().setValue("record/input", device_id)


def count_in() -> int:
    """Seconds counted down before a recording starts."""
    try:
        return max(0, min(10, int(app_settings().value("record/count_in", 3))))
    except (TypeError, ValueError):
        return 3


def set_count_in(seconds: int) -> None:
    app_settings().setValue("record/count_in", int(seconds))
