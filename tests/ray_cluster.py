"""A two-node Ray cluster on this machine for the tests that use ``ray_cluster``.

`ray start --head` plus a second `ray start --address`, on a checked block of ports, with
a token of their own; both in sessions of their own, so stopping it ends exactly what it
started. Starting one takes half a minute on two cores, so tests that run one after
another share one: it is started for the first of them and killed after the last
(``pytest_runtest_teardown`` looks at the next test). A plugin of tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

RAY = str(Path(sys.executable).with_name("ray"))
START_TIMEOUT = 180  # seconds for a Ray node to come up on a loaded two-core machine
WORKER_PORTS = 40  # each node's range for its workers
NODE_BLOCK = 8 + WORKER_PORTS  # a node's own ports, then its workers' range
BLOCK = 2 + 2 * NODE_BLOCK  # the head's GCS and client ports, then two nodes
STARTED = "Ray runtime started."  # what `ray start` prints once its node is up


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
    """(pid, command line) of every live process of a cluster: in the sessions its
    `ray start` commands began, or carrying its token (Ray's workers)."""
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


def _start_node(args: list[str], env: dict[str, str],
                deadline: float) -> tuple[subprocess.Popen, bool]:
    """`ray start --block ARGS`, once it says its node is up (True) or has ended (False)."""
    proc = subprocess.Popen([RAY, "start", "--block", *args], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8",
                            errors="replace")
    said, done = threading.Event(), threading.Event()

    def read() -> None:  # and keep reading, so its pipe never fills
        for line in proc.stdout:
            if STARTED in line:
                said.set()
                done.set()
        done.set()  # it ended

    threading.Thread(target=read, name="ray-start-output", daemon=True).start()
    done.wait(max(0.0, deadline - time.monotonic()))
    return proc, said.is_set()


@dataclass
class Cluster:
    address: str
    env: dict[str, str]  # what a driver of it needs (its token)
    procs: list[subprocess.Popen]
    temp: str

    @property
    def sessions(self) -> set[int]:
        return {p.pid for p in self.procs}

    @property
    def token(self) -> str:
        return self.env["RAY_AUTH_TOKEN"]

    @classmethod
    def start(cls) -> Cluster:
        env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(16)}
        temp = tempfile.mkdtemp(prefix="sgray-", dir="/tmp")  # short: Ray's socket paths
        ports = free_ports()
        cluster = cls(f"127.0.0.1:{ports[0]}", env, [], temp)
        deadline = time.monotonic() + START_TIMEOUT
        try:
            # The head says it started once its GCS is up: the second node can join then.
            head, up = _start_node(
                ["--head", f"--port={ports[0]}", "--num-cpus=1", "--include-dashboard=false",
                 f"--temp-dir={temp}", f"--ray-client-server-port={ports[1]}",
                 *node_ports(ports[2:2 + NODE_BLOCK])], env, deadline)
            cluster.procs.append(head)
            assert up and head.poll() is None, "the head did not start"
            second, up = _start_node([f"--address={cluster.address}", "--num-cpus=1",
                                      *node_ports(ports[2 + NODE_BLOCK:])], env, deadline)
            cluster.procs.append(second)
            assert up, "the second node did not start"
            while alive_nodes(cluster.address, env) < 2:  # both registered with the GCS
                assert second.poll() is None and time.monotonic() < deadline, \
                    "the second node did not join"
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def stop(self) -> None:
        """Kill it: a graceful stop is not under test, and took half a minute (each raylet
        drains and waits on the head's GCS, which stops too)."""
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        for proc in self.procs:
            proc.wait()
        for pid, cmd in our_processes(self.sessions, self.token):
            if "app.cli" not in cmd:
                with contextlib.suppress(ProcessLookupError):  # it may have just ended
                    os.kill(pid, signal.SIGKILL)  # anything of it in other sessions
        shutil.rmtree(self.temp, ignore_errors=True)


    @contextlib.contextmanager
    def driven_here(self):
        """This process may be a driver of the cluster meanwhile (``ray.init(address=)``):
        its token in the environment, and Ray's cached auth settings read again (they are
        read once per process, as Ray's own tests do: ray._private.authentication_test_utils)."""
        from ray._raylet import AuthenticationTokenLoader, Config

        before = {name: os.environ.get(name) for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN")}

        def reread() -> None:
            Config.initialize("")
            AuthenticationTokenLoader.instance().reset_cache()

        os.environ.update({name: self.env[name] for name in before})
        reread()
        try:
            yield self.address
        finally:
            for name, value in before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            reread()


_RUNNING: list[Cluster] = []


@pytest.fixture
def ray_cluster() -> Cluster:
    """The running two-node cluster (started for the first test in a row using it)."""
    if not _RUNNING:
        _RUNNING.append(Cluster.start())
    return _RUNNING[0]


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last of the tests in a row that use the cluster, kill it."""
    if _RUNNING and "ray_cluster" not in getattr(nextitem, "fixturenames", ()):
        _RUNNING.pop().stop()


def pytest_sessionfinish(session):
    while _RUNNING:
        _RUNNING.pop().stop()
