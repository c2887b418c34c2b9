import re

import pytest

from app.core.node_api import NodeError
from app.core.providers import ScriptRequest
from app.core.screenplay import Script, ShotCard
from nodes.providers.local.script_writer import speaking_time, write_script
from nodes.script import Premise, SplitShots, WriteParams, WriteScript

CJK = re.compile(r"[\u4e00-\u9fff]")
GENRES = ("romance", "revenge", "family", "ceo", "mystery")


def check_microdrama(script: Script, length: float) -> None:
    Script.model_validate(script.model_dump())  # the schema a chat model's JSON must pass
    shots = script.shots
    assert abs(script.duration - length) <= 1.0
    # 6–12 shots; past ~85 s the 8 s cap per shot needs more of them
    assert 6 <= len(shots) <= (12 if length <= 85 else 17)
    assert all(2.5 <= s.duration <= 8.0 for s in shots)
    assert shots[0].duration <= 3.0 and shots[0].line  # the hook
    assert shots[-1].line  # the cliffhanger ends on a line
    assert len({s.camera for s in shots}) >= 3
    assert all(a.camera != b.camera for a, b in zip(shots, shots[1:], strict=False))
    assert 2 <= len(script.characters) <= 4
    colors = [c.color for c in script.characters]
    assert len(set(colors)) == len(colors) and all(colors)
    assert all(c.look and c.voice for c in script.characters)
    for shot in shots:
        assert speaking_time(shot.line, shot.language) <= shot.duration + 0.01, shot


@pytest.mark.parametrize("genre", GENRES)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_writer_makes_valid_episodes_of_the_asked_length(genre, language):
    for seed, length in ((0, 30), (1, 45), (2, 75), (3, 120)):
        request = ScriptRequest(
            premise="A secret at a wedding",
            genre=genre,
            language=language,
            length_s=length,
            seed=seed,
        )
        script = write_script(request)
        check_microdrama(script, length)
        assert script.language == language
        assert all(s.language == language for s in script.shots)


def test_chinese_lines_are_chinese():
    script = write_script(
        ScriptRequest(
            premise="订婚之夜，保洁员林晚认出了新郎",
            genre="revenge",
            language="zh",
            length_s=45,
            seed=7,
        )
    )
    lines = [s.line for s in script.shots if s.line]
    assert lines and all(CJK.search(line) for line in lines)
    assert all(CJK.search(s.description) for s in script.shots)
    assert CJK.search(script.title)
    assert script.characters[0].name == "林晚"  # a name in the premise is kept


def test_writer_is_deterministic_and_seeds_vary():
    request = ScriptRequest(premise="p", genre="ceo", language="en", length_s=60, seed=5)
    assert write_script(request) == write_script(request)
    variants = {
        write_script(ScriptRequest(premise="p", genre="ceo", length_s=60, seed=s)).model_dump_json()
        for s in range(6)
    }
    assert len(variants) == 6


def test_cast_sets_names_and_count():
    two = write_script(
        ScriptRequest(
            premise="p",
            genre="family",
            seed=1,
            cast=({"name": "Ada", "voice": "female, low"}, {"name": "Ben"}),
        )
    )
    assert [c.name for c in two.characters] == ["Ada", "Ben"]
    assert two.characters[0].voice == "female, low"
    four = write_script(ScriptRequest(premise="p", genre="mystery", seed=1, cast=({},) * 4))
    assert len(four.characters) == 4


def test_writer_rejects_bad_requests():
    with pytest.raises(NodeError, match="genre"):
        write_script(ScriptRequest(premise="p", genre="western"))
    with pytest.raises(NodeError, match="30–120"):
        write_script(ScriptRequest(premise="p", length_s=10))


def test_write_node_uses_premise_input_and_is_cheap_offline(run_node):
    out = run_node(WriteScript, {"premise": "Lena finds the letter"}, genre="romance", seed=2)
    assert out["script"].logline == "Lena finds the letter"
    assert WriteScript.is_cheap(WriteParams())
    assert not WriteScript.is_cheap(WriteParams(provider="openai"))
    with pytest.raises(NodeError, match="premise is empty"):
        run_node(WriteScript, {}, premise="  ")
    assert run_node(Premise, premise="hi") == {"premise": "hi"}


@pytest.fixture
def script() -> Script:
    return write_script(ScriptRequest(premise="p", genre="revenge", length_s=45, seed=7))


def test_shots_carry_their_cast_and_style(run_node, script):
    shots = run_node(SplitShots, {"script": script}, style="noir")["shots"]
    assert [s.id for s in shots] == [s.id for s in script.shots]
    for card, shot in zip(shots, script.shots, strict=True):
        assert isinstance(card, ShotCard) and card.style == "noir"
        assert {c.id for c in card.cast} == {*shot.characters, *filter(None, [shot.speaker])}


def test_shot_overrides_and_order(run_node, script):
    out = run_node(
        SplitShots,
        {"script": script},
        overrides={"s3": {"description": "New."}},
        order=["s2", "s1"],
    )["shots"]
    assert [s.id for s in out[:3]] == ["s2", "s1", "s3"]
    assert len(out) == len(script.shots)
    assert next(s for s in out if s.id == "s3").description == "New."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"overrides": {"s99": {"line": "x"}}}, "s99"),
        ({"overrides": {"s1": {"colour": "red"}}}, "colour"),
        ({"overrides": {"s1": {"id": "s7"}}}, "id"),
        ({"overrides": {"s1": {"duration": 99}}}, "duration"),
        ({"overrides": {"s1": {"speaker": "nobody"}}}, "nobody"),
        ({"order": ["s1", "zz"]}, "zz"),
        ({"order": ["s1", "s1"]}, "more than once"),
    ],
)
def test_shot_errors_name_the_problem(run_node, script, params, message):
    with pytest.raises(NodeError, match=message):
        run_node(SplitShots, {"script": script}, **params)
