"""Offline lip sync cost: full-size Ken Burns I420 frames with the painted mouth vs without.

The mouth is painted onto the still's planes before each warp (restoring the few pixels
under the last one first), so a lip-synced shot should render about as fast as a plain
one. Side by side: frames per second of 90 frames at 1080x1920, plain vs mouth.
Run: .venv/bin/python bench/lipsync.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.media import yuv  # noqa: E402
from app.media.kenburns import KenBurns  # noqa: E402

W, H, FRAMES = 1080, 1920, 90


def fps(mouth: dict | None) -> float:
    rng = np.random.default_rng(1)
    still = rng.integers(0, 255, (H, W, 3), dtype=np.uint8)
    move = KenBurns(still, "push_in", FRAMES / 30, 30, W, H, 3, mouth)
    out = yuv.new_frame(W, H)
    started = time.perf_counter()
    for i in range(FRAMES):
        move.frame_i420(i, out)
    return FRAMES / (time.perf_counter() - started)


def main() -> None:
    mouth = {"box": [480, 800, 600, 880], "still_size": [W, H],
             "open": [0.5 + 0.5 * np.sin(i / 3) for i in range(FRAMES)]}
    plain, painted = fps(None), fps(mouth)
    print(f"plain Ken Burns : {plain:6.1f} frames/s")
    print(f"with the mouth  : {painted:6.1f} frames/s ({painted / plain:.0%} of plain)")


if __name__ == "__main__":
    main()
