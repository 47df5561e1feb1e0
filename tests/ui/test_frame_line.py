"""Item cards and note previews draw Fusion's frame line themselves, as four fills
(workbench/ui/review/style.py): the same pixels as the style's stroked rectangle but for the
four corners, and the style's own frame under any other style."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QFrame, QStyleFactory, QWidget

from workbench.rubric.loader import load_rubric
from workbench.ui.review.indicator_page import ItemCard
from workbench.ui.review.note_preview import NotePreview
from workbench.ui.review.style import draws_frame_line

pytestmark = pytest.mark.gui


def _grab(widget: QWidget) -> QImage:
    """The widget drawn over its window colour (as on a page)."""
    img = QImage(widget.size(), QImage.Format.Format_ARGB32)
    img.fill(widget.palette().color(QPalette.ColorRole.Window))
    widget.render(img)
    return img


def _style_frame(like: QFrame) -> QImage:
    """What the style itself draws for a frame of `like`'s shape, shadow and size."""
    ref = QFrame()
    ref.setFrameStyle(like.frameStyle())
    ref.resize(like.size())
    return _grab(ref)


def _differing(a: QImage, b: QImage) -> list[tuple[int, int]]:
    assert a.size() == b.size()
    return [(x, y) for y in range(a.height()) for x in range(a.width()) if a.pixel(x, y) != b.pixel(x, y)]


@pytest.mark.parametrize("size", [(480, 260), (200, 120)])
def test_a_cards_frame_line_is_the_styles_but_for_its_four_corners(qapp, size) -> None:
    rubric = load_rubric()
    card = ItemCard(None, rubric.rules, "zh_CN")  # no item: no children drawn over the line
    for child in card.findChildren(QWidget):
        child.hide()
    card.resize(*size)
    assert draws_frame_line(card)
    w, h = size
    corners = {(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)}
    ours, style = _grab(card), _style_frame(card)
    assert set(_differing(ours, style)) <= corners
    line = QColor(ours.pixel(w // 2, 0))
    assert line != card.palette().color(QPalette.ColorRole.Window)  # a line is drawn at all
    card.deleteLater()


def test_the_note_previews_frame_line_is_the_styles_but_for_its_four_corners(qapp) -> None:
    holder = QWidget()
    pre = NotePreview("", holder)
    pre.resize(300, 60)
    w, h = 300, 60
    ref = QFrame()
    ref.setFrameStyle(pre.frameStyle())
    ref.setBackgroundRole(QPalette.ColorRole.Base)
    ref.setAutoFillBackground(True)
    ref.resize(w, h)
    diff = set(_differing(_grab(pre), _grab(ref)))
    assert diff <= {(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)}


def test_under_another_style_the_styles_own_frame_is_drawn(qapp) -> None:
    windows = QStyleFactory.create("Windows")
    rubric = load_rubric()
    card = ItemCard(None, rubric.rules, "zh_CN")
    for child in card.findChildren(QWidget):
        child.hide()
    card.setStyle(windows)
    card.resize(120, 50)
    assert not draws_frame_line(card)
    ref = QFrame()
    ref.setStyle(windows)
    ref.setFrameStyle(card.frameStyle())
    ref.resize(card.size())
    assert _differing(_grab(card), _grab(ref)) == []
    card.deleteLater()
