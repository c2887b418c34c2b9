"""Sync Labs (sync.so, API v2): lip sync of any clip to the shot's line.

``POST /v2/generate`` as multipart/form-data (the clip as ``video``, the line as it
plays under the shot as ``audio``, ``model`` and ``options`` as a JSON string), auth
``x-api-key``; poll ``GET /v2/generate/{id}`` until ``COMPLETED`` (``outputUrl``),
``FAILED`` or ``REJECTED``. Every submit carries an ``Idempotency-Key`` (the submit
reference saved in the task journal first): sending the same key again replays the
generation it made instead of making (and billing) another, which is how a submit whose
answer was lost is found. Files go up to 20 MB each in one request.
"""

from __future__ import annotations

import json
from pathlib import Path

import requests

from app.core.node_api import Media, MediaOut, RunContext
from app.core.providers import ErrorKind, ProviderError, register_provider
from app.core.screenplay import ShotCard
from nodes.providers.http import error_text, json_body, status_kind
from nodes.providers.service import ServiceProvider, line_wav
from nodes.providers.tasks import TaskState

PENDING = ("PENDING", "PROCESSING")
SYNC_MODES = ("cut_off", "loop", "bounce", "silence", "remap")


def synclabs_error(provider: str, response: requests.Response) -> ProviderError:
    """Map Sync Labs' errors (``{message, error_code}`` or ``{error}``)."""
    status, message = response.status_code, error_text(response)
    try:
        body = response.json()
        code = str(body.get("error_code") or body.get("errorCode") or "") if isinstance(
            body, dict) else ""
    except ValueError:
        code = ""
    if status == 401:
        return ProviderError(provider, ErrorKind.AUTH, f"Sync Labs rejected the key: {message}")
    if status == 402 or "plan" in code or "credit" in code:
        return ProviderError(
            provider, ErrorKind.QUOTA, f"Sync Labs says the plan or billing stops it: {message}"
        )
    if status in (400, 413, 422):
        return ProviderError(
            provider, ErrorKind.BAD_REQUEST, f"Sync Labs refused the request: {message}"
        )
    return ProviderError(
        provider, status_kind(status), f"Sync Labs answered HTTP {status}: {message}"
    )


class SyncLabsLipSync(ServiceProvider):
    """``LipSyncModel``: Sync Labs lipsync-2 (and newer) of the shot's clip."""

    name = "synclabs"
    service = "Sync Labs"
    capability = "lipsync"
    default_base_url = "https://api.sync.so"
    default_model = "lipsync-2"
    default_concurrency = 1  # the smaller plans run one generation at a time
    key_env = ("SHOTGRAPH_SYNCLABS_API_KEY",)
    output_options = ("sync_mode",)

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"x-api-key": key}

    def map_error(self, response: requests.Response) -> ProviderError:
        return synclabs_error(self.name, response)

    def lipsync(
        self, clip: Media, voice: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """``clip`` with the speaker's mouth following the line, downloaded into ``out``."""
        seconds = float(clip.duration or clip.meta.get("clip_seconds") or shot.duration)
        line = line_wav(voice.path, seconds)
        video = Path(clip.path).read_bytes()
        mode = str(self.options.get("sync_mode") or "cut_off")
        if mode not in SYNC_MODES:
            raise ProviderError(
                self.name, ErrorKind.BAD_REQUEST,
                f"Sync Labs sync_mode {mode!r} is not one of {', '.join(SYNC_MODES)}",
            )
        self.refuse_unless_accepted(
            f"the lip sync of shot {shot.id}",
            input_seconds=max(seconds, shot.duration),
            upload_mb=max(len(video), len(line)) / 2**20,
        )
        request = {"clip_sha256": clip.hash, "voice_sha256": voice.hash, "sync_mode": mode,
                   "seed": seed}

        def send(ref: str) -> str:
            return self._generate(video, line, mode, ref, ctx)

        state = self.paid_task(
            ctx,
            request,
            send,
            lambda gid: self._state(gid, ctx),
            f"the lip sync of shot {shot.id}",
            {"second": seconds},
            lookup=send,  # the same Idempotency-Key replays, never makes a second one
            where="your Sync Labs generations (sync.so)",
        )
        self.client.download(
            state.result, out, ctx=ctx, kinds=("video/",), what=f"the lip sync of {shot.id}"
        )
        return MediaOut(
            out,
            {
                "generator": "synclabs",
                "model": self.model,
                "still": clip.meta.get("still"),
                "synced_from": clip.hash,
            },
        )

    def _generate(self, video: bytes, line: bytes, mode: str, key: str, ctx: RunContext) -> str:
        """One ``POST /v2/generate`` under Idempotency-Key ``key``; the generation's id."""
        def generation_id(response: requests.Response) -> str:
            answer = json_body(response)
            if not isinstance(answer, dict) or not answer.get("id"):
                raise self.client.error(
                    ErrorKind.TRANSIENT, f"Sync Labs answered without an id: {str(answer)[:200]}"
                )
            return str(answer["id"])

        return self.client.call(
            "POST",
            "/v2/generate",
            ctx=ctx,
            retry="refused",
            headers={"Idempotency-Key": key},
            data={"model": self.model, "options": json.dumps({"sync_mode": mode})},
            files={"video": ("clip.mp4", video, "video/mp4"),
                   "audio": ("line.wav", line, "audio/wav")},
            what="the generate submit",
            parse=generation_id,
        )

    def _state(self, generation: str, ctx: RunContext) -> TaskState:
        answer = self.client.call(
            "GET", f"/v2/generate/{generation}", ctx=ctx, what="the generation poll"
        )
        status = str(answer.get("status", "")) if isinstance(answer, dict) else ""
        if status == "COMPLETED":
            url = answer.get("outputUrl")
            if not url:
                return TaskState(status, error=self.client.error(
                    ErrorKind.TASK_FAILED, f"Sync Labs generation {generation} has no output"))
            return TaskState(status, done=True, result=str(url))
        if status in ("FAILED", "REJECTED"):
            reason = str(answer.get("error") or status.lower())
            code = str(answer.get("error_code") or answer.get("errorCode") or "")
            kind = (ErrorKind.MODERATION if "moderat" in (reason + code).lower()
                    else ErrorKind.BAD_REQUEST if status == "REJECTED" else ErrorKind.TASK_FAILED)
            return TaskState(status, error=self.client.error(
                kind, f"Sync Labs generation {generation} {status.lower()}: {reason}"))
        if status in PENDING:
            return TaskState(status, progress=0.2 if status == "PENDING" else 0.6)
        raise self.client.error(
            ErrorKind.TRANSIENT, f"Sync Labs generation {generation} has an unknown status "
                                 f"{status!r}")

    def check(self) -> tuple[bool, str]:
        """Lists the account's generations (one): proves the key and the base URL."""
        try:
            self.client.call("GET", "/v2/generations?limit=1", ctx=None,
                             what="the generation list")
        except ProviderError as exc:
            return False, exc.message
        return True, f"Sync Labs at {self.settings.base_url}: key accepted"


register_provider("lipsync", "synclabs", SyncLabsLipSync)
