"""The provider registry: factories by capability and name, filled by loaders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.providers.api import ErrorKind, Provider, ProviderError

ProviderFactory = Callable[[dict[str, Any]], Provider]
_FACTORIES: dict[tuple[str, str], ProviderFactory] = {}
# Loaders import the modules that register providers (``nodes.providers`` adds its own
# on import), so the core never imports the layer above it; each runs once.
_LOADERS: list[Callable[[], None]] = []
_LOADED: set[int] = set()


def add_provider_loader(loader: Callable[[], None]) -> None:
    """Call ``loader`` (once) before the registry is first read: it registers providers."""
    if loader not in _LOADERS:
        _LOADERS.append(loader)


def load_providers() -> None:
    """Run every loader not yet run, so all known providers are registered."""
    for loader in list(_LOADERS):
        if id(loader) not in _LOADED:
            _LOADED.add(id(loader))
            loader()


def register_provider(capability: str, name: str, factory: ProviderFactory) -> None:
    _FACTORIES[(capability, name)] = factory


def provider_names(capability: str) -> list[str]:
    load_providers()
    return sorted(name for cap, name in _FACTORIES if cap == capability)


def lookup(capability: str, name: str, options: dict[str, Any] | None = None) -> Provider:
    """The one provider called ``name`` for ``capability``; ``ProviderError`` if unknown."""
    load_providers()
    try:
        factory = _FACTORIES[(capability, name)]
    except KeyError:
        known = ", ".join(provider_names(capability)) or "none"
        raise ProviderError(
            name, ErrorKind.BAD_REQUEST, f"no {capability} provider called {name!r} (known: {known})"
        ) from None
    return factory(options or {})
