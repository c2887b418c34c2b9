"""The Properties pane: a form generated from the selected node's params model.

Each field gets an editor chosen from its type and UI hint; every edit is one
``SetParam``. A value the model refuses is shown under the field and not applied.
"""

from __future__ import annotations

import json
import random
import types
import typing
from typing import Any, Literal

from pydantic.fields import FieldInfo
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.graph import RenameNode, SetParam
from app.ui.names import choice_label, family, field_label, node_name, tr_node, type_title
from app.ui.session import Session
from app.ui.wheel import ComboBox, DoubleSpinBox, SpinBox

INT_LIMIT = 2**31 - 1


# -- reading a field ---------------------------------------------------------------------


def ui_hint(info: FieldInfo) -> str:
    extra = info.json_schema_extra
    return str(extra.get("ui", "")) if isinstance(extra, dict) else ""


def base_annotation(annotation: Any) -> Any:
    """``X | None`` -> ``X``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def choices(info: FieldInfo) -> list[Any]:
    annotation = base_annotation(info.annotation)
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    extra = info.json_schema_extra
    return list(extra.get("choices", [])) if isinstance(extra, dict) else []


def bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    """The (low, high) a number may take, from ge/gt/le/lt constraints."""
    low = high = None
    for m in info.metadata:
        low = getattr(m, "ge", None) if getattr(m, "ge", None) is not None else low
        low = getattr(m, "gt", None) if getattr(m, "gt", None) is not None else low
        high = getattr(m, "le", None) if getattr(m, "le", None) is not None else high
        high = getattr(m, "lt", None) if getattr(m, "lt", None) is not None else high
    return low, high


# -- editors -------------------------------------------------------------------------------


class FieldEditor(QWidget):
    """One field's editor: ``committed`` carries a new value; ``set_value`` shows one."""

    committed = Signal(object)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class LineEditor(FieldEditor):
    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit(self)
        _single(self, self.edit)
        self.edit.editingFinished.connect(lambda: self.committed.emit(self.edit.text()))

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class JsonEditor(LineEditor):
    """Lists and dicts as JSON; text that is not JSON is reported, not committed."""

    def __init__(self) -> None:
        FieldEditor.__init__(self)
        self.edit = QLineEdit(self)
        _single(self, self.edit)
        self.edit.editingFinished.connect(self._commit)
        self.error = ""

    def _commit(self) -> None:
        try:
            self.committed.emit(json.loads(self.edit.text()))
        except ValueError as exc:
            self.committed.emit(_Invalid(self.tr("not valid JSON: %s") % exc))

    def set_value(self, value: Any) -> None:
        self.edit.setText(json.dumps(value, ensure_ascii=False))


class _Invalid:
    """A value the editor itself could not parse."""

    def __init__(self, message: str):
        self.message = message


class _PlainText(QPlainTextEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.focus_lost.emit()


class MultilineEditor(FieldEditor):
    def __init__(self) -> None:
        super().__init__()
        self.edit = _PlainText(self)
        self.edit.setFixedHeight(90)
        _single(self, self.edit)
        self._shown = ""
        self.edit.focus_lost.connect(self._commit)

    def _commit(self) -> None:
        if self.edit.toPlainText() != self._shown:
            self.committed.emit(self.edit.toPlainText())

    def set_value(self, value: Any) -> None:
        self._shown = "" if value is None else str(value)
        self.edit.setPlainText(self._shown)


class NumberEditor(FieldEditor):
    def __init__(self, is_int: bool, low: float | None, high: float | None) -> None:
        super().__init__()
        self.spin = SpinBox(self) if is_int else DoubleSpinBox(self)
        if not is_int:
            self.spin.setDecimals(2)
        lo = -INT_LIMIT if low is None else low
        hi = INT_LIMIT if high is None else high
        self.spin.setRange(int(lo) if is_int else lo, int(hi) if is_int else hi)
        self.spin.setKeyboardTracking(False)
        _single(self, self.spin)
        self.spin.valueChanged.connect(self.committed.emit)

    def set_value(self, value: Any) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(value if value is not None else 0)
        self.spin.blockSignals(False)


class SeedEditor(NumberEditor):
    def __init__(self) -> None:
        super().__init__(True, 0, INT_LIMIT)
        self.dice = dice = QPushButton(self.tr("Random"), self)
        dice.setToolTip(self.tr("New random seed"))
        self.layout().addWidget(dice)
        dice.clicked.connect(lambda: self.spin.setValue(random.randint(0, 999_999)))


class BoolEditor(FieldEditor):
    def __init__(self) -> None:
        super().__init__()
        self.box = QCheckBox(self)
        _single(self, self.box)
        self.box.toggled.connect(self.committed.emit)

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)


class ChoiceEditor(FieldEditor):
    """A pick from ``options``; ``labels`` (same order) is what the creator reads."""

    def __init__(self, options: list[Any], labels: list[str] | None = None) -> None:
        super().__init__()
        self.combo = ComboBox(self)
        for option, label in zip(options, labels or [str(o) for o in options], strict=True):
            self.combo.addItem(label, option)
        _single(self, self.combo)
        self.combo.activated.connect(lambda i: self.committed.emit(self.combo.itemData(i)))

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0 and value is not None:
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class ProviderEditor(ChoiceEditor):
    """A provider from the list, or a typed fallback chain such as "elevenlabs > local"."""

    def __init__(self, options: list[Any]) -> None:
        super().__init__(options)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(ComboBox.InsertPolicy.NoInsert)
        self.combo.setToolTip(self.tr(
            "Pick a provider, or type a fallback chain tried in order, e.g. %s"
        ) % " > ".join([*[o for o in options if o != "local"][:2], "local"]))
        self.combo.lineEdit().editingFinished.connect(self._typed)

    def _typed(self) -> None:
        text = self.combo.currentText().strip()
        if text:
            self.committed.emit(text)


class ModelEditor(ChoiceEditor):
    """A model of the node's provider (from the core's model table), or any typed name;
    the empty choice is the provider's default."""

    def __init__(self, capability: str) -> None:
        super().__init__([])
        self.capability = capability
        self._provider: str | None = None
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().editingFinished.connect(
            lambda: self.committed.emit(self.combo.currentText().strip())
        )

    def show_choices(self, provider: str) -> None:
        """Offer the models of ``provider`` (a chain offers its first member's)."""
        from app.core.providers.models import model_names

        first = provider.split(">")[0].split(":")[0].strip()
        if first == self._provider:
            return
        self._provider = first
        self.combo.blockSignals(True)
        self.combo.clear()
        for name in ["", *model_names(self.capability, first)]:
            self.combo.addItem(name, name)
        self.combo.blockSignals(False)


class FileEditor(LineEditor):
    def __init__(self) -> None:
        super().__init__()
        browse = QPushButton(self.tr("Browse…"), self)
        self.layout().addWidget(browse)
        browse.clicked.connect(self._browse)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"), self.edit.text())
        if path:
            self.edit.setText(path)
            self.committed.emit(path)


def _single(parent: QWidget, child: QWidget) -> None:
    layout = QHBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(child)


def editor_for(info: FieldInfo, capability: str | None) -> FieldEditor:
    """The editor a field gets, from its UI hint first, then its type."""
    hint, annotation = ui_hint(info), base_annotation(info.annotation)
    if hint == "multiline":
        return MultilineEditor()
    if hint == "seed":
        return SeedEditor()
    if hint == "file":
        return FileEditor()
    if hint == "provider" and capability:
        from app.core.providers import provider_names

        return ProviderEditor(provider_names(capability))
    if hint == "model" and capability:
        return ModelEditor(capability)
    if hint == "choice" or choices(info):
        options = choices(info)
        return ChoiceEditor(options, [choice_label(o) for o in options])
    if annotation is bool:
        return BoolEditor()
    if annotation in (int, float):
        return NumberEditor(annotation is int, *bounds(info))
    if typing.get_origin(annotation) in (list, dict) or annotation in (list, dict):
        return JsonEditor()
    return LineEditor()


# -- the pane --------------------------------------------------------------------------------


class PropertiesPane(QScrollArea):
    """Shows the selected node's settings; edits go to the model as commands."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        self.node_id = ""
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        self._show_empty()
        session.changed.connect(self._on_changed)

    def show_node(self, node_id: str) -> None:
        self.node_id = node_id
        if node_id not in self.session.graph.nodes:
            self._show_empty()
            return
        node_type = self.session.node_type(node_id)
        form_host = QWidget()
        outer = QVBoxLayout(form_host)
        outer.addWidget(self._header(node_type))
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.editors, self.errors = {}, {}
        self._title_editor(form)
        for name, info in node_type.Params.model_fields.items():
            self._add_field(form, name, info, node_type.capability)
        self.setWidget(form_host)
        self.refresh()

    def _header(self, node_type: Any) -> QLabel:
        text = (f"<b>{type_title(node_type)}</b> <i>({family(node_type.category)})</i><br>"
                f"{tr_node(node_type.description)}")
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def _title_editor(self, form: QFormLayout) -> None:
        editor = LineEditor()
        editor.committed.connect(self._rename)
        form.addRow(self.tr("Title"), editor)
        self.editors["__title__"] = editor

    def _add_field(self, form: QFormLayout, name: str, info: FieldInfo, capability: Any) -> None:
        editor = editor_for(info, capability)
        editor.setToolTip(tr_node(info.description or ""))
        editor.committed.connect(lambda value, n=name: self.set_param(n, value))
        error = QLabel(objectName="error", wordWrap=True)
        error.hide()
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(editor)
        col.addWidget(error)
        form.addRow(field_label(name, info), box)
        self.editors[name], self.errors[name] = editor, error

    def set_param(self, name: str, value: Any) -> bool:
        """Apply one edit; a refused value is shown under its field and the model is unchanged."""
        node = self.session.graph.nodes.get(self.node_id)
        if node is None or name in node.params and node.params[name] == value:
            return False
        if isinstance(value, _Invalid):
            self._show_error(name, value.message)
            return False
        ok = self.session.push(SetParam(self.node_id, name, value))
        self._show_error(name, "" if ok else self.session.last_error)
        return ok

    def _rename(self, title: str) -> None:
        node = self.session.graph.nodes.get(self.node_id)
        # the field shows a built-in title translated: leaving it as shown is no rename
        if node is not None and title != node_name(self.session.graph, self.node_id):
            self.session.push(RenameNode(self.node_id, title))

    def _show_error(self, name: str, message: str) -> None:
        label = self.errors.get(name)
        if label is not None:
            label.setText(message)
            label.setVisible(bool(message))

    def refresh(self) -> None:
        """Show the model's current values (after undo/redo or an edit elsewhere)."""
        node = self.session.graph.nodes.get(self.node_id)
        if node is None:
            return
        # Params a project file leaves out take their defaults; show those.
        values = {**self.session.node_type(self.node_id).default_params(), **node.params}
        for name, editor in self.editors.items():
            if isinstance(editor, ModelEditor):
                editor.show_choices(str(values.get("provider") or "local"))
            shown = node_name(self.session.graph, self.node_id) if name == "__title__" else None
            editor.set_value(shown if name == "__title__" else values.get(name))

    def _on_changed(self, command: Any, how: str) -> None:
        if self.node_id and self.node_id not in self.session.graph.nodes:
            self._show_empty()
        elif self.node_id:
            self.refresh()

    def _show_empty(self) -> None:
        self.node_id = ""
        self.editors, self.errors = {}, {}
        label = QLabel(self.tr("Select a node to see its settings."))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(label)
