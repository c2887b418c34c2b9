"""``ServiceProvider``: what every real (networked) provider has in common.

Options (from the engine's provider settings or a node's ``model``) split in two:
transport options (``base_url``, timeouts, poll interval, deadline, retries; see
``HttpSettings``) that never change the output, and output options (``model`` and the
names a provider lists in ``output_options``) that go into ``identity()`` and so into
the cache key. Keys are never options: they come from ``nodes.providers.keys``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from app.core.node_api import Cancelled, Media, RunContext
from app.core.prices import estimate
from app.core.providers import ErrorKind, ProviderError, models
from app.media.convert import MediaFileError, to_wav
from nodes.providers import keys
from nodes.providers.http import HttpSettings, ProviderClient, ambiguous
from nodes.providers.tasks import (
    SUBMITTING,
    UNCONFIRMED,
    PaidTask,
    TaskState,
    fingerprint,
    new_reference,
    record,
    run_paid_task,
    unconfirmed,
)


class ServiceProvider:
    """Base of a provider backed by a web service; one ``ProviderClient`` per object."""

    name: ClassVar[str] = ""
    service: ClassVar[str] = ""
    capability: ClassVar[str] = ""
    default_base_url: ClassVar[str] = ""
    # The name in ``SHOTGRAPH_<NAME>_BASE_URL`` when it is not the provider's own (a
    # service served from one region only keeps its own variable).
    base_url_name: ClassVar[str] = ""
    default_model: ClassVar[str] = ""
    default_concurrency: ClassVar[int] = 2
    output_options: ClassVar[tuple[str, ...]] = ()
    # Env vars holding this provider's secrets (empty: no key needed).
    key_env: ClassVar[tuple[str, ...]] = ()
    key_optional: ClassVar[bool] = False

    def __init__(self, options: dict[str, Any] | None = None):
        self.options = dict(options or {})
        self.model = str(
            self.options.get("model")
            or models.default_model(self.name, self.capability, self.default_model)
        )
        base = self.options.get("base_url") or keys.base_url(
            self.base_url_name or self.name, self.default_base_url
        )
        self.settings = HttpSettings.from_options(str(base), self.capability, self.options)
        self.max_concurrency = int(self.options.get("max_concurrency", self.default_concurrency))
        self._client: ProviderClient | None = None

    def identity(self) -> dict[str, Any]:
        """Provider, model and output-affecting options; never a key or a transport setting."""
        found = {k: self.options[k] for k in self.output_options if k in self.options}
        return {"provider": self.name, "model": self.model, **found}

    @property
    def spec(self) -> models.ModelSpec:
        """What this provider's model accepts, from the model table."""
        return models.spec(self.name, self.capability, self.model)

    def refuse_unless_accepted(self, what: str, **asked: Any) -> None:
        """Raise ``BAD_REQUEST`` before anything is sent when the model table says the
        service would refuse ``asked`` (see ``ModelSpec.problems``)."""
        problems = self.spec.problems(**asked)
        if problems:
            raise ProviderError(
                self.name,
                ErrorKind.BAD_REQUEST,
                f"{self.service} {self.model} would refuse {what}: {'; '.join(problems)}"
                " (nothing was sent)",
            )

    # -- the client ---------------------------------------------------------------------
    @property
    def client(self) -> ProviderClient:
        """The HTTP client, made on first use (so listing providers needs no key)."""
        if self._client is None:
            self._client = self.make_client()
        return self._client

    def make_client(self) -> ProviderClient:
        """The client: the key (if any) sent by ``auth_headers`` and redacted everywhere,
        errors read by ``map_error``."""
        key = self.require_key()
        headers = self.auth_headers(key) if key else {}
        return ProviderClient(
            self.name,
            self.service,
            self.settings,
            secrets=(key,) if key else (),
            auth=lambda: headers,
            map_error=self.map_error,
            auth_hint=self.auth_hint(),
        )

    def auth_headers(self, key: str) -> dict[str, str]:
        """The headers that carry ``key``; none by default (the service takes no key)."""
        return {}

    def map_error(self, response: Any) -> ProviderError:
        """Turn an error response into a ``ProviderError``; subclasses know their codes."""
        from nodes.providers.http import error_text, status_kind

        return ProviderError(
            self.name,
            status_kind(response.status_code),
            f"{self.service} answered HTTP {response.status_code}: {error_text(response)}",
        )

    def auth_hint(self) -> str:
        """What to check when the service rejects the credentials."""
        if not self.key_env:
            return f"check the {self.service} server's own credentials"
        names = "/".join(self.key_env)
        return f"check {names} or the keyring entry 'shotgraph'/'{self.name}'"

    def require_key(self) -> str:
        """The API key, or a ``ProviderError`` telling the creator how to set one."""
        found = keys.api_key(self.name)
        if not found and not self.key_optional:
            raise ProviderError(
                self.name,
                ErrorKind.AUTH,
                keys.missing_key_message(self.name, self.service, self.key_env),
            )
        return found or ""

    # -- calls --------------------------------------------------------------------------
    def paid_task(
        self,
        ctx: RunContext,
        request: dict[str, Any],
        submit: Callable[[str], str],
        check: Callable[[str], TaskState],
        what: str,
        amounts: dict[str, float],
        *,
        lookup: Callable[[str], str | None] | None = None,
        new_ref: Callable[[], str] | None = None,
        where: str = "",
    ) -> TaskState:
        """Run a paid async task through the journal and record it (cost counted once).

        ``submit(reference)`` and ``lookup(reference)`` are as in ``PaidTask``.
        """
        started = time.monotonic()
        task = PaidTask(
            self.client, {"model": self.model, **request}, submit, check, what,
            lookup=lookup, new_ref=new_ref or new_reference, where=where,
        )
        try:
            _, state, newly_done = run_paid_task(task, ctx)
        except Cancelled:
            record(ctx, self.client, self.model, started, "cancelled")
            raise
        except ProviderError as exc:
            record(ctx, self.client, self.model, started, str(exc.kind))
            raise
        cost = estimate(self.name, self.model, amounts, self.capability) if newly_done else 0.0
        record(ctx, self.client, self.model, started, "ok", cost)
        return state

    def paid_call(
        self,
        ctx: RunContext,
        amounts: dict[str, float] | Callable[[Any], dict[str, float]],
        work: Callable[[], Any],
        *,
        request: dict[str, Any] | None = None,
        what: str = "the request",
    ) -> Any:
        """Run a synchronous paid call (TTS, gpt-image-1, music) and record it.

        ``amounts`` may be a function of the result (e.g. tokens used). With ``request``
        the call is journalled while it is out: an answer that does not say whether it
        was accepted, or a run that died meanwhile, stops with ``UNCONFIRMED`` (it may
        have been billed) instead of paying again unseen.
        """
        started = time.monotonic()
        journal = ctx.tasks if ctx.tasks is not None else None
        fp = fingerprint(self.name, {"model": self.model, **request}) if request else ""
        try:
            if journal is not None and fp:
                self._guard_sync(journal, fp, what)
            result = work()
        except Cancelled:
            record(ctx, self.client, self.model, started, "cancelled")
            if journal is not None and fp:
                journal.forget(self.name, fp)
            raise
        except ProviderError as exc:
            exc = self._sync_failure(journal, fp, exc, what)
            record(ctx, self.client, self.model, started, str(exc.kind))
            raise exc from None
        if journal is not None and fp:
            journal.forget(self.name, fp)
        used = amounts(result) if callable(amounts) else amounts
        record(
            ctx,
            self.client,
            self.model,
            started,
            "ok",
            estimate(self.name, self.model, used, self.capability),
        )
        return result

    def _guard_sync(self, journal: Any, fp: str, what: str) -> None:
        found = journal.find(self.name, fp)
        if found and found[1] == SUBMITTING:  # an earlier run died while this was out
            journal.save(self.name, fp, "", UNCONFIRMED)
            raise unconfirmed(
                self.client, what, "an earlier run stopped while the request was on its way"
            )
        journal.save(self.name, fp, "", SUBMITTING)

    def _sync_failure(
        self, journal: Any, fp: str, exc: ProviderError, what: str
    ) -> ProviderError:
        """The error to raise for a failed synchronous paid call (and the journal row)."""
        if exc.kind is ErrorKind.UNCONFIRMED or not fp:
            return exc  # without a request this is an unjournalled call (a screenplay)
        if ambiguous(exc):
            if journal is not None:
                journal.save(self.name, fp, "", UNCONFIRMED)
            return unconfirmed(self.client, what, exc.message)
        if journal is not None and fp:
            journal.forget(self.name, fp)
        return exc

    def check(self) -> tuple[bool, str]:
        """The cheapest authenticated call proving endpoint and credentials work."""
        return True, f"{self.service}: nothing to check"


def audio_into(fetch: Callable[[Path], Path], out: Path, client: ProviderClient) -> Path:
    """Fetch compressed audio next to ``out`` with ``fetch(path)``, then decode it to ``out``.

    ``out`` ending in ``.wav`` gets a 48 kHz 16-bit WAV (what the voice and music nodes
    expect); the compressed download is removed either way.
    """
    if out.suffix.lower() != ".wav":
        return fetch(out)
    raw = out.with_name(f".{out.stem}.download")
    try:
        fetch(raw)
        try:
            to_wav(raw, out)
        except MediaFileError as exc:
            out.unlink(missing_ok=True)
            raise client.error(
                ErrorKind.TASK_FAILED, f"the audio from {client.service} cannot be decoded: {exc}"
            ) from None
    finally:
        raw.unlink(missing_ok=True)
    return out


def line_wav(voice: Path, seconds: float) -> bytes:
    """The shot's line as it plays under a clip of ``seconds`` (``VOICE_LEAD_S`` in, cut or
    padded to the clip), as 48 kHz mono WAV bytes: what a lip-sync service is sent."""
    import io

    from app.media.line_audio import placed_line, write_wav

    buffer = io.BytesIO()
    write_wav(placed_line(voice, seconds), buffer)
    return buffer.getvalue()


def prompt_for(shot: Any, limit: int) -> str:
    """A picture prompt from a shot card: action, camera, who is in it and the style.

    A card whose node rendered a prompt template (``shot.prompt``) uses that instead.
    """
    if getattr(shot, "prompt", ""):
        return shot.prompt[:limit]
    parts = [shot.description]
    looks = [
        f"{c.name}: {c.look}"
        for c in getattr(shot, "cast", [])
        if c.look and c.id in shot.characters
    ]
    if looks:
        parts.append("; ".join(looks))
    if shot.camera != "static":
        parts.append(f"camera {shot.camera.replace('_', ' ')}")
    if getattr(shot, "style", ""):
        parts.append(shot.style)
    parts.append(f"mood {shot.mood}, vertical 9:16 frame")
    return ", ".join(p for p in parts if p)[:limit]


def reference_images(shot: Any, ctx: RunContext, limit: int) -> list[Media]:
    """Up to ``limit`` reference images of the characters a shot shows, lead first.

    They come from a character bible (``Character.reference`` hashes in the card's cast);
    one that is missing from the store is skipped with a note in the log.
    """
    from app.core.prompting import in_frame

    found: list[Media] = []
    for character in in_frame(shot):
        if len(found) >= limit or not character.reference or ctx.resolve_media is None:
            continue
        try:
            found.append(ctx.resolve_media(character.reference))
        except (FileNotFoundError, LookupError):
            ctx.log(f"the reference image of {character.name} is missing; going without it")
    return found
