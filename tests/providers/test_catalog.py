"""The provider catalogue: every fixed name registered, metadata, and ``check``."""

from __future__ import annotations

from app.core.providers import provider_names, resolve
from nodes.providers import catalog
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.openai import FakeOpenAI
from tests.fakes.suno import FakeSuno

NAMES = {
    "openai",
    "qwen",
    "deepseek",
    "ollama",
    "dashscope",
    "kling",
    "runway",
    "midjourney",
    "suno",
    "comfyui",
    "elevenlabs",
}


def test_every_provider_registers_its_capabilities():
    catalog.load_all()
    assert set(catalog.PROVIDERS) == NAMES
    for info in catalog.PROVIDERS.values():
        for capability in info.capabilities:
            assert info.name in provider_names(capability), (info.name, capability)
            provider = resolve(capability, info.name, {})
            identity = provider.identity()
            assert identity["provider"] == info.name and identity["model"]
            assert provider.max_concurrency >= 1


def test_metadata_names_env_vars(monkeypatch):
    info = catalog.PROVIDERS["kling"]
    assert info.secret_env == ("SHOTGRAPH_KLING_ACCESS_KEY", "SHOTGRAPH_KLING_SECRET_KEY")
    assert info.base_url_env == "SHOTGRAPH_KLING_BASE_URL"
    monkeypatch.delenv("SHOTGRAPH_KLING_BASE_URL")
    assert info.base_url == "https://api-singapore.klingai.com"
    assert not catalog.has_secret("kling") and catalog.has_secret("suno")


def test_check_ok_and_failing(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    kling = start_fake(FakeKling, "kling")
    assert catalog.check("kling") == (True, f"Kling at {kling.url}: keys accepted")
    start_fake(FakeSuno, "suno")
    assert catalog.check("suno")[0]
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", "sk-wrong-key-000000")
    fake = start_fake(FakeOpenAI, "openai", "/v1")
    ok, message = catalog.check("openai")
    assert not ok and "SHOTGRAPH_OPENAI_API_KEY" in message and "sk-wrong-key-000000" not in message
    fake.violations.clear()  # the wrong key was the point
    assert catalog.check("nope")[0] is False
    ok, message = catalog.check("runway")  # no key configured
    assert not ok and "SHOTGRAPH_RUNWAY_API_KEY" in message
