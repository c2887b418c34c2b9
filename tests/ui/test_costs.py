"""The Costs pane: estimate of the next run, spend so far, and the toolbar budget."""

import pytest

from tests.core import paid
from tests.ui.conftest import wait_run


@pytest.fixture
def paid_window(make_window, tmp_path, monkeypatch):
    paid.use_prices(tmp_path, monkeypatch)
    reg = paid.registry()
    window = make_window(paid.episode(tmp_path / "ep", reg=reg), reg)
    window.docks["costs"].raise_()  # the pane prices plans while it is shown
    return window


def table_rows(table):
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_pane_shows_the_estimate_then_the_spend_after_a_run(qtbot, paid_window):
    window = paid_window
    pane = window.costs
    window.replan()
    qtbot.waitUntil(lambda: pane.estimate_table.rowCount() == 2, timeout=30_000)
    first, total = table_rows(pane.estimate_table)
    assert first[:4] == ["t-paid", "clip-1", "video", "5"] and first[5] == "2.50 USD"
    assert total[0] == "Total" and total[5] == "2.50 USD"
    assert pane.spend_table.rowCount() == 0

    window.run_all()
    wait_run(qtbot, window)
    spent = table_rows(pane.spend_table)
    assert spent[0] == ["t-paid", "clip-1", "5", "0", "2.50 USD"]
    assert "2.50 USD in 1 runs" in pane.spend_title.text()
    assert pane.estimate_table.rowCount() == 0  # nothing left to pay for
    assert "no provider calls" in pane.estimate_title.text()


def test_toolbar_budget_stops_the_run_and_the_rest_stays_planned(qtbot, paid_window):
    window = paid_window
    pane = window.costs
    window.budget_box.setValue(1.0)
    assert window.budget_box.budget() == 1.0
    window.run_all()
    wait_run(qtbot, window)
    assert "Stopped by the budget of 1.00 USD" in pane.notice.text()
    assert "left to run: Clips (3 items)" in pane.notice.text()  # by name, no ids
    log = [window.runs.log.itemWidget(window.runs.log.item(i)) for i in range(window.runs.log.count())]
    assert any("Stopped by the budget" in w.findChild(type(pane.notice)).text() for w in log)
    assert table_rows(pane.spend_table)[0][2:] == ["2", "0", "1.00 USD"]
    qtbot.waitUntil(lambda: pane.estimate_table.rowCount() == 2, timeout=30_000)
    assert table_rows(pane.estimate_table)[0][3] == "3"
    assert window.canvas.badge("clip").state == "stale"

    window.budget_box.setValue(0.0)  # no budget: the rest runs
    assert window.budget_box.budget() is None
    window.run_all()
    wait_run(qtbot, window)
    assert pane.notice.text() == ""
    assert table_rows(pane.spend_table)[0][2:] == ["5", "0", "2.50 USD"]
