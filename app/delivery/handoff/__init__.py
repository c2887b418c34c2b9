"""Hand the cut to another editor: an OpenTimelineIO file (Resolve, Premiere), FCPXML,
or a JianYing / CapCut draft folder.

Each format is written from the episode's cut as the export made it (the ``timeline``
meta of the exported episode, ``nodes.edit.timeline_record``), so the hand-off matches
the MP4 frame for frame. Every format gets a folder with the media it refers to (each
shot's picture alone, 1080x1920, no subtitle or mark; each voice; the music bed), the
subtitles as editable text (an SRT, and text segments in a draft), the AI label as a
text segment or marker so it survives the re-edit, and a README saying how to open it.
"""

from __future__ import annotations

FORMATS = ("otio", "fcpxml", "jianying", "capcut")


class HandoffError(Exception):
    """A timeline could not be handed off; the message says why and what to do."""
