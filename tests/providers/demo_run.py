"""Run a project's whole graph with every real provider on quick polls (for the kill test).

Usage: python -m tests.providers.demo_run PROJECT_DIR
Keys and base URLs come from the environment, as in the app; the run journals its paid
tasks in the project, so a run killed midway is resumed by the next one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.core.engine import Engine
from app.core.store.project import Project
from nodes.registry import default_registry
from tests.providers.conftest import FAST

PROVIDERS = ("openai", "kling", "suno", "elevenlabs")


def main() -> None:
    project = Project.open(Path(sys.argv[1]), default_registry())
    try:
        result = Engine(project, provider_options=dict.fromkeys(PROVIDERS, FAST)).execute()
        print("RUN", result.status, flush=True)
    finally:
        project.close()


if __name__ == "__main__":
    main()
