"""The ``shotgraph`` command: the same graphs as the app, headless.

One module per command group registers its commands on the click group ``cli``
(``app.cli.command``): project, run, takes, shot, timeline, providers, verify, doctor,
match.
"""

from __future__ import annotations

from app.cli import (  # noqa: F401  (register commands)
    doctor,
    match,
    project,
    providers,
    run,
    shot,
    takes,
    timeline,
)
from app.cli.command import cli
from app.cli.verify import verify_command

cli.add_command(verify_command)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
