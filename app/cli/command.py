"""The ``shotgraph`` click group and what every command uses: the consoles, opening a
project, naming nodes, failing with the right exit code.

Every command runs inside ``ShotGraphGroup.main``: an unexpected error writes its
traceback to the log file and prints one line naming the log (exit 1), Ctrl+C exits 130,
usage errors exit 2. Commands only call ``fail(message, code)``.
"""

from __future__ import annotations

import importlib
import logging
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.text import Text

from app.core import logs
from app.core.failures import explain
from app.core.graph import GraphError
from app.core.store.project import Project, ProjectError

console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)  # a line a script reads stays one line
log = logging.getLogger("shotgraph.cli")

OK, FAILED, USAGE, BUDGET, INTERRUPTED = 0, 1, 2, 3, 130

EXIT_CODES = (
    "Exit codes: 0 ok, 1 a node or run failed, 2 usage or bad input, 3 budget stop, "
    "130 interrupted. Details of any failure (with tracebacks) go to the log: "
    "<project>/logs/shotgraph.log, and the app's log in the user data folder."
)


def app_version() -> str:
    try:
        return version("shotgraph")
    except PackageNotFoundError:
        return "0.1.0"


def registry() -> Any:
    """The node registry (imported on first use: it loads every node family)."""
    from nodes.registry import default_registry

    return default_registry()


def say_error(message: str, *, label: str = "error") -> None:
    """One error line on stderr (never wrapped, never read as markup)."""
    console.print(Text.assemble((f"{label}: ", "red"), message), soft_wrap=True)


def fail(message: str, code: int = FAILED) -> NoReturn:
    """Print ``message`` as one error line, log it, and exit with ``code``.

    A failed run (code 1) names the log file, where the details are.
    """
    log.error("%s (exit %d)", message, code)
    where = logs.current_log()
    if code == FAILED and where is not None:
        message = f"{message} (details: {where})"
    say_error(message, label="stopped" if code in (BUDGET, INTERRUPTED) else "error")
    sys.exit(code)


# Where each command is defined: its module is imported when the command is named (so
# ``shotgraph run`` loads neither the delivery checks of ``match`` nor ``series``), every
# module when the commands are listed (``--help``). A module registers its commands on
# ``cli``; one that names an attribute is added here.
COMMAND_MODULES: dict[str, tuple[str, str | None]] = {
    "doctor": ("app.cli.doctor", None),
    "match": ("app.cli.match", None),
    "new": ("app.cli.project", None),
    "gc": ("app.cli.project", None),
    "nodes": ("app.cli.project", None),
    "gui": ("app.cli.project", None),
    "providers": ("app.cli.providers", None),
    "run": ("app.cli.run", None),
    "costs": ("app.cli.run", None),
    "series": ("app.cli.series", None),
    "set": ("app.cli.settings", None),
    "show": ("app.cli.settings", None),
    "shot": ("app.cli.shot", None),
    "takes": ("app.cli.takes", None),
    "timeline": ("app.cli.timeline", None),
    "verify": ("app.cli.verify", "verify_command"),
}


class ShotGraphGroup(click.Group):
    """The click group whose ``main`` gives every command the same exit codes and logs,
    and loads a command's module when it is first named (``COMMAND_MODULES``)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module_name, attribute = COMMAND_MODULES[cmd_name]
            module = importlib.import_module(module_name)
            if attribute and cmd_name not in self.commands:
                self.add_command(getattr(module, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        logs.install_app_log()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort as exc:
            code = _interrupted() if isinstance(exc.__cause__, KeyboardInterrupt) else FAILED
        except click.ClickException as exc:
            log.info("usage: %s", exc.format_message())
            exc.show()
            code = USAGE
        except KeyboardInterrupt:
            code = _interrupted()
        except Exception as exc:  # noqa: BLE001 - the one place nothing may escape to the screen
            code = _unexpected(exc)
        sys.exit(code if isinstance(code, int) else OK)


def _interrupted() -> int:
    log.info("interrupted (Ctrl+C)")
    say_error("interrupted; nothing half-written was kept", label="stopped")
    return INTERRUPTED


def _unexpected(exc: BaseException) -> int:
    """Traceback to the log; one line on screen saying what happened and where to look."""
    log.error("unexpected error", exc_info=exc)
    plain = explain(exc)
    where = logs.current_log()
    details = f" (details: {where})" if where is not None else ""
    if plain:
        say_error(plain + details)
    else:
        say_error(f"something went wrong ({type(exc).__name__}: {exc}); please report it with "
                  f"the log{details}")
    return FAILED


@click.group(cls=ShotGraphGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_CODES)
@click.version_option(app_version(), prog_name="shotgraph")
def cli() -> None:
    """ShotGraph: AI microdramas as a node graph (script, stills, clips, voice, music, MP4)."""


def open_project(path: Path) -> Project:
    """The project at ``path`` (folder or file), or exit 2 with why it cannot be opened."""
    try:
        return Project.open(path, registry())
    except ProjectError as exc:
        fail(str(exc), USAGE)


def node_targets(project: Project, only: tuple[str, ...]) -> list[str] | None:
    """Node ids for titles or ids in ``only`` (None when empty); exit 2 on an unknown one."""
    try:
        return [project.graph.find(ref).id for ref in only] or None
    except GraphError as exc:
        fail(str(exc), USAGE)
