"""The desktop editor (PySide6 and NodeGraphQt over the Qt-free model).

Once PySide6 is loaded it looks at every module imported after it, to learn whether the
module selects a ``__feature__`` (snake_case, true_property): it reads the module's whole
source file (``shibokensupport.feature._mod_uses_pyside``, ``inspect.getsource``). For the
some 500 modules an editor imports (SQLAlchemy, NumPy, pydantic, our own) that was a good
part of a second of start-up, and it is why the editor once imported its Qt-free core
before PySide6. ShotGraph selects no feature anywhere, so the look is made from the
module's names instead: a module that holds anything of PySide6 is marked as one that
uses it (select id 0, PySide6's default), any other as one to ignore (-1), which is what
the source read would conclude for our modules. The editor can then load what its first
paint does not need after that paint (``app/ui/window.py``, ``run_app``).
"""

from __future__ import annotations

import types


def _uses_pyside(module: types.ModuleType) -> bool:
    """Whether ``module`` holds a PySide6 module, class or function among its names."""
    for value in list(vars(module).values()):
        name = value.__name__ if isinstance(value, types.ModuleType) \
            else getattr(value, "__module__", None)
        if isinstance(name, str) and name.startswith("PySide6"):
            return True
    return False


def _look_at_names_not_source() -> None:
    import PySide6.QtCore  # noqa: F401 - loads shibokensupport, whose look is replaced

    try:
        import shibokensupport.feature as feature  # only there once PySide6 is loaded
    except ImportError:  # a PySide6 without it: nothing to replace
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside


_look_at_names_not_source()
