"""A shot's caption (number, camera move, description) drawn over its picture.

The caption is never part of the picture: the storyboard cards, the preview and the
recorder draw it on top, so it does not pan with a Ken Burns move, is never cut at the
frame edge, and stays out of the exported episode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout


@dataclass(frozen=True)
class Caption:
    """What a shot's caption says: a heading (its number and camera move) and the action."""

    heading: str
    description: str = ""
    style: str = ""


def camera_label(camera: str) -> str:
    """The camera move in the user's words (and language)."""
    moves = {
        "static": QCoreApplication.translate("Caption", "static"),
        "push_in": QCoreApplication.translate("Caption", "push in"),
        "pull_out": QCoreApplication.translate("Caption", "pull out"),
        "pan_left": QCoreApplication.translate("Caption", "pan left"),
        "pan_right": QCoreApplication.translate("Caption", "pan right"),
        "tilt_up": QCoreApplication.translate("Caption", "tilt up"),
        "tilt_down": QCoreApplication.translate("Caption", "tilt down"),
    }
    return moves.get(camera, camera.replace("_", " "))


def caption_of(number: int, shot: Any, meta: dict[str, Any] | None = None) -> Caption:
    """The caption of shot ``number`` (1-based, in play order): its camera move from the
    shot, its action from the still's caption meta when the still carries one (what the
    storyboard renderer drew it from), else from the shot."""
    get = shot.get if isinstance(shot, dict) else lambda k, d=None: getattr(shot, k, d)
    move = camera_label(str(get("camera", "") or ""))
    heading = f"{number}  ·  {move}" if move else str(number)
    data = (meta or {}).get("caption")
    if isinstance(data, dict) and data.get("lines"):
        return Caption(heading, " ".join(map(str, data["lines"])), str(data.get("style") or ""))
    return Caption(heading, str(get("description", "") or ""), str(get("style", "") or ""))


def caption_from_meta(meta: dict[str, Any] | None) -> Caption | None:
    """A still's own caption (when the shot's place in the cut is not known here)."""
    data = (meta or {}).get("caption")
    if not isinstance(data, dict):
        return None
    return Caption(str(data.get("heading") or ""), " ".join(map(str, data.get("lines") or [])),
                   str(data.get("style") or ""))


def _lines(text: str, font: QFont, width: float, most: int) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``most`` lines, the last one elided."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    if len(lines) > most:
        rest = " ".join(lines[most - 1 :])
        lines = lines[: most - 1] + [
            QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
        ]
    return [line for line in lines if line]


def draw_caption(
    painter: QPainter, rect: QRectF, caption: Caption | None, compact: bool = False
) -> QRectF:
    """Draw ``caption`` in a dark band along the bottom of ``rect``; returns the band."""
    if caption is None:
        return QRectF()
    painter.save()
    base = QFont(painter.font())
    size = max(8.0, min(18.0, rect.width() / (14 if compact else 24)))
    base.setPixelSize(round(size))
    head = QFont(base)
    head.setBold(True)
    margin = size * 0.5
    width = rect.width() - 2 * margin
    body = _lines(caption.description, base, width, 2 if compact else 3)
    line_h = QFontMetricsF(base).height()
    band_h = margin * 2 + QFontMetricsF(head).height() + line_h * len(body)
    band = QRectF(rect.left(), rect.bottom() - band_h, rect.width(), band_h)
    painter.fillRect(band, QColor(0, 0, 0, 165))
    y = band.top() + margin
    painter.setFont(head)
    painter.setPen(QColor("#ffd666"))
    painter.drawText(QRectF(rect.left() + margin, y, width, line_h * 1.3),
                     Qt.AlignmentFlag.AlignLeft, caption.heading)
    y += QFontMetricsF(head).height()
    painter.setFont(base)
    painter.setPen(QColor("#f0f0f0"))
    for line in body:
        painter.drawText(QRectF(rect.left() + margin, y, width, line_h),
                         Qt.AlignmentFlag.AlignLeft, line)
        y += line_h
    painter.restore()
    return band
