import threading

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.core.engine import Engine, ItemDone, NodeCached, NodeFailed, RunFinished
from app.core.graph import AddNode, Connect, Edge, SetParam
from app.core.store.models import NodeRunRow
from app.core.store.project import Project
from tests.core import stubs

ITEMS = [f"item{i:02d}" for i in range(20)]


def chain(tmp_path, items=ITEMS):
    """items -> a (mapped) -> b (mapped) -> join."""
    project = Project.create(tmp_path / "p", stubs.registry())
    push = project.undo.push
    push(AddNode("t.items", {"items": items}, node_id="src", title="Source"))
    push(AddNode("t.suffix", {"suffix": "-a"}, node_id="a", title="A"))
    push(AddNode("t.suffix", {"suffix": "-b"}, node_id="b", title="B"))
    push(AddNode("t.join", node_id="j", title="Join"))
    push(Connect(Edge("src", "items", "a", "text")))
    push(Connect(Edge("a", "text", "b", "text")))
    push(Connect(Edge("b", "text", "j", "texts")))
    return project


def ran(project, run_id):
    with Session(project.engine) as s:
        rows = s.execute(
            select(NodeRunRow.node_id, NodeRunRow.item_index)
            .where(NodeRunRow.run_id == run_id, NodeRunRow.status == "ran")
        ).all()
    return sorted(rows, key=lambda r: (r[0], -1 if r[1] is None else r[1]))


def test_first_run_then_everything_cached(tmp_path):
    project = chain(tmp_path)
    engine = Engine(project)
    result = engine.execute()
    assert result.status == "done"
    assert len(ran(project, result.run_id)) == 1 + 20 + 20 + 1
    assert engine.load_output("j", "text") == "|".join(f"{i}-a-b" for i in ITEMS)
    again = engine.execute()
    assert ran(project, again.run_id) == []
    assert engine.plan().dirty == []


def test_edit_one_item_plans_and_runs_exactly_that_item(tmp_path):
    project = chain(tmp_path)
    engine = Engine(project)
    engine.execute()
    changed = list(ITEMS)
    changed[7] = "edited"
    project.undo.push(SetParam("src", "items", changed))

    plan = engine.plan()
    assert plan.nodes["a"].dirty_items == [7]
    assert plan.nodes["b"].dirty_items == [7]
    assert plan.nodes["j"].dirty
    assert plan.nodes["src"].dirty  # the cheap source itself re-runs (it is stored)

    result = engine.execute()
    assert ran(project, result.run_id) == [("a", 7), ("b", 7), ("j", None), ("src", None)]
    assert engine.load_output("j", "text").split("|")[7] == "edited-a-b"


def test_reordering_items_reruns_nothing_that_depends_on_content_only(tmp_path):
    project = chain(tmp_path)
    engine = Engine(project)
    engine.execute()
    project.undo.push(SetParam("src", "items", list(reversed(ITEMS))))
    result = engine.execute()
    # the source and the join (which depends on the order) re-run; no item does
    assert ran(project, result.run_id) == [("j", None), ("src", None)]


def test_param_outside_cache_key_keeps_cache(tmp_path):
    project = chain(tmp_path)
    engine = Engine(project)
    engine.execute()
    project.undo.push(SetParam("a", "note", "just a comment"))
    assert engine.plan().dirty == []


def test_failed_item_stops_only_its_downstream(tmp_path):
    project = chain(tmp_path)
    push = project.undo.push
    push(AddNode("t.suffix", {"suffix": "-c"}, node_id="c", title="C"))
    push(Connect(Edge("src", "items", "c", "text")))
    push(SetParam("a", "fail_on", "item03"))
    events = []
    result = Engine(project, on_event=events.append).execute()
    assert result.status == "failed"
    assert set(result.failed) == {"a", "b", "j"}
    assert "item 4: cannot handle 'item03'" in result.failed["a"]
    assert "skipped: A (a) failed" in result.failed["b"]
    # the independent branch finished, and the 19 good items of A are cached
    assert [e for e in events if isinstance(e, NodeFailed) and e.node_id == "a"]
    with Session(project.engine) as s:
        c_done = s.scalar(select(func.count()).where(
            NodeRunRow.run_id == result.run_id, NodeRunRow.node_id == "c",
            NodeRunRow.status == "ran"))
        a_done = s.scalar(select(func.count()).where(
            NodeRunRow.run_id == result.run_id, NodeRunRow.node_id == "a",
            NodeRunRow.status == "ran"))
        error = s.scalar(select(NodeRunRow.error).where(
            NodeRunRow.node_id == "a", NodeRunRow.status == "failed"))
    assert c_done == 20 and a_done == 19
    assert "cannot handle" in error
    push(SetParam("a", "fail_on", ""))
    assert Engine(project).plan().nodes["a"].dirty_items == [3]


def test_cancel_is_honoured_quickly(tmp_path):
    project = chain(tmp_path, items=["x", "y"])
    project.undo.push(SetParam("a", "spin_until_cancelled", True))
    started = threading.Event()
    engine = Engine(project, on_event=lambda e: started.set() if e.__class__.__name__ == "Progress" else None)
    result_box = []
    worker = threading.Thread(target=lambda: result_box.append(engine.execute()))
    worker.start()
    assert started.wait(10)
    engine.cancel()
    worker.join(timeout=60)  # the node spins until cancelled: only a cancel ends it
    assert not worker.is_alive(), "the run did not stop on cancel"
    assert result_box[0].status == "cancelled"
    rows = project.node_runs(result_box[0].run_id)
    assert {r.status for r in rows if r.node_id == "a"} == {"cancelled"}


def test_events_for_cached_run(tmp_path):
    project = chain(tmp_path, items=["x", "y"])
    Engine(project).execute()
    events = []
    Engine(project, on_event=events.append).execute()
    kinds = [type(e).__name__ for e in events]
    assert kinds.count("NodeCached") == 4
    assert isinstance(events[-1], RunFinished) and events[-1].status == "done"
    assert not [e for e in events if isinstance(e, ItemDone) and not e.cached]
    assert all(isinstance(e, NodeCached | RunFinished) for e in events)


def test_item_done_carries_the_item_outputs_as_they_are_made(tmp_path):
    project = chain(tmp_path, items=["x", "y"])
    Engine(project).execute()
    project.undo.push(SetParam("src", "items", ["x", "z"]))  # item 2 re-runs, item 1 is cached
    events = []
    Engine(project, on_event=events.append).execute()
    done = {(e.node_id, e.item_index): e for e in events if isinstance(e, ItemDone)}
    made, cached = done[("b", 1)], done[("a", 0)]
    assert not made.cached and cached.cached
    assert project.artifacts.read_json(made.outputs["text"]) == "z-a-b"
    assert project.artifacts.read_json(cached.outputs["text"]) == "x-a"
    assert done[("j", 0)].outputs is not None and done[("j", 0)].item_id == ""


def test_second_process_view_reuses_cache(tmp_path):
    project = chain(tmp_path, items=["x", "y", "z"])
    Engine(project).execute()
    project.close()
    reopened = Project.open(tmp_path / "p", stubs.registry())
    assert Engine(reopened).plan().dirty == []
    assert reopened.graph.to_dict() == project.graph.to_dict()


def _statements(project) -> list[str]:
    """Every SQL statement the project's store runs from now on."""
    seen: list[str] = []
    event.listen(project.artifacts.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: seen.append(statement))
    return seen


def test_a_fresh_view_plans_a_run_it_did_not_make_in_a_few_queries(tmp_path):
    """What the editor does after its run process ends: 42 cached items, unknown to it."""
    project = chain(tmp_path)
    Engine(project).execute()
    project.close()
    reopened = Project.open(tmp_path / "p", stubs.registry())
    statements = _statements(reopened)
    plan = Engine(reopened).plan()
    assert plan.dirty == [] and sum(len(n.items) for n in plan.nodes.values()) == 42
    # two per node (its entries, then their files' rows), against four per item or more
    # (an entry, its files' hashes, each file's row to check it, each value's row to read it)
    assert len(statements) <= 2 * len(plan.nodes), statements
    assert Engine(reopened).load_output("j", "text") == "|".join(f"{i}-a-b" for i in ITEMS)


def test_a_file_changed_after_its_row_was_read_is_still_caught(tmp_path):
    project = chain(tmp_path, items=["x", "y", "z"])
    Engine(project).execute()
    project.close()
    reopened = Project.open(tmp_path / "p", stubs.registry())
    engine = Engine(reopened)
    keys = [item.key for item in engine.plan().nodes["b"].items]
    fresh = Project.open(tmp_path / "p", stubs.registry())
    fresh.artifacts.prefetch(keys)
    damaged = reopened.artifacts.require(reopened.artifacts.lookup(keys[1])["text"]).path
    assert damaged.stem in fresh.artifacts._recorded  # checked below from the row read here
    damaged.write_text('"tampered"')  # another size, after the rows were read
    assert fresh.artifacts.lookup(keys[0]) is not None
    assert fresh.artifacts.lookup(keys[1]) is None
    assert fresh.artifacts.damaged == [f"media/{damaged.relative_to(fresh.artifacts.media_dir).as_posix()}"]
    assert [item.dirty for item in Engine(fresh).plan().nodes["b"].items] == [False, True, False]


def test_mismatched_mapped_lengths_fail_with_counts(tmp_path):
    project = Project.create(tmp_path / "p", stubs.registry())
    push = project.undo.push
    push(AddNode("t.items", {"items": ["a", "b"]}, node_id="s1"))
    push(AddNode("t.items", {"items": ["a"]}, node_id="s2"))
    push(AddNode("t.pair", node_id="x", title="Pair"))
    push(Connect(Edge("s1", "items", "x", "left")))
    push(Connect(Edge("s2", "items", "x", "right")))
    result = Engine(project).execute()
    assert result.status == "failed"
    assert result.failed["x"] == "mapped inputs differ in length: 'left' has 2, 'right' has 1"
    push(SetParam("s2", "items", ["c", "d"]))
    engine = Engine(project)
    assert engine.execute().status == "done"
    assert engine.load_output("x", "text") == ["a+c", "b+d"]


def test_key_fields_keep_a_node_cached_when_other_fields_change(tmp_path):
    from app.core.engine import _Resolved, _Resolver
    from app.core.types import Shot
    from app.core.values import encode

    project = Project.create(tmp_path / "p", stubs.registry())
    project.undo.push(AddNode("t.shout", node_id="sh"))
    engine = Engine(project)
    shot = {"id": "s1", "description": "rain", "line": "go", "speaker": "a", "duration": 3,
            "characters": ["a"], "cast": [{"id": "a", "name": "A"}]}
    refs = [
        project.artifacts.put_json(encode(Shot, shot)),
        project.artifacts.put_json(encode(Shot, {**shot, "description": "sun"})),
        project.artifacts.put_json(encode(Shot, {**shot, "line": "stop"})),
    ]
    resolver = _Resolver(project.graph, peek=engine.peek)
    res = _Resolved(stubs.Shout, stubs.Shout.Params(), None, [], [])
    keys = [resolver.item_key("sh", res, {"shot": ref}) for ref in refs]
    assert keys[0] == keys[1] != keys[2]
