import pytest

from app.core.graph import (
    AddNode,
    Connect,
    CycleError,
    Disconnect,
    Edge,
    Graph,
    GraphError,
    MoveNode,
    PortTypeMismatch,
    RemoveNode,
    SetParam,
    UndoStack,
)
from tests.core.stubs import registry


@pytest.fixture
def stack():
    return UndoStack(Graph(registry()))




def test_refuses_wrong_type_with_specific_message(stack):
    stack.push(AddNode("t.suffix", node_id="a", title="A"))
    stack.push(AddNode("t.join", node_id="j", title="Join"))
    with pytest.raises(PortTypeMismatch) as err:
        stack.push(Connect(Edge("a", "text", "j", "texts")))
    assert "A (a) output 'text' (Text)" in str(err.value)
    assert "Join (j) input 'texts' (List[Text])" in str(err.value)
    assert stack.graph.edges == []


def test_cycle_is_refused_naming_nodes(stack):
    for nid in "abc":
        stack.push(AddNode("t.suffix", node_id=nid, title=nid.upper()))
    stack.push(Connect(Edge("a", "text", "b", "text")))
    stack.push(Connect(Edge("b", "text", "c", "text")))
    with pytest.raises(CycleError) as err:
        stack.push(Connect(Edge("c", "text", "a", "text")))
    assert "A (a)" in str(err.value) and "C (c)" in str(err.value)


def test_required_input_unwired_is_reported(stack):
    stack.push(AddNode("t.suffix", node_id="a", title="Lonely"))
    problems = [str(p) for p in stack.graph.validate()]
    assert problems == ["Lonely (a): required input 'text' is not connected"]


def test_bad_param_is_refused_and_model_unchanged(stack):
    stack.push(AddNode("t.suffix", node_id="a"))
    with pytest.raises(GraphError, match="suffix"):
        stack.push(SetParam("a", "suffix", {"not": "a string"}))
    with pytest.raises(GraphError, match="no setting"):
        stack.push(SetParam("a", "nope", 1))
    assert stack.graph.node("a").params["suffix"] == "!"
    assert not stack.can_redo


def test_undo_redo_ten_edits_restores_each_state(stack):
    snapshots = [stack.graph.to_dict()]
    commands = [
        AddNode("t.items", node_id="i"),
        AddNode("t.suffix", node_id="s"),
        AddNode("t.join", node_id="j"),
        Connect(Edge("i", "items", "s", "text")),
        Connect(Edge("s", "text", "j", "texts")) if False else MoveNode("s", (10, 20)),
        SetParam("s", "suffix", "?"),
        SetParam("i", "items", ["x", "y", "z"]),
        AddNode("t.suffix", node_id="s2"),
        Connect(Edge("i", "items", "s2", "text")),
        RemoveNode("s"),
    ]
    for c in commands:
        stack.push(c)
        snapshots.append(stack.graph.to_dict())
    for expected in reversed(snapshots[:-1]):
        stack.undo()
        assert stack.graph.to_dict() == expected
    for expected in snapshots[1:]:
        stack.redo()
        assert stack.graph.to_dict() == expected


def test_connect_replaces_existing_wire_and_undo_restores_it(stack):
    stack.push(AddNode("t.items", node_id="i1"))
    stack.push(AddNode("t.items", node_id="i2"))
    stack.push(AddNode("t.suffix", node_id="s"))
    stack.push(Connect(Edge("i1", "items", "s", "text")))
    stack.push(Connect(Edge("i2", "items", "s", "text")))
    assert stack.graph.edges == [Edge("i2", "items", "s", "text")]
    stack.undo()
    assert stack.graph.edges == [Edge("i1", "items", "s", "text")]
    stack.push(Disconnect(Edge("i1", "items", "s", "text")))
    assert stack.graph.edges == []
