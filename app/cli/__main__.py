"""``python -m app.cli``: the ``shotgraph`` command."""

from app.cli import main

main()
