import pytest
from click.testing import CliRunner

from app import cli
from app.cli import command
from app.core.graph import AddNode, Connect, Edge
from app.core.store.project import Project
from tests.core import stubs


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setattr(command, "registry", stubs.registry)
    return CliRunner()


def make_project(tmp_path, fail=False):
    project = Project.create(tmp_path / "ep", stubs.registry())
    push = project.undo.push
    push(AddNode("t.items", {"items": ["one", "two", "three"]}, node_id="src", title="Lines"))
    push(AddNode("t.suffix", {"fail_on": "two" if fail else ""}, node_id="loud", title="Loud"))
    push(Connect(Edge("src", "items", "loud", "text")))
    project.close()
    return tmp_path / "ep"


def test_dry_run_prints_the_plan_and_runs_nothing(runner, tmp_path):
    path = make_project(tmp_path)
    result = runner.invoke(cli.cli, ["run", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "run   Loud (loud): items 1, 2, 3 of 3 (not in cache)" in result.output
    assert "2 of 2 nodes would run (4 items)" in result.output
    with Project.open(path, stubs.registry()) as project:
        assert project.last_run_id() is None


def test_run_then_dry_run_shows_cached(runner, tmp_path):
    path = make_project(tmp_path)
    first = runner.invoke(cli.cli, ["run", str(path)])
    assert first.exit_code == 0, first.output
    assert "4 items ran, 0 from cache" in first.output
    again = runner.invoke(cli.cli, ["run", str(path), "--dry-run"])
    assert "cached Loud (loud)" in again.output
    assert "0 of 2 nodes would run" in again.output


def test_failure_exits_non_zero_naming_the_node(runner, tmp_path):
    path = make_project(tmp_path, fail=True)
    result = runner.invoke(cli.cli, ["run", str(path)])
    assert result.exit_code == 1
    assert "failed at Loud (loud)" in result.output
    assert "item 2: cannot handle 'two'" in result.output


def test_only_unknown_node_is_a_usage_error(runner, tmp_path):
    path = make_project(tmp_path)
    result = runner.invoke(cli.cli, ["run", str(path), "--only", "Nope"])
    assert result.exit_code == 2
    assert "no node called 'Nope'" in result.output


def test_export_without_edit_node_is_refused(runner, tmp_path):
    path = make_project(tmp_path)
    result = runner.invoke(cli.cli, ["run", str(path), "--export", str(tmp_path / "x.mp4")])
    assert result.exit_code == 2
    assert "no Edit & Export node" in result.output


def test_new_with_unknown_template(runner, tmp_path):
    result = runner.invoke(cli.cli, ["new", str(tmp_path / "x"), "--template", "nope"])
    assert result.exit_code == 2
    assert "no template called 'nope'" in result.output


def test_nodes_lists_types_and_ports(runner):
    result = runner.invoke(cli.cli, ["nodes", "--json"])
    assert result.exit_code == 0
    assert '"type_id": "t.suffix"' in result.output
    assert '"text: Text"' in result.output


def test_takes_regenerate_choose_and_gc(runner, tmp_path):
    path = make_project(tmp_path)
    assert runner.invoke(cli.cli, ["run", str(path)]).exit_code == 0
    result = runner.invoke(cli.cli, ["takes", str(path), "Loud", "--item", "2", "--regenerate"])
    assert result.exit_code == 0, result.output
    assert "item 2 now uses take 1" in result.output
    assert runner.invoke(cli.cli, ["run", str(path)]).exit_code == 0
    listed = runner.invoke(cli.cli, ["takes", str(path), "Loud", "--item", "2", "--choose", "0"])
    assert listed.exit_code == 0, listed.output
    lines = [line for line in listed.output.splitlines() if line.strip().startswith("│")]
    assert any(line.split("│")[1].strip() == "0" and "yes" in line.split("│")[2] for line in lines)
    bad = runner.invoke(cli.cli, ["takes", str(path), "Loud", "--item", "2", "--choose", "7"])
    assert bad.exit_code == 2 and "has no take 7" in bad.output
    deleted = runner.invoke(cli.cli, ["takes", str(path), "Loud", "--item", "2", "--delete", "1"])
    assert deleted.exit_code == 0, deleted.output
    freed = runner.invoke(cli.cli, ["gc", str(path)])
    assert "removed 1 files" in freed.output


# -- costs and budget -------------------------------------------------------------------


@pytest.fixture
def paid_runner(monkeypatch, tmp_path):
    from tests.core import paid

    paid.use_prices(tmp_path, monkeypatch)
    monkeypatch.setattr(command, "registry", paid.registry)
    return CliRunner()


def make_paid_project(tmp_path):
    from tests.core import paid

    paid.episode(tmp_path / "paid").close()  # 5 clips at 0.50 USD each
    return tmp_path / "paid"


def test_dry_run_prints_the_estimated_cost_per_provider(paid_runner, tmp_path):
    path = make_paid_project(tmp_path)
    result = paid_runner.invoke(cli.cli, ["run", str(path), "--dry-run", "--budget", "1"])
    assert result.exit_code == 0, result.output
    assert "Estimated cost of this run" in result.output
    row = next(line for line in result.output.splitlines() if "t-paid" in line)
    assert "clip-1" in row and " 5 " in row and "2.50 USD" in row
    assert "budget 1.00 USD: the estimate may not fit" in result.output
    with Project.open(path, _paid_registry()) as project:
        assert project.last_run_id() is None


def _paid_registry():
    from tests.core import paid

    return paid.registry()


def test_budget_stops_the_run_with_a_clear_message_and_resumes(paid_runner, tmp_path):
    path = make_paid_project(tmp_path)
    stopped = paid_runner.invoke(cli.cli, ["run", str(path), "--budget", "1.0"])
    assert stopped.exit_code == 3, stopped.output
    text = " ".join(stopped.output.split())
    assert "budget of 1.00 USD reached: spent 1.00 USD" in text
    assert "Left to run: Clips (clip) (3 items), Join (join)" in text
    resumed = paid_runner.invoke(cli.cli, ["run", str(path)])
    assert resumed.exit_code == 0, resumed.output
    assert "4 items ran, 3 from cache" in resumed.output  # 3 clips + the join ran
    spent = paid_runner.invoke(cli.cli, ["costs", str(path)])
    assert spent.exit_code == 0, spent.output
    lines = spent.output.splitlines()
    assert any("t-paid" in line and "clip-1" in line and "2.50 USD" in line for line in lines)
    assert any(" budget " in line and "1.00 USD" in line for line in lines)
    assert any(" done " in line and "1.50 USD" in line for line in lines)


def test_costs_of_a_project_without_calls(paid_runner, tmp_path):
    path = make_paid_project(tmp_path)
    result = paid_runner.invoke(cli.cli, ["costs", str(path)])
    assert result.exit_code == 0 and "no provider calls yet" in result.output
