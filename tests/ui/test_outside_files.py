"""A project whose imports point outside its folder asks before anything is read."""

from __future__ import annotations

from PIL import Image

from app.core.graph import AddNode
from app.core.store.project import Project
from app.ui import outside_files
from app.ui.outside_files import OutsideFilesQuestion


def shared_project(tmp_path, registry):
    """A project as it arrives from someone else: its setting names a file on this machine."""
    private = tmp_path / "home" / "Recordings" / "me.png"
    private.parent.mkdir(parents=True)
    Image.new("RGB", (16, 16), "red").save(private)
    project = Project.create(tmp_path / "shared", registry, name="Shared")
    project.undo.prepare = None
    project.undo.push(AddNode("io.image", {"file": str(private)}, node_id="img", title="Face"))
    project.undo.prepare = project._import_chosen_files
    return project, private


def answering(monkeypatch, choice: str) -> list[str]:
    """Answer the question with the button ``choice`` ("copy", "allow" or "refuse")."""
    asked: list[str] = []

    def exec_(self):
        asked.append(self.text())
        button = getattr(self, choice)
        button.click()
        return 0

    monkeypatch.setattr(OutsideFilesQuestion, "exec", exec_)
    return asked


def test_opening_asks_and_copy_brings_the_files_in(qtbot, make_window, tmp_path, registry,
                                                   monkeypatch):
    project, private = shared_project(tmp_path, registry)
    asked = answering(monkeypatch, "copy")
    window = make_window(project)
    assert len(asked) == 1 and "outside its folder" in asked[0] and "me.png" in asked[0]
    named = window.session.graph.node("img").params["file"]
    assert named.startswith("media/")
    assert (project.folder / named).read_bytes() == private.read_bytes()
    assert project.outside_files() == [] and project.undo.can_undo


def test_allow_this_time_and_refuse(qtbot, make_window, tmp_path, registry, monkeypatch):
    project, private = shared_project(tmp_path, registry)
    answering(monkeypatch, "refuse")
    make_window(project)
    assert project.allow_outside_files is False
    assert project.graph.node("img").params["file"] == str(private)
    assert outside_files.ask_about_outside_files(None, project, answer="allowed") == "allowed"
    assert project.allow_outside_files is True


def test_a_project_with_nothing_outside_asks_nothing(qtbot, make_window, monkeypatch):
    asked = answering(monkeypatch, "copy")
    make_window()
    assert asked == []
