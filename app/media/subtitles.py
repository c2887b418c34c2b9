"""Burned-in subtitles and the visible AI mark as overlays, and the SRT sidecar.

A cue is drawn once with Pillow into an RGBA patch (white text, dark outline, CJK-capable
font), converted once to premultiplied I420 planes, then blended onto each frame it
covers in numpy: a few milliseconds per frame for the small patch, never a full frame.

Text is cleaned first (control characters and bidi overrides removed). Arabic and Hebrew
are shaped and ordered right to left by libraqm. A line with characters the CJK font
lacks is drawn in an installed font that has them (found through fontconfig); characters
no installed font has are left out of the picture (never drawn as boxes) and named by
``subtitle_warnings`` before the export.
"""

from __future__ import annotations

import functools
import logging
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pysubs2
from PIL import Image, ImageDraw, ImageFont, features

from app.core.lazy import lazy_module
from app.media import yuv
from app.media.ffmpeg import find_cjk_font
from app.media.timeline import Cue

cv2 = lazy_module("cv2")  # OpenCV: imported when first used

SAFE_WIDTH = 0.90  # text stays inside this fraction of the frame's width
BOTTOM_UI = 0.15  # phone UIs (caption, buttons) cover the bottom 15%
LINE_SPACING = 0.18  # extra space between lines, as a fraction of the font size

log = logging.getLogger(__name__)

# C0/C1 control characters (tab and newline are kept as layout) and the bidi embedding,
# override and isolate controls, which can reorder what is shown ("Trojan source").
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def clean_text(text: str) -> str:
    """Subtitle text without control characters or bidi overrides (NFC, tabs as spaces)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text.replace("\t", " "))


@dataclass(frozen=True)
class FontChoice:
    """The font a subtitle is drawn in, and the characters no installed font has."""

    path: Path
    index: int
    missing: str = ""
    fallback: bool = False  # not the CJK subtitle font


def _drawn(text: str) -> frozenset[str]:
    """The characters of ``text`` that need a glyph (not spaces, not invisible marks)."""
    return frozenset(c for c in text
                     if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf"))


@functools.cache
def _charset(path: Path, index: int) -> tuple[tuple[int, int], ...] | None:
    """The code point ranges a font face covers (fontconfig), None when unknown."""
    try:
        done = subprocess.run(["fc-query", "-i", str(index), "-f", "%{charset}", str(path)],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = []
    for part in done.stdout.split():
        first, _, last = part.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            return None
    return tuple(ranges) or None


def _covers(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(a <= code <= b for a, b in ranges)


@functools.cache
def _fonts_with(chars: frozenset[str]) -> tuple[tuple[Path, int], ...]:
    """Installed font faces that have every character of ``chars``, plainest first."""
    wanted = " ".join(f"{ord(c):x}" for c in sorted(chars))
    try:
        done = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\n",
                               f":charset={wanted}"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ()
    found = []
    for line in done.stdout.splitlines():
        file, _, index = line.partition("\t")
        if file.lower().endswith((".ttf", ".otf", ".ttc")) and index.strip().isdigit():
            found.append((Path(file), int(index)))
    return tuple(sorted(found, key=_plainness))


def _plainness(face: tuple[Path, int]) -> tuple[int, str]:
    """Bold sans faces first (like the CJK subtitle font), italics and monospace last."""
    name = face[0].name.lower()
    odd = sum(w in name for w in ("italic", "oblique", "mono", "serif", "condensed", "light"))
    return (odd * 2 + (0 if "bold" in name else 1), name)


@functools.cache
def font_for(chars: frozenset[str]) -> FontChoice:
    """The face to draw ``chars`` in: the CJK subtitle font when it has them all, else an
    installed font that has them all, else the one that has most (the rest is missing)."""
    path, index = find_cjk_font()
    primary = _charset(path, index)
    if primary is None:  # no fontconfig to ask: trust the CJK font
        return FontChoice(path, index)
    missing = {c for c in chars if not _covers(primary, c)}
    if not missing:
        return FontChoice(path, index)
    complete = _fonts_with(chars)
    if complete:
        return FontChoice(*complete[0], fallback=True)
    best, best_missing = (path, index), missing
    for face in _fonts_with(frozenset(missing))[:8]:
        ranges = _charset(*face) or ()
        lacking = {c for c in chars if not _covers(ranges, c)}
        if len(lacking) < len(best_missing):
            best, best_missing = face, lacking
    return FontChoice(best[0], best[1], "".join(sorted(best_missing)), best != (path, index))


def subtitle_warnings(texts: Iterable[str]) -> list[str]:
    """What will not show as written in the burned-in subtitles, named, before the export."""
    warnings = []
    for text in texts:
        cleaned = clean_text(text)
        if not cleaned.strip():
            continue
        missing = font_for(_drawn(cleaned)).missing
        shown = cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"
        if missing:
            names = ", ".join(f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})"
                              for c in missing)
            warnings.append(f"subtitle {shown!r}: no installed font has {names} together with "
                            "the rest of the line; they are left out of the burned-in "
                            "subtitles (the .srt keeps them). Install a font that has them "
                            "(e.g. fonts-noto-core) or split the line.")
        if _RTL.search(cleaned) and not features.check("raqm"):
            warnings.append(f"subtitle {shown!r}: right-to-left text needs libraqm with "
                            "fribidi to be shaped; install libfribidi0 (Debian/Ubuntu)")
    return warnings


@dataclass(frozen=True)
class Overlay:
    """An RGBA patch converted once for blending onto I420 frames at even (x, y).

    Each plane keeps colour * alpha and 255 - alpha as uint16; chroma uses the
    2x2-averaged (premultiplied) values, like the frame's own 4:2:0 chroma.
    """

    x: int
    y: int
    luma: tuple[np.ndarray, np.ndarray]  # (premultiplied Y, 255 - alpha), full size
    chroma: tuple[np.ndarray, np.ndarray, np.ndarray]  # (premult. U, premult. V, 255 - alpha)

    @classmethod
    def from_rgba(cls, rgba: Image.Image, x: int, y: int) -> Overlay | None:
        """The patch cropped to its visible pixels; ``None`` when nothing shows."""
        box = rgba.getchannel("A").getbbox()
        if box is None:
            return None
        x0, y0 = (x + box[0]) & ~1, (y + box[1]) & ~1  # start on a chroma sample
        width = (x + box[2] - x0 + 1) & ~1
        height = (y + box[3] - y0 + 1) & ~1
        canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        canvas.paste(rgba, (x - x0, y - y0))
        patch = np.asarray(canvas, dtype=np.float32)
        alpha = patch[..., 3] / 255.0
        ycc = yuv.rgb_to_yuv(np.ascontiguousarray(patch[..., :3]))
        premultiplied = ycc * alpha[..., None]
        half = (width // 2, height // 2)
        small = cv2.resize(premultiplied, half, interpolation=cv2.INTER_AREA)
        small_alpha = cv2.resize(alpha, half, interpolation=cv2.INTER_AREA)
        u16 = lambda a: np.clip(a + 0.5, 0, 255 * 255).astype(np.uint16)  # noqa: E731
        return cls(
            x0,
            y0,
            (u16(premultiplied[..., 0] * 255), u16((1 - alpha) * 255)),
            (u16(small[..., 1] * 255), u16(small[..., 2] * 255), u16((1 - small_alpha) * 255)),
        )

    def blend_onto(self, frame: np.ndarray, width: int, height: int) -> None:
        """Blend in place onto an I420 frame buffer of ``width`` x ``height``."""
        y_plane, u_plane, v_plane = yuv.planes(frame, width, height)
        _blend(y_plane, self.x, self.y, *self.luma)
        premult_u, premult_v, inverse = self.chroma
        _blend(u_plane, self.x // 2, self.y // 2, premult_u, inverse)
        _blend(v_plane, self.x // 2, self.y // 2, premult_v, inverse)


def _blend(plane: np.ndarray, x: int, y: int, premult: np.ndarray, inverse: np.ndarray) -> None:
    """plane = plane * (255 - a) / 255 + colour * a / 255, clipped to the plane."""
    h, w = inverse.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(plane.shape[1], x + w), min(plane.shape[0], y + h)
    if x1 <= x0 or y1 <= y0:
        return
    sy, sx = slice(y0 - y, y1 - y), slice(x0 - x, x1 - x)
    region = plane[y0:y1, x0:x1]
    # At most 255 * 255: uint16 holds it. OpenCV's ops run vectorised, numpy's uint
    # division does not (this was a tenth of a millisecond per subtitle per frame).
    mixed = cv2.add(cv2.multiply(region.astype(np.uint16), inverse[sy, sx]), premult[sy, sx])
    region[:] = cv2.convertScaleAbs(mixed, alpha=1 / 255)


def subtitle_font(size: int, face: FontChoice | None = None) -> ImageFont.FreeTypeFont:
    """The subtitle font (a CJK-capable sans, or ``face``) at ``size`` px."""
    path, index = (face.path, face.index) if face is not None else find_cjk_font()
    return ImageFont.truetype(str(path), size, index=index)


def render_cue(text: str, width: int, height: int, size: int) -> Overlay | None:
    """``text`` (lines split by newlines) as a centred subtitle above the phone UI band.

    The font shrinks when a line would leave the safe width; characters no font can draw
    are left out rather than drawn as boxes.
    """
    text = clean_text(text)
    face = font_for(_drawn(text))
    if face.missing:
        log.warning("subtitle %r: no font has %r; left out of the picture", text, face.missing)
        text = "".join(c for c in text if c not in face.missing)
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    font, stroke = _fitting_font(lines, int(width * SAFE_WIDTH), size, face)
    spacing = int(font.size * LINE_SPACING)
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    box = probe.multiline_textbbox(
        (0, 0), "\n".join(lines), font=font, spacing=spacing, align="center", stroke_width=stroke
    )
    text_w, text_h = int(box[2] - box[0]) + 1, int(box[3] - box[1]) + 1
    pad = stroke + 4
    patch = Image.new("RGBA", (text_w + 2 * pad, text_h + 2 * pad), (0, 0, 0, 0))
    ImageDraw.Draw(patch).multiline_text(
        (pad - box[0], pad - box[1]),
        "\n".join(lines),
        font=font,
        fill=(255, 255, 255, 255),
        spacing=spacing,
        align="center",
        stroke_width=stroke,
        stroke_fill=(0, 0, 0, 235),
    )
    x = (width - patch.width) // 2
    y = int(height * (1 - BOTTOM_UI)) - patch.height - int(height * 0.02)
    return Overlay.from_rgba(patch, x, y)


def _fitting_font(
    lines: Sequence[str], max_width: int, size: int, face: FontChoice | None = None
) -> tuple[ImageFont.FreeTypeFont, int]:
    while True:
        font = subtitle_font(size, face) if face is not None and face.fallback else subtitle_font(size)
        stroke = max(2, size // 12)
        widest = max(font.getlength(line) for line in lines) + 2 * stroke
        if widest <= max_width or size <= 16:
            return font, stroke
        size = max(16, int(size * max_width / widest) - 1)


def render_label(text: str, width: int, height: int, position: str = "top-left") -> Overlay | None:
    """The visible AI mark (e.g. "AI生成") at ``position`` inside the safe area."""
    from app.media.label_mark import label_box, label_patch

    patch = label_patch(text, width, height)
    x, y = label_box(patch.size, width, height, position)
    return Overlay.from_rgba(patch.convert("RGBA"), x, y)


def srt_text(cues: Sequence[Cue]) -> str:
    """The cues as an SRT file's text (times in milliseconds, as burned in)."""
    subs = pysubs2.SSAFile()
    for cue in cues:
        text = clean_text(cue.text).replace("\n", "\\N")
        subs.append(
            pysubs2.SSAEvent(start=round(cue.start * 1000), end=round(cue.end * 1000), text=text)
        )
    return subs.to_string("srt")


def write_srt(cues: Sequence[Cue], path: Path) -> Path:
    """Write the SRT sidecar atomically (temp file, then rename)."""
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(srt_text(cues), encoding="utf-8")
    tmp.replace(path)
    return path


CAPTION_BAND = 330  # px at 1920 high: the storyboard caption's band at the bottom


def render_caption(caption: dict, width: int, height: int) -> Overlay | None:
    """A storyboard still's caption (``heading``, ``lines``, ``style``) as a fixed band at
    the bottom of the frame, for an animatic: it stays put while the picture moves."""
    lines = [str(line) for line in caption.get("lines") or [] if str(line).strip()]
    heading = str(caption.get("heading") or "")
    if not heading and not lines:
        return None
    scale = height / 1920
    band_h = int(CAPTION_BAND * scale)
    patch = Image.new("RGBA", (width, band_h), (10, 10, 12, 180))
    draw = ImageDraw.Draw(patch)
    left = int(48 * scale)
    draw.text((left, int(28 * scale)), heading, font=subtitle_font(int(40 * scale)),
              fill=(255, 214, 102, 255))
    for i, line in enumerate(lines[:3]):
        draw.text((left, int((100 + i * 64) * scale)), line, font=subtitle_font(int(44 * scale)),
                  fill=(240, 240, 240, 255))
    style = str(caption.get("style") or "")
    if style:
        draw.text((left, int(280 * scale)), style, font=subtitle_font(int(26 * scale)),
                  fill=(170, 170, 178, 255))
    return Overlay.from_rgba(patch, 0, (height - band_h) // 2 * 2)
