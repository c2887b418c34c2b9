"""Video providers (Kling, Runway) against their fakes: the fault matrix and task resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.providers import ErrorKind, ProviderError, resolve
from nodes.providers.comfyui import ComfyVideo
from nodes.providers.dashscope import WanVideo
from nodes.providers.kling import KlingVideo, clip_duration
from nodes.providers.runway import RunwayVideo
from nodes.providers.tasks import MemoryJournal
from tests.fakes.comfyui import NODES, WORKFLOW, FakeComfyUI
from tests.fakes.dashscope import DASHSCOPE_KEY, FakeDashScope
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.runway import RUNWAY_KEY, FakeRunway
from tests.providers.conftest import FAST
from tests.providers.faults import Case, async_task_cases, run_case


@pytest.fixture
def kling_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)


@pytest.mark.parametrize("case", async_task_cases(lookup=True))
def test_kling_faults(case: Case, kling_env, start_fake, make_ctx, shot, still, out_dir: Path):
    fake = start_fake(FakeKling, "kling")
    provider = KlingVideo(case.options())
    ctx = make_ctx()
    result = run_case(
        case, fake, lambda: provider.animate(still, shot, 7, ctx, out_dir / "c.mp4"), out_dir
    )
    if case.outcome == "ok":
        assert result.path.read_bytes()[4:8] == b"ftyp"
        assert ctx.record_call.rows[-1]["status"] == "ok"
        assert ctx.record_call.rows[-1]["cost_estimate"] > 0
    elif case.outcome is ErrorKind.NOT_FOUND and "gone" in case.modes:
        assert "not bought again" in result.message
        assert ctx.tasks.rows == {}, "a task the provider forgot must be forgotten too"


@pytest.mark.parametrize("case", async_task_cases(moderation_mode="moderation"))
def test_runway_faults(case: Case, monkeypatch, start_fake, make_ctx, shot, still, out_dir: Path):
    monkeypatch.setenv("SHOTGRAPH_RUNWAY_API_KEY", RUNWAY_KEY)
    fake = start_fake(FakeRunway, "runway")
    provider = RunwayVideo(case.options())
    run_case(
        case, fake, lambda: provider.animate(still, shot, 7, make_ctx(), out_dir / "c.mp4"), out_dir
    )


def test_kling_resumes_a_saved_task_without_paying_again(
    kling_env, start_fake, make_ctx, shot, still, out_dir: Path
):
    fake = start_fake(FakeKling, "kling")
    fake.steps = 3
    journal = MemoryJournal()
    first = KlingVideo({**FAST, "deadline_s": 0.03})  # gives up while the task is processing
    with pytest.raises(ProviderError) as caught:
        first.animate(still, shot, 7, make_ctx(tasks=journal), out_dir / "c.mp4")
    assert caught.value.kind is ErrorKind.TIMEOUT and "resumes" in caught.value.message
    [(task_id, status)] = journal.rows.values()
    assert status == "submitted"

    second = KlingVideo(FAST)  # a fresh object: as after a crash and restart
    result = second.animate(still, shot, 7, make_ctx(tasks=journal), out_dir / "c.mp4")
    assert result.path.is_file()
    assert fake.count("submit") == 1
    assert list(journal.rows.values()) == [(task_id, "succeeded")]


def test_a_new_seed_is_a_new_task(kling_env, start_fake, make_ctx, shot, still, out_dir: Path):
    fake = start_fake(FakeKling, "kling")
    provider = KlingVideo(FAST)
    ctx = make_ctx()
    provider.animate(still, shot, 1, ctx, out_dir / "a.mp4")
    provider.animate(still, shot, 1, ctx, out_dir / "a.mp4")  # same request: resumed, not re-bought
    provider.animate(still, shot, 2, ctx, out_dir / "b.mp4")  # regenerate: a new task
    assert fake.count("submit") == 2
    costs = [row["cost_estimate"] for row in ctx.record_call.rows]
    assert costs[0] > 0 and costs[1] == 0 and costs[2] > 0


def test_kling_sends_the_documented_request(
    kling_env, start_fake, make_ctx, shot, still, out_dir: Path
):
    fake = start_fake(FakeKling, "kling")
    long_shot = shot.model_copy(update={"duration": 7.5})
    KlingVideo({**FAST, "mode": "pro"}).animate(still, long_shot, 3, make_ctx(), out_dir / "c.mp4")
    body = next(r for r in fake.requests if r.route == "submit").json()
    assert body["duration"] == "10" and body["mode"] == "pro" and body["model_name"] == "kling-v2-1"
    assert clip_duration(5.0) == "5" and clip_duration(5.1) == "10"


def test_registered_and_identity_has_no_secret(kling_env):
    provider = resolve("video", "kling", {"model": "kling-v1-6", "mode": "pro", "read_timeout": 3})
    assert provider.identity() == {"provider": "kling", "model": "kling-v1-6", "mode": "pro"}
    assert provider.max_concurrency == 2


@pytest.mark.parametrize("case", async_task_cases())
def test_wan_video_faults(case: Case, monkeypatch, start_fake, make_ctx, shot, still, out_dir):
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_API_KEY", DASHSCOPE_KEY)
    fake = start_fake(FakeDashScope, "dashscope", "/api/v1")
    run_case(
        case,
        fake,
        lambda: WanVideo(case.options()).animate(still, shot, 1, make_ctx(), out_dir / "c.mp4"),
        out_dir,
    )


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in async_task_cases(lookup=True)
        if c.values[0].id
        in (
            "happy",
            "submit-429-retried",
            "submit-503-after-made",
            "poll-reset-timeout-malformed",
            "task-failed",
            "task-gone",
        )
    ],
)
def test_comfyui_video_faults(case: Case, start_fake, make_ctx, shot, still, out_dir, tmp_path):
    import json

    fake = start_fake(FakeComfyUI, "comfyui")
    fake.video = True
    path = tmp_path / "i2v_api.json"
    path.write_text(json.dumps(WORKFLOW))
    provider = ComfyVideo({**case.options(), "workflow": str(path), "nodes": NODES})
    result = run_case(
        case, fake, lambda: provider.animate(still, shot, 1, make_ctx(), out_dir / "c.mp4"), out_dir
    )
    if case.outcome == "ok":
        assert fake.count("upload") == 1
    elif case.outcome is ErrorKind.TASK_FAILED:
        assert "CUDA out of memory" in result.message
