"""Suno through a self-hosted suno-api (gcui-art/suno-api).

``POST /api/generate`` (or ``/api/custom_generate`` when the options carry lyrics) with
``wait_audio: false`` returns two clips; both ids are saved as one task (``"a,b"``) and
polled with ``GET /api/get?ids=a,b`` until a clip is ``complete`` (``streaming`` audio is
partial, so it is never taken as final). The take's seed picks which of the two clips.

suno-api answers 503 (or 500) when its own call to Suno timed out, after Suno may have
made and billed the clips. Such a submit is never sent again blindly: the recent clips
(``GET /api/get`` without ids) are searched for ours (same prompt and tags, made after
the submit went out) and adopted when found; otherwise the run stops and says the score
may have been billed.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import MediaOut, RunContext
from app.core.providers import ErrorKind, MusicRequest, ProviderError, register_provider
from nodes.providers.http import error_text, json_body, status_kind
from nodes.providers.service import ServiceProvider, audio_into
from nodes.providers.tasks import TaskState

PENDING = ("submitted", "queue", "streaming")


def music_prompt(request: MusicRequest) -> str:
    """A description of the score for Suno."""
    return (
        f"{request.mood} cinematic underscore for a short drama, {request.tempo_bpm} bpm, "
        f"{request.key}, instrumental, about {request.length_s:.0f} seconds"
    )


class SunoMusic(ServiceProvider):
    """``MusicModel``: a Suno track through suno-api."""

    name = "suno"
    service = "Suno (suno-api)"
    capability = "music"
    default_base_url = "http://127.0.0.1:3000"
    default_model = "chirp-crow"
    default_concurrency = 2
    key_optional = True
    output_options = ("tags", "lyrics", "title", "instrumental")

    def auth_hint(self) -> str:
        return "check SUNO_COOKIE on the suno-api server"

    def map_error(self, response: requests.Response) -> ProviderError:
        message = error_text(response)
        status = response.status_code
        if status == 402:
            return ProviderError(self.name, ErrorKind.QUOTA, f"Suno is out of credits: {message}")
        if any(w in message.lower() for w in ("content policy", "moderat", "artist name")):
            return ProviderError(
                self.name, ErrorKind.MODERATION, f"Suno refused the prompt: {message}"
            )
        if status in (401, 403) or "cookie" in message.lower():
            return ProviderError(
                self.name, ErrorKind.AUTH, f"suno-api cannot log in to Suno: {message}"
            )
        return ProviderError(
            self.name, status_kind(status), f"suno-api answered HTTP {status}: {message}"
        )

    def compose(self, request: MusicRequest, ctx: RunContext, out: Path) -> MediaOut:
        """A score for ``request`` in ``out`` (WAV when ``out`` ends in .wav)."""
        path, body = self._body(request)
        state = self.paid_task(
            ctx,
            {"path": path, **body, "seed": request.seed},
            lambda ref: self._submit(path, body, ctx),
            lambda ids: self._state(ids, request.seed, ctx),
            "the score",
            {"track": 1},
            lookup=lambda ref: self._find(body, ref, ctx),
            new_ref=lambda: f"{time.time():.0f}-{os.urandom(4).hex()}",
            where="your Suno library (suno.com, or GET /api/get on suno-api)",
        )
        clip = state.result

        def fetch(target: Path) -> Path:
            return self.client.download(
                clip["audio_url"], target, ctx=ctx, kinds=("audio/",), what="the score"
            )

        audio_into(fetch, out, self.client)
        return MediaOut(
            out,
            {
                "generator": "suno",
                "model": self.model,
                "clip_id": clip["id"],
                "title": clip.get("title", ""),
            },
        )

    def _body(self, request: MusicRequest) -> tuple[str, dict[str, Any]]:
        instrumental = bool(self.options.get("instrumental", True))
        if self.options.get("lyrics"):
            return "/api/custom_generate", {
                "prompt": str(self.options["lyrics"]),
                "tags": str(self.options.get("tags") or f"{request.mood}, {request.tempo_bpm} bpm"),
                "title": str(self.options.get("title") or f"{request.mood} theme"),
                "make_instrumental": instrumental,
                "model": self.model,
                "wait_audio": False,
            }
        return "/api/generate", {
            "prompt": music_prompt(request),
            "make_instrumental": instrumental,
            "model": self.model,
            "wait_audio": False,
        }

    def _submit(self, path: str, body: dict[str, Any], ctx: RunContext) -> str:
        def clip_ids(response: requests.Response) -> str:
            clips = json_body(response)
            ids = (
                [str(c["id"]) for c in clips if isinstance(c, dict) and c.get("id")]
                if isinstance(clips, list)
                else []
            )
            if not ids:  # a 200 without clips: Suno may still be making them
                raise self.client.error(
                    ErrorKind.TRANSIENT, f"suno-api answered without clips: {str(clips)[:200]}"
                )
            return ",".join(sorted(ids))  # the same order however the ids were learnt

        return self.client.call(
            "POST", path, ctx=ctx, retry="refused", json=body, what="the generate submit",
            parse=clip_ids,
        )

    def _find(self, body: dict[str, Any], ref: str, ctx: RunContext) -> str | None:
        """The ids of the clips suno-api made for ``body`` since the submit ``ref`` went
        out (its recent clips, newest first), or None."""
        sent = float(ref.split("-", 1)[0]) - LOOKUP_SKEW_S
        clips = self.client.call("GET", "/api/get", ctx=ctx, what="the recent clips")
        ours = [
            c for c in clips if isinstance(c, dict) and c.get("id")
            and _made_for(c, body) and _created(c) >= sent
        ] if isinstance(clips, list) else []
        newest = sorted(ours, key=_created, reverse=True)[:2]  # one submit makes two clips
        return ",".join(sorted(str(c["id"]) for c in newest)) or None

    def _state(self, ids: str, seed: int, ctx: RunContext) -> TaskState:
        clips = self.client.call("GET", f"/api/get?ids={ids}", ctx=ctx, what="the clip poll")
        if not isinstance(clips, list) or not clips:
            raise self.client.error(ErrorKind.NOT_FOUND, f"suno-api knows none of the clips {ids}")
        order = ids.split(",")
        clips = sorted(
            (c for c in clips if isinstance(c, dict)),
            key=lambda c: order.index(c.get("id")) if c.get("id") in order else 99,
        )
        wanted = clips[seed % len(clips)]
        status = str(wanted.get("status", ""))
        if status == "complete" and wanted.get("audio_url"):
            return TaskState(status, done=True, result=wanted)
        if status == "error":
            message = str(wanted.get("error_message") or "no reason given")
            kind = (
                ErrorKind.MODERATION
                if "moderat" in message.lower() or "policy" in message.lower()
                else ErrorKind.TASK_FAILED
            )
            return TaskState(
                status, error=self.client.error(kind, f"Suno could not make the score: {message}")
            )
        return TaskState(status, progress={"submitted": 0.1, "queue": 0.2}.get(status, 0.6))

    def check(self) -> tuple[bool, str]:
        """``GET /api/get_limit``: proves suno-api is up and logged in."""
        try:
            limit = self.client.call("GET", "/api/get_limit", ctx=None, what="the credit query")
        except ProviderError as exc:
            return False, exc.message
        left = limit.get("credits_left") if isinstance(limit, dict) else None
        return True, f"suno-api: logged in, {left} credits left"


LOOKUP_SKEW_S = 300.0  # clocks of this machine and Suno's may differ this much


def _made_for(clip: dict[str, Any], body: dict[str, Any]) -> bool:
    """Whether a clip of the feed was made from this generate body."""
    if "tags" in body:  # custom_generate: lyrics, tags and title as sent
        return clip.get("prompt") == body["prompt"] and clip.get("tags") == body["tags"]
    return clip.get("gpt_description_prompt") == body["prompt"]


def _created(clip: dict[str, Any]) -> float:
    try:
        return datetime.fromisoformat(str(clip.get("created_at")).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


register_provider("music", "suno", SunoMusic)
