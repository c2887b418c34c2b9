"""Fallbacks: the next provider on auth/quota/rate refusals, never after possibly-paid work."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.engine import Engine
from app.core.graph import SetParam
from app.core.providers import ErrorKind, ProviderError, register_provider, resolve
from app.core.providers.fallback import FallbackChain, parse_chain, with_fallback
from app.core.store.models import ProviderCallRow
from app.core.templates import create_project
from app.delivery.provenance import made_by
from nodes.registry import default_registry
from tests.fakes.elevenlabs import ELEVEN_KEY, FakeElevenLabs
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.openai import OPENAI_KEY, FakeOpenAI
from tests.fakes.runway import RUNWAY_KEY, FakeRunway
from tests.fakes.server import Reply
from tests.providers.conftest import FAST


class Scripted:
    """A provider that fails with the given kind (or succeeds when it is None)."""

    capability = "video"
    max_concurrency = 1
    calls: list[str] = []

    def __init__(self, name: str, kind: ErrorKind | None):
        self.name, self.kind = name, kind

    def identity(self):
        return {"provider": self.name}

    def animate(self, *args):
        Scripted.calls.append(self.name)
        if self.kind is not None:
            raise ProviderError(self.name, self.kind, f"{self.name} says {self.kind}")
        return self.name


@pytest.fixture(autouse=True)
def scripted():
    Scripted.calls = []
    for name, kind in (
        ("t-auth", ErrorKind.AUTH),
        ("t-quota", ErrorKind.QUOTA),
        ("t-rate", ErrorKind.RATE),
        ("t-transient", ErrorKind.TRANSIENT),
        ("t-moderation", ErrorKind.MODERATION),
        ("t-ok", None),
    ):
        register_provider("video", name, lambda options, n=name, k=kind: Scripted(n, k))


def test_moves_on_after_refusals_in_order():
    found = with_fallback("video", ["t-auth", "t-quota", "t-rate", "t-ok"], lambda p: p.animate())
    assert found.provider == "t-ok" and found.value == "t-ok"
    assert [name for name, _ in found.skipped] == ["t-auth", "t-quota", "t-rate"]
    assert Scripted.calls == ["t-auth", "t-quota", "t-rate", "t-ok"]


@pytest.mark.parametrize("name", ["t-transient", "t-moderation"])
def test_stops_where_work_may_have_been_paid_or_refused(name):
    with pytest.raises(ProviderError) as caught:
        with_fallback("video", [name, "t-ok"], lambda p: p.animate())
    assert caught.value.provider == name
    assert Scripted.calls == [name]


def test_widened_kinds():
    found = with_fallback(
        "video",
        ["t-moderation", "t-ok"],
        lambda p: p.animate(),
        kinds=frozenset({ErrorKind.MODERATION}),
    )
    assert found.provider == "t-ok"


def test_all_failing_lists_every_reason():
    with pytest.raises(ProviderError) as caught:
        with_fallback("video", ["t-auth", "t-quota"], lambda p: p.animate())
    assert (
        "t-auth says auth" in caught.value.message and "t-quota says quota" in caught.value.message
    )


def test_chain_with_real_providers_records_who_made_the_clip(
    monkeypatch, start_fake, make_ctx, shot, still, out_dir
):
    """Kling has no key configured, so Runway makes the clip; the take says so."""
    monkeypatch.setenv("SHOTGRAPH_RUNWAY_API_KEY", RUNWAY_KEY)
    kling = start_fake(FakeKling, "kling")
    start_fake(FakeRunway, "runway")
    chain = FallbackChain("video", ["kling", "runway"], {"kling": FAST, "runway": FAST})
    out = chain.animate(still, shot, 1, make_ctx(), out_dir / "c.mp4")
    assert out.meta["provider"] == "runway" and out.meta["skipped"] == ["kling"]
    assert kling.count("submit") == 0
    assert [i["provider"] for i in chain.identity()["chain"]] == ["kling", "runway"]

    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    out = chain.animate(still, shot, 2, make_ctx(), out_dir / "d.mp4")
    assert out.meta["provider"] == "kling"


# -- a chain named in a node's settings, run by the engine --------------------------------


def _demo_voices(tmp_path, chain: str):
    """The demo project with its Voices node set to ``chain``; runs Voices and what it needs."""
    project = create_project(tmp_path / "demo", "demo", default_registry())
    voice = next(n.id for n in project.graph.nodes.values() if n.type_id == "voice.speak")
    project.undo.push(SetParam(voice, "provider", chain))
    engine = Engine(project, provider_options={chain: FAST})
    result = engine.execute(targets=[voice])
    spoken = [v for v in engine.load_output(voice, "voice") if not v.meta.get("silent")]
    with Session(project.engine) as s:
        calls = s.execute(
            select(ProviderCallRow.provider, ProviderCallRow.status).where(
                ProviderCallRow.run_id == result.run_id
            )
        ).all()
    return project, result, spoken, sorted(calls)


def test_parse_chain_names_and_models():
    assert parse_chain("elevenlabs:eleven_v3 > openai>local") == [
        ("elevenlabs", "eleven_v3"),
        ("openai", ""),
        ("local", ""),
    ]
    assert parse_chain("ollama:llama3:8b > local")[0] == ("ollama", "llama3:8b")
    for bad in ("openai > > local", "openai > openai:tts-1"):
        with pytest.raises(ProviderError) as caught:
            parse_chain(bad)
        assert caught.value.kind is ErrorKind.BAD_REQUEST


def test_a_setting_names_a_chain_and_the_model_goes_to_the_first():
    chain = resolve("speech", "elevenlabs > openai:tts-1 > local", {"model": "eleven_v3"})
    assert isinstance(chain, FallbackChain)
    assert chain.options["elevenlabs"]["model"] == "eleven_v3"
    assert chain.options["openai"]["model"] == "tts-1"
    assert "model" not in chain.options["local"]
    with pytest.raises(ProviderError) as caught:
        resolve("speech", "elevenlabs > nosuch", {})
    assert "nosuch" in caught.value.message


def test_engine_records_the_provider_that_made_each_line(monkeypatch, start_fake, tmp_path):
    """ElevenLabs rejects the key (and echoes it); OpenAI speaks every line instead.

    The artifact's provenance, the export's record and the provider_call rows name
    OpenAI as the maker; the rejected key appears nowhere in the project.
    """
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    eleven = start_fake(FakeElevenLabs, "elevenlabs")
    openai = start_fake(FakeOpenAI, "openai", "/v1")
    echo = lambda request, match: Reply(  # noqa: E731
        401,
        {"detail": {"status": "invalid_api_key",
                    "message": f"key {request.headers.get('xi-api-key')} is not valid"}},
    )
    eleven.routes.insert(0, ("POST", eleven.routes[0][1], "speech", echo))

    project, result, spoken, calls = _demo_voices(tmp_path, "elevenlabs > openai > local")
    assert result.status == "done", result.failed
    assert spoken and eleven.count("speech") == len(spoken)
    assert openai.count("speech") == len(spoken)
    for media in spoken:
        made = media.meta["provenance"]
        assert made["provider"]["provider"] == "openai"
        assert made["fallback"]["provider"] == "fallback"
        assert [m.get("provider") or m.get("id") for m in made["fallback"]["chain"]] == [
            "elevenlabs",
            "openai",
            "local.espeak",
        ]
        assert media.meta["provider"] == "openai" and media.meta["skipped"] == ["elevenlabs"]
        record = made_by("voice", media)
        assert (record.provider, record.origin) == ("openai", "ai")
    assert calls == sorted(
        [("elevenlabs", "auth")] * len(spoken) + [("openai", "ok")] * len(spoken)
    )
    project.close()
    for path in (tmp_path / "demo").rglob("*"):
        if path.is_file():
            assert ELEVEN_KEY.encode() not in path.read_bytes(), path


def test_engine_falls_back_to_the_offline_voice(monkeypatch, start_fake, tmp_path):
    """No ElevenLabs key at all: espeak-ng speaks, and the lines count as procedural."""
    monkeypatch.delenv("SHOTGRAPH_ELEVENLABS_API_KEY", raising=False)
    eleven = start_fake(FakeElevenLabs, "elevenlabs")
    project, result, spoken, calls = _demo_voices(tmp_path, "elevenlabs > local")
    assert result.status == "done", result.failed
    assert spoken and eleven.count("speech") == 0
    for media in spoken:
        assert media.meta["provenance"]["provider"]["id"] == "local.espeak"
        assert made_by("voice", media).origin == "procedural"
    assert calls == []
    project.close()


def test_engine_stops_at_moderation(monkeypatch, start_fake, tmp_path):
    """A refusal for content is not passed on to the next service: the node fails."""
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("SHOTGRAPH_RUNWAY_API_KEY", RUNWAY_KEY)
    kling = start_fake(FakeKling, "kling")
    runway = start_fake(FakeRunway, "runway")
    kling.modes.add("moderation")
    project = create_project(tmp_path / "demo", "demo", default_registry())
    video = next(n.id for n in project.graph.nodes.values() if n.type_id == "video.animate")
    project.undo.push(SetParam(video, "provider", "kling > runway"))
    engine = Engine(project, provider_options={"kling > runway": FAST})
    result = engine.execute(targets=[video])
    assert result.status == "failed" and "content policy" in result.failed[video]
    assert kling.count("submit") >= 1 and runway.count("submit") == 0
    project.close()
