"""The application's font asks Qt not to shape text whose script needs no shaping
(workbench/ui/app_font.py): Chinese must look exactly as before, and every window gets it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel

from workbench.rubric.loader import bundled_rubrics
from workbench.ui.app_font import prefer_unshaped_text
from workbench.ui.review.indicator_page import bold_font, title_font

pytestmark = pytest.mark.gui


def _drawn(text: str, font: QFont, width: int) -> QImage:
    img = QImage(width, 400, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(font)
    p.drawText(QRect(0, 0, width, 400), int(Qt.TextFlag.TextWordWrap), text)
    p.end()
    return img


def _chinese_texts() -> list[str]:
    texts: set[str] = set()
    for rubric in bundled_rubrics():
        for area in rubric.areas:
            texts.add(f"{area.id} {area.title.zh}")
        for b in rubric.indicators:
            texts.add(f"{b.id} {b.title.zh}")
            for item in b.items:
                texts.add(item.text.zh)
                texts.update(entry.zh for entry in item.checklist)
    return sorted(t for t in texts if t)


def test_every_bundled_rubric_chinese_text_is_drawn_to_the_same_pixels(qapp) -> None:
    shaped = QFont(QApplication.font())
    shaped.setStyleStrategy(QFont.StyleStrategy.PreferDefault)
    unshaped = QFont(shaped)
    unshaped.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    texts = _chinese_texts()
    assert len(texts) > 100  # all of them, not a sample
    for make in (lambda f: f, bold_font, title_font):  # the fonts a page draws them in
        for text in texts:
            for width in (300, 500):  # a narrow page's and a laptop's page's text width
                assert _drawn(text, make(shaped), width) == _drawn(text, make(unshaped), width), text


def test_latin_text_still_draws_and_measures_with_the_same_line_height(qapp) -> None:
    """What the English interface gives up is OpenType kerning and ligatures, not glyphs."""
    shaped = QFont(QApplication.font())
    shaped.setStyleStrategy(QFont.StyleStrategy.PreferDefault)
    unshaped = QFont(shaped)
    unshaped.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    text = "Verified on site as written"
    assert _drawn(text, unshaped, 400) != _drawn("", unshaped, 400)
    from PySide6.QtGui import QFontMetrics

    a, b = QFontMetrics(shaped), QFontMetrics(unshaped)
    assert a.lineSpacing() == b.lineSpacing()
    assert abs(a.horizontalAdvance(text) - b.horizontalAdvance(text)) <= len(text)  # at most ~1 px a letter


def test_the_program_and_the_tests_app_set_it_and_widgets_inherit_it(qapp) -> None:
    from workbench.ui.app import make_app

    assert make_app() is qapp
    assert qapp.font().styleStrategy() & QFont.StyleStrategy.PreferNoShaping
    label = QLabel("评估工作台")
    assert label.font().styleStrategy() & QFont.StyleStrategy.PreferNoShaping
    label.setFont(bold_font(label.font()))  # a font derived from a widget's keeps it
    assert label.font().styleStrategy() & QFont.StyleStrategy.PreferNoShaping
    label.deleteLater()


def test_setting_it_twice_changes_nothing(qapp) -> None:
    before = QFont(qapp.font())
    prefer_unshaped_text(qapp)
    assert qapp.font() == before
