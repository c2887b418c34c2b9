"""The dark look of the app: palette, family colours and port-type colours."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ICONS = Path(__file__).resolve().parent / "icons"

FAMILY_COLORS: dict[str, tuple[int, int, int]] = {
    "script": (150, 110, 40),
    "image": (30, 120, 120),
    "video": (110, 70, 150),
    "music": (150, 60, 110),
    "voice": (60, 130, 70),
    "edit": (50, 90, 160),
    "io": (90, 90, 90),
}

PORT_COLORS: dict[str, tuple[int, int, int]] = {
    "Text": (220, 220, 220),
    "Script": (240, 180, 60),
    "Shot": (250, 140, 70),
    "Character": (240, 110, 150),
    "Image": (60, 200, 200),
    "Video": (170, 120, 240),
    "Audio": (110, 210, 110),
    "Subtitles": (200, 200, 120),
}

STATE_COLORS: dict[str, str] = {
    "stale": "#8a8a8a",
    "queued": "#6f7fa8",
    "running": "#2f7fd8",
    "cached": "#3f8f6a",
    "done": "#2fa84f",
    "failed": "#d04040",
    "skipped": "#6a6a6a",
}

# Run timeline bar colours, by node_run status.
RUN_STATUS_COLORS: dict[str, str] = {
    "ran": "#2fa84f",
    "cached": "#3f8f6a",
    "failed": "#d04040",
    "cancelled": "#b08a30",
    "skipped": "#6a6a6a",
}


def family_color(family: str) -> tuple[int, int, int]:
    return FAMILY_COLORS.get(family, (80, 80, 80))


@functools.cache  # looked up for every node a graph loads; the files do not move
def family_icon(family: str) -> str:
    path = ICONS / f"{family}.svg"
    return str(path if path.exists() else ICONS / "io.svg")


def port_color(type_name: str) -> tuple[int, int, int]:
    """Lists share their item's hue, a little darker, so List[Shot] reads as 'shots'."""
    if type_name.startswith("List[") and type_name.endswith("]"):
        r, g, b = port_color(type_name[5:-1])
        return (int(r * 0.75), int(g * 0.75), int(b * 0.75))
    return PORT_COLORS.get(type_name, (160, 160, 160))


def apply_dark_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#2b2b2e",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f22",
        QPalette.ColorRole.AlternateBase: "#29292d",
        QPalette.ColorRole.ToolTipBase: "#1f1f22",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#35353a",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6060",
        QPalette.ColorRole.Highlight: "#2f7fd8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#5aa0f0",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#777777"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)


STYLESHEET = """
QDockWidget::title { background: #333338; padding: 4px; }
QToolBar { spacing: 4px; border: none; }
QLabel#error { color: #ff7070; }
QLabel#toast { background: rgba(180, 50, 50, 220); color: white; padding: 8px 14px;
               border-radius: 6px; font-weight: bold; }
QLabel#cardText { color: #dddddd; }
QListWidget#palette { font-size: 12px; }
"""
