"""Prompt templates: how an image or video node words its prompt for one shot.

A template is text with variables in braces, e.g. ``"{style}. {shot.action}. {characters}"``.
``{{`` and ``}}`` stand for literal braces. Every variable reads named fields of the shot
card (``VARIABLES[name].fields``), so a node that renders templates keys its cache on
those fields and nothing else. Empty variables leave no stray separators behind.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from app.core.screenplay import Character, ShotCard

CAMERA_WORDS = {
    "static": "static shot",
    "push_in": "camera pushes in",
    "pull_out": "camera pulls out",
    "pan_left": "camera pans left",
    "pan_right": "camera pans right",
    "tilt_up": "camera tilts up",
    "tilt_down": "camera tilts down",
}
CAMERA_WORDS_ZH = {
    "static": "固定镜头",
    "push_in": "镜头推进",
    "pull_out": "镜头拉远",
    "pan_left": "镜头左摇",
    "pan_right": "镜头右摇",
    "tilt_up": "镜头上摇",
    "tilt_down": "镜头下摇",
}


class PromptTemplateError(ValueError):
    """A template that cannot be rendered; the message names the problem and the fix."""


@dataclass(frozen=True)
class Variable:
    """A template variable: what it means, the card fields it reads, how it is filled."""

    doc: str
    fields: tuple[str, ...]
    value: Callable[[ShotCard], str]


def in_frame(shot: ShotCard) -> list[Character]:
    """The cast members the shot shows, speaker first, then the others in cast order."""
    shown = [c for c in shot.cast if c.id in shot.characters or c.id == shot.speaker]
    return sorted(shown, key=lambda c: c.id != shot.speaker)


def lead(shot: ShotCard) -> Character | None:
    """The character a shot is about: its speaker if shown, else the first one shown."""
    shown = in_frame(shot)
    return shown[0] if shown else None


def _looks(shot: ShotCard) -> str:
    return "; ".join(f"{c.name}: {c.look}" if c.look else c.name for c in in_frame(shot))


def _camera(shot: ShotCard) -> str:
    words = CAMERA_WORDS_ZH if shot.language == "zh" else CAMERA_WORDS
    return words.get(shot.camera, shot.camera.replace("_", " "))


_CAST = ("cast", "characters", "speaker")
VARIABLES: dict[str, Variable] = {
    "style": Variable("the project style, e.g. 'cinematic, soft light'", ("style",),
                      lambda s: s.style),
    "shot.action": Variable("what happens in the shot (its description)", ("description",),
                            lambda s: s.description),
    "shot.description": Variable("same as shot.action", ("description",),
                                 lambda s: s.description),
    "shot.camera": Variable("the camera move in words, e.g. 'camera pushes in'", ("camera",),
                            _camera),
    "shot.mood": Variable("the shot's mood, e.g. 'tense'", ("mood",), lambda s: s.mood),
    "shot.id": Variable("the shot's id, e.g. 's3'", ("id",), lambda s: s.id),
    "character.name": Variable("the lead character's name (the speaker if shown)", _CAST,
                               lambda s: lead(s).name if lead(s) else ""),
    "character.look": Variable("the lead character's look", _CAST,
                               lambda s: lead(s).look if lead(s) else ""),
    "characters": Variable("everyone shown, as 'Name: look; Name: look'", _CAST, _looks),
}
# Fields any template may read: a node rendering templates puts these in its cache key.
TEMPLATE_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(f for v in VARIABLES.values() for f in v.fields)
)

IMAGE_TEMPLATE = "{style}. {shot.action}. {characters}. {shot.camera}"
VIDEO_TEMPLATE = "{shot.action}. {shot.camera}. {style}"


def variables_in(template: str) -> list[str]:
    """The variable names ``template`` uses, in order; raises on a malformed template."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PromptTemplateError(
            f"the prompt template is malformed ({exc}); write literal braces as {{{{ and }}}}"
        ) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise PromptTemplateError(
                f"'{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}'"
                " in the prompt template: variables take no format, write just "
                f"{{{name}}}"
            )
        names.append(name)
    return names


def check_template(template: str) -> str:
    """``template`` if every variable is known, else a ``PromptTemplateError`` naming it."""
    unknown = [n for n in variables_in(template) if n not in VARIABLES]
    if unknown:
        known = ", ".join("{" + n + "}" for n in VARIABLES)
        shown = ", ".join("{" + n + "}" for n in dict.fromkeys(unknown))
        raise PromptTemplateError(
            f"unknown variable {shown} in the prompt template (known: {known})"
        )
    return template


def render(template: str, shot: ShotCard) -> str:
    """The prompt ``template`` words for ``shot``, tidied of empty parts."""
    check_template(template)
    values = {name: VARIABLES[name].value(shot).strip() for name in variables_in(template)}
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(values[name])
    return tidy("".join(out))


_SEPARATORS = ".,;:。，；："


def tidy(text: str) -> str:
    """Collapse the separators and spaces an empty variable leaves (``"a. . b"`` → ``"a. b"``)."""
    text = re.sub(r"\s+", " ", text)
    sep = re.escape(_SEPARATORS)
    # a separator followed (after spaces) by more separators keeps only the first
    text = re.sub(rf"([{sep}])(?:\s*[{sep}])+", r"\1", text)
    text = re.sub(rf"\s+([{sep}])", r"\1", text)
    return text.strip().strip(_SEPARATORS + " ").strip()
