"""Speech providers against their fakes: OpenAI TTS."""

from __future__ import annotations

import wave

import pytest

from nodes.providers.dashscope import QwenSpeech
from nodes.providers.elevenlabs import ElevenSpeech
from nodes.providers.openai_compat import OpenAISpeech, openai_voice
from tests.fakes.dashscope import DASHSCOPE_KEY, FakeDashScope
from tests.fakes.elevenlabs import ELEVEN_KEY, FakeElevenLabs
from tests.fakes.openai import OPENAI_KEY, FakeOpenAI
from tests.providers.conftest import FAST
from tests.providers.faults import Case, run_case, sync_call_cases

CASES = [c for c in sync_call_cases("speech") if c.values[0].id != "moderation"]


@pytest.mark.parametrize("case", CASES)
def test_openai_tts_faults(case: Case, monkeypatch, start_fake, make_ctx, out_dir):
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    fake = start_fake(FakeOpenAI, "openai", "/v1")
    result = run_case(
        case,
        fake,
        lambda: OpenAISpeech(case.options()).speak(
            "It was you all along.", "en", "en-us+f3:60", make_ctx(), out_dir / "line.wav"
        ),
        out_dir,
        submit_route="speech",
    )
    if case.outcome == "ok":
        with wave.open(str(result.path)) as w:
            assert w.getnframes() > 0
        assert fake.requests[-1].json()["voice"] == "coral"


def test_voice_mapping():
    assert openai_voice("nova") == "nova"
    assert openai_voice("cmn+m2:40") == "onyx"
    assert openai_voice("whatever", "sage") == "sage"


@pytest.mark.parametrize("case", CASES)
def test_elevenlabs_tts_faults(case: Case, monkeypatch, start_fake, make_ctx, out_dir):
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    fake = start_fake(FakeElevenLabs, "elevenlabs")
    result = run_case(
        case,
        fake,
        lambda: ElevenSpeech(case.options()).speak(
            "It was you all along.", "en", "en-us+f3", make_ctx(), out_dir / "line.wav"
        ),
        out_dir,
        submit_route="speech",
    )
    if case.outcome == "ok":
        with wave.open(str(result.path)) as w:
            assert w.getframerate() == 48000
        assert fake.requests[-1].query["output_format"] == "mp3_44100_128"


def test_qwen_tts(monkeypatch, start_fake, make_ctx, out_dir):
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_API_KEY", DASHSCOPE_KEY)
    start_fake(FakeDashScope, "dashscope", "/api/v1")
    result = QwenSpeech(FAST).speak("你好", "zh", "cmn+f2", make_ctx(), out_dir / "line.wav")
    with wave.open(str(result.path)) as w:
        assert w.getnframes() > 0
    assert result.meta["voice"] == "Cherry"
