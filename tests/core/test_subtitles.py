"""Subtitles with hostile or non-Latin text: control characters, Arabic, Hebrew, emoji.

Each check draws the real cue patch and compares it with what a wrong rendering (the CJK
font's empty boxes, unshaped letters) would give.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, features

from app.media import subtitles
from app.media.subtitles import clean_text, font_for, render_cue, subtitle_warnings

W, H, SIZE = 1080, 1920, 64
# A code point no installed font draws (Unicode 15 "shaking face"): stands for any emoji
# or script the machine has no font for.
NO_FONT = "\U0001fae8"


def _alpha(text: str, font: ImageFont.FreeTypeFont) -> np.ndarray:
    """The coverage mask ``font`` gives ``text`` on its own (no outline)."""
    box = font.getbbox(text)
    img = Image.new("L", (box[2] - box[0] + 4, box[3] - box[1] + 4), 0)
    ImageDraw.Draw(img).text((2 - box[0], 2 - box[1]), text, font=font, fill=255)
    return np.asarray(img)


def test_control_characters_and_bidi_overrides_are_removed():
    dirty = "Hello\x00 wor\x07ld\x1b[0m \u202eevil\u202c\r\nnext\tline"
    assert clean_text(dirty) == "Hello world[0m evil\nnext line"
    overlay = render_cue(dirty, W, H, SIZE)
    assert overlay is not None
    assert overlay.luma[0].shape == render_cue(clean_text(dirty), W, H, SIZE).luma[0].shape


@pytest.mark.parametrize("text", ["مرحبا بالعالم", "שלום עולם"])
def test_rtl_text_gets_a_font_that_has_its_letters(text):
    face = font_for(frozenset(c for c in text if not c.isspace()))
    assert face.missing == "" and face.fallback
    cjk = subtitles.subtitle_font(SIZE)
    chosen = subtitles.subtitle_font(SIZE, face)
    # the CJK font draws the same empty box for every letter; the chosen font does not
    boxes = [_alpha(c, cjk) for c in text if not c.isspace()]
    assert all(b.shape == boxes[0].shape and (b == boxes[0]).all() for b in boxes)
    glyphs = [_alpha(c, chosen) for c in text if not c.isspace()]
    assert len({g.tobytes() for g in glyphs}) > 2
    assert subtitle_warnings([text]) == []


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow has no libraqm here")
def test_arabic_is_shaped_and_joined_not_drawn_letter_by_letter():
    word = "مرحبا"
    face = font_for(frozenset(word))
    font = subtitles.subtitle_font(SIZE, face)
    joined = font.getlength(word)
    separate = sum(font.getlength(c) for c in word)
    assert joined < separate * 0.95  # joined (medial) forms are narrower than isolated ones
    basic = ImageFont.truetype(str(face.path), SIZE, index=face.index,
                               layout_engine=ImageFont.Layout.BASIC)
    assert not np.array_equal(_alpha(word, font), _alpha(word, basic))


def test_a_character_no_font_has_is_named_before_and_left_out_of_the_picture():
    text = f"I love you {NO_FONT}"
    (warning,) = subtitle_warnings([text, "plain line"])
    assert f"U+{ord(NO_FONT):04X}" in warning and "left out" in warning
    drawn = render_cue(text, W, H, SIZE)
    without = render_cue("I love you ", W, H, SIZE)
    assert drawn.luma[0].shape == without.luma[0].shape
    assert np.array_equal(drawn.luma[0], without.luma[0])  # no box where the emoji was


def test_emoji_a_font_has_are_drawn_with_it():
    face = font_for(frozenset("I😀you"))
    if face.missing:
        pytest.skip("no installed font has U+1F600 here")
    assert face.fallback  # the CJK font lacks it; another font draws the whole line
    assert subtitle_warnings(["I 😀 you"]) == []


def test_the_srt_keeps_the_text_without_controls():
    from app.media.timeline import Cue

    srt = subtitles.srt_text([Cue(0, 0.0, 1.5, f"Hi\x00 there {NO_FONT}")])
    assert "\x00" not in srt and f"Hi there {NO_FONT}" in srt
