"""Lip-sync providers against their fakes: Kling lip-sync, DashScope VideoRetalk, Sync Labs.

Each takes the shot's clip and its line as it plays under the shot, refuses before it is
paid what the service would refuse (a clip too long, a line too long, the wrong region),
survives or reports the fault matrix, and never pays twice.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from app.core.node_api import Media
from app.core.providers import ErrorKind, ProviderError
from app.media.timeline import VOICE_LEAD_S
from nodes.providers.dashscope import BEIJING_BASE_URL, VideoRetalk
from nodes.providers.kling import KlingLipSync
from nodes.providers.synclabs import SyncLabsLipSync
from nodes.providers.tasks import MemoryJournal
from tests.fakes.dashscope import DASHSCOPE_KEY, FakeDashScope
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.synclabs import SYNC_KEY, FakeSyncLabs
from tests.providers.conftest import FAST
from tests.providers.faults import Case, async_task_cases, run_case


@pytest.fixture
def voice(tmp_path: Path, media: dict[str, bytes]) -> Media:
    path = tmp_path / "line.wav"
    path.write_bytes(media["wav"])
    return Media(hash="c" * 64, path=path, kind="audio", mime="audio/wav", duration=0.5)


def kling_clip(tmp_path: Path, media: dict[str, bytes], fake: FakeKling, seconds: str = "5"):
    """A clip Kling made earlier: the fake knows its video id and length."""
    fake.tasks["task-0000"] = {"polls": 0, "kind": "videos", "duration": seconds,
                               "video_id": "video-task-0000"}
    path = tmp_path / "kling.mp4"
    path.write_bytes(media["mp4"])
    return Media(hash="d" * 64, path=path, kind="video", mime="video/mp4", duration=float(seconds),
                 meta={"generator": "kling", "kling_video_id": "video-task-0000",
                       "clip_seconds": int(seconds), "still": "e" * 64})


def wav_seconds(data: bytes) -> tuple[float, float]:
    """(length, seconds of silence at the start) of WAV bytes."""
    with wave.open(io.BytesIO(data)) as w:
        frames = w.readframes(w.getnframes())
        rate = w.getframerate()
    samples = [int.from_bytes(frames[i : i + 2], "little", signed=True)
               for i in range(0, len(frames), 2)]
    first = next(i for i, s in enumerate(samples) if abs(s) > 50)
    return len(samples) / rate, first / rate


# -- Kling ----------------------------------------------------------------------------------
@pytest.fixture
def kling(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    return start_fake(FakeKling, "kling")


@pytest.mark.parametrize(
    "case", async_task_cases(submit="submit_lipsync", poll="poll_lipsync", lookup=True)
)
def test_kling_lipsync_faults(case: Case, kling, make_ctx, shot, voice, tmp_path, media, out_dir):
    clip = kling_clip(tmp_path, media, kling)
    result = run_case(
        case,
        kling,
        lambda: KlingLipSync(case.options()).lipsync(
            clip, voice, shot, 1, make_ctx(), out_dir / "synced.mp4"
        ),
        out_dir,
        submit_route="submit_lipsync",
    )
    if case.outcome == "ok":
        assert result.meta["kling_video_id"].startswith("video-task-")
        assert result.meta["still"] == clip.meta["still"]
        # the line as it plays under the shot: the lead-in silence, then the voice
        length, lead = wav_seconds(kling.audios[-1])
        assert length == pytest.approx(5.0, abs=0.01) and lead == pytest.approx(VOICE_LEAD_S, abs=0.01)


def test_kling_lipsync_refuses_a_long_shot_before_paying(kling, make_ctx, shot, voice, tmp_path,
                                                         media, out_dir):
    clip = kling_clip(tmp_path, media, kling, "10")
    long_shot = shot.model_copy(update={"duration": 14.0})
    with pytest.raises(ProviderError) as caught:
        KlingLipSync(FAST).lipsync(clip, voice, long_shot, 1, make_ctx(), out_dir / "x.mp4")
    assert caught.value.kind is ErrorKind.BAD_REQUEST
    assert "14 s; it takes 2-10 s" in caught.value.message
    assert "nothing was sent" in caught.value.message
    assert kling.count("submit_lipsync") == 0


def test_kling_lipsync_needs_a_kling_clip(kling, make_ctx, shot, voice, tmp_path, media, out_dir):
    path = tmp_path / "other.mp4"
    path.write_bytes(media["mp4"])
    other = Media(hash="f" * 64, path=path, kind="video", mime="video/mp4",
                  meta={"generator": "runway"})
    with pytest.raises(ProviderError) as caught:
        KlingLipSync(FAST).lipsync(other, voice, shot, 1, make_ctx(), out_dir / "x.mp4")
    assert "made by runway" in caught.value.message and kling.count("submit_lipsync") == 0


def test_kling_text_mode_sends_the_line_and_refuses_a_long_one(kling, make_ctx, shot, voice,
                                                               tmp_path, media, out_dir):
    clip = kling_clip(tmp_path, media, kling)
    provider = KlingLipSync({**FAST, "mode": "text", "voice_id": "uk_man2"})
    provider.lipsync(clip, voice, shot, 1, make_ctx(), out_dir / "a.mp4")
    sent = next(r for r in kling.requests if r.route == "submit_lipsync").json()["input"]
    assert (sent["mode"], sent["text"], sent["voice_id"]) == ("text2video", shot.line, "uk_man2")
    wordy = shot.model_copy(update={"line": "word " * 30})
    with pytest.raises(ProviderError, match="150 characters, over its limit of 120"):
        provider.lipsync(clip, voice, wordy, 1, make_ctx(), out_dir / "b.mp4")
    assert kling.count("submit_lipsync") == 1


def test_kling_lipsync_resumes_a_saved_task(kling, make_ctx, shot, voice, tmp_path, media,
                                            out_dir):
    clip = kling_clip(tmp_path, media, kling)
    kling.steps = 3
    journal = MemoryJournal()
    with pytest.raises(ProviderError) as caught:
        KlingLipSync({**FAST, "deadline_s": 0.03}).lipsync(
            clip, voice, shot, 1, make_ctx(tasks=journal), out_dir / "x.mp4")
    assert caught.value.kind is ErrorKind.TIMEOUT
    KlingLipSync(FAST).lipsync(clip, voice, shot, 1, make_ctx(tasks=journal), out_dir / "x.mp4")
    assert kling.count("submit_lipsync") == 1


# -- DashScope VideoRetalk -------------------------------------------------------------------
@pytest.fixture
def beijing(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_API_KEY", DASHSCOPE_KEY)
    fake = start_fake(FakeDashScope, "dashscope-beijing", "/api/v1")
    fake.region = "cn"
    return fake


@pytest.fixture
def plain_clip(tmp_path, media) -> Media:
    path = tmp_path / "clip.mp4"
    path.write_bytes(media["mp4"])
    return Media(hash="9" * 64, path=path, kind="video", mime="video/mp4", duration=4.0,
                 meta={"generator": "dashscope", "still": "e" * 64})


@pytest.mark.parametrize("case", async_task_cases(submit="submit_retalk"))
def test_videoretalk_faults(case: Case, beijing, make_ctx, shot, voice, plain_clip, out_dir):
    result = run_case(
        case,
        beijing,
        lambda: VideoRetalk(case.options()).lipsync(
            plain_clip, voice, shot, 1, make_ctx(), out_dir / "synced.mp4"
        ),
        out_dir,
        submit_route="submit_retalk",
    )
    if case.outcome == "ok":
        assert result.meta["synced_from"] == plain_clip.hash
        sent = [r for r in beijing.requests if r.route == "submit_retalk"][-1]
        urls = sent.json()["input"]
        assert urls["video_url"].startswith("oss://") and urls["audio_url"].startswith("oss://")
        uploaded = beijing.uploaded[urls["video_url"].removeprefix("oss://")]
        assert uploaded == plain_clip.path.read_bytes()


def test_videoretalk_never_uses_the_international_endpoint(monkeypatch, make_ctx, shot, voice,
                                                           plain_clip, out_dir):
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_API_KEY", DASHSCOPE_KEY)
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_BASE_URL", "https://dashscope-intl.aliyuncs.com/api/v1")
    monkeypatch.delenv("SHOTGRAPH_DASHSCOPE_BEIJING_BASE_URL")
    assert VideoRetalk({}).settings.base_url == BEIJING_BASE_URL
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_BEIJING_BASE_URL",
                       "https://dashscope-intl.aliyuncs.com/api/v1")
    with pytest.raises(ProviderError) as caught:
        VideoRetalk({}).lipsync(plain_clip, voice, shot, 1, make_ctx(), out_dir / "x.mp4")
    assert caught.value.kind is ErrorKind.BAD_REQUEST
    assert "China (Beijing) region only" in caught.value.message


def test_videoretalk_refuses_short_and_long_shots(beijing, make_ctx, shot, voice, plain_clip,
                                                  out_dir):
    for seconds in (1.5, 130.0):
        clip = Media(hash=plain_clip.hash, path=plain_clip.path, kind="video",
                     mime="video/mp4", duration=seconds, meta=plain_clip.meta)
        with pytest.raises(ProviderError, match="it takes 2-120 s"):
            VideoRetalk(FAST).lipsync(clip, voice, shot.model_copy(update={"duration": seconds}),
                                      1, make_ctx(), out_dir / "x.mp4")
    assert beijing.count("submit_retalk") == 0 and beijing.count("upload") == 0


# -- Sync Labs --------------------------------------------------------------------------------
@pytest.fixture
def sync(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_SYNCLABS_API_KEY", SYNC_KEY)
    return start_fake(FakeSyncLabs, "synclabs")


@pytest.mark.parametrize(
    "faults",
    [("503",), ("500",), ("reset",), ("503-after",), ("timeout-after",), ("malformed",)],
    ids=lambda f: f[0],
)
def test_synclabs_unclear_answers_replay_the_same_generation(faults, sync, make_ctx, shot, voice,
                                                             plain_clip, out_dir):
    """The Idempotency-Key makes asking again safe: one generation, however it went."""
    sync.fault("submit", *faults)
    out = SyncLabsLipSync(FAST).lipsync(plain_clip, voice, shot, 1, make_ctx(),
                                           out_dir / "s.mp4")
    assert out.path.read_bytes()[4:8] == b"ftyp"
    keys = {r.headers["idempotency-key"] for r in sync.requests if r.route == "submit"}
    assert sync.count("submit") == 2 and len(keys) == 1 and sync.generations == 1


def test_synclabs_happy_refusals_and_check(sync, make_ctx, shot, voice, plain_clip, out_dir):
    calls = make_ctx()
    SyncLabsLipSync(FAST).lipsync(plain_clip, voice, shot, 1, calls, out_dir / "a.mp4")
    sent = next(r for r in sync.requests if r.route == "submit")
    assert b'name="model"\r\n\r\nlipsync-2' in sent.body
    assert calls.record_call.rows[-1]["cost_estimate"] == pytest.approx(0.05 * 4.0)
    assert SyncLabsLipSync(FAST).check()[0]
    sync.modes.add("moderation")
    with pytest.raises(ProviderError) as caught:
        SyncLabsLipSync(FAST).lipsync(plain_clip, voice, shot, 2, make_ctx(), out_dir / "b.mp4")
    assert caught.value.kind is ErrorKind.BAD_REQUEST and "moderation" in caught.value.message


def test_synclabs_refuses_an_upload_over_its_limit(sync, make_ctx, shot, voice, tmp_path,
                                                    out_dir):
    big = tmp_path / "big.mp4"
    big.write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * (21 * 2**20))
    clip = Media(hash="8" * 64, path=big, kind="video", mime="video/mp4", duration=4.0)
    with pytest.raises(ProviderError, match="over its limit of 20 MB"):
        SyncLabsLipSync(FAST).lipsync(clip, voice, shot, 1, make_ctx(), out_dir / "x.mp4")
    assert sync.count("submit") == 0
