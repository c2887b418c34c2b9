import pytest

from app.core.prompting import (
    IMAGE_TEMPLATE,
    TEMPLATE_FIELDS,
    VARIABLES,
    PromptTemplateError,
    check_template,
    render,
    variables_in,
)
from app.core.screenplay import Character, ShotCard
from nodes.image import PICTURE_FIELDS
from nodes.video import MOTION_FIELDS

LENA = Character(id="lena", name="Lena", look="red coat, short black hair")
MARK = Character(id="mark", name="Mark", look="grey suit")


def card(**changes) -> ShotCard:
    fields = dict(
        id="s1", description="Lena meets Mark in the rain", camera="push_in",
        characters=["mark", "lena"], speaker="lena", line="You came.", duration=3.0,
        cast=[MARK, LENA], style="cinematic, soft light", mood="tense",
    )
    return ShotCard(**{**fields, **changes})


def test_default_template_puts_style_action_cast_and_camera_in_order():
    assert render(IMAGE_TEMPLATE, card()) == (
        "cinematic, soft light. Lena meets Mark in the rain. "
        "Lena: red coat, short black hair; Mark: grey suit. camera pushes in"
    )


def test_lead_character_is_the_speaker_else_the_first_shown():
    assert render("{character.name} ({character.look})", card()) == "Lena (red coat, short black hair)"
    silent = card(speaker=None, line="")
    assert render("{character.name}", silent) == "Mark"
    assert render("{character.name}", card(characters=[], speaker=None, line="")) == ""


def test_empty_variables_leave_no_stray_separators():
    bare = card(style="", cast=[], characters=[], speaker=None, line="")
    assert render(IMAGE_TEMPLATE, bare) == "Lena meets Mark in the rain. camera pushes in"
    assert render("{style}, {shot.action}", bare) == "Lena meets Mark in the rain"


def test_unknown_variable_is_named_with_the_known_ones():
    with pytest.raises(PromptTemplateError) as err:
        render("{style}. {shot.colour} and {hero}", card())
    message = str(err.value)
    assert "{shot.colour}" in message and "{hero}" in message
    assert "{shot.action}" in message  # lists what would work
    with pytest.raises(PromptTemplateError, match="no format"):
        check_template("{style:>10}")
    with pytest.raises(PromptTemplateError, match="malformed"):
        check_template("{style")


def test_literal_braces_and_chinese_camera_words():
    assert render("{{json}} {shot.id}", card()) == "{json} s1"
    assert render("{shot.camera}", card(language="zh")) == "镜头推进"
    assert variables_in("{style} {shot.mood} {style}") == ["style", "shot.mood", "style"]


def test_every_variable_reads_only_fields_the_nodes_key_on():
    """What a template can read is in the image and video cache keys, so edits re-run them."""
    assert set(TEMPLATE_FIELDS) <= set(PICTURE_FIELDS)
    assert set(TEMPLATE_FIELDS) <= set(MOTION_FIELDS)
    changed = {"style": {"style": "noir"}, "shot.mood": {"mood": "sad"},
               "characters": {"cast": [MARK, LENA.model_copy(update={"look": "blue coat"})]}}
    for name, update in changed.items():
        assert render("{" + name + "}", card()) != render("{" + name + "}", card(**update))
        assert set(update) <= set(VARIABLES[name].fields)
