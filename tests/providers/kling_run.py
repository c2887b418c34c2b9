"""Run one Kling animate against a fake, journaling into a project (for the kill test).

Usage: python -m tests.providers.kling_run PROJECT_DIR STILL OUT [poll_interval_s]
Keys and the base URL come from the environment, as in the app.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.core.node_api import Media, RunContext
from app.core.screenplay import ShotCard
from app.core.store.project import Project, ProjectTasks
from nodes.providers.kling import KlingVideo
from nodes.registry import NodeRegistry


def main() -> None:
    folder, still, out = (Path(a) for a in sys.argv[1:4])
    interval = float(sys.argv[4]) if len(sys.argv) > 4 else 0.02
    project = Project.open(folder, NodeRegistry())
    try:
        ctx = RunContext(
            node_id="clip",
            temp_dir=out.parent / "scratch",
            tasks=ProjectTasks(project),
            on_log=lambda m: print(m, flush=True),
        )
        shot = ShotCard(id="s01", description="rain on the window", duration=4.0)
        media = Media(hash="b" * 64, path=still, kind="image", mime="image/png")
        KlingVideo({"poll_interval_s": interval, "read_timeout": 5}).animate(
            media, shot, 3, ctx, out
        )
        print("DONE", flush=True)
    finally:
        project.close()


if __name__ == "__main__":
    main()
