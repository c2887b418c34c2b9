"""The desktop editor (PySide6 and NodeGraphQt over the Qt-free model).

Importing this package first imports the Qt-free modules every window needs: the
engine and the store (SQLAlchemy, pydantic), NumPy and the built-in node types. Once
PySide6 is loaded it reads the source of every module imported after it (looking for
``from __feature__ import``), which for these some 500 modules is a good part of a
second of start-up; imported before it, they are not read.
"""

import app.core.engine  # noqa: F401
from nodes.registry import default_registry

default_registry()  # imports every node family (discovered once per process)
