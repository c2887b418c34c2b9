"""A module imported the first time one of its names is used.

OpenCV costs about 0.15 s to import and the editor's start needs none of it, yet the
modules that warp, fingerprint or check pictures name it at their top. ``lazy_module``
stands in for such an import::

    cv2 = lazy_module("cv2")   # imported on the first ``cv2.<name>``
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _LazyModule:
    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def _load(self) -> ModuleType:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return module

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # no dunder look-up (copy, pickle, repr) imports it
            raise AttributeError(attr)
        return getattr(self._load(), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        """A module setting (``PIL.Image.MAX_IMAGE_PIXELS = None``) goes to the module."""
        if attr in ("_name", "_module"):
            object.__setattr__(self, attr, value)
        else:
            setattr(self._load(), attr, value)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{'' if self._module is None else ' (loaded)'}>"


def lazy_module(name: str) -> Any:
    """``name``, imported when first used (typed ``Any``: use it as the module)."""
    return _LazyModule(name)
