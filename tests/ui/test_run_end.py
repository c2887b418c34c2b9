"""When a run ends, the window brings its panes up to date in steps, each in a turn of the
event loop of its own, so it answers in between; what happens meanwhile (an edit, a new
run, closing the project) must not be undone or lost by the steps still to come."""

from app.core.graph import SetParam
from tests.ui.conftest import settle, wait_run
from tests.ui.test_export import _episode_graph
from tests.ui.test_run import _chain


def test_the_run_ends_first_and_the_panes_follow(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    settle(qtbot, window)
    window._replan_timer.stop()  # the canvas edits' debounced replan: done by settle()
    plans = []
    plan = window.session.plan
    window.session.plan = lambda *a, **k: plans.append(a) or plan(*a, **k)
    at_end = []
    window.runner.finished.connect(lambda result: at_end.append(
        (len(plans), window.settling, window.run_action.isEnabled())))
    window.run_all()
    started = len(plans)  # the run's own plan, made when it starts
    with qtbot.waitSignal(window.run_settled, timeout=30_000) as settled:
        pass
    # the slot that saw the run end planned nothing and left the controls as they were
    assert at_end == [(started, True, False)]
    assert settled.args[0].status == "done"
    assert len(plans) == started + 1 and not window.settling
    assert window.run_action.isEnabled() and not window.stop_action.isEnabled()
    assert [window.canvas.badge(n).state for n in (items, suffix, join)] == ["done"] * 3


def test_an_edit_while_the_panes_follow_is_not_undone_by_the_older_plan(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    settle(qtbot, window)
    fresh_plan, edited = window._fresh_plan, []

    def plan_then_edit():
        plan = fresh_plan()
        if window.settling and not edited:  # the run's plan is made: now the creator edits
            edited.append(True)
            window.session.push(SetParam(suffix, "suffix", "?"))
            window.replan()  # as choosing a take does, at once
        return plan

    window._fresh_plan = plan_then_edit
    window.run_all()
    wait_run(qtbot, window)
    assert edited
    # the badges show the edit; the plan made before it would say "done"
    assert window.canvas.badge(suffix).state == "stale"
    assert window.canvas.badge(join).state == "stale"
    assert window.canvas.badge(items).state in ("done", "cached")


def test_a_run_started_while_the_panes_follow_starts_after_them(qtbot, make_window):
    window = make_window()
    items, suffix, join = _chain(window)
    settle(qtbot, window)
    again = []
    window.runner.finished.connect(lambda result: again.append(window.run_all())
                                   if not again else None)
    window.run_all()
    qtbot.waitUntil(lambda: bool(again), timeout=30_000)
    assert again == [True]  # not refused: the first run's panes were brought up first
    wait_run(qtbot, window)
    assert [window.canvas.badge(n).state for n in (items, suffix, join)] == ["cached"] * 3
    assert window.runs.summary.text().startswith("Run 2")


def test_closing_the_project_right_as_an_export_ends_still_writes_the_episode(
        qtbot, make_window, tmp_path):
    window = make_window()
    _episode_graph(window)
    out = tmp_path / "out" / "episode.mp4"
    closed = []
    window.runner.finished.connect(lambda result: closed.append(window.close()))
    assert window.export_to(out)
    qtbot.waitUntil(lambda: bool(closed), timeout=60_000)
    assert closed == [True] and window.session is None
    assert out.exists() and out.stat().st_size > 0 and out.with_suffix(".srt").exists()
