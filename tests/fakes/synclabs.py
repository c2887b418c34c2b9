"""Fake Sync Labs API v2: x-api-key auth, multipart ``POST /v2/generate`` with
Idempotency-Key, ``GET /v2/generate/{id}`` polls, downloads.

Like the real service it refuses a file over the plan's upload limit (422
``file_size_exceeds_plan_limit``), a malformed Idempotency-Key (400), and answers a
repeated key with the generation it already made (nothing new is made or billed). The
``generations`` counter is what was made; ``requests`` counts what was sent.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakes.server import FakeService, Reply, Request

SYNC_KEY = "sk-sync-fake-0123456789abcdef"
MODELS = {"lipsync-2", "lipsync-2-pro", "sync-3", "lipsync-1.9.0-beta"}
KEY = re.compile(r"^[A-Za-z0-9._~-]{1,128}$")
UPLOAD_LIMIT = 20 * 2**20


def multipart(request: Request) -> dict[str, tuple[str, bytes]]:
    """The parts of a multipart/form-data body: name -> (filename or "", bytes)."""
    boundary = request.headers.get("content-type", "").partition("boundary=")[2].strip('"')
    parts: dict[str, tuple[str, bytes]] = {}
    for part in request.body.split(b"--" + boundary.encode())[1:-1]:
        head, _, value = part.strip(b"\r\n").partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        filename = re.search(rb'filename="([^"]*)"', head)
        if name:
            parts[name.group(1).decode()] = (
                filename.group(1).decode() if filename else "", value
            )
    return parts


class FakeSyncLabs(FakeService):
    name = "synclabs"

    def setup(self) -> None:
        self.by_key: dict[str, str] = {}
        self.generations = 0
        self.route("POST", "/v2/generate", "submit", self.generate)
        self.route("GET", r"/v2/generate/(?P<id>[\w-]+)", "poll", self.poll)
        self.route("GET", "/v2/generations", "list", self.list_generations)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)

    def error_reply(self, status: int, kind: str) -> Reply:
        return Reply(status, {"message": f"fake {kind}", "error_code": "fake"})

    def authorised(self, request: Request) -> Reply | None:
        if self.expect(request.headers.get("x-api-key") == SYNC_KEY, "x-api-key"):
            return None
        return Reply(401, {"message": "Unauthorized", "error_code": "unauthorized"})

    def generate(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        key = request.headers.get("idempotency-key", "")
        if key and not KEY.match(key):
            return Reply(400, {"message": "bad key", "error_code": "INVALID_IDEMPOTENCY_KEY"})
        self.expect(bool(key), "a paid generate without an Idempotency-Key")
        if key in self.by_key:  # a replay: the same generation, nothing new billed
            return Reply(200, self._generation(self.by_key[key]))
        parts = multipart(request)
        self.expect(request.headers.get("content-type", "").startswith("multipart/form-data"),
                    "generate with files is multipart")
        model = parts.get("model", ("", b""))[1].decode()
        self.expect(model in MODELS, f"model {model!r}")
        options = json.loads(parts.get("options", ("", b"{}"))[1] or b"{}")
        self.expect(isinstance(options, dict), "options is a JSON string of an object")
        video, audio = parts.get("video", ("", b""))[1], parts.get("audio", ("", b""))[1]
        self.expect(video[4:8] == b"ftyp", "video is an MP4")
        self.expect(audio[:4] == b"RIFF", "audio is a WAV")
        if max(len(video), len(audio)) > UPLOAD_LIMIT:
            return Reply(422, {"message": "file exceeds your plan limit",
                               "error_code": "file_size_exceeds_plan_limit"})
        if "moderation" in self.modes:
            return Reply(422, {"message": "input rejected by content moderation",
                               "error_code": "moderation"})
        task_id = self.new_task(model=model, options=options)
        self.generations += 1
        if key:
            self.by_key[key] = task_id
        return Reply(201, self._generation(task_id))

    def _generation(self, task_id: str, status: str = "PENDING", **extra: Any) -> dict[str, Any]:
        task = self.tasks[task_id]
        return {"id": task_id, "createdAt": "2026-01-01T00:00:00Z", "status": status,
                "model": task.get("model"), "input": [], "options": task.get("options", {}),
                "outputUrl": None, "outputDuration": None, "error": None, **extra}

    def poll(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        task_id = match["id"]
        if "gone" in self.modes or task_id not in self.tasks:
            return Reply(404, {"message": "Generation not found", "error_code": "not_found"})
        polls = self.advance(task_id)
        if polls < self.steps:
            return Reply(200, self._generation(task_id, "PENDING" if polls == 0 else "PROCESSING"))
        if "task_failed" in self.modes:
            return Reply(200, self._generation(task_id, "FAILED", error="generation failed",
                                               error_code="generation_failed"))
        return Reply(200, self._generation(
            task_id, "COMPLETED", outputUrl=f"{self.file_url}/files/{task_id}.mp4",
            outputDuration=4.0))

    def list_generations(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, [self._generation(t) for t in list(self.tasks)[:1]])

    def download(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect("x-api-key" not in request.headers, "the key sent to the file host")
        return self.file_reply("mp4")
