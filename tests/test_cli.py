import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app import cli
from app.cli import command
from app.core.graph import AddNode, Connect, Edge, SetParam
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


# -- set / show ---------------------------------------------------------------------------


def test_set_changes_a_setting_through_the_undo_stack_and_saves_it(runner, tmp_path):
    path = make_project(tmp_path)
    result = runner.invoke(cli.cli, ["set", str(path), "Loud", "suffix", "?!"])
    assert result.exit_code == 0, result.output
    assert "Loud (loud): suffix '!' -> '?!' (saved)" in result.output
    listed = runner.invoke(cli.cli, ["set", str(path), "src", "items", '["a", "b"]'])
    assert listed.exit_code == 0, listed.output
    with Project.open(path, stubs.registry()) as project:
        assert project.graph.node("loud").params["suffix"] == "?!"
        assert project.graph.node("src").params["items"] == ["a", "b"]  # JSON when it parses
        project.undo.push(SetParam("loud", "suffix", "#"))
        assert project.undo.can_undo  # the same command the app pushes


def test_set_text_that_looks_like_json_stays_text_for_a_text_setting(runner, tmp_path):
    path = make_project(tmp_path)
    result = runner.invoke(cli.cli, ["set", str(path), "Loud", "suffix", "42"])
    assert result.exit_code == 0, result.output
    with Project.open(path, stubs.registry()) as project:
        assert project.graph.node("loud").params["suffix"] == "42"


@pytest.mark.parametrize("args, message", [
    (["Loud", "sufix", "x"], "has no setting 'sufix'; did you mean 'suffix'?"),
    (["Loud", "spin_until_cancelled", "maybe"], "spin_until_cancelled: Input should be a valid"),
    (["Nope", "suffix", "x"], "no node called 'Nope'"),
    (["src", "items", '{"a": 1}'], "items: Input should be a valid list"),
])
def test_set_refuses_bad_input_with_exit_2_and_changes_nothing(runner, tmp_path, args, message):
    path = make_project(tmp_path)
    result = runner.invoke(cli.cli, ["set", str(path), *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    with Project.open(path, stubs.registry()) as project:
        assert project.graph.node("loud").params["suffix"] == "!"
        assert project.graph.node("src").params["items"] == ["one", "two", "three"]


def test_show_lists_every_setting_and_json_reads_back(runner, tmp_path):
    path = make_project(tmp_path)
    readable = runner.invoke(cli.cli, ["show", str(path)])
    assert readable.exit_code == 0, readable.output
    assert "Loud (loud)  t.suffix" in readable.output
    assert "suffix" in readable.output and "<- text" in readable.output
    one = runner.invoke(cli.cli, ["show", str(path), "Loud"])
    assert one.exit_code == 0 and "fail_on" in one.output
    data = json.loads(runner.invoke(cli.cli, ["show", str(path), "--json"]).output)
    loud = next(n for n in data["nodes"] if n["id"] == "loud")
    assert {s["name"]: s["value"] for s in loud["settings"]}["suffix"] == "!"
    assert loud["inputs"]["text"] == {"node": "src", "port": "items", "title": "Lines (src)"}


# -- exit codes and the log ---------------------------------------------------------------


def test_help_documents_the_exit_codes(runner):
    for args in ([], ["run"], ["set"]):
        result = runner.invoke(cli.cli, [*args, "--help"])
        assert result.exit_code == 0
        text = " ".join(result.output.split())
        assert "0 ok, 1 a node or run failed, 2 usage or bad input, 3 budget stop, " \
               "130 interrupted" in text


def test_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(cli.cli, ["run"]).exit_code == 2
    assert runner.invoke(cli.cli, ["run", str(tmp_path / "nowhere")]).exit_code == 2
    assert runner.invoke(cli.cli, ["frobnicate"]).exit_code == 2


def test_an_unexpected_error_goes_to_the_log_and_one_line_names_it(runner, tmp_path,
                                                                   monkeypatch):
    from app.cli import run as run_module

    path = make_project(tmp_path)

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug deep inside")

    monkeypatch.setattr(run_module, "_execute", broken)
    result = runner.invoke(cli.cli, ["run", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert "ZeroDivisionError: a bug deep inside" in line
    from pathlib import Path

    log_file = Path(line.split("(details: ")[1].rstrip(")"))
    text = log_file.read_text()
    assert "Traceback (most recent call last)" in text and "a bug deep inside" in text


def test_a_failed_run_names_the_project_log_with_the_details(runner, tmp_path):
    path = make_project(tmp_path, fail=True)
    result = runner.invoke(cli.cli, ["run", str(path)])
    assert result.exit_code == 1
    assert f"(details: {path / 'logs' / 'shotgraph.log'})" in " ".join(result.output.split())
    # and the details are there: which node failed, and why
    logged = (path / "logs" / "shotgraph.log").read_text()
    assert "Loud (loud) failed: item 2: " in logged and "two" in logged.split("failed:")[1]


def test_every_command_is_where_the_command_map_says():
    import importlib

    import click

    modules = {module for module, _ in command.COMMAND_MODULES.values()}
    for module in modules:
        importlib.import_module(module)
    ctx = click.Context(cli.cli)
    for name in cli.cli.list_commands(ctx):
        found = cli.cli.get_command(ctx, name)
        assert found is not None, name
        defined_in = importlib.import_module(command.COMMAND_MODULES[name][0])
        callback = found.callback if found.callback else None
        if callback is not None:
            assert callback.__module__ == defined_in.__name__, name
    assert set(cli.cli.commands) == set(command.COMMAND_MODULES)  # none defined elsewhere


def test_a_command_loads_only_its_own_module(tmp_path):
    import subprocess
    import sys

    path = make_project(tmp_path)
    script = (
        "import sys\n"
        "from app.cli import cli\n"
        "from app.cli import command\n"
        "from tests.core import stubs\n"
        "command.registry = stubs.registry\n"
        f"cli.main(['run', {str(path)!r}, '--dry-run'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('app.cli.') or m == 'app.delivery.evidence'))\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=str(root))
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.strip().splitlines()[-1]
    assert "'app.cli.run'" in loaded
    for other in ("app.cli.match", "app.cli.series", "app.cli.doctor", "app.cli.timeline",
                  "app.delivery.evidence"):
        assert f"'{other}'" not in loaded, loaded
