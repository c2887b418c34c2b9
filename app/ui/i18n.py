"""Loads the UI translation for the chosen language or the system locale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
LANGUAGES = {"": "System", "en": "English", "zh_CN": "简体中文"}


def install_translator(app: QApplication, code: str = "") -> QTranslator | None:
    """Install the translator for ``code`` (or the system locale); None for English."""
    name = code or QLocale.system().name()
    if name.startswith("zh"):
        name = "zh_CN"
    qm = I18N / f"shotgraph_{name}.qm"
    if not qm.exists():
        return None
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        return None
    app.installTranslator(translator)
    return translator
