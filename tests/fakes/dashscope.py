"""Fake DashScope native API: async Wan image/video tasks, /tasks polls, qwen-tts."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.server import FakeService, Reply, Request

DASHSCOPE_KEY = "sk-fakeDashScope0123456789abcdef"
T2I_MODELS = {"wanx2.1-t2i-turbo", "wanx2.1-t2i-plus", "wan2.2-t2i-flash", "wan2.2-t2i-plus"}
I2V_MODELS = {
    "wan2.2-i2v-plus",
    "wan2.2-i2v-flash",
    "wan2.6-i2v",
    "wan2.6-i2v-flash",
    "wanx2.1-i2v-turbo",
}
SIZE = re.compile(r"^(\d{3,4})\*(\d{3,4})$")


class FakeDashScope(FakeService):
    name = "dashscope"

    def setup(self) -> None:
        self.route(
            "POST", "/api/v1/services/aigc/text2image/image-synthesis", "submit_image", self.t2i
        )
        self.route(
            "POST", "/api/v1/services/aigc/video-generation/video-synthesis", "submit", self.i2v
        )
        self.route("GET", r"/api/v1/tasks/(?P<id>[\w-]+)", "poll", self.task)
        self.route(
            "POST", "/api/v1/services/aigc/multimodal-generation/generation", "speech", self.tts
        )
        self.route("GET", "/compatible-mode/v1/models", "models", self.models)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)

    def error_reply(self, status: int, kind: str) -> Reply:
        code = {
            401: "InvalidApiKey",
            429: "Throttling.RateQuota",
            500: "InternalServerError",
            503: "ServiceUnavailable",
        }[status]
        return Reply(status, {"request_id": "r", "code": code, "message": f"fake {kind}"})

    def authorised(self, request: Request) -> Reply | None:
        if self.expect(request.headers.get("authorization") == f"Bearer {DASHSCOPE_KEY}", "bearer"):
            return None
        return Reply(
            401, {"request_id": "r", "code": "InvalidApiKey", "message": "Invalid API-key"}
        )

    def _async(self, request: Request) -> Reply | None:
        if (denied := self.authorised(request)) is not None:
            return denied
        if not self.expect(
            request.headers.get("x-dashscope-async") == "enable", "X-DashScope-Async"
        ):
            return Reply(
                403,
                {
                    "code": "AccessDenied",
                    "message": "current user api does not support synchronous calls",
                },
            )
        if "moderation" in self.modes:
            return Reply(
                400,
                {
                    "request_id": "r",
                    "code": "DataInspectionFailed",
                    "message": "Input data may contain inappropriate content.",
                },
            )
        return None

    def t2i(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self._async(request)) is not None:
            return denied
        body = request.json()
        self.expect(body.get("model") in T2I_MODELS, f"model {body.get('model')}")
        self.expect(bool((body.get("input") or {}).get("prompt")), "input.prompt")
        size = SIZE.match(str((body.get("parameters") or {}).get("size", "1024*1024")))
        self.expect(
            bool(size) and all(512 <= int(v) <= 1440 for v in size.groups()), "size W*H 512-1440"
        )
        return self._created("image")

    def i2v(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self._async(request)) is not None:
            return denied
        body = request.json()
        params, given = body.get("parameters") or {}, body.get("input") or {}
        self.expect(body.get("model") in I2V_MODELS, f"model {body.get('model')}")
        self.expect(str(given.get("img_url", "")).startswith(("data:image/", "http")), "img_url")
        self.expect(params.get("resolution") in ("480P", "720P", "1080P"), "resolution")
        self.expect(params.get("duration") in (5, 10), f"duration {params.get('duration')!r}")
        return self._created("video")

    def _created(self, kind: str) -> Reply:
        task_id = self.new_task(kind=kind)
        return Reply(
            200, {"request_id": "r", "output": {"task_id": task_id, "task_status": "PENDING"}}
        )

    def task(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        task_id = match["id"]
        if "gone" in self.modes or task_id not in self.tasks:
            return Reply(
                200, {"request_id": "r", "output": {"task_id": task_id, "task_status": "UNKNOWN"}}
            )
        polls = self.advance(task_id)
        output: dict[str, Any] = {"task_id": task_id}
        if polls < self.steps:
            output["task_status"] = "PENDING" if polls == 0 else "RUNNING"
        elif "task_failed" in self.modes:
            output.update(
                task_status="FAILED", code="InternalError.Algo", message="algorithm error"
            )
        elif self.tasks[task_id]["kind"] == "video":
            output.update(task_status="SUCCEEDED", video_url=f"{self.file_url}/files/{task_id}.mp4")
        else:
            output.update(
                task_status="SUCCEEDED", results=[{"url": f"{self.file_url}/files/{task_id}.png"}]
            )
        return Reply(200, {"request_id": "r", "output": output, "usage": {}})

    def tts(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        self.expect(body.get("model", "").startswith("qwen"), "model")
        self.expect(bool((body.get("input") or {}).get("text")), "input.text")
        self.expect(
            (body.get("input") or {}).get("voice")
            in ("Cherry", "Serena", "Ethan", "Chelsie", "Dylan", "Jada", "Sunny"),
            "voice",
        )
        return Reply(
            200,
            {
                "request_id": "r",
                "output": {
                    "finish_reason": "stop",
                    "audio": {
                        "url": f"{self.file_url}/files/line.wav",
                        "id": "a1",
                        "expires_at": 0,
                    },
                },
            },
        )

    def models(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, {"object": "list", "data": [{"id": "qwen-plus"}]})

    def download(self, request: Request, match: re.Match[str]) -> Reply:
        return self.file_reply(match["name"].rsplit(".", 1)[-1])
