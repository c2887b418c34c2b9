from app.core import takes
from app.core.engine import Engine
from app.core.graph import SetParam
from tests.core.test_engine import chain, ran


def test_regenerate_three_times_keeps_every_take_and_choosing_reuses_cache(tmp_path):
    project = chain(tmp_path, items=[f"line{i}" for i in range(5)])
    engine = Engine(project)
    engine.execute()
    for expected in (1, 2, 3):
        assert takes.regenerate(engine, "a", 2) == expected
        result = engine.execute()
        assert ran(project, result.run_id) == [("a", 2), ("b", 2), ("j", None)]
    item_id = takes.item_ids(engine, "a")[2]
    listed = takes.list_takes(engine, "a", item_id)
    assert [t.take for t in listed] == [0, 1, 2, 3]
    assert [t.chosen for t in listed] == [False, False, False, True]
    assert engine.load_output("j", "text").split("|")[2] == "line2-a#3-b"

    takes.choose(engine, "a", 2, 2)
    assert engine.plan().dirty == []  # take 2 and everything made from it are cached
    assert engine.load_output("j", "text").split("|")[2] == "line2-a#2-b"
    project.undo.undo()
    assert engine.load_output("j", "text").split("|")[2] == "line2-a#3-b"


def test_takes_follow_the_item_when_items_are_reordered(tmp_path):
    project = chain(tmp_path, items=["x", "y", "z"])
    engine = Engine(project)
    engine.execute()
    takes.regenerate(engine, "a", 0)
    engine.execute()
    ids_before = takes.item_ids(engine, "a")
    assert project.graph.node("a").takes == {ids_before[0]: 1}
    project.undo.push(SetParam("src", "items", ["z", "y", "x"]))
    result = engine.execute()
    assert ran(project, result.run_id) == [("j", None), ("src", None)]
    assert engine.load_output("j", "text") == "z-a-b|y-a-b|x-a#1-b"
