"""File > Find copies…: look for the open project's exported shots in a suspect video.

The search runs on a worker thread (``app.delivery.match.find_copies``); the matches are
drawn on a timeline of the suspect (picture evidence above, sound below) and listed in a
table, and the evidence report can be saved as HTML.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.node_api import Cancelled
from app.delivery.evidence import write_report
from app.delivery.fingerprint import FingerprintError
from app.delivery.ledger import LedgerError
from app.delivery.match import MatchResult, find_copies
from app.delivery.references import load_references

VIDEO_FILTER = "Video (*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.flv);;All files (*)"
COLOURS = {"video": QColor("#2f7ed8"), "audio": QColor("#e8892b")}


class _Search(QObject):
    """Runs one search off the UI thread and reports back through signals."""

    progressed = Signal(float, str)
    finished = Signal(object)  # MatchResult
    failed = Signal(str)

    def __init__(self, reference: Path, suspect: Path):
        super().__init__()
        self.reference, self.suspect = reference, suspect
        self.cancel = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._run, name="find-copies", daemon=True).start()

    def _run(self) -> None:
        try:
            references = load_references(self.reference)
            if not references:
                self.failed.emit("")
                return
            result = find_copies(references, self.suspect, self.progressed.emit, self.cancel)
        except (LedgerError, FingerprintError) as exc:
            self.failed.emit(str(exc))
            return
        except Cancelled:
            return
        self.finished.emit(result)


class MatchTimeline(QWidget):
    """The suspect's length as a bar, with a block per match (picture above, sound below)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: MatchResult | None = None
        self.setMinimumHeight(70)

    def show_result(self, result: MatchResult | None) -> None:
        self.result = result
        self.update()

    def blocks(self) -> list[tuple[str, QRectF, int]]:
        """(evidence, rectangle, shot) of each match as drawn."""
        if self.result is None or self.result.suspect_duration <= 0:
            return []
        width, lane = self.width() - 20, (self.height() - 24) / 2
        scale = width / self.result.suspect_duration
        found = []
        for m in self.result.matches:
            top = 4 if m.evidence == "video" else 8 + lane
            rect = QRectF(10 + m.suspect_start * scale, top, max(2.0, m.duration * scale), lane)
            found.append((m.evidence, rect, m.shot))
        return found

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#20242a"))
        painter.setPen(QPen(QColor("#888")))
        painter.drawLine(10, self.height() - 14, self.width() - 10, self.height() - 14)
        if self.result is not None:
            painter.drawText(10, self.height() - 2, "0 s")
            painter.drawText(self.width() - 60, self.height() - 2,
                             f"{self.result.suspect_duration:.1f} s")
        for evidence, rect, shot in self.blocks():
            painter.fillRect(rect, COLOURS[evidence])
            painter.setPen(QPen(QColor("white")))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(shot))
        painter.end()


class FindCopiesDialog(QDialog):
    """Choose a suspect video, see where the project's shots appear, save the report."""

    def __init__(self, reference: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.reference = Path(reference)
        self.result: MatchResult | None = None
        self.search: _Search | None = None
        self.setWindowTitle(self.tr("Find copies"))
        self.resize(820, 520)
        self.suspect_label = QLabel(self.tr("Choose a video to compare with this project."))
        self.choose_button = QPushButton(self.tr("Choose video…"))
        self.choose_button.clicked.connect(self.choose_suspect)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.timeline = MatchTimeline()
        self.table = self._make_table()
        self.save_button = QPushButton(self.tr("Save report…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_report_dialog)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._lay_out()

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, 7)
        table.setHorizontalHeaderLabels([
            self.tr("Evidence"), self.tr("Episode"), self.tr("Shot"), self.tr("In the video"),
            self.tr("In the original"), self.tr("Duration"), self.tr("Score"),
        ])
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.suspect_label, 1)
        top.addWidget(self.choose_button)
        legend = QLabel(self.tr("Blue: the picture matches. Orange: the sound matches."))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        for item in (top,):
            layout.addLayout(item)
        for widget in (self.progress, self.timeline, legend, self.table):
            layout.addWidget(widget)
        layout.addLayout(bottom)

    # -- searching ---------------------------------------------------------------------
    def choose_suspect(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Video to compare"), "",
                                              VIDEO_FILTER)
        if path:
            self.search_in(Path(path))

    def search_in(self, suspect: Path) -> None:
        """Start looking for the project's shots in ``suspect``."""
        if self.search is not None:
            self.search.cancel.set()
        self.result = None
        self.save_button.setEnabled(False)
        self.suspect_label.setText(suspect.name)
        self.status.setText(self.tr("Comparing…"))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.search = _Search(self.reference, suspect)
        self.search.progressed.connect(self._on_progress)
        self.search.finished.connect(self._on_finished)
        self.search.failed.connect(self._on_failed)
        self.search.start()

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))

    def _on_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        if not message:
            message = self.tr("This project has no fingerprints yet: export the episode first.")
        self.status.setText(message)

    def _on_finished(self, result: MatchResult) -> None:
        self.result = result
        self.progress.setVisible(False)
        self.timeline.show_result(result)
        self._fill_table(result)
        video = len({(m.episode, m.shot) for m in result.of("video")})
        audio = len({(m.episode, m.shot) for m in result.of("audio")})
        self.status.setText(
            self.tr("%1 shots match on picture, %2 on sound.").replace("%1", str(video))
            .replace("%2", str(audio))
        )
        self.save_button.setEnabled(True)

    def _fill_table(self, result: MatchResult) -> None:
        self.table.setRowCount(len(result.matches))
        evidence = {"video": self.tr("picture"), "audio": self.tr("sound")}
        for row, m in enumerate(result.matches):
            cells = [evidence[m.evidence], m.episode or "-", str(m.shot),
                     f"{m.suspect_start:.2f} s", f"{m.reference_start:.2f} s",
                     f"{m.duration:.2f} s", f"{m.score:.2f}"]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    # -- the report ----------------------------------------------------------------------
    def save_report_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save evidence report"),
                                              str(Path.home() / "evidence.html"),
                                              "HTML (*.html)")
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> bool:
        """Write the evidence report of the last search to ``path``."""
        if self.result is None:
            return False
        try:
            write_report(self.result, path)
        except OSError as exc:
            self.status.setText(self.tr("The report could not be saved: %1").replace(
                "%1", str(exc)))
            return False
        self.status.setText(self.tr("Report saved to %1").replace("%1", str(path)))
        return True

    def done(self, code: int) -> None:  # noqa: D401 - Qt override
        if self.search is not None:
            self.search.cancel.set()
        super().done(code)
