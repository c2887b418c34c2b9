"""The Series pane: a season's episodes in order, and its cast and style, edited once.

Each row is an episode: the first shot's still, title, length, state and cost so far.
Open shows that episode's graph in the main window. The cast and style belong to the
series: Apply writes them to ``series.json`` and into every episode's graph, and the
pane then says which episodes (and which of their nodes) the change made stale.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import costs
from app.core.series import batch, cluster
from app.core.series.season import Series

CAST_FIELDS = ("id", "name", "look", "voice")
THUMB = QSize(54, 96)


class SeriesPane(QWidget):
    """A season's episodes, and its shared cast and style."""

    open_episode = Signal(int)  # the episode number to show in the editor

    def __init__(self, series: Series, parent: QWidget | None = None,
                 style_presets: list[str] | None = None):
        super().__init__(parent)
        self.series = series
        self.statuses: list[batch.EpisodeStatus] = []
        self.last_staled: dict[int, list[str]] = {}
        self.episodes = self._episode_table()
        self.cast = self._cast_table()
        self.style_preset = QComboBox()
        self.style_preset.addItems(style_presets or [series.spec.style.get("preset",
                                                                           "cinematic")])
        self.style_extra = QLineEdit()
        self.style_extra.setPlaceholderText(self.tr("Extra style words for every shot"))
        self.stales = QLabel()
        self.stales.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open episode"))
        self.open_button.clicked.connect(self._open_selected)
        self.episodes.cellDoubleClicked.connect(lambda row, _col: self._open_row(row))
        self.apply_button = QPushButton(self.tr("Apply cast and style to all episodes"))
        self.apply_button.clicked.connect(self.apply_shared)
        self._lay_out()
        self.load_shared()
        self.refresh()

    # -- building --------------------------------------------------------------------
    def _episode_table(self) -> QTableWidget:
        table = QTableWidget(0, 6)
        table.setHorizontalHeaderLabels([
            "", self.tr("Episode"), self.tr("Duration"), self.tr("State"),
            self.tr("Cost so far"), self.tr("Stale"),
        ])
        table.setIconSize(THUMB)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setDefaultSectionSize(THUMB.height() + 6)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return table

    def _cast_table(self) -> QTableWidget:
        table = QTableWidget(0, len(CAST_FIELDS))
        table.setHorizontalHeaderLabels([self.tr("Id"), self.tr("Name"), self.tr("Look"),
                                         self.tr("Voice")])
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(self.series.spec.title)
        title.setStyleSheet("font-weight: bold")
        layout.addWidget(title)
        layout.addWidget(self.episodes, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Cast (shared by every episode)")))
        layout.addWidget(self.cast, 2)
        style = QHBoxLayout()
        style.addWidget(QLabel(self.tr("Style")))
        style.addWidget(self.style_preset)
        style.addWidget(self.style_extra, 1)
        layout.addLayout(style)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.stales)
        hint = QLabel(self._batch_hint())
        hint.setWordWrap(True)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(hint)

    def _batch_hint(self) -> str:
        folder = str(self.series.folder)
        if cluster.available():
            return self.tr("Run the season: shotgraph series run {folder} "
                           "(add --ray local, or --ray ADDRESS for a cluster)").format(
                folder=folder)
        return self.tr("Without Ray (as in the desktop app) a season runs in one process: "
                       "shotgraph series run {folder}. To run it on a Ray cluster, install "
                       "ShotGraph from Python (see the README) and add --ray ADDRESS."
                       ).format(folder=folder)

    # -- the episodes ------------------------------------------------------------------
    def refresh(self) -> None:
        """Read every episode's state again (after a run or an edit)."""
        self.statuses = batch.season_status(self.series)
        currency = costs.currency()
        self.episodes.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            thumb = QTableWidgetItem()
            if status.thumbnail is not None:
                pixmap = QPixmap(str(status.thumbnail))
                if not pixmap.isNull():
                    thumb.setIcon(QIcon(pixmap.scaled(THUMB,
                                                      Qt.AspectRatioMode.KeepAspectRatio)))
            cells = [
                thumb,
                QTableWidgetItem(self.tr("{number}. {title}").format(number=status.number,
                                                                      title=status.title)),
                QTableWidgetItem(f"{status.duration:.1f} s" if status.duration else "–"),
                QTableWidgetItem(self.state_text(status.state)),
                QTableWidgetItem(costs.fmt_money(status.cost, currency)),
                QTableWidgetItem(", ".join(status.stale) or "–"),
            ]
            for col, item in enumerate(cells):
                self.episodes.setItem(row, col, item)

    def state_text(self, state: str) -> str:
        names = {
            "new": self.tr("not run yet"), "done": self.tr("done"),
            "stale": self.tr("stale"), "failed": self.tr("failed"),
            "interrupted": self.tr("interrupted"), "cancelled": self.tr("interrupted"),
            "budget": self.tr("stopped by the budget"),
        }
        return names.get(state, state)

    def _open_selected(self) -> None:
        rows = self.episodes.selectionModel().selectedRows()
        if rows:
            self._open_row(rows[0].row())

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.statuses):
            self.open_episode.emit(self.statuses[row].number)

    def dock_title(self) -> str:
        return self.tr("Series")

    def close_series(self) -> None:
        """Let go of the series (its episodes and store); the pane shows nothing after."""
        self.series.close()

    # -- the shared part -----------------------------------------------------------------
    def load_shared(self) -> None:
        """Show the series' cast and style."""
        spec = self.series.spec
        self.cast.setRowCount(len(spec.cast))
        for row, member in enumerate(spec.cast):
            for col, name in enumerate(CAST_FIELDS):
                self.cast.setItem(row, col, QTableWidgetItem(str(member.get(name, ""))))
        preset = spec.style.get("preset", "")
        if preset and self.style_preset.findText(preset) < 0:
            self.style_preset.addItem(preset)
        self.style_preset.setCurrentText(preset)
        self.style_extra.setText(str(spec.style.get("extra", "")))

    def edited_spec(self) -> Any:
        """The spec with the cast and style as shown in the pane."""
        spec = self.series.spec.model_copy(deep=True)
        cast = []
        for row, member in enumerate(spec.cast):
            edited = dict(member)
            for col, name in enumerate(CAST_FIELDS):
                item = self.cast.item(row, col)
                edited[name] = item.text().strip() if item is not None else ""
            cast.append(edited)
        spec.cast = cast
        style = {**spec.style, "preset": self.style_preset.currentText()}
        if self.style_extra.text().strip() or "extra" in spec.style:
            style["extra"] = self.style_extra.text().strip()
        spec.style = style
        return spec

    def apply_shared(self) -> dict[int, list[str]]:
        """Write the cast and style to every episode; say which episodes it stales."""
        before = {s.number: set(s.stale) for s in self.statuses}
        changed = self.series.update_spec(self.edited_spec())
        self.refresh()
        staled = {s.number: [label for label in s.stale if label not in before.get(s.number, ())]
                  for s in self.statuses if s.number in changed}
        self.last_staled = {n: labels for n, labels in staled.items() if labels}
        self.stales.setText(self.describe_stales(changed, self.last_staled))
        return self.last_staled

    def describe_stales(self, changed: dict[int, list[str]],
                        staled: dict[int, list[str]]) -> str:
        if not changed:
            return self.tr("Nothing changed: every episode already uses this cast and style.")
        lines = [self.tr("Episode {number} now needs: {nodes}").format(
            number=n, nodes=", ".join(labels) or self.tr("nothing new"))
            for n, labels in sorted(staled.items())]
        untouched = sorted(set(changed) - set(staled))
        if untouched:
            lines.append(self.tr("Changed but nothing to re-run in episode {numbers}").format(
                numbers=", ".join(map(str, untouched))))
        return "\n".join(lines)


def style_presets() -> list[str]:
    """The Style node's presets, in its order."""
    import typing

    from nodes.style import StyleParams

    return list(typing.get_args(StyleParams.model_fields["preset"].annotation))


def open_series_dock(window: Any, folder: Any, registry: Any) -> SeriesPane:
    """Show the Series pane for ``folder`` in a dock of ``window`` (replacing an earlier
    one); opening an episode shows its graph in the window, on the series' store."""
    from PySide6.QtWidgets import QDockWidget

    from app.core.store.project import Project

    old = getattr(window, "series_dock", None)
    if old is not None:
        old.widget().close_series()
        old.deleteLater()
    series = Series(folder, registry)
    series.use_prices()
    pane = SeriesPane(series, style_presets=style_presets())

    def show(number: int) -> None:
        series.sync(number)
        window.open_project(Project.open(series.episode_folder(number), registry,
                                         store=series.store))

    pane.open_episode.connect(show)
    dock = QDockWidget(pane.dock_title(), window)
    dock.setObjectName("dock_series")
    dock.setWidget(pane)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.series_dock = dock
    dock.show()
    return pane
