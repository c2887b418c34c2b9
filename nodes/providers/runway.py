"""Runway (official API): image-to-video with gen4_turbo, as async tasks.

``POST /v1/image_to_video`` with the still as a data URI, ratio ``720:1280`` and
``X-Runway-Version: 2024-11-06``; poll ``GET /v1/tasks/{id}``. A ``failureCode`` that
starts with ``SAFETY`` is a moderation refusal. Output URLs expire in 24–48 h, so the
clip is downloaded at once.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import requests
from PIL import Image

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers.http import error_text, json_body, status_kind
from nodes.providers.service import ServiceProvider, prompt_for
from nodes.providers.tasks import TaskState

API_VERSION = "2024-11-06"
PROMPT_LIMIT = 1000
DATA_URI_LIMIT = 5 * 2**20  # Runway refuses larger data URIs
PENDING = ("PENDING", "THROTTLED", "RUNNING")


def data_uri(path: Path) -> str:
    """The still as a data URI, re-encoded as JPEG when the PNG would be too large."""
    data = Path(path).read_bytes()
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    if len(data) * 4 / 3 > DATA_URI_LIMIT:
        with Image.open(io.BytesIO(data)) as img:
            buffer = io.BytesIO()
            img.convert("RGB").save(buffer, "JPEG", quality=88)
        data, mime = buffer.getvalue(), "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _ratio(offered: tuple[str, ...]) -> str:
    """The vertical ratio a model offers (720:1280, else 1080:1920, else its first)."""
    for choice in ("720:1280", "1080:1920", "768:1280"):
        if not offered or choice in offered:
            return choice
    return offered[0]


class RunwayVideo(ServiceProvider):
    """``VideoModel``: Runway image_to_video (gen4_turbo, vertical 720:1280)."""

    name = "runway"
    service = "Runway"
    capability = "video"
    default_base_url = "https://api.dev.runwayml.com"
    default_model = "gen4_turbo"
    default_concurrency = 2
    key_env = ("SHOTGRAPH_RUNWAY_API_KEY",)
    output_options = ("ratio",)

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}", "X-Runway-Version": API_VERSION}

    def map_error(self, response: requests.Response) -> ProviderError:
        status, message = response.status_code, error_text(response)
        if status == 401:
            return ProviderError(self.name, ErrorKind.AUTH, f"Runway rejected the key: {message}")
        if status == 429 and ("daily" in message.lower() or "credit" in message.lower()):
            return ProviderError(self.name, ErrorKind.QUOTA, f"Runway: {message}")
        if status == 400 and "credit" in message.lower():
            return ProviderError(
                self.name,
                ErrorKind.QUOTA,
                f"Runway says the organisation has too few credits: {message}",
            )
        return ProviderError(
            self.name, status_kind(status), f"Runway answered HTTP {status}: {message}"
        )

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """A clip animating ``still`` as ``shot`` describes, downloaded into ``out``."""
        spec = self.spec
        duration = int(spec.clip_seconds(shot.duration) or (5 if shot.duration <= 5.0 else 10))
        # Runway counts its 1000-character limit in UTF-16 units (an emoji is two).
        prompt = spec.fit_prompt(prompt_for(shot, 4 * PROMPT_LIMIT))
        if spec.prompt_limit is None:
            prompt = prompt[:PROMPT_LIMIT]
        request = {
            "promptText": prompt,
            "duration": duration,
            "ratio": str(self.options.get("ratio") or _ratio(spec.ratios)),
            "seed": seed % 4294967295,
            "image_sha256": still.hash,
        }
        self.refuse_unless_accepted(
            f"the clip of shot {shot.id}",
            duration=duration,
            ratio=request["ratio"],
            prompt=prompt,
        )

        def task_id(response: requests.Response) -> str:
            answer = json_body(response)
            if not isinstance(answer, dict) or not answer.get("id"):
                raise self.client.error(
                    ErrorKind.TRANSIENT, f"Runway answered without a task id: {str(answer)[:200]}"
                )
            return str(answer["id"])

        def submit(ref: str) -> str:
            body = {k: v for k, v in request.items() if k != "image_sha256"}
            body.update(model=self.model, promptImage=data_uri(still.path))
            return self.client.call(
                "POST",
                "/v1/image_to_video",
                ctx=ctx,
                retry="refused",
                json=body,
                what="the image_to_video submit",
                parse=task_id,
            )

        state = self.paid_task(
            ctx,
            request,
            submit,
            lambda tid: self._state(tid, ctx),
            f"the clip of shot {shot.id}",
            {"second": float(duration)},
            where="your Runway dashboard's task history",
        )
        self.client.download(
            state.result, out, ctx=ctx, kinds=("video/",), what=f"the clip of {shot.id}"
        )
        meta = {"generator": "runway", "model": self.model, "clip_seconds": duration}
        return MediaOut(out, {**meta, "still": still.hash})

    def _state(self, task_id: str, ctx: RunContext) -> TaskState:
        task = self.client.call("GET", f"/v1/tasks/{task_id}", ctx=ctx, what="the task poll")
        status = str(task.get("status", "")) if isinstance(task, dict) else ""
        if status == "SUCCEEDED":
            output = task.get("output") or []
            if not output:
                return TaskState(
                    status,
                    error=self.client.error(
                        ErrorKind.TASK_FAILED, f"Runway task {task_id} succeeded without output"
                    ),
                )
            return TaskState(status, done=True, result=str(output[0]))
        if status in ("FAILED", "CANCELLED"):
            code = str(task.get("failureCode") or "")
            reason = str(task.get("failure") or status.lower())
            kind = ErrorKind.MODERATION if code.startswith("SAFETY") else ErrorKind.TASK_FAILED
            return TaskState(
                status,
                error=self.client.error(
                    kind, f"Runway task {task_id} failed: {reason}{f' ({code})' if code else ''}"
                ),
            )
        if status in PENDING:
            progress = task.get("progress")
            return TaskState(
                status, progress=float(progress) if isinstance(progress, int | float) else None
            )
        raise self.client.error(
            ErrorKind.TRANSIENT, f"Runway task {task_id} has an unknown status {status!r}"
        )

    def check(self) -> tuple[bool, str]:
        """``GET /v1/organization``: proves the key; reports the credit balance."""
        try:
            org = self.client.call(
                "GET", "/v1/organization", ctx=None, what="the organisation query"
            )
        except ProviderError as exc:
            return False, exc.message
        credits = org.get("creditBalance") if isinstance(org, dict) else None
        return True, f"Runway: key accepted, {credits} credits"


register_provider("video", "runway", RunwayVideo)
