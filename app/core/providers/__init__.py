"""What providers are and how they are found.

Every provider implements one capability interface (``api``) so a node works the same
with the offline default or a paid service; the engine puts the resolved provider on the
run context and its ``identity()`` (never its key) into the cache key. Provider modules
(``nodes/providers/``) register into the ``registry``; a ``provider`` setting naming
several (``"elevenlabs > openai > local"``) resolves to a ``fallback`` chain.
"""

from __future__ import annotations

from typing import Any

from app.core.providers.api import (
    ChatModel,
    ErrorKind,
    ImageModel,
    LipSyncModel,
    MusicModel,
    MusicRequest,
    Provider,
    ProviderError,
    ScriptRequest,
    SpeechModel,
    VideoModel,
)
from app.core.providers.fallback import chain_from_name, is_chain
from app.core.providers.registry import (
    ProviderFactory,
    add_provider_loader,
    load_providers,
    lookup,
    provider_names,
    register_provider,
)

__all__ = [
    "ChatModel",
    "ErrorKind",
    "ImageModel",
    "LipSyncModel",
    "MusicModel",
    "MusicRequest",
    "Provider",
    "ProviderError",
    "ProviderFactory",
    "ScriptRequest",
    "SpeechModel",
    "VideoModel",
    "add_provider_loader",
    "load_providers",
    "provider_names",
    "register_provider",
    "resolve",
]


def resolve(capability: str, name: str, options: dict[str, Any] | None = None) -> Provider:
    """The provider ``name`` for ``capability``; raises ``ProviderError`` if unknown.

    A name such as ``"elevenlabs > openai > local"`` is a fallback chain
    (``app.core.providers.fallback``): each is tried in order.
    """
    if is_chain(name):
        return chain_from_name(capability, name, options or {})
    return lookup(capability, name, options)
