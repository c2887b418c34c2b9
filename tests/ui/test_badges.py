"""Badge states from plans and events (no Qt)."""

from app.core.engine import (
    ItemDone,
    ItemPlan,
    NodeCached,
    NodeDone,
    NodeFailed,
    NodePlan,
    NodeStarted,
    Plan,
    Progress,
    RunFinished,
)
from app.ui.badges import BadgeBoard


def _plan(dirty_items, total=4):
    items = [ItemPlan(i, f"k{i}", i in dirty_items, "x") for i in range(total)]
    node = NodePlan("n", "N", bool(dirty_items), "x", mapped=True, items=items)
    return Plan(None, ["n"], {"n": node})


def test_mapped_node_counts_items_through_a_run():
    board = BadgeBoard()
    assert board.apply_plan(_plan({1, 2}))["n"].text == "stale 2/4"
    assert board.start_run(_plan({1, 2}))["n"].text == "queued 2/4"
    assert board.apply_event(NodeStarted("n", 2, 4))["n"].text == "running 0% 2/4"
    assert board.apply_event(Progress("n", 1, 0.5))["n"].text == "running 25% 2/4"
    assert board.apply_event(ItemDone("n", 1, False))["n"].text == "running 50% 3/4"
    assert board.apply_event(NodeDone("n", 2, 2, 1.0))["n"].text == "done 4/4"
    assert board.apply_plan(_plan(set()))["n"].text == "done 4/4"  # stays done until edited
    board.invalidate({"n"})
    assert board.apply_plan(_plan(set()))["n"].text == "cached 4/4"


def test_failure_sticks_until_the_node_is_edited():
    board = BadgeBoard()
    board.start_run(_plan({0}))
    badge = board.apply_event(NodeFailed("n", "boom", 0))["n"]
    assert (badge.state, badge.text, badge.tooltip) == ("failed", "failed", "boom")
    assert "n" not in board.apply_plan(_plan({0}))  # a plan does not hide the failure
    assert board.badge("n").state == "failed"
    board.invalidate({"n"})
    assert board.apply_plan(_plan({0}))["n"].state == "stale"


def test_cancelled_run_returns_active_nodes_to_stale_and_cached_nodes_say_so():
    board = BadgeBoard({"cached": "缓存"})
    board.start_run(_plan({0}))
    board.apply_event(NodeStarted("n", 1, 4))
    assert board.apply_event(RunFinished("", 1, "cancelled"))["n"].state == "stale"
    assert board.apply_event(NodeCached("n", 4))["n"].text == "缓存 4/4"
    skipped = board.apply_event(NodeFailed("m", "skipped: x failed", skipped=True))["m"]
    assert skipped.text == "skipped"
