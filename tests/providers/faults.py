"""The fault matrix shared by the per-capability tests.

A case names faults per route of the fake, scenario modes, and the outcome: ``"ok"``
(a retry recovered) or the ``ErrorKind`` the creator sees. ``submits`` is how many
submit requests the fake must have received (a paid submit is never blindly re-sent):
only a 429 proves a paid submit was not accepted; a 503, a 500, a broken connection, a
timeout or an unreadable answer may hide accepted (billed) work, so they end as
``UNCONFIRMED``, unless the provider can look the work up, when ``-after`` faults
(the work was made, the answer lost) end with the work adopted and paid for once.

Build the provider with ``case.options()``: generous timeouts (the one request a fake
hangs on until released is sent with a short read timeout by ``start_fake``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.core.providers import ErrorKind, ProviderError
from tests.fakes.server import FakeService
from tests.providers.conftest import FAST, leftovers

OK = "ok"


@dataclass(frozen=True)
class Case:
    id: str
    faults: dict[str, tuple[str, ...]] = field(default_factory=dict)
    modes: frozenset[str] = frozenset()
    outcome: str | ErrorKind = OK
    submits: int | None = None

    def param(self) -> Any:
        return pytest.param(self, id=self.id)

    def options(self, base: dict[str, Any] | None = None) -> dict[str, Any]:
        """Provider options for this case (a hung request gives up soon: ``start_fake``)."""
        return dict(base or FAST)


UNCONFIRMED = ErrorKind.UNCONFIRMED


def async_task_cases(
    submit: str = "submit",
    poll: str = "poll",
    download: str = "download",
    moderation_mode: str = "moderation",
    lookup: bool = False,
) -> list[Any]:
    """Faults every async-task provider (submit → poll → download) must survive or report.

    ``lookup``: the provider finds a submit whose answer was lost (by its external id,
    prompt id or idempotency key), so work made before a broken answer is adopted.
    """
    found = OK if lookup else UNCONFIRMED
    cases = [
        Case("happy", submits=1),
        Case("submit-429-retried", {submit: ("429",)}, submits=2),
        Case("submit-503-not-resent", {submit: ("503",)}, outcome=UNCONFIRMED, submits=1),
        Case("submit-500-not-resent", {submit: ("500",)}, outcome=UNCONFIRMED, submits=1),
        Case("submit-reset-not-resent", {submit: ("reset",)}, outcome=UNCONFIRMED, submits=1),
        Case("submit-timeout-not-resent", {submit: ("timeout",)}, outcome=UNCONFIRMED, submits=1),
        Case("submit-malformed", {submit: ("malformed",)}, outcome=UNCONFIRMED, submits=1),
        Case("submit-503-after-made", {submit: ("503-after",)}, outcome=found, submits=1),
        Case("submit-timeout-after-made", {submit: ("timeout-after",)}, outcome=found, submits=1),
        Case("submit-401", {submit: ("401",)}, outcome=ErrorKind.AUTH, submits=1),
        Case("poll-faults-retried", {poll: ("429", "500", "503")}, submits=1),
        Case("poll-reset-timeout-malformed", {poll: ("reset", "timeout", "malformed")}, submits=1),
        Case("poll-401", {poll: ("401",)}, outcome=ErrorKind.AUTH, submits=1),
        Case(
            "task-failed",
            modes=frozenset({"task_failed"}),
            outcome=ErrorKind.TASK_FAILED,
            submits=1,
        ),
        Case("moderation", modes=frozenset({moderation_mode}), outcome=ErrorKind.MODERATION),
        Case("task-gone", modes=frozenset({"gone"}), outcome=ErrorKind.NOT_FOUND, submits=1),
        Case("download-expired", modes=frozenset({"expired"}), outcome=ErrorKind.NOT_FOUND),
        Case("download-oversized", modes=frozenset({"oversized"}), outcome=ErrorKind.TASK_FAILED),
        Case("download-wrong-type", modes=frozenset({"wrong_type"}), outcome=ErrorKind.TASK_FAILED),
        Case("download-reset-retried", {download: ("reset", "timeout")}),
    ]
    return [c.param() for c in cases]


def sync_call_cases(route: str, moderation_mode: str = "moderation") -> list[Any]:
    """Faults a paid synchronous call (TTS, gpt-image-1, music) must survive or report."""
    cases = [
        Case("happy", submits=1),
        Case("429-retried", {route: ("429",)}, submits=2),
        Case("503-not-resent", {route: ("503",)}, outcome=UNCONFIRMED, submits=1),
        Case("500-not-resent", {route: ("500",)}, outcome=UNCONFIRMED, submits=1),
        Case("reset-not-resent", {route: ("reset",)}, outcome=UNCONFIRMED, submits=1),
        Case("timeout-not-resent", {route: ("timeout",)}, outcome=UNCONFIRMED, submits=1),
        Case("401", {route: ("401",)}, outcome=ErrorKind.AUTH, submits=1),
        Case("moderation", modes=frozenset({moderation_mode}), outcome=ErrorKind.MODERATION),
        Case("oversized", modes=frozenset({"oversized"}), outcome=ErrorKind.TASK_FAILED),
        Case("wrong-type", modes=frozenset({"wrong_type"}), outcome=ErrorKind.TASK_FAILED),
    ]
    return [c.param() for c in cases]


def run_case(
    case: Case,
    fake: FakeService,
    call: Callable[[], Any],
    out_dir: Path,
    submit_route: str = "submit",
) -> Any:
    """Apply the case to ``fake``, run ``call`` and check the outcome and the output dir."""
    for route, kinds in case.faults.items():
        fake.fault(route, *kinds)
    fake.modes |= set(case.modes)
    if case.outcome == OK:
        result = call()
        assert result.path.is_file() and result.path.stat().st_size > 0
        assert leftovers(out_dir) == [result.path.name]
    else:
        with pytest.raises(ProviderError) as caught:
            call()
        assert caught.value.kind == case.outcome, caught.value.message
        assert caught.value.message, "an error must say what happened"
        if case.outcome is UNCONFIRMED:
            assert "may have been accepted and billed" in caught.value.message
        assert leftovers(out_dir) == [], "a failed call left files behind"
        result = caught.value
    if case.submits is not None:
        assert fake.count(submit_route) == case.submits
    return result
