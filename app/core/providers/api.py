"""Capability interfaces and ``ProviderError``: what a provider is.

Every provider implements one capability interface so a node works the same with the
offline default or a paid service; the engine puts the resolved provider on the run
context and its ``identity()`` (never its key) into the cache key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from app.core.node_api import Media, MediaOut, RunContext
from app.core.screenplay import Script, ShotCard


class ErrorKind(StrEnum):
    """Why a provider call failed; decides whether retrying or a fallback can help."""

    AUTH = "auth"
    QUOTA = "quota"
    RATE = "rate"
    MODERATION = "moderation"
    BAD_REQUEST = "bad_request"
    TRANSIENT = "transient"
    TIMEOUT = "timeout"
    TASK_FAILED = "task_failed"
    NOT_FOUND = "not_found"
    # A paid request got an answer that does not say whether the service accepted it
    # (a 5xx, a timeout, a broken connection or an unreadable body after sending): it
    # may have been billed, so it is neither retried nor handed to a fallback.
    UNCONFIRMED = "unconfirmed"


class ProviderError(Exception):
    """A provider failure with a kind and a message the creator can act on."""

    def __init__(self, provider: str, kind: ErrorKind, message: str):
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class ScriptRequest:
    """What a script writer is asked for."""

    premise: str
    genre: str = "romance"
    tone: str = "melodrama"
    language: str = "en"
    length_s: float = 45.0
    cast: tuple[dict[str, str], ...] = ()
    seed: int = 0
    # Synopses of the series' earlier episodes, oldest first: names, relationships and
    # secrets already revealed, for the writer to keep (empty outside a series).
    previously: tuple[str, ...] = ()


@dataclass(frozen=True)
class MusicRequest:
    """What a music model is asked for."""

    mood: str = "tense"
    tempo_bpm: int = 96
    key: str = "A minor"
    length_s: float = 45.0
    seed: int = 0


class Provider(Protocol):
    name: str
    capability: str
    max_concurrency: int

    def identity(self) -> dict[str, Any]:
        """What makes this provider's output differ (id, model, options): no secrets."""
        ...


class ChatModel(Provider, Protocol):
    def write_script(self, request: ScriptRequest, ctx: RunContext) -> Script: ...


class ImageModel(Provider, Protocol):
    def generate_image(self, shot: ShotCard, seed: int, ctx: RunContext, out: Path) -> MediaOut: ...


class VideoModel(Provider, Protocol):
    def animate(
        self, still: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """A clip of ``still``; its meta names the still (``"still": still.hash``) so the
        export's provenance can say what the clip was made from."""
        ...


class MusicModel(Provider, Protocol):
    def compose(self, request: MusicRequest, ctx: RunContext, out: Path) -> MediaOut: ...


class SpeechModel(Provider, Protocol):
    def speak(
        self, text: str, language: str, voice: str, ctx: RunContext, out: Path
    ) -> MediaOut: ...


class LipSyncModel(Provider, Protocol):
    def lipsync(
        self, clip: Media, voice: Media, shot: ShotCard, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut | Media:
        """``clip`` with the speaker's mouth following ``voice`` (the shot's line); its meta
        names the still (``"still"``) as the clip's did. A clip it cannot change (nobody
        to sync) comes back as it is. ``seed`` tells takes apart."""
        ...
