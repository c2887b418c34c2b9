import hashlib

import numpy as np
import pytest
from PIL import Image

from app.core.screenplay import Character, Scene, Script, Shot
from nodes.character import CharacterBible, dominant_color, merge_cast
from nodes.image import GenerateImage
from nodes.providers.local.storyboard import character_color, figure_layout, render_frame
from nodes.script import SplitShots

SCRIPT = Script(
    title="T",
    characters=[
        Character(id="lena", name="Lena", look="plain", voice="female", color="#e4572e"),
        Character(id="mark", name="Mark", look="plain", voice="male", color="#2e86ab"),
    ],
    scenes=[Scene(number=1, location="office")],
    shots=[
        Shot(id="s1", description="Lena waits in the office.", characters=["lena"],
             speaker="lena", line="Late again.", duration=3.0),
        Shot(id="s2", description="Mark walks in.", characters=["mark"], duration=3.0),
    ],
)


def rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))


def test_bible_draws_reference_sheets_and_colours_come_from_them(run_node):
    out = run_node(CharacterBible, characters=[
        {"id": "lena", "name": "Lena", "look": "long hair, red dress", "reference": "generate"},
        {"id": "mark", "name": "Mark", "look": "grey suit", "color": "#2e86ab"},
    ])
    lena, mark = out["characters"]
    [sheet] = out["references"]
    assert lena.reference == hashlib.sha256(sheet.path.read_bytes()).hexdigest()
    assert mark.reference == "" and mark.color == "#2e86ab"
    # no colour given: the reference sheet's main colour, which is Lena's own deterministic one
    expected = np.array(character_color(Character(id="lena", name="Lena")))
    assert np.abs(np.array(rgb(lena.color)) - expected).max() <= 6
    with Image.open(sheet.path) as image:
        assert image.size == (1080, 1920)
    assert sheet.meta["figures"][0]["character"] == "lena"


def test_imported_reference_is_copied_and_gives_its_colour(run_node, tmp_path):
    photo = tmp_path / "lena.jpg"
    pixels = np.full((400, 300, 3), (200, 200, 200), np.uint8)
    pixels[80:360, 60:240] = (30, 90, 200)  # a blue coat on a grey wall
    Image.fromarray(pixels).save(photo, quality=95)
    out = run_node(CharacterBible, characters=[
        {"id": "lena", "name": "Lena", "reference": "file", "file": str(photo)},
    ])
    [lena], [copy] = out["characters"], out["references"]
    assert copy.path != photo and copy.path.read_bytes() == photo.read_bytes()
    assert lena.reference == hashlib.sha256(photo.read_bytes()).hexdigest()
    r, g, b = rgb(lena.color)
    assert b > 170 and r < 60 and 60 < g < 120
    assert dominant_color(photo) == lena.color


def test_bible_rejects_twice_the_same_id_and_a_missing_file(run_node):
    with pytest.raises(ValueError, match="twice"):
        run_node(CharacterBible, characters=[{"id": "a", "name": "A"}, {"id": "a", "name": "B"}])
    with pytest.raises(Exception, match="cannot find"):
        run_node(CharacterBible, characters=[
            {"id": "a", "name": "A", "reference": "file", "file": "/nowhere/a.png"}])


def test_merge_by_id_or_name_keeps_script_ids_and_fills_only_given_fields():
    bible = [
        Character(id="lena", name="Lena", look="red coat", reference="a" * 64),
        Character(id="someone", name="MARK", voice="male, husky"),
        Character(id="zoe", name="Zoe", look="not in this script"),
    ]
    lena, mark = merge_cast(SCRIPT.characters, bible)
    assert (lena.id, lena.look, lena.voice, lena.reference) == ("lena", "red coat", "female", "a" * 64)
    assert (mark.id, mark.name, mark.look, mark.voice) == ("mark", "MARK", "plain", "male, husky")


def test_shots_carry_the_bible_and_the_style_input(run_node):
    bible = [Character(id="lena", name="Lena", look="red coat", color="#22aa44", reference="b" * 64)]
    shots = run_node(SplitShots, {"script": SCRIPT, "characters": bible, "style": " noir, 9:16 "},
                     style="ignored when wired")["shots"]
    assert [s.style for s in shots] == ["noir, 9:16", "noir, 9:16"]
    [lena] = shots[0].cast
    assert (lena.look, lena.color, lena.reference, lena.voice) == ("red coat", "#22aa44", "b" * 64, "female")
    assert shots[1].cast[0].look == "plain"  # Mark is not in the bible
    plain = run_node(SplitShots, {"script": SCRIPT}, style="documentary")["shots"]
    assert plain[0].style == "documentary" and plain[0].cast[0].look == "plain"


def test_storyboard_draws_the_bible_colour_and_silhouette(run_node):
    bible = [Character(id="lena", name="Lena", look="long hair, red dress", color="#22aa44")]
    shot = run_node(SplitShots, {"script": SCRIPT, "characters": bible})["shots"][0]
    still = run_node(GenerateImage, {"shot": shot})["image"]
    pixels = np.asarray(Image.open(still.path).convert("RGB"))
    figure = figure_layout(shot, still.meta["seed"])[0]
    assert tuple(pixels[int(figure.head_y + 0.3 * figure.head_r), int(figure.head_x)]) == (0x22, 0xAA, 0x44)
    # long hair falls beside the neck, where a short-haired figure shows the backdrop
    beside = (int(figure.head_y + 1.0 * figure.head_r), int(figure.head_x + 1.1 * figure.head_r))
    short = render_frame(
        shot.model_copy(update={"cast": [bible[0].model_copy(update={"look": "suit"})]}),
        still.meta["seed"],
    )
    assert tuple(pixels[beside]) == (40, 30, 28)
    assert tuple(np.asarray(short)[beside]) != (40, 30, 28)
    assert still.meta["figures"][0]["character"] == "lena"
