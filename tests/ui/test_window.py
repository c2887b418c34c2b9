"""The window itself: title, remembered layout, save as, recent projects."""

import sqlite3

import sqlalchemy.exc

from app.core.store.project import Project
from app.ui import settings


def test_title_names_the_project_and_marks_unsaved_edits(make_window, monkeypatch):
    window = make_window()
    assert window.windowTitle() == "UI test — ShotGraph"
    project = window.session.project
    real_save = project.save_graph
    calls = []

    def failing_save():  # the disk or the database refuses one write
        calls.append(1)
        if len(calls) == 1:
            raise sqlalchemy.exc.OperationalError("UPDATE node", {}, Exception("disk I/O error"))
        real_save()

    monkeypatch.setattr(project, "save_graph", failing_save)
    nid = window.canvas.add_node("t.items", (5, 5))
    assert nid in project.graph.nodes  # the edit is kept in the model
    assert window.windowTitle() == "UI test • — ShotGraph"
    assert "disk I/O error" in window.statusBar().currentMessage()
    assert window._save_retry.isActive()
    window._retry_save()
    assert window.windowTitle() == "UI test — ShotGraph"
    with sqlite3.connect(project.db_path) as db:
        saved = {row[0] for row in db.execute("SELECT id FROM node")}
    assert nid in saved


def test_geometry_and_state_are_remembered(make_window, config_dir):
    window = make_window()
    window.resize(720, 480)  # the offscreen screen is small (800 px)
    window.close()
    assert (config_dir / "shotgraph.ini").exists()
    again = make_window()
    assert again.width() == 720  # (offscreen adds the frame to the height)


def test_save_as_copies_the_folder_and_continues_in_the_copy(make_window, registry, tmp_path):
    window = make_window()
    nid = window.canvas.add_node("t.items", (5, 5))
    copy = tmp_path / "copy"
    window.save_as(copy)
    assert window.session.project.folder == copy
    assert nid in window.session.graph.nodes
    assert str(copy.resolve()) == settings.recent_projects()[0]
    original = Project.open(tmp_path / "project0", registry)
    assert nid in original.graph.nodes
    original.close()


def test_docks_and_toolbar_are_there(make_window):
    window = make_window()
    assert set(window.docks) == {
        "properties", "shot", "preview", "storyboard", "problems", "runs", "costs", "nodes",
        "timeline", "player"}
    texts = [a.text() for a in window.findChild(type(window.addToolBar("x"))).actions()]
    assert texts[:4] == ["Run", "Run selected", "Run to here", "Stop"]


def test_simplified_chinese_translation_covers_the_window(make_window):
    from PySide6.QtWidgets import QApplication

    from app.ui.i18n import install_translator, remove_translators

    translator = install_translator(QApplication.instance(), "zh_CN")
    assert translator is not None
    try:
        window = make_window()
        assert window.run_action.text() == "运行"
        assert window.docks["storyboard"].windowTitle() == "故事板"
        assert window.storyboard.regen_button.text() == "重新生成镜头"
        nid = window.canvas.add_node("t.items", (0, 0))
        window.replan()
        assert window.canvas.badge(nid).text == "待更新"
    finally:
        remove_translators(QApplication.instance())


def test_every_ui_string_has_a_chinese_translation(tmp_path):
    """lupdate over the UI sources finds no string the shipped translation lacks."""
    import shutil
    import subprocess
    import sys
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from app.ui.i18n import I18N

    ui = Path(__file__).resolve().parents[2] / "app" / "ui"
    ts = tmp_path / "shotgraph_zh_CN.ts"
    shutil.copy(I18N / "shotgraph_zh_CN.ts", ts)
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *map(str, sorted(ui.glob("*.py"))), "-ts", str(ts)],
                   check=True, capture_output=True)
    tree = ET.parse(ts)
    unfinished = [
        m.find("source").text
        for m in tree.iter("message")
        if m.find("translation").get("type") == "unfinished" or not m.find("translation").text
    ]
    assert not unfinished
    assert (I18N / "shotgraph_zh_CN.qm").exists()


def test_a_launch_plans_after_its_first_paint_or_soon_anyway(qtbot, tmp_path, registry):
    from app.ui.window import MainWindow, make_app

    make_app([])
    project = Project.create(tmp_path / "p", registry, name="UI test")
    window = MainWindow(project, registry, plan_after_paint=True)
    qtbot.addWidget(window)
    assert not window.started and window.results.plan is None  # nothing planned yet
    window.show()
    qtbot.waitUntil(lambda: window.started, timeout=30_000)
    assert window.results.plan is not None
    window.close()

    hidden = MainWindow(Project.open(tmp_path / "p", registry), registry, plan_after_paint=True)
    qtbot.addWidget(hidden)
    assert not hidden.started
    qtbot.waitUntil(lambda: hidden.started, timeout=30_000)  # never painted: the timer plans
    assert hidden.results.plan is not None
    hidden.close()


def _saved_nodes(db) -> set[str]:
    with sqlite3.connect(db) as con:
        return {row[0] for row in con.execute("SELECT id FROM node")}


def test_a_launch_paints_the_saved_graph_then_opens_the_project_under_the_same_canvas(
        qtbot, tmp_path, registry):
    from app.core.graph import AddNode
    from app.core.store.files import glance
    from app.ui.window import MainWindow, make_app

    make_app([])
    with Project.create(tmp_path / "p", registry, name="UI test") as project:
        for i in range(3):
            project.undo.push(AddNode("t.items", node_id=f"n{i}", position=(i * 200.0, 0.0)))
        db = project.db_path
    window = MainWindow(None, registry, plan_after_paint=True, glance=glance(tmp_path / "p", registry))
    qtbot.addWidget(window)
    canvas = window.canvas
    # The first paint's window: the graph as saved, the project not open yet.
    assert window.session is None and canvas.node_count() == 3
    assert window.windowTitle() == "UI test — ShotGraph"
    assert not window.run_action.isEnabled() and not window.export_action.isEnabled()
    assert canvas.add_node("t.items", (5, 5)) == ""  # refused, said why, nothing written
    assert "still opening" in canvas.session.last_error
    assert canvas.node_count() == 3 and _saved_nodes(db) == {"n0", "n1", "n2"}
    window.show()
    qtbot.waitUntil(lambda: window.started, timeout=30_000)
    # Opened right after that paint: the same canvas, now on the project.
    assert window.canvas is canvas and canvas.session is window.session
    assert window.session.project.db_path == db and canvas.node_count() == 3
    assert window.run_action.isEnabled() and window.results.plan is not None
    nid = canvas.add_node("t.items", (5, 5))
    assert nid and canvas.node_count() == 4 and nid in _saved_nodes(db)
    window.close()


def test_a_glanced_project_that_then_fails_to_open_exits_2_and_one_closed_first_stays_shut(
        qtbot, tmp_path, registry, monkeypatch, capsys):
    from PySide6.QtCore import QCoreApplication

    from app.core.store.files import glance
    from app.ui.window import MainWindow, make_app

    make_app([])
    Project.create(tmp_path / "p", registry, name="UI test").close()
    exits = []
    monkeypatch.setattr(QCoreApplication, "exit", staticmethod(exits.append))
    look = glance(tmp_path / "p", registry)
    look.db_path.write_bytes(b"not a database any more")  # spoilt between glance and open
    window = MainWindow(None, registry, plan_after_paint=True, glance=look)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: exits == [2], timeout=30_000)
    assert window.session is None
    err = capsys.readouterr().err
    assert "shotgraph: " in err and "p.shotgraph" in err  # one line saying which file

    Project.create(tmp_path / "q", registry, name="Q").close()
    early = MainWindow(None, registry, plan_after_paint=True, glance=glance(tmp_path / "q", registry))
    qtbot.addWidget(early)
    early.close()  # before the project opened
    early._open_glanced()  # the launch's timer, firing late
    assert early.session is None
