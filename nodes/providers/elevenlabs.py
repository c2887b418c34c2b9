"""ElevenLabs: text-to-speech and music, both answering with audio bytes.

Auth is the ``xi-api-key`` header; the audio format is the ``output_format`` query
parameter (``mp3_44100_128`` works on every tier). A ``quota_exceeded`` detail (sent
with 401) is a quota problem, not a bad key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import MediaOut, RunContext
from app.core.providers import ErrorKind, MusicRequest, ProviderError, register_provider
from nodes.providers.http import status_kind
from nodes.providers.service import ServiceProvider, audio_into
from nodes.providers.suno import music_prompt

VOICE_ID = re.compile(r"^[A-Za-z0-9]{20}$")
DEFAULT_VOICE = "21m00Tcm4TlvDq8ikWAM"  # "Rachel", a premade voice every account has
OUTPUT_FORMAT = "mp3_44100_128"


def elevenlabs_error(provider: str, response: requests.Response) -> ProviderError:
    """Map ``{"detail": {"status", "message"}}`` (or 422's ``{"detail": [...]}``)."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    status_code = response.status_code
    code, message = "", response.text[:200]
    if isinstance(detail, dict):
        code, message = (
            str(detail.get("status") or detail.get("code") or ""),
            str(detail.get("message", "")),
        )
    elif isinstance(detail, list) and detail:
        message = "; ".join(
            str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail[:3]
        )
    kind = _kind(code, status_code)
    return ProviderError(provider, kind, f"ElevenLabs {code or status_code}: {message}")


def _kind(code: str, status: int) -> ErrorKind:
    if code in ("quota_exceeded", "payment_required", "insufficient_credits"):
        return ErrorKind.QUOTA
    if code in ("bad_prompt", "content_policy_violation", "prompt_blocked"):
        return ErrorKind.MODERATION
    if code in ("too_many_concurrent_requests", "system_busy"):
        return ErrorKind.RATE
    if code in ("voice_not_found",):
        return ErrorKind.BAD_REQUEST
    if status == 422:
        return ErrorKind.BAD_REQUEST
    return status_kind(status)


class _ElevenLabs(ServiceProvider):
    name = "elevenlabs"
    service = "ElevenLabs"
    default_base_url = "https://api.elevenlabs.io"
    key_env = ("SHOTGRAPH_ELEVENLABS_API_KEY",)
    default_concurrency = 2

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"xi-api-key": key}

    def map_error(self, response: requests.Response) -> ProviderError:
        return elevenlabs_error(self.name, response)

    def _audio(
        self, path: str, body: dict[str, Any], ctx: RunContext, out: Path, what: str
    ) -> Path:
        fmt = str(self.options.get("output_format", OUTPUT_FORMAT))

        def fetch(target: Path) -> Path:
            return self.client.call(
                "POST",
                f"{path}?output_format={fmt}",
                ctx=ctx,
                retry="refused",
                json=body,
                stream=True,
                what=what,
                parse=lambda r: self.client.save_body(r, target, kinds=("audio/",), what=what),
            )

        return audio_into(fetch, out, self.client)

    def check(self) -> tuple[bool, str]:
        """``GET /v1/user/subscription``: proves the key; reports characters left."""
        try:
            sub = self.client.call(
                "GET", "/v1/user/subscription", ctx=None, what="the subscription"
            )
        except ProviderError as exc:
            return False, exc.message
        used, limit = (sub or {}).get("character_count"), (sub or {}).get("character_limit")
        return True, f"ElevenLabs: key accepted ({sub.get('tier', '?')}, {used}/{limit} characters)"


class ElevenSpeech(_ElevenLabs):
    """``SpeechModel``: ElevenLabs TTS."""

    capability = "speech"
    default_model = "eleven_multilingual_v2"
    output_options = ("voice_id", "stability", "similarity_boost", "output_format")

    def speak(self, text: str, language: str, voice: str, ctx: RunContext, out: Path) -> MediaOut:
        """``text`` spoken with ``voice`` (an ElevenLabs voice id, else the option) into ``out``."""
        voice_id = (
            voice if VOICE_ID.match(voice) else str(self.options.get("voice_id", DEFAULT_VOICE))
        )
        body: dict[str, Any] = {"text": text, "model_id": self.model}
        settings = {
            k: float(self.options[k])
            for k in ("stability", "similarity_boost")
            if k in self.options
        }
        if settings:
            body["voice_settings"] = settings
        self.paid_call(
            ctx,
            {"1k_characters": len(text) / 1000},
            lambda: self._audio(f"/v1/text-to-speech/{voice_id}", body, ctx, out, "the line"),
        )
        return MediaOut(out, {"generator": "elevenlabs", "model": self.model, "voice_id": voice_id})


class ElevenMusic(_ElevenLabs):
    """``MusicModel``: ElevenLabs music (instrumental), 10–300 s."""

    capability = "music"
    default_model = "music_v1"
    output_options = ("output_format",)

    def compose(self, request: MusicRequest, ctx: RunContext, out: Path) -> MediaOut:
        """A score for ``request`` in ``out``."""
        length_ms = int(min(300_000, max(10_000, request.length_s * 1000)))
        body = {
            "prompt": music_prompt(request),
            "music_length_ms": length_ms,
            "model_id": self.model,
            "force_instrumental": True,
        }
        self.paid_call(
            ctx,
            {"minute": length_ms / 60_000},
            lambda: self._audio("/v1/music", body, ctx, out, "the score"),
        )
        return MediaOut(
            out, {"generator": "elevenlabs", "model": self.model, "length_ms": length_ms}
        )


register_provider("speech", "elevenlabs", ElevenSpeech)
register_provider("music", "elevenlabs", ElevenMusic)
