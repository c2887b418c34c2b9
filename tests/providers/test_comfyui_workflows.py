"""ComfyUI workflows used as creators save them ("Save (API Format)"), with no mapping.

The prompt, negative, seed, size, input image and output are found by following the
sampler's inputs; the explicit ``nodes`` mapping still overrides, and one that names an
input the workflow does not have is an error, not a silent addition. Tested on ComfyUI's
own ``script_examples/basic_api_example.py`` workflow and a Wan image-to-video one.
"""

from __future__ import annotations

import copy
import json

import pytest

from app.core.providers import ErrorKind, ProviderError
from nodes.providers.comfyui import ComfyImage, ComfyVideo
from nodes.providers.comfyui_workflow import WorkflowError, find_targets
from tests.fakes.comfyui import BASIC_API_EXAMPLE, WAN_I2V, FakeComfyUI
from tests.providers.conftest import FAST


def saved(tmp_path, graph, name="workflow_api.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(graph))
    return str(path)


def test_the_basic_api_example_runs_unchanged(start_fake, make_ctx, shot, out_dir, tmp_path):
    fake = start_fake(FakeComfyUI, "comfyui")
    out = ComfyImage({**FAST, "workflow": saved(tmp_path, BASIC_API_EXAMPLE)}).generate_image(
        shot, 5, make_ctx(), out_dir / "s.png")
    assert out.path.is_file()
    graph = fake.graphs[-1]
    assert "Mei opens the letter" in graph["6"]["inputs"]["text"]  # the positive encoder
    assert graph["7"]["inputs"]["text"] == "bad hands"  # no negative given: the workflow's own
    assert graph["3"]["inputs"]["seed"] == 5
    assert (graph["5"]["inputs"]["width"], graph["5"]["inputs"]["height"]) == (720, 1280)
    assert set(graph) == set(BASIC_API_EXAMPLE)  # nothing added


def test_a_negative_prompt_goes_to_the_negative_encoder(start_fake, make_ctx, shot, out_dir,
                                                        tmp_path):
    fake = start_fake(FakeComfyUI, "comfyui")
    options = {**FAST, "workflow": saved(tmp_path, BASIC_API_EXAMPLE),
               "negative_prompt": "text, watermark"}
    ComfyImage(options).generate_image(shot, 1, make_ctx(), out_dir / "s.png")
    assert fake.graphs[-1]["7"]["inputs"]["text"] == "text, watermark"


def test_a_wan_i2v_workflow_runs_unchanged(start_fake, make_ctx, shot, still, out_dir, tmp_path):
    fake = start_fake(FakeComfyUI, "comfyui")
    fake.video = True
    out = ComfyVideo({**FAST, "workflow": saved(tmp_path, WAN_I2V)}).animate(
        still, shot, 9, make_ctx(), out_dir / "c.mp4")
    assert out.path.read_bytes()[4:8] == b"ftyp" and out.meta["still"] == still.hash
    graph = fake.graphs[-1]
    assert "Mei opens the letter" in graph["6"]["inputs"]["text"]  # through WanImageToVideo
    assert graph["7"]["inputs"]["text"].startswith("static, blurry")
    assert graph["3"]["inputs"]["seed"] == 9
    assert (graph["50"]["inputs"]["width"], graph["50"]["inputs"]["height"]) == (720, 1280)
    assert graph["52"]["inputs"]["image"] in fake.uploads  # the still, uploaded
    assert fake.count("upload") == 1


def test_found_targets_of_both_workflows():
    basic = find_targets(BASIC_API_EXAMPLE)
    assert basic.fields == {"prompt": "6.text", "negative": "7.text", "seed": "3.seed",
                            "width": "5.width", "height": "5.height"}
    assert basic.output == "9"
    wan = find_targets(WAN_I2V)
    assert (wan.get("prompt"), wan.get("negative"), wan.get("image")) == (
        "6.text", "7.text", "52.image")
    assert (wan.get("width"), wan.output) == ("50.width", "58")


def test_sampler_custom_advanced_and_sd3_latents():
    graph = copy.deepcopy(BASIC_API_EXAMPLE)
    graph["5"]["class_type"] = "EmptySD3LatentImage"
    graph["3"] = {"class_type": "SamplerCustomAdvanced",
                  "inputs": {"noise": ["20", 0], "guider": ["21", 0], "sampler": ["22", 0],
                             "sigmas": ["23", 0], "latent_image": ["5", 0]}}
    graph["20"] = {"class_type": "RandomNoise", "inputs": {"noise_seed": 1}}
    graph["21"] = {"class_type": "CFGGuider",
                   "inputs": {"model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
                              "cfg": 4.0}}
    found = find_targets(graph)
    assert (found.get("prompt"), found.get("negative"), found.get("seed")) == (
        "6.text", "7.text", "20.noise_seed")
    assert found.get("width") == "5.width"


def test_a_mapping_overrides_and_a_typo_is_an_error(start_fake, make_ctx, shot, out_dir,
                                                    tmp_path):
    fake = start_fake(FakeComfyUI, "comfyui")
    graph = copy.deepcopy(BASIC_API_EXAMPLE)
    graph["10"] = {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}}
    path = saved(tmp_path, graph)
    options = {**FAST, "workflow": path, "nodes": {"prompt": "6.text", "seed": "3.sead"}}
    with pytest.raises(ProviderError) as caught:
        ComfyImage(options).generate_image(shot, 1, make_ctx(), out_dir / "s.png")
    assert caught.value.kind is ErrorKind.BAD_REQUEST
    assert "'3.sead'" in caught.value.message and "no input 'sead'" in caught.value.message
    assert fake.count("submit") == 0
    with pytest.raises(WorkflowError, match="no node '99'"):
        find_targets(graph, {"negative": "99.text"})
    # a correct override wins over what was found
    override = {**FAST, "workflow": path, "nodes": {"negative": "10.text"}}
    ComfyImage({**override, "negative_prompt": "ugly"}).generate_image(
        shot, 1, make_ctx(), out_dir / "t.png")
    sent = fake.graphs[-1]
    assert sent["10"]["inputs"]["text"] == "ugly" and sent["7"]["inputs"]["text"] == "bad hands"


def test_mapping_the_negative_without_a_negative_prompt_keeps_the_workflows(start_fake, make_ctx,
                                                                           shot, out_dir,
                                                                           tmp_path):
    fake = start_fake(FakeComfyUI, "comfyui")
    options = {**FAST, "workflow": saved(tmp_path, BASIC_API_EXAMPLE),
               "nodes": {"negative": "7.text"}}
    ComfyImage(options).generate_image(shot, 1, make_ctx(), out_dir / "s.png")
    assert fake.graphs[-1]["7"]["inputs"]["text"] == "bad hands"


def test_a_video_workflow_without_a_load_image_says_so(start_fake, make_ctx, shot, still,
                                                       out_dir, tmp_path):
    fake = start_fake(FakeComfyUI, "comfyui")
    with pytest.raises(ProviderError, match="no LoadImage node"):
        ComfyVideo({**FAST, "workflow": saved(tmp_path, BASIC_API_EXAMPLE)}).animate(
            still, shot, 1, make_ctx(), out_dir / "c.mp4")
    assert fake.count("upload") == 0 and fake.count("submit") == 0
