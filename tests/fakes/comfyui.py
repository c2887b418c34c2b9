"""Fake ComfyUI server: /prompt validation with node_errors, /history, /queue, /view, uploads.

Follows ComfyUI's ``server.py``: ``POST /prompt`` takes the client's ``prompt_id`` (or
makes one) and answers ``{prompt_id, number, node_errors}``; a workflow whose every
output fails validation gets 400, one where only some outputs fail is queued anyway with
200 and the errors (mode ``partial_errors``: the errors break the saving node, so it
must be cancelled; ``other_errors``: they break another output only). ``GET /queue``
lists ``[number, prompt_id, prompt, extra_data, outputs]`` entries; ``POST /queue``
with ``{"delete": [ids]}`` drops pending ones and ``POST /interrupt`` stops the running
one. Every workflow received is kept in ``graphs`` for the test to read.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.server import FakeService, Reply, Request

# The workflow of ComfyUI's own script_examples/basic_api_example.py, as saved with
# "Save (API Format)" (the default text-to-image graph).
BASIC_API_EXAMPLE: dict[str, Any] = {
    "3": {
        "class_type": "KSampler",
        "inputs": {
            "cfg": 8,
            "denoise": 1,
            "latent_image": ["5", 0],
            "model": ["4", 0],
            "negative": ["7", 0],
            "positive": ["6", 0],
            "sampler_name": "euler",
            "scheduler": "normal",
            "seed": 8566257,
            "steps": 20,
        },
    },
    "4": {"class_type": "CheckpointLoaderSimple",
          "inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"batch_size": 1, "height": 512, "width": 512}},
    "6": {"class_type": "CLIPTextEncode",
          "inputs": {"clip": ["4", 1], "text": "masterpiece best quality girl"}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["4", 1], "text": "bad hands"}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
}

# A Wan 2.x image-to-video workflow as saved in API format: the prompt reaches the sampler
# through WanImageToVideo, the size is on WanImageToVideo, the still comes from LoadImage
# and the clip is written by SaveVideo (the node ids are whatever the editor gave them).
WAN_I2V: dict[str, Any] = {
    "37": {"class_type": "UNETLoader",
           "inputs": {"unet_name": "wan2.1_i2v_480p_14B_fp16.safetensors", "weight_dtype": "default"}},
    "38": {"class_type": "CLIPLoader",
           "inputs": {"clip_name": "umt5_xxl_fp8_e4m3fn_scaled.safetensors", "type": "wan"}},
    "39": {"class_type": "VAELoader", "inputs": {"vae_name": "wan_2.1_vae.safetensors"}},
    "49": {"class_type": "CLIPVisionLoader", "inputs": {"clip_name": "clip_vision_h.safetensors"}},
    "52": {"class_type": "LoadImage", "inputs": {"image": "flux_dev_example.png"}},
    "51": {"class_type": "CLIPVisionEncode",
           "inputs": {"clip_vision": ["49", 0], "image": ["52", 0], "crop": "none"}},
    "6": {"class_type": "CLIPTextEncode",
          "inputs": {"clip": ["38", 0], "text": "a cute anime girl with massive fennec ears"}},
    "7": {"class_type": "CLIPTextEncode",
          "inputs": {"clip": ["38", 0], "text": "static, blurry, overexposed, worst quality"}},
    "50": {"class_type": "WanImageToVideo",
           "inputs": {"positive": ["6", 0], "negative": ["7", 0], "vae": ["39", 0],
                      "clip_vision_output": ["51", 0], "start_image": ["52", 0],
                      "width": 512, "height": 512, "length": 33, "batch_size": 1}},
    "54": {"class_type": "ModelSamplingSD3", "inputs": {"model": ["37", 0], "shift": 8.0}},
    "3": {"class_type": "KSampler",
          "inputs": {"model": ["54", 0], "positive": ["50", 0], "negative": ["50", 1],
                     "latent_image": ["50", 2], "seed": 987948718394761, "steps": 20,
                     "cfg": 6, "sampler_name": "uni_pc", "scheduler": "simple", "denoise": 1}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["39", 0]}},
    "57": {"class_type": "CreateVideo", "inputs": {"images": ["8", 0], "fps": 16}},
    "58": {"class_type": "SaveVideo",
           "inputs": {"video": ["57", 0], "filename_prefix": "video/ComfyUI",
                      "format": "auto", "codec": "auto"}},
}

# The old fake workflow with an explicit mapping (kept: the ``nodes`` override still works).
WORKFLOW: dict[str, Any] = {
    **BASIC_API_EXAMPLE,
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}},
    "10": {"class_type": "LoadImage", "inputs": {"image": "example.png"}},
}
NODES = {
    "prompt": "6.text",
    "negative": "7.text",
    "seed": "3.seed",
    "width": "5.width",
    "height": "5.height",
    "image": "10.image",
}
OUTPUTS = ("SaveImage", "SaveVideo", "VHS_VideoCombine")


class FakeComfyUI(FakeService):
    name = "comfyui"

    def setup(self) -> None:
        self.uploads: dict[str, bytes] = {}
        self.graphs: list[dict[str, Any]] = []
        self.deleted: list[str] = []
        self.interrupted: list[Any] = []
        self.video = False
        self.route("POST", "/prompt", "submit", self.prompt)
        self.route("GET", r"/history/(?P<id>[\w-]+)", "poll", self.history)
        self.route("GET", "/queue", "queue", self.queue)
        self.route("POST", "/queue", "queue_delete", self.queue_delete)
        self.route("POST", "/interrupt", "interrupt", self.interrupt)
        self.route("GET", "/view", "download", self.view)
        self.route("POST", "/upload/image", "upload", self.upload)
        self.route("GET", "/system_stats", "stats", self.stats)

    def error_reply(self, status: int, kind: str) -> Reply:
        return Reply(status, {"error": {"type": "fake", "message": f"fake {kind}"}})

    # -- /prompt --------------------------------------------------------------------------
    def prompt(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        graph = body.get("prompt")
        self.expect(isinstance(body.get("client_id"), str), "client_id")
        if not self.expect(isinstance(graph, dict), "prompt is the API-format graph"):
            return Reply(
                400,
                {"error": {"type": "invalid_prompt", "message": "no prompt"}, "node_errors": {}},
            )
        self.graphs.append(graph)
        self._check_links(graph)
        output = next((i for i, n in graph.items() if n.get("class_type") in OUTPUTS), None)
        if self.video:
            loads = [n for n in graph.values() if n.get("class_type") == "LoadImage"]
            self.expect(all(n["inputs"]["image"] in self.uploads for n in loads),
                        "LoadImage names an upload")
        text = self._positive_text(graph)
        if "moderation" in self.modes or not text:
            return Reply(400, {"error": {"type": "prompt_outputs_failed_validation",
                                         "message": "Prompt outputs failed validation",
                                         "details": "", "extra_info": {}},
                               "node_errors": self._node_errors([output])})
        prompt_id = str(body.get("prompt_id") or f"p-{len(self.tasks) + 1}")
        with self.lock:
            self.tasks[prompt_id] = {"polls": 0, "client_id": body.get("client_id")}
        errors: dict[str, Any] = {}
        if "partial_errors" in self.modes:
            errors = self._node_errors([output])
        elif "other_errors" in self.modes:
            errors = self._node_errors(["99"])
        return Reply(200, {"prompt_id": prompt_id, "number": len(self.tasks),
                           "node_errors": errors})

    def _check_links(self, graph: dict[str, Any]) -> None:
        for node_id, node in graph.items():
            self.expect("class_type" in node, f"node {node_id} has a class_type")
            for name, value in (node.get("inputs") or {}).items():
                if isinstance(value, list) and len(value) == 2 and isinstance(value[1], int):
                    self.expect(value[0] in graph, f"{node_id}.{name} links to a missing node")

    def _positive_text(self, graph: dict[str, Any]) -> str:
        """The text the sampler's positive input reaches (through WanImageToVideo)."""
        sampler = next((n for n in graph.values() if n.get("class_type") == "KSampler"), None)
        link = (sampler or {}).get("inputs", {}).get("positive")
        while isinstance(link, list):
            node = graph.get(link[0]) or {}
            if node.get("class_type") == "CLIPTextEncode":
                return str(node["inputs"].get("text", ""))
            link = node.get("inputs", {}).get("positive")
        return ""

    def _node_errors(self, outputs: list[str | None]) -> dict[str, Any]:
        return {
            "6": {
                "errors": [{"type": "value_not_valid", "message": "Value not in list",
                            "details": "ckpt_name: 'sd15.safetensors' not in []",
                            "extra_info": {}}],
                "dependent_outputs": [o for o in outputs if o],
                "class_type": "CLIPTextEncode",
            }
        }

    # -- /history and /queue --------------------------------------------------------------
    def history(self, request: Request, match: re.Match[str]) -> Reply:
        prompt_id = match["id"]
        task = self.tasks.get(prompt_id)
        if task is None or "gone" in self.modes or task.get("deleted"):
            return Reply(200, {})
        if self.advance(prompt_id) < self.steps:
            return Reply(200, {})  # queued or running: not in history yet
        task["done"] = True
        if "task_failed" in self.modes:
            status = {
                "status_str": "error",
                "completed": False,
                "messages": [
                    ["execution_start", {"prompt_id": prompt_id}],
                    [
                        "execution_error",
                        {
                            "prompt_id": prompt_id,
                            "node_id": "3",
                            "node_type": "KSampler",
                            "exception_message": "CUDA out of memory",
                            "exception_type": "torch.OutOfMemoryError",
                        },
                    ],
                ],
            }
            return Reply(200, {prompt_id: {"prompt": [], "outputs": {}, "status": status}})
        graph = self.graphs[-1] if self.graphs else {}
        output = next((i for i, n in graph.items() if n.get("class_type") in OUTPUTS), "9")
        name, key = ("sg_00001.mp4", "gifs") if self.video else ("sg_00001_.png", "images")
        item = {"filename": name, "subfolder": "", "type": "output"}
        if self.video:
            item["format"] = "video/h264-mp4"
        outputs = {
            "11": {"images": [{"filename": "sg_prev.png", "subfolder": "", "type": "output"}]},
            output: {key: [item]},
        }
        return Reply(
            200,
            {
                prompt_id: {
                    "prompt": [],
                    "outputs": outputs,
                    "status": {"status_str": "success", "completed": True, "messages": []},
                }
            },
        )

    def _live(self) -> list[str]:
        return [pid for pid, t in self.tasks.items() if not t.get("deleted") and not t.get("done")]

    def queue(self, request: Request, match: re.Match[str]) -> Reply:
        live = [] if "gone" in self.modes else self._live()
        entries = [[n, pid, {}, {}, ["9"]] for n, pid in enumerate(live)]
        return Reply(200, {"queue_running": entries[:1], "queue_pending": entries[1:]})

    def queue_delete(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        self.expect(isinstance(body.get("delete"), list), "queue delete takes a list")
        for prompt_id in body.get("delete") or []:
            self.deleted.append(prompt_id)
            live = self._live()
            if prompt_id in self.tasks and prompt_id in live[1:]:  # pending only
                self.tasks[prompt_id]["deleted"] = True
        return Reply(200, b"", "text/plain")

    def interrupt(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json() if request.body else {}
        self.interrupted.append(body.get("prompt_id"))
        live = self._live()
        if live and body.get("prompt_id") in (None, live[0]):
            self.tasks[live[0]]["deleted"] = True
        return Reply(200, b"", "text/plain")

    # -- files --------------------------------------------------------------------------
    def view(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect(request.query.get("type") == "output", "type=output")
        self.expect(request.query.get("filename", "") in ("sg_00001.mp4", "sg_00001_.png"),
                    "the file of the saving node, not a preview")
        return self.file_reply("mp4" if self.video else "png")

    def upload(self, request: Request, match: re.Match[str]) -> Reply:
        ctype = request.headers.get("content-type", "")
        self.expect(ctype.startswith("multipart/form-data"), "upload is multipart")
        found = re.search(rb'name="image"; filename="([^"]+)"', request.body)
        self.expect(bool(found) and b"\x89PNG" in request.body, "multipart 'image' file")
        self.expect(b'name="overwrite"' in request.body, "overwrite field")
        name = found.group(1).decode() if found else "x.png"
        self.uploads[name] = request.body
        return Reply(200, {"name": name, "subfolder": "", "type": "input"})

    def stats(self, request: Request, match: re.Match[str]) -> Reply:
        return Reply(200, {"system": {"comfyui_version": "0.3.40", "os": "posix"}, "devices": []})
