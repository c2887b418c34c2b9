"""The first episode: a cold ``new`` → MP4 of the demo beside the export alone.

    .venv/bin/python bench/first_episode.py [--rounds N] [--template demo]

Each round, in child processes the way a creator runs them:
- cold: ``shotgraph new X --template demo`` then ``shotgraph run X --export X/ep.mp4``
  (script, stills, voices, music, clips, lip sync and the export, nothing cached);
- export alone: another new project whose every node but Edit & Export has run
  (``run --only "Lip sync" --only Music``, not timed), then the same ``run --export``,
  so only the export runs, from an empty segment cache.
The two take turns (so a busy spell hits both alike); the table shows medians of wall
time and of CPU seconds (user + system of the children: steadier on a shared machine),
their ratio (goal: cold ≤ 1.15 × export alone), and the cold run's per-node times.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTGRAPH = [sys.executable, "-m", "app.cli"]
DONE = re.compile(r"^done\s+(?P<node>.+?) \([0-9a-f]+\): .*?(?P<s>[0-9.]+) s$")


def _arg(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def timed(*commands: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (children's user + system) of ``commands`` run in turn."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    output = ""
    for cmd in commands:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd[2:])} failed ({done.returncode}):\n"
                             f"{done.stdout[-1500:]}{done.stderr[-1500:]}")
        output += done.stdout + done.stderr
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, output


def cold(folder: Path, template: str) -> tuple[float, float, str]:
    project = folder / "cold"
    return timed(
        [*SHOTGRAPH, "new", str(project), "--template", template],
        [*SHOTGRAPH, "run", str(project), "--export", str(project / "ep.mp4")],
    )


def export_alone(folder: Path, template: str) -> tuple[float, float, str]:
    project = folder / "warm"
    timed(
        [*SHOTGRAPH, "new", str(project), "--template", template],
        [*SHOTGRAPH, "run", str(project), "--only", "Lip sync", "--only", "Music"],
    )
    wall, cpu, output = timed(
        [*SHOTGRAPH, "run", str(project), "--export", str(project / "ep.mp4")]
    )
    ran = [m["node"] for m in map(DONE.match, output.splitlines()) if m]
    if ran != ["Edit & Export"]:
        raise SystemExit(f"the export-alone run also ran {ran}: the bench is not measuring it")
    return wall, cpu, output


def node_times(output: str) -> dict[str, float]:
    """Seconds per node from ``run``'s ``done`` lines."""
    return {m["node"]: float(m["s"]) for m in map(DONE.match, output.splitlines()) if m}


def main() -> None:
    rounds = max(1, int(_arg("--rounds", "2")))
    template = _arg("--template", "demo")
    os.environ.setdefault("SHOTGRAPH_ENCODER", "libx264")
    load = os.getloadavg()
    print(f"{rounds} rounds of the {template} template; load average {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores", flush=True)
    runs: dict[str, list[tuple[float, float]]] = {"cold new → MP4": [], "export alone": []}
    nodes: list[dict[str, float]] = []
    for r in range(rounds):
        with tempfile.TemporaryDirectory(prefix="sg-first-") as tmp:
            ways = [("cold new → MP4", cold), ("export alone", export_alone)]
            for name, way in ways if r % 2 == 0 else ways[::-1]:
                wall, cpu, output = way(Path(tmp), template)
                runs[name].append((wall, cpu))
                if name.startswith("cold"):
                    nodes.append(node_times(output))
            print(f"round {r + 1}/{rounds}: cold {runs['cold new → MP4'][-1][0]:.1f} s, "
                  f"export alone {runs['export alone'][-1][0]:.1f} s", flush=True)
    rows = {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in runs.items()
    }
    base_wall, base_cpu = rows["export alone"]
    print(f"\n{'way':<18}{'runs':>5}{'wall s':>9}{'CPU s':>9}{'wall ×export':>14}"
          f"{'CPU ×export':>13}")
    for name, (wall, cpu) in rows.items():
        print(f"{name:<18}{rounds:>5}{wall:>9.1f}{cpu:>9.1f}{wall / base_wall:>14.2f}"
              f"{cpu / base_cpu:>13.2f}")
    print("\ncold run, seconds per node (median; nodes overlap, so they do not add up):")
    for node in nodes[0]:
        print(f"  {node:<16}{statistics.median(n.get(node, 0.0) for n in nodes):>7.1f}")
    print(f"\nload average afterwards {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
