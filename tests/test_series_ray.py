"""Seasons on Ray, for real: ``--ray local``, and a two-node local cluster that loses a
worker mid-batch and still makes the same MP4s as a run in this process.

Slow (Ray start-up and demo episodes on two cores), so kept to two tests sharing one
in-process reference season, its episodes made short (``tests.short_season``). Skipped
only when Ray cannot be imported.
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

from app import cli
from tests.short_season import make_short_season

pytest.importorskip("ray")

pytestmark = pytest.mark.timeout(3600)  # Ray start-up and demo episodes on two cores
RAY = str(Path(sys.executable).with_name("ray"))
START_TIMEOUT = 180  # seconds for a Ray node to come up on a loaded two-core machine


def shotgraph(args: list[str], env: dict[str, str] | None = None,
              **popen: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            **popen)


def video_packets(mp4: Path) -> list[bytes]:
    with av.open(str(mp4)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Two short episodes made in this process: what Ray must reproduce byte for byte."""
    root = tmp_path_factory.mktemp("reference")
    make_short_season(root / "series", 2)
    result = CliRunner().invoke(cli.cli, ["series", "run", str(root / "series"), "--export",
                                          str(root / "out")])
    assert result.exit_code == 0, result.output
    return {name: video_packets(root / "out" / name) for name in ("ep01.mp4", "ep02.mp4")}


def test_ray_local_runs_the_season_on_ray_workers(reference, tmp_path):
    make_short_season(tmp_path / "series", 2)
    run = shotgraph(["series", "run", str(tmp_path / "series"), "--episodes", "1", "--ray",
                     "local", "--export", str(tmp_path / "out")])
    output, _ = run.communicate(timeout=1800)
    assert run.returncode == 0, output
    last = output.strip().splitlines()[-1]
    assert "1 episodes on Ray (local)" in last
    made = int(last.split("(")[-1].split()[0])
    assert made >= 20  # stills, clips, voices, lip sync, music: made by workers
    assert video_packets(tmp_path / "out" / "ep01.mp4") == reference["ep01.mp4"]
    assert "Traceback" not in output


# -- a two-node cluster on this machine -----------------------------------------------------


WORKER_PORTS = 40  # each node's range for its workers
NODE_BLOCK = 8 + WORKER_PORTS  # a node's own ports, then its workers' range
BLOCK = 2 + 2 * NODE_BLOCK  # the head's GCS and client ports, then two nodes


def free_ports(count: int = BLOCK) -> list[int]:
    """``count`` consecutive free ports below the kernel's ephemeral range.

    The kernel hands out ephemeral ports to every ``bind(0)`` and outgoing connection
    (the other test worker's fake servers and clients among them), so ports picked there
    could be taken again before Ray binds them, and a worker range above a picked port was
    never checked at all. Below the range nobody is given them unasked.
    """
    low_ephemeral = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(10_000, low_ephemeral - count)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
        return list(range(base, base + count))
    raise AssertionError(f"no {count} free consecutive ports below {low_ephemeral}")


def node_ports(ports: list[int]) -> list[str]:
    """A node's ports from its block: six of its own, then its workers' range."""
    manager, objects, agent, agent_grpc, metrics, runtime_env = ports[:6]
    low = ports[8]
    return [f"--node-manager-port={manager}", f"--object-manager-port={objects}",
            f"--dashboard-agent-listen-port={agent}", f"--dashboard-agent-grpc-port={agent_grpc}",
            f"--metrics-export-port={metrics}", f"--runtime-env-agent-port={runtime_env}",
            f"--min-worker-port={low}", f"--max-worker-port={low + WORKER_PORTS - 1}"]


def our_processes(sessions: set[int], token: str) -> list[tuple[int, str]]:
    """(pid, command line) of every live process of this test's cluster: in the sessions
    its `ray start` commands began, or carrying its token (Ray's workers)."""
    found = []
    mark = f"RAY_AUTH_TOKEN={token}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            sid = int(stat.rsplit(")", 1)[1].split()[4])
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            ours = sid in sessions or mark in (entry / "environ").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ours:
            found.append((int(entry.name), cmd))
    return found


def alive_nodes(address: str, env: dict[str, str]) -> int:
    probe = subprocess.run(
        [sys.executable, "-c", f"import ray; ray.init(address={address!r}, "
         "log_to_driver=False); print(sum(n['Alive'] for n in ray.nodes()))"],
        env=env, capture_output=True, text=True, timeout=120)
    lines = probe.stdout.strip().splitlines()
    return int(lines[-1]) if probe.returncode == 0 and lines else 0


@pytest.fixture
def cluster():
    """`ray start --head` plus a second `ray start --address`, on other ports; both in
    sessions of their own, so the teardown stops exactly what it started."""
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(16)}
    temp = tempfile.mkdtemp(prefix="sgray-", dir="/tmp")  # short: Ray's socket paths
    ports = free_ports()
    address = f"127.0.0.1:{ports[0]}"
    head = subprocess.Popen(
        [RAY, "start", "--head", "--block", f"--port={ports[0]}", "--num-cpus=1",
         "--include-dashboard=false", f"--temp-dir={temp}",
         f"--ray-client-server-port={ports[1]}", *node_ports(ports[2:2 + NODE_BLOCK])],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [head]
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while alive_nodes(address, env) < 1:
            assert head.poll() is None and time.monotonic() < deadline, "the head did not start"
        second = subprocess.Popen(
            [RAY, "start", "--block", f"--address={address}", "--num-cpus=1",
             *node_ports(ports[2 + NODE_BLOCK:])],
            env=env, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        procs.append(second)
        while alive_nodes(address, env) < 2:
            assert second.poll() is None and time.monotonic() < deadline, \
                "the second node did not join"
        yield address, env, {p.pid for p in procs}, env["RAY_AUTH_TOKEN"]
    finally:
        # Killed, not stopped: a graceful stop is not under test here, and took half a
        # minute (each raylet drains and waits on the head's GCS, which stops too).
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        for proc in procs:
            proc.wait()
        for pid, cmd in our_processes({p.pid for p in procs}, env["RAY_AUTH_TOKEN"]):
            if "app.cli" not in cmd:
                with contextlib.suppress(ProcessLookupError):  # it may have just ended
                    os.kill(pid, signal.SIGKILL)  # anything of this cluster elsewhere
        shutil.rmtree(temp, ignore_errors=True)


def test_two_node_cluster_survives_a_lost_worker_and_makes_the_same_mp4s(
        reference, cluster, tmp_path):
    address, env, sessions, token = cluster
    make_short_season(tmp_path / "series", 2)
    run = shotgraph(["series", "run", str(tmp_path / "series"), "--ray", address, "--export",
                     str(tmp_path / "out")], env={**env, "PYTHONUNBUFFERED": "1"})
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
        assert video_packets(tmp_path / "out" / name) == reference[name], name
    made = 0  # the cast's sheets were made once for both episodes
    for episode in ("ep01", "ep02"):
        with sqlite3.connect(tmp_path / "series" / episode / f"{episode}.shotgraph") as db:
            made += db.execute("SELECT count(*) FROM node_run r JOIN node n ON n.id = r.node_id"
                               " WHERE n.type_id = 'character.bible' AND r.status = 'ran'"
                               ).fetchone()[0]
    assert made == 1
