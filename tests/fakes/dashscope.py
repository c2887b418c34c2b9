"""Fake DashScope native API: async Wan image/video tasks, /tasks polls, Qwen TTS, VideoRetalk.

It refuses what DashScope refuses: a clip length or resolution a Wan model does not make
(wan2.2-i2v-flash makes 5 s only; wan2.2-i2v-plus has no 720P), a model this region
does not serve (``region``: qwen-tts and videoretalk are Beijing-only), a VideoRetalk
clip outside 2-120 s. It records what was billed extra: ``audio_billed`` counts Wan
2.5/2.6 clips made with their default soundtrack (no ``audio: false``). Temporary
uploads (``GET /uploads?action=getPolicy`` then a form POST) give ``oss://`` URLs that
a submit may use only with ``X-DashScope-OssResourceResolve: enable``. Fault
``429-quota`` answers 429 with a quota code (``Throttling.AllocationQuota``).
"""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.server import FakeService, Reply, Request


def _form_fields(request: Request) -> dict[str, bytes]:
    """The fields of a multipart/form-data body, by name."""
    ctype = request.headers.get("content-type", "")
    boundary = ctype.partition("boundary=")[2].strip('"').encode()
    fields: dict[str, bytes] = {}
    for part in request.body.split(b"--" + boundary)[1:-1]:
        head, _, value = part.strip(b"\r\n").partition(b"\r\n\r\n")
        found = re.search(rb'name="([^"]+)"', head)
        if found:
            fields[found.group(1).decode()] = value
    return fields

DASHSCOPE_KEY = "sk-fakeDashScope0123456789abcdef"
T2I_MODELS = {"wanx2.1-t2i-turbo", "wanx2.1-t2i-plus", "wan2.2-t2i-flash", "wan2.2-t2i-plus"}
# model -> (resolutions, durations, has an audio switch); flash 2.6 takes 2-15 s.
I2V_MODELS: dict[str, tuple[set[str], set[int], bool]] = {
    "wan2.2-i2v-plus": ({"480P", "1080P"}, {5}, False),
    "wan2.2-i2v-flash": ({"480P", "720P", "1080P"}, {5}, False),
    "wanx2.1-i2v-turbo": ({"480P", "720P"}, {3, 4, 5}, False),
    "wan2.5-i2v-preview": ({"480P", "720P", "1080P"}, {5, 10}, True),
    "wan2.6-i2v": ({"720P", "1080P"}, {5, 10, 15}, True),
    "wan2.6-i2v-flash": ({"720P", "1080P"}, set(range(2, 16)), True),
}
BEIJING_ONLY = {"qwen-tts", "qwen-tts-latest", "videoretalk"}
QWEN3_VOICES = {"Cherry", "Serena", "Ethan", "Chelsie", "Momo", "Vivian", "Moon", "Maia",
                "Kai", "Nofish", "Bella", "Jennifer", "Ryan", "Katerina", "Elias", "Jada",
                "Dylan", "Sunny"}
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
        self.route(
            "POST", "/api/v1/services/aigc/image2video/video-synthesis/?", "submit_retalk",
            self.retalk,
        )
        self.route("GET", "/api/v1/uploads", "policy", self.policy)
        self.route("POST", "/oss", "upload", self.oss_upload)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)
        self.region = "intl"
        self.audio_billed = 0
        self.uploaded: dict[str, bytes] = {}  # oss:// key -> bytes
        self.retalk_seconds = 4.0  # how long the fake takes an uploaded clip to be

    def error_reply(self, status: int, kind: str) -> Reply:
        if kind == "429-quota":
            return Reply(429, {"request_id": "r", "code": "Throttling.AllocationQuota",
                               "message": "Allocated quota exceeded, please increase your quota"})
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

    def refuse(self, message: str, code: str = "InvalidParameter", status: int = 400) -> Reply:
        """DashScope's answer to a request it will not take (nothing made or billed)."""
        return Reply(status, {"request_id": "r", "code": code, "message": message})

    def i2v(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self._async(request)) is not None:
            return denied
        body = request.json()
        params, given = body.get("parameters") or {}, body.get("input") or {}
        model = body.get("model")
        if model not in I2V_MODELS:
            return self.refuse(f"Model not exist: {model}", "ModelNotFound", 404)
        resolutions, durations, has_audio = I2V_MODELS[model]
        self.expect(str(given.get("img_url", "")).startswith(("data:image/", "http")), "img_url")
        if params.get("resolution", "1080P") not in resolutions:
            return self.refuse(f"resolution {params.get('resolution')} is not supported by {model}")
        if params.get("duration", 5) not in durations:
            return self.refuse(f"duration {params.get('duration')} is not supported by {model}")
        if has_audio and params.get("audio", True) is not False:
            self.audio_billed += 1
        self.last_i2v = body
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
        model = body.get("model", "")
        self.expect(model.startswith("qwen"), "model")
        if model in BEIJING_ONLY and self.region != "cn":
            return self.refuse(f"Model not exist: {model}", "ModelNotFound", 404)
        self.expect(bool((body.get("input") or {}).get("text")), "input.text")
        self.expect((body.get("input") or {}).get("voice") in QWEN3_VOICES, "voice")
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

    # -- VideoRetalk and temporary uploads -------------------------------------------------
    def policy(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        self.expect(request.query.get("action") == "getPolicy", "action=getPolicy")
        model = request.query.get("model", "")
        self.expect(bool(model), "the upload policy names the model")
        return Reply(200, {"request_id": "r", "data": {
            "policy": "cG9saWN5", "signature": "c2ln", "upload_dir": f"dashscope/{model}/u1",
            "upload_host": f"{self.url}/oss", "expire_in_seconds": 300,
            "max_file_size_mb": 300, "capacity_limit_mb": 999, "oss_access_key_id": "LTAI-fake",
            "x_oss_object_acl": "private", "x_oss_forbid_overwrite": "true",
        }})

    def oss_upload(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect("authorization" not in request.headers, "the DashScope key sent to OSS")
        fields = _form_fields(request)
        for name in ("OSSAccessKeyId", "Signature", "policy", "key", "success_action_status"):
            self.expect(name in fields, f"OSS form field {name}")
        key = fields.get("key", b"").decode()
        self.expect(key.startswith("dashscope/"), "the key is under upload_dir")
        self.uploaded[key] = fields.get("file", b"")
        return Reply(200, b"", "text/plain")

    def retalk(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self._async(request)) is not None:
            return denied
        body = request.json()
        if body.get("model") != "videoretalk":
            return self.refuse(f"Model not exist: {body.get('model')}", "ModelNotFound", 404)
        if self.region != "cn":
            return self.refuse("Model not exist: videoretalk", "ModelNotFound", 404)
        given = body.get("input") or {}
        for name in ("video_url", "audio_url"):
            url = str(given.get(name, ""))
            if url.startswith("oss://"):
                if request.headers.get("x-dashscope-ossresourceresolve") != "enable":
                    return self.refuse(f"{name} oss:// needs X-DashScope-OssResourceResolve")
                if url[len("oss://"):] not in self.uploaded:
                    return self.refuse(f"{name} {url} was not uploaded")
            else:
                self.expect(url.startswith("http"), f"{name} is a URL")
        if not 2 <= self.retalk_seconds <= 120:
            return self.refuse("video duration must be between 2 and 120 seconds")
        self.expect(isinstance((body.get("parameters") or {}).get("video_extension", False),
                               bool), "video_extension is a bool")
        return self._created("video")

    def models(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, {"object": "list", "data": [{"id": "qwen-plus"}]})

    def download(self, request: Request, match: re.Match[str]) -> Reply:
        return self.file_reply(match["name"].rsplit(".", 1)[-1])
