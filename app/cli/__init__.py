"""The ``shotgraph`` command: the same graphs as the app, headless.

One module per command group registers its commands on the click group ``cli``
(``app.cli.command``): project, run, settings (set/show), takes, shot, timeline, providers,
verify, doctor, match, series.
Exit codes: 0 ok, 1 a node or run failed, 2 usage or bad input, 3 budget stop,
130 interrupted; tracebacks go to the log file, never to the screen.
"""

from __future__ import annotations

from app.cli.command import cli  # each command's module loads when it is named
from app.core import logs
from nodes.providers.http import redact

logs.add_redactor(redact)  # provider keys, bearer tokens and JWTs never reach a log file


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
