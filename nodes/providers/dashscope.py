"""Alibaba DashScope (native API): Wan text-to-image and image-to-video, Qwen TTS.

Wan calls are async: the submit carries ``X-DashScope-Async: enable`` and returns
``output.task_id``; ``GET /tasks/{id}`` reports ``PENDING|RUNNING|SUCCEEDED|FAILED|
CANCELED|UNKNOWN``. Image sizes use ``*`` (``720*1280``), not ``x``. Keys only work in
their own region: an international key needs the ``dashscope-intl`` base URL.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers.http import status_kind
from nodes.providers.service import ServiceProvider, audio_into, prompt_for
from nodes.providers.tasks import TaskState

DEFAULT_BASE_URL = "https://dashscope-intl.aliyuncs.com/api/v1"
PROMPT_LIMIT = 800
QWEN_VOICES = ("Cherry", "Serena", "Ethan", "Chelsie", "Dylan", "Jada", "Sunny")
PENDING = ("PENDING", "RUNNING")


def dashscope_error(provider: str, response: requests.Response) -> ProviderError:
    """Map DashScope's ``{code, message}`` errors."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = str(body.get("code") or "") if isinstance(body, dict) else ""
    message = (
        str(body.get("message") or response.reason) if isinstance(body, dict) else response.reason
    )
    return ProviderError(
        provider,
        _kind(code, response.status_code),
        f"DashScope {code or response.status_code}: {message}{_advice(code)}",
    )


def _kind(code: str, status: int) -> ErrorKind:
    if code in ("InvalidApiKey", "AccessDenied") or status == 401:
        return ErrorKind.AUTH
    if code.startswith("Arrearage") or code == "Throttling.AllocationQuota":
        return ErrorKind.QUOTA
    if code.startswith("Throttling"):
        return ErrorKind.RATE
    if code.startswith("DataInspectionFailed") or "DataInspection" in code:
        return ErrorKind.MODERATION
    if code in ("ModelNotFound",):
        return ErrorKind.BAD_REQUEST
    return status_kind(status)


def _advice(code: str) -> str:
    if code in ("InvalidApiKey", "AccessDenied"):
        return (
            " — keys only work in their own region: an international key needs "
            "https://dashscope-intl.aliyuncs.com/api/v1 in SHOTGRAPH_DASHSCOPE_BASE_URL"
        )
    return ""


class _DashScope(ServiceProvider):
    name = "dashscope"
    service = "DashScope"
    default_base_url = DEFAULT_BASE_URL
    key_env = ("SHOTGRAPH_DASHSCOPE_API_KEY",)

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}

    def map_error(self, response: requests.Response) -> ProviderError:
        return dashscope_error(self.name, response)

    def _submit(self, path: str, body: dict[str, Any], ctx: RunContext) -> str:
        answer = self.client.call(
            "POST",
            path,
            ctx=ctx,
            retry="refused",
            json=body,
            headers={"X-DashScope-Async": "enable"},
            what="the Wan submit",
        )
        task_id = (
            ((answer or {}).get("output") or {}).get("task_id")
            if isinstance(answer, dict)
            else None
        )
        if not task_id:
            raise self.client.error(
                ErrorKind.TRANSIENT, f"DashScope answered without a task id: {str(answer)[:200]}"
            )
        return str(task_id)

    def _state(self, task_id: str, ctx: RunContext, pick: Any) -> TaskState:
        answer = self.client.call("GET", f"/tasks/{task_id}", ctx=ctx, what="the task poll")
        output = (answer or {}).get("output") or {} if isinstance(answer, dict) else {}
        status = str(output.get("task_status", ""))
        if status == "SUCCEEDED":
            url = pick(output)
            if not url:
                return TaskState(
                    status,
                    error=self.client.error(
                        ErrorKind.TASK_FAILED,
                        f"DashScope task {task_id} succeeded without a result: {str(output)[:200]}",
                    ),
                )
            return TaskState(status, done=True, result=url)
        if status in ("FAILED", "CANCELED"):
            code, message = str(output.get("code") or ""), str(output.get("message") or status)
            return TaskState(
                status,
                error=self.client.error(
                    ErrorKind.MODERATION if "DataInspection" in code else ErrorKind.TASK_FAILED,
                    f"DashScope task {task_id} failed: {code} {message}".strip(),
                ),
            )
        if status == "UNKNOWN":
            raise self.client.error(
                ErrorKind.NOT_FOUND,
                f"DashScope does not know task {task_id} (task ids expire after 24 h)",
            )
        return TaskState(status, progress=0.2 if status == "PENDING" else 0.6)

    def check(self) -> tuple[bool, str]:
        """Lists models on the OpenAI-compatible endpoint of the same region and key."""
        url = self.settings.base_url.replace("/api/v1", "/compatible-mode/v1") + "/models"
        try:
            self.client.call(
                "GET",
                url,
                ctx=None,
                what="the model list",
                headers={"Authorization": f"Bearer {self.require_key()}"},
            )
        except ProviderError as exc:
            return False, exc.message
        return True, f"DashScope at {self.settings.base_url}: key accepted"


def _first_image(output: dict[str, Any]) -> str | None:
    for item in output.get("results") or []:
        if isinstance(item, dict) and item.get("url"):
            return str(item["url"])
    return None


class WanImage(_DashScope):
    """``ImageModel``: Wan text-to-image, portrait."""

    capability = "image"
    default_model = "wan2.2-t2i-flash"
    default_concurrency = 2
    output_options = ("size", "prompt_extend", "negative_prompt")
    PATH = "/services/aigc/text2image/image-synthesis"

    def generate_image(self, shot: ShotCard, seed: int, ctx: RunContext, out: Path) -> MediaOut:
        """A still of ``shot`` downloaded into ``out``."""
        size = str(self.options.get("size", "720*1280")).replace("x", "*")
        body = {
            "model": self.model,
            "input": {
                "prompt": prompt_for(shot, PROMPT_LIMIT),
                **(
                    {"negative_prompt": self.options["negative_prompt"]}
                    if "negative_prompt" in self.options
                    else {}
                ),
            },
            "parameters": {
                "size": size,
                "n": 1,
                "seed": seed % 2147483647,
                "prompt_extend": bool(self.options.get("prompt_extend", False)),
                "watermark": False,
            },
        }
        state = self.paid_task(
            ctx,
            body,
            lambda: self._submit(self.PATH, body, ctx),
            lambda tid: self._state(tid, ctx, _first_image),
            f"shot {shot.id}",
            {"image": 1},
        )
        self.client.download(
            state.result, out, ctx=ctx, kinds=("image/",), what=f"the still of {shot.id}"
        )
        return MediaOut(out, {"generator": "dashscope", "model": self.model, "size": size})


class WanVideo(_DashScope):
    """``VideoModel``: Wan image-to-video from the shot's still (sent as a data URI)."""

    capability = "video"
    default_model = "wan2.2-i2v-flash"
    default_concurrency = 2
    output_options = ("resolution", "prompt_extend", "negative_prompt")
    PATH = "/services/aigc/video-generation/video-synthesis"

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """A 5 or 10 s clip animating ``still``, downloaded into ``out``."""
        duration = 5 if shot.duration <= 5.0 else 10
        request = {
            "prompt": prompt_for(shot, PROMPT_LIMIT),
            "image_sha256": still.hash,
            "resolution": str(self.options.get("resolution", "720P")),
            "duration": duration,
            "seed": seed % 2147483647,
        }

        def submit() -> str:
            data = base64.b64encode(Path(still.path).read_bytes()).decode("ascii")
            body = {
                "model": self.model,
                "input": {
                    "prompt": request["prompt"],
                    "img_url": f"data:{still.mime};base64,{data}",
                },
                "parameters": {
                    "resolution": request["resolution"],
                    "duration": duration,
                    "prompt_extend": bool(self.options.get("prompt_extend", False)),
                    "seed": request["seed"],
                    "watermark": False,
                },
            }
            return self._submit(self.PATH, body, ctx)

        state = self.paid_task(
            ctx,
            request,
            submit,
            lambda tid: self._state(tid, ctx, lambda o: o.get("video_url")),
            f"shot {shot.id}",
            {"second": float(duration)},
        )
        self.client.download(
            state.result, out, ctx=ctx, kinds=("video/",), what=f"the clip of {shot.id}"
        )
        return MediaOut(
            out,
            {
                "generator": "dashscope",
                "model": self.model,
                "clip_seconds": duration,
                "still": still.hash,
            },
        )


class QwenSpeech(_DashScope):
    """``SpeechModel``: qwen-tts (synchronous), audio fetched from ``output.audio.url``."""

    capability = "speech"
    default_model = "qwen-tts"
    default_concurrency = 3
    output_options = ("voice",)
    PATH = "/services/aigc/multimodal-generation/generation"

    def speak(self, text: str, language: str, voice: str, ctx: RunContext, out: Path) -> MediaOut:
        """``text`` spoken into ``out``."""
        chosen = voice if voice in QWEN_VOICES else str(self.options.get("voice", "Cherry"))
        body = {"model": self.model, "input": {"text": text, "voice": chosen}}

        def work() -> Path:
            answer = self.client.call(
                "POST", self.PATH, ctx=ctx, retry="refused", json=body, what="the speech request"
            )
            url = (((answer or {}).get("output") or {}).get("audio") or {}).get("url")
            if not url:
                raise self.client.error(ErrorKind.TASK_FAILED, "DashScope answered without audio")
            return audio_into(
                lambda p: self.client.download(url, p, ctx=ctx, kinds=("audio/",), what="the line"),
                out,
                self.client,
            )

        self.paid_call(ctx, {"1k_characters": len(text) / 1000}, work)
        return MediaOut(out, {"generator": "dashscope", "model": self.model, "voice": chosen})


register_provider("image", "dashscope", WanImage)
register_provider("video", "dashscope", WanVideo)
register_provider("speech", "dashscope", QwenSpeech)
