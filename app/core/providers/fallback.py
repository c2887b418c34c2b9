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
- ``UNCONFIRMED`` — a paid submit got an answer that does not say whether it was
  accepted; the creator checks the service before anything is sent again.

Pass ``kinds=`` to widen it (e.g. add ``TASK_FAILED`` for a free local last resort).

A node names a chain in its ``provider`` setting: ``"elevenlabs > openai > local"``
(``resolve`` turns any name with ``>`` into a ``FallbackChain``). A member may pin its
own model, ``"elevenlabs:eleven_v3 > openai:tts-1"``; the node's ``model`` setting is
for the first member (unless it pins one), and the other options (timeouts, polling) go
to every member. A file a chain makes records the member that made it:
``meta["made_with"]`` is that member's identity, which the engine writes into the
artifact's provenance in place of the chain's (kept there as ``fallback``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from app.core.node_api import MediaOut
from app.core.providers.api import ErrorKind, Provider, ProviderError
from app.core.providers.registry import load_providers, lookup

log = logging.getLogger("shotgraph.providers")
T = TypeVar("T")
FALLBACK_KINDS = frozenset({ErrorKind.AUTH, ErrorKind.QUOTA, ErrorKind.RATE})
CHAIN_SEPARATOR = ">"


@dataclass(frozen=True)
class Fallen(Generic[T]):
    """A result and the provider that produced it, with the ones skipped on the way."""

    value: T
    provider: str
    skipped: tuple[tuple[str, ProviderError], ...] = ()
    identity: dict[str, Any] | None = None  # the identity of the provider that made it


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
    load_providers()
    names = list(names)
    if not names:
        raise ProviderError("fallback", ErrorKind.BAD_REQUEST, f"no {capability} providers listed")
    skipped: list[tuple[str, ProviderError]] = []
    for name in names:
        provider = lookup(capability, name, dict((options or {}).get(name) or {}))
        try:
            return Fallen(call(provider), name, tuple(skipped), provider.identity())
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

    Media results carry ``meta["provider"]`` (the name of the one that made them),
    ``meta["made_with"]`` (its identity, for the provenance) and ``meta["skipped"]``.
    """

    capability: str
    names: list[str]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    kinds: frozenset[ErrorKind] = FALLBACK_KINDS

    @property
    def name(self) -> str:
        return "+".join(self.names)

    def __post_init__(self) -> None:
        load_providers()

    @property
    def max_concurrency(self) -> int:
        return min(
            getattr(
                lookup(self.capability, n, dict(self.options.get(n) or {})), "max_concurrency", 1
            )
            for n in self.names
        )

    def identity(self) -> dict[str, Any]:
        """The chain's identities, in order: a different chain is a different result."""
        return {
            "provider": "fallback",
            "chain": [
                lookup(self.capability, n, dict(self.options.get(n) or {})).identity()
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
                    "made_with": found.identity,
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

    def lipsync(self, *args: Any) -> Any:
        return self._run("lipsync", *args)


def is_chain(name: str) -> bool:
    """Whether a ``provider`` setting names a fallback chain rather than one provider."""
    return CHAIN_SEPARATOR in name


def parse_chain(name: str) -> list[tuple[str, str]]:
    """``"elevenlabs:eleven_v3 > openai"`` -> ``[("elevenlabs", "eleven_v3"), ("openai", "")]``.

    Only the first ``:`` splits, so a model name may contain one (``ollama:llama3:8b``).
    """
    members = []
    for part in name.split(CHAIN_SEPARATOR):
        provider, _, model = part.strip().partition(":")
        members.append((provider.strip(), model.strip()))
    names = [provider for provider, _ in members]
    if not all(names):
        raise ProviderError(
            "fallback", ErrorKind.BAD_REQUEST, f"{name!r} has an empty step; write 'a > b > c'"
        )
    if len(set(names)) != len(names):
        raise ProviderError(
            "fallback", ErrorKind.BAD_REQUEST, f"{name!r} names a provider more than once"
        )
    return members


def chain_from_name(capability: str, name: str, options: Mapping[str, Any]) -> FallbackChain:
    """The ``FallbackChain`` a ``provider`` setting such as ``"elevenlabs > openai > local"``
    names, with ``options`` (a node's model, transport settings) shared out per member.
    """
    members = parse_chain(name)
    shared = {k: v for k, v in options.items() if k != "model"}
    per_member: dict[str, dict[str, Any]] = {}
    for index, (member, model) in enumerate(members):
        chosen = model or (str(options.get("model") or "") if index == 0 else "")
        per_member[member] = {**shared, "model": chosen} if chosen else dict(shared)
    chain = FallbackChain(capability, [m for m, _ in members], per_member)
    chain.identity()  # an unknown member fails now (when planning), not mid-run
    return chain
