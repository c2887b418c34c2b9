"""Ken Burns rendering: pan and zoom over a still, frame by frame.

Each frame is the still warped by a float affine matrix (OpenCV ``warpAffine``), so the
move is sub-pixel smooth; ffmpeg's ``zoompan`` rounds its crop to whole pixels and
visibly shakes on slow zooms (DESIGN.md §6). The move comes from the shot's camera,
eased in and out, with small seed-driven variations of framing and amount.

The offline video provider (``nodes/providers/local/kenburns.py``) makes a cheap preview
and a recipe; the export renders full-resolution frames from the recipe
(``KenBurnsSource``), so every frame of the episode is encoded once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from app.core.node_api import Media, NodeError
from app.core.screenplay import ShotCard
from app.media import yuv

RECIPE = "kenburns"
RECIPE_VERSION = 1
FPS = 30
# camera → (zoom at start, zoom at end, pan from (x, y), pan to (x, y)); pan is in
# units of the free margin: -1 = the still's left/top edge, +1 = its right/bottom edge.
MOVES: dict[str, tuple[float, float, tuple[float, float], tuple[float, float]]] = {
    "static": (1.02, 1.06, (0.0, 0.0), (0.0, 0.0)),
    "push_in": (1.0, 1.2, (0.0, 0.0), (0.0, -0.15)),
    "pull_out": (1.2, 1.0, (0.0, -0.15), (0.0, 0.0)),
    "pan_left": (1.15, 1.15, (0.8, 0.0), (-0.8, 0.0)),
    "pan_right": (1.15, 1.15, (-0.8, 0.0), (0.8, 0.0)),
    "tilt_up": (1.15, 1.15, (0.0, 0.8), (0.0, -0.8)),
    "tilt_down": (1.15, 1.15, (0.0, -0.8), (0.0, 0.8)),
}


def ease(t: float) -> float:
    """Smooth start and stop (cosine ease-in-out) of ``t`` in 0..1."""
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, t)))


@dataclass(frozen=True)
class Move:
    """A camera move over a still: zoom and pan (in margin units) at start and end."""

    zoom: tuple[float, float]
    pan_from: tuple[float, float]
    pan_to: tuple[float, float]


def plan_move(camera: str, seed: int) -> Move:
    """The move for ``camera``, varied a little by ``seed`` (same seed, same move)."""
    z0, z1, p0, p1 = MOVES.get(camera, MOVES["static"])
    rng = np.random.default_rng(seed)
    amount = 1.0 + rng.uniform(-0.15, 0.15)
    z0, z1 = 1.0 + (z0 - 1.0) * amount, 1.0 + (z1 - 1.0) * amount
    dx, dy = rng.uniform(-0.2, 0.2, size=2)  # a slightly different focus per seed
    x0, x1 = _vary(p0[0], p1[0], dx)
    y0, y1 = _vary(p0[1], p1[1], dy)
    return Move((z0, z1), (x0, y0), (x1, y1))


def _vary(start: float, end: float, drift: float) -> tuple[float, float]:
    """Shift an axis the camera does not pan along by ``drift``; keep a pan as is."""
    if start == -end != 0:
        return start, end
    return start + drift, end + drift


class KenBurns:
    """Renders frame ``i`` of a Ken Burns move over ``still_rgb`` at ``width`` x ``height``."""

    def __init__(
        self,
        still_rgb: np.ndarray,
        camera: str,
        duration: float,
        fps: int,
        width: int,
        height: int,
        seed: int,
    ):
        self.width, self.height = width, height
        self.frames = max(1, round(duration * fps))
        self.move = plan_move(camera, seed)
        self.still = _cover(np.ascontiguousarray(still_rgb[..., :3]), width, height)
        self._planes: tuple[np.ndarray, ...] | None = None

    def frame_i420(self, i: int, out: np.ndarray | None = None) -> np.ndarray:
        """Frame ``i`` as an I420 buffer (BT.709), drawn into ``out`` if given: the planes
        are warped directly.
        """
        if self._planes is None:
            self._planes = yuv.rgb_to_planes(_even(self.still))
        frame = yuv.new_frame(self.width, self.height) if out is None else out
        luma = self.matrix(i)
        # Chroma samples sit at the centre of each 2x2 block of luma samples.
        chroma = luma.copy()
        chroma[:, 2] = (luma[:, :2] @ np.array([0.5, 0.5]) + luma[:, 2] - 0.5) / 2
        mats = (luma, chroma, chroma)
        for src, dst, mat in zip(
            self._planes, yuv.planes(frame, self.width, self.height), mats, strict=True
        ):
            cv2.warpAffine(
                src,
                mat,
                (dst.shape[1], dst.shape[0]),
                dst=dst,
                flags=cv2.INTER_LINEAR,
                borderMode=cv2.BORDER_REFLECT_101,
            )
        return frame

    def frame(self, i: int) -> np.ndarray:
        """Frame ``i`` (0-based) of the move, RGB uint8 of shape (height, width, 3)."""
        return cv2.warpAffine(
            self.still,
            self.matrix(i),
            (self.width, self.height),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REFLECT_101,
        )

    def matrix(self, i: int) -> np.ndarray:
        """The 2x3 float matrix mapping still pixels to frame ``i``'s pixels."""
        t = ease(i / max(1, self.frames - 1))
        zoom = _lerp(self.move.zoom[0], self.move.zoom[1], t)
        pan_x = _lerp(self.move.pan_from[0], self.move.pan_to[0], t)
        pan_y = _lerp(self.move.pan_from[1], self.move.pan_to[1], t)
        src_h, src_w = self.still.shape[:2]
        view_w, view_h = self.width / zoom, self.height / zoom
        # Centre of the view in still pixels: pan ±1 puts the view against an edge.
        cx = src_w / 2 + pan_x * max(0.0, src_w - view_w) / 2
        cy = src_h / 2 + pan_y * max(0.0, src_h - view_h) / 2
        return np.array(
            [[zoom, 0.0, self.width / 2 - zoom * cx], [0.0, zoom, self.height / 2 - zoom * cy]],
            dtype=np.float64,
        )


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _even(image: np.ndarray) -> np.ndarray:
    """``image`` cropped to even width and height (for 4:2:0 planes)."""
    h, w = image.shape[:2]
    return image[: h - h % 2, : w - w % 2]


def _cover(still: np.ndarray, width: int, height: int) -> np.ndarray:
    """``still`` resized once so it just covers ``width`` x ``height`` (zoom 1)."""
    h, w = still.shape[:2]
    scale = max(width / w, height / h)
    if abs(scale - 1.0) < 1e-6:
        return still
    size = (max(width, round(w * scale)), max(height, round(h * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(still, size, interpolation=interpolation)


def iter_frames(
    still_rgb: np.ndarray,
    camera: str,
    duration: float,
    fps: int,
    width: int,
    height: int,
    seed: int,
) -> Iterator[np.ndarray]:
    """The frames of a Ken Burns clip of ``duration`` s: RGB uint8, ``height`` x ``width``."""
    move = KenBurns(still_rgb, camera, duration, fps, width, height, seed)
    for i in range(move.frames):
        yield move.frame(i)


def load_still(path: Path) -> np.ndarray:
    """A still image file as RGB uint8."""
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise NodeError(f"the still {path.name} is not a readable image")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def recipe(still: Media, shot: ShotCard, seed: int) -> dict[str, Any]:
    """What the export needs to re-render this clip at full quality from its still."""
    return {
        "recipe": RECIPE,
        "version": RECIPE_VERSION,
        "still": still.hash,
        "camera": shot.camera,
        "duration": shot.duration,
        "seed": seed,
        "fps": FPS,
    }


class KenBurnsSource:
    """The export's frame source for a Ken Burns clip: full-size frames from the still.

    The move spans ``start_s + duration`` s (the shot's trim in plus its length; by
    default the length it was made for) and the shot shows it from ``start_s``: a
    longer or shorter shot re-renders the same move at its new length, with no new clip.
    """

    def __init__(
        self,
        still_path: Path,
        clip_recipe: dict[str, Any],
        duration: float | None = None,
        start_s: float = 0.0,
    ):
        self.still_path = still_path
        self.start = round(start_s * clip_recipe.get("fps", FPS))
        length = start_s + (duration if duration is not None else clip_recipe["duration"])
        self.recipe = {**clip_recipe, "duration": round(length, 4)}
        self.key = {"recipe": dict(self.recipe)}
        if self.start:
            self.key["start"] = self.start

    def frames(
        self, offset: int, count: int, width: int, height: int, pool: yuv.FramePool | None = None
    ) -> Iterator[np.ndarray]:
        """I420 frames ``offset .. offset+count`` of the move (the last held past its end),
        each drawn into a buffer from ``pool``.
        """
        pool = pool or yuv.FramePool(width, height)
        r = self.recipe
        move = KenBurns(
            load_still(self.still_path),
            r["camera"],
            r["duration"],
            r["fps"],
            width,
            height,
            r["seed"],
        )
        for i in range(self.start + offset, self.start + offset + count):
            yield move.frame_i420(min(i, move.frames - 1), pool.take())


def is_recipe(meta: dict[str, Any]) -> bool:
    """Whether a clip's meta is a Ken Burns recipe this version can render."""
    return meta.get("recipe") == RECIPE and meta.get("version") == RECIPE_VERSION
