"""The editor's runs in a child process (app/ui/runner.py ProcessRunner, app/core/run_apart.py).

With the built-in node types the window runs its graph in a child process; these tests
check what a creator sees: events and results arrive, Stop stops, a killed child loses
nothing that was finished and the next run works, and closing the window ends the child.
"""

import os
import signal

import pytest

from app.core.engine import NodeDone, NodeStarted
from tests.ui.conftest import wait_run


@pytest.fixture
def demo_window(make_window, tmp_path):
    from app.core.templates import create_project
    from nodes.registry import default_registry

    registry = default_registry()
    project = create_project(tmp_path / "demo", "demo", registry=registry)
    return make_window(project, registry)


def _node(window, type_id):
    (node_id,) = window.session.nodes_of_type(type_id)
    return node_id


def _events(window):
    seen = []
    window.runner.event.connect(seen.append)
    return seen


def test_the_demo_window_runs_its_graph_in_a_child_process(qtbot, demo_window):
    from app.ui.runner import ProcessRunner

    window = demo_window
    assert isinstance(window.runner, ProcessRunner)
    script, shots = _node(window, "script.write"), _node(window, "script.shots")
    seen = _events(window)
    with qtbot.waitSignal(window.run_settled, timeout=300_000) as done:
        assert window.runner.start([shots])
    assert done.args[0].status == "done", done.args[0].failed
    assert done.args[0].ran >= 2
    child = window.runner._process
    assert child is not None and child.is_alive() and child.pid != os.getpid()
    assert {e.node_id for e in seen if isinstance(e, NodeDone)} >= {script, shots}
    # What the child made is in this process's view of the project: the badge, the run row.
    window.replan()
    assert window.canvas.badge(shots).state in ("done", "cached")
    project = window.session.project
    assert project.last_run_id() == done.args[0].run_id
    # The next run uses the same child, and finds the shots in the cache.
    with qtbot.waitSignal(window.run_settled, timeout=300_000) as again:
        window.runner.start([shots])
    assert again.args[0].status == "done" and again.args[0].ran == 0
    assert window.runner._process is child


def test_a_graph_edit_reaches_the_child_before_its_run(qtbot, demo_window):
    window = demo_window
    from app.core.graph import SetParam

    script = _node(window, "script.write")
    premise = "A lighthouse keeper finds a letter from her drowned brother."
    assert window.session.push(SetParam(script, "premise", premise))
    seen = _events(window)
    with qtbot.waitSignal(window.run_settled, timeout=300_000) as done:
        window.runner.start([script])
    assert done.args[0].status == "done", done.args[0].failed
    assert any(isinstance(e, NodeDone) and e.node_id == script and e.ran == 1 for e in seen)
    made = window.session.load_output(script, "script")
    assert "lighthouse" in str(made).lower()


def test_stop_ends_the_childs_run_and_keeps_what_it_finished(qtbot, demo_window):
    window = demo_window
    image, shots = _node(window, "image.generate"), _node(window, "script.shots")
    seen = _events(window)
    window.run_all()
    qtbot.waitUntil(lambda: any(isinstance(e, NodeStarted) and e.node_id == image
                                for e in seen), timeout=300_000)
    with qtbot.waitSignal(window.run_settled, timeout=300_000) as done:
        window.stop()
    assert done.args[0].status == "cancelled"
    window.replan()
    assert window.canvas.badge(shots).state in ("done", "cached")


def test_a_killed_child_ends_the_run_as_failed_and_the_next_run_starts_a_new_one(
        qtbot, demo_window):
    window = demo_window
    shots = _node(window, "script.shots")
    seen = _events(window)
    window.run_all()
    qtbot.waitUntil(lambda: any(isinstance(e, NodeDone) and e.node_id == shots
                                for e in seen), timeout=300_000)
    first = window.runner._process
    with qtbot.waitSignal(window.run_settled, timeout=300_000) as done:
        os.kill(first.pid, signal.SIGKILL)
    result = done.args[0]
    assert result.status == "failed"
    assert "stopped unexpectedly" in result.failed[""] and "-9" in result.failed[""]
    assert not window.runner.busy
    with qtbot.waitSignal(window.run_settled, timeout=300_000) as again:
        assert window.runner.start([shots])
    assert again.args[0].status == "done" and again.args[0].ran == 0  # kept from before
    assert window.runner._process is not first and window.runner._process.is_alive()


def test_closing_the_window_ends_the_child(qtbot, demo_window):
    window = demo_window
    with qtbot.waitSignal(window.run_settled, timeout=300_000):
        window.runner.start([_node(window, "script.write")])
    child = window.runner._process
    window.close()
    assert not child.is_alive()
    assert child.exitcode == 0
    wait_run(qtbot, window)


def test_a_launch_starts_its_run_process_once_up_and_the_first_run_uses_it(qtbot, tmp_path):
    from app.core.store.files import glance
    from app.core.templates import create_project
    from app.ui.window import MainWindow, make_app
    from nodes.registry import default_registry

    make_app([])
    registry = default_registry()
    create_project(tmp_path / "demo", "demo", registry=registry).close()
    window = MainWindow(None, registry, plan_after_paint=True,
                        glance=glance(tmp_path / "demo", registry))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.started, timeout=60_000)
    runner = window.runner
    # No run asked for: the child is started anyway, soon after the window is up.
    qtbot.waitUntil(lambda: runner._process is not None and runner._process.is_alive(),
                    timeout=120_000)
    child = runner._process
    assert not runner.busy and child.pid != os.getpid()
    shots = _node(window, "script.shots")
    with qtbot.waitSignal(runner.finished, timeout=300_000) as done:
        assert runner.start([shots])
    assert done.args[0].status == "done", done.args[0].failed
    assert runner._process is child  # the warm child ran it
    with open(f"/proc/{child.pid}/maps") as maps:  # and it never loaded Qt
        assert "libQt6" not in maps.read()
    window.close()
    child.join(30)
    assert child.exitcode == 0
