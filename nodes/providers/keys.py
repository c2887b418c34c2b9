"""Where provider secrets and base URLs come from.

A key is read from the environment first (``SHOTGRAPH_<NAME>_API_KEY``; Kling uses
``SHOTGRAPH_KLING_ACCESS_KEY`` and ``SHOTGRAPH_KLING_SECRET_KEY``), then from the system
keyring (service ``shotgraph``, username = the provider name; Kling's entry holds
``ACCESS_KEY:SECRET_KEY``). The base URL comes from ``SHOTGRAPH_<NAME>_BASE_URL``, else
the provider's default. Nothing here ever logs a value.
"""

from __future__ import annotations

import logging
import os

KEYRING_SERVICE = "shotgraph"
log = logging.getLogger("shotgraph.providers")


def env_name(provider: str, suffix: str) -> str:
    """``SHOTGRAPH_<PROVIDER>_<SUFFIX>`` for a provider name."""
    return f"SHOTGRAPH_{provider.upper().replace('-', '_')}_{suffix}"


def keyring_secret(provider: str) -> str | None:
    """The provider's keyring entry, or ``None`` (also when no keyring backend works)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, provider) or None
    except (KeyringError, RuntimeError, OSError) as exc:
        log.debug("keyring unavailable for %s: %s", provider, type(exc).__name__)
        return None


def api_key(provider: str) -> str | None:
    """The provider's API key from the environment or the keyring, or ``None``."""
    return os.environ.get(env_name(provider, "API_KEY")) or keyring_secret(provider)


def kling_keys() -> tuple[str, str] | None:
    """Kling's ``(access_key, secret_key)``, or ``None`` when either is missing."""
    access = os.environ.get(env_name("kling", "ACCESS_KEY"))
    secret = os.environ.get(env_name("kling", "SECRET_KEY"))
    if access and secret:
        return access, secret
    stored = keyring_secret("kling")
    if stored and ":" in stored:
        access, _, secret = stored.partition(":")
        if access and secret:
            return access, secret
    return None


def base_url(provider: str, default: str) -> str:
    """The provider's base URL: ``SHOTGRAPH_<NAME>_BASE_URL`` or ``default``."""
    return (os.environ.get(env_name(provider, "BASE_URL")) or default).rstrip("/")


def missing_key_message(provider: str, service: str, env_vars: tuple[str, ...]) -> str:
    """What to tell a creator who has not configured a key yet."""
    names = " and ".join(env_vars)
    return (
        f"no key for {service}: set {names}, or save it in Settings > Providers "
        f"(keyring service '{KEYRING_SERVICE}', user '{provider}')"
    )
