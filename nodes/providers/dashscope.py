"""Alibaba DashScope (native API): Wan text-to-image and image-to-video, Qwen TTS.

Wan calls are async: the submit carries ``X-DashScope-Async: enable`` and returns
``output.task_id``; ``GET /tasks/{id}`` reports ``PENDING|RUNNING|SUCCEEDED|FAILED|
CANCELED|UNKNOWN``. Image sizes use ``*`` (``720*1280``), not ``x``. Keys only work in
their own region: an international key needs the ``dashscope-intl`` base URL, and some
models are served in one region only (qwen-tts and VideoRetalk: China (Beijing)); the
model table says which, and a request for the wrong region is refused before it is sent.
Clip lengths, resolutions and the audio switch of each Wan model come from the table too:
wan2.2-i2v-flash makes 5 s clips only, wan2.2-i2v-plus has no 720P, and wan2.5/2.6 add
an audio track (at a higher price) unless ``audio: false`` is sent, which it is by
default since the episode gets its own voices and score.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers.http import Refused, json_body, status_kind
from nodes.providers.service import ServiceProvider, audio_into, line_wav, prompt_for
from nodes.providers.tasks import TaskState

DEFAULT_BASE_URL = "https://dashscope-intl.aliyuncs.com/api/v1"
BEIJING_BASE_URL = "https://dashscope.aliyuncs.com/api/v1"
OSS_RESOLVE = {"X-DashScope-OssResourceResolve": "enable"}
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


# Codes (some sent with 429) that mean the account's money or quota ran out: waiting and
# sending again does not help, so they are never retried as rate limits.
QUOTA_CODES = (
    "Arrearage",
    "Throttling.AllocationQuota",
    "AllocationQuota",
    "FreeTierOnly",
    "PrepaidBillOverdue",
    "PostpaidBillOverdue",
    "CommodityNotPurchased",
    "Throttling.FreeTier",
)


def region_of(base_url: str) -> str | None:
    """``cn``, ``intl`` or ``us`` for DashScope's own hosts; None for any other (a proxy)."""
    host = base_url.split("//", 1)[-1].split("/", 1)[0].lower()
    if host.startswith("dashscope-intl.") or ".ap-southeast-1." in host:
        return "intl"
    if host.startswith("dashscope-us."):
        return "us"
    if host.startswith("dashscope.") or ".cn-beijing." in host:
        return "cn"
    return None


def _kind(code: str, status: int) -> ErrorKind:
    if code in ("InvalidApiKey", "AccessDenied") or status == 401:
        return ErrorKind.AUTH
    if any(q in code for q in QUOTA_CODES):
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

    @property
    def region(self) -> str | None:
        """The region of the endpoint in use (the ``region`` option names it for a proxy)."""
        return str(self.options.get("region") or "") or region_of(self.settings.base_url)

    def _submit(
        self, path: str, body: dict[str, Any], ctx: RunContext, headers: dict[str, str] | None = None
    ) -> str:
        def task_id(response: requests.Response) -> str:
            answer = json_body(response)
            found = (
                ((answer or {}).get("output") or {}).get("task_id")
                if isinstance(answer, dict)
                else None
            )
            if not found:
                raise self.client.error(
                    ErrorKind.TRANSIENT,
                    f"DashScope answered without a task id: {str(answer)[:200]}",
                )
            return str(found)

        return self.client.call(
            "POST",
            path,
            ctx=ctx,
            retry="refused",
            json=body,
            headers={"X-DashScope-Async": "enable", **(headers or {})},
            what="the submit",
            parse=task_id,
        )

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
            lambda ref: self._submit(self.PATH, body, ctx),
            lambda tid: self._state(tid, ctx, _first_image),
            f"the still of shot {shot.id}",
            {"image": 1},
            where="the DashScope console (Model Studio) task list",
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
    output_options = ("resolution", "prompt_extend", "negative_prompt", "audio")
    PATH = "/services/aigc/video-generation/video-synthesis"

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """A clip animating ``still`` in a length the model makes, downloaded into ``out``."""
        request = self._request(still, shot, seed)
        duration = request["parameters"]["duration"]

        def submit(ref: str) -> str:
            data = base64.b64encode(Path(still.path).read_bytes()).decode("ascii")
            body = {
                "model": self.model,
                "input": {
                    **{k: v for k, v in request["input"].items() if k != "image_sha256"},
                    "img_url": f"data:{still.mime};base64,{data}",
                },
                "parameters": request["parameters"],
            }
            return self._submit(self.PATH, body, ctx)

        state = self.paid_task(
            ctx,
            request,
            submit,
            lambda tid: self._state(tid, ctx, lambda o: o.get("video_url")),
            f"the clip of shot {shot.id}",
            {"second": float(duration)},
            where="the DashScope console (Model Studio) task list",
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

    def _request(self, still: Media, shot: ShotCard, seed: int) -> dict[str, Any]:
        """The request (the image stands as its hash), checked against the model table."""
        spec = self.spec
        duration = int(spec.clip_seconds(shot.duration) or (5 if shot.duration <= 5.0 else 10))
        given: dict[str, Any] = {"prompt": prompt_for(shot, PROMPT_LIMIT), "image_sha256": still.hash}
        if self.options.get("negative_prompt"):
            given["negative_prompt"] = str(self.options["negative_prompt"])
        parameters: dict[str, Any] = {
            "resolution": str(self.options.get("resolution") or _resolution(spec.resolutions)),
            "duration": duration,
            "prompt_extend": bool(self.options.get("prompt_extend", False)),
            "seed": seed % 2147483647,
            "watermark": False,
        }
        if spec.audio:  # otherwise the service adds a soundtrack, and bills for it
            parameters["audio"] = bool(self.options.get("audio", False))
        self.refuse_unless_accepted(
            f"the clip of shot {shot.id}",
            resolution=parameters["resolution"],
            duration=duration,
            prompt=given["prompt"],
            negative="negative_prompt" in given,
            region=self.region,
        )
        return {"input": given, "parameters": parameters}


def _resolution(offered: tuple[str, ...]) -> str:
    """720P when the model makes it (the vertical episode is 1080x1920, upscaled), else
    the next size up, else whatever it makes."""
    for choice in ("720P", "1080P", "480P"):
        if not offered or choice in offered:
            return choice
    return offered[0]


class QwenSpeech(_DashScope):
    """``SpeechModel``: Qwen TTS (synchronous), audio fetched from ``output.audio.url``.

    The default is qwen3-tts-flash, served in both the international and the Beijing
    region; qwen-tts is served in Beijing only, so it is refused on an international
    endpoint before anything is sent.
    """

    capability = "speech"
    default_model = "qwen3-tts-flash"
    default_concurrency = 3
    output_options = ("voice",)
    PATH = "/services/aigc/multimodal-generation/generation"

    def speak(self, text: str, language: str, voice: str, ctx: RunContext, out: Path) -> MediaOut:
        """``text`` spoken into ``out``."""
        voices = self.spec.voices or QWEN_VOICES
        chosen = voice if voice in voices else str(self.options.get("voice") or voices[0])
        self.refuse_unless_accepted(
            "the line", region=self.region, prompt=text, voice=chosen
        )
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

        self.paid_call(
            ctx, {"1k_characters": len(text) / 1000}, work, request=body, what="the line"
        )
        return MediaOut(out, {"generator": "dashscope", "model": self.model, "voice": chosen})


class VideoRetalk(_DashScope):
    """``LipSyncModel``: DashScope VideoRetalk, served from China (Beijing) only.

    It never uses the international endpoint the other DashScope models default to: its
    base URL is ``SHOTGRAPH_DASHSCOPE_BEIJING_BASE_URL`` (default the Beijing endpoint),
    and one in another region is refused before anything is sent (it needs a Beijing key
    too). The clip and the line go up as DashScope temporary files (``oss://`` URLs,
    48 h), then the task is async like Wan's. Clips and lines of 2-120 s.
    """

    capability = "lipsync"
    default_model = "videoretalk"
    default_base_url = BEIJING_BASE_URL
    base_url_name = "dashscope-beijing"
    default_concurrency = 1  # the service runs one task at a time per account
    output_options = ("video_extension",)
    PATH = "/services/aigc/image2video/video-synthesis/"

    def lipsync(
        self, clip: Media, voice: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """``clip`` re-spoken with the shot's line, downloaded into ``out``."""
        seconds = float(clip.duration or clip.meta.get("clip_seconds") or shot.duration)
        line = line_wav(voice.path, seconds)
        self.refuse_unless_accepted(
            f"the lip sync of shot {shot.id}",
            region=self.region,
            input_seconds=max(seconds, shot.duration),
            video_mb=Path(clip.path).stat().st_size / 2**20,
            audio_mb=len(line) / 2**20,
        )
        self._refuse_odd_size(clip, shot)
        parameters = {"video_extension": bool(self.options.get("video_extension", False))}
        request = {
            "clip_sha256": clip.hash, "voice_sha256": voice.hash, "parameters": parameters,
            "seed": seed,
        }

        def submit(ref: str) -> str:
            body = {
                "model": self.model,
                "input": {
                    "video_url": self._upload(Path(clip.path).read_bytes(), "clip.mp4", ctx),
                    "audio_url": self._upload(line, "line.wav", ctx),
                    "ref_image_url": "",
                },
                "parameters": parameters,
            }
            return self._submit(self.PATH, body, ctx, headers=OSS_RESOLVE)

        state = self.paid_task(
            ctx,
            request,
            submit,
            lambda tid: self._state(tid, ctx, lambda o: o.get("video_url")),
            f"the lip sync of shot {shot.id}",
            {"second": seconds},
            where="the DashScope (Beijing) console's task list",
        )
        self.client.download(
            state.result, out, ctx=ctx, kinds=("video/",), what=f"the lip sync of {shot.id}"
        )
        return MediaOut(
            out,
            {
                "generator": "dashscope",
                "model": self.model,
                "still": clip.meta.get("still"),
                "synced_from": clip.hash,
            },
        )

    def _refuse_odd_size(self, clip: Media, shot: ShotCard) -> None:
        sides = self.spec.video_sides
        if sides and clip.width and clip.height and not all(
            sides[0] <= side <= sides[1] for side in (clip.width, clip.height)
        ):
            raise ProviderError(
                self.name,
                ErrorKind.BAD_REQUEST,
                f"DashScope videoretalk takes clips {sides[0]}-{sides[1]} px a side; the clip "
                f"of shot {shot.id} is {clip.width}x{clip.height} (nothing was sent)",
            )

    def _upload(self, data: bytes, name: str, ctx: RunContext) -> str:
        """``data`` as a DashScope temporary file for this model: its ``oss://`` URL.

        A failed upload is a refusal: the paid request has not been sent yet.
        """
        try:
            policy = self.client.call(
                "GET", f"/uploads?action=getPolicy&model={self.model}", ctx=ctx,
                what="the upload policy",
            )
            data_policy = (policy or {}).get("data") if isinstance(policy, dict) else None
            if not isinstance(data_policy, dict) or not data_policy.get("upload_host"):
                raise self.client.error(ErrorKind.TRANSIENT, "DashScope sent no upload policy")
            key = f"{data_policy['upload_dir']}/{os.urandom(6).hex()}-{name}"
            form = {
                "OSSAccessKeyId": data_policy["oss_access_key_id"],
                "Signature": data_policy["signature"],
                "policy": data_policy["policy"],
                "key": key,
                "x-oss-object-acl": data_policy.get("x_oss_object_acl", "private"),
                "x-oss-forbid-overwrite": data_policy.get("x_oss_forbid_overwrite", "true"),
                "success_action_status": "200",
            }
            self.client.call(
                "POST", str(data_policy["upload_host"]), ctx=ctx, data=form,
                files={"file": (name, data)}, what=f"the {name} upload", parse=lambda r: None,
            )
        except ProviderError as exc:
            raise Refused(self.name, exc.kind, exc.message) from None
        return f"oss://{key}"


register_provider("image", "dashscope", WanImage)
register_provider("video", "dashscope", WanVideo)
register_provider("speech", "dashscope", QwenSpeech)
register_provider("lipsync", "dashscope", VideoRetalk)
