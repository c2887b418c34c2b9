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
# Loaders of one provider name: ``lookup`` of that name runs only these, so opening a
# project that uses the offline providers does not import every service's client.
_NAMED: dict[str, list[Callable[[], None]]] = {}


def add_provider_loader(loader: Callable[[], None], name: str | None = None) -> None:
    """Call ``loader`` (once) before the registry is first read: it registers providers.

    With ``name``, the loader registers the provider of that name, and a ``lookup`` of
    it runs just this loader (``load_providers`` still runs every loader).
    """
    if name is not None:
        if loader not in _NAMED.setdefault(name, []):
            _NAMED[name].append(loader)
    if loader not in _LOADERS:
        _LOADERS.append(loader)


def _run(loader: Callable[[], None]) -> None:
    if id(loader) not in _LOADED:
        _LOADED.add(id(loader))
        loader()


def load_providers() -> None:
    """Run every loader not yet run, so all known providers are registered."""
    for loader in list(_LOADERS):
        _run(loader)


def register_provider(capability: str, name: str, factory: ProviderFactory) -> None:
    _FACTORIES[(capability, name)] = factory


def provider_names(capability: str) -> list[str]:
    load_providers()
    return sorted(name for cap, name in _FACTORIES if cap == capability)


def lookup(capability: str, name: str, options: dict[str, Any] | None = None) -> Provider:
    """The one provider called ``name`` for ``capability``; ``ProviderError`` if unknown."""
    for loader in _NAMED.get(name, ()):
        _run(loader)
    if (capability, name) not in _FACTORIES:
        load_providers()
    try:
        factory = _FACTORIES[(capability, name)]
    except KeyError:
        known = ", ".join(provider_names(capability)) or "none"
        raise ProviderError(
            name, ErrorKind.BAD_REQUEST, f"no {capability} provider called {name!r} (known: {known})"
        ) from None
    return factory(options or {})
