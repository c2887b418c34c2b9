"""Port types: what flows along an edge of the graph.

A value is either *data* (JSON: text, a screenplay, a shot, a character, subtitles, a
check's finding) or *media* (a file: image, video, audio). ``List[T]`` carries many
values of ``T``; a node input declared on ``T`` that receives ``List[T]`` is mapped over
the items.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PortType:
    """A named port type; ``item`` is set for ``List[T]``."""

    name: str
    media: bool = False
    ext: str = "json"
    item: PortType | None = None

    @property
    def is_list(self) -> bool:
        return self.item is not None

    def __str__(self) -> str:
        return f"List[{self.item}]" if self.item else self.name


Text = PortType("Text")
Script = PortType("Script")
Shot = PortType("Shot")
Character = PortType("Character")
Subtitles = PortType("Subtitles")
Check = PortType("Check")  # one finding of a check node, e.g. a shot that looks off-model
Image = PortType("Image", media=True, ext="png")
Video = PortType("Video", media=True, ext="mp4")
Audio = PortType("Audio", media=True, ext="wav")

ALL_TYPES: dict[str, PortType] = {
    t.name: t for t in (Text, Script, Shot, Character, Subtitles, Check, Image, Video, Audio)
}


def List(item: PortType) -> PortType:  # noqa: N802 - reads like the type it builds
    """The list type of ``item``."""
    if item.is_list:
        raise TypeError("nested lists are not a port type")
    return PortType(f"List[{item.name}]", media=item.media, ext=item.ext, item=item)


def parse_type(name: str) -> PortType:
    """Parse ``"Image"`` or ``"List[Image]"`` back into a port type."""
    if name.startswith("List[") and name.endswith("]"):
        return List(parse_type(name[5:-1]))
    try:
        return ALL_TYPES[name]
    except KeyError:
        raise ValueError(f"unknown port type {name!r}") from None


def connection_kind(source: PortType, target: PortType) -> str | None:
    """How a value of ``source`` reaches an input of ``target``.

    Returns ``"direct"`` for the same type, ``"map"`` when a list feeds an input
    declared on its item type (the node runs once per item), or ``None`` when the
    two cannot be connected.
    """
    if source == target:
        return "direct"
    if source.is_list and source.item == target:
        return "map"
    return None
