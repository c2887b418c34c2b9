"""Fake Runway API: bearer key + X-Runway-Version, image_to_video tasks, /v1/tasks polls.

Like the real API it counts ``promptText``'s 1000-character limit in UTF-16 code units
(an emoji is two) and refuses a longer one with 400, and takes only the ratios and clip
lengths each model offers.
"""

from __future__ import annotations

import base64
import re

from tests.fakes.server import FakeService, Reply, Request

RUNWAY_KEY = "key_fake_runway_0123456789abcdef"
RATIOS = {
    "gen4_turbo": {"1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672"},
    "veo3.1": {"1280:720", "720:1280", "1080:1920", "1920:1080"},
}
DURATIONS = {"gen4_turbo": {5, 10}, "veo3.1": {4, 6, 8}}


class FakeRunway(FakeService):
    name = "runway"

    def setup(self) -> None:
        self.route("POST", "/v1/image_to_video", "submit", self.submit)
        self.route("GET", r"/v1/tasks/(?P<id>[\w-]+)", "poll", self.poll)
        self.route("GET", "/v1/organization", "org", self.org)
        self.route("GET", r"/files/(?P<name>[\w.-]+)", "download", self.download)

    def error_reply(self, status: int, kind: str) -> Reply:
        return Reply(status, {"error": f"fake {kind}"})

    def authorised(self, request: Request) -> Reply | None:
        ok = request.headers.get("authorization") == f"Bearer {RUNWAY_KEY}"
        self.expect(request.headers.get("x-runway-version") == "2024-11-06", "X-Runway-Version")
        return None if self.expect(ok, "bad bearer key") else Reply(401, {"error": "Invalid key"})

    def submit(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        body = request.json()
        model = body.get("model")
        self.expect(model in RATIOS, f"model {model}")
        self.expect(body.get("ratio") in RATIOS.get(model, ()), f"ratio {body.get('ratio')}")
        image = body.get("promptImage", "")
        head, _, data = image.partition(",")
        self.expect(
            head in ("data:image/png;base64", "data:image/jpeg;base64"), f"promptImage {head[:30]}"
        )
        self.expect(
            base64.b64decode(data)[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb"),
            "promptImage bytes",
        )
        if body.get("duration") not in DURATIONS.get(model, ()):
            return Reply(400, {"error": f"duration {body.get('duration')} is not valid for {model}"})
        text = str(body.get("promptText", ""))
        units = len(text.encode("utf-16-le")) // 2
        if units > 1000:
            return Reply(400, {"error": "Validation of body failed",
                               "issues": [{"path": ["promptText"],
                                           "message": f"String must contain at most 1000 "
                                                      f"character(s), got {units}"}]})
        self.expect(
            isinstance(body.get("seed", 0), int) and 0 <= body.get("seed", 0) <= 4294967295, "seed"
        )
        return Reply(200, {"id": self.new_task()})

    def poll(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        task_id = match["id"]
        if "gone" in self.modes or task_id not in self.tasks:
            return Reply(404, {"error": "Task not found"})
        polls = self.advance(task_id)
        base = {"id": task_id, "createdAt": "2025-01-01T00:00:00Z"}
        if polls < self.steps:
            return Reply(
                200, {**base, "status": "PENDING" if polls == 0 else "RUNNING", "progress": 0.4}
            )
        if "task_failed" in self.modes:
            return Reply(
                200,
                {
                    **base,
                    "status": "FAILED",
                    "failure": "Internal error",
                    "failureCode": "INTERNAL.BAD_OUTPUT.CODE01",
                },
            )
        if "moderation" in self.modes:
            return Reply(
                200,
                {
                    **base,
                    "status": "FAILED",
                    "failure": "Input rejected",
                    "failureCode": "SAFETY.INPUT.IMAGE",
                },
            )
        return Reply(
            200, {**base, "status": "SUCCEEDED", "output": [f"{self.file_url}/files/{task_id}.mp4"]}
        )

    def org(self, request: Request, match: re.Match[str]) -> Reply:
        if (denied := self.authorised(request)) is not None:
            return denied
        return Reply(200, {"creditBalance": 1200, "tier": {"maxMonthlyCreditSpend": 10000}})

    def download(self, request: Request, match: re.Match[str]) -> Reply:
        self.expect("authorization" not in request.headers, "key sent to the file host")
        return self.file_reply("mp4")
