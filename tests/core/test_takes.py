import pytest

from app.core import takes
from app.core.engine import Engine
from app.core.graph import AddNode, Connect, Edge, GraphError, SetParam
from app.core.node_api import MediaOut, NodeType, Port
from app.core.store.artifacts import _hashes
from app.core.store.project import Project
from app.core.types import Image, List, Shot, Video
from nodes.image import GenerateImage
from nodes.registry import NodeRegistry
from nodes.script import SplitShots, WriteScript
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


# -- the demo's shape: script -> shots -> stills -> clips -> cut, with candidates -------------


class CutClip(NodeType):
    """Stands in for the Ken Burns clip: the still's bytes, marked (fast, made per shot)."""

    type_id = "t.clip"
    title = "Clips"
    inputs = (Port("still", Image), Port("shot", Shot, key_fields=("duration",)))
    outputs = (Port("clip", Video),)

    def run(self, ctx, inputs, params):
        out = ctx.temp_path("clip.mp4")
        out.write_bytes(b"clip:" + inputs["still"].path.read_bytes())
        return {"clip": MediaOut(out)}


class CutEpisode(NodeType):
    """Stands in for the export: the clips joined, in order."""

    type_id = "t.cut"
    title = "Export"
    inputs = (Port("clips", List(Video)),)
    outputs = (Port("episode", Video),)

    def run(self, ctx, inputs, params):
        out = ctx.temp_path("episode.mp4")
        out.write_bytes(b"".join(m.path.read_bytes() for m in inputs["clips"]))
        return {"episode": MediaOut(out)}


def demo_like(tmp_path, candidates=1):
    """The demo's picture chain with the real script, shots and offline stills."""
    registry = NodeRegistry([WriteScript, SplitShots, GenerateImage, CutClip, CutEpisode])
    project = Project.create(tmp_path / "demo", registry)
    push = project.undo.push
    push(AddNode("script.write", {"length_s": 30, "seed": 7}, node_id="script"))
    push(AddNode("script.shots", node_id="shots"))
    push(AddNode("image.generate", {"seed": 1, "candidates": candidates}, node_id="stills"))
    push(AddNode("t.clip", node_id="clips"))
    push(AddNode("t.cut", node_id="export"))
    for edge in (("script", "script", "shots", "script"), ("shots", "shots", "stills", "shot"),
                 ("stills", "image", "clips", "still"), ("shots", "shots", "clips", "shot"),
                 ("clips", "clip", "export", "clips")):
        push(Connect(Edge(*edge)))
    return project


def in_use(engine, project):
    """Every file the graph's current outputs name (what must survive garbage collection)."""
    paths = []
    for nid in project.graph.nodes:
        outputs = engine.output(nid)
        assert outputs is not None, f"{nid} is not cached"
        paths += [project.artifacts.require(h).path for h in _hashes(outputs)]
    return paths


def test_demo_shot_regenerated_three_times_choose_take_two_and_collect_garbage(tmp_path):
    project = demo_like(tmp_path)
    engine = Engine(project)
    assert engine.execute().status == "done"
    shot = 2
    for expected in (1, 2, 3):
        assert takes.regenerate(engine, "stills", shot) == expected
        result = engine.execute()
        assert ran(project, result.run_id) == [("clips", shot), ("export", None),
                                               ("stills", shot)]
    item = takes.item_ids(engine, "stills")[shot]
    listed = takes.list_takes(engine, "stills", item)
    assert [(t.take, t.chosen) for t in listed] == [(0, False), (1, False), (2, False), (3, True)]
    assert len({t.media.hash for t in listed}) == 4  # four different pictures
    assert [t.seed for t in listed] == [1, 1 + 7919, 1 + 2 * 7919, 1 + 3 * 7919]
    assert all(t.provider.startswith("local") and t.created is not None for t in listed)

    # the cut made while take 2 was in use is still cached: going back costs nothing
    takes.choose(engine, "stills", shot, 2)
    assert engine.plan().dirty == []
    project.undo.undo()
    # another shot changes, then take 2 comes back: its clip is cached, only the cut re-runs
    takes.regenerate(engine, "stills", 0)
    engine.execute()
    episode_before = engine.load_output("export", "episode").hash
    takes.choose(engine, "stills", shot, 2)
    result = engine.execute()
    assert ran(project, result.run_id) == [("export", None)]
    episode = engine.load_output("export", "episode")
    assert episode.hash != episode_before
    clip = engine.load_output("clips", "clip")[shot]
    assert clip.path.read_bytes() == b"clip:" + listed[2].media.path.read_bytes()

    takes.delete_take(engine, "stills", shot, 0)
    takes.delete_take(engine, "stills", shot, 3)
    with pytest.raises(GraphError, match="in use"):
        takes.delete_take(engine, "stills", shot, 2)
    files, size = project.artifacts.collect_garbage()
    assert files == 2 and size > 0  # the two deleted stills; their clips stay cached
    assert not listed[0].media.path.exists() and not listed[3].media.path.exists()
    assert all(path.exists() for path in in_use(engine, project))
    assert [t.take for t in takes.list_takes(engine, "stills", item)] == [1, 2]
    assert engine.plan().dirty == []


def test_candidates_make_n_takes_in_one_run_and_keep_the_chosen_one(tmp_path):
    project = demo_like(tmp_path, candidates=3)
    engine = Engine(project)
    plan = engine.plan()
    shots = len(plan.nodes["stills"].items or [])
    assert shots >= 4
    assert plan.nodes["stills"].calls == 3 * shots  # each shot billed three times
    assert plan.nodes["clips"].calls == shots  # clips only for the chosen takes
    assert "3 calls" not in " ".join(plan.describe()) and f"{3 * shots} calls" in " ".join(
        plan.describe())

    result = engine.execute()
    assert result.status == "done"
    rows = ran(project, result.run_id)
    assert rows.count(("stills", 1)) == 3 and rows.count(("clips", 1)) == 1
    item = takes.item_ids(engine, "stills")[1]
    listed = takes.list_takes(engine, "stills", item)
    assert [(t.take, t.chosen, t.available) for t in listed] == [
        (0, True, True), (1, False, True), (2, False, True)]
    assert len({t.media.hash for t in listed}) == 3 and len({t.seed for t in listed}) == 3
    assert engine.load_output("stills", "image")[1].hash == listed[0].media.hash
    assert project.artifacts.collect_garbage() == (0, 0)  # candidates are kept
    assert all(t.media.path.exists() for t in listed)
    assert engine.plan().dirty == []  # candidates do not make the node stale

    takes.choose(engine, "stills", 1, 2)
    plan = engine.plan()
    assert plan.dirty == ["clips", "export"] and plan.nodes["clips"].dirty_items == [1]
    result = engine.execute()
    assert ran(project, result.run_id) == [("clips", 1), ("export", None)]
    clip = engine.load_output("clips", "clip")[1]
    assert clip.path.read_bytes() == b"clip:" + listed[2].media.path.read_bytes()

    new = takes.regenerate(engine, "stills", 1)
    assert new == 3
    plan = engine.plan()
    assert plan.nodes["stills"].items[1].candidates == [4, 5]
    assert plan.nodes["stills"].calls == 3
    engine.execute()
    assert [t.take for t in takes.list_takes(engine, "stills", item)] == [0, 1, 2, 3, 4, 5]


def test_a_setting_changed_and_changed_back_lists_only_the_takes_it_gives(tmp_path):
    """The stale take made with the other setting is never shown as the one in use."""
    project = chain(tmp_path, items=["x", "y"])
    engine = Engine(project)
    engine.execute()
    item_id = takes.item_ids(engine, "a")[1]
    original = project.graph.node("a").params["suffix"]
    takes.regenerate(engine, "a", 1)  # take 1 with the original setting
    engine.execute()
    project.undo.push(SetParam("a", "suffix", "-other"))
    engine.execute()  # takes 0 and 1 again, made with "-other"
    project.undo.push(SetParam("a", "suffix", original))

    listed = takes.list_takes(engine, "a", item_id)
    assert [(t.take, t.chosen, t.available) for t in listed] == [(0, False, True),
                                                                (1, True, True)]
    keys = engine.take_keys("a", item_id, [0, 1])
    assert [t.cache_key for t in listed] == [keys[0], keys[1]]
    used = project.artifacts.read_json(listed[1].outputs["text"])
    assert used == f"y{original}#1"  # made with the setting in use, not with "-other"
    assert engine.plan().dirty == []  # and it is what the next run takes from the cache
    with pytest.raises(GraphError, match="take 1 is the one in use"):
        takes.delete_take(engine, "a", 1, 1)
