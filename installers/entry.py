"""Entry point of the bundled ``shotgraph`` executable (PyInstaller, see shotgraph.spec).

With arguments it is the ``shotgraph`` command; with none (a double-click on the
executable, the .desktop entry, the Start-menu shortcut or the macOS .app) it opens
the editor, where ``app.cli`` alone would print its help and exit.
"""

from __future__ import annotations

import sys


def cli_arguments(argv: list[str]) -> list[str]:
    """The arguments for the CLI: ``gui`` when the launcher passed nothing of ours."""
    # Finder on old macOS versions appends a process serial number, ``-psn_0_12345``.
    args = [a for a in argv[1:] if not a.startswith("-psn_")]
    return args or ["gui"]


def main() -> None:
    import multiprocessing

    # The editor runs its graph in a child process (app/ui/runner.py); in the bundle that
    # child is this executable again, and this call turns it into the child.
    multiprocessing.freeze_support()
    from app.cli import cli

    cli.main(args=cli_arguments(sys.argv), prog_name="shotgraph")


if __name__ == "__main__":
    main()
