"""NodeGraphQt, imported without its costly ``distutils`` import and without Qt.py.

NodeGraphQt 0.6 imports ``distutils.version.LooseVersion`` (in its menus and viewer) only
to check that Qt is 5.10 or newer. In a virtual environment setuptools' ``distutils``
stand-in answers that import by loading setuptools and ``pkg_resources``: about 0.4 s of
a 1 s start-up budget. While NodeGraphQt is imported, a small ``distutils.version`` that
compares dotted versions numerically takes its place; it is removed from ``sys.modules``
afterwards, so anything that imports ``distutils`` later gets the real one.

NodeGraphQt reaches Qt through Qt.py, which on import loads every PySide6 module there
is (QtQuick, QtQml, QtSql, QtWebChannel, ...) and builds its compatibility tables: about
a third of a second of start-up. Only NodeGraphQt uses it here, and it needs little of
it: ``Qt`` is set to a small module of the four PySide6 modules it names, with the
classes Qt 6 moved (``QAction``, ``QUndoStack``, ``QUndoCommand`` into QtGui; the
graphics-item style option into QtWidgets) also where Qt 5 had them, and ``QtCompat``'s
one call it makes. If anything imported Qt.py first, that one is used.

NodeGraphQt names Qt's enum values the Qt 5 way (``QGraphicsItem.ItemSelectedChange``).
PySide6 answers such a name by searching every enum of the class, on every access (5 to
15 µs); NodeGraphQt does it in ``itemChange``, which Qt calls for nearly every change of
every item: about a fifth of the time a large graph takes to load. The classes it names
get those names as plain attributes (the same enum members), found at once.
"""

from __future__ import annotations

import enum
import re
import sys
import types
from functools import total_ordering


@total_ordering
class _Version:
    """Just enough of ``LooseVersion`` for ``qVersion() >= '5.10'``."""

    def __init__(self, text: str):
        self.parts = tuple(int(p) for p in re.findall(r"\d+", str(text)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Version) and self.parts == other.parts

    def __lt__(self, other: _Version) -> bool:
        return self.parts < other.parts

    def __hash__(self) -> int:
        return hash(self.parts)


def _qt_for_nodegraphqt() -> None:
    """``sys.modules["Qt"]``: the PySide6 modules NodeGraphQt names, Qt 5 names kept."""
    if "Qt" in sys.modules:
        return
    from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

    def merged(name: str, base: types.ModuleType, extra: dict[str, object]) -> types.ModuleType:
        module = types.ModuleType(name)
        module.__dict__.update(extra)

        def lookup(attr: str) -> object:  # PySide6 makes its classes on first use
            value = getattr(base, attr)
            setattr(module, attr, value)  # looked up once
            return value

        module.__getattr__ = lookup  # type: ignore[attr-defined]  # PEP 562
        return module

    widgets = merged("Qt.QtWidgets", QtWidgets, {
        "QAction": QtGui.QAction, "QActionGroup": QtGui.QActionGroup,
        "QShortcut": QtGui.QShortcut, "QUndoStack": QtGui.QUndoStack,
        "QUndoCommand": QtGui.QUndoCommand, "QObject": QtCore.QObject})
    gui = merged("Qt.QtGui", QtGui, {
        "QStyleOptionGraphicsItem": QtWidgets.QStyleOptionGraphicsItem,
        "QStyleOptionViewItem": QtWidgets.QStyleOptionViewItem})
    compat = types.ModuleType("Qt.QtCompat")
    compat.QHeaderView = QtWidgets.QHeaderView  # type: ignore[attr-defined]
    qt = types.ModuleType("Qt")
    qt.__dict__.update({
        "QtCore": QtCore, "QtGui": gui, "QtWidgets": widgets, "QtSvg": QtSvg,
        "QtCompat": compat, "__binding__": "PySide6", "IsPySide6": True,
        "IsPySide2": False, "IsPyQt5": False, "IsPyQt4": False, "IsPySide": False,
    })
    sys.modules["Qt"] = qt


def _plain_enum_names() -> None:
    """Qt 5 style enum names as class attributes, on the classes NodeGraphQt's items use."""
    from PySide6 import QtCore, QtGui, QtWidgets

    for owner in (QtCore.Qt, QtGui.QPainter, QtWidgets.QGraphicsItem):
        for value in list(vars(owner).values()):
            if not (isinstance(value, type) and issubclass(value, enum.Enum)):
                continue
            for name, member in value.__members__.items():
                if not any(name in vars(base) for base in owner.__mro__):
                    setattr(owner, name, member)


def _import_nodegraphqt() -> None:
    if "NodeGraphQt" in sys.modules or "distutils" in sys.modules:
        import NodeGraphQt  # noqa: F401 - already cheap, or distutils is loaded anyway
        return
    package = types.ModuleType("distutils")
    package.__path__ = []  # a package, so ``distutils.version`` resolves under it
    version = types.ModuleType("distutils.version")
    version.LooseVersion = _Version  # type: ignore[attr-defined]
    package.version = version  # type: ignore[attr-defined]
    sys.modules["distutils"], sys.modules["distutils.version"] = package, version
    try:
        import NodeGraphQt  # noqa: F401
        import NodeGraphQt.widgets.viewer  # noqa: F401
    finally:
        for name in ("distutils.version", "distutils"):
            if sys.modules.get(name) in (package, version):
                del sys.modules[name]


_qt_for_nodegraphqt()
_plain_enum_names()
try:
    _import_nodegraphqt()
except BaseException:
    sys.modules.pop("Qt", None)  # let a retry (or another user of Qt.py) start afresh
    raise

from NodeGraphQt import BaseNode, NodeGraph  # noqa: E402
from NodeGraphQt.constants import (  # noqa: E402
    ICON_NODE_BASE,
    ITEM_CACHE_MODE,
    Z_VAL_PIPE,
    NodeEnum,
    PipeEnum,
    PortEnum,
    PortTypeEnum,
)
from NodeGraphQt.qgraphics.node_abstract import AbstractNodeItem  # noqa: E402
from NodeGraphQt.qgraphics.node_base import NodeItem  # noqa: E402
from NodeGraphQt.qgraphics.node_overlay_disabled import XDisabledItem  # noqa: E402
from NodeGraphQt.qgraphics.node_text_item import NodeTextItem  # noqa: E402
from NodeGraphQt.qgraphics.pipe import PipeItem  # noqa: E402
from NodeGraphQt.qgraphics.port import PortItem  # noqa: E402
from NodeGraphQt.widgets.viewer import NodeViewer  # noqa: E402

__all__ = [
    "ICON_NODE_BASE",
    "ITEM_CACHE_MODE",
    "AbstractNodeItem",
    "BaseNode",
    "NodeEnum",
    "NodeGraph",
    "NodeItem",
    "NodeTextItem",
    "NodeViewer",
    "PipeEnum",
    "PipeItem",
    "PortEnum",
    "PortItem",
    "PortTypeEnum",
    "XDisabledItem",
    "Z_VAL_PIPE",
]
