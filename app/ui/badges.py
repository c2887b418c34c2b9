"""Node badges: what each node's state is, from plans and run events (no Qt here).

States: stale (must run), queued, running n%, cached (up to date from the cache),
done (ran in the last run), failed. Mapped nodes also show "ready/total" items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.events import (
    Event,
    ItemDone,
    NodeCached,
    NodeDone,
    NodeFailed,
    NodeStarted,
    Plan,
    Progress,
    RunFinished,
)

LABELS = {
    "stale": "stale",
    "blocked": "blocked",
    "queued": "queued",
    "running": "running",
    "cached": "cached",
    "done": "done",
    "failed": "failed",
    "skipped": "skipped",
}
ACTIVE = ("queued", "running")


@dataclass(frozen=True)
class Badge:
    """What a node's badge shows."""

    state: str = "stale"
    text: str = ""
    tooltip: str = ""


@dataclass
class _Track:
    state: str = "stale"
    mapped: bool = False
    total: int | None = None
    ready: int = 0
    to_run: int = 0
    fractions: dict[int, float] = field(default_factory=dict)
    error: str = ""
    blocked: bool = False
    skipped: bool = False


class BadgeBoard:
    """Folds plans and engine events into one badge per node."""

    def __init__(self, labels: dict[str, str] | None = None):
        self.labels = {**LABELS, **(labels or {})}
        self._tracks: dict[str, _Track] = {}

    def badge(self, node_id: str) -> Badge:
        return self._badge(self._tracks.get(node_id, _Track()))

    def forget(self, keep: set[str]) -> None:
        self._tracks = {n: t for n, t in self._tracks.items() if n in keep}

    def invalidate(self, node_ids: set[str]) -> None:
        """These nodes were edited: their last outcome (done, failed) no longer holds."""
        for nid in node_ids:
            track = self._tracks.get(nid)
            if track is not None and track.state not in ACTIVE:
                track.state, track.error, track.skipped = "stale", "", False

    # -- plans ---------------------------------------------------------------------
    def apply_plan(self, plan: Plan) -> dict[str, Badge]:
        """Badges after planning.

        Nodes a running job owns keep their live state, and a failure stays shown
        until the node is edited (``invalidate``).
        """
        changed = {}
        for nid, p in plan.nodes.items():
            track = self._tracks.setdefault(nid, _Track())
            if track.state in (*ACTIVE, "failed"):
                continue
            track.mapped, track.error, track.blocked, track.skipped = (
                p.mapped,
                p.error,
                False,
                False,
            )
            track.total = len(p.items) if p.items is not None else None
            track.ready = (track.total or 0) - len(p.dirty_items)
            if p.error:
                track.state, track.blocked = "stale", True
            elif p.dirty:
                track.state = "stale"
            elif track.state != "done":
                track.state = "cached"
            changed[nid] = self._badge(track)
        return changed

    def start_run(self, plan: Plan) -> dict[str, Badge]:
        """Every node that will run is queued."""
        self.apply_plan(plan)
        changed = {}
        for nid in plan.dirty:
            track = self._tracks[nid]
            track.state, track.error, track.fractions = "queued", "", {}
            changed[nid] = self._badge(track)
        return changed

    # -- events --------------------------------------------------------------------
    def apply_event(self, event: Event) -> dict[str, Badge]:
        if isinstance(event, RunFinished):
            return self._finish()
        track = self._tracks.setdefault(event.node_id, _Track())
        handler = _HANDLERS.get(type(event))
        if handler is None:
            return {}
        handler(track, event)
        return {event.node_id: self._badge(track)}

    def _finish(self) -> dict[str, Badge]:
        changed = {}
        for nid, track in self._tracks.items():
            if track.state in ACTIVE:  # cancelled before it ended
                track.state, track.fractions = "stale", {}
                changed[nid] = self._badge(track)
        return changed

    def problems(self) -> list[tuple[str, str, str]]:
        """(node id, "failed" or "blocked", why) of every node that failed or cannot run.

        Nodes skipped because something upstream failed are left out: the upstream
        failure is the problem to fix.
        """
        found = []
        for nid, t in self._tracks.items():
            if t.state == "failed" and not t.skipped:
                found.append((nid, "failed", t.error))
            elif t.blocked and t.error:
                found.append((nid, "blocked", t.error))
        return found

    # -- text ----------------------------------------------------------------------
    def _badge(self, t: _Track) -> Badge:
        label = self.labels["blocked" if t.blocked else "skipped" if t.skipped else t.state]
        if t.state == "running":
            label = f"{label} {self._percent(t)}%"
        if t.mapped and t.total is not None and t.state != "failed":
            label = f"{label} {t.ready}/{t.total}"
        # skipped (something upstream failed) is not this node's failure: grey, not red
        return Badge("skipped" if t.skipped and t.state == "failed" else t.state, label, t.error)

    @staticmethod
    def _percent(t: _Track) -> int:
        if t.to_run <= 0:
            return 0
        ran = t.ready - ((t.total or 0) - t.to_run)
        return int(100 * min(1.0, (ran + sum(t.fractions.values())) / t.to_run))


def _started(t: _Track, e: NodeStarted) -> None:
    t.state, t.total, t.to_run, t.fractions, t.error = "running", e.total, e.to_run, {}, ""
    t.ready = e.total - e.to_run
    t.mapped = t.mapped or e.total > 1


def _progress(t: _Track, e: Progress) -> None:
    t.fractions[e.item_index] = e.fraction


def _item_done(t: _Track, e: ItemDone) -> None:
    t.fractions.pop(e.item_index, None)
    t.ready += 0 if e.cached else 1


def _cached(t: _Track, e: NodeCached) -> None:
    t.state, t.total, t.ready, t.fractions = "cached", e.total, e.total, {}


def _done(t: _Track, e: NodeDone) -> None:
    t.state, t.fractions = "done", {}
    t.total = t.ready = e.ran + e.cached


def _failed(t: _Track, e: NodeFailed) -> None:
    t.state, t.error, t.skipped, t.fractions = "failed", e.error, e.skipped, {}


_HANDLERS = {
    NodeStarted: _started,
    Progress: _progress,
    ItemDone: _item_done,
    NodeCached: _cached,
    NodeDone: _done,
    NodeFailed: _failed,
}
