import os
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _own_folder(name: str, prefix: str) -> None:
    """Point ``name`` at a folder of this process's own. Under pytest-xdist each worker
    gets a subfolder: a worker inherits the controller's environment, and two workers
    must not make the same self-signed certificate or rotate the same log at once."""
    base = os.environ.get(name) or tempfile.mkdtemp(prefix=prefix)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    folder = Path(base) / worker if worker else Path(base)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[name] = str(folder)


# An xdist worker starts with COLUMNS=80 and LINES=24 in its environment; rich's consoles
# (made when app.cli is imported) would keep that width and ignore a test's own COLUMNS.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)

# The app's user data (e.g. the self-signed C2PA certificate) and config stay out of $HOME.
_own_folder("SHOTGRAPH_DATA_DIR", "shotgraph-test-data-")
_own_folder("SHOTGRAPH_CONFIG_DIR", "shotgraph-test-config-")

# The exported short episode and its attack set, shared by tests/delivery and tests/ui;
# the Ray cluster; the exported short season, shared by the season and Ray tests.
pytest_plugins = ["tests.delivery.fixtures", "tests.ray_cluster", "tests.short_season"]


@pytest.fixture(autouse=True)
def _price_table_stays_with_its_test():
    """An open season points ``SHOTGRAPH_PRICES`` at its series' price table until it is
    closed (``Series.use_prices``); a test that leaves one open must not pass its table on."""
    before = os.environ.get("SHOTGRAPH_PRICES")
    yield
    if before is None:
        os.environ.pop("SHOTGRAPH_PRICES", None)
    else:
        os.environ["SHOTGRAPH_PRICES"] = before


# -- running on pytest-xdist (``-n 2``, see pyproject.toml) ------------------------------

# Modules that must share a worker: they use the same expensive session fixture, or they
# start Ray clusters (one at a time on two cores). The seasons: the exported short season
# (tests.short_season) and the Ray cluster.
SHARED_WORKER = {
    "tests/delivery/test_match.py": "delivery-episode",  # the episode and its attack set
    "tests/ui/test_copies.py": "delivery-episode",
    "tests/test_series_e2e.py": "seasons",
    "tests/test_series_ray.py": "seasons",
    "tests/core/test_series_cluster.py": "seasons",
}
# The longest groups, started first so that the two workers end together; in the order
# of their shares of a whole run (the summary printed after a run: the seasons 15 %, the
# delivery episode 11 %, the demo 9 %, editing 6 %, reliability 5.5 %, the UI timeline 4.4 %).
LONGEST_FIRST = [
    "seasons",
    "delivery-episode",
    "tests/test_demo_e2e.py",
    "tests/test_editing_e2e.py",
    "tests/test_reliability_cli.py",
    "tests/ui/test_timeline.py",
    "tests/ui/test_handoff.py",
    "tests/ui/test_demo.py",
    "tests/core/test_export.py",
    "tests/providers/test_demo_real.py",
    "tests/ui/test_run_apart.py",
]


def worker_group(nodeid: str) -> str:
    """The group a test runs in: its module's, or the shared one above."""
    module = nodeid.split("::", 1)[0]
    return SHARED_WORKER.get(module, module)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's load-by-scope, with ``worker_group`` as the scope: a module runs on one
    worker (its module fixtures are made once), the modules above together, in the order
    the workers collected them (longest first: ``pytest_collection_modifyitems``)."""
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkerGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return worker_group(nodeid)

        def _reschedule(self, node) -> None:
            """The next group goes to a worker once it starts its group's last test (xdist
            gives one when two are left): a long next-to-last test (the Ray cluster's)
            would otherwise hold a group the other worker could start sooner."""
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
                return
            # 1, not 0: a worker starts a test only once it knows the next one
            if self._pending_of(self.assigned_work[node]) <= 1:
                self._assign_work_unit(node)

    config.option.loadscopereorder = False  # keep the collection's order
    return ByWorkerGroup(config, log)


def pytest_collection_modifyitems(config, items):
    """Under xdist: the longest groups first (the order within a group is kept). Within
    a group (or the whole run), modules that start on the shared Ray cluster after those
    that end on it, so it is started once (tests/ray_cluster.py)."""
    rank = {group: i for i, group in enumerate(LONGEST_FIRST)}
    xdist = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    starts_on_cluster: dict[str, bool] = {}  # module -> its first test uses the cluster
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        starts_on_cluster.setdefault(module, "ray_cluster" in item.fixturenames)

    def key(item) -> tuple[int, bool]:  # a module's tests stay together (module fixtures)
        group = rank.get(worker_group(item.nodeid), len(rank)) if xdist else 0
        return group, starts_on_cluster[item.nodeid.split("::", 1)[0]]

    items.sort(key=key)


# -- where the time went: per worker and per group, printed after the run ---------------

_STARTED = time.monotonic()
_SPENT: dict[tuple[str, str], float] = {}  # (worker, group) -> seconds of its tests
_FINISHED: dict[str, float] = {}  # worker -> seconds from the start to its last report


def pytest_runtest_logreport(report):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller adds up what its workers report
    node = getattr(report, "node", None)  # set by xdist: the worker that ran the test
    worker = node.gateway.id if node is not None else "main"
    key = (worker, worker_group(report.nodeid))
    _SPENT[key] = _SPENT.get(key, 0.0) + report.duration
    _FINISHED[worker] = time.monotonic() - _STARTED


def pytest_terminal_summary(terminalreporter):
    if not _SPENT:
        return
    write = terminalreporter.write_line
    terminalreporter.section("time per worker and group")
    for worker in sorted(_FINISHED):
        total = sum(s for (w, _), s in _SPENT.items() if w == worker)
        write(f"{worker}: {total:7.1f} s in tests, done {_FINISHED[worker]:6.1f} s after start")
    groups = sorted(_SPENT.items(), key=lambda kv: -kv[1])
    for (worker, group), spent in groups[:20]:
        write(f"  {spent:7.1f} s  {worker}  {group}")
