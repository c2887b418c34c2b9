"""Fake ComfyUI server: /prompt validation with node_errors, /history, /queue, /view, uploads."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.server import FakeService, Reply, Request

# An API-format workflow: what "Export (API)" writes.
WORKFLOW: dict[str, Any] = {
    "3": {
        "class_type": "KSampler",
        "inputs": {
            "seed": 0,
            "steps": 20,
            "cfg": 7.0,
            "model": ["4", 0],
            "positive": ["6", 0],
            "negative": ["7", 0],
            "latent_image": ["5", 0],
        },
    },
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd15.safetensors"}},
    "5": {
        "class_type": "EmptyLatentImage",
        "inputs": {"width": 512, "height": 512, "batch_size": 1},
    },
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0], "filename_prefix": "sg"}},
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


class FakeComfyUI(FakeService):
    name = "comfyui"

    def setup(self) -> None:
        self.uploads: dict[str, bytes] = {}
        self.video = False
        self.route("POST", "/prompt", "submit", self.prompt)
        self.route("GET", r"/history/(?P<id>[\w-]+)", "poll", self.history)
        self.route("GET", "/queue", "queue", self.queue)
        self.route("GET", "/view", "download", self.view)
        self.route("POST", "/upload/image", "upload", self.upload)
        self.route("GET", "/system_stats", "stats", self.stats)

    def error_reply(self, status: int, kind: str) -> Reply:
        return Reply(status, {"error": {"type": "fake", "message": f"fake {kind}"}})

    def prompt(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        graph = body.get("prompt")
        self.expect(isinstance(body.get("client_id"), str), "client_id")
        if not self.expect(isinstance(graph, dict), "prompt is the API-format graph"):
            return Reply(
                400,
                {"error": {"type": "invalid_prompt", "message": "no prompt"}, "node_errors": {}},
            )
        text = graph["6"]["inputs"].get("text", "")
        self.expect(
            graph["5"]["inputs"]["width"] == 720 and graph["5"]["inputs"]["height"] == 1280,
            "size injected",
        )
        if self.video:
            self.expect(graph["10"]["inputs"]["image"] in self.uploads, "image names an upload")
        if "moderation" in self.modes or not text:
            return Reply(
                400,
                {
                    "error": {
                        "type": "prompt_outputs_failed_validation",
                        "message": "Prompt outputs failed validation",
                        "details": "",
                        "extra_info": {},
                    },
                    "node_errors": {
                        "6": {
                            "errors": [
                                {
                                    "type": "value_not_valid",
                                    "message": "Value not in list",
                                    "details": "ckpt_name: 'sd15.safetensors' not in []",
                                    "extra_info": {},
                                }
                            ],
                            "dependent_outputs": ["9"],
                            "class_type": "CLIPTextEncode",
                        }
                    },
                },
            )
        prompt_id = self.new_task()
        return Reply(200, {"prompt_id": prompt_id, "number": len(self.tasks), "node_errors": {}})

    def history(self, request: Request, match: re.Match[str]) -> Reply:
        prompt_id = match["id"]
        if prompt_id not in self.tasks or "gone" in self.modes:
            return Reply(200, {})
        if self.advance(prompt_id) < self.steps:
            return Reply(200, {})  # queued or running: not in history yet
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
        name, key = ("sg_00001.mp4", "gifs") if self.video else ("sg_00001_.png", "images")
        item = {"filename": name, "subfolder": "", "type": "output"}
        if self.video:
            item["format"] = "video/h264-mp4"
        outputs = {
            "9": {key: [item]},
            "11": {"images": [{"filename": "prev.png", "subfolder": "", "type": "temp"}]},
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

    def queue(self, request: Request, match: re.Match[str]) -> Reply:
        running = [
            [n, pid, {}, {}, ["9"]] for n, pid in enumerate(self.tasks) if "gone" not in self.modes
        ]
        return Reply(200, {"queue_running": running[-1:], "queue_pending": running[:-1]})

    def view(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect(request.query.get("type") == "output", "type=output")
        self.expect(request.query.get("filename", "").startswith("sg_"), "filename from history")
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
