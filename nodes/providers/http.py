"""Shared HTTP plumbing for real providers.

One ``ProviderClient`` per provider object: a ``requests.Session`` with connect/read
timeouts, retries with exponential backoff that honour ``Retry-After`` (seconds or an
HTTP date) and ``retry-after-ms``, streamed downloads with a size limit and a
content-type check (written to a temp file, then renamed), waits that end at once when
the run is cancelled, and redaction of secrets from every message and log line.

Retry policy: ``retry="all"`` (reads, task polls, downloads, cheap chat calls) retries
429/502/503/504, connection errors, read timeouts and unreadable JSON. ``retry="refused"``
(paid submits and paid synchronous generations) retries only answers that prove the
work was not accepted: a 429 rate refusal (honouring Retry-After), a refusal the
provider's parser flags (``Refused``: a documented "not accepted" code), or a connection
that was never made. A 503 is not such a proof (suno-api answers 503 when its own call
to Suno timed out, after Suno may have made and billed the clips), nor is a 5xx, a read
timeout, a connection broken after sending or an unreadable body: those are raised as
they are, and ``ambiguous`` tells the callers (``nodes.providers.tasks``,
``ServiceProvider.paid_call``) to look the work up before anything is sent again.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, TypeVar

import requests
from urllib3.exceptions import NewConnectionError

from app.core.node_api import Cancelled, RunContext
from app.core.providers import ErrorKind, ProviderError

log = logging.getLogger("shotgraph.providers")

T = TypeVar("T")
RetryMode = Literal["all", "refused"]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REFUSED_STATUSES = frozenset({429})
# How long an async task may take before we stop waiting (it stays resumable).
DEFAULT_DEADLINES_S = {
    "video": 3600.0,
    "music": 600.0,
    "image": 600.0,
    "chat": 120.0,
    "speech": 600.0,
}
USER_AGENT = "ShotGraph/0.1 (+requests)"


class Refused(ProviderError):
    """A refusal the provider says nothing was done for (safe to re-send even if paid)."""

    def __init__(
        self, provider: str, kind: ErrorKind, message: str, retry_after: float | None = None
    ):
        super().__init__(provider, kind, message)
        self.retry_after = retry_after


class AccountError(ProviderError):
    """An account problem a new key does not fix (organisation verification, an IP
    allowlist): reported as ``AUTH`` without the "check the key" hint."""


def ambiguous(exc: ProviderError) -> bool:
    """Whether a failed paid request may still have been accepted (and billed).

    Transient failures and timeouts are, unless the request provably never arrived
    (``Refused``: a connection never made, a documented refusal).
    """
    return exc.kind in (ErrorKind.TRANSIENT, ErrorKind.TIMEOUT) and not isinstance(exc, Refused)


# -- redaction ------------------------------------------------------------------------------
_HEADER_SECRET = re.compile(
    r"(?i)((?:xi-api-key|mj-api-secret|x-api-key|api[_-]?key|authorization)[\"']?\s*[:=]\s*[\"']?)"
    r"(?:bearer\s+)?[^\s\"',;}]+"
)
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+")
MASK = "[redacted]"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with the known secret values, bearer tokens, JWTs and key headers masked."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _JWT.sub(MASK, text)
    text = _BEARER.sub(r"\1" + MASK, text)
    return _HEADER_SECRET.sub(r"\1" + MASK, text)


# -- settings -------------------------------------------------------------------------------
@dataclass(frozen=True)
class HttpSettings:
    """Transport options of one provider; none of them changes what the service makes."""

    base_url: str
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_retries: int = 4
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    poll_interval_s: float = 5.0
    deadline_s: float = 600.0
    max_download_mb: float = 512.0

    @classmethod
    def from_options(
        cls, base_url: str, capability: str, options: Mapping[str, Any]
    ) -> HttpSettings:
        """Settings from a provider's options; unknown keys are ignored."""
        values: dict[str, Any] = {
            "base_url": base_url.rstrip("/"),
            "deadline_s": DEFAULT_DEADLINES_S.get(capability, 600.0),
        }
        for f in fields(cls):
            if f.name != "base_url" and f.name in options:
                values[f.name] = type(getattr(cls, f.name))(options[f.name])
        return cls(**values)

    @property
    def max_download_bytes(self) -> int:
        return int(self.max_download_mb * 2**20)


TRANSPORT_OPTIONS = frozenset(f.name for f in fields(HttpSettings)) | {"max_concurrency"}


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds a response asks us to wait (``retry-after-ms`` or ``Retry-After``), if any."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def wait(ctx: RunContext | None, seconds: float) -> None:
    """Wait ``seconds``, ending at once with ``Cancelled`` when the run is stopped."""
    event = ctx.cancel_event if ctx is not None else threading.Event()
    if event.wait(max(0.0, seconds)):
        raise Cancelled()


# -- error mapping --------------------------------------------------------------------------
def error_text(response: requests.Response, limit: int = 300) -> str:
    """The service's own error message from a response body, shortened."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:limit] or response.reason or ""
    return _message_in(body)[:limit]


def _message_in(body: Any) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, dict):
        for key in ("message", "msg", "error", "detail", "description", "failure"):
            if key in body and body[key]:
                return _message_in(body[key])
        return json.dumps(body)[:300]
    if isinstance(body, list) and body:
        return _message_in(body[0])
    return ""


def status_kind(status: int) -> ErrorKind:
    """The usual meaning of an HTTP error status."""
    if status in (401, 403):
        return ErrorKind.AUTH
    if status == 402:
        return ErrorKind.QUOTA
    if status == 429:
        return ErrorKind.RATE
    if status in (404, 410):
        return ErrorKind.NOT_FOUND
    if status in (408, 504):
        return ErrorKind.TIMEOUT
    if status >= 500:
        return ErrorKind.TRANSIENT
    return ErrorKind.BAD_REQUEST


ErrorMapper = Callable[[requests.Response], ProviderError]


# -- the client -----------------------------------------------------------------------------
@dataclass
class ProviderClient:
    """HTTP for one provider: session, auth headers, retries, downloads, redaction.

    ``service`` is the name creators know ("Kling"); ``auth`` returns fresh auth headers
    for each request to the base URL (never sent to other hosts, e.g. CDN result URLs);
    ``map_error`` turns a non-2xx response into a ``ProviderError``.
    """

    name: str
    service: str
    settings: HttpSettings
    secrets: tuple[str, ...] = ()
    auth: Callable[[], dict[str, str]] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    map_error: ErrorMapper | None = None
    auth_hint: str = ""
    session: requests.Session = field(init=False)

    def __post_init__(self) -> None:
        self.session = requests.Session()
        self.session.trust_env = os.environ.get("SHOTGRAPH_HTTP_TRUST_ENV", "1") == "1"
        self.session.headers.update({"User-Agent": USER_AGENT, **self.headers})

    # -- helpers ------------------------------------------------------------------------
    def url(self, path: str) -> str:
        """An absolute URL for a path under the base URL (absolute URLs pass through)."""
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.settings.base_url}/{path.lstrip('/')}"

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)

    def error(self, kind: ErrorKind, message: str) -> ProviderError:
        """A ``ProviderError`` of this provider with secrets scrubbed from the message."""
        return ProviderError(self.name, kind, self.redact(message))

    def close(self) -> None:
        self.session.close()

    def _headers_for(self, url: str, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.auth and url.startswith(self.settings.base_url):
            headers.update(self.auth())
        return headers

    def _backoff(self, attempt: int) -> float:
        return min(self.settings.max_backoff_s, self.settings.backoff_s * 2**attempt)

    def response_error(self, response: requests.Response) -> ProviderError:
        """The ``ProviderError`` for a non-2xx response (provider mapping, else generic)."""
        if self.map_error is not None:
            err = self.map_error(response)
        else:
            err = ProviderError(
                self.name,
                status_kind(response.status_code),
                f"{self.service} answered HTTP {response.status_code}: {error_text(response)}",
            )
        return self._own(err)

    def _own(self, err: ProviderError) -> ProviderError:
        """``err`` as this provider's error: its name, the auth hint, secrets scrubbed."""
        message = err.message
        wants_hint = err.kind is ErrorKind.AUTH and not isinstance(err, AccountError)
        if wants_hint and self.auth_hint and self.auth_hint not in message:
            message = f"{message} ({self.auth_hint})"
        if err.provider != self.name and not message.startswith(self.service):
            message = f"{self.service}: {message}"
        message = self.redact(message)
        if isinstance(err, Refused):
            return Refused(self.name, err.kind, message, err.retry_after)
        if isinstance(err, AccountError):
            return AccountError(self.name, err.kind, message)
        return ProviderError(self.name, err.kind, message)

    # -- requests -----------------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        *,
        ctx: RunContext | None,
        retry: RetryMode = "all",
        parse: Callable[[requests.Response], T] | None = None,
        what: str = "",
        stream: bool = False,
        **kwargs: Any,
    ) -> T:
        """Send a request with retries; return ``parse(response)`` (default: JSON body).

        ``what`` names the call in messages ("the image2video submit").
        """
        parse = parse or json_body  # type: ignore[assignment]
        url = self.url(path)
        what = what or f"{method} {path.split('?')[0]}"
        attempt = 0
        while True:
            if ctx is not None:
                ctx.check_cancelled()
            try:
                return self._attempt(method, url, parse, what, stream, kwargs)
            except _Again as again:
                if not self._should_retry(again, retry, attempt):
                    raise again.error from None
                delay = (
                    again.retry_after if again.retry_after is not None else self._backoff(attempt)
                )
                if delay > self.settings.max_backoff_s * 2 and again.retry_after is not None:
                    raise self.error(
                        again.error.kind,
                        f"{again.error.message}; {self.service} "
                        f"asks to wait {delay:.0f} s, try again later",
                    ) from None
                log.info("%s: %s — retrying in %.1f s", self.name, again.error.message, delay)
                wait(ctx, delay)
                attempt += 1

    def _should_retry(self, again: _Again, mode: RetryMode, attempt: int) -> bool:
        if attempt >= self.settings.max_retries:
            return False
        return again.refused or (mode == "all" and again.transient)

    def _attempt(
        self,
        method: str,
        url: str,
        parse: Callable[[requests.Response], T],
        what: str,
        stream: bool,
        kwargs: dict[str, Any],
    ) -> T:
        kw = dict(kwargs)
        kw["headers"] = self._headers_for(url, kw.get("headers"))
        kw.setdefault("timeout", (self.settings.connect_timeout, self.settings.read_timeout))
        try:
            response = self.session.request(method, url, stream=stream, **kw)
        except requests.RequestException as exc:
            raise self._transport_error(exc, what) from None
        try:
            if response.status_code >= 400:
                raise self._status_again(response)
            return parse(response)
        except Refused as exc:
            raise _Again(
                self._own(exc), transient=True, refused=True, retry_after=exc.retry_after
            ) from None
        except ProviderError as exc:
            raise _Again(
                self._own(exc),
                transient=exc.kind in (ErrorKind.TRANSIENT, ErrorKind.RATE),
                refused=False,
            ) from None
        except requests.RequestException as exc:  # while reading the body
            raise self._transport_error(exc, what) from None
        finally:
            response.close()

    def _status_again(self, response: requests.Response) -> _Again:
        err = self.response_error(response)
        status = response.status_code
        retryable_kind = err.kind in (ErrorKind.RATE, ErrorKind.TRANSIENT, ErrorKind.TIMEOUT)
        return _Again(
            err,
            transient=status in RETRY_STATUSES and retryable_kind,
            refused=status in REFUSED_STATUSES and retryable_kind,
            retry_after=retry_after(response.headers),
        )

    def _transport_error(self, exc: requests.RequestException, what: str) -> _Again:
        never_sent = isinstance(exc, requests.ConnectTimeout) or _is_refused_connection(exc)
        if isinstance(exc, requests.ReadTimeout):
            err = self.error(
                ErrorKind.TIMEOUT,
                f"{self.service} did not answer {what} within {self.settings.read_timeout:g} s",
            )
        elif never_sent:
            # Nothing reached the service: safe to send again, even when paid.
            err = Refused(
                self.name,
                ErrorKind.TRANSIENT,
                self.redact(
                    f"cannot reach {self.service} at "
                    f"{self.settings.base_url}: is the address right and the server up?"
                ),
            )
        else:
            err = self.error(
                ErrorKind.TRANSIENT,
                f"the connection to {self.service} broke during {what}: {type(exc).__name__}",
            )
        return _Again(err, transient=True, refused=never_sent)

    # -- downloads ----------------------------------------------------------------------
    def download(
        self,
        url: str,
        out: Path,
        *,
        ctx: RunContext | None,
        kinds: tuple[str, ...],
        what: str = "the result",
    ) -> Path:
        """Stream ``url`` into ``out`` (temp file, then rename), retrying broken transfers.

        ``kinds`` are accepted content-type prefixes ("video/", "image/png"). A 403/404/410
        means the result URL has expired.
        """

        def save(response: requests.Response) -> Path:
            return self.save_body(response, out, kinds=kinds, what=what)

        try:
            return self.call(
                "GET", url, ctx=ctx, parse=save, stream=True, what=f"downloading {what}"
            )
        except ProviderError as exc:
            if exc.kind in (ErrorKind.NOT_FOUND, ErrorKind.AUTH) and not url.startswith(
                self.settings.base_url
            ):
                raise self.error(
                    ErrorKind.NOT_FOUND,
                    f"{what} at {self.service} is gone (its "
                    "link expired or was deleted); run the node again to make a new "
                    "one",
                ) from None
            raise

    def save_body(
        self, response: requests.Response, out: Path, *, kinds: tuple[str, ...], what: str
    ) -> Path:
        """Write a (streamed) response body to ``out`` after checking its type and size."""
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not _type_ok(ctype, kinds):
            raise self.error(
                ErrorKind.TASK_FAILED,
                f"{self.service} sent {what} as "
                f"{ctype or 'an unknown type'}, not {' or '.join(kinds)}",
            )
        limit = self.settings.max_download_bytes
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise self._too_big(what, int(length))
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(f".{out.name}.{os.urandom(4).hex()}.part")
        try:
            self._stream_into(response, part, limit, what)
            os.replace(part, out)
        finally:
            part.unlink(missing_ok=True)
        return out

    def _stream_into(self, response: requests.Response, part: Path, limit: int, what: str) -> None:
        size = 0
        with open(part, "wb") as fh:
            for chunk in response.iter_content(chunk_size=1 << 16):
                size += len(chunk)
                if size > limit:
                    raise self._too_big(what, size)
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if size == 0:
            raise self.error(ErrorKind.TRANSIENT, f"{self.service} sent {what} empty")

    def _too_big(self, what: str, size: int) -> ProviderError:
        return self.error(
            ErrorKind.TASK_FAILED,
            f"{what} from {self.service} is "
            f"{size / 2**20:.1f} MB or more, over the {self.settings.max_download_mb:g}"
            " MB limit (raise max_download_mb in the provider options)",
        )

    def write_bytes(self, data: bytes, out: Path, what: str) -> Path:
        """Write decoded bytes (e.g. base64 images) to ``out`` atomically, with the size limit."""
        if len(data) > self.settings.max_download_bytes:
            raise self._too_big(what, len(data))
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(f".{out.name}.{os.urandom(4).hex()}.part")
        try:
            part.write_bytes(data)
            os.replace(part, out)
        finally:
            part.unlink(missing_ok=True)
        return out


@dataclass
class _Again(Exception):
    """Internal: an attempt failed; says whether another attempt may help."""

    error: ProviderError
    transient: bool
    refused: bool
    retry_after: float | None = None


def _is_refused_connection(exc: requests.RequestException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, NewConnectionError | ConnectionRefusedError):
            return True
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            current = reason
            continue
        args = getattr(current, "args", ())
        current = args[0] if args and isinstance(args[0], BaseException) else current.__context__
    return False


def _type_ok(ctype: str, kinds: tuple[str, ...]) -> bool:
    if not kinds:
        return True
    if ctype in ("application/octet-stream", "binary/octet-stream"):
        return True  # object stores often send media untyped
    return any(ctype.startswith(k) for k in kinds)


def json_body(response: requests.Response) -> Any:
    """The JSON body of a response; unreadable JSON is a transient error."""
    try:
        return response.json()
    except ValueError:
        raise ProviderError(
            "http",
            ErrorKind.TRANSIENT,
            f"the answer from {response.url.split('?')[0]} is not valid JSON "
            f"(HTTP {response.status_code}): {response.text[:120]!r}",
        ) from None
