"""Cost estimates from the price table, spend from provider_call, and the run budget."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.core import costs
from app.core.engine import BudgetStopped, Engine, RunFinished
from app.core.graph import AddNode, Connect, Edge
from app.core.store.models import NodeRunRow, ProviderCallRow, RunRow
from tests.core import paid


@pytest.fixture(autouse=True)
def prices(tmp_path, monkeypatch):
    paid.use_prices(tmp_path, monkeypatch)


def calls(project, run_id=None):
    with Session(project.engine) as s:
        query = select(func.count(ProviderCallRow.id))
        if run_id is not None:
            query = query.where(ProviderCallRow.run_id == run_id)
        return s.scalar(query)


def ran_items(project, run_id, node_id):
    with Session(project.engine) as s:
        return sorted(s.scalars(select(NodeRunRow.item_index).where(
            NodeRunRow.run_id == run_id, NodeRunRow.node_id == node_id,
            NodeRunRow.status == "ran")))


def test_estimate_prices_each_item_by_its_shot(tmp_path):
    # shots of 4, 8 and 3 s are bought as 5, 10 and 5 s clips at 0.1 per second
    project = paid.episode(tmp_path / "p", durations=[4.0, 8.0, 3.0])
    engine = Engine(project)
    estimate = costs.estimate(engine.plan(), engine)
    [row] = estimate.rows
    assert (row.provider, row.model, row.capability) == ("t-paid", "clip-1", "video")
    assert row.calls == 3 and row.unit == "second" and row.unit_price == 0.1
    assert row.amount == pytest.approx(20.0)
    assert row.cost == pytest.approx(2.0) and estimate.total == pytest.approx(2.0)
    assert row.nodes == ["Clips (clip)"] and estimate.currency == "USD" and not estimate.unknown
    assert "estimated total: 2.00 USD" in estimate.describe()[-1]


def test_estimate_counts_candidates_and_only_dirty_items(tmp_path):
    project = paid.episode(tmp_path / "p", candidates=3)
    engine = Engine(project)
    row = costs.estimate(engine.plan(), engine).rows[0]
    assert row.calls == 15 and row.cost == pytest.approx(7.5)  # 5 shots x 3 takes x 0.5
    engine.execute()
    assert paid.CALLS and len(paid.CALLS) == 15
    again = costs.estimate(engine.plan(), engine)
    assert again.rows == [] and again.total == 0.0  # nothing dirty: nothing to pay


def test_unlisted_price_is_unknown_never_zero(tmp_path):
    project = paid.episode(tmp_path / "p", provider="t-unpriced")
    engine = Engine(project)
    estimate = costs.estimate(engine.plan(), engine)
    [row] = estimate.rows
    assert row.calls == 5 and row.unit_price is None and row.cost is None
    assert estimate.unknown == [row]
    assert "unknown" in estimate.describe()[0] and "+ unknown" in estimate.describe()[-1]
    assert costs.fmt_money(None) == "unknown"


def test_local_providers_cost_nothing_and_count_calls(tmp_path):
    project = paid.episode(tmp_path / "p", provider="local")
    engine = Engine(project)
    [row] = costs.estimate(engine.plan(), engine).rows
    assert row.provider == "local" and row.calls == 5 and row.cost == 0.0 and not row.paid


def test_item_amounts_for_voice_music_and_script():
    class P:
        length_s = 0.0
        premise = "x" * 400

    shot = {"id": "s1", "duration": 7.0, "line": "a" * 250}
    speech = costs.item_amounts("speech", P(), {"shot": shot})
    assert speech["1k_characters"] == pytest.approx(0.25) and speech["second"] == 7.0
    script = {"shots": [{"duration": 20.0}, {"duration": 25.0}]}
    music = costs.item_amounts("music", P(), {"script": script})
    assert music["second"] == 46.0 and music["minute"] == pytest.approx(46 / 60)
    assert costs.item_amounts("chat", P(), {})["1k_tokens"] > 1.0
    assert costs.price_of("nobody", "m", "video") is None
    assert costs.price_of("local", "", "video") == ("request", 0.0)


def test_budget_stop_keeps_the_project_consistent_and_the_plan_resumable(tmp_path):
    project = paid.episode(tmp_path / "p")  # 5 clips at 0.5 each
    events = []
    engine = Engine(project, on_event=events.append)
    result = engine.execute(budget=1.0)  # covers 2 of the 5 paid items

    assert result.status == "budget"
    assert calls(project) == 2 and len(paid.CALLS) == 2
    assert len(ran_items(project, result.run_id, "clip")) == 2
    [stop] = [e for e in events if isinstance(e, BudgetStopped)]
    assert stop.spent == pytest.approx(1.0) and stop.budget == 1.0
    assert stop.needed == pytest.approx(0.5)
    assert dict(stop.left) == {"clip": 3, "join": None}
    assert isinstance(events[-1], RunFinished) and events[-1].status == "budget"
    with Session(project.engine) as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert s.execute(text("PRAGMA foreign_key_check")).all() == []
        assert s.get(RunRow, result.run_id).status == "budget"
    leftovers = [p for p in project.artifacts.tmp_dir.rglob("*") if p.is_file()]
    assert leftovers == []

    plan = engine.plan()  # the rest is dirty, what was bought is reused
    assert len(plan.nodes["clip"].dirty_items) == 3 and not plan.nodes["shots"].dirty
    assert costs.estimate(plan, engine).total == pytest.approx(1.5)

    again = engine.execute()
    assert again.status == "done"
    assert len(ran_items(project, again.run_id, "clip")) == 3
    assert calls(project, again.run_id) == 3 and calls(project) == 5
    assert sorted(paid.CALLS) == [f"s{i}" for i in range(1, 6)]
    assert engine.plan().dirty == []


def test_budget_that_covers_the_run_changes_nothing(tmp_path):
    project = paid.episode(tmp_path / "p")
    result = Engine(project).execute(budget=2.5)
    assert result.status == "done" and calls(project) == 5


def test_free_work_runs_with_a_zero_budget_and_unpriced_work_does_not(tmp_path):
    project = paid.episode(tmp_path / "p", provider="t-unpriced")
    push = project.undo.push
    push(AddNode("t.items", {"items": ["a", "b"]}, node_id="src", title="Source"))
    push(AddNode("t.suffix", node_id="free", title="Free"))
    push(Connect(Edge("src", "items", "free", "text")))
    events = []
    result = Engine(project, on_event=events.append).execute(targets=["free"], budget=0.0)
    assert result.status == "done" and result.ran == 3
    result = Engine(project, on_event=events.append).execute(budget=0.0)
    [stop] = [e for e in events if isinstance(e, BudgetStopped)]
    assert result.status == "budget" and stop.needed is None and calls(project) == 0


def test_spend_sums_per_provider_and_per_run(tmp_path):
    project = paid.episode(tmp_path / "p")
    engine = Engine(project)
    first = engine.execute(budget=1.0)
    second = engine.execute()
    project.record_provider_call(second.run_id, "clip", "t-paid", "clip-1", status="rate",
                                 cost_estimate=0.0)
    spent = costs.spend(project)
    assert spent.currency == "USD" and spent.total == pytest.approx(2.5) and spent.calls == 6
    [row] = spent.by_provider
    assert (row.provider, row.model, row.calls, row.failed) == ("t-paid", "clip-1", 6, 1)
    assert [(r.run_id, r.status, r.calls) for r in spent.by_run] == [
        (first.run_id, "budget", 2), (second.run_id, "done", 4)]
    assert [r.cost for r in spent.by_run] == pytest.approx([1.0, 1.5])
    assert costs.run_spent(project, first.run_id) == pytest.approx(1.0)


def test_items_not_known_before_upstream_runs_are_unknown_not_free(tmp_path):
    class SlowShots(paid.Shots):
        type_id = "c.slowshots"
        cheap = False  # the planner cannot see how many shots come out

    reg = paid.registry()
    reg.add(SlowShots)
    project = paid.episode(tmp_path / "p", reg=reg)
    project.undo.push(AddNode("c.slowshots", node_id="slow", title="Slow"))
    project.undo.push(Connect(Edge("slow", "shots", "clip", "shot")))
    engine = Engine(project)
    [row] = costs.estimate(engine.plan(), engine).rows
    assert row.calls is None and row.cost is None
    engine.execute(targets=["slow"])
    [row] = costs.estimate(engine.plan(), engine).rows
    assert row.calls == 5 and row.cost == pytest.approx(2.5)
