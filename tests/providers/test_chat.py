"""Chat providers: structured screenplay output, one repair round, faults, presets."""

from __future__ import annotations

import pytest

from app.core.providers import ErrorKind, ProviderError, ScriptRequest
from app.core.screenplay import Script
from nodes.providers.openai_compat import DeepSeekChat, OllamaChat, OpenAIChat, QwenChat
from tests.fakes.openai import OPENAI_KEY, FakeOpenAI, valid_script_json
from tests.providers.conftest import FAST

REQUEST = ScriptRequest(premise="A courier finds her own name on a parcel", seed=5)


@pytest.fixture
def openai_fake(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    return start_fake(FakeOpenAI, "openai", "/v1")


def test_writes_a_validated_script(openai_fake, make_ctx):
    ctx = make_ctx()
    script = OpenAIChat(FAST).write_script(REQUEST, ctx)
    assert isinstance(script, Script) and script.shots
    body = openai_fake.requests[0].json()
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["title"] == "Script"
    assert body["seed"] == 5
    assert ctx.record_call.rows[0]["status"] == "ok"


def test_one_repair_round_sends_the_error_back(openai_fake, make_ctx):
    openai_fake.answers = ['{"title": "half a script"', valid_script_json()]
    script = OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert script.title
    assert openai_fake.count("chat") == 2
    repair = openai_fake.requests[1].json()["messages"]
    assert repair[-2] == {"role": "assistant", "content": '{"title": "half a script"'}
    assert "not JSON" in repair[-1]["content"]


def test_schema_errors_are_repaired_too(openai_fake, make_ctx):
    openai_fake.answers = ['```json\n{"title": "x", "characters": []}\n```', valid_script_json()]
    OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert "characters" in openai_fake.requests[1].json()["messages"][-1]["content"]


def test_gives_up_after_one_repair(openai_fake, make_ctx):
    openai_fake.answers = ["not json", "still not json"]
    with pytest.raises(ProviderError) as caught:
        OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert caught.value.kind is ErrorKind.TASK_FAILED
    assert "offline writer" in caught.value.message
    assert openai_fake.count("chat") == 2


@pytest.mark.parametrize(
    ("faults", "outcome"),
    [
        (("429",), "ok"),
        (("500", "503"), "ok"),
        (("reset",), "ok"),
        (("timeout",), "ok"),
        (("malformed",), "ok"),
        (("401",), ErrorKind.AUTH),
        (("429", "429", "429", "429"), ErrorKind.RATE),
    ],
)
def test_chat_faults(openai_fake, make_ctx, faults, outcome):
    openai_fake.fault("chat", *faults)
    provider = OpenAIChat(FAST)  # a hung answer is given up on soon (``start_fake``)
    if outcome == "ok":
        assert provider.write_script(REQUEST, make_ctx()).shots
    else:
        with pytest.raises(ProviderError) as caught:
            provider.write_script(REQUEST, make_ctx())
        assert caught.value.kind is outcome


def test_refusal_is_moderation(openai_fake, make_ctx):
    openai_fake.modes.add("moderation")
    with pytest.raises(ProviderError) as caught:
        OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert caught.value.kind is ErrorKind.MODERATION


def test_quota_is_not_retried(openai_fake, make_ctx):
    def quota(request, match):
        from tests.fakes.server import Reply

        return Reply(
            429,
            {"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}},
        )

    openai_fake.routes.insert(0, ("POST", openai_fake.routes[0][1], "chat", quota))
    with pytest.raises(ProviderError) as caught:
        OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert caught.value.kind is ErrorKind.QUOTA
    assert openai_fake.count("chat") == 1


@pytest.mark.parametrize("cls", [QwenChat, DeepSeekChat])
def test_json_object_presets(cls, monkeypatch, start_fake, make_ctx):
    fake = start_fake(FakeOpenAI, cls.name, "/v1")
    monkeypatch.setenv(f"SHOTGRAPH_{cls.name.upper()}_API_KEY", OPENAI_KEY)
    assert cls(FAST).write_script(REQUEST, make_ctx()).shots
    body = fake.requests[0].json()
    assert body["response_format"] == {"type": "json_object"}
    assert body["model"] == cls.default_model


def test_ollama_native_format(start_fake, make_ctx):
    fake = start_fake(FakeOpenAI, "ollama")
    fake.answers = ["{}", valid_script_json()]
    assert OllamaChat(FAST).write_script(REQUEST, make_ctx()).shots
    body = fake.requests[0].json()
    assert body["format"]["title"] == "Script" and body["options"]["seed"] == 5
    assert OllamaChat(FAST).check()[0]


def test_ollama_missing_model_says_pull(start_fake, make_ctx):
    start_fake(FakeOpenAI, "ollama")
    with pytest.raises(ProviderError) as caught:
        OllamaChat({**FAST, "model": "missing"}).write_script(REQUEST, make_ctx())
    assert "ollama pull missing" in caught.value.message


def test_missing_key_says_where_to_put_it(make_ctx):
    with pytest.raises(ProviderError) as caught:
        OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert caught.value.kind is ErrorKind.AUTH
    assert "SHOTGRAPH_OPENAI_API_KEY" in caught.value.message
