"""Fake suno-api: generate/custom_generate return two clips; /api/get walks their status.

``GET /api/get`` without ids lists the recent clips (newest first) with the prompt
(``gpt_description_prompt`` for a plain generate, ``prompt`` = lyrics for a custom one)
and tags they were made from, as suno-api's feed does: how a lost submit is found.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any

from tests.fakes.server import FakeService, Reply, Request

GENERATE_REQUIRED = {"prompt": str, "make_instrumental": bool, "wait_audio": bool}
CUSTOM_REQUIRED = {"prompt": str, "tags": str, "title": str}
LIFECYCLE = ("submitted", "queue", "streaming")
MODELS = {"chirp-v3-5", "chirp-v4", "chirp-auk", "chirp-bluejay", "chirp-crow", "chirp-fenix"}


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
        self.expect(body.get("model", "chirp-v3-5") in MODELS, f"model {body.get('model')}")

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
        made = datetime.fromtimestamp(time.time(), UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        origin = (
            {"prompt": body["prompt"], "tags": body.get("tags", ""), "gpt_description_prompt": ""}
            if "tags" in body
            else {"prompt": "", "tags": "", "gpt_description_prompt": body.get("prompt", "")}
        )
        ids = [self.new_task(created_at=made, **origin) for _ in range(2)]
        return Reply(200, [self._clip(i, "submitted") for i in ids])

    def _clip(self, clip_id: str, status: str) -> dict[str, Any]:
        task = self.tasks.get(clip_id, {})
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
            "created_at": task.get("created_at", "2025-01-01T00:00:00Z"),
            "model_name": "chirp-crow",
            "status": status,
            "prompt": task.get("prompt", ""),
            "gpt_description_prompt": task.get("gpt_description_prompt", ""),
            "tags": task.get("tags", ""),
            "duration": 1.0 if done else None,
            "error_message": "internal error" if status == "error" else "",
        }

    def get(self, request: Request, match: re.Match[str]) -> Reply:
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if "gone" in self.modes:
            return Reply(200, [])
        if not ids:  # the feed: the recent clips, newest first
            return Reply(200, [self._clip(i, "submitted") for i in reversed(self.tasks)])
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
