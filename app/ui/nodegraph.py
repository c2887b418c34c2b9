"""NodeGraphQt, imported without its costly ``distutils`` import.

NodeGraphQt 0.6 imports ``distutils.version.LooseVersion`` (in its menus and viewer) only
to check that Qt is 5.10 or newer. In a virtual environment setuptools' ``distutils``
stand-in answers that import by loading setuptools and ``pkg_resources``: about 0.4 s of
a 1 s start-up budget. While NodeGraphQt is imported, a small ``distutils.version`` that
compares dotted versions numerically takes its place; it is removed from ``sys.modules``
afterwards, so anything that imports ``distutils`` later gets the real one.
"""

from __future__ import annotations

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


_import_nodegraphqt()

from NodeGraphQt import BaseNode, NodeGraph  # noqa: E402
from NodeGraphQt.qgraphics.node_abstract import AbstractNodeItem  # noqa: E402
from NodeGraphQt.qgraphics.node_base import NodeItem  # noqa: E402
from NodeGraphQt.widgets.viewer import NodeViewer  # noqa: E402

__all__ = ["AbstractNodeItem", "BaseNode", "NodeGraph", "NodeItem", "NodeViewer"]
