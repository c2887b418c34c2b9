"""Input widgets that take the mouse wheel only when they have the keyboard focus.

Scrolling a pane full of fields must scroll the pane, never change a setting the pointer
happens to pass over. An unfocused field ignores the wheel, so Qt hands it on to the
scroll area around it; a click (or Tab) gives the field focus and then the wheel steps it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSlider, QSpinBox, QWidget


class _FocusedWheel:
    """Mixin: no focus from the wheel, and the wheel passes through unless focused."""

    def _take_focus_by_click_or_tab(self) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # type: ignore[attr-defined]

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not self.hasFocus():  # type: ignore[attr-defined]
            event.ignore()  # the scroll area (or whatever holds us) gets it
            return
        super().wheelEvent(event)  # type: ignore[misc]


class SpinBox(_FocusedWheel, QSpinBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._take_focus_by_click_or_tab()


class DoubleSpinBox(_FocusedWheel, QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._take_focus_by_click_or_tab()


class ComboBox(_FocusedWheel, QComboBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._take_focus_by_click_or_tab()


class Slider(_FocusedWheel, QSlider):
    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None):
        super().__init__(orientation, parent)
        self._take_focus_by_click_or_tab()
