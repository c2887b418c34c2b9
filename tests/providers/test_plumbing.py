"""The shared plumbing: Retry-After, redaction, cancellation, keys, prices, the journal."""

from __future__ import annotations

import email.utils
import logging
import threading
import time

import pytest

from app.core import prices
from app.core.node_api import Cancelled
from app.core.providers import ErrorKind, ProviderError
from nodes.providers import keys
from nodes.providers.http import redact, retry_after
from nodes.providers.kling import KlingVideo, kling_token
from nodes.providers.openai_compat import OpenAIChat
from nodes.providers.tasks import fingerprint
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.openai import OPENAI_KEY, FakeOpenAI
from tests.providers.chat_request import REQUEST
from tests.providers.conftest import FAST


def test_retry_after_forms():
    assert retry_after({"retry-after-ms": "250"}) == 0.25
    assert retry_after({"Retry-After": "3"}) == 3.0
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 27 <= retry_after({"Retry-After": later}) <= 31
    assert retry_after({"Retry-After": "soon"}) is None
    assert retry_after({}) is None


def test_retry_after_seconds_is_honoured(monkeypatch, start_fake, make_ctx):
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    fake = start_fake(FakeOpenAI, "openai", "/v1")
    fake.retry_after_ms = None  # only "Retry-After: 1"
    fake.fault("chat", "429")
    started = time.monotonic()
    OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert time.monotonic() - started >= 0.95


def test_too_long_retry_after_gives_up_with_advice(monkeypatch, start_fake, make_ctx):
    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    fake = start_fake(FakeOpenAI, "openai", "/v1")
    fake.retry_after, fake.retry_after_ms = "3600", None
    fake.fault("chat", "429")
    with pytest.raises(ProviderError) as caught:
        OpenAIChat(FAST).write_script(REQUEST, make_ctx())
    assert caught.value.kind is ErrorKind.RATE and "3600 s" in caught.value.message


def test_redact_masks_keys_tokens_and_headers():
    token = kling_token(ACCESS_KEY, SECRET_KEY)
    text = (
        f"key {OPENAI_KEY} jwt {token} Authorization: Bearer abc.def-123 "
        f'{{"xi-api-key": "xi_secret_value"}} mj-api-secret=hunter22'
    )
    clean = redact(text, [OPENAI_KEY])
    for secret in (OPENAI_KEY, token, "abc.def-123", "xi_secret_value", "hunter22"):
        assert secret not in clean
    assert clean.count("[redacted]") == 5


def test_a_key_never_leaks(
    monkeypatch, start_fake, make_ctx, caplog, journal, shot, still, out_dir
):
    """The fakes echo the key back in their errors; it must not reach messages, logs or the journal."""
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    fake = start_fake(FakeKling, "kling")
    echo = lambda request, match: __import__("tests.fakes.server", fromlist=["Reply"]).Reply(  # noqa: E731
        429,
        {
            "code": 1302,
            "message": f"slow down, {ACCESS_KEY} / "
            f"{request.headers['authorization']} / {SECRET_KEY}",
        },
    )
    fake.routes.insert(0, ("POST", fake.routes[0][1], "submit", echo))
    caplog.set_level(logging.DEBUG)
    ctx = make_ctx()
    with pytest.raises(ProviderError) as caught:
        KlingVideo(FAST).animate(still, shot, 1, ctx, out_dir / "c.mp4")
    token_prefix = "eyJ"
    seen = [
        caught.value.message,
        str(caught.value),
        caplog.text,
        repr(journal.rows),
        repr(ctx.record_call.rows),
    ]
    for text in seen:
        assert ACCESS_KEY not in text and SECRET_KEY not in text and token_prefix not in text
    assert "slow down" in caught.value.message  # the provider's own words still show


def test_cancel_stops_polling_at_once(monkeypatch, start_fake, make_ctx, shot, still, out_dir):
    """Cancelling ends the wait between polls: with polls 30 s apart, the run is over
    after one poll, long before a second one could come (no timing in the outcome)."""
    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    fake = start_fake(FakeKling, "kling")
    fake.steps = 10_000
    ctx = make_ctx()
    provider = KlingVideo({**FAST, "poll_interval_s": 30})
    errors: list[BaseException] = []

    def run() -> None:
        try:
            provider.animate(still, shot, 1, ctx, out_dir / "c.mp4")
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert fake.wait_for("poll", 1)
    ctx.cancel_event.set()
    worker.join(25)  # a bound for a broken build, far below the 30 s poll interval
    assert not worker.is_alive() and fake.count("poll") == 1
    assert isinstance(errors[0], Cancelled)
    assert [row["status"] for row in ctx.record_call.rows] == ["cancelled"]
    assert list(ctx.tasks.rows.values()) == [("task-0001", "submitted")]  # resumable


def test_keys_from_env_then_keyring(monkeypatch):
    monkeypatch.setattr(keys, "keyring_secret", {"runway": "kr-secret", "kling": "a:b"}.get)
    assert keys.api_key("runway") == "kr-secret"
    monkeypatch.setenv("SHOTGRAPH_RUNWAY_API_KEY", "env-secret")
    assert keys.api_key("runway") == "env-secret"
    assert keys.kling_keys() == ("a", "b")
    monkeypatch.setenv("SHOTGRAPH_RUNWAY_BASE_URL", "http://example.test/")
    assert keys.base_url("runway", "https://api.dev.runwayml.com") == "http://example.test"


def test_fingerprint_is_canonical():
    assert fingerprint("kling", {"a": 1, "b": [1, 2]}) == fingerprint(
        "kling", {"b": [1, 2], "a": 1}
    )
    assert fingerprint("kling", {"a": 1}) != fingerprint("runway", {"a": 1})


def test_price_table(monkeypatch, tmp_path):
    assert prices.estimate("kling", "kling-v2-1", {"second": 10}, "video") == pytest.approx(0.56)
    assert prices.estimate("kling", "kling-v1", {"image": 1}, "image") == pytest.approx(0.0035)
    custom = tmp_path / "prices.json"
    custom.write_text('{"runway": {"*": {"unit": "second", "price": 1}}}')
    monkeypatch.setenv("SHOTGRAPH_PRICES", str(custom))
    assert prices.estimate("runway", "gen4_turbo", {"second": 5}) == 5
    assert prices.estimate("suno", "x", {"track": 1}) == 0


def test_only_the_request_a_fake_hangs_on_gets_the_short_read_timeout(
        monkeypatch, start_fake, make_ctx):
    """``start_fake``'s promise: the hung request gives up soon, every other one waits
    as long as FAST says, so a late answer on a busy machine never fails a test."""
    import requests

    from tests.providers.conftest import HANG_READ_S

    monkeypatch.setenv("SHOTGRAPH_OPENAI_API_KEY", OPENAI_KEY)
    fake = start_fake(FakeOpenAI, "openai", "/v1")
    fake.fault("chat", "503", "timeout")
    sent = []
    adapter_send = requests.adapters.HTTPAdapter.send

    def send(adapter, request, **kwargs):
        sent.append(kwargs["timeout"])
        return adapter_send(adapter, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    assert OpenAIChat(FAST).write_script(REQUEST, make_ctx()).shots
    assert fake.count("chat") == 3  # the 503, the hung one, the answer
    assert sent == [(FAST["connect_timeout"], FAST["read_timeout"]),
                    (FAST["connect_timeout"], HANG_READ_S),
                    (FAST["connect_timeout"], FAST["read_timeout"])]
