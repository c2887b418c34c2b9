import pytest

from app.core import takes
from app.core.engine import Engine
from app.core.graph import AddNode, Connect, Edge, GraphError, SetParam
from app.core.store.project import Project
from tests.core import stubs
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


def test_deleting_takes_frees_files_but_never_the_chosen_one(tmp_path):
    project = Project.create(tmp_path / "p", stubs.registry())
    project.undo.push(AddNode("t.items", {"items": ["alpha", "beta"]}, node_id="src"))
    project.undo.push(AddNode("t.blob", {"megabytes": 1, "work_ms": 0}, node_id="blob"))
    project.undo.push(Connect(Edge("src", "items", "blob", "text")))
    engine = Engine(project)
    engine.execute()

    def wavs():
        return sorted(project.media_dir.glob("??/*.wav"))

    assert len(wavs()) == 2
    takes.regenerate(engine, "blob", 1)
    engine.execute()
    assert len(wavs()) == 3
    chosen_file = engine.load_output("blob", "audio")[1].path

    with pytest.raises(GraphError, match="in use"):
        takes.delete_take(engine, "blob", 1, 1)
    takes.delete_take(engine, "blob", 1, 0)
    files, size = project.artifacts.collect_garbage()
    assert files == 1 and size > 1_000_000
    assert len(wavs()) == 2 and chosen_file.exists()
    item = takes.item_ids(engine, "blob")[1]
    assert [t.take for t in takes.list_takes(engine, "blob", item)] == [1]
    assert engine.plan().dirty == []
    assert project.artifacts.collect_garbage() == (0, 0)
