"""The provider catalogue: every fixed name registered, metadata, and ``check``; the
``shotgraph providers`` commands that show them (list, check, models, voices)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from app import cli
from app.core.providers import provider_names, resolve
from nodes.providers import catalog
from tests.fakes.dashscope import DASHSCOPE_KEY, FakeDashScope
from tests.fakes.elevenlabs import ELEVEN_KEY, FakeElevenLabs
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.openai import FakeOpenAI
from tests.fakes.suno import FakeSuno
from tests.fakes.synclabs import SYNC_KEY, FakeSyncLabs

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
    "synclabs",
}
LIPSYNC = {"kling", "dashscope", "synclabs"}


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


def shotgraph(*args: str):
    return CliRunner().invoke(cli.cli, list(args), env={"COLUMNS": "240"})


def test_the_list_shows_the_lip_sync_providers():
    result = shotgraph("providers")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines()
            if line.count("│") > 4 and line.split("│")[1].strip()}
    assert LIPSYNC <= {name for name, row in rows.items() if "lipsync" in row}
    assert "SHOTGRAPH_SYNCLABS_BASE_URL" in result.output
    assert LIPSYNC == {n for n in catalog.PROVIDERS if "lipsync" in catalog.PROVIDERS[n].capabilities}


@pytest.mark.parametrize("name", sorted(LIPSYNC))
def test_check_works_for_each_lip_sync_provider(name, monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_API_KEY", DASHSCOPE_KEY)
    monkeypatch.setenv("SHOTGRAPH_SYNCLABS_API_KEY", SYNC_KEY)
    fake, path, args = {
        "kling": (FakeKling, "", ()),
        # VideoRetalk lives in Beijing: checked on its own endpoint
        "dashscope": (FakeDashScope, "/api/v1", ("--for", "lipsync")),
        "synclabs": (FakeSyncLabs, "", ()),
    }[name]
    started = start_fake(fake, "dashscope-beijing" if name == "dashscope" else name, path)
    result = shotgraph("providers", "check", name, *args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok") and started.url in result.output
    monkeypatch.delenv("SHOTGRAPH_SYNCLABS_API_KEY")
    monkeypatch.delenv("SHOTGRAPH_KLING_ACCESS_KEY")
    monkeypatch.delenv("SHOTGRAPH_DASHSCOPE_API_KEY")
    refused = shotgraph("providers", "check", name, *args)
    assert refused.exit_code == 1 and "error:" in refused.output and "Traceback" not in (
        refused.output)


def test_check_usage_errors_exit_2():
    assert shotgraph("providers", "check", "nope").exit_code == 2
    result = shotgraph("providers", "check", "synclabs", "--for", "video")
    assert result.exit_code == 1 and "offers lipsync, not video" in result.output


def test_models_lists_the_table_with_the_default_first():
    result = shotgraph("providers", "models", "dashscope")
    assert result.exit_code == 0, result.output
    assert "wan2.2-i2v-flash (default)" in result.output and "5 s" in result.output
    assert "videoretalk" in result.output and "region cn" in result.output
    assert shotgraph("providers", "models", "nope").exit_code == 2


def test_voices_lists_the_accounts_voices(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    start_fake(FakeElevenLabs, "elevenlabs")
    result = shotgraph("providers", "voices", "elevenlabs")
    assert result.exit_code == 0, result.output
    assert "EXAVITQu4vr4xnSDxMaL" in result.output and "Sarah" in result.output
    assert "4 voices" in result.output
    assert shotgraph("providers", "voices", "kling").exit_code == 2
