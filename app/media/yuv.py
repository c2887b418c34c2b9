"""Frames as the encoder takes them: I420 (YUV 4:2:0, BT.709, limited range).

The export renders straight into I420: a frame is one uint8 array of shape
(height * 3 // 2, width) holding the Y plane, then U, then V, exactly the bytes ffmpeg's
``-pix_fmt yuv420p`` rawvideo input expects. Warping and blending 1.5 bytes per pixel
instead of 3, and skipping ffmpeg's RGB→YUV conversion, leaves the CPU to the encoder.
"""

from __future__ import annotations

import threading

import numpy as np

from app.core.lazy import lazy_module

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

# BT.709 R'G'B' (0..255) → limited-range Y'CbCr, as a 3x4 matrix for cv2.transform.
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB
_Y = np.array([_KR, _KG, _KB]) * 219 / 255
_CB = (np.array([0.0, 0.0, 1.0]) - np.array([_KR, _KG, _KB])) / (2 * (1 - _KB)) * 224 / 255
_CR = (np.array([1.0, 0.0, 0.0]) - np.array([_KR, _KG, _KB])) / (2 * (1 - _KR)) * 224 / 255
RGB_TO_YUV = np.array([[*_Y, 16.0], [*_CB, 128.0], [*_CR, 128.0]], dtype=np.float32)


def rgb_to_yuv(rgb: np.ndarray) -> np.ndarray:
    """An RGB uint8 image as full-resolution Y, Cb, Cr (float32, limited-range values)."""
    return cv2.transform(rgb.astype(np.float32), RGB_TO_YUV)


def rgb_to_planes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y at full size and U, V at half size (area-averaged), uint8, from RGB uint8.

    The matrix is affine, so averaging RGB first and converting after gives the same
    chroma as converting first: every step stays in uint8 (a float copy of a 1080x1920
    still is 25 MB, made once per shot).
    """
    h, w = rgb.shape[:2]
    luma = cv2.transform(rgb, RGB_TO_YUV[:1])
    half = cv2.resize(rgb, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    chroma = cv2.transform(half, RGB_TO_YUV[1:])
    return luma, np.ascontiguousarray(chroma[..., 0]), np.ascontiguousarray(chroma[..., 1])


def new_frame(width: int, height: int) -> np.ndarray:
    """An empty I420 frame buffer."""
    return np.empty((height * 3 // 2, width), dtype=np.uint8)


class FramePool:
    """Frame buffers that go round: the encoder gives each back once it has copied it.

    A 1080x1920 I420 frame is 3 MB. Allocating one per frame costs page faults on every
    frame (a fresh block that size is fresh pages for the kernel to zero): about a sixth of
    the export's CPU in bench/export.py. With a pool, an export touches only as many
    buffers as it has frames in flight. ``take`` never waits: it makes a buffer when
    none is free, and ``give`` keeps at most ``keep`` of them.
    """

    def __init__(self, width: int, height: int, keep: int = 12):
        self.width, self.height, self.keep = width, height, keep
        self._free: list[np.ndarray] = []
        self._lock = threading.Lock()

    def take(self) -> np.ndarray:
        """A frame buffer (its old pixels are still in it: draw over all of it)."""
        with self._lock:
            if self._free:
                return self._free.pop()
        return new_frame(self.width, self.height)

    def give(self, frame: np.ndarray) -> None:
        """Take ``frame`` back; the caller must not use it afterwards."""
        if (
            frame.shape != (self.height * 3 // 2, self.width)
            or frame.dtype != np.uint8
            or frame.base is not None  # a view: its memory belongs to something else
            or not frame.flags.writeable
        ):
            return
        with self._lock:
            if len(self._free) < self.keep and not any(f is frame for f in self._free):
                self._free.append(frame)


def planes(frame: np.ndarray, width: int, height: int) -> tuple[np.ndarray, ...]:
    """Views of the Y, U and V planes inside an I420 frame buffer."""
    flat = frame.reshape(-1)
    y_size, c_size = width * height, (width // 2) * (height // 2)
    y = flat[:y_size].reshape(height, width)
    u = flat[y_size : y_size + c_size].reshape(height // 2, width // 2)
    v = flat[y_size + c_size :].reshape(height // 2, width // 2)
    return y, u, v


def from_planes(y: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """One I420 frame buffer from its three planes."""
    height, width = y.shape
    frame = new_frame(width, height)
    for dst, src in zip(planes(frame, width, height), (y, u, v), strict=True):
        dst[:] = src
    return frame


def rgb_to_i420(rgb: np.ndarray) -> np.ndarray:
    """An RGB uint8 image (even width and height) as an I420 frame buffer."""
    return from_planes(*rgb_to_planes(rgb))


def i420_to_rgb(frame: np.ndarray, width: int, height: int) -> np.ndarray:
    """An I420 frame buffer back to RGB uint8 (BT.709, limited range): for checks."""
    y, u, v = planes(frame, width, height)
    up = lambda c: cv2.resize(c, (width, height), interpolation=cv2.INTER_LINEAR)  # noqa: E731
    yy = (y.astype(np.float32) - 16) * 255 / 219
    pb = (up(u).astype(np.float32) - 128) * 255 / 224
    pr = (up(v).astype(np.float32) - 128) * 255 / 224
    r = yy + 2 * (1 - _KR) * pr
    b = yy + 2 * (1 - _KB) * pb
    g = (yy - _KR * r - _KB * b) / _KG
    return np.clip(np.dstack([r, g, b]) + 0.5, 0, 255).astype(np.uint8)
