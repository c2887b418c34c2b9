"""Fallbacks: the next provider on auth/quota/rate refusals, never after possibly-paid work."""

from __future__ import annotations

import pytest

from nodes.providers.base import ErrorKind, ProviderError, register_provider
from nodes.providers.fallback import FallbackChain, with_fallback
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.runway import RUNWAY_KEY, FakeRunway
from tests.providers.conftest import FAST


class Scripted:
    """A provider that fails with the given kind (or succeeds when it is None)."""

    capability = "video"
    max_concurrency = 1
    calls: list[str] = []

    def __init__(self, name: str, kind: ErrorKind | None):
        self.name, self.kind = name, kind

    def identity(self):
        return {"provider": self.name}

    def animate(self, *args):
        Scripted.calls.append(self.name)
        if self.kind is not None:
            raise ProviderError(self.name, self.kind, f"{self.name} says {self.kind}")
        return self.name


@pytest.fixture(autouse=True)
def scripted():
    Scripted.calls = []
    for name, kind in (
        ("t-auth", ErrorKind.AUTH),
        ("t-quota", ErrorKind.QUOTA),
        ("t-rate", ErrorKind.RATE),
        ("t-transient", ErrorKind.TRANSIENT),
        ("t-moderation", ErrorKind.MODERATION),
        ("t-ok", None),
    ):
        register_provider("video", name, lambda options, n=name, k=kind: Scripted(n, k))


def test_moves_on_after_refusals_in_order():
    found = with_fallback("video", ["t-auth", "t-quota", "t-rate", "t-ok"], lambda p: p.animate())
    assert found.provider == "t-ok" and found.value == "t-ok"
    assert [name for name, _ in found.skipped] == ["t-auth", "t-quota", "t-rate"]
    assert Scripted.calls == ["t-auth", "t-quota", "t-rate", "t-ok"]


@pytest.mark.parametrize("name", ["t-transient", "t-moderation"])
def test_stops_where_work_may_have_been_paid_or_refused(name):
    with pytest.raises(ProviderError) as caught:
        with_fallback("video", [name, "t-ok"], lambda p: p.animate())
    assert caught.value.provider == name
    assert Scripted.calls == [name]


def test_widened_kinds():
    found = with_fallback(
        "video",
        ["t-moderation", "t-ok"],
        lambda p: p.animate(),
        kinds=frozenset({ErrorKind.MODERATION}),
    )
    assert found.provider == "t-ok"


def test_all_failing_lists_every_reason():
    with pytest.raises(ProviderError) as caught:
        with_fallback("video", ["t-auth", "t-quota"], lambda p: p.animate())
    assert (
        "t-auth says auth" in caught.value.message and "t-quota says quota" in caught.value.message
    )


def test_chain_with_real_providers_records_who_made_the_clip(
    monkeypatch, start_fake, make_ctx, shot, still, out_dir
):
    """Kling has no key configured, so Runway makes the clip; the take says so."""
    monkeypatch.setenv("SHOTGRAPH_RUNWAY_API_KEY", RUNWAY_KEY)
    kling = start_fake(FakeKling, "kling")
    start_fake(FakeRunway, "runway")
    chain = FallbackChain("video", ["kling", "runway"], {"kling": FAST, "runway": FAST})
    out = chain.animate(still, shot, 1, make_ctx(), out_dir / "c.mp4")
    assert out.meta["provider"] == "runway" and out.meta["skipped"] == ["kling"]
    assert kling.count("submit") == 0
    assert [i["provider"] for i in chain.identity()["chain"]] == ["kling", "runway"]

    monkeypatch.setenv("SHOTGRAPH_KLING_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("SHOTGRAPH_KLING_SECRET_KEY", SECRET_KEY)
    out = chain.animate(still, shot, 2, make_ctx(), out_dir / "d.mp4")
    assert out.meta["provider"] == "kling"
