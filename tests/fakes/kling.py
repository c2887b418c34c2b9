"""Fake Kling API: JWT auth (verified with PyJWT), image2video and image tasks, downloads."""

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


class FakeKling(FakeService):
    name = "kling"

    def setup(self) -> None:
        self.references: list[bytes] = []  # reference images that arrived with image tasks
        self.route("POST", "/v1/videos/image2video", "submit", self.submit_video)
        self.route("GET", r"/v1/videos/image2video/(?P<id>[\w-]+)", "poll", self.poll_video)
        self.route("POST", "/v1/images/generations", "submit_image", self.submit_image)
        self.route("GET", r"/v1/images/generations/(?P<id>[\w-]+)", "poll_image", self.poll_image)
        self.route("GET", "/v1/videos/image2video", "list", self.list_tasks)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)

    def error_reply(self, status: int, kind: str) -> Reply:
        code = {401: 1000, 429: 1302, 500: 5000, 503: 5001}[status]
        return Reply(status, {"code": code, "message": f"fake {kind}", "request_id": "r1"})

    # -- auth -----------------------------------------------------------------------------
    def authorised(self, request: Request) -> Reply | None:
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
        if "moderation" in self.modes:
            return Reply(400, {"code": 1301, "message": "content risk", "request_id": "r"})
        task_id = self.new_task(kind="videos", duration=body.get("duration"))
        return Reply(200, self._envelope(task_id, "submitted"))

    def poll_video(self, request: Request, match: re.Match[str]) -> Reply:
        return self._poll(request, match["id"], "videos")

    def list_tasks(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, {"code": 0, "message": "SUCCEED", "request_id": "r", "data": []})

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
        if "image" in body:
            self.references.append(self._reference_image(body["image"]))
        if "image_reference" in body:
            self.expect(body["image_reference"] in ("subject", "face"), "image_reference")
            self.expect("image" in body, "image_reference without an image")
            self.expect(body.get("model_name") != "kling-v1", "kling-v1 takes no image_reference")
        task_id = self.new_task(kind="images")
        return Reply(200, self._envelope(task_id, "submitted"))

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

    # -- shared -------------------------------------------------------------------------------
    def _poll(self, request: Request, task_id: str, kind: str) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        if "gone" in self.modes or task_id not in self.tasks:
            return Reply(404, {"code": 1203, "message": "task not found", "request_id": "r"})
        polls = self.advance(task_id)
        if polls < self.steps:
            return Reply(200, self._envelope(task_id, "submitted" if polls == 0 else "processing"))
        if "task_failed" in self.modes:
            return Reply(200, self._envelope(task_id, "failed", msg="internal render error"))
        if "task_moderation" in self.modes:
            return Reply(
                200, self._envelope(task_id, "failed", msg="output hit content risk control")
            )
        ext = "mp4" if kind == "videos" else "png"
        item: dict[str, Any] = {"id": "v1", "url": f"{self.file_url}/files/{task_id}.{ext}"}
        if kind == "videos":
            item["duration"] = self.tasks[task_id].get("duration", "5")
        else:
            item["index"] = 0
        return Reply(200, self._envelope(task_id, "succeed", result={kind: [item]}))

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
