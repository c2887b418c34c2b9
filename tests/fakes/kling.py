"""Fake Kling API: JWT auth (verified with PyJWT), image2video, image and lip-sync tasks.

It refuses what Kling refuses: a ``mode`` a model does not offer (kling-v2-5-turbo and
kling-v2-6 are pro only), ``cfg_scale`` on a v2 model, ``image_reference`` on any image
model but kling-v1-5, a negative prompt beside a reference image, a lip-sync clip
outside 2-10 s or a line over 120 characters, an ``external_task_id`` used before. Mode
``ip_blocked`` answers every call with code 1304 (IP whitelist). Task lists return each
task's ``task_info.external_task_id``, as the real lists do.
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from typing import Any

import jwt

from tests.fakes.server import FakeService, Reply, Request

ACCESS_KEY = "ak-fake-kling-ACCESS-1234567890"
SECRET_KEY = "sk-fake-kling-SECRET-abcdefghijklmnop"
MODELS = {
    "kling-v1",
    "kling-v1-5",
    "kling-v1-6",
    "kling-v2-master",
    "kling-v2-1",
    "kling-v2-1-master",
    "kling-v2-5-turbo",
    "kling-v2-6",
}
ASPECTS = {"16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"}
PRO_ONLY = {"kling-v2-5-turbo", "kling-v2-6"}
IMAGE_MODELS = {"kling-v1", "kling-v1-5", "kling-v2", "kling-v2-new", "kling-v2-1"}


class FakeKling(FakeService):
    name = "kling"

    def setup(self) -> None:
        self.references: list[bytes] = []  # reference images that arrived with image tasks
        self.audios: list[bytes] = []  # lip-sync audio files that arrived
        self.lipsync_seconds = 4.0  # how long a clip sent by URL is
        self.kind_steps: dict[str, int] = {}  # polls before a task of a kind finishes
        self.route("POST", "/v1/videos/image2video", "submit", self.submit_video)
        self.route("GET", r"/v1/videos/image2video/(?P<id>[\w-]+)", "poll", self.poll_video)
        self.route("POST", "/v1/images/generations", "submit_image", self.submit_image)
        self.route("GET", r"/v1/images/generations/(?P<id>[\w-]+)", "poll_image", self.poll_image)
        self.route("GET", "/v1/videos/image2video", "list", self.list_tasks)
        self.route("GET", "/v1/images/generations", "list_image", self.list_tasks)
        self.route("POST", "/v1/videos/lip-sync", "submit_lipsync", self.submit_lipsync)
        self.route("GET", r"/v1/videos/lip-sync/(?P<id>[\w-]+)", "poll_lipsync", self.poll_lipsync)
        self.route("GET", "/v1/videos/lip-sync", "list_lipsync", self.list_tasks)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)
        self.external: set[str] = set()

    def error_reply(self, status: int, kind: str) -> Reply:
        code = {401: 1000, 429: 1302, 500: 5000, 503: 5001}[status]
        return Reply(status, {"code": code, "message": f"fake {kind}", "request_id": "r1"})

    # -- auth -----------------------------------------------------------------------------
    def refuse(self, message: str, code: int = 1201) -> Reply:
        """Kling's answer to a request it will not take (nothing is made or billed)."""
        return Reply(400, {"code": code, "message": message, "request_id": "r"})

    def authorised(self, request: Request) -> Reply | None:
        if "ip_blocked" in self.modes:
            return Reply(401, {"code": 1304, "message": "IP is not in the whitelist",
                               "request_id": "r"})
        auth = request.headers.get("authorization", "")
        if not self.expect(auth.startswith("Bearer "), "no bearer token"):
            return self.error_reply(401, "auth")
        token = auth.removeprefix("Bearer ")
        header = jwt.get_unverified_header(token)
        self.expect(
            header.get("alg") == "HS256" and header.get("typ") == "JWT", f"JWT header {header}"
        )
        try:
            claims = jwt.decode(
                token,
                SECRET_KEY,
                algorithms=["HS256"],
                options={"require": ["iss", "exp", "nbf"]},
                issuer=ACCESS_KEY,
            )
        except jwt.PyJWTError as exc:
            self.violations.append(f"bad JWT: {exc}")
            return Reply(401, {"code": 1002, "message": "token invalid"})
        now = time.time()
        self.expect(1700 <= claims["exp"] - now <= 1810, f"exp {claims['exp'] - now:.0f} s ahead")
        self.expect(0 <= now - claims["nbf"] <= 30, f"nbf {now - claims['nbf']:.0f} s behind")
        return None

    # -- video ------------------------------------------------------------------------------
    def submit_video(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        self.expect(body.get("model_name") in MODELS, f"model_name {body.get('model_name')}")
        image = body.get("image", "")
        self.expect(
            isinstance(image, str) and not image.startswith("data:"), "image has a data: prefix"
        )
        try:
            raw = base64.b64decode(image, validate=True)
            self.expect(raw.startswith((b"\x89PNG", b"\xff\xd8")), "image is not PNG/JPEG")
            self.expect(len(raw) <= 10 * 2**20, "image over 10 MB")
        except (binascii.Error, ValueError):
            self.violations.append("image is not base64")
        self.expect(body.get("duration") in ("5", "10"), f"duration {body.get('duration')!r}")
        self.expect(body.get("mode", "std") in ("std", "pro"), f"mode {body.get('mode')}")
        prompt = body.get("prompt", "")
        self.expect(isinstance(prompt, str) and len(prompt) <= 2500, "prompt too long")
        self.expect("aspect_ratio" not in body, "image2video has no aspect_ratio")
        model = body.get("model_name")
        if model in PRO_ONLY and body.get("mode", "std") != "pro":
            return self.refuse(f"{model} only supports pro mode")
        if "cfg_scale" in body and str(model).startswith("kling-v2"):
            return self.refuse(f"{model} does not support cfg_scale")
        if "moderation" in self.modes:
            return Reply(400, {"code": 1301, "message": "content risk", "request_id": "r"})
        return self._created(body, kind="videos", duration=body.get("duration"))

    def _created(self, body: dict[str, Any], **data: Any) -> Reply:
        external = body.get("external_task_id")
        if external is not None:
            self.expect(isinstance(external, str) and 0 < len(external) <= 64, "external_task_id")
            if external in self.external:
                return self.refuse("external_task_id already exists")
            self.external.add(external)
        task_id = self.new_task(external_task_id=external, **data)
        return Reply(200, self._envelope(task_id, "submitted"))

    def poll_video(self, request: Request, match: re.Match[str]) -> Reply:
        return self._poll(request, match["id"], "videos")

    def list_tasks(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        kind = {"list": "videos", "list_image": "images", "list_lipsync": "lipsync"}[
            request.route
        ]
        size = int(request.query.get("pageSize", 30))
        self.expect(1 <= size <= 500, f"pageSize {size}")
        with self.lock:
            rows = [
                {
                    "task_id": task_id,
                    "task_status": "submitted",
                    "task_info": {"external_task_id": task.get("external_task_id") or ""},
                    "created_at": 1,
                    "updated_at": 2,
                }
                for task_id, task in reversed(self.tasks.items())
                if task.get("kind") == kind
            ][:size]
        return Reply(200, {"code": 0, "message": "SUCCEED", "request_id": "r", "data": rows})

    # -- images -------------------------------------------------------------------------------
    def submit_image(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        self.expect(bool(body.get("prompt")), "image prompt missing")
        self.expect(body.get("aspect_ratio") in ASPECTS, f"aspect_ratio {body.get('aspect_ratio')}")
        self.expect(
            isinstance(body.get("n", 1), int) and 1 <= body.get("n", 1) <= 9, "n out of range"
        )
        self.expect(body.get("resolution", "1k") in ("1k", "2k"), "resolution")
        model = body.get("model_name")
        self.expect(model in IMAGE_MODELS, f"image model_name {model}")
        if "image" in body:
            self.references.append(self._reference_image(body["image"]))
            if body.get("negative_prompt"):
                return self.refuse("negative_prompt is not supported with a reference image")
            if model == "kling-v2-1":
                return self.refuse("kling-v2-1 does not support a reference image")
        if "image_reference" in body:
            self.expect(body["image_reference"] in ("subject", "face"), "image_reference")
            self.expect("image" in body, "image_reference without an image")
            if model != "kling-v1-5":
                return self.refuse(f"image_reference is only supported by kling-v1-5, not {model}")
        return self._created(body, kind="images")

    def _reference_image(self, image: Any) -> bytes:
        """The bytes of a reference ``image``: raw base64 of a PNG or JPEG, no data: prefix."""
        ok = isinstance(image, str) and not image.startswith("data:")
        self.expect(ok, "reference image is not raw base64")
        try:
            raw = base64.b64decode(image if ok else "", validate=True)
        except (binascii.Error, ValueError):
            self.violations.append("reference image is not base64")
            return b""
        self.expect(raw.startswith((b"\x89PNG", b"\xff\xd8")), "reference image is not PNG/JPEG")
        self.expect(len(raw) <= 10 * 2**20, "reference image over 10 MB")
        return raw

    def poll_image(self, request: Request, match: re.Match[str]) -> Reply:
        return self._poll(request, match["id"], "images")

    # -- lip sync ------------------------------------------------------------------------------
    def submit_lipsync(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        given = body.get("input") if isinstance(body, dict) else None
        if not self.expect(isinstance(given, dict), "lip-sync fields go in 'input'"):
            return self.refuse("input is required")
        has_id, has_url = bool(given.get("video_id")), bool(given.get("video_url"))
        if has_id == has_url:
            return self.refuse("exactly one of video_id and video_url is required")
        if has_id:
            source = next((t for t in self.tasks.values() if t.get("video_id") ==
                           given["video_id"]), None)
            if source is None:
                return self.refuse(f"video {given['video_id']} not found", code=1203)
            seconds = float(source.get("duration") or 5)
        else:
            seconds = float(self.lipsync_seconds)
        if not 2 <= seconds <= 10:
            return self.refuse(f"the video must be 2-10 s long, this one is {seconds:g} s")
        mode = given.get("mode")
        self.expect(mode in ("audio2video", "text2video"), f"lip-sync mode {mode!r}")
        if mode == "text2video":
            text = str(given.get("text") or "")
            if not text or len(text) > 120:
                return self.refuse("text is required and at most 120 characters")
            self.expect(bool(given.get("voice_id")), "text2video needs a voice_id")
            self.expect(given.get("voice_language") in ("zh", "en"), "voice_language")
        else:
            self.expect(given.get("audio_type") in ("file", "url"), "audio_type")
            if given.get("audio_type") == "file":
                try:
                    audio = base64.b64decode(str(given.get("audio_file", "")), validate=True)
                except (binascii.Error, ValueError):
                    return self.refuse("audio_file is not base64")
                if len(audio) > 5 * 2**20:
                    return self.refuse("audio_file over 5 MB")
                self.expect(audio[:4] in (b"RIFF", b"ID3\x03", b"ID3\x04") or audio[:2] ==
                            b"\xff\xfb", "audio_file is not WAV/MP3")
                self.audios.append(audio)
        if "moderation" in self.modes:
            return Reply(400, {"code": 1301, "message": "content risk", "request_id": "r"})
        return self._created(given, kind="lipsync", duration=str(int(round(seconds))))

    def poll_lipsync(self, request: Request, match: re.Match[str]) -> Reply:
        return self._poll(request, match["id"], "lipsync")

    # -- shared -------------------------------------------------------------------------------
    def _poll(self, request: Request, task_id: str, kind: str) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        if "gone" in self.modes or task_id not in self.tasks:
            return Reply(404, {"code": 1203, "message": "task not found", "request_id": "r"})
        polls = self.advance(task_id)
        if polls < self.kind_steps.get(kind, self.steps):
            return Reply(200, self._envelope(task_id, "submitted" if polls == 0 else "processing"))
        if "task_failed" in self.modes:
            return Reply(200, self._envelope(task_id, "failed", msg="internal render error"))
        if "task_moderation" in self.modes:
            return Reply(
                200, self._envelope(task_id, "failed", msg="output hit content risk control")
            )
        ext = "png" if kind == "images" else "mp4"
        video_id = f"video-{task_id}"
        item: dict[str, Any] = {"id": video_id, "url": f"{self.file_url}/files/{task_id}.{ext}"}
        if kind == "images":
            item["index"] = 0
        else:
            item["duration"] = self.tasks[task_id].get("duration", "5")
            with self.lock:
                self.tasks[task_id]["video_id"] = video_id
        results = "images" if kind == "images" else "videos"
        return Reply(200, self._envelope(task_id, "succeed", result={results: [item]}))

    def _envelope(
        self, task_id: str, status: str, msg: str = "", result: Any = None
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "task_id": task_id,
            "task_status": status,
            "task_status_msg": msg,
            "created_at": 1,
            "updated_at": 2,
        }
        if result:
            data["task_result"] = result
        return {"code": 0, "message": "SUCCEED", "request_id": "r", "data": data}

    def download(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect("authorization" not in request.headers, "auth header sent to the file host")
        return self.file_reply(match["name"].rsplit(".", 1)[-1])
