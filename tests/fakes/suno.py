"""Fake suno-api: generate/custom_generate return two clips; /api/get walks their status."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.server import FakeService, Reply, Request

GENERATE_REQUIRED = {"prompt": str, "make_instrumental": bool, "wait_audio": bool}
CUSTOM_REQUIRED = {"prompt": str, "tags": str, "title": str}
LIFECYCLE = ("submitted", "queue", "streaming")


class FakeSuno(FakeService):
    name = "suno"

    def setup(self) -> None:
        self.route("POST", "/api/generate", "submit", self.generate)
        self.route("POST", "/api/custom_generate", "submit", self.custom)
        self.route("GET", "/api/get", "poll", self.get)
        self.route("GET", "/api/get_limit", "limit", self.limit)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)

    def error_reply(self, status: int, kind: str) -> Reply:
        return Reply(status, {"error": f"fake {kind}"})

    def _check(self, body: dict[str, Any], required: dict[str, type]) -> None:
        for key, kind in required.items():
            self.expect(isinstance(body.get(key), kind), f"{key} missing or not {kind.__name__}")
        self.expect(body.get("wait_audio") is False, "wait_audio must be false (we poll)")

    def generate(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        self._check(body, GENERATE_REQUIRED)
        return self._clips(body)

    def custom(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        self._check(body, CUSTOM_REQUIRED)
        return self._clips(body)

    def _clips(self, body: dict[str, Any]) -> Reply:
        if "moderation" in self.modes:
            return Reply(400, {"error": "prompt contains artist names or violates content policy"})
        ids = [self.new_task(), self.new_task()]
        return Reply(200, [self._clip(i, "submitted") for i in ids])

    def _clip(self, clip_id: str, status: str) -> dict[str, Any]:
        done = status in ("streaming", "complete")
        audio = (
            f"{self.file_url}/files/{clip_id}.mp3"
            if status == "complete"
            else (f"https://audiopipe.suno.ai/?item_id={clip_id}" if done else "")
        )
        return {
            "id": clip_id,
            "title": "Theme",
            "image_url": "",
            "lyric": "",
            "audio_url": audio,
            "video_url": "",
            "created_at": "2025-01-01T00:00:00Z",
            "model_name": "chirp-v3-5",
            "status": status,
            "prompt": "",
            "tags": "",
            "duration": 1.0 if done else None,
            "error_message": "internal error" if status == "error" else "",
        }

    def get(self, request: Request, match: re.Match[str]) -> Reply:
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        self.expect(bool(ids), "ids missing")
        if "gone" in self.modes:
            return Reply(200, [])
        clips = []
        for clip_id in ids:
            if clip_id not in self.tasks:
                continue
            polls = self.advance(clip_id)
            if polls <= self.steps:
                status = LIFECYCLE[min(polls, len(LIFECYCLE) - 1)]
            else:
                status = "error" if "task_failed" in self.modes else "complete"
            clips.append(self._clip(clip_id, status))
        return Reply(200, clips)

    def limit(self, request: Request, match: re.Match[str]) -> Reply:
        return Reply(
            200, {"credits_left": 50, "period": "day", "monthly_limit": 50, "monthly_usage": 0}
        )

    def download(self, request: Request, match: re.Match[str]) -> Reply:
        return self.file_reply("mp3")
