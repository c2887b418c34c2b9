"""Music providers against their fakes: Suno (suno-api)."""

from __future__ import annotations

import wave

import pytest

from app.core.providers import MusicRequest
from nodes.providers.elevenlabs import ElevenMusic
from nodes.providers.suno import SunoMusic
from tests.fakes.elevenlabs import ELEVEN_KEY, FakeElevenLabs
from tests.fakes.suno import FakeSuno
from tests.providers.conftest import FAST
from tests.providers.faults import Case, async_task_cases, run_case, sync_call_cases

REQUEST = MusicRequest(mood="tense", tempo_bpm=96, length_s=30, seed=1)


@pytest.mark.parametrize("case", async_task_cases(lookup=True))
def test_suno_faults(case: Case, start_fake, make_ctx, out_dir):
    fake = start_fake(FakeSuno, "suno")
    result = run_case(
        case,
        fake,
        lambda: SunoMusic(case.options()).compose(REQUEST, make_ctx(), out_dir / "score.wav"),
        out_dir,
    )
    if case.outcome == "ok":
        with wave.open(str(result.path)) as w:
            assert w.getframerate() == 48000 and w.getnframes() > 0
        assert result.meta["clip_id"] == "task-0002"  # seed 1 picks the second clip


def test_suno_streaming_is_not_final(start_fake, make_ctx, out_dir):
    fake = start_fake(FakeSuno, "suno")
    fake.steps = 3
    SunoMusic(FAST).compose(REQUEST, make_ctx(), out_dir / "score.wav")
    downloads = [r for r in fake.requests if r.route == "download"]
    assert len(downloads) == 1 and downloads[0].path.endswith(".mp3")


def test_suno_lyrics_use_custom_generate(start_fake, make_ctx, out_dir):
    fake = start_fake(FakeSuno, "suno")
    SunoMusic({**FAST, "lyrics": "[Verse]\nrain on the glass", "tags": "piano"}).compose(
        REQUEST, make_ctx(), out_dir / "score.wav"
    )
    submit = next(r for r in fake.requests if r.route == "submit")
    assert submit.path == "/api/custom_generate" and submit.json()["tags"] == "piano"


def test_suno_check(start_fake):
    start_fake(FakeSuno, "suno")
    ok, message = SunoMusic(FAST).check()
    assert ok and "50 credits" in message


@pytest.mark.parametrize("case", sync_call_cases("music"))
def test_elevenlabs_music_faults(case: Case, monkeypatch, start_fake, make_ctx, out_dir):
    monkeypatch.setenv("SHOTGRAPH_ELEVENLABS_API_KEY", ELEVEN_KEY)
    fake = start_fake(FakeElevenLabs, "elevenlabs")
    run_case(
        case,
        fake,
        lambda: ElevenMusic(case.options()).compose(REQUEST, make_ctx(), out_dir / "score.wav"),
        out_dir,
        submit_route="music",
    )
