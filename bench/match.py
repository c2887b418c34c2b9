"""Match bench: robustness per attack and matching speed, beside a vPDQ-style baseline.

    .venv/bin/python bench/match.py [--work DIR] [--negatives N]

Builds the full demo episode, N episodes with other seeds (default 2) and two synthetic
videos, and the issue-17 attack set on the demo (tests/delivery/attacks.py; the 3-second
excerpts go into an other-seed episode). For every attack it prints picture and sound
precision/recall of ShotGraph's matcher and, for pictures, of the named alternative:
vPDQ's way (brightness PDQ of the whole frame at 1 frame/s, a frame matches within 31
bits, vPDQ's default), on the same ledger. Negatives count false matches. Then the time
to match a 60 s suspect against a 20-episode ledger (median of 3), for both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.delivery import fingerprint as fp  # noqa: E402
from app.delivery.match import Match, find_copies  # noqa: E402
from app.delivery.references import load_references  # noqa: E402
from tests.delivery import attacks  # noqa: E402
from tests.delivery.episodes import make_episode  # noqa: E402

VPDQ_THRESHOLD = 31
VPDQ_EVERY_S = 1.0


def vpdq_matches(references, suspect: Path) -> list[Match]:
    """The baseline: whole-frame brightness PDQ at 1 frame/s, nearest shot within 31 bits."""
    hashes, where = [], []
    for r, ref in enumerate(references):
        for shot in ref.ledger.shots:
            hashes.append(fp.from_hex(shot.full, 3)[:, 0])
            where += [(r, shot.shot, t) for t in shot.times]
    table = np.concatenate(hashes)
    found: dict[tuple[int, int], list[float]] = {}
    for frame in fp.sample_frames(suspect, every_s=VPDQ_EVERY_S):
        packed, _ = fp.pdq(frame.rgb)
        d = fp.hamming(packed[None], table)[0]
        k = int(d.argmin())
        if d[k] <= VPDQ_THRESHOLD:
            r, shot, _ = where[k]
            found.setdefault((r, shot), []).append(frame.time)
    return [
        Match(references[r].episode, shot, 0.0, min(ts), max(ts) - min(ts) + VPDQ_EVERY_S,
              1.0, "video", "", references[r])
        for (r, shot), ts in found.items()
    ]


def _row(name, ours, audio, base) -> str:
    cells = [f"{name:22}"] + [f"{p:5.2f} {r:5.2f}" if p is not None else "   -     -  "
                              for p, r in (ours, audio, base)]
    return "  ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--negatives", type=int, default=2)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="shotgraph-match-bench-"))
    print(f"work folder: {work}")
    started = time.monotonic()
    demo = make_episode(work / "demo", name="demo")
    others = [make_episode(work / f"other{k}", seed=11 * (k + 1), name=f"other{k}")
              for k in range(args.negatives)]
    synthetic = []
    for source in ("testsrc2", "mandelbrot"):
        path = work / f"synthetic-{source}.mp4"
        attacks.synthetic(path, 20, source)
        synthetic.append(path)
    made = attacks.attack_set(demo[1], others[0][1], work / "attacks")
    print(f"episodes and attacks made in {time.monotonic() - started:.0f} s\n")
    reference = load_references(demo[1])[0]
    spans = [(s.start, s.duration) for s in reference.ledger.shots]
    print(f"{'attack':22}  {'picture P  R':12}  {'sound P  R':12}  {'vPDQ-style P R':12}")
    for attack in made:
        result = find_copies([reference], attack.path)
        ours = attacks.precision_recall(attack, result.of("video"), spans, "demo")
        sound = (attacks.precision_recall(attack, result.of("audio"), spans, "demo")
                 if attack.audio else (1.0 if not result.of("audio") else 0.0, None))
        base = attacks.precision_recall(attack, vpdq_matches([reference], attack.path), spans,
                                        "demo")
        print(_row(attack.name, ours, sound if sound[1] is not None else (sound[0], 0.0), base))
    print("\nnegatives (false matches: ours picture / ours sound / vPDQ-style)")
    for path in [o[1] for o in others] + synthetic:
        result = find_copies([reference], path)
        base = vpdq_matches([reference], path)
        print(f"  {path.name:28} {len(result.of('video'))} / {len(result.of('audio'))} / "
              f"{len(base)}")
    _speed(work, demo, others)


def _speed(work: Path, demo, others) -> None:
    """A 60 s suspect (the demo's 45 s, then 15 s of another episode) against 20 ledgers."""
    suspect = work / "suspect-60s.mp4"
    attacks.excerpts(demo[1], others[0][1], suspect, [(0.0, 45.0)], size=(720, 1280), gap=7.5)
    pool = [load_references(demo[1])[0]] + [load_references(o[1])[0] for o in others]
    ledger = [pool[k % len(pool)] for k in range(20)]
    ours, base = [], []
    for _ in range(3):
        t = time.monotonic()
        find_copies(ledger, suspect)
        ours.append(time.monotonic() - t)
        t = time.monotonic()
        vpdq_matches(ledger, suspect)
        base.append(time.monotonic() - t)
    print(f"\n60 s suspect ({suspect.stat().st_size / 1e6:.1f} MB, 720x1280) vs a 20-episode "
          "ledger, median of 3:")
    print(f"  ShotGraph (5 frames/s, 2-6 views, colour planes, sound at 5 speeds): "
          f"{statistics.median(ours):.2f} s")
    print(f"  vPDQ-style (1 frame/s, whole frame, brightness only, no sound):     "
          f"{statistics.median(base):.2f} s")


if __name__ == "__main__":
    main()
