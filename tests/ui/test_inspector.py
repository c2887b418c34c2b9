"""The Shot inspector and in-place editing on a storyboard card: plain fields, one undo each."""

from PySide6.QtCore import Qt

from app.core.graph import SetParam
from app.ui.inspector import SHOT_FIELDS
from app.ui.properties import ChoiceEditor, MultilineEditor, NumberEditor
from tests.ui.conftest import wait_run
from tests.ui.test_storyboard import script_to_stills


def _ready(qtbot, make_window, row=1):
    window = make_window()
    nodes = script_to_stills(window)
    window.run_all()
    wait_run(qtbot, window)
    window.storyboard.select_shot(row)
    return window, nodes


def _overrides(window, nodes):
    return window.session.graph.node(nodes["shots"]).params.get("overrides") or {}


def test_selecting_a_card_shows_its_fields_in_plain_editors(qtbot, make_window):
    window, nodes = _ready(qtbot, make_window)
    inspector = window.inspector
    card = window.storyboard.board.cards[1]
    assert inspector.card.shot_id == card.shot_id
    assert [f.name for f in SHOT_FIELDS] == ["description", "speaker", "line", "duration", "camera"]
    kinds = {name: type(e) for name, e in inspector.editors.items()}
    assert kinds == {"description": MultilineEditor, "speaker": ChoiceEditor,
                     "line": MultilineEditor, "duration": NumberEditor, "camera": ChoiceEditor}
    assert inspector.editors["description"].edit.toPlainText() == card.fields["description"]
    assert inspector.editors["line"].edit.toPlainText() == card.line
    assert inspector.editors["duration"].spin.value() == card.duration
    speaker = inspector.editors["speaker"].combo
    assert speaker.currentData() == card.speaker_id and speaker.currentText() == card.speaker
    camera = inspector.editors["camera"].combo
    assert camera.currentData() == card.fields["camera"]
    assert window.docks["shot"].isVisible()


def test_each_edit_is_one_undoable_override_and_bad_values_are_refused(qtbot, make_window):
    window, nodes = _ready(qtbot, make_window)
    inspector, shot = window.inspector, window.storyboard.board.cards[1].shot_id
    undo = window.session.project.undo
    steps = len(undo._done)
    description = inspector.editors["description"]
    description.edit.setPlainText("Rain on the rooftop, neon below.")
    description.edit.focus_lost.emit()
    camera = inspector.editors["camera"].combo
    camera.setCurrentIndex(camera.findData("push_in"))
    camera.activated.emit(camera.currentIndex())
    assert _overrides(window, nodes)[shot] == {
        "description": "Rain on the rooftop, neon below.", "camera": "push_in"}
    assert len(undo._done) == steps + 2 and isinstance(undo._done[-1], SetParam)
    window.undo()
    assert _overrides(window, nodes)[shot] == {"description": "Rain on the rooftop, neon below."}
    window.replan()
    assert inspector.editors["camera"].combo.currentData() != "push_in"  # shows the undo

    assert not inspector.set_field("duration", 0.4)  # shots last 1 to 20 s
    assert "greater than or equal to 1" in inspector.errors["duration"].text()
    assert "duration" not in _overrides(window, nodes)[shot]
    assert not inspector.set_field("speaker", "")  # it has a line: a speaker is needed
    assert not inspector.errors["speaker"].isHidden()
    assert inspector.set_field("duration", 2.5)
    assert inspector.errors["duration"].isHidden()
    window.replan()
    assert window.storyboard.board.cards[1].duration == 2.5


def test_the_line_is_edited_in_place_on_its_card(qtbot, make_window):
    from PySide6.QtWidgets import QLineEdit

    window, nodes = _ready(qtbot, make_window, row=0)
    board = window.storyboard
    shot = board.board.cards[0].shot_id
    window.activateWindow()
    board.list.setFocus()
    qtbot.keyClick(board.list, Qt.Key.Key_F2)
    editor = board.list.findChild(QLineEdit, "card_line_editor")
    assert editor is not None and editor.text() == board.board.cards[0].line
    editor.setText("Not tonight.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits it on the next event-loop turn
    qtbot.waitUntil(lambda: shot in _overrides(window, nodes), timeout=5000)
    assert _overrides(window, nodes)[shot] == {"line": "Not tonight."}
    window.replan()
    assert board.list.item(0).text().endswith("Not tonight.")
    assert window.inspector.editors["line"].edit.toPlainText() == "Not tonight."
