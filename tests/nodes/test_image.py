import numpy as np
import pytest
from PIL import Image

from app.core.screenplay import Character, ShotCard
from nodes.image import GenerateImage
from nodes.providers.local.storyboard import figure_layout, render_frame

LENA = Character(id="lena", name="Lena", voice="female", color="#e4572e")
MARK = Character(id="mark", name="Mark", voice="male", color="#2e86ab")


def card(
    shot_id: str, description: str, camera: str, people: list[Character], language: str = "en"
) -> ShotCard:
    return ShotCard(
        id=shot_id,
        description=description,
        camera=camera,
        duration=4.0,
        characters=[c.id for c in people],
        speaker=people[0].id,
        line="Hi.",
        cast=people,
        language=language,
    )


@pytest.fixture
def shots() -> tuple[ShotCard, ShotCard]:
    return (
        card("s1", "Lena waits in the office at night.", "static", [LENA]),
        card("s2", "Lena meets Mark on a rainy street.", "pan_left", [LENA, MARK]),
    )


def test_frame_is_a_1080x1920_png_and_deterministic(run_node, shots):
    first = run_node(GenerateImage, {"shot": shots[0]}, seed=4)["image"]
    again = run_node(GenerateImage, {"shot": shots[0]}, seed=4)["image"]
    with Image.open(first.path) as image:
        assert image.format == "PNG" and image.size == (1080, 1920)
    assert first.path.read_bytes() == again.path.read_bytes()


def test_same_character_same_colour_in_different_shots(shots):
    for shot in shots:
        pixels = np.asarray(render_frame(shot, 1))
        head = next(f for f in figure_layout(shot, 1) if f.character == "lena")
        assert tuple(pixels[int(head.head_y), int(head.head_x)]) == (0xE4, 0x57, 0x2E)
    lena_alone = next(f for f in figure_layout(shots[0]) if f.character == "lena")
    lena_with_mark = next(f for f in figure_layout(shots[1]) if f.character == "lena")
    assert lena_alone.head_r == lena_with_mark.head_r


def test_each_take_stages_the_shot_differently_with_the_same_people(shots):
    takes = [np.asarray(render_frame(shots[0], seed), dtype=np.int16) for seed in (1, 2, 3)]
    for a, b in ((0, 1), (0, 2), (1, 2)):
        assert (np.abs(takes[a] - takes[b]).max(axis=2) > 30).mean() > 0.02  # >2% of pixels
    for seed, pixels in zip((1, 2, 3), takes, strict=True):
        head = next(f for f in figure_layout(shots[0], seed) if f.character == "lena")
        assert tuple(pixels[int(head.head_y), int(head.head_x)]) == (0xE4, 0x57, 0x2E)


def test_different_shots_differ(shots):
    a, b = (np.asarray(render_frame(s, 1), dtype=np.int16) for s in shots)
    assert np.abs(a - b).mean() > 5


def test_the_caption_travels_as_data_and_is_not_burned_into_the_still(tmp_path):
    """Item 7 of issue 16: a caption in the picture pans with Ken Burns and is cut at the
    edge; the still carries it as meta for the previews (and an animatic) to draw."""
    from app.core.node_api import RunContext
    from app.media.subtitles import render_caption
    from nodes.providers.local.storyboard import StoryboardRenderer, caption

    shot = card("s3", "林晚在医院走廊里停下脚步。（医院走廊，夜）", "push_in", [LENA, MARK], "zh")
    ctx = RunContext(node_id="n", temp_dir=tmp_path)
    made = StoryboardRenderer().generate_image(shot, 0, ctx, tmp_path / "s3.png")
    assert made.meta["caption"] == caption(shot)
    assert made.meta["caption"]["heading"] == "S3  ·  push in"
    assert "".join(made.meta["caption"]["lines"]) == shot.description
    # The night corridor's bottom band is dark: no caption text was drawn over it...
    band = np.asarray(Image.open(made.path).convert("RGB"))[1600:, :]
    assert (band > 200).sum() == 0
    # ...while the animatic overlay of the same caption does draw bright text there.
    overlay = render_caption(made.meta["caption"], 1080, 1920)
    assert overlay is not None and overlay.y >= 1500
    bright = overlay.luma[0] > 200 * (255 - overlay.luma[1].min()) // 255
    assert bright.any()

def test_a_creators_own_still_keys_its_shot_alone():
    """The other shots' keys do not change when one shot gets the creator's own file."""
    from nodes.video import Animate

    digest = "ab" * 32
    for node in (GenerateImage, Animate):
        plain = node.parse_params({})
        own = node.parse_params({"own": {"s3": digest}, "seed": 0})
        assert node.item_key_params(own, "s3", 0) == {"own": digest}
        assert node.item_key_params(own, "s1", 2) == node.item_key_params(plain, "s1", 2)
        assert "own" not in node.item_key_params(plain, "s1", 0)
        assert not node.calls_provider(own, "s3") and node.calls_provider(own, "s1")
        with pytest.raises(ValueError, match="media-store hashes"):
            node.parse_params({"own": {"s3": "/home/me/clip.mp4"}})
