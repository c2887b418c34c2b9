"""Captions are drawn over the picture (storyboard cards, preview, recorder), never into it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem

from app.ui.caption import Caption, caption_of, draw_caption
from app.ui.storyboard import CAPTION, THUMB

HEADING = QColor("#ffd666")


@pytest.fixture
def window(cut_window):
    return cut_window


def _array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = np.frombuffer(image.constBits(), np.uint8)
    return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3)


def _heading_pixels(rgb: np.ndarray) -> int:
    near = np.abs(rgb.astype(int) - [HEADING.red(), HEADING.green(), HEADING.blue()]).sum(axis=2)
    return int((near < 60).sum())


def test_the_still_carries_its_caption_as_data_not_pixels(window):
    still = window.storyboard.board.cards[0].still
    assert still.meta["caption"]["lines"] and "PUSH IN" in still.meta["caption"]["heading"].upper()
    rgb = np.asarray(Image.open(still.path).convert("RGB"))
    assert _heading_pixels(rgb[-400:]) == 0  # no caption band in the picture itself


def test_storyboard_cards_draw_the_caption_over_the_still(window):
    board = window.storyboard
    card = board.board.cards[0]
    caption = board.list.item(0).data(CAPTION)
    assert caption.heading == "1  ·  push in"
    assert caption.description == "Clara freezes with a tray of glasses."
    item_rect = board.list.visualItemRect(board.list.item(0))
    canvas = QImage(item_rect.size(), QImage.Format.Format_RGB888)
    canvas.fill(QColor("#000000"))
    painter = QPainter(canvas)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, item_rect.width(), item_rect.height())
    board.list.itemDelegate().paint(painter, option, board.list.model().index(0, 0))
    painter.end()
    drawn = _array(canvas)[:THUMB.height() + 8]
    assert _heading_pixels(drawn) > 20, "the caption's heading is drawn on the card"
    assert card.caption == caption


def test_the_preview_draws_the_caption_over_the_picture(qtbot, window):
    still = window.storyboard.board.cards[1].still
    window.preview.show_media(still)
    view = window.preview.image
    assert view.caption is not None and view.caption.description.startswith("Julian turns")
    # At least this size: the dock's layout, not resize(), decides it, and a picture only
    # about 110 px wide may show a pixel or two of the heading's yellow of its own.
    view.setMinimumSize(270, 480)
    qtbot.waitUntil(lambda: view.viewport().width() >= 250, timeout=60_000)
    # Counted where the still itself has none of the heading's yellow (its bottom 400 of
    # 1920 rows, test above) and the band is drawn: elsewhere the smooth-scaled picture
    # may show a pixel or two of that colour of its own, as it did in loaded full runs.
    shown = view.mapFromScene(view.item.sceneBoundingRect()).boundingRect()
    shown = shown.intersected(view.viewport().rect())
    bottom = slice(shown.bottom() + 1 - shown.height() * 400 // 1920, shown.bottom() + 1)
    columns = slice(shown.left(), shown.right() + 1)
    shot = _array(view.viewport().grab().toImage())
    assert _heading_pixels(shot[bottom, columns]) > 20
    view.set_image(still.path)  # no caption asked for: none drawn
    assert _heading_pixels(_array(view.viewport().grab().toImage())[bottom, columns]) == 0


def test_draw_caption_wraps_and_stays_inside_the_picture(qapp):
    canvas = QPixmap(135, 240)
    canvas.fill(QColor("#808080"))
    painter = QPainter(canvas)
    long = "word " * 80
    band = draw_caption(painter, QRectF(0, 0, 135, 240), Caption("3  ·  pan left", long),
                        compact=True)
    painter.end()
    assert band.bottom() == pytest.approx(240) and 30 < band.height() < 120
    assert caption_of(3, {"camera": "pan_left", "description": "x"}).heading == "3  ·  pan left"
