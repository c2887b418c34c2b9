"""The Costs pane: what the next run will cost per provider, and what was spent so far.

The estimate comes from the plan and the editable price table (``app.core.costs``), the
spend from the project's ``provider_call`` rows. ``BudgetBox`` is the toolbar field
holding the per-run budget (0 = no budget).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import prices
from app.core.events import BudgetStopped, Plan, RunFinished
from app.core.lazy import lazy_module
from app.ui import settings
from app.ui.names import node_name, readable
from app.ui.wheel import DoubleSpinBox

if TYPE_CHECKING:
    from app.ui.session import Session

# Estimates and spend read the store (SQLAlchemy): loaded when a plan is first shown,
# after the window's first paint; the budget box in the toolbar needs only the table.
costs = lazy_module("app.core.costs")


class BudgetBox(DoubleSpinBox):
    """The budget for the next runs, in the price table's currency; 0 means none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("budget_box")
        # a click edits it; it never takes the keyboard by itself (the canvas should)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setRange(0.0, 100000.0)
        self.setDecimals(2)
        self.setSingleStep(0.5)
        self.setPrefix(self.tr("Budget "))
        self.setSuffix(f" {prices.currency()}")
        self.setSpecialValueText(self.tr("No budget"))
        self.setToolTip(self.tr(
            "Stop a run before its paid provider calls would cost more than this "
            "(estimates from the price table). 0 = no budget."))
        self.setValue(settings.run_budget() or 0.0)
        self.valueChanged.connect(lambda v: settings.set_run_budget(v or None))

    def budget(self) -> float | None:
        return self.value() or None


class CostsPane(QWidget):
    """Estimate for the next run and spend so far, per provider and model."""

    message = Signal(str)  # a budget stop, for the log

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._plan: Plan | None = None
        self._stale = False
        self.estimate_title = QLabel(self)
        self.estimate_table = self._table([
            self.tr("Provider"), self.tr("Model"), self.tr("Capability"), self.tr("Calls"),
            self.tr("Unit price"), self.tr("Estimate"), self.tr("Nodes"),
        ])
        self.spend_title = QLabel(self)
        self.spend_table = self._table([
            self.tr("Provider"), self.tr("Model"), self.tr("Calls"), self.tr("Failed"),
            self.tr("Cost (estimate)"),
        ])
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #ffb060;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        for widget in (self.estimate_title, self.estimate_table, self.spend_title,
                       self.spend_table, self.notice):
            layout.addWidget(widget)
        self.refresh_spend()

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # -- the estimate --------------------------------------------------------------------
    def show_plan(self, plan: Plan) -> None:
        """Price ``plan``; done now when the pane is shown, else when it is next shown."""
        self._plan = plan
        self._stale = True
        if self.isVisible():
            self.refresh_estimate()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh_estimate()

    def refresh_estimate(self) -> None:
        if self._plan is None:
            return
        self._stale = False
        try:
            estimate = costs.estimate(self._plan, self.session.engine)
        except Exception as exc:  # noqa: BLE001 - a graph that cannot be planned
            self.estimate_title.setText(self.tr("Next run: cannot estimate (%s)") % exc)
            self.estimate_table.setRowCount(0)
            return
        money = estimate.currency
        rows = []
        for r in estimate.rows:
            price = (f"{costs.fmt_money(r.unit_price, money)} / {r.unit}"
                     if r.unit_price is not None else self.tr("unknown"))
            rows.append([r.provider, r.model or "-", r.capability, self._count(r.calls), price,
                         self._money(r.cost, money),
                         readable(self.session.graph, ", ".join(r.nodes))])
        total = self._money(estimate.total, money)
        if estimate.unknown:
            total = self.tr("%s + unknown") % total
        if rows:
            rows.append([self.tr("Total"), "", "", "", "", total, ""])
        self._fill(self.estimate_table, rows)
        self.estimate_title.setText(
            self.tr("Next run (estimate): %s") % total if rows
            else self.tr("Next run: no provider calls"))

    # -- the spend -------------------------------------------------------------------------
    def refresh_spend(self) -> None:
        spent = costs.spend(self.session.project)
        money = spent.currency
        rows = [[r.provider, r.model or "-", str(r.calls), str(r.failed),
                 self._money(r.cost, money)] for r in spent.by_provider]
        if rows:
            rows.append([self.tr("Total"), "", str(spent.calls), "",
                         self._money(spent.total, money)])
        self._fill(self.spend_table, rows)
        self.spend_title.setText(
            self.tr("Spent so far in this episode: %s in %d runs")
            % (self._money(spent.total, money), len(spent.by_run)))

    # -- run events ----------------------------------------------------------------------
    def on_event(self, event: Any) -> None:
        if isinstance(event, BudgetStopped):
            graph = self.session.graph
            left = ", ".join(
                node_name(graph, nid) if n is None
                else self.tr("%s (%d items)") % (node_name(graph, nid), n)
                for nid, n in event.left if nid in graph.nodes
            )
            money = prices.currency()
            text = self.tr(
                "Stopped by the budget of %s: spent %s; left to run: %s. "
                "What ran is kept; raise the budget and run again to continue."
            ) % (self._money(event.budget, money), self._money(event.spent, money),
                 left or self.tr("nothing"))
            self.notice.setText(text)
            self.message.emit(text)
        elif isinstance(event, RunFinished):
            if event.status != "budget":
                self.notice.clear()
            self.refresh_spend()

    # -- helpers ---------------------------------------------------------------------------
    def _money(self, value: float | None, currency: str) -> str:
        return self.tr("unknown") if value is None else costs.fmt_money(value, currency)

    def _count(self, value: int | None) -> str:
        return self.tr("unknown") if value is None else str(value)

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(r, c, item)
