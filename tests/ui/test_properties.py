"""The Properties pane: one editor per field kind; refused values shown inline."""

from app.ui.properties import (
    BoolEditor,
    ChoiceEditor,
    FileEditor,
    JsonEditor,
    LineEditor,
    ModelEditor,
    MultilineEditor,
    NumberEditor,
    ProviderEditor,
    SeedEditor,
)


def _form(make_window):
    window = make_window()
    nid = window.canvas.add_node("ui.form", (0, 0))
    window.canvas.select(nid)
    return window, nid, window.properties


def test_each_field_gets_the_editor_its_type_and_hint_ask_for(make_window):
    window, nid, pane = _form(make_window)
    kinds = {name: type(editor) for name, editor in pane.editors.items()}
    assert kinds == {
        "__title__": LineEditor,
        "name": LineEditor,
        "notes": MultilineEditor,
        "count": NumberEditor,
        "ratio": NumberEditor,
        "mode": ChoiceEditor,
        "loud": BoolEditor,
        "seed": SeedEditor,
        "file": FileEditor,
        "provider": ProviderEditor,
        "tags": JsonEditor,
    }
    assert (pane.editors["count"].spin.minimum(), pane.editors["count"].spin.maximum()) == (1, 10)
    assert pane.editors["ratio"].spin.maximum() == 1.0
    mode = pane.editors["mode"].combo
    assert [mode.itemText(i) for i in range(mode.count())] == ["fast", "good"]
    provider = pane.editors["provider"].combo
    assert "local" in [provider.itemText(i) for i in range(provider.count())]


def test_a_fallback_chain_can_be_typed_as_the_provider(make_window):
    window, nid, pane = _form(make_window)
    combo = pane.editors["provider"].combo
    assert combo.isEditable() and "> local" in combo.toolTip()
    combo.setEditText("elevenlabs > local")
    combo.lineEdit().editingFinished.emit()
    params = window.session.graph.node(nid).params
    assert params["provider"] == "elevenlabs > local"
    window.session.project.undo.undo()
    assert window.session.graph.node(nid).params.get("provider", "local") == "local"


def test_edits_become_set_param_commands(make_window):
    window, nid, pane = _form(make_window)
    params = window.session.graph.node(nid).params
    pane.editors["count"].spin.setValue(7)
    pane.editors["loud"].box.setChecked(True)
    pane.editors["mode"].combo.activated.emit(1)
    seed = pane.editors["seed"]
    seed.dice.click()
    tags = pane.editors["tags"]
    tags.edit.setText('["a", "b"]')
    tags.edit.editingFinished.emit()
    assert (params["count"], params["loud"], params["mode"], params["tags"]) == (
        7,
        True,
        "good",
        ["a", "b"],
    )
    assert params["seed"] == seed.spin.value()


def test_a_refused_value_is_shown_inline_and_the_model_is_unchanged(make_window):
    window, nid, pane = _form(make_window)
    before = window.session.graph.to_dict()
    name = pane.editors["name"]
    name.edit.setText("far too long")
    name.edit.editingFinished.emit()
    assert window.session.graph.to_dict() == before
    assert not pane.errors["name"].isHidden()
    assert "name" in pane.errors["name"].text()
    tags = pane.editors["tags"]
    tags.edit.setText("[not json")
    tags.edit.editingFinished.emit()
    assert "JSON" in pane.errors["tags"].text()
    assert window.session.graph.to_dict() == before
    name.edit.setText("ok")
    name.edit.editingFinished.emit()
    assert pane.errors["name"].isHidden()
    assert window.session.graph.node(nid).params["name"] == "ok"


def test_undo_updates_the_form(make_window):
    window, nid, pane = _form(make_window)
    pane.editors["count"].spin.setValue(9)
    window.undo()
    assert pane.editors["count"].spin.value() == 3
    pane.editors["__title__"].edit.setText("My form")
    pane.editors["__title__"].edit.editingFinished.emit()
    assert window.session.graph.node(nid).title == "My form"
    assert window.canvas.canvas_node(nid).name() == "My form"


def test_the_model_choice_follows_the_provider(make_window):
    from nodes.registry import default_registry

    window = make_window(reg=default_registry())
    nid = window.canvas.add_node("video.animate", (0, 0))
    window.canvas.select(nid)
    editor = window.properties.editors["model"]
    assert isinstance(editor, ModelEditor)
    items = lambda: [editor.combo.itemText(i) for i in range(editor.combo.count())]  # noqa: E731
    assert items() == [""]  # offline: the provider's own default, nothing to pick
    window.properties.set_param("provider", "kling")
    assert items()[:2] == ["", "kling-v2-1"] and "kling-v2-5-turbo" in items()
    editor.combo.setEditText("kling-v2-6")
    editor.combo.lineEdit().editingFinished.emit()
    assert window.session.graph.node(nid).params["model"] == "kling-v2-6"


def _wheel(widget, steps=-1):
    """One notch of the mouse wheel over ``widget`` (down when ``steps`` < 0)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


def test_the_wheel_scrolls_the_pane_and_leaves_unfocused_fields_alone(qtbot, make_window):
    window, nid, pane = _form(make_window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.canvas.viewer.setFocus()
    combo, spin = pane.editors["mode"].combo, pane.editors["count"].spin
    edits = len(window.session.project.undo._done)
    for field in (combo, spin):
        assert not field.hasFocus()
        # Ignored, so a real (spontaneous) wheel event goes on to the scroll area; Qt does
        # not pass on synthetic ones, so the scrolling itself is checked under Xvfb.
        assert not _wheel(field).isAccepted()
    assert combo.currentData() == "fast" and spin.value() == 3
    params = window.session.graph.node(nid).params
    assert (params["mode"], params["count"]) == ("fast", 3)
    assert len(window.session.project.undo._done) == edits  # nothing was set

    spin.setFocus()  # a clicked (focused) field does take the wheel
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    _wheel(spin, steps=1)
    assert spin.value() == 4
    assert window.session.graph.node(nid).params["count"] == 4


def test_the_properties_pane_is_tall_by_default(qtbot, make_window):
    window = make_window()
    window.resize(1500, 900)
    window._default_layout()
    qtbot.waitUntil(lambda: window.docks["properties"].height() >= 0.4 * window.height(),
                    timeout=2000)
    # the right column runs the full height, beside the storyboard, not above it
    assert window.docks["preview"].geometry().bottom() > window.docks["storyboard"].geometry().top()
