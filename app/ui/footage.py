"""Your own footage for one shot: a video or picture dropped on a storyboard card.

The drop opens a short dialog (how to fit a picture that is not 9:16, whether a clip's
own sound plays); accepting it makes the file that shot's clip or still through
``nodes.shot_edits`` (one undoable command; the file is copied into the project).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from app.media.ffmpeg import MediaError, probe

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}


def footage_kind(path: Path) -> str:
    """``"clip"`` for a video file, ``"still"`` for a picture, ``""`` for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return "clip"
    if suffix in IMAGE_SUFFIXES:
        return "still"
    return ""


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files in a drag that are videos or pictures."""
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.is_file() and footage_kind(p)]


class FootageDialog(QDialog):
    """How a dropped file becomes shot N's clip or still: fit (pad or crop) and sound."""

    chosen = Signal(object, str, str)  # path, fit, sound ("" for a still)

    def __init__(self, path: Path, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.kind = footage_kind(self.path)
        what = self.tr("clip") if self.kind == "clip" else self.tr("still")
        self.setWindowTitle(self.tr("Use as shot %d's %s") % (number, what))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("<b>%s</b> becomes shot %d's %s.")
                           % (self.path.name, number, what), self))
        try:
            self.found = probe(self.path)
            info = self._describe()
        except MediaError as exc:
            self.found, info = None, str(exc)
        form.addRow(QLabel(info, self, wordWrap=True))
        self.pad = QRadioButton(self.tr("Pad (show it all, bars around)"), self)
        self.crop = QRadioButton(self.tr("Crop (fill the 9:16 frame)"), self)
        self.pad.setChecked(True)
        form.addRow(self.tr("Fit"), self._pair(self.pad, self.crop))
        self.keep = QRadioButton(self.tr("Keep (ducked under the lines)"), self)
        self.mute = QRadioButton(self.tr("Mute"), self)
        self.keep.setChecked(True)
        if self.kind == "clip":
            form.addRow(self.tr("Its sound"), self._pair(self.keep, self.mute))
            if self.found is not None and not self.found.has_audio:
                self.mute.setChecked(True)
                self.keep.setEnabled(False)
        else:  # a still has no sound to keep
            self.keep.hide()
            self.mute.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _pair(self, a: QRadioButton, b: QRadioButton) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(box)
        for button in (a, b):
            group.addButton(button)
            row.addWidget(button)
        return box

    def _describe(self) -> str:
        found = self.found
        parts = []
        if found.width and found.height:
            parts.append(f"{found.width}x{found.height}")
        if self.kind == "clip":
            parts.append(self.tr("%.1f s") % found.duration)
            if found.fps:
                parts.append(f"{found.fps:g} fps")
            parts.append(self.tr("with sound") if found.has_audio else self.tr("no sound"))
        return " · ".join(parts)

    def choice(self) -> tuple[str, str]:
        """(fit, sound) as the model names them."""
        fit = "crop" if self.crop.isChecked() else "pad"
        sound = "" if self.kind != "clip" else ("mute" if self.mute.isChecked() else "keep")
        return fit, sound

    def accept(self) -> None:  # noqa: D102 - Qt override
        fit, sound = self.choice()
        self.chosen.emit(self.path, fit, sound)
        super().accept()


def footage_changes(path: Path, fit: str, sound: str) -> Any:
    """The ``ShotChanges`` that make ``path`` a shot's clip or still."""
    from nodes.shot_edits import ShotChanges

    if footage_kind(path) == "clip":
        return ShotChanges(clip=Path(path), fit=fit, sound=sound or "keep")  # type: ignore[arg-type]
    return ShotChanges(still=Path(path), fit=fit)  # type: ignore[arg-type]
