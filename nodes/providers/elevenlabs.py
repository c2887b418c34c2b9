"""ElevenLabs: text-to-speech and music, both answering with audio bytes.

Auth is the ``xi-api-key`` header; the audio format is the ``output_format`` query
parameter (``mp3_44100_128`` works on every tier). A ``quota_exceeded`` detail (sent
with 401) is a quota problem, not a bad key.

Voices are the account's (``GET /v1/voices``, read once per provider): a character's
voice may be given as a voice id or a voice name ("Sarah"); otherwise one of the
account's voices matching the character's voice hint (female/male) is used. Premade
voices come and go ("Rachel", long the usual default, answers 404 now), so a fixed id is
only the last resort when the list cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from app.core.node_api import MediaOut, RunContext
from app.core.providers import ErrorKind, MusicRequest, ProviderError, register_provider
from nodes.providers.http import status_kind
from nodes.providers.service import ServiceProvider, audio_into
from nodes.providers.suno import music_prompt

VOICE_ID = re.compile(r"^[A-Za-z0-9]{20}$")
# Current premade voices, used only when the account's voice list cannot be read.
DEFAULT_VOICES = {"female": "EXAVITQu4vr4xnSDxMaL", "male": "JBFqnCBsd6RMkjVDRZzb"}
DEFAULT_VOICE = DEFAULT_VOICES["female"]  # "Sarah"
OUTPUT_FORMAT = "mp3_44100_128"


@dataclass(frozen=True)
class Voice:
    """One voice of the account: id, name and what its labels say."""

    voice_id: str
    name: str
    category: str = ""
    gender: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        details = ", ".join(x for x in (self.gender, self.description, self.category) if x)
        return f"{self.name} ({details})" if details else self.name


def gender_of(hint: str) -> str:
    """``female``/``male`` from a voice hint ("en-us+f2", "female, low"), else ""."""
    lowered = hint.lower()
    if "+f" in lowered or "female" in lowered or "woman" in lowered:
        return "female"
    if "+m" in lowered or "male" in lowered or "man" in lowered:
        return "male"
    return ""


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
    _voices: list[Voice] | None = None
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

    def voices(self, ctx: RunContext | None = None) -> list[Voice]:
        """The account's voices (``GET /v1/voices``), read once per provider object."""
        if self._voices is None:
            answer = self.client.call("GET", "/v1/voices", ctx=ctx, what="the voice list")
            found = answer.get("voices") if isinstance(answer, dict) else None
            self._voices = [
                Voice(
                    str(v["voice_id"]),
                    str(v.get("name") or v["voice_id"]),
                    str(v.get("category") or ""),
                    str((v.get("labels") or {}).get("gender") or ""),
                    str((v.get("labels") or {}).get("description") or ""),
                )
                for v in found or []
                if isinstance(v, dict) and v.get("voice_id")
            ]
        return self._voices

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
        """``text`` spoken with ``voice`` (a voice id or name, else a hint) into ``out``."""
        self.refuse_unless_accepted("the line", prompt=text)
        voice_id = self.voice_for(voice, ctx)
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
            request={"voice_id": voice_id, **body},
            what="the line",
        )
        return MediaOut(out, {"generator": "elevenlabs", "model": self.model, "voice_id": voice_id})

    def voice_for(self, voice: str, ctx: RunContext | None = None) -> str:
        """The voice id to speak with: a known id or name as given, the ``voice_id``
        option, else one of the account's voices matching the hint's gender."""
        try:
            account = self.voices(ctx)
        except ProviderError as exc:
            if exc.kind is ErrorKind.AUTH:
                raise
            account = []  # cannot list (permissions, a proxy): fall back below
            if ctx is not None:
                ctx.log(f"ElevenLabs: could not read the voice list ({exc.message})")
        for candidate in (voice, str(self.options.get("voice_id") or "")):
            found = _named(account, candidate)
            if found:
                return found
            if VOICE_ID.match(candidate):
                if account:  # a voice the account lacks answers 404: say so now
                    raise self.client.error(
                        ErrorKind.BAD_REQUEST,
                        f"this ElevenLabs account has no voice {candidate}; its voices are: "
                        f"{', '.join(v.name for v in account[:12])} (nothing was sent)",
                    )
                return candidate
        return _by_gender(account, gender_of(voice)) or DEFAULT_VOICES.get(
            gender_of(voice), DEFAULT_VOICE
        )


def _named(voices: list[Voice], wanted: str) -> str:
    """The id of the voice whose id or name is ``wanted`` (names compare case-blind)."""
    text = wanted.strip().lower()
    for voice in voices:
        if text and (voice.voice_id == wanted.strip() or voice.name.lower() == text):
            return voice.voice_id
    return ""


def _by_gender(voices: list[Voice], gender: str) -> str:
    """The account's first premade voice of ``gender`` (else any voice of it, else any)."""
    ranked = sorted(voices, key=lambda v: v.category != "premade")  # stable: account order
    for match in (
        lambda v: v.gender == gender and v.category == "premade",
        lambda v: v.gender == gender,
        lambda v: not gender,
    ):
        found = next((v for v in ranked if match(v)), None)
        if found is not None:
            return found.voice_id
    return ranked[0].voice_id if ranked else ""


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
            request=body,
            what="the score",
        )
        return MediaOut(
            out, {"generator": "elevenlabs", "model": self.model, "length_ms": length_ms}
        )


register_provider("speech", "elevenlabs", ElevenSpeech)
register_provider("music", "elevenlabs", ElevenMusic)
