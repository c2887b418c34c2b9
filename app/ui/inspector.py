"""The Shot inspector: the selected shot's fields in plain editors.

Every edit is one undoable command on the Shots node (``storyboard.edit_shot``), checked
against the shot schema first so a bad value is shown under its field and never applied.
The fields are the list ``SHOT_FIELDS``: a new one is one entry (the shot field it edits,
its label, and how to make its editor).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.screenplay import CameraMove, Shot
from app.ui.properties import ChoiceEditor, FieldEditor, MultilineEditor, NumberEditor
from app.ui.session import Session
from app.ui.storyboard import Card, edit_shot

CONTEXT = "ShotInspector"
CAMERA_LABELS = {
    "static": QT_TRANSLATE_NOOP("ShotInspector", "static"),
    "push_in": QT_TRANSLATE_NOOP("ShotInspector", "push in"),
    "pull_out": QT_TRANSLATE_NOOP("ShotInspector", "pull out"),
    "pan_left": QT_TRANSLATE_NOOP("ShotInspector", "pan left"),
    "pan_right": QT_TRANSLATE_NOOP("ShotInspector", "pan right"),
    "tilt_up": QT_TRANSLATE_NOOP("ShotInspector", "tilt up"),
    "tilt_down": QT_TRANSLATE_NOOP("ShotInspector", "tilt down"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class ShotContext:
    """What an editor may need to know about the shot: its card and its cast."""

    card: Card
    cast: list[tuple[str, str]]  # (id, name) of everyone in the script


@dataclass(frozen=True)
class ShotField:
    """One field of the inspector: the shot field it edits, its label, its editor."""

    name: str
    label: str  # English, marked for translation
    make: Callable[[ShotContext], FieldEditor]
    empty_is_none: bool = False  # "" from the editor means "not set" (e.g. no speaker)


def _multiline(height: int) -> Callable[[ShotContext], FieldEditor]:
    def make(context: ShotContext) -> FieldEditor:
        editor = MultilineEditor()
        editor.edit.setFixedHeight(height)
        return editor

    return make


def _duration(context: ShotContext) -> FieldEditor:
    info = Shot.model_fields["duration"]
    low = next(m.ge for m in info.metadata if getattr(m, "ge", None) is not None)
    high = next(m.le for m in info.metadata if getattr(m, "le", None) is not None)
    editor = NumberEditor(False, low, high)
    editor.spin.setSingleStep(0.1)
    editor.spin.setSuffix(" s")
    return editor


def _speaker(context: ShotContext) -> FieldEditor:
    ids = ["", *(cid for cid, _ in context.cast)]
    nobody = QCoreApplication.translate("ShotInspector", "(nobody)")
    return ChoiceEditor(ids, [nobody, *(name for _, name in context.cast)])


def _camera(context: ShotContext) -> FieldEditor:
    moves = list(typing.get_args(CameraMove))
    return ChoiceEditor(moves, [tr(CAMERA_LABELS.get(m, m)) for m in moves])


SHOT_FIELDS: list[ShotField] = [
    ShotField("description", QT_TRANSLATE_NOOP("ShotInspector", "Description"), _multiline(96)),
    ShotField("speaker", QT_TRANSLATE_NOOP("ShotInspector", "Speaker"), _speaker,
              empty_is_none=True),
    ShotField("line", QT_TRANSLATE_NOOP("ShotInspector", "Line"), _multiline(60)),
    ShotField("duration", QT_TRANSLATE_NOOP("ShotInspector", "Duration"), _duration),
    ShotField("camera", QT_TRANSLATE_NOOP("ShotInspector", "Camera move"), _camera),
]


def cast_of(cards: list[Card]) -> list[tuple[str, str]]:
    """(id, name) of every character any shot shows or hears, in order of appearance."""
    found: dict[str, str] = {}
    for card in cards:
        for member in card.fields.get("cast") or []:
            found.setdefault(member.get("id", ""), member.get("name") or member.get("id", ""))
    return [(cid, name) for cid, name in found.items() if cid]


def check_shot(fields: dict[str, Any], name: str, value: Any) -> str:
    """Why the shot with ``name`` set to ``value`` is not a valid shot ("" when it is)."""
    data = {k: v for k, v in fields.items() if k in Shot.model_fields}
    data[name] = value
    try:
        Shot.model_validate(data)
    except ValidationError as exc:
        mine = [e for e in exc.errors() if e["loc"] and e["loc"][0] == name] or exc.errors()
        return str(mine[0]["msg"])
    return ""


class ShotInspector(QScrollArea):
    """The selected shot's description, speaker, line, duration and camera move."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        self.card: Card | None = None
        self.shots_node = ""
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        self.show_card(None, "")

    def show_card(self, card: Card | None, shots_node: str, cast: list[tuple[str, str]] = ()
                  ) -> None:
        """Edit ``card`` (a shot of ``shots_node``); None shows a hint instead."""
        same = card is not None and self.card is not None and card.shot_id == self.card.shot_id
        self.card, self.shots_node = card, shots_node
        if card is None:
            self.editors, self.errors = {}, {}
            hint = QLabel(self.tr("Click a shot in the storyboard to edit it here."))
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            hint.setWordWrap(True)
            self.setWidget(hint)
            return
        if not same or not self.editors:
            self._build(ShotContext(card, list(cast)))
        self.refresh()

    def _build(self, context: ShotContext) -> None:
        host = QWidget()
        outer = QVBoxLayout(host)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        form = QFormLayout()
        outer.addLayout(form)
        note = QLabel(self.tr("A change re-makes this shot's still, clip and voice on the next "
                              "Run; the other shots come from the cache."))
        note.setWordWrap(True)
        note.setObjectName("hint")
        outer.addWidget(note)
        outer.addStretch(1)
        self.editors, self.errors = {}, {}
        for f in SHOT_FIELDS:
            self._add(form, f, context)
        self.setWidget(host)

    def _add(self, form: QFormLayout, field: ShotField, context: ShotContext) -> None:
        editor = field.make(context)
        editor.setObjectName(f"shot_{field.name}")
        editor.committed.connect(lambda value, f=field: self.set_field(f, value))
        error = QLabel(objectName="error", wordWrap=True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(editor)
        column.addWidget(error)
        form.addRow(tr(field.label), box)
        self.editors[field.name], self.errors[field.name] = editor, error

    def refresh(self, card: Card | None = None) -> None:
        """Show the shot's current values; a field being typed in is left alone."""
        if card is not None and self.card is not None and card.shot_id == self.card.shot_id:
            self.card = card
        if self.card is None or not self.editors:
            return
        c = self.card
        title = self.tr("Shot %d") % (c.index + 1)
        self.heading.setText(f"<b>{title}</b> · {c.shot_id}")
        for name, editor in self.editors.items():
            if editor.focusWidget() is not None and editor.focusWidget().hasFocus():
                continue
            editor.set_value(c.fields.get(name) if name != "speaker" else c.speaker_id)

    def set_field(self, field: ShotField | str, value: Any) -> bool:
        """Apply one edit of the shown shot; a value the shot schema refuses is shown, not set."""
        if isinstance(field, str):
            field = next(f for f in SHOT_FIELDS if f.name == field)
        if self.card is None:
            return False
        if field.empty_is_none and value == "":
            value = None
        if self.card.fields.get(field.name) == value:
            return False
        problem = check_shot(self.card.fields, field.name, value)
        if not problem and field.name == "line" and value and not self.card.speaker_id:
            problem = self.tr("Pick a speaker for the line first.")
        if not problem and field.name == "speaker" and not value and self.card.fields.get("line"):
            problem = self.tr("A line needs a speaker: clear the line first.")
        self._show_error(field.name, problem)
        if problem:
            return False
        ok = edit_shot(self.session, self.shots_node, self.card.shot_id, {field.name: value})
        if ok:
            self.card.fields[field.name] = value  # until the board is rebuilt from the model
        else:
            self._show_error(field.name, self.session.last_error)
        return ok

    def _show_error(self, name: str, message: str) -> None:
        label = self.errors.get(name)
        if label is not None:
            label.setText(message)
            label.setVisible(bool(message))
