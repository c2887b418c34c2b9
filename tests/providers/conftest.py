"""Provider test fixtures: real media, fake servers on 127.0.0.1, a run context, fast options."""

from __future__ import annotations

import io
import subprocess
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest
import requests
from PIL import Image

from app.core.node_api import Media, RunContext
from app.core.screenplay import Character, ShotCard
from nodes.providers import keys
from nodes.providers.tasks import MemoryJournal
from tests.fakes.server import FakeService

# Quick polls and backoffs so the provider suite stays fast (it waits more than it
# works: the backoffs and hung reads were 14 of its 55 s alone), but generous timeouts: an
# answer that merely comes late on a busy machine must never fail a test. A test of a
# timeout queues a ``timeout`` fault: its fake never answers that request until released
# (``fake.release()``, at the end of the test), and ``start_fake`` sends that one request,
# and only it, with a read timeout of HANG_READ_S, so the client gives up soon however
# slow or fast the machine is; the client sees that timeout only once the fake has reached
# its hang (after making the work, for a ``timeout-after``).
FAST = {
    "connect_timeout": 30.0,
    "read_timeout": 60.0,
    "max_retries": 3,
    "backoff_s": 0.01,
    "max_backoff_s": 2.0,
    "poll_interval_s": 0.02,
    "max_download_mb": 1.0,
}
HANG_READ_S = 0.05


def _png(width: int = 360, height: int = 640) -> bytes:
    gradient = np.linspace(0, 255, width * height * 3, dtype=np.float32).reshape(height, width, 3)
    buffer = io.BytesIO()
    Image.fromarray(gradient.astype(np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def _wav(seconds: float = 0.5, rate: int = 24000) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buffer.getvalue()


def _ffmpeg(tmp: Path, args: list[str], name: str) -> bytes:
    out = tmp / name
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *args, str(out)], check=True, timeout=60
    )
    return out.read_bytes()


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Real media bytes the fakes serve: PNG (Pillow), WAV (numpy), MP4 and MP3 (ffmpeg)."""
    tmp = tmp_path_factory.mktemp("media")
    mp4 = _ffmpeg(
        tmp,
        [
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=180x320:rate=10:duration=1",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
        ],
        "clip.mp4",
    )
    mp3 = _ffmpeg(
        tmp,
        ["-f", "lavfi", "-i", "sine=frequency=330:duration=1", "-c:a", "libmp3lame", "-b:a", "64k"],
        "score.mp3",
    )
    return {"png": _png(), "wav": _wav(), "mp4": mp4, "mp3": mp3}


@pytest.fixture(autouse=True)
def no_real_services(monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring, no proxies and no real base URL: everything points at fakes or nowhere."""
    monkeypatch.setattr(keys, "keyring_secret", lambda provider: None)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("SHOTGRAPH_HTTP_TRUST_ENV", "0")
    for name in (
        "openai",
        "qwen",
        "deepseek",
        "ollama",
        "dashscope",
        "kling",
        "runway",
        "midjourney",
        "suno",
        "comfyui",
        "elevenlabs",
        "synclabs",
        "dashscope-beijing",
    ):
        monkeypatch.setenv(keys.env_name(name, "BASE_URL"), "http://127.0.0.1:9")  # discard port


@pytest.fixture
def start_fake(
    media: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., FakeService]]:
    """``start_fake(FakeClass, provider_name)`` starts a fake and points the provider at it."""
    started: list[FakeService] = []
    send = requests.Session.request

    def request(session: requests.Session, method: str, url: str, *args: Any,
                **kwargs: Any) -> requests.Response:
        where = urlsplit(url)
        hanging = [f for f in started
                   if f.port == where.port and f.hangs_next(method.upper(), where.path)]
        if not hanging:
            return send(session, method, url, *args, **kwargs)
        # The fake will not answer: give up soon on this one, but only once the fake has
        # reached its hang, so the work of a "timeout-after" is made before the client
        # acts on the timeout (a lookup then finds it however slow the fake's thread was).
        fake = hanging[0]
        with fake.arrived:
            target = fake.hung + 1
        timeout = kwargs.get("timeout")
        connect = timeout[0] if isinstance(timeout, tuple) else timeout
        kwargs["timeout"] = (connect, HANG_READ_S)
        try:
            return send(session, method, url, *args, **kwargs)
        finally:
            assert fake.hanging(target), "the fake never reached the hang it was given"

    monkeypatch.setattr(requests.Session, "request", request)

    def start(cls: type[FakeService], provider: str, path: str = "") -> FakeService:
        fake = cls(media).start()
        started.append(fake)
        monkeypatch.setenv(keys.env_name(provider, "BASE_URL"), fake.url + path)
        return fake

    yield start
    for fake in started:
        fake.stop()
    problems = [f"{type(f).__name__}: {v}" for f in started for v in f.violations]
    assert not problems, "fake servers saw bad requests:\n" + "\n".join(problems)


class Calls:
    """Collects ``ctx.record_call`` rows."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def __call__(self, provider: str, **fields: Any) -> None:
        self.rows.append({"provider": provider, **fields})


@pytest.fixture
def journal() -> MemoryJournal:
    return MemoryJournal()


@pytest.fixture
def make_ctx(tmp_path: Path, journal: MemoryJournal) -> Callable[..., RunContext]:
    def make(**overrides: Any) -> RunContext:
        ctx = RunContext(
            node_id="n1", temp_dir=tmp_path / "scratch", tasks=journal, record_call=Calls()
        )
        for key, value in overrides.items():
            setattr(ctx, key, value)
        return ctx

    return make


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture
def shot() -> ShotCard:
    cast = [Character(id="mei", name="Mei", look="red coat, short black hair", voice="female, low")]
    return ShotCard(
        id="s01",
        description="Mei opens the letter in the rain",
        camera="push_in",
        characters=["mei"],
        speaker="mei",
        line="It was you all along.",
        duration=4.0,
        cast=cast,
        style="moody neon film still",
    )


@pytest.fixture
def still(tmp_path: Path, media: dict[str, bytes]) -> Media:
    path = tmp_path / "still.png"
    path.write_bytes(media["png"])
    return Media(hash="a" * 64, path=path, kind="image", mime="image/png", width=360, height=640)


def leftovers(directory: Path, keep: set[str] = frozenset()) -> list[str]:
    """Files in ``directory`` other than ``keep``: partial downloads must never stay."""
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)
