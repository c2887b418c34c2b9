"""A fake web service on 127.0.0.1 for provider tests.

Each provider's fake subclasses ``FakeService``: it declares routes, checks what it
receives (recording every broken expectation in ``violations``, which the fixture
asserts empty) and answers with the documented shapes. Faults are queued per route
(``fake.fault("poll", "429")``) and fire once each, in order:

``401``, ``429`` (with ``Retry-After``), ``500``, ``503``, ``reset`` (the connection is
dropped without an answer), ``timeout`` (no answer until the test releases the fake:
``fake.release()``, done by the fixture at the end, so a client's read timeout always
fires first however busy the machine is), ``malformed`` (200 with broken JSON). Each of
these fires *before* the request is handled: nothing was made. The ``-after`` forms
(``503-after``, ``500-after``, ``reset-after``, ``timeout-after``, ``malformed-after``)
handle the request first (the task exists, the work may be billed) and then answer
with the fault: what a service does when its own upstream call timed out.

Scenario switches in ``fake.modes`` (``task_failed``, ``moderation``, ``gone``,
``expired``, ``oversized``, ``wrong_type``) change how a task ends or how its result
downloads.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

HTTP_FAULTS = ("401", "429", "500", "503", "reset", "timeout", "malformed")
AFTER = "-after"
# A hung answer gives up after this long even if never released (a safety valve only:
# every test releases its fakes, and no outcome waits for it).
HANG_LIMIT_S = 120.0


@dataclass
class Request:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    route: str = ""

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    """What the fake answers."""

    status: int = 200
    body: Any = None  # dict/list → JSON; bytes → raw
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False  # no Content-Length: the body streams until the socket closes


Handler = Callable[[Request, "re.Match[str]"], Reply]


class FakeService:
    """Base of a fake provider server; subclasses fill ``routes`` and the error shapes."""

    name = "fake"

    def __init__(self, media: dict[str, bytes]):
        self.media = media
        self.routes: list[tuple[str, re.Pattern[str], str, Handler]] = []
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.faults: dict[str, list[str]] = {}
        self.modes: set[str] = set()
        self.retry_after = "1"
        self.retry_after_ms: str | None = "30"  # None: send only Retry-After (seconds)
        self.delay_s = 0.5
        self.steps = 2  # polls before a task finishes
        self.tasks: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.released = threading.Event()
        self.hung = 0  # requests now hanging (a ``timeout`` fault), each after its work if any
        self.server: ThreadingHTTPServer | None = None
        self.setup()

    # -- to override ----------------------------------------------------------------------
    def setup(self) -> None:
        """Register routes with ``self.route``."""

    def error_reply(self, status: int, kind: str) -> Reply:
        """The service's error body for an HTTP fault (``kind`` names it)."""
        return Reply(status, {"error": kind})

    # -- helpers for subclasses -------------------------------------------------------------
    def route(self, method: str, pattern: str, name: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(f"^{pattern}$"), name, handler))

    def expect(self, ok: bool, message: str) -> bool:
        """Record a broken expectation about what the client sent."""
        if not ok:
            self.violations.append(message)
        return ok

    def fault(self, route: str, *kinds: str) -> None:
        """Queue faults for the next requests to ``route``."""
        with self.lock:
            self.faults.setdefault(route, []).extend(kinds)

    def hangs_next(self, method: str, path: str) -> bool:
        """Whether the next ``method`` request to ``path`` will hang (a queued ``timeout``)."""
        with self.lock:
            for m, pattern, name, _ in self.routes:
                if m == method and pattern.match(path):  # the route ``handle`` would pick
                    queued = self.faults.get(name) or []
                    return bool(queued) and queued[0].removesuffix(AFTER) == "timeout"
        return False

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    def hanging(self, n: int, timeout: float = HANG_LIMIT_S) -> bool:
        """Block until ``n`` requests have reached their hang (``timeout``: after the work
        of a ``timeout-after``), so a client that gave up sooner goes on only from there."""
        with self.arrived:
            return self.arrived.wait_for(lambda: self.hung >= n, timeout)

    def release(self) -> None:
        """Let every hung (``timeout``) answer go: the clients have long given up."""
        self.released.set()

    def count(self, route: str) -> int:
        return sum(1 for r in self.requests if r.route == route)

    def wait_for(self, route: str, n: int, timeout: float = 20.0) -> bool:
        """Block until ``route`` has had ``n`` requests (or ``timeout``); no sleeping."""
        with self.arrived:
            return self.arrived.wait_for(lambda: self.count(route) >= n, timeout)

    def wait_until(self, done: Callable[[], bool], timeout: float = 20.0) -> bool:
        """Block until ``done()`` holds for the requests received (or ``timeout``)."""
        with self.arrived:
            return self.arrived.wait_for(done, timeout)

    def new_task(self, **data: Any) -> str:
        with self.lock:
            task_id = f"task-{len(self.tasks) + 1:04d}"
            self.tasks[task_id] = {"polls": 0, **data}
        return task_id

    def advance(self, task_id: str) -> int:
        """Count one poll of a task; returns how many polls it has had before this one."""
        with self.lock:
            task = self.tasks[task_id]
            task["polls"] += 1
            return task["polls"] - 1

    def file_reply(self, kind: str) -> Reply:
        """A media download honouring the download modes."""
        data, ctype = {
            "png": (self.media["png"], "image/png"),
            "mp4": (self.media["mp4"], "video/mp4"),
            "wav": (self.media["wav"], "audio/wav"),
            "mp3": (self.media["mp3"], "audio/mpeg"),
        }[kind]
        if "expired" in self.modes:
            return Reply(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
        if "wrong_type" in self.modes:
            return Reply(200, b"<html>sign in</html>", "text/html")
        if "oversized" in self.modes:
            return Reply(200, data + b"\0" * (2 * 2**20), ctype, chunked=True)
        return Reply(200, data, ctype)

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def file_url(self) -> str:
        """The same server under another host name, standing in for a CDN (no auth sent)."""
        return self.url.replace("127.0.0.1", "localhost")

    # -- serving ----------------------------------------------------------------------------
    def start(self) -> FakeService:
        service = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                # Headers and body go out as two writes: without this, delayed ACKs add 40 ms.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _any(self) -> None:
                service.handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.release()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        request = Request(
            h.command, parts.path, query, {k.lower(): v for k, v in h.headers.items()}, body
        )
        for method, pattern, name, handler in self.routes:
            match = pattern.match(parts.path)
            if match and method == h.command:
                request.route = name
                with self.lock:
                    self.requests.append(request)
                    queued = self.faults.get(name) or []
                    fault = queued.pop(0) if queued else None
                    self.arrived.notify_all()
                self._answer(h, request, match, handler, fault)
                return
        self.requests.append(request)
        self.violations.append(f"unexpected {h.command} {parts.path}")
        self._send(h, Reply(404, {"error": "no such route"}))

    def _answer(
        self,
        h: BaseHTTPRequestHandler,
        request: Request,
        match: re.Match[str],
        handler: Handler,
        fault: str | None,
    ) -> None:
        after = bool(fault and fault.endswith(AFTER))
        if after:  # the work is done (and billed) first; only the answer goes wrong
            self._call(handler, request, match)
            fault = fault.removesuffix(AFTER)
        if fault == "reset":
            _reset(h)
            return
        if fault == "timeout":
            with self.arrived:
                self.hung += 1
                self.arrived.notify_all()
            self.released.wait(HANG_LIMIT_S)
            h.close_connection = True
            return  # the client gave up long ago; nothing more is made or sent
        if fault and fault[:3] in ("401", "429", "500", "503"):  # "429-quota": a kind of 429
            reply = self.error_reply(int(fault[:3]), fault)
            if fault.startswith("429"):
                reply.headers.setdefault("Retry-After", self.retry_after)
                if self.retry_after_ms is not None:
                    reply.headers.setdefault("retry-after-ms", self.retry_after_ms)
            self._send(h, reply)
            return
        if fault == "malformed":
            self._send(h, Reply(200, b'{"data": {"task_id": ', "application/json"))
            return
        self._send(h, self._call(handler, request, match))

    def _call(self, handler: Handler, request: Request, match: re.Match[str]) -> Reply:
        try:
            return handler(request, match)
        except Exception as exc:  # a bug in the fake must show, not hang the client
            self.violations.append(f"fake crashed on {request.path}: {exc!r}")
            return Reply(500, {"error": f"fake crashed: {exc!r}"})

    def _send(self, h: BaseHTTPRequestHandler, reply: Reply) -> None:
        body = reply.body
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        try:
            h.send_response(reply.status)
            h.send_header("Content-Type", reply.content_type)
            for key, value in reply.headers.items():
                h.send_header(key, value)
            if reply.chunked:
                h.send_header("Connection", "close")
                h.close_connection = True
            else:
                h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _reset(h: BaseHTTPRequestHandler) -> None:
    """Drop the connection with a TCP reset and no answer."""
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.close_connection = True
    h.connection.close()
