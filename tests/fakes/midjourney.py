"""Fake midjourney-proxy: imagine/change submits with return codes, fetch polls, the queue.

A submit's ``state`` is kept on its task and shown by ``GET /mj/task/list`` (every task
the proxy knows), which is how a submit whose answer was lost is found again.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from tests.fakes.server import FakeService, Reply, Request

MJ_SECRET = "mj-fake-secret-0123456789"


class FakeMidjourney(FakeService):
    name = "midjourney"

    def setup(self) -> None:
        self.queue_full = 0  # answer this many submits with code 23
        self.references: list[bytes] = []  # image prompts that arrived in base64Array
        self.route("POST", "/mj/submit/imagine", "submit", self.imagine)
        self.route("POST", "/mj/submit/change", "change", self.change)
        self.route("GET", r"/mj/task/(?P<id>[\w-]+)/fetch", "poll", self.fetch)
        self.route("GET", "/mj/task/queue", "queue", self.queue)
        self.route("GET", "/mj/task/list", "list", self.list_tasks)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)

    def error_reply(self, status: int, kind: str) -> Reply:
        return Reply(status, {"code": 9, "description": f"fake {kind}"})

    def authorised(self, request: Request) -> Reply | None:
        if self.expect(request.headers.get("mj-api-secret") == MJ_SECRET, "mj-api-secret"):
            return None
        return Reply(401, {"code": 9, "description": "unauthorized"})

    def imagine(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        prompt = body.get("prompt")
        self.expect(isinstance(prompt, str) and prompt.strip() != "", "prompt required")
        self.expect("--ar 9:16" in (prompt or ""), "no --ar 9:16")
        for item in body.get("base64Array") or []:
            self.references.append(self._image_prompt(item))
        if self.queue_full:
            self.queue_full -= 1
            return Reply(
                200,
                {
                    "code": 23,
                    "description": "queue is full, please try later",
                    "result": None,
                    "properties": {},
                },
            )
        if "moderation" in self.modes:
            return Reply(
                200,
                {
                    "code": 24,
                    "description": "banned prompt",
                    "result": None,
                    "properties": {"bannedWord": "gore"},
                },
            )
        task_id = self.new_task(action="IMAGINE", prompt=prompt, state=body.get("state"))
        return Reply(
            200, {"code": 1, "description": "Submit success", "result": task_id, "properties": {}}
        )

    def _image_prompt(self, item: Any) -> bytes:
        """The bytes of one ``base64Array`` entry: a data: URI of a PNG or JPEG."""
        found = re.fullmatch(r"data:image/(png|jpeg);base64,([A-Za-z0-9+/=]+)", str(item))
        if not self.expect(found is not None, "base64Array item is not a PNG/JPEG data URI"):
            return b""
        raw = base64.b64decode(found[2])
        self.expect(raw.startswith((b"\x89PNG", b"\xff\xd8")), "base64Array image is not PNG/JPEG")
        return raw

    def change(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        self.expect(body.get("action") in ("UPSCALE", "VARIATION", "REROLL"), "action")
        self.expect(body.get("taskId") in self.tasks, "taskId of a known task")
        self.expect(body.get("index") in (1, 2, 3, 4), "index 1-4")
        task_id = self.new_task(action=body.get("action"), state=body.get("state"))
        return Reply(
            200, {"code": 22, "description": "In queue", "result": task_id, "properties": {}}
        )

    def fetch(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        task_id = match["id"]
        if "gone" in self.modes or task_id not in self.tasks:
            return Reply(200, b"", "application/json")  # the proxy returns null for unknown ids
        polls = self.advance(task_id)
        task: dict[str, Any] = {
            "id": task_id,
            "action": self.tasks[task_id]["action"],
            "prompt": "",
            "description": "",
            "state": self.tasks[task_id].get("state"),
            "submitTime": 1,
            "startTime": 2,
            "finishTime": None,
        }
        if polls < self.steps:
            return Reply(
                200,
                {
                    **task,
                    "status": "IN_PROGRESS" if polls else "SUBMITTED",
                    "progress": f"{polls * 40}%",
                    "imageUrl": None,
                    "failReason": None,
                },
            )
        if "task_failed" in self.modes:
            return Reply(
                200,
                {
                    **task,
                    "status": "FAILURE",
                    "progress": "0%",
                    "imageUrl": None,
                    "failReason": "Discord service error",
                },
            )
        return Reply(
            200,
            {
                **task,
                "status": "SUCCESS",
                "progress": "100%",
                "finishTime": 3,
                "imageUrl": f"{self.file_url}/files/{task_id}.png",
                "failReason": None,
            },
        )

    def list_tasks(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        with self.lock:
            rows = [
                {"id": tid, "action": t.get("action"), "state": t.get("state"),
                 "status": "SUBMITTED", "prompt": t.get("prompt", "")}
                for tid, t in self.tasks.items()
            ]
        return Reply(200, rows)

    def queue(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, [])

    def download(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect("mj-api-secret" not in request.headers, "secret sent to the CDN")
        return self.file_reply("png")
