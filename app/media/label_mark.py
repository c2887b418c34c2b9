"""The visible AI mark drawn on an episode's frames ("AI生成", GB 45438-2025 5.4).

Text at least 5% of the frame's short side tall, white with a dark outline on a
semi-opaque box, in a corner of the 9:16 safe area. The metadata and C2PA halves of
the labels are ``app.delivery.labels``'.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont


class LabelError(Exception):
    """Labels could not be written or read; the message says what to do."""


# Margins kept free of the players' own UI on a 9:16 feed (Douyin/TikTok/Kuaishou):
# status bar and tabs on top, caption and buttons at the bottom, the action rail on the
# right. Fractions of the frame; measured from screenshots, not from a published spec.
SAFE_AREA = {"left": 0.06, "right": 0.15, "top": 0.09, "bottom": 0.22}
MIN_TEXT_HEIGHT = 0.05  # GB 45438 5.4: text height >= 5% of the frame's short side
# The font's box includes anti-aliased edges; aim 10% higher so the solid white strokes
# alone reach the 5%.
TEXT_HEIGHT_MARGIN = 1.1


@functools.lru_cache(maxsize=8)
def cjk_font_path(bold: bool = True) -> tuple[str, int]:
    """(file, face index) of Noto Sans CJK SC, found with fc-match."""
    for pattern in (("Noto Sans CJK SC:style=Bold",) if bold else ()) + ("Noto Sans CJK SC",):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
                capture_output=True,
                text=True,
                timeout=20,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            break
        file, index, family = (out.split("\n") + ["", "", ""])[:3]
        if "CJK" in family and Path(file).is_file():
            return file, int(index or 0)
    raise LabelError(
        "No Chinese-capable font found for the AI label: install Noto Sans CJK "
        "(Debian/Ubuntu: apt install fonts-noto-cjk) and export again."
    )


def _font(size: int) -> ImageFont.FreeTypeFont:
    file, index = cjk_font_path()
    return ImageFont.truetype(file, size, index=index)


def _fitted_font(text: str, min_height: int) -> ImageFont.FreeTypeFont:
    """The smallest font whose rendered ``text`` is at least ``min_height`` px tall."""
    size = min_height
    while True:
        font = _font(size)
        _, top, _, bottom = font.getbbox(text)
        if bottom - top >= min_height or size > 4 * min_height:
            return font
        size += 2


@functools.lru_cache(maxsize=16)
def label_patch(text: str, width: int, height: int) -> Image.Image:
    """The label alone (RGBA): white outlined text on a semi-opaque dark rounded box."""
    short = min(width, height)
    font = _fitted_font(text, int(np.ceil(short * MIN_TEXT_HEIGHT * TEXT_HEIGHT_MARGIN)))
    stroke = max(2, font.size // 14)
    left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
    pad_x, pad_y = font.size // 3, font.size // 5
    patch = Image.new("RGBA", (right - left + 2 * pad_x, bottom - top + 2 * pad_y))
    draw = ImageDraw.Draw(patch)
    draw.rounded_rectangle(
        (0, 0, patch.width - 1, patch.height - 1), radius=pad_y + 4, fill=(0, 0, 0, 150)
    )
    draw.text(
        (pad_x - left, pad_y - top),
        text,
        font=font,
        fill=(255, 255, 255, 255),
        stroke_width=stroke,
        stroke_fill=(0, 0, 0, 255),
    )
    return patch


def label_box(
    patch_size: tuple[int, int], width: int, height: int, position: str = "top-left"
) -> tuple[int, int]:
    """Top-left corner of the label inside the 9:16 safe area."""
    pw, ph = patch_size
    margin = {
        side: int(np.ceil(share * (width if side in ("left", "right") else height)))
        for side, share in SAFE_AREA.items()
    }
    left, right = margin["left"], width - margin["right"] - pw
    top, bottom = margin["top"], height - margin["bottom"] - ph
    spots = {
        "top-left": (left, top),
        "top-right": (right, top),
        "top-center": ((width - pw) // 2, top),
        "bottom-left": (left, bottom),
        "bottom-right": (right, bottom),
    }
    if position not in spots:
        raise LabelError(f"Unknown label position {position!r}; use one of {', '.join(spots)}.")
    return spots[position]


def label_overlay_png(
    text: str, width: int, height: int, position: str = "top-left"
) -> Image.Image:
    """A transparent full-frame RGBA image with the label in place (for ffmpeg overlay)."""
    patch = label_patch(text, width, height)
    frame = Image.new("RGBA", (width, height))
    frame.paste(patch, label_box(patch.size, width, height, position))
    return frame


def draw_label(frame_rgb: np.ndarray, text: str, position: str = "top-left") -> np.ndarray:
    """``frame_rgb`` (H x W x 3 uint8) with the label blended in; the input is untouched.

    The label's colours are neutral (white, black), so BGR frames from OpenCV work too.
    """
    height, width = frame_rgb.shape[:2]
    patch = label_patch(text, width, height)
    x, y = label_box(patch.size, width, height, position)
    rgba = np.asarray(patch, dtype=np.float32)
    alpha = rgba[..., 3:4] / 255.0
    out = frame_rgb.copy()
    region = out[y : y + patch.height, x : x + patch.width].astype(np.float32)
    blended = rgba[..., :3] * alpha + region * (1.0 - alpha)
    out[y : y + patch.height, x : x + patch.width] = np.clip(blended + 0.5, 0, 255).astype(np.uint8)
    return out
