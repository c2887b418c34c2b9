"""``shotgraph series``: exit codes, usage errors, the budget stop, the dry run, doctor."""

from __future__ import annotations

import json

from click.testing import CliRunner

from app import cli
from app.cli import doctor


def shotgraph(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.cli, list(args))
    return result.exit_code, result.output


def test_usage_errors_exit_2(tmp_path):
    assert shotgraph("series", "status", str(tmp_path))[0] == 2  # not a series folder
    code, output = shotgraph("series", "new", str(tmp_path / "s"), "--episodes", "2")
    assert code == 0, output
    code, output = shotgraph("series", "new", str(tmp_path / "s"), "--episodes", "2")
    assert code == 2 and "not empty" in output
    code, output = shotgraph("series", "run", str(tmp_path / "s"), "--episodes", "3-4")
    assert code == 2 and "episodes 1-2" in output
    assert shotgraph("series", "new", str(tmp_path / "t"), "--episodes", "0")[0] == 2
    (tmp_path / "s" / "series.json").write_text("{not json")
    code, output = shotgraph("series", "status", str(tmp_path / "s"))
    assert code == 2 and "cannot be read" in output and "Traceback" not in output


def test_dry_run_prices_paid_work_per_episode_and_the_budget_stops_it(tmp_path):
    folder = tmp_path / "s"
    assert shotgraph("series", "new", str(folder), "--episodes", "2")[0] == 0
    spec = json.loads((folder / "series.json").read_text())
    spec["bible"]["provider"] = "dashscope"  # the cast's sheets from a paid service
    (folder / "series.json").write_text(json.dumps(spec))
    code, output = shotgraph("series", "run", str(folder), "--dry-run")
    assert code == 0, output
    assert "dashscope" in output and "image" in output
    lines = output.splitlines()
    # the bible's sheets are priced once for the season, in episode 1 (not 0.04)
    assert lines[-1].startswith("dry run: 2 episodes, estimated 0.0200 USD")
    code, output = shotgraph("series", "run", str(folder), "--budget", "0")
    assert code == 3, output
    assert "budget stopped episode 1" in output
    code, output = shotgraph("series", "status", str(folder), "--json")
    states = [e["state"] for e in json.loads(output)["episodes"]]
    assert code == 0 and states == ["budget", "new"]


def test_ray_missing_is_a_usage_error_that_says_how(tmp_path, monkeypatch):
    from app.core.series import cluster

    assert shotgraph("series", "new", str(tmp_path / "s"), "--episodes", "1")[0] == 0
    monkeypatch.setattr(cluster, "available", lambda: False)
    code, output = shotgraph("series", "run", str(tmp_path / "s"), "--ray", "local")
    assert code == 2 and "install ShotGraph from Python" in output


def test_doctor_says_whether_ray_is_there(monkeypatch):
    from app.core.series import cluster

    check = next(c for c in doctor.run_checks() if c.name.startswith("Ray"))
    assert check.ok and "2.60.0" in check.detail and not check.required
    monkeypatch.setattr(cluster, "ray_version", lambda: None)
    check = next(c for c in doctor.run_checks() if c.name.startswith("Ray"))
    assert not check.ok and "in this process" in check.detail


def test_a_kill_stops_the_season_with_130_and_keeps_what_finished(tmp_path):
    import signal
    import subprocess
    import sys

    folder = tmp_path / "s"
    assert shotgraph("series", "new", str(folder), "--episodes", "2")[0] == 0
    run = subprocess.Popen([sys.executable, "-m", "app.cli", "series", "run", str(folder)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in run.stdout:  # the first finished node, then a plain kill
        lines.append(line)
        if line.startswith("ep01 done"):
            run.send_signal(signal.SIGTERM)
            break
    rest, _ = run.communicate(timeout=600)
    output = "".join(lines) + rest
    assert run.returncode == 130, output
    assert "interrupted" in output.strip().splitlines()[-1] and "Traceback" not in output
    code, output = shotgraph("series", "status", str(folder), "--json")
    assert json.loads(output)["episodes"][0]["state"] in ("interrupted", "cancelled")
