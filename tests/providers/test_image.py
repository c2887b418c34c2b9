"""Image providers against their fakes: OpenAI gpt-image-1, Kling images, Midjourney."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.core.providers import ErrorKind, ProviderError
from nodes.providers.comfyui import ComfyImage
from nodes.providers.dashscope import WanImage
from nodes.providers.kling import KlingImage
from nodes.providers.midjourney import MidjourneyImage
from nodes.providers.openai_compat import OpenAIImage
from tests.fakes.comfyui import NODES, WORKFLOW, FakeComfyUI
from tests.fakes.dashscope import DASHSCOPE_KEY, FakeDashScope
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.midjourney import MJ_SECRET, FakeMidjourney
from tests.fakes.openai import OPENAI_KEY, FakeOpenAI
from tests.providers.conftest import FAST
from tests.providers.faults import Case, async_task_cases, run_case, sync_call_cases


def _is_png(path: Path) -> None:
    with Image.open(path) as img:
        assert img.format == "PNG"


@pytest.mark.parametrize("case", sync_call_cases("image"))
def test_openai_image_faults(case: Case, monkeypatch, start_fake, make_ctx, shot, out_dir):
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    fake = start_fake(FakeOpenAI, "openai", "/v1")
    result = run_case(
        case,
        fake,
        lambda: OpenAIImage(case.options()).generate_image(shot, 1, make_ctx(), out_dir / "s.png"),
        out_dir,
        submit_route="image",
    )
    if case.outcome == "ok":
        _is_png(result.path)
        assert fake.requests[-1].json()["size"] == "1024x1536"


@pytest.mark.parametrize(
    "case", async_task_cases(submit="submit_image", poll="poll_image", lookup=True)
)
def test_kling_image_faults(case: Case, monkeypatch, start_fake, make_ctx, shot, out_dir):
    if "moderation" in case.modes:
        case = Case(case.id, modes=frozenset({"task_moderation"}), outcome=ErrorKind.MODERATION)
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    fake = start_fake(FakeKling, "kling")
    run_case(
        case,
        fake,
        lambda: KlingImage(case.options()).generate_image(shot, 1, make_ctx(), out_dir / "s.png"),
        out_dir,
        submit_route="submit_image",
    )


@pytest.fixture
def mj(monkeypatch, start_fake):
    monkeypatch.setenv("SHOTGRAPH_MIDJOURNEY_API_KEY", MJ_SECRET)
    return start_fake(FakeMidjourney, "midjourney", "/mj")


@pytest.mark.parametrize("case", async_task_cases(lookup=True))
def test_midjourney_faults(case: Case, mj, make_ctx, shot, out_dir):
    result = run_case(
        case,
        mj,
        lambda: MidjourneyImage(case.options()).generate_image(
            shot, 9, make_ctx(), out_dir / "s.png"
        ),
        out_dir,
    )
    if case.outcome == "ok":
        _is_png(result.path)
        assert mj.count("change") == 1  # the grid's quadrant was upscaled
        assert "--seed 9" in next(r for r in mj.requests if r.route == "submit").json()["prompt"]


def test_midjourney_queue_full_is_retried(mj, make_ctx, shot, out_dir):
    mj.queue_full = 2
    MidjourneyImage({**FAST, "upscale": 0}).generate_image(shot, 1, make_ctx(), out_dir / "s.png")
    assert mj.count("submit") == 3 and mj.count("change") == 0


def test_midjourney_banned_prompt(mj, make_ctx, shot, out_dir):
    mj.modes.add("moderation")
    with pytest.raises(ProviderError) as caught:
        MidjourneyImage(FAST).generate_image(shot, 1, make_ctx(), out_dir / "s.png")
    assert caught.value.kind is ErrorKind.MODERATION and "reword" in caught.value.message


def test_midjourney_check(mj):
    ok, message = MidjourneyImage(FAST).check()
    assert ok, message


@pytest.mark.parametrize("case", async_task_cases(submit="submit_image"))
def test_wan_image_faults(case: Case, monkeypatch, start_fake, make_ctx, shot, out_dir):
    monkeypatch.setenv("SHOTGRAPH_DASHSCOPE_API_KEY", DASHSCOPE_KEY)
    fake = start_fake(FakeDashScope, "dashscope", "/api/v1")
    run_case(
        case,
        fake,
        lambda: WanImage(case.options()).generate_image(shot, 1, make_ctx(), out_dir / "s.png"),
        out_dir,
        submit_route="submit_image",
    )
    if case.outcome == "ok":
        params = next(r for r in fake.requests if r.route == "submit_image").json()["parameters"]
        assert params["size"] == "720*1280"


@pytest.fixture
def workflow(tmp_path):
    import json

    path = tmp_path / "workflow_api.json"
    path.write_text(json.dumps(WORKFLOW))
    return {**FAST, "workflow": str(path), "nodes": NODES}


def _comfy_case(case: Case) -> Case:
    if "moderation" in case.modes:  # ComfyUI has no moderation: a rejected workflow instead
        return Case(case.id, modes=case.modes, outcome=ErrorKind.BAD_REQUEST, submits=1)
    return case


@pytest.mark.parametrize("case", async_task_cases(lookup=True))
def test_comfyui_image_faults(case: Case, start_fake, make_ctx, shot, out_dir, workflow):
    fake = start_fake(FakeComfyUI, "comfyui")
    options = {**workflow, **case.options()}
    result = run_case(
        _comfy_case(case),
        fake,
        lambda: ComfyImage(options).generate_image(shot, 11, make_ctx(), out_dir / "s.png"),
        out_dir,
    )
    if case.outcome == "ok":
        graph = next(r for r in fake.requests if r.route == "submit").json()["prompt"]
        assert graph["3"]["inputs"]["seed"] == 11 and "Mei opens" in graph["6"]["inputs"]["text"]
    elif "moderation" in case.modes:
        assert "node 6 (CLIPTextEncode): Value not in list" in result.message


def test_comfyui_needs_an_api_format_workflow(tmp_path, make_ctx, shot, out_dir):
    ui_format = tmp_path / "ui.json"
    ui_format.write_text('{"nodes": [], "links": []}')
    with pytest.raises(ProviderError) as caught:
        ComfyImage({"workflow": str(ui_format), "nodes": NODES}).generate_image(
            shot, 1, make_ctx(), out_dir / "s.png"
        )
    assert caught.value.kind is ErrorKind.BAD_REQUEST and "Export (API)" in caught.value.message


def test_comfyui_identity_follows_the_workflow(workflow, tmp_path):
    first = ComfyImage(workflow).identity()
    Path(workflow["workflow"]).write_text("{}")
    assert ComfyImage(workflow).identity()["workflow_sha256"] != first["workflow_sha256"]
