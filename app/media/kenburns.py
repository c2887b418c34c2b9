"""Ken Burns rendering: pan and zoom over a still, frame by frame.

Each frame is the still warped by a float affine matrix (OpenCV ``warpAffine``), so the
move is sub-pixel smooth; ffmpeg's ``zoompan`` rounds its crop to whole pixels and
visibly shakes on slow zooms (DESIGN.md §6). The move comes from the shot's camera,
eased in and out, with small seed-driven variations of framing and amount.

The offline video provider (``nodes/providers/local/kenburns.py``) makes a recipe and a
poster (``write_poster``: the move's first frame held for the clip's length, a few KB and
a few milliseconds); the export renders full-resolution frames from the recipe
(``KenBurnsSource``), so every frame of the episode is encoded once. The moving preview
the Preview pane plays is made only when someone looks at it (``preview_clip``), once,
and cached in the project like an export segment.

Where a frame's framing allows it, a plane is drawn as one ``cv2.resize`` of a whole-pixel
window of the still (a separable filter, about three times cheaper than the warp), which
samples the same spots as the warp to within ``FRAMING_TOLERANCE``; see ``framing``.

A recipe may carry a ``mouth`` (offline lip sync, ``nodes/providers/local/lipsync.py``):
a box on the still and how open the mouth is on each frame. The mouth is painted onto
the still before each frame's warp, so it moves with the camera exactly.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from app.core.lazy import lazy_module
from app.core.node_api import Cancelled, Media, NodeError
from app.core.screenplay import ShotCard
from app.media import yuv

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

RECIPE = "kenburns"
RECIPE_VERSION = 1
# How the frames are drawn, in the keys of what is made from them (export segments,
# previews): 2, planes drawn by ``framing``'s resize where it is as exact as the warp;
# 3, its windows sought in a wider border and span (the warp draws 15% of the planes of
# bench/export.py's episode instead of 29%), the shortest resize first; 4, a pan's or a
# tilt's zoom moved to one a resize draws exactly (``framed_zoom``: 4% of the planes warped).
RENDER_VERSION = 4
# A framing is a whole-pixel window of the still (reflected past its edges by up to
# ``FRAMING_MARGIN`` px, as the warp's border does) resized to the plane's size plus up to
# ``FRAMING_SPAN`` px, then cropped: it is used when every pixel it samples lies within
# ``FRAMING_TOLERANCE`` px of where the warp samples (the warp itself rounds to 1/32 px).
FRAMING_MARGIN = 160
FRAMING_SPAN = 320
FRAMING_TOLERANCE = 1 / 64
FPS = 30
PREVIEW_SIZE = (540, 960)  # what the Preview pane plays: a quarter of the episode's pixels
PREVIEW_VERSION = 1
ON_DEMAND = "on-demand"  # a clip's ``preview`` meta: its file is a poster, not the moving clip
# What the preview's bytes depend on besides the recipe (cheap, small, and plays anywhere).
PREVIEW_X264 = {"preset": "ultrafast", "crf": "28", "profile": "high"}
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
    if z0 == z1:  # a pan or a tilt: one zoom all through, which can be a resize's exactly
        z0 = z1 = framed_zoom(z0)
    return Move((z0, z1), (x0, y0), (x1, y1))


# A constant zoom is moved to q/p for the nearest p/q in lowest terms with q in this
# range (by at most 0.22% of the zoom for the moves' zooms): a window p px wide resized to
# q px has exactly the warp's scale, so no frame's framing drifts, and over any q
# consecutive crops its samples take every phase in steps of 1/q px, so each frame's pan
# finds one within 1/(2q) px (< FRAMING_TOLERANCE) in lengths under ``FRAMING_SPAN`` more.
# Without it, a zoom with no close enough fraction in that span warped its frames: 3 of
# bench/export.py's 11 pans and tilts warped 40-100% of theirs (all: 0.3 s more CPU).
FRAMED_DENOMINATORS = range(40, 121)


def framed_zoom(zoom: float) -> float:
    """``zoom`` moved to the nearest zoom ``framing`` draws exactly (see above); 1 (the
    plane itself, cropped) is one too."""
    if zoom <= 1:
        return zoom
    scale = 1 / zoom
    nearest = min(
        (Fraction(round(scale * q), q) for q in FRAMED_DENOMINATORS),
        # reduced below the range (7/8 from 70/80) samples too coarse a set of phases
        key=lambda f: (1 < f.denominator < FRAMED_DENOMINATORS.start, abs(f - scale)),
    )
    return float(1 / nearest)


def _vary(start: float, end: float, drift: float) -> tuple[float, float]:
    """Shift an axis the camera does not pan along by ``drift``; keep a pan as is."""
    if start == -end != 0:
        return start, end
    return start + drift, end + drift


MOUTH_RGB = (44, 14, 22)  # the inside of an open mouth


class Mouth:
    """A mouth painted on a still before each warp: ``open[i]`` (0..1) on frame ``i``.

    ``box`` is where the mouth sits at its widest open (x0, y0, x1, y1) in pixels of a
    still ``still_size`` (w, h) big; it scales with the still as Ken Burns covers it.
    """

    def __init__(self, spec: dict[str, Any], scale: float):
        x0, y0, x1, y1 = (float(v) * scale for v in spec["box"])
        self.centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        self.half = ((x1 - x0) / 2, (y1 - y0) / 2)
        self.open = [min(1.0, max(0.0, float(v))) for v in spec.get("open") or [0.0]]
        self._saved: list[tuple[np.ndarray, tuple[slice, slice], np.ndarray]] = []

    def openness(self, i: int) -> float:
        """How open the mouth is on frame ``i``: shut before and after the line's frames."""
        return self.open[i] if 0 <= i < len(self.open) else 0.0

    def paint(self, images: tuple[np.ndarray, ...], values: tuple[Any, ...], i: int) -> None:
        """Paint frame ``i``'s mouth into ``images`` (in place: a whole RGB image, or the
        Y plane and the half-size U and V planes), first restoring what was under it."""
        for image, region, pristine in self._saved:
            image[region] = pristine
        self._saved = []
        for image, value in zip(images, values, strict=True):
            step = image.shape[1] / images[0].shape[1]
            cx, cy = self.centre[0] * step, self.centre[1] * step
            ax = max(1.0, self.half[0] * step)
            ay = max(0.6 * step, self.half[1] * step * (0.12 + 0.88 * self.openness(i)))
            region = (
                slice(max(0, int(cy - ay) - 2), min(image.shape[0], int(cy + ay) + 3)),
                slice(max(0, int(cx - ax) - 2), min(image.shape[1], int(cx + ax) + 3)),
            )
            self._saved.append((image, region, image[region].copy()))
            cv2.ellipse(
                image, (round(cx * 16), round(cy * 16)), (round(ax * 16), round(ay * 16)),
                0, 0, 360, value, -1, cv2.LINE_AA, 4,
            )

    def near_edge(self, margin: int) -> bool:
        """Whether the mouth last painted lies within ``margin`` px of an image's edge."""
        for image, (rows, cols), _ in self._saved:
            height, width = image.shape[:2]
            if (rows.start < margin or cols.start < margin
                    or rows.stop > height - margin or cols.stop > width - margin):
                return True
        return False


def mouth_values(rgb: tuple[int, int, int]) -> tuple[tuple[int, ...], int, int, int]:
    """The mouth colour as an RGB fill and as its Y, U and V values."""
    y, u, v = yuv.rgb_to_yuv(np.array([[rgb]], dtype=np.uint8))[0, 0]
    return tuple(rgb), round(float(y)), round(float(u)), round(float(v))


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
        mouth: dict[str, Any] | None = None,
    ):
        self.width, self.height = width, height
        self.frames = max(1, round(duration * fps))
        self.move = plan_move(camera, seed)
        self.still = _cover(np.ascontiguousarray(still_rgb[..., :3]), width, height)
        self._planes: tuple[np.ndarray, ...] | None = None  # views inside ``_padded``
        self._padded: list[np.ndarray] = []
        self._scratch: list[np.ndarray] = []  # what each plane's resize draws into
        self.mouth = None
        if mouth:
            scale = self.still.shape[1] / float(mouth.get("still_size", [still_rgb.shape[1]])[0])
            self.mouth = Mouth(mouth, scale)
            self.still = self.still.copy()  # painted on: never the caller's array

    def frame_i420(self, i: int, out: np.ndarray | None = None) -> np.ndarray:
        """Frame ``i`` as an I420 buffer (BT.709), drawn into ``out`` if given: each plane
        is resized from a window of the still where ``framing`` finds one, else warped.
        """
        if self._planes is None:
            self._padded = [_pad(p) for p in yuv.rgb_to_planes(_even(self.still))]
            self._planes = tuple(_inside(p) for p in self._padded)
        padded: list[np.ndarray | None] = list(self._padded)
        if self.mouth is not None:
            self.mouth.paint(self._planes, mouth_values(MOUTH_RGB)[1:], i)
            if self.mouth.near_edge(FRAMING_MARGIN):  # the reflected border shows none of it
                padded = [None, None, None]
        frame = yuv.new_frame(self.width, self.height) if out is None else out
        luma = self.matrix(i)
        # Chroma samples sit at the centre of each 2x2 block of luma samples.
        chroma = luma.copy()
        chroma[:, 2] = (luma[:, :2] @ np.array([0.5, 0.5]) + luma[:, 2] - 0.5) / 2
        mats = (luma, chroma, chroma)
        planes = yuv.planes(frame, self.width, self.height)
        if not self._scratch:
            span = FRAMING_SPAN
            self._scratch = [np.empty((p.shape[0] + span, p.shape[1] + span), np.uint8)
                             for p in planes]
        for src, pad, dst, mat, scratch in zip(
            self._planes, padded, planes, mats, self._scratch, strict=True
        ):
            if pad is None or not _resized(pad, mat, dst, scratch):
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
        if self.mouth is not None:
            self.mouth.paint((self.still,), (mouth_values(MOUTH_RGB)[0],), i)
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


def _pad(plane: np.ndarray) -> np.ndarray:
    """``plane`` with ``FRAMING_MARGIN`` px of it reflected around it (the warp's border)."""
    m = FRAMING_MARGIN
    return cv2.copyMakeBorder(plane, m, m, m, m, cv2.BORDER_REFLECT_101)


def _inside(padded: np.ndarray) -> np.ndarray:
    """The plane inside its reflected border (a view: painting on it paints the plane)."""
    m = FRAMING_MARGIN
    return padded[m:-m, m:-m]


@functools.lru_cache(maxsize=8)  # a frame's U and V planes ask the same
def framing(scale: float, start: float, count: int, size: int) -> tuple[int, int, int, int] | None:
    """A whole-pixel window for one axis of a warp, or None when there is none.

    The warp samples ``count`` output pixels at ``start + scale * x`` (in pixels of a
    plane ``size`` long). OpenCV's linear resize of a window of ``width`` pixels from
    ``origin`` to ``length`` samples output ``j`` at ``origin + (j + 0.5) * width / length
    - 0.5``; cropped from ``offset``, output ``x`` is its ``j = x + offset``. The result is
    ``(origin, width, length, offset)`` in pixels of the padded plane whose every sample
    lies within ``FRAMING_TOLERANCE`` of the warp's, the window inside the padded plane
    and the crop clear of the resize's first and last outputs (clamped at the window's
    edge). Both scale and start must be matched: a window's ratio only approximates the
    scale, so lengths up to ``count + FRAMING_SPAN`` and their crops are tried at once.
    """
    if not 0 < scale <= 1:
        return None
    start += FRAMING_MARGIN
    tried = np.arange(count + 2, count + FRAMING_SPAN + 1, dtype=np.float64)
    lengths = np.concatenate([tried, tried])  # each with the window just under and over
    widths = np.concatenate([np.floor(scale * tried), np.ceil(scale * tried)])
    ratio = widths / lengths
    drift = (ratio - scale) * (count - 1)  # how far the last sample strays from the first's
    near = (np.abs(drift) <= 2 * FRAMING_TOLERANCE) & (widths >= 2)  # else no start fits
    if not near.any():
        return None
    lengths, widths, ratio, drift = (a[near][:, None] for a in (lengths, widths, ratio, drift))
    offsets = np.arange(1, FRAMING_SPAN, dtype=np.float64)[None, :]
    first = (offsets + 0.5) * ratio - 0.5 - start
    origins = np.round(-first)
    error = np.maximum(np.abs(origins + first), np.abs(origins + first + drift))
    fits = (
        (offsets <= lengths - count - 1)
        & (origins >= 0)
        & (origins + widths <= size + 2 * FRAMING_MARGIN)
    )
    error = np.where(fits, error, np.inf)
    exact = (error <= FRAMING_TOLERANCE).any(axis=1)
    if not exact.any():
        return None
    # The shortest such resize (the cheapest), and in it the crop that strays least.
    row = int(np.flatnonzero(exact)[np.argmin(lengths[exact, 0])])
    col = int(np.argmin(error[row]))
    return (int(origins[row, col]), int(widths[row, 0]), int(lengths[row, 0]),
            int(offsets[0, col]))


def _resized(padded: np.ndarray, matrix: np.ndarray, dst: np.ndarray, scratch: np.ndarray) -> bool:
    """Draw ``dst`` as ``matrix``'s warp of the plane inside ``padded`` by one resize of
    a window (``framing``) into ``scratch`` (``FRAMING_SPAN`` px larger than ``dst`` each
    way); False (nothing drawn) when an axis has no such window."""
    zoom = float(matrix[0, 0])
    if matrix[0, 1] != 0 or matrix[1, 0] != 0 or matrix[1, 1] != zoom or zoom <= 0:
        return False
    size_y, size_x = padded.shape[0] - 2 * FRAMING_MARGIN, padded.shape[1] - 2 * FRAMING_MARGIN
    across = framing(1 / zoom, -matrix[0, 2] / zoom, dst.shape[1], size_x)
    down = across and framing(1 / zoom, -matrix[1, 2] / zoom, dst.shape[0], size_y)
    if not across or not down:
        return False
    (x0, width, length_x, crop_x), (y0, height, length_y, crop_y) = across, down
    window = padded[y0 : y0 + height, x0 : x0 + width]
    out = cv2.resize(window, (length_x, length_y), dst=scratch[:length_y, :length_x],
                     interpolation=cv2.INTER_LINEAR)
    np.copyto(dst, out[crop_y : crop_y + dst.shape[0], crop_x : crop_x + dst.shape[1]])
    return True


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
    mouth: dict[str, Any] | None = None,
) -> Iterator[np.ndarray]:
    """The frames of a Ken Burns clip of ``duration`` s: RGB uint8, ``height`` x ``width``."""
    move = KenBurns(still_rgb, camera, duration, fps, width, height, seed, mouth)
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
        # How the clip's file was made (poster or preview) is not in its frames.
        moves = {k: v for k, v in clip_recipe.items() if k != "preview"}
        self.recipe = {**moves, "duration": round(length, 4)}
        if self.start and clip_recipe.get("mouth"):  # the line plays from the shot's start
            mouth = clip_recipe["mouth"]
            self.recipe["mouth"] = {**mouth, "open": [0.0] * self.start + list(mouth["open"])}
        self.key = {"recipe": dict(self.recipe), "render": RENDER_VERSION}
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
            r.get("mouth"),
        )
        for i in range(self.start + offset, self.start + offset + count):
            yield move.frame_i420(min(i, move.frames - 1), pool.take())


def is_recipe(meta: dict[str, Any]) -> bool:
    """Whether a clip's meta is a Ken Burns recipe this version can render."""
    return meta.get("recipe") == RECIPE and meta.get("version") == RECIPE_VERSION


# -- poster and on-demand preview ---------------------------------------------------------
Derive = Callable[[dict[str, Any], str, Callable[[Path], None]], Path]
Resolve = Callable[[str], Media]


def _move_of(still_path: Path, clip_recipe: dict[str, Any], size: tuple[int, int]) -> KenBurns:
    r = clip_recipe
    return KenBurns(
        load_still(still_path), r["camera"], r["duration"], int(r.get("fps") or FPS), *size,
        r["seed"], r.get("mouth"),
    )


def write_poster(still_path: Path, clip_recipe: dict[str, Any], out: Path) -> None:
    """A stand-in clip at ``out``: the move's first frame (``PREVIEW_SIZE``), held for the
    clip's length.

    Two pictures (the first at 0, a repeat as the last frame), so the file is a valid
    H.264 MP4 as long as the clip that every player and probe reads; the recipe rides in
    its ``comment`` tag, which also keeps two recipes' posters apart in the content store
    (a lip-synced recipe whose first frame looks the same is still another file).
    """
    import av

    move = _move_of(still_path, clip_recipe, PREVIEW_SIZE)
    width, height = PREVIEW_SIZE
    picture = av.VideoFrame(width, height, "yuv420p")
    _fill(picture, move.frame_i420(0), width, height)
    fps = int(clip_recipe.get("fps") or FPS)
    with av.open(str(out), "w", format="mp4") as container:
        container.metadata["comment"] = json.dumps(clip_recipe, sort_keys=True)
        stream = _preview_stream(container, fps)
        for pts in sorted({0, move.frames - 1}):
            picture.pts = pts
            picture.time_base = Fraction(1, fps)
            container.mux(stream.encode(picture))
        container.mux(stream.encode(None))


def render_preview(
    still_path: Path, clip_recipe: dict[str, Any], out: Path,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """The moving preview of a recipe (mouth and all) at ``PREVIEW_SIZE``, as an MP4."""
    import av

    move = _move_of(still_path, clip_recipe, PREVIEW_SIZE)
    width, height = PREVIEW_SIZE
    fps = int(clip_recipe.get("fps") or FPS)
    picture = av.VideoFrame(width, height, "yuv420p")
    buffer = yuv.new_frame(width, height)
    with av.open(str(out), "w", format="mp4") as container:
        stream = _preview_stream(container, fps)
        for i in range(move.frames):
            if cancelled():
                raise Cancelled()
            _fill(picture, move.frame_i420(i, buffer), width, height)
            picture.pts = i
            container.mux(stream.encode(picture))
        container.mux(stream.encode(None))


def _preview_stream(container: Any, fps: int) -> Any:
    stream = container.add_stream("libx264", rate=fps, options=dict(PREVIEW_X264))
    stream.width, stream.height = PREVIEW_SIZE
    stream.pix_fmt = "yuv420p"
    codec = stream.codec_context
    codec.thread_count = 1  # a preview is small: one thread, no frame-thread start-up
    codec.time_base = Fraction(1, fps)
    codec.colorspace = codec.color_primaries = codec.color_trc = 1  # BT.709
    codec.color_range = 1  # limited (tv)
    return stream


def _fill(picture: Any, frame: np.ndarray, width: int, height: int) -> None:
    """Copy an I420 buffer into a PyAV picture (whose rows may be padded)."""
    for plane, src in zip(picture.planes, yuv.planes(frame, width, height), strict=True):
        rows = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
        np.copyto(rows[: plane.height, : plane.width], src)


def has_preview_on_demand(meta: dict[str, Any]) -> bool:
    """Whether a clip's file is only a poster and its moving preview is made when asked."""
    return is_recipe(meta) and meta.get("preview") == ON_DEMAND


def preview_key(clip_recipe: dict[str, Any]) -> dict[str, Any]:
    """What a recipe's preview file is cached by."""
    recipe = {k: v for k, v in clip_recipe.items() if k not in ("preview", "lipsync", "voice")}
    return {"what": "kenburns-preview", "version": PREVIEW_VERSION, "recipe": recipe,
            "size": list(PREVIEW_SIZE), "x264": PREVIEW_X264, "render": RENDER_VERSION}


def preview_clip(
    clip: Media, resolve: Resolve, derive: Derive,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """The file to play for ``clip``: its moving preview when its own file is a poster
    (made on the first call, then served from the project's cache), else its own file.

    Falls back to the poster when the still the recipe needs is gone.
    """
    if not has_preview_on_demand(clip.meta):
        return clip.path
    try:
        still = resolve(str(clip.meta["still"]))
    except (FileNotFoundError, LookupError):
        return clip.path
    recipe = clip.meta
    return derive(
        preview_key(recipe), "mp4", lambda out: render_preview(still.path, recipe, out, cancelled)
    )
