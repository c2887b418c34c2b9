"""The export dialog: how far the export is (stage by stage), Cancel, then Play / Show in folder.

The window runs what the episode needs and forwards the run's events here. While the
shots are still being made the bar is busy and names the step; once the Edit & Export
node runs, the bar follows its progress (shot n of m, the audio, the AI labels).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.engine import Event, NodeCached, NodeDone, NodeFailed, NodeStarted, Progress

SHOT_STAGE = re.compile(r"^shot (\d+)/(\d+)$")


class ExportDialog(QDialog):
    """Follows one export; ``cancel_requested`` asks the window to stop the run."""

    cancel_requested = Signal()

    def __init__(self, target: Path, episode_node: str, label: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export episode"))
        self.setMinimumWidth(460)
        self.target = Path(target)
        self.episode_node = episode_node
        self.label = label  # node id -> the name a creator knows it by
        self.written: list[Path] = []
        self.percent = 0
        self.stages: list[str] = []  # every stage shown, in order (what the creator saw)
        self.heading = QLabel(self.tr("Exporting to %s") % self.target.name, self)
        self.heading.setWordWrap(True)
        self.stage = QLabel(self.tr("Getting ready…"), self)
        self.stage.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the export itself starts
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self._cancel)
        self.play_button = self._button(self.tr("Play"), self.play)
        self.folder_button = self._button(self.tr("Show in folder"), self.show_in_folder)
        self.close_button = self._button(self.tr("Close"), self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.stage, self.bar, self.buttons):
            layout.addWidget(widget)

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(slot)
        button.hide()
        return button

    # -- following the run -----------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        if event.node_id == self.episode_node:
            self._on_export_event(event)
        elif isinstance(event, NodeStarted) and self.bar.maximum() == 0:
            self._set_stage(self.tr("Making %s (%d of %d to make)")
                            % (self.label(event.node_id), event.to_run, event.total))

    def _on_export_event(self, event: Event) -> None:
        if isinstance(event, NodeStarted):
            self.bar.setRange(0, 100)
            self._set_stage(self.tr("Exporting…"))
        elif isinstance(event, Progress):
            self.bar.setRange(0, 100)
            self._set_percent(int(round(100 * event.fraction)))
            self._set_stage(self.describe(event.message))
        elif isinstance(event, NodeDone | NodeCached):
            self.bar.setRange(0, 100)
            self._set_percent(100)
        elif isinstance(event, NodeFailed):
            self.failed(event.error)

    def _set_percent(self, value: int) -> None:
        self.percent = max(self.percent, value)  # never goes back
        self.bar.setValue(self.percent)

    def _set_stage(self, text: str) -> None:
        if text and (not self.stages or self.stages[-1] != text):
            self.stages.append(text)
        self.stage.setText(text)

    def describe(self, message: str) -> str:
        """An export stage in the creator's words (and language)."""
        found = SHOT_STAGE.match(message)
        if found:
            return self.tr("Shot %s of %s") % found.groups()
        known = {
            "mixing audio": self.tr("Mixing the voices and music"),
            "joining": self.tr("Joining the shots"),
            "exported": self.tr("Writing the file"),
            "labelling": self.tr("Adding the AI labels"),
            "labelled": self.tr("Adding the AI labels"),
        }
        return known.get(message, message)

    # -- the outcome ------------------------------------------------------------------------
    def finished_ok(self, written: list[Path], seconds: float | None = None,
                    draft: bool = False) -> None:
        """The episode is where the creator asked: offer to play it or show it. A draft
        (Edit & Export's quality) says so, so that it is not uploaded by mistake."""
        self.written = [Path(p) for p in written]
        self._set_percent(100)
        self.bar.setRange(0, 100)
        size = self.target.stat().st_size / 1e6 if self.target.exists() else 0.0
        length = self.tr(", %.1f s") % seconds if seconds else ""
        self.heading.setText(self.tr("Exported %s (%.1f MB%s)") % (self.target.name, size, length))
        if draft:
            self.heading.setText(self.heading.text() + " " + self.tr(
                "— a draft: set Quality to final in Edit & Export before you upload it"))
        self._set_stage(self.tr("Done: %s") % ", ".join(p.name for p in self.written))
        self._end(ok=True)

    def failed(self, message: str) -> None:
        self.heading.setText(self.tr("The export did not finish"))
        self._set_stage(message)
        self._end(ok=False)

    def cancelled(self) -> None:
        self.heading.setText(self.tr("Export cancelled"))
        self._set_stage(self.tr("Nothing was written to %s.") % self.target)
        self._end(ok=False)

    def _end(self, ok: bool) -> None:
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 100)
        self.cancel_button.hide()
        self.play_button.setVisible(ok)
        self.folder_button.setVisible(ok)
        self.close_button.show()
        (self.play_button if ok else self.close_button).setDefault(True)

    @property
    def running(self) -> bool:
        return self.cancel_button.isVisible()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self._set_stage(self.tr("Stopping…"))
        self.cancel_requested.emit()

    def reject(self) -> None:  # Escape or the window's close button: cancel first
        if self.running:
            self._cancel()
        else:
            super().reject()

    def play(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.target)))

    def show_in_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.target.parent)))
