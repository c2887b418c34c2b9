"""``shotgraph shot``: each edit is one undoable, saved command; bad input exits 2 with a
message naming the shot and the problem, and leaves the project as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from app import cli
from app.core.store.project import Project
from nodes.registry import default_registry
from nodes.shot_edits import ShotChanges, edit_shot, episode_nodes, move_shot


@pytest.fixture(scope="module")
def project_path(tmp_path_factory) -> Path:
    """The demo with its shots known (the script and shots run, nothing else)."""
    path = tmp_path_factory.mktemp("shotcli") / "ep"
    runner = CliRunner()
    assert runner.invoke(cli.cli, ["new", str(path), "--template", "demo"]).exit_code == 0
    ran = runner.invoke(cli.cli, ["run", str(path), "--only", "Shots"])
    assert ran.exit_code == 0, ran.output
    return path


def params(path: Path) -> tuple[dict, dict]:
    with Project.open(path, default_registry()) as project:
        nodes = episode_nodes(project.graph)
        return (dict(project.graph.node(nodes.shots).params),
                dict(project.graph.node(nodes.edit).params))


def shot(path: Path, *args: str):
    return CliRunner().invoke(cli.cli, ["shot", str(path), *args])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99", "--line", "x"], "there is no shot 99: the episode has shots 1 to 9"),
        (["3", "--trim", "3:1"], "shot 3: a trim is IN:OUT with 0 <= IN < OUT"),
        (["3", "--trim", "soon"], "a trim is IN:OUT in seconds"),
        (["3", "--duration", "40"], "shot 3: duration"),
        (["3"], "nothing to change"),
        (["3", "--clip", "missing.mp4"], "cannot find the video file 'missing.mp4'"),
    ],
)
def test_bad_input_exits_2_naming_the_problem_and_changes_nothing(project_path, args, message):
    before = params(project_path)
    result = shot(project_path, *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert params(project_path) == before


def test_a_text_file_is_refused_as_a_clip_by_name(project_path, tmp_path):
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video at all")
    result = shot(project_path, "2", "--clip", str(notes))
    assert result.exit_code == 2 and "notes.mp4" in result.output


def test_one_command_sets_the_line_the_transition_and_a_subtitle_as_one_edit(project_path):
    result = shot(project_path, "4", "--line", "Never again.", "--transition", "flash",
                  "--subtitle", "Never.", "--subtitle", "Again.")
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1
    shots, edit = params(project_path)
    assert shots["overrides"]["s4"]["line"] == "Never again."
    assert edit["cuts"]["s4"]["transition"] == "flash"
    assert [s["text"] for s in edit["subtitle_edits"]["s4"]] == ["Never.", "Again."]


def test_an_edit_is_one_undo_step_and_shots_are_named_by_play_order(project_path):
    with Project.open(project_path, default_registry()) as project:
        nodes = episode_nodes(project.graph)
        before = (dict(project.graph.node(nodes.shots).params),
                  dict(project.graph.node(nodes.edit).params))
        move_shot(project, 1, 9)  # s1 now plays last: shot 1 is s2
        edit_shot(project, 1, ShotChanges(duration=2.5, trim=None, fit="crop"))
        assert project.graph.node(nodes.shots).params["overrides"]["s2"]["duration"] == 2.5
        assert project.graph.node(nodes.edit).params["cuts"]["s2"]["fit"] == "crop"
        project.undo.undo()
        project.undo.undo()
        assert (dict(project.graph.node(nodes.shots).params),
                dict(project.graph.node(nodes.edit).params)) == before


def test_the_shots_must_be_known_first(tmp_path):
    path = tmp_path / "fresh"
    assert CliRunner().invoke(cli.cli, ["new", str(path), "--template", "demo"]).exit_code == 0
    result = shot(path, "1", "--line", "Hi")
    assert result.exit_code == 2 and "run the script first" in result.output


def test_footage_shorter_than_its_shot_shortens_it_and_going_back_restores_the_still(
    project_path, tmp_path
):
    import subprocess

    from app.media.ffmpeg import ffmpeg_path

    clip = tmp_path / "short take.mp4"
    subprocess.run([ffmpeg_path(), "-v", "error", "-f", "lavfi", "-i",
                    "testsrc=size=180x320:rate=25:duration=1.5", "-pix_fmt", "yuv420p",
                    str(clip)], check=True)
    result = shot(project_path, "2", "--clip", str(clip), "--line", "Run.")
    assert result.exit_code == 0, result.output
    with Project.open(project_path, default_registry()) as project:
        nodes = episode_nodes(project.graph)
        override = project.graph.node(nodes.shots).params["overrides"]["s2"]
        assert override["line"] == "Run."  # both edits kept
        assert override["duration"] == pytest.approx(1.5, abs=0.05)
        own_clip = project.graph.node(nodes.clips).params["own"]["s2"]
        poster = project.artifacts.get(project.graph.node(nodes.stills).params["own"]["s2"])
        assert poster.meta["poster_of"] == own_clip and (poster.width, poster.height) == (1080, 1920)
    result = shot(project_path, "2", "--generated", "clip")
    assert result.exit_code == 0, result.output
    with Project.open(project_path, default_registry()) as project:
        nodes = episode_nodes(project.graph)
        assert "s2" not in project.graph.node(nodes.clips).params["own"]
        assert "s2" not in project.graph.node(nodes.stills).params["own"]
