"""Chinese throughout: node names, ports, settings and choices; search in both languages;
the language switch applies at once."""

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.i18n import NODE_STRINGS, current_node_strings, install_translator, remove_translators
from app.ui.palette import NodePalette
from nodes.registry import default_registry


@pytest.fixture
def chinese():
    app = QApplication.instance()
    assert install_translator(app, "zh_CN") is not None
    yield
    remove_translators(app)


def test_the_node_words_module_is_in_sync_with_the_declarations():
    assert NODE_STRINGS.read_text(encoding="utf-8") == current_node_strings(), (
        "node declarations changed: run `python -m app.ui.i18n`, then lupdate")


def test_a_chinese_palette_search_finds_the_music_voice_and_shots_nodes(qtbot, chinese):
    host = QWidget()
    qtbot.addWidget(host)
    palette = NodePalette(default_registry().all(), host)
    for word, type_id in (("音乐", "music.score"), ("配音", "voice.speak"),
                          ("镜头", "script.shots"), ("music", "music.score")):
        palette.filter(word)
        assert type_id in palette.visible_types(), word
    palette.filter("音乐")
    assert palette.list.item(0).text().startswith("音乐")
    palette.filter("no such thing 不存在")
    assert palette.visible_types() == []


def _demo_window(make_window, tmp_path):
    from app.core.templates import create_project

    registry = default_registry()
    project = create_project(tmp_path / "demo", "demo", registry=registry)
    window = make_window(project, registry)
    by_title = {n.title: nid for nid, n in project.graph.nodes.items()}
    return window, by_title


def test_the_graph_in_chinese_names_nodes_ports_settings_and_choices(
        qtbot, make_window, tmp_path, chinese):
    window, nodes = _demo_window(make_window, tmp_path)
    canvas = window.canvas
    assert canvas.canvas_node(nodes["Stills"]).name() == "画面"
    assert canvas.canvas_node(nodes["Music"]).name() == "音乐"
    assert canvas.canvas_node(nodes["Edit & Export"]).name() == "剪辑与导出"
    ports = [t.toPlainText() for t in canvas.canvas_node(nodes["Edit & Export"]).view
             ._input_items.values()]
    assert ports == ["镜头", "视频片段", "配音", "音乐"]
    assert window.session.graph.node(nodes["Stills"]).title == "Stills"  # the model keeps it
    canvas.select(nodes["Edit & Export"])
    form = window.properties.widget().layout().itemAt(1).layout()
    labels = [form.itemAt(i, form.ItemRole.LabelRole).widget().text()
              for i in range(form.rowCount())]
    assert labels[:3] == ["标题", "转场", "交叉淡化（秒）"]
    combo = window.properties.editors["transition"].combo
    shown = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert shown["cut"] == "硬切" and shown["crossfade"] == "交叉淡化"  # the value stays English
    title = window.properties.editors["__title__"]
    assert title.edit.text() == "剪辑与导出"
    title.edit.editingFinished.emit()  # leaving the translated title as shown: no rename
    assert window.session.graph.node(nodes["Edit & Export"]).title == "Edit & Export"


def test_switching_the_language_applies_at_once(qtbot, make_window, tmp_path):
    window, nodes = _demo_window(make_window, tmp_path)
    assert window.run_action.text() == "Run"
    qtbot.waitUntil(lambda: window.centralWidget().width() > 300, timeout=3000)  # laid out
    canvas_width = window.centralWidget().width()
    try:
        window.set_language("zh_CN")
        assert window.run_action.text() == "运行"
        assert window.docks["storyboard"].windowTitle() == "故事板"
        assert window.canvas.canvas_node(nodes["Shots"]).name() == "镜头"
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[0].startswith("文件")
        assert len(window.session.graph.nodes) == len(nodes)  # the same project, still open
        qtbot.waitUntil(lambda: abs(window.centralWidget().width() - canvas_width) <= 4,
                        timeout=3000)  # the layout is kept
        assert QApplication.focusWidget() is not window.budget_box
        window.set_language("en")
        assert window.run_action.text() == "Run"
        assert window.canvas.canvas_node(nodes["Shots"]).name() == "Shots"
    finally:
        remove_translators(QApplication.instance())
