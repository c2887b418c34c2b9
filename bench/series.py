"""A season's speed: 4 episodes in process vs ``--ray local``, and a simulated 100-episode
season on real services.

Part 1 makes two identical series from the demo template (30-second episodes unless
``--length``) and runs ``shotgraph series run`` on each: once in process, once with
``--ray local``; wall time and the peak RSS of the command's whole process tree (Ray's
workers included).

Part 2 plans a 100-episode season without running it: the series' offline writer
writes each episode's script (the planner evaluates it in memory), so every episode's
shots are known; their stills, clips, voices, lip syncs and score go to real services
(Kling video and lip sync, Wan images, ElevenLabs voices, Suno music). A scheduling
simulation then runs those calls with each provider's concurrency limit held across the
season (as ``SeasonLimiter`` does) and the typical task time of the model table
(``typical_seconds`` in resources/models.json), and prints calls, estimated cost and
wall time per provider.

Run: .venv/bin/python bench/series.py [--episodes 4] [--length 30] [--simulate 100]
     [--skip-runs]
"""

from __future__ import annotations

import argparse
import heapq
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from export import measure  # noqa: E402

from app.core import costs, prices  # noqa: E402
from app.core.providers import models, resolve  # noqa: E402
from app.core.series.season import Series, spec_from_template  # noqa: E402
from app.core.templates import load_template  # noqa: E402
from nodes.providers.local.outline_writer import OutlineRequest, write_outline  # noqa: E402
from nodes.registry import default_registry  # noqa: E402

SHOTGRAPH = [sys.executable, "-m", "app.cli"]
# The services a real season would use, per step of an episode.
SERVICES = {
    "script": ("chat", "openai"), "still": ("image", "dashscope"),
    "clip": ("video", "kling"), "voice": ("speech", "elevenlabs"),
    "lipsync": ("lipsync", "kling"), "music": ("music", "suno"),
    "cast": ("image", "dashscope"),
}


# -- part 1: real runs -----------------------------------------------------------------------
def make_series(folder: Path, episodes: int, length: float) -> None:
    subprocess.run([*SHOTGRAPH, "series", "new", str(folder), "--episodes", str(episodes)],
                   check=True, capture_output=True)
    spec = json.loads((folder / "series.json").read_text())
    spec["writer"]["length_s"] = length
    (folder / "series.json").write_text(json.dumps(spec))


def real_runs(episodes: int, length: float) -> None:
    print(f"== {episodes}-episode season ({length:g} s episodes, demo template, offline) ==")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-series-") as tmp:
        for how, extra in (("in process", []), ("--ray local", ["--ray", "local"])):
            folder = Path(tmp) / how.replace(" ", "-").strip("-")
            make_series(folder, episodes, length)
            wall, rss, out = measure([*SHOTGRAPH, "series", "run", str(folder), *extra,
                                      "--export", str(folder / "out")])
            made = len(list((folder / "out").glob("*.mp4")))
            rows.append((how, wall, rss, made, out.strip().splitlines()[-1]))
    print(f"{'how':<14}{'wall s':>9}{'peak RSS MB':>13}{'MP4s':>6}")
    for how, wall, rss, made, _ in rows:
        print(f"{how:<14}{wall:>9.1f}{rss:>13.0f}{made:>6}")
    for how, *_, last in rows:
        print(f"  {how}: {last}")


# -- part 2: a simulated season -------------------------------------------------------------------
@dataclass
class Task:
    episode: int
    step: str
    seconds: float  # billed amount: clip or line seconds (for the cost)
    characters: int = 0
    after: list[int] = field(default_factory=list)  # indices of tasks it waits for


def season_tasks(count: int) -> tuple[list[Task], float]:
    """The calls of a ``count``-episode season, from its planned scripts; and plan seconds."""
    template = load_template("demo")
    template["name"] = "demo"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-season-") as tmp:
        cast = [c["name"] for n in template["nodes"] if n["type"] == "character.bible"
                for c in n["params"]["characters"]]
        outline = write_outline(OutlineRequest(template["nodes"][0]["params"]["premise"], count,
                                               tuple(cast)))
        spec = spec_from_template(template, outline, "Simulated season")
        series = Series.create(Path(tmp) / "season", default_registry(), template, spec)
        from app.core import engine as eng

        tasks = [Task(0, "cast", 0.0) for _ in cast]  # made once for the whole season
        for number in series.numbers:
            engine = eng.Engine(series.episode(number))
            plan = engine.plan()
            writer = next(n for n in plan.order
                          if plan.graph.node(n).type_id == "script.write")
            script = engine.peek(plan.nodes[writer].outputs["script"])
            tasks.append(Task(number, "script", 0.0))
            head = len(tasks) - 1
            tasks.append(Task(number, "music", script_seconds(script), after=[head]))
            for shot in script["shots"]:
                tasks.append(Task(number, "still", 0.0, after=[head, *range(len(cast))]))
                still = len(tasks) - 1
                tasks.append(Task(number, "clip", shot["duration"], after=[still]))
                clip = len(tasks) - 1
                if shot.get("line"):
                    tasks.append(Task(number, "voice", shot["duration"],
                                      characters=len(shot["line"]), after=[head]))
                    voice = len(tasks) - 1
                    tasks.append(Task(number, "lipsync", shot["duration"],
                                      after=[clip, voice]))
        series.close()
    return tasks, time.perf_counter() - started


def script_seconds(script: dict) -> float:
    return sum(s["duration"] for s in script["shots"])


def task_cost(task: Task) -> float | None:
    capability, provider = SERVICES[task.step]
    model = models.default_model(provider, capability)
    found = costs.price_of(provider, model, capability)
    if found is None:
        return None
    unit, price = found
    spec = models.spec(provider, capability, model)
    amounts = {"second": spec.billed_seconds(task.seconds) if task.seconds else 0.0,
               "1k_characters": task.characters / 1000, "1k_tokens": 2.0}
    return price * amounts.get(unit, 1.0)


def simulate(tasks: list[Task]) -> dict[str, dict[str, float]]:
    """List scheduling: a task starts when what it waits for is done and its provider has
    a free slot (the season-wide limit); episodes in order. Returns per provider: calls,
    limit, latency, busy seconds and the time its last task finished."""
    limits, latency = {}, {}
    for capability, provider in SERVICES.values():
        key = f"{provider}:{capability}"
        limits[key] = resolve(capability, provider, {}).max_concurrency
        latency[key] = models.typical_seconds(provider, capability) or 60.0
    slot = {i: "{1}:{0}".format(*SERVICES[t.step]) for i, t in enumerate(tasks)}
    waiting = {i: len(t.after) for i, t in enumerate(tasks)}
    children: dict[int, list[int]] = {}
    for i, t in enumerate(tasks):
        for dep in t.after:
            children.setdefault(dep, []).append(i)
    ready: dict[str, list[int]] = {k: [] for k in limits}
    for i in range(len(tasks)):
        if not waiting[i]:
            heapq.heappush(ready[slot[i]], i)
    busy = {k: 0 for k in limits}
    running: list[tuple[float, int]] = []
    stats = {k: {"calls": 0, "limit": limits[k], "latency": latency[k], "last": 0.0}
             for k in limits}
    now = 0.0
    while any(ready.values()) or running:
        for key, queue in ready.items():
            while queue and busy[key] < limits[key]:
                i = heapq.heappop(queue)
                busy[key] += 1
                heapq.heappush(running, (now + latency[key], i))
        now, done = heapq.heappop(running)
        key = slot[done]
        busy[key] -= 1
        stats[key]["calls"] += 1
        stats[key]["last"] = now
        for child in children.get(done, []):
            waiting[child] -= 1
            if not waiting[child]:
                heapq.heappush(ready[slot[child]], child)
    stats["_season"] = {"last": now}
    return stats


def simulated_season(count: int) -> None:
    print(f"\n== simulated {count}-episode season on real services (nothing is sent) ==")
    tasks, planning = season_tasks(count)
    stats = simulate(tasks)
    cost: dict[str, float] = {}
    for t in tasks:
        key = "{1}:{0}".format(*SERVICES[t.step])
        cost[key] = cost.get(key, 0.0) + (task_cost(t) or 0.0)
    currency = costs.currency()
    print(f"planned {count} episodes ({len(tasks)} calls) in {planning:.1f} s; prices from "
          f"{prices.price_table_path().name}, task times from models.json typical_seconds")
    print(f"{'provider':<20}{'calls':>7}{'limit':>7}{'task s':>8}{'cost':>12}"
          f"{'busy until':>13}")
    for key, s in stats.items():
        if key.startswith("_") or not s["calls"]:
            continue
        print(f"{key:<20}{s['calls']:>7}{s['limit']:>7}{s['latency']:>8.0f}"
              f"{costs.fmt_money(cost[key], currency):>12}{hours(s['last']):>13}")
    total = sum(cost.values())
    print(f"season: {costs.fmt_money(total, currency)}, estimated wall time "
          f"{hours(stats['_season']['last'])} ({costs.fmt_money(total / count, currency)} "
          "per episode)")


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=4)
    parser.add_argument("--length", type=float, default=30.0)
    parser.add_argument("--simulate", type=int, default=100)
    parser.add_argument("--skip-runs", action="store_true", help="only the simulation")
    args = parser.parse_args()
    if not args.skip_runs:
        real_runs(args.episodes, args.length)
    simulated_season(args.simulate)


if __name__ == "__main__":
    main()
