"""Where ShotGraph writes what went wrong: rotated log files with full tracebacks.

One log for the app in the user data folder (``SHOTGRAPH_DATA_DIR`` moves it) and one per
open project (``<project>/logs/shotgraph.log``). The screen gets one line that names the
log; the traceback goes to the file. Secrets are masked before a line is written.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import platformdirs

LOG_NAME = "shotgraph.log"
PROJECT_LOGS = "logs"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
MASK = "[redacted]"

# Environment variables that hold secrets (SHOTGRAPH_KLING_SECRET_KEY, OPENAI_API_KEY, ...).
_SECRET_ENV = re.compile(r"(?i)(API_KEY|SECRET|ACCESS_KEY|TOKEN|PASSWORD)")
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")

_redactors: list[Callable[[str], str]] = []
_handlers: dict[Path, RotatingFileHandler] = {}
_users: dict[Path, int] = {}


def data_dir() -> Path:
    """The app's user data folder (``SHOTGRAPH_DATA_DIR`` moves it, for tests)."""
    override = os.environ.get("SHOTGRAPH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("ShotGraph"))


def app_log_path() -> Path:
    """The app's own log file."""
    return data_dir() / "logs" / LOG_NAME


def project_log_path(folder: Path) -> Path:
    """The log file of the project in ``folder``."""
    return Path(folder) / PROJECT_LOGS / LOG_NAME


def add_redactor(redact: Callable[[str], str]) -> None:
    """Also pass every log line through ``redact`` (e.g. the providers' key masking)."""
    if redact not in _redactors:
        _redactors.append(redact)


def redact(text: str) -> str:
    """``text`` with secret environment values, bearer tokens and registered secrets masked."""
    for name, value in os.environ.items():
        if value and len(value) >= 6 and _SECRET_ENV.search(name):
            text = text.replace(value, MASK)
    text = _BEARER.sub(r"\1" + MASK, text)
    for extra in _redactors:
        text = extra(text)
    return text


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _LogFile(RotatingFileHandler):
    """A rotated log file that never complains on screen: when the disk is full the line
    is dropped (the one-line message on screen still says what happened)."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


def _attach(path: Path, level: int) -> Path | None:
    """Add a rotating handler writing to ``path``; None when the file cannot be written."""
    path = path.resolve()
    if path in _handlers:
        _users[path] += 1
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None  # a read-only folder or a full disk: the other log still works
    handler.setLevel(level)
    handler.setFormatter(_RedactingFormatter(_FORMAT))
    logging.getLogger().addHandler(handler)
    _handlers[path], _users[path] = handler, 1
    return path


def _detach(path: Path) -> None:
    path = path.resolve()
    if path not in _handlers:
        return
    _users[path] -= 1
    if _users[path] > 0:
        return
    handler = _handlers.pop(path)
    del _users[path]
    logging.getLogger().removeHandler(handler)
    handler.close()


def install_app_log(level: int = logging.INFO) -> Path | None:
    """Log INFO and above to the app's log file (done once by the CLI and the app)."""
    root = logging.getLogger()
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    for noisy in ("alembic", "urllib3", "PIL", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return _attach(app_log_path(), level)


def open_project_log(folder: Path) -> Path | None:
    """Start the project's log (while it is open); returns its path, None if unwritable."""
    return _attach(project_log_path(folder), logging.INFO)


def close_project_log(folder: Path) -> None:
    """Stop writing the project's log (the project was closed)."""
    _detach(project_log_path(folder))


def current_log() -> Path | None:
    """The log a message on screen should name: the open project's, else the app's."""
    projects = [p for p in _handlers if p != app_log_path().resolve()]
    if projects:
        return projects[-1]
    app = app_log_path().resolve()
    return app if app in _handlers else None


def log_uncaught_exceptions(show: Callable[[str], None] | None = None) -> None:
    """Send exceptions nothing caught (e.g. in an app's event handler) to the log with
    their traceback; ``show`` gets one line naming the log instead of the traceback."""
    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        logging.getLogger("shotgraph").error("uncaught error", exc_info=(kind, exc, tb))
        line = f"something went wrong ({kind.__name__}: {exc}); details: {current_log()}"
        (show or (lambda text: print(text, file=sys.stderr)))(line)

    sys.excepthook = hook
