"""Kling AI (official API): image-to-video clips and still images, as async tasks.

Auth is a short-lived HS256 JWT (``iss`` = access key, ``exp`` = now + 30 min,
``nbf`` = now - 5 s) signed with the secret key, sent as a bearer token and minted
fresh for every request. The still goes up as raw base64 (no ``data:`` prefix); the
clip length is ``"5"`` or ``"10"`` seconds, the shortest that covers the shot. What
each model takes (modes, ``cfg_scale``, ``image_reference``, a negative prompt beside a
reference image) comes from the model table and is checked before anything is sent.

Every submit carries an ``external_task_id`` (the submit reference saved in the task
journal first), so a submit whose answer was lost is found again in the task list
instead of being bought twice.
"""

from __future__ import annotations

import base64
import io
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import requests
from PIL import Image

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers import keys
from nodes.providers.http import (
    AccountError,
    ProviderClient,
    Refused,
    error_text,
    json_body,
    status_kind,
)
from nodes.providers.service import ServiceProvider, line_wav, prompt_for, reference_images
from nodes.providers.tasks import TaskState

DEFAULT_BASE_URL = "https://api-singapore.klingai.com"
KEY_ENV = ("SHOTGRAPH_KLING_ACCESS_KEY", "SHOTGRAPH_KLING_SECRET_KEY")
MAX_IMAGE_BYTES = 10 * 2**20
MIN_IMAGE_SIDE = 300
PROMPT_LIMIT = 2500


def kling_token(access_key: str, secret_key: str, now: float | None = None) -> str:
    """The JWT Kling expects: HS256, iss/exp/nbf, signed with the secret key."""
    now = time.time() if now is None else now
    payload = {"iss": access_key, "exp": int(now) + 1800, "nbf": int(now) - 5}
    return jwt.encode(payload, secret_key, algorithm="HS256", headers={"typ": "JWT"})


LIST_PAGE = 100  # tasks per page when looking a submit up by its external_task_id


def clip_duration(shot_seconds: float) -> str:
    """Kling's clip length for a shot: ``"5"`` up to 5 s, else ``"10"`` (trimmed later)."""
    return "5" if shot_seconds <= 5.0 else "10"


def kling_error(provider: str, response: requests.Response) -> ProviderError:
    """Map Kling's HTTP status and business code to a ``ProviderError``."""
    try:
        body = response.json()
        code = int(body.get("code", 0)) if isinstance(body, dict) else 0
    except (ValueError, TypeError):
        code = 0
    message = error_text(response)
    kind, advice = _code_kind(code, response.status_code)
    text = f"Kling {advice} (code {code or response.status_code}: {message})"
    if code == IP_NOT_ALLOWED:
        return AccountError(provider, kind, text)
    return ProviderError(provider, kind, text)


IP_NOT_ALLOWED = 1304


def _code_kind(code: int, status: int) -> tuple[ErrorKind, str]:
    if 1000 <= code <= 1004 or (not code and status == 401):
        return ErrorKind.AUTH, (
            "rejected the key: check SHOTGRAPH_KLING_ACCESS_KEY/SECRET_KEY or the keyring entry"
        )
    if code == IP_NOT_ALLOWED:
        return ErrorKind.AUTH, (
            "refused this machine's IP address: add it to the IP whitelist of your Kling "
            "API account (or turn the whitelist off); the keys themselves are fine"
        )
    if 1100 <= code <= 1102:
        return ErrorKind.QUOTA, "says the account has no balance or resource pack left"
    if code in (1300, 1301):
        return (
            ErrorKind.MODERATION,
            "refused the content (content policy); change the prompt or image",
        )
    if code == 1302:
        return ErrorKind.RATE, "is rate limiting requests"
    if code == 1303:
        return ErrorKind.RATE, "has too many tasks running for the resource pack"
    if code == 1203 or (not code and status == 404):
        return ErrorKind.NOT_FOUND, "does not know this task or resource"
    if 1200 <= code <= 1299:
        return ErrorKind.BAD_REQUEST, "rejected the request"
    if 5000 <= code <= 5999:
        return ErrorKind.TRANSIENT, "had a server error"
    return status_kind(status), f"answered HTTP {status}"


@dataclass(frozen=True)
class KlingResult:
    """A finished Kling task's first output: its download URL and Kling's id for it."""

    url: str
    video_id: str = ""


class _Kling(ServiceProvider):
    name = "kling"
    service = "Kling"
    default_base_url = DEFAULT_BASE_URL
    default_concurrency = 2
    key_env = KEY_ENV

    def make_client(self) -> ProviderClient:
        found = keys.kling_keys()
        if found is None:
            raise ProviderError(
                self.name,
                ErrorKind.AUTH,
                keys.missing_key_message(self.name, self.service, KEY_ENV),
            )
        access, secret = found
        return ProviderClient(
            self.name,
            self.service,
            self.settings,
            secrets=(access, secret),
            auth=lambda: {"Authorization": f"Bearer {kling_token(access, secret)}"},
            map_error=self.map_error,
            auth_hint=self.auth_hint(),
        )

    def map_error(self, response: requests.Response) -> ProviderError:
        return kling_error(self.name, response)

    def _submit(self, path: str, body: dict[str, Any], ctx: RunContext, ref: str) -> str:
        """Submit ``body`` under ``ref`` (its ``external_task_id``); returns the task id.

        The answer is read inside the call, so an unreadable one counts as unclear.
        """
        return self.client.call(
            "POST",
            path,
            ctx=ctx,
            retry="refused",
            json={**body, "external_task_id": ref},
            what=f"the {path.rsplit('/', 1)[-1]} submit",
            parse=lambda r: str(self._data(json_body(r))["task_id"]),
        )

    def _find(self, path: str, ref: str, ctx: RunContext) -> str | None:
        """The task id of the task submitted with ``external_task_id`` ``ref``, if listed."""
        data = self._data_list(
            self.client.call(
                "GET",
                f"{path}?pageNum=1&pageSize={LIST_PAGE}",
                ctx=ctx,
                what="the task list",
            )
        )
        for item in data:
            info = item.get("task_info") if isinstance(item, dict) else None
            if isinstance(info, dict) and info.get("external_task_id") == ref:
                return str(item.get("task_id") or "") or None
        return None

    def _data_list(self, body: Any) -> list[Any]:
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise self.client.error(
                ErrorKind.TRANSIENT, f"Kling's task list is unreadable: {body!r:.200}"
            )
        return body["data"]

    def _data(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            raise self.client.error(
                ErrorKind.TRANSIENT, f"Kling answered without data: {body!r:.200}"
            )
        code = int(body.get("code") or 0)
        if code != 0:
            kind, advice = _code_kind(code, 200)
            text = f"Kling {advice} (code {code}: {body.get('message')})"
            if code == IP_NOT_ALLOWED:
                raise AccountError(self.name, kind, self.client.redact(text))
            if kind is ErrorKind.RATE:  # 1302/1303: the task was refused, not queued
                raise Refused(self.name, kind, self.client.redact(text))
            raise self.client.error(kind, text)
        return body["data"]

    def _state(self, path: str, task_id: str, ctx: RunContext, results: str) -> TaskState:
        data = self._data(
            self.client.call("GET", f"{path}/{task_id}", ctx=ctx, what="the task poll")
        )
        status = str(data.get("task_status", ""))
        if status == "succeed":
            items = (data.get("task_result") or {}).get(results) or []
            found = [i for i in items if isinstance(i, dict) and i.get("url")]
            if not found:
                return TaskState(
                    status,
                    error=self.client.error(
                        ErrorKind.TASK_FAILED,
                        f"Kling task {task_id} succeeded without a result URL",
                    ),
                )
            first = found[0]
            return TaskState(
                status, done=True, result=KlingResult(str(first["url"]), str(first.get("id") or ""))
            )
        if status == "failed":
            reason = str(data.get("task_status_msg") or "no reason given")
            kind = ErrorKind.MODERATION if _looks_like_moderation(reason) else ErrorKind.TASK_FAILED
            return TaskState(
                status, error=self.client.error(kind, f"Kling task {task_id} failed: {reason}")
            )
        return TaskState(status, progress=0.5 if status == "processing" else 0.1)

    def check(self) -> tuple[bool, str]:
        """A task-list query: proves the keys and the base URL."""
        try:
            self.client.call(
                "GET", "/v1/videos/image2video?pageNum=1&pageSize=1", ctx=None, what="the task list"
            )
        except ProviderError as exc:
            return False, exc.message
        return True, f"Kling at {self.settings.base_url}: keys accepted"


def _looks_like_moderation(reason: str) -> bool:
    lowered = reason.lower()
    return any(w in lowered for w in ("risk", "sensitive", "policy", "moderation", "violat"))


class KlingVideo(_Kling):
    """``VideoModel``: Kling image2video from the shot's still."""

    capability = "video"
    default_model = "kling-v2-1"
    output_options = ("mode", "negative_prompt", "cfg_scale", "sound")
    PATH = "/v1/videos/image2video"

    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """A clip animating ``still`` as ``shot`` describes, downloaded into ``out``."""
        request = self._request(still, shot, seed)
        duration = request["duration"]

        def submit(ref: str) -> str:
            body = {k: v for k, v in request.items() if k not in ("image_sha256", "seed")}
            body.update(model_name=self.model, image=encode_still(still.path, self.client))
            return self._submit(self.PATH, body, ctx, ref)

        state = self.paid_task(
            ctx,
            request,
            submit,
            lambda tid: self._state(self.PATH, tid, ctx, "videos"),
            f"the clip of shot {shot.id}",
            {"second": float(duration)},
            lookup=lambda ref: self._find(self.PATH, ref, ctx),
            where="the Kling task list (image to video)",
        )
        self.client.download(
            state.result.url, out, ctx=ctx, kinds=("video/",), what=f"the clip of {shot.id}"
        )
        return MediaOut(
            out,
            {
                "generator": "kling",
                "model": self.model,
                "clip_seconds": int(duration),
                "still": still.hash,
                # Kling lip-sync takes a clip Kling made by its id (for 30 days).
                "kling_video_id": state.result.video_id,
            },
        )

    def _request(self, still: Media, shot: ShotCard, seed: int) -> dict[str, Any]:
        """What is sent (less the image), checked against the model table first."""
        spec = self.spec
        duration = clip_duration(shot.duration)
        mode = self.options.get("mode") or (spec.modes[0] if spec.modes else None)
        request: dict[str, Any] = {
            "prompt": prompt_for(shot, PROMPT_LIMIT),
            "duration": duration,
            "image_sha256": still.hash,
            "seed": seed,
        }
        if mode is not None and spec.modes != ():
            request["mode"] = str(mode)
        if "negative_prompt" in self.options:
            request["negative_prompt"] = str(self.options["negative_prompt"])
        if "cfg_scale" in self.options and spec.cfg_scale:
            request["cfg_scale"] = float(self.options["cfg_scale"])
        if spec.sound:
            request["sound"] = "on" if self.options.get("sound") in (True, "on") else "off"
        self.refuse_unless_accepted(
            f"the clip of shot {shot.id}",
            mode=self.options.get("mode") if "mode" in self.options else request.get("mode"),
            duration=float(duration),
            prompt=request["prompt"],
            negative="negative_prompt" in request,
        )
        return request


class KlingImage(_Kling):
    """``ImageModel``: Kling image generation, 9:16.

    When the shot's lead character has a reference image (from a character bible) and
    the model takes one, it is sent as ``image``; only kling-v1-5 also takes
    ``image_reference`` ("subject" by default, option ``image_reference: face``). Kling
    takes no negative prompt beside a reference image, so it is left out then.
    """

    capability = "image"
    default_model = "kling-v1"
    output_options = ("resolution", "negative_prompt", "image_reference")
    PATH = "/v1/images/generations"

    def generate_image(self, shot: ShotCard, seed: int, ctx: RunContext, out: Path) -> MediaOut:
        """A 9:16 still of ``shot`` downloaded into ``out``."""
        spec = self.spec
        request: dict[str, Any] = {
            "prompt": prompt_for(shot, PROMPT_LIMIT),
            "aspect_ratio": "9:16",
            "n": 1,
            "seed": seed,
            "resolution": self.options.get("resolution", "1k"),
        }
        references = reference_images(shot, ctx, 1) if spec.reference_image else []
        if references:  # the hash stands for the image in the resume fingerprint
            request["reference_sha256"] = references[0].hash
            if spec.image_reference:
                request["image_reference"] = str(self.options.get("image_reference", "subject"))
        if "negative_prompt" in self.options:
            if references and not spec.negative_with_reference:
                ctx.log(f"Kling takes no negative prompt beside a reference image; "
                        f"left out for shot {shot.id}")
            else:
                request["negative_prompt"] = str(self.options["negative_prompt"])
        self.refuse_unless_accepted(
            f"the still of shot {shot.id}",
            prompt=request["prompt"],
            ratio=request["aspect_ratio"],
            image_reference="image_reference" in request,
        )

        def submit(ref: str) -> str:
            body = {k: v for k, v in request.items() if k not in ("seed", "reference_sha256")}
            body["model_name"] = self.model
            if references:
                body["image"] = encode_still(references[0].path, self.client)
            return self._submit(self.PATH, body, ctx, ref)

        state = self.paid_task(
            ctx,
            request,
            submit,
            lambda tid: self._state(self.PATH, tid, ctx, "images"),
            f"the still of shot {shot.id}",
            {"image": 1},
            lookup=lambda ref: self._find(self.PATH, ref, ctx),
            where="the Kling task list (images)",
        )
        self.client.download(
            state.result.url, out, ctx=ctx, kinds=("image/",), what=f"the still of {shot.id}"
        )
        return MediaOut(out, {"generator": "kling", "model": self.model})


class KlingLipSync(_Kling):
    """``LipSyncModel``: Kling lip-sync of a clip Kling made (taken by its Kling video id).

    ``audio2video`` (default) sends the shot's line as it plays under the shot (a WAV,
    base64, ≤ 5 MB); option ``mode: text`` sends the line's text (≤ 120 characters) for
    Kling to speak with option ``voice_id``. Kling syncs clips of 2-10 s: a longer shot is
    refused before anything is sent, with what to do instead.
    """

    capability = "lipsync"
    default_model = "kling-lipsync"
    output_options = ("mode", "voice_id", "voice_speed")
    PATH = "/v1/videos/lip-sync"

    def lipsync(
        self, clip: Media, voice: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """``clip`` with the speaker's mouth following the line, downloaded into ``out``."""
        video_id = str(clip.meta.get("kling_video_id") or "")
        if not video_id:
            raise ProviderError(
                self.name,
                ErrorKind.BAD_REQUEST,
                f"Kling lip-sync takes clips Kling made (by their Kling id, within 30 days); "
                f"the clip of shot {shot.id} was made by "
                f"{clip.meta.get('generator') or 'another provider'}: make its clip with Kling "
                "or choose the DashScope or Sync Labs lip sync (nothing was sent)",
            )
        seconds = float(clip.meta.get("clip_seconds") or clip.duration or shot.duration)
        text = self.options.get("mode") == "text"
        line = line_wav(voice.path, seconds)
        self.refuse_unless_accepted(
            f"the lip sync of shot {shot.id} ({shot.duration:g} s)",
            input_seconds=max(seconds, shot.duration),
            text=shot.line if text else None,
            audio_mb=None if text else len(line) / 2**20,
        )
        given: dict[str, Any] = {"video_id": video_id}
        if text:
            given.update(
                mode="text2video",
                text=shot.line,
                voice_id=str(self.options.get("voice_id") or "oversea_male1"),
                voice_language="zh" if shot.language.startswith("zh") else "en",
                voice_speed=float(self.options.get("voice_speed", 1.0)),
            )
        else:
            given.update(mode="audio2video", audio_type="file")
        request = {"input": given, "voice_sha256": voice.hash, "seed": seed}

        def submit(ref: str) -> str:
            body = {"input": {**given, **({} if text else {"audio_file": _b64(line)})}}
            return self._submit(self.PATH, body, ctx, ref)

        state = self.paid_task(
            ctx,
            request,
            submit,
            lambda tid: self._state(self.PATH, tid, ctx, "videos"),
            f"the lip sync of shot {shot.id}",
            {"second": seconds},
            lookup=lambda ref: self._find(self.PATH, ref, ctx),
            where="the Kling task list (lip-sync)",
        )
        self.client.download(
            state.result.url, out, ctx=ctx, kinds=("video/",), what=f"the lip sync of {shot.id}"
        )
        return MediaOut(
            out,
            {
                "generator": "kling",
                "model": self.model,
                "clip_seconds": seconds,
                "still": clip.meta.get("still"),
                "synced_from": clip.hash,
                "kling_video_id": state.result.video_id,
            },
        )

    def _submit(self, path: str, body: dict[str, Any], ctx: RunContext, ref: str) -> str:
        """The lip-sync fields (``external_task_id`` too) go inside ``input``."""
        return self.client.call(
            "POST",
            path,
            ctx=ctx,
            retry="refused",
            json={"input": {**body["input"], "external_task_id": ref}},
            what="the lip-sync submit",
            parse=lambda r: str(self._data(json_body(r))["task_id"]),
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def encode_still(path: Path, client: ProviderClient) -> str:
    """The still as raw base64 (no ``data:`` prefix), re-encoded as JPEG if over 10 MB."""
    data = Path(path).read_bytes()
    with Image.open(io.BytesIO(data)) as img:
        if min(img.size) < MIN_IMAGE_SIDE:
            raise client.error(
                ErrorKind.BAD_REQUEST,
                f"Kling needs a still of at least "
                f"{MIN_IMAGE_SIDE} px a side; this one is {img.width}x{img.height}",
            )
        if img.format not in ("PNG", "JPEG") or len(data) > MAX_IMAGE_BYTES:
            buffer = io.BytesIO()
            img.convert("RGB").save(buffer, "JPEG", quality=90)
            data = buffer.getvalue()
    return base64.b64encode(data).decode("ascii")


register_provider("video", "kling", KlingVideo)
register_provider("image", "kling", KlingImage)
register_provider("lipsync", "kling", KlingLipSync)
