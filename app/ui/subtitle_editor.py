"""The subtitle editor the Timeline dock opens on a shot: the text, split and timing of its
subtitles, without touching the script's line (``SubtitleEdit``s on the Edit & Export node).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nodes.edit import SubtitleEdit


def split_text(text: str) -> tuple[str, str]:
    """``text`` in two at the word break nearest its middle (between characters for Chinese)."""
    text = " ".join(text.split())
    middle = len(text) / 2
    breaks = [i for i, ch in enumerate(text) if ch == " "]
    if breaks:
        at = min(breaks, key=lambda i: abs(i - middle))
        return text[:at].strip(), text[at + 1:].strip()
    at = max(1, round(middle))
    return text[:at], text[at:]


class SubtitleDialog(QDialog):
    """A shot's subtitles: their text, split and timing; the script's line is not touched.

    ``edited`` carries the new cues (``SubtitleEdit``s), or ``None`` to show the line's own
    subtitle again.
    """

    edited = Signal(object)

    def __init__(self, number: int, line: str, seconds: float, rows: list[dict[str, Any]],
                 parent: QWidget | None = None):
        """Shot ``number`` (1-based) with its spoken ``line``, ``seconds`` long; ``rows``:
        its subtitles as they are (``text``, and ``start``/``end`` when timed)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Subtitles of shot %d") % number)
        line = QLabel(self.tr("Spoken line: %s") % (line or self.tr("(none)")), self)
        line.setWordWrap(True)
        hint = QLabel(self.tr("Times are seconds from the start of the shot (it lasts %.1f s); "
                              "leave them empty to follow the spoken line.") % seconds,
                      self)
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Text"), self.tr("Start"), self.tr("End")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row in rows:
            self.add_row(row.get("text", ""), row.get("start"), row.get("end"))
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #ff8a80")
        self._buttons()
        layout = QVBoxLayout(self)
        for w in (line, hint, self.table, self.problem):
            layout.addWidget(w)
        layout.addLayout(self.button_row)
        self.resize(560, 320)

    def _buttons(self) -> None:
        add = QPushButton(self.tr("Add"), self)
        split = QPushButton(self.tr("Split"), self)
        split.setToolTip(self.tr("Cut the selected subtitle in two, at the word nearest its middle"))
        remove = QPushButton(self.tr("Remove"), self)
        reset = QPushButton(self.tr("Back to the line"), self)
        ok = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        add.clicked.connect(lambda: self.add_row("", None, None))
        split.clicked.connect(self.split_selected)
        remove.clicked.connect(lambda: self.table.removeRow(max(0, self.table.currentRow())))
        reset.clicked.connect(self.reset)
        ok.accepted.connect(self.accept)
        ok.rejected.connect(self.reject)
        self.split_button, self.reset_button = split, reset
        row = QHBoxLayout()
        for b in (add, split, remove, reset):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(ok)
        self.button_row = row

    def add_row(self, text: str, start: float | None, end: float | None, at: int = -1) -> None:
        row = self.table.rowCount() if at < 0 else at
        self.table.insertRow(row)
        for column, value in enumerate((text, start, end)):
            shown = "" if value is None else (value if column == 0 else f"{float(value):g}")
            self.table.setItem(row, column, QTableWidgetItem(str(shown)))

    def split_selected(self) -> None:
        """The selected subtitle in two; a timed one shares its time by length."""
        row = max(0, self.table.currentRow())
        if row >= self.table.rowCount():
            return
        first, second = split_text(self.table.item(row, 0).text())
        if not first or not second:
            return
        start, end = self._time(row, 1), self._time(row, 2)
        middle = None
        if start is not None and end is not None:
            middle = round(start + (end - start) * len(first) / (len(first) + len(second)), 2)
        self.table.removeRow(row)
        self.add_row(first, start, middle, row)
        self.add_row(second, middle, end, row + 1)
        self.table.setCurrentCell(row, 0)

    def _time(self, row: int, column: int) -> float | None:
        item = self.table.item(row, column)
        text = item.text().strip() if item is not None else ""
        if not text:
            return None
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise ValueError(self.tr("Subtitle %d: %r is not a number of seconds")
                             % (row + 1, text)) from None

    def cues(self) -> list[SubtitleEdit]:
        """The table's subtitles, checked (``ValueError`` says which row is wrong)."""
        out = []
        for row in range(self.table.rowCount()):
            text = self.table.item(row, 0).text().strip()
            start, end = self._time(row, 1), self._time(row, 2)
            if not text:
                continue
            try:
                out.append(SubtitleEdit(text=text, start=start, end=end))
            except ValidationError as exc:
                reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
                raise ValueError(self.tr("Subtitle %d: %s") % (row + 1, reason)) from None
        return out

    def accept(self) -> None:  # noqa: D102 - Qt override: refuse bad rows, say why
        try:
            cues = self.cues()
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        self.edited.emit(cues)
        super().accept()

    def reset(self) -> None:
        self.edited.emit(None)
        super().accept()
