"""Fallbacks: try the next provider in an ordered list when one cannot do the work.

Which failures move on to the next provider (``FALLBACK_KINDS``): only those that prove
nothing was bought and that retrying the same provider cannot fix:

- ``AUTH`` — no key or a rejected key for this provider;
- ``QUOTA`` — its account is out of credit;
- ``RATE`` — still rate-limited after the HTTP layer's retries (it refused the work).

Not by default, and why:

- ``TRANSIENT`` and ``TIMEOUT`` — a paid submit may have been accepted before the
  connection broke, or the task is still running (it stays saved and resumes); moving
  on could pay twice.
- ``MODERATION`` — sending refused content on to another service is the creator's
  call, not ours.
- ``BAD_REQUEST``, ``NOT_FOUND`` — a settings problem, or a forgotten task the creator
  must decide to re-buy.
- ``TASK_FAILED`` — the work ran and may have been charged.

Pass ``kinds=`` to widen it (e.g. add ``TASK_FAILED`` for a free local last resort).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from nodes.base import MediaOut
from nodes.providers.base import ErrorKind, Provider, ProviderError, resolve
from nodes.providers.catalog import load_all

log = logging.getLogger("shotgraph.providers")
T = TypeVar("T")
FALLBACK_KINDS = frozenset({ErrorKind.AUTH, ErrorKind.QUOTA, ErrorKind.RATE})


@dataclass(frozen=True)
class Fallen(Generic[T]):
    """A result and the provider that produced it, with the ones skipped on the way."""

    value: T
    provider: str
    skipped: tuple[tuple[str, ProviderError], ...] = ()


def with_fallback(
    capability: str,
    names: Iterable[str],
    call: Callable[[Provider], T],
    *,
    options: Mapping[str, dict[str, Any]] | None = None,
    kinds: frozenset[ErrorKind] = FALLBACK_KINDS,
) -> Fallen[T]:
    """Run ``call(provider)`` with each named provider in order until one succeeds.

    A ``ProviderError`` whose kind is in ``kinds`` moves on to the next name; any other
    error (and ``Cancelled``) is raised at once. When every provider fails, the raised
    error lists each one's reason.
    """
    load_all()
    names = list(names)
    if not names:
        raise ProviderError("fallback", ErrorKind.BAD_REQUEST, f"no {capability} providers listed")
    skipped: list[tuple[str, ProviderError]] = []
    for name in names:
        provider = resolve(capability, name, dict((options or {}).get(name) or {}))
        try:
            return Fallen(call(provider), name, tuple(skipped))
        except ProviderError as exc:
            if exc.kind not in kinds:
                raise
            log.info("%s failed (%s), trying the next %s provider", name, exc.kind, capability)
            skipped.append((name, exc))
    reasons = "; ".join(f"{name}: {exc.message}" for name, exc in skipped)
    raise ProviderError(
        names[-1], skipped[-1][1].kind, f"no {capability} provider could do it ({reasons})"
    )


@dataclass
class FallbackChain:
    """A provider object trying several providers in order (usable as ``ctx.provider``).

    Media results carry ``meta["provider"]``, the one that made them, so the take records it.
    """

    capability: str
    names: list[str]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    kinds: frozenset[ErrorKind] = FALLBACK_KINDS

    @property
    def name(self) -> str:
        return "+".join(self.names)

    def __post_init__(self) -> None:
        load_all()

    @property
    def max_concurrency(self) -> int:
        return min(
            getattr(
                resolve(self.capability, n, dict(self.options.get(n) or {})), "max_concurrency", 1
            )
            for n in self.names
        )

    def identity(self) -> dict[str, Any]:
        """The chain's identities, in order: a different chain is a different result."""
        return {
            "provider": "fallback",
            "chain": [
                resolve(self.capability, n, dict(self.options.get(n) or {})).identity()
                for n in self.names
            ],
        }

    def _run(self, method: str, *args: Any) -> Any:
        found = with_fallback(
            self.capability,
            self.names,
            lambda p: getattr(p, method)(*args),
            options=self.options,
            kinds=self.kinds,
        )
        value = found.value
        if isinstance(value, MediaOut):
            value = replace(
                value,
                meta={
                    **value.meta,
                    "provider": found.provider,
                    "skipped": [n for n, _ in found.skipped],
                },
            )
        return value

    def write_script(self, *args: Any) -> Any:
        return self._run("write_script", *args)

    def generate_image(self, *args: Any) -> Any:
        return self._run("generate_image", *args)

    def animate(self, *args: Any) -> Any:
        return self._run("animate", *args)

    def compose(self, *args: Any) -> Any:
        return self._run("compose", *args)

    def speak(self, *args: Any) -> Any:
        return self._run("speak", *args)
