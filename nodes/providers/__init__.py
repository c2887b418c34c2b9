"""Providers: the services behind generator nodes, one module per service.

Offline defaults live in ``nodes/providers/local``. Each module registers itself in the
core's provider registry (``app.core.providers``); importing this package adds the
loader that imports them all the first time the registry is read, so ``resolve``
finds every built-in provider without the core importing this layer.
"""

from app.core.providers import add_provider_loader


def load_offline() -> None:
    """Import the offline defaults (each registers as ``local``)."""
    import nodes.providers.local  # noqa: F401


def load_builtin() -> None:
    """Import the offline defaults and every real provider module (each registers)."""
    load_offline()
    from nodes.providers.catalog import load_all

    load_all()


add_provider_loader(load_offline, "local")  # a demo's plan needs only these
add_provider_loader(load_builtin)
