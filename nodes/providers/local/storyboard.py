"""The offline image model: a storyboard frame drawn from a shot card.

A 1080x1920 PNG: a sky-to-floor gradient from the time of day and mood, simple set
pieces for the place the description names, one silhouette per character in that
character's colour (placed by the character's id, so it sits in the same spot in every
shot; hair, hat and dress from the character's look), framing from the camera move.
The caption (shot id, camera, length, action, style) is not drawn into the picture, where
it would pan with the Ken Burns move and be cut at the frame's edge: it travels as the
frame's meta (``caption``), which the app's previews draw as an overlay and an animatic
export burns in, fixed. The meta also lists where each character was drawn, so a
consistency check can find them again.

``render_reference`` draws a character sheet: one large figure on a plain backdrop.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from app.core.node_api import MediaOut, RunContext
from app.core.screenplay import Character, ShotCard

WIDTH, HEIGHT = 1080, 1920
HORIZON = 0.62  # fraction of the height where wall meets floor
CAPTION_TOP = HEIGHT - 330
FONT_PATHS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)

SKIES = {  # time of day → (top, horizon) colours
    "night": ((12, 16, 38), (44, 52, 88)),
    "evening": ((58, 42, 92), (236, 138, 92)),
    "day": ((120, 170, 222), (226, 232, 238)),
}
MOOD_TINTS = {
    "tense": (150, 30, 30),
    "sad": (40, 70, 140),
    "romantic": (220, 110, 150),
    "triumphant": (230, 180, 60),
    "mysterious": (90, 40, 140),
}
FRAMING = {  # camera move → (scale, x shift, y shift) as fractions of the frame
    "static": (1.0, 0.0, 0.0),
    "push_in": (1.35, 0.0, 0.04),
    "pull_out": (0.8, 0.0, -0.04),
    "pan_left": (1.0, 0.09, 0.0),
    "pan_right": (1.0, -0.09, 0.0),
    "tilt_up": (1.05, 0.0, 0.07),
    "tilt_down": (1.05, 0.0, -0.06),
}
CLOSE_WORDS = ("close-up", "close on", "insert", "特写", "插入")


@dataclass(frozen=True)
class Silhouette:
    """The outline a character's look gives their figure."""

    hair: str = "none"  # none | short | long | bun
    hair_color: tuple[int, int, int] = (40, 30, 28)
    hat: bool = False
    dress: bool = False


@dataclass(frozen=True)
class Figure:
    """Where a character's silhouette is drawn in one frame."""

    character: str
    color: tuple[int, int, int]
    head_x: float
    head_y: float
    head_r: float
    silhouette: Silhouette = Silhouette()

    def regions(self) -> dict[str, list[int]]:
        """Boxes (x0, y0, x1, y1, clipped to the frame) of this figure.

        ``head`` and ``torso`` lie inside the head and body in the character's own
        colour; ``bust`` frames head and shoulders, for comparing outlines.
        """
        x, y, r = self.head_x, self.head_y, self.head_r
        boxes = {
            "head": (x - 0.55 * r, y - 0.2 * r, x + 0.55 * r, y + 0.7 * r),
            "torso": (x - 0.6 * r, y + 1.8 * r, x + 0.6 * r, y + 3.5 * r),
            "bust": (x - 2.4 * r, y - 1.7 * r, x + 2.4 * r, y + 4.0 * r),
        }
        return {k: _clip_box(b) for k, b in boxes.items()}


class StoryboardRenderer:
    """Offline ``ImageModel``: deterministic storyboard frames, no weights, no network."""

    name = "local"
    capability = "image"

    def __init__(self, options: dict[str, Any] | None = None):
        self.max_concurrency = os.cpu_count() or 1

    def identity(self) -> dict[str, Any]:
        return {"id": "local.storyboard", "version": 4}  # 4: no caption in the picture

    def generate_image(self, shot: ShotCard, seed: int, ctx: RunContext, out: Path) -> MediaOut:
        """Draw ``shot`` to ``out`` (PNG)."""
        ctx.check_cancelled()
        image = render_frame(shot, seed)
        ctx.check_cancelled()
        image.save(out, format="PNG", compress_level=1)
        meta = {"generator": "local.storyboard", "seed": seed, "width": WIDTH, "height": HEIGHT}
        meta["caption"] = caption(shot)
        return MediaOut(out, {**meta, "figures": figure_meta(figure_layout(shot, seed))})

    def generate_reference(
        self, character: Character, seed: int, ctx: RunContext, out: Path
    ) -> MediaOut:
        """Draw ``character``'s reference sheet to ``out`` (PNG)."""
        ctx.check_cancelled()
        image, figure = render_reference(character)
        image.save(out, format="PNG", compress_level=1)
        meta = {"generator": "local.storyboard", "reference": character.id, "seed": seed}
        return MediaOut(out, {**meta, "figures": figure_meta([figure])})


def render_frame(shot: ShotCard, seed: int) -> Image.Image:
    """The storyboard frame of ``shot`` as an RGB image."""
    rng = np.random.default_rng([seed, _stable_int(shot.id), _stable_int(shot.description)])
    text = shot.description.lower()
    tod = time_of_day(text)
    _, _, dy = _framing(shot, seed)
    horizon = int(HEIGHT * (HORIZON + dy))
    pixels = _gradient(tod, shot.mood, horizon)
    image = Image.fromarray(pixels, "RGB")
    draw = ImageDraw.Draw(image)
    set_piece = next((piece for words, piece in SETS if any(w in text for w in words)), _horizon)
    set_piece(draw, horizon, tod, rng)
    for figure in sorted(figure_layout(shot, seed), key=lambda f: f.head_r):
        _draw_figure(draw, figure, is_speaker=figure.character == shot.speaker)
    if any(w in text for w in ("rain", "雨")):
        _draw_rain(draw, rng)
    return image


def caption(shot: ShotCard) -> dict[str, Any]:
    """What a storyboard frame's caption says, as data for an overlay.

    ``heading`` ("S3 · push in"), ``lines`` (the action, wrapped) and ``style``; the
    shot's length is left out, so a trim does not make the still again.
    """
    style = shot.style if len(shot.style) <= 60 else shot.style[:59] + "…"
    return {
        "shot": shot.id,
        "heading": f"{shot.id.upper()}  ·  {shot.camera.replace('_', ' ')}",
        "lines": _wrap(shot.description, shot.language)[:3],
        "style": style,
    }


REFERENCE_BACKDROP = (128, 128, 132)


def render_reference(character: Character) -> tuple[Image.Image, Figure]:
    """A character sheet: the figure large and centred on a plain grey, with the name."""
    image = Image.new("RGB", (WIDTH, HEIGHT), REFERENCE_BACKDROP)
    draw = ImageDraw.Draw(image)
    r = 0.11 * WIDTH
    figure = Figure(
        character.id, character_color(character), WIDTH / 2, HEIGHT * 0.3, r,
        silhouette(character.look),
    )
    _draw_figure(draw, figure, is_speaker=False)
    draw.rectangle((0, CAPTION_TOP, WIDTH, HEIGHT), fill=(36, 36, 40))
    draw.text((48, CAPTION_TOP + 28), character.name, font=_font(64), fill=(255, 214, 102))
    for i, line in enumerate(_wrap(character.look, "en")[:3]):
        draw.text((48, CAPTION_TOP + 120 + i * 56), line, font=_font(40), fill=(235, 235, 235))
    return image, figure


def figure_meta(figures: list[Figure]) -> list[dict[str, Any]]:
    """Where each character is in a frame, as JSON for the artifact's meta."""
    return [{"character": f.character, **f.regions()} for f in figures]


def time_of_day(text: str) -> str:
    """'night', 'evening' or 'day' from words in a shot description."""
    if any(w in text for w in ("night", "midnight", "dark", "夜", "深夜", "漆黑")):
        return "night"
    if any(w in text for w in ("evening", "sunset", "dusk", "傍晚", "黄昏")):
        return "evening"
    return "day"


def _framing(shot: ShotCard, seed: int | None) -> tuple[float, float, float]:
    """(scale, x shift, y shift) of a take: the camera move's framing, staged by the seed.

    Each take moves the group sideways, nearer or farther and the eye line up or down a
    little, so regenerating a shot gives a visibly different frame with the same people.
    """
    scale, dx, dy = FRAMING.get(shot.camera, FRAMING["static"])
    if seed is None:
        return scale, dx, dy
    rng = np.random.default_rng([seed, _stable_int(shot.id), 17])
    zoom, shift, lift = rng.uniform(0.88, 1.14), rng.uniform(-0.09, 0.09), rng.uniform(-0.03, 0.03)
    return scale * float(zoom), dx + float(shift), dy + float(lift)


def figure_layout(shot: ShotCard, seed: int | None = None) -> list[Figure]:
    """Silhouettes of the shot's characters: spot and size from the id, framing from the shot
    and the take's ``seed`` (``None``: the camera move's plain framing)."""
    scale, dx, dy = _framing(shot, seed)
    in_frame = [c for c in shot.cast if c.id in shot.characters or c.id == shot.speaker]
    text = shot.description.lower()
    focus_x = 0.5
    if any(w in text for w in CLOSE_WORDS) and in_frame:
        focal = next((c for c in in_frame if c.id == shot.speaker), in_frame[0])
        scale, focus_x = scale * 1.6, _home(focal.id)[0]
    spots = _spread({c.id: _home(c.id)[0] for c in in_frame})
    figures = []
    for character in in_frame:
        size = _home(character.id)[1]
        x = 0.5 + (spots[character.id] - focus_x) * scale + dx
        head_r = 0.075 * WIDTH * size * scale
        head_y = HEIGHT * (HORIZON - 0.17 + dy) - (scale - 1) * 0.12 * HEIGHT
        figures.append(
            Figure(
                character.id, character_color(character), x * WIDTH, head_y, head_r,
                silhouette(character.look),
            )
        )
    return figures if seed is None else _inside(figures)


def _inside(figures: list[Figure]) -> list[Figure]:
    """Slide a staged group back so nobody's head and shoulders leave the frame."""
    if not figures:
        return figures
    left = min(f.head_x - 2.4 * f.head_r for f in figures)  # the bust box of Figure.regions
    right = max(f.head_x + 2.4 * f.head_r for f in figures)
    if right - left > WIDTH:
        return figures  # a close-up wider than the frame: nothing to slide
    shift = max(0.0, -left) - max(0.0, right - WIDTH)
    return [replace(f, head_x=f.head_x + shift) for f in figures] if shift else figures


_LONG_HAIR = ("long hair", "flowing hair", "长发", "披肩")
_BUN = ("hair tied", "tied back", "ponytail", "bun", "braid", "马尾", "盘发", "扎起", "扎着", "发髻")
_SHORT_HAIR = ("short hair", "crew cut", "buzz cut", "slicked", "cropped", "短发", "寸头", "背头")
_BALD = ("bald", "shaved head", "光头")
_HAT = ("hat", " cap", "cap,", "beret", "helmet", "帽")
_DRESS = ("dress", "gown", "skirt", "qipao", "cheongsam", "裙", "婚纱", "旗袍")
_HAIR_COLORS = (
    (("blonde", "blond", "golden hair", "金发"), (226, 196, 120)),
    (("grey hair", "gray hair", "white hair", "silver hair", "白发", "银发"), (205, 205, 210)),
    (("red hair", "auburn", "ginger", "红发"), (160, 60, 30)),
    (("brown hair", "棕发"), (110, 70, 40)),
)


def silhouette(look: str) -> Silhouette:
    """Hair, hat and dress read from a look description (English or Chinese)."""
    text = f" {look.lower()} "
    hair = "none"
    if any(w in text for w in _LONG_HAIR):
        hair = "long"
    elif any(w in text for w in _BUN):
        hair = "bun"
    elif any(w in text for w in _SHORT_HAIR):
        hair = "short"
    elif ("hair" in text or "发" in text) and not any(w in text for w in _BALD):
        hair = "short"
    color = next((c for words, c in _HAIR_COLORS if any(w in text for w in words)), (40, 30, 28))
    return Silhouette(
        hair=hair,
        hair_color=color,
        hat=any(w in text for w in _HAT),
        dress=any(w in text for w in _DRESS),
    )


def _clip_box(box: tuple[float, float, float, float]) -> list[int]:
    x0, y0, x1, y1 = box
    return [
        int(max(0, min(WIDTH, x0))),
        int(max(0, min(HEIGHT, y0))),
        int(max(0, min(WIDTH, x1))),
        int(max(0, min(HEIGHT, y1))),
    ]


def character_color(character: Character) -> tuple[int, int, int]:
    """The character's colour as RGB (from the script, else from the id)."""
    hex_color = character.color or "#" + hashlib.sha256(character.id.encode()).hexdigest()[:6]
    return tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _home(character_id: str) -> tuple[float, float]:
    """A character's own spot across the frame (0..1) and size, from its id alone."""
    digest = hashlib.sha256(character_id.encode()).digest()
    return 0.22 + 0.56 * digest[0] / 255, 0.9 + 0.2 * digest[1] / 255


def _spread(homes: dict[str, float]) -> dict[str, float]:
    """Home spots pushed apart just enough that no two silhouettes stand on each other."""
    order = sorted(homes, key=lambda k: (homes[k], k))
    gap = min(0.3, 0.7 / max(1, len(order) - 1))
    spots = [homes[k] for k in order]
    for i in range(1, len(spots)):
        spots[i] = max(spots[i], spots[i - 1] + gap)
    overflow = max(0.0, spots[-1] - 0.85) if spots else 0.0
    return {k: x - overflow for k, x in zip(order, spots, strict=True)}


def _stable_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _gradient(tod: str, mood: str, horizon: int) -> np.ndarray:
    top, mid = (np.array(c, np.float32) for c in SKIES[tod])
    tint = np.array(MOOD_TINTS.get(mood, (0, 0, 0)), np.float32)
    top, mid = top * 0.8 + tint * 0.2, mid * 0.8 + tint * 0.2
    floor_top, floor_bottom = mid * 0.45, mid * 0.2
    rows = np.empty((HEIGHT, 3), np.float32)
    horizon = max(1, min(HEIGHT - 1, horizon))
    t = np.linspace(0, 1, horizon, dtype=np.float32)[:, None]
    rows[:horizon] = top + (mid - top) * t
    t = np.linspace(0, 1, HEIGHT - horizon, dtype=np.float32)[:, None]
    rows[horizon:] = floor_top + (floor_bottom - floor_top) * t
    rows = rows.clip(0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.broadcast_to(rows[:, None, :], (HEIGHT, WIDTH, 3)))


def _shade(color: tuple[int, ...], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(c * factor))) for c in color[:3])  # type: ignore[return-value]


# -- set pieces: each draws one kind of place behind the characters -----------------------

Draw = ImageDraw.ImageDraw


def _windows(
    draw: Draw,
    box: tuple[int, int, int, int],
    lit: float,
    rng: np.random.Generator,
    cols: int,
    rows: int,
    glass: tuple[int, int, int],
) -> None:
    x0, y0, x1, y1 = box
    w, h = (x1 - x0) / cols, (y1 - y0) / rows
    for r in range(rows):
        for c in range(cols):
            color = (250, 214, 120) if rng.random() < lit else glass
            draw.rectangle(
                (x0 + c * w + 6, y0 + r * h + 6, x0 + (c + 1) * w - 6, y0 + (r + 1) * h - 6),
                fill=color,
            )


def _office(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    glass = (70, 90, 120) if tod == "night" else (170, 200, 225)
    _windows(
        draw, (60, 260, WIDTH - 60, horizon - 40), 0.35 if tod == "night" else 0.0, rng, 4, 5, glass
    )
    draw.rectangle((140, horizon - 10, WIDTH - 140, horizon + 60), fill=(60, 48, 40))


def _street(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    lit = 0.45 if tod != "day" else 0.05
    for x0, x1, top in ((0, 300, 380), (320, 520, 560), (WIDTH - 330, WIDTH, 300)):
        draw.rectangle((x0, top, x1, horizon), fill=(30, 34, 48))
        _windows(draw, (x0 + 20, top + 30, x1 - 20, horizon - 60), lit, rng, 3, 6, (40, 46, 64))
    draw.line((WIDTH - 420, horizon, WIDTH - 420, horizon - 620), fill=(20, 20, 24), width=14)
    draw.ellipse((WIDTH - 470, horizon - 680, WIDTH - 370, horizon - 600), fill=(255, 226, 150))


def _hospital(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    cx = WIDTH // 2
    for side in (-1, 1):
        draw.line(
            (cx + side * 120, horizon - 420, cx + side * WIDTH, 0), fill=(190, 200, 205), width=6
        )
        for i in range(3):
            x = cx + side * (190 + i * 130)
            draw.rectangle(
                (min(x, x + side * 70), horizon - 360 - i * 60, max(x, x + side * 70), horizon),
                fill=(120, 160, 170),
            )
    draw.rectangle((cx - 120, horizon - 420, cx + 120, horizon), fill=(225, 235, 235))
    draw.rectangle((cx - 18, horizon - 560, cx + 18, horizon - 470), fill=(210, 40, 40))
    draw.rectangle((cx - 45, horizon - 533, cx + 45, horizon - 497), fill=(210, 40, 40))


def _restaurant(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    for i in range(5):
        x = 120 + i * 210 + int(rng.integers(-20, 20))
        draw.line((x, 0, x, 180 + 40 * (i % 2)), fill=(80, 70, 60), width=3)
        draw.ellipse((x - 40, 170 + 40 * (i % 2), x + 40, 230 + 40 * (i % 2)), fill=(255, 210, 130))
    for x in (200, WIDTH - 200):
        draw.ellipse((x - 170, horizon + 30, x + 170, horizon + 110), fill=(235, 228, 215))
        draw.rectangle((x - 12, horizon + 70, x + 12, horizon + 260), fill=(70, 55, 45))


def _room(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    glass = (30, 40, 70) if tod == "night" else (180, 210, 235)
    draw.rectangle((620, 360, 960, 760), fill=(90, 70, 55))
    draw.rectangle((640, 380, 940, 740), fill=glass)
    draw.line((790, 380, 790, 740), fill=(90, 70, 55), width=12)
    draw.rectangle((120, 420, 360, 600), fill=(110, 90, 70))
    draw.rectangle((140, 440, 340, 580), fill=_shade(glass, 0.8))
    draw.rounded_rectangle((80, horizon - 130, 560, horizon + 40), radius=40, fill=(120, 80, 70))


def _stage(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    cx = WIDTH // 2
    draw.arc((cx - 420, 240, cx + 420, 1080), 180, 360, fill=(245, 240, 235), width=30)
    for i in range(18):
        angle = np.pi + np.pi * i / 17
        x, y = cx + 420 * np.cos(angle), 660 + 420 * np.sin(angle)
        draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=(250, 200, 215))
    draw.rectangle((0, horizon - 20, WIDTH, horizon + 40), fill=(200, 190, 200))


def _elevator(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    draw.rectangle((180, 220, WIDTH - 180, horizon), fill=(150, 155, 160))
    draw.line((WIDTH // 2, 220, WIDTH // 2, horizon), fill=(90, 95, 100), width=8)
    draw.rectangle((WIDTH - 150, 700, WIDTH - 100, 820), fill=(60, 60, 66))
    draw.ellipse((WIDTH - 138, 720, WIDTH - 112, 746), fill=(255, 200, 90))


def _horizon(draw: Draw, horizon: int, tod: str, rng: np.random.Generator) -> None:
    if tod == "night":
        draw.ellipse((780, 200, 900, 320), fill=(235, 235, 210))
    draw.line((0, horizon, WIDTH, horizon), fill=(0, 0, 0), width=4)


SetPiece = Callable[[Draw, int, str, np.random.Generator], None]
SETS: tuple[tuple[tuple[str, ...], SetPiece], ...] = (
    (("hospital", "医院", "病房", "consent form"), _hospital),
    (("elevator", "电梯"), _elevator),
    (("office", "办公", "写字楼", "desk", "board", "contract", "合同"), _office),
    (("wedding", "stage", "婚礼", "舞台", "gown", "婚纱"), _stage),
    (
        ("restaurant", "café", "cafe", "party", "ballroom", "餐厅", "咖啡", "酒会", "宴会"),
        _restaurant,
    ),
    (("street", "alley", "rain", "街", "巷", "雨", "car"), _street),
    (
        (
            "room",
            "home",
            "apartment",
            "stairwell",
            "corridor",
            "hallway",
            "客厅",
            "家",
            "房间",
            "公寓",
            "楼梯",
            "走廊",
        ),
        _room,
    ),
)


def _draw_figure(draw: Draw, figure: Figure, is_speaker: bool) -> None:
    x, y, r = figure.head_x, figure.head_y, figure.head_r
    look = figure.silhouette
    body = _shade(figure.color, 0.72)
    if look.hair == "long":  # behind the head and shoulders
        draw.rounded_rectangle(
            (x - 1.25 * r, y - 1.3 * r, x + 1.25 * r, y + 2.4 * r), radius=int(r), fill=look.hair_color
        )
    elif look.hair == "bun":
        draw.ellipse((x - 0.5 * r, y - 1.75 * r, x + 0.5 * r, y - 0.85 * r), fill=look.hair_color)
    if look.dress:
        draw.polygon(
            [(x - 1.6 * r, y + 1.25 * r), (x + 1.6 * r, y + 1.25 * r),
             (x + 3.0 * r, y + 9 * r), (x - 3.0 * r, y + 9 * r)],
            fill=body,
        )
    else:
        draw.rounded_rectangle(
            (x - 2.3 * r, y + 1.25 * r, x + 2.3 * r, y + 9 * r), radius=int(r), fill=body
        )
    draw.rectangle((x - 0.45 * r, y + 0.7 * r, x + 0.45 * r, y + 1.5 * r), fill=body)
    draw.ellipse(
        (x - r, y - 1.15 * r, x + r, y + 1.15 * r),
        fill=figure.color,
        outline=_shade(figure.color, 1.35),
        width=max(2, int(r / 18)),
    )
    if look.hair in ("short", "long", "bun"):  # a cap of hair over the top of the head
        draw.chord((x - r, y - 1.15 * r, x + r, y + 1.15 * r), 200, 340, fill=look.hair_color)
    if look.hat:
        draw.rectangle((x - 1.45 * r, y - 1.05 * r, x + 1.45 * r, y - 0.8 * r), fill=(30, 30, 34))
        draw.rounded_rectangle(
            (x - 0.85 * r, y - 1.75 * r, x + 0.85 * r, y - 0.95 * r), radius=int(0.2 * r),
            fill=(30, 30, 34),
        )
    if is_speaker:
        bx, by = x + 1.3 * r, y - 2.1 * r
        draw.rounded_rectangle(
            (bx, by, bx + 1.6 * r, by + 0.9 * r), radius=int(0.3 * r), fill=(250, 250, 250)
        )
        draw.polygon(
            [
                (bx + 0.2 * r, by + 0.85 * r),
                (bx + 0.6 * r, by + 0.85 * r),
                (bx + 0.05 * r, by + 1.3 * r),
            ],
            fill=(250, 250, 250),
        )


def _draw_rain(draw: Draw, rng: np.random.Generator) -> None:
    starts = rng.integers(0, [WIDTH + 300, CAPTION_TOP], size=(160, 2))
    for x, y in starts:
        draw.line((int(x), int(y), int(x) - 28, int(y) + 90), fill=(170, 190, 215), width=2)


def _wrap(text: str, language: str) -> list[str]:
    if language == "zh" or not text.isascii():
        return [text[i : i + 21] for i in range(0, len(text), 21)]
    return textwrap.wrap(text, width=40)


@functools.lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path, index = font_file()
    if path:
        return ImageFont.truetype(path, size, index=index)
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=1)
def font_file() -> tuple[str, int]:
    """A CJK-capable font (path, face index): Noto Sans CJK SC via fontconfig or known paths."""
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}", "Noto Sans CJK SC"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout
            path, _, index = found.partition("|")
            if "CJK" in path and Path(path).is_file():
                return path, int(index or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    for path, index in FONT_PATHS:
        if Path(path).is_file():
            return path, index
    return "", 0
