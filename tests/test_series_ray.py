"""Seasons on Ray, for real: ``--ray local``, and a two-node local cluster that loses a
worker mid-batch and still makes the same MP4s as a run in this process.

Slow (Ray start-up and demo episodes on two cores), so kept to two tests, which compare
their MP4s with the season the end-to-end tests made in this process, its episodes made
short (``tests.short_season.exported_season``). Skipped only when Ray cannot be imported.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys

import pytest

from tests.ray_cluster import our_processes
from tests.short_season import EPISODES, make_short_season, video_packets

pytest.importorskip("ray")

pytestmark = pytest.mark.timeout(3600)  # Ray start-up and demo episodes on two cores


def shotgraph(args: list[str], env: dict[str, str] | None = None,
              **popen: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            **popen)


def test_ray_local_runs_the_season_on_ray_workers(exported_season, tmp_path):
    make_short_season(tmp_path / "series", EPISODES)
    # "local" starts a Ray of its own: a cluster named elsewhere (here one nobody runs) is
    # not joined, as ray.init() with no address would.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        nobody = f"127.0.0.1:{s.getsockname()[1]}"
    run = shotgraph(["series", "run", str(tmp_path / "series"), "--episodes", "1", "--ray",
                     "local", "--export", str(tmp_path / "out")],
                    env={**os.environ, "RAY_ADDRESS": nobody})
    output, _ = run.communicate(timeout=1800)
    assert run.returncode == 0, output
    last = output.strip().splitlines()[-1]
    assert "1 episodes on Ray (local)" in last
    made = int(last.split("(")[-1].split()[0])
    assert made >= 20  # stills, clips, voices, lip sync, music: made by workers
    assert video_packets(tmp_path / "out" / "ep01.mp4") == exported_season.packets["ep01.mp4"]
    assert "Traceback" not in output


# -- a two-node cluster on this machine (tests/ray_cluster.py) ------------------------


def test_two_node_cluster_survives_a_lost_worker_and_makes_the_same_mp4s(
        exported_season, ray_cluster, tmp_path):
    address, env = ray_cluster.address, ray_cluster.env
    sessions, token = ray_cluster.sessions, ray_cluster.token
    make_short_season(tmp_path / "series", EPISODES)
    run = shotgraph(["series", "run", str(tmp_path / "series"), "--episodes", "1-2", "--ray",
                     address, "--export", str(tmp_path / "out")],
                    env={**env, "PYTHONUNBUFFERED": "1"})
    killed, lines = None, []
    for line in run.stdout:  # each step a worker finished, as the run reports it
        lines.append(line)
        busy = [pid for pid, cmd in our_processes(sessions, token)
                if cmd.startswith("ray::_work")] if killed is None else []
        if busy:  # a worker in the middle of an episode: lose it
            os.kill(busy[0], signal.SIGKILL)
            killed = busy[0]
    run.wait(timeout=2400)
    output = "".join(lines)
    assert killed is not None, output
    assert run.returncode == 0, output
    assert "2 episodes on Ray" in output.strip().splitlines()[-1]
    for name in ("ep01.mp4", "ep02.mp4"):
        assert video_packets(tmp_path / "out" / name) == exported_season.packets[name], name
    made = 0  # the cast's sheets were made once for both episodes
    for episode in ("ep01", "ep02"):
        with sqlite3.connect(tmp_path / "series" / episode / f"{episode}.shotgraph") as db:
            made += db.execute("SELECT count(*) FROM node_run r JOIN node n ON n.id = r.node_id"
                               " WHERE n.type_id = 'character.bible' AND r.status = 'ran'"
                               ).fetchone()[0]
    assert made == 1
