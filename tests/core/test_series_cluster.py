"""The Ray runner's task journal: a worker lost while polling a paid task is retried, and
the retry resumes the journalled task instead of paying for a second submit. Only the
driver writes the project's SQLite. On the two-node cluster of tests/ray_cluster.py (the
one the season's Ray test uses, started once for both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.engine import Engine
from app.core.store.project import Project, ProjectTasks
from tests.core import ray_paid

ray = pytest.importorskip("ray")
ROOT = Path(__file__).resolve().parents[2]


def test_a_lost_worker_is_retried_without_a_second_paid_submit(tmp_path, ray_cluster):
    from app.core.series.cluster import RayRunner

    service = tmp_path / "service"
    service.mkdir()
    project = Project.create(tmp_path / "p", ray_paid.registry(), graph_data={
        "nodes": [{"id": "paid", "type": "t.paid_once", "title": "Paid", "position": [0, 0],
                   "params": {"service_dir": str(service)}}], "edges": []})
    with ray_cluster.driven_here() as address:
        ray.init(address=address, log_to_driver=False,
                 runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
        runner = RayRunner("tests.core.ray_paid:registry", started_here=False)
        try:
            engine = Engine(project, remote=runner)
            result = engine.execute()
            assert result.status == "done", result.failed
            text = engine.load_output("paid", "text")
        finally:
            runner.shutdown()
    submissions = (service / "submissions").read_text().split()
    lost = (service / "lost-one-worker").read_text()
    assert len(submissions) == 1  # paid once, though two workers ran the item
    assert text.startswith("done by ") and lost not in text and "task task-1" in text
    assert runner.items_done == 1
    # the journal entry reached the project's own table, written by this process
    assert ProjectTasks(project).find("fake", "a clip") == ("task-1", "submitted")
    project.close()
