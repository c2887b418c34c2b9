"""The catalogue of real providers: metadata for ``shotgraph providers`` and ``check``.

``load_all()`` imports every real provider module so each registers itself;
``PROVIDERS`` describes them without importing anything heavy; ``check(name)`` makes
the cheapest authenticated call a provider offers and says what it found.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from app.core.providers import ProviderError, resolve
from nodes.providers import keys

MODULES = (
    "openai_compat",
    "dashscope",
    "kling",
    "runway",
    "midjourney",
    "suno",
    "comfyui",
    "elevenlabs",
    "synclabs",
)


@dataclass(frozen=True)
class ProviderInfo:
    """What a creator needs to know to configure one provider."""

    name: str
    service: str
    capabilities: tuple[str, ...]
    secret_env: tuple[str, ...]
    default_base_url: str
    module: str
    # Capabilities served from another endpoint: (capability, env name part, default URL).
    endpoints: tuple[tuple[str, str, str], ...] = ()

    @property
    def base_url_env(self) -> str:
        return keys.env_name(self.name, "BASE_URL")

    def other_endpoints(self) -> list[tuple[str, str, str]]:
        """``(capability, base URL in use, its env variable)`` of each other endpoint."""
        return [
            (cap, keys.base_url(env, default), keys.env_name(env, "BASE_URL"))
            for cap, env, default in self.endpoints
        ]

    @property
    def base_url(self) -> str:
        """The base URL in use (environment override or default)."""
        return keys.base_url(self.name, self.default_base_url)


PROVIDERS: dict[str, ProviderInfo] = {
    p.name: p
    for p in (
        ProviderInfo(
            "openai",
            "OpenAI chat, images, TTS",
            ("chat", "image", "speech"),
            ("SHOTGRAPH_OPENAI_API_KEY",),
            "https://api.openai.com/v1",
            "openai_compat",
        ),
        ProviderInfo(
            "qwen",
            "Qwen chat (DashScope OpenAI-compatible mode)",
            ("chat",),
            ("SHOTGRAPH_QWEN_API_KEY",),
            "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
            "openai_compat",
        ),
        ProviderInfo(
            "deepseek",
            "DeepSeek chat",
            ("chat",),
            ("SHOTGRAPH_DEEPSEEK_API_KEY",),
            "https://api.deepseek.com/v1",
            "openai_compat",
        ),
        ProviderInfo(
            "ollama",
            "Ollama (local chat)",
            ("chat",),
            (),
            "http://localhost:11434",
            "openai_compat",
        ),
        ProviderInfo(
            "dashscope",
            "DashScope Wan images/video, Qwen TTS, VideoRetalk lip sync (Beijing)",
            ("image", "video", "speech", "lipsync"),
            ("SHOTGRAPH_DASHSCOPE_API_KEY",),
            "https://dashscope-intl.aliyuncs.com/api/v1",
            "dashscope",
            (("lipsync", "dashscope-beijing", "https://dashscope.aliyuncs.com/api/v1"),),
        ),
        ProviderInfo(
            "kling",
            "Kling AI video, images and lip sync",
            ("video", "image", "lipsync"),
            ("SHOTGRAPH_KLING_ACCESS_KEY", "SHOTGRAPH_KLING_SECRET_KEY"),
            "https://api-singapore.klingai.com",
            "kling",
        ),
        ProviderInfo(
            "runway",
            "Runway image-to-video",
            ("video",),
            ("SHOTGRAPH_RUNWAY_API_KEY",),
            "https://api.dev.runwayml.com",
            "runway",
        ),
        ProviderInfo(
            "midjourney",
            "Midjourney via midjourney-proxy",
            ("image",),
            ("SHOTGRAPH_MIDJOURNEY_API_KEY",),
            "http://127.0.0.1:8080/mj",
            "midjourney",
        ),
        ProviderInfo("suno", "Suno via suno-api", ("music",), (), "http://127.0.0.1:3000", "suno"),
        ProviderInfo(
            "comfyui",
            "ComfyUI server (your workflow)",
            ("image", "video"),
            (),
            "http://127.0.0.1:8188",
            "comfyui",
        ),
        ProviderInfo(
            "elevenlabs",
            "ElevenLabs TTS and music",
            ("speech", "music"),
            ("SHOTGRAPH_ELEVENLABS_API_KEY",),
            "https://api.elevenlabs.io",
            "elevenlabs",
        ),
        ProviderInfo(
            "synclabs",
            "Sync Labs lip sync (sync.so)",
            ("lipsync",),
            ("SHOTGRAPH_SYNCLABS_API_KEY",),
            "https://api.sync.so",
            "synclabs",
        ),
    )
}


def load_all() -> None:
    """Import every real provider module (each registers its capabilities)."""
    for module in MODULES:
        importlib.import_module(f"nodes.providers.{module}")


def has_secret(name: str) -> bool:
    """Whether the provider's secrets are configured (environment or keyring)."""
    info = PROVIDERS[name]
    if not info.secret_env or name == "midjourney":
        return True
    if name == "kling":
        return keys.kling_keys() is not None
    return keys.api_key(name) is not None


def check(
    name: str, options: dict | None = None, capability: str | None = None
) -> tuple[bool, str]:
    """Make the provider's cheapest authenticated call; ``(ok, what was found)``.

    ``capability`` picks which of a provider's services to ask (DashScope's lip sync is
    served from another region than the rest, so it is checked on its own endpoint).
    """
    info = PROVIDERS.get(name)
    if info is None:
        return False, f"no provider called {name!r} (known: {', '.join(PROVIDERS)})"
    if capability is not None and capability not in info.capabilities:
        return False, f"{name} offers {', '.join(info.capabilities)}, not {capability}"
    load_all()
    try:
        provider = resolve(capability or info.capabilities[0], name, options or {})
        return provider.check()  # type: ignore[attr-defined]
    except ProviderError as exc:
        return False, exc.message
