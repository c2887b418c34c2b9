"""File > Export timeline: the cut handed to another editor (Resolve, Premiere, Final Cut,
JianYing, CapCut) through ``nodes.handoff``, off the UI thread, with progress and cancel.

The hand-off is written from the last exported episode; when the cut has changed since,
the window makes the episode first (only the changed segments re-encode), then writes.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

FORMAT_ORDER = ("jianying", "capcut", "otio", "fcpxml")
DRAFTS = ("jianying", "capcut")


def default_target(project_folder: Path, fmt: str) -> Path:
    """Where a hand-off goes unless the creator says otherwise: beside the project folder."""
    base = project_folder.parent / f"{project_folder.name}-{fmt}"
    if fmt in DRAFTS:
        return _unused(base)
    return _unused(base) / f"{project_folder.name}.{fmt}"


def _unused(path: Path) -> Path:
    if not path.exists():
        return path
    n = 2
    while path.with_name(f"{path.name}-{n}").exists():
        n += 1
    return path.with_name(f"{path.name}-{n}")


class TimelineExportDialog(QDialog):
    """Which editor to hand the cut to, and where."""

    def __init__(self, project_folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export timeline"))
        self.project_folder = Path(project_folder)
        self.format = QComboBox(self)
        names = {
            "jianying": self.tr("JianYing draft (剪映专业版)"),
            "capcut": self.tr("CapCut draft"),
            "otio": self.tr("OpenTimelineIO (DaVinci Resolve, Premiere Pro)"),
            "fcpxml": self.tr("FCPXML (Final Cut Pro, DaVinci Resolve)"),
        }
        for fmt in FORMAT_ORDER:
            self.format.addItem(names[fmt], fmt)
        self.target = QLineEdit(self)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        self.note = QLabel(self, wordWrap=True)
        form = QFormLayout(self)
        form.addRow(self.tr("Editor"), self.format)
        form.addRow(self.tr("Save to"), row)
        form.addRow(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(lambda _: self._on_format())
        self._on_format()
        self.resize(620, 200)

    @property
    def fmt(self) -> str:
        return str(self.format.currentData())

    def _on_format(self) -> None:
        self.target.setText(str(default_target(self.project_folder, self.fmt)))
        self.note.setText(
            self.tr("A new folder with the draft, its media and a README on how to open it.")
            if self.fmt in DRAFTS
            else self.tr("The timeline file, with its media and a README in the same folder.")
        )

    def _browse(self) -> None:
        current = Path(self.target.text())
        if self.fmt in DRAFTS:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the draft"),
                                                      str(current.parent))
            if folder:
                self.target.setText(str(Path(folder) / current.name))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Timeline file"), str(current),
                                              f"*.{self.fmt}")
        if path:
            self.target.setText(path if path.endswith(f".{self.fmt}") else f"{path}.{self.fmt}")


class TimelineExport(QObject):
    """One hand-off on a worker thread: ``progress(fraction, message)``, then ``finished``
    with the result or ``failed`` with a message the creator can act on."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, project: Any, fmt: str, out: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.project, self.fmt, self.out = project, fmt, Path(out)
        self.cancel_event = threading.Event()
        self._job: QRunnable | None = None

    def start(self) -> None:
        job = _Job(self)
        self._job = job
        QThreadPool.globalInstance().start(job)

    def cancel(self) -> None:
        self.cancel_event.set()


class _Job(QRunnable):
    def __init__(self, owner: TimelineExport):
        super().__init__()
        self.owner = owner

    def run(self) -> None:
        from app.core.node_api import Cancelled
        from app.delivery.handoff import HandoffError
        from app.media.ffmpeg import MediaError
        from nodes.handoff import export_timeline

        owner = self.owner
        try:
            result = export_timeline(owner.project, owner.fmt, owner.out,
                                     on_progress=owner.progress.emit,
                                     cancel_event=owner.cancel_event)
        except Cancelled:
            owner.failed.emit(
                QCoreApplication.translate("TimelineExport", "Stopped: nothing was written.")
            )
        except (HandoffError, MediaError, OSError) as exc:
            owner.failed.emit(str(exc))
        else:
            owner.finished.emit(result)
