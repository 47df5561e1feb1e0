"""Review pages show their texts in plain labels that answer size questions cheaply
(workbench/ui/review/plain_label.py): the same heights as a QLabel the mouse can select, for
every bundled rubric text at the widths a page takes; heights kept per width until the text or
the font changes; the requirement text becomes selectable when the pointer comes over it; and
a rubric text that looks like HTML is shown as written, never as markup."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QLabel

from workbench.rubric import bundled_rubric_ids, load_rubric
from workbench.ui.review.plain_label import SELECTABLE, SelectableOnHover, WrapLabel

from .undo_helpers import review_env

pytestmark = pytest.mark.gui


def selectable_label(text: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(SELECTABLE)
    label.setText(text)
    return label


def test_plain_labels_wrap_every_rubric_text_to_the_heights_of_a_selectable_label(qapp) -> None:
    checked = 0
    for rid in bundled_rubric_ids():
        rubric = load_rubric(rid)
        texts = [t for it in rubric.items for t in (it.text.get("zh"), it.text.get("en"))]
        texts += [t for b in rubric.indicators for t in (f"{b.id} {b.title.get('zh')}", f"{b.id} {b.title.get('en')}")]
        for text in texts:
            mine, theirs = WrapLabel(), selectable_label(text)
            mine.setText(text)
            for width in range(240, 900, 37):
                assert mine.heightForWidth(width) == theirs.heightForWidth(width), (rid, text, width)
                checked += 1
    assert checked > 1000


def test_heights_are_kept_per_width_until_the_text_or_font_changes(qapp) -> None:
    label = WrapLabel()
    label.setText("评估专家逐项核查学校提供的佐证材料，并结合现场查看情况打分。" * 3)
    tall = label.heightForWidth(200)
    assert label.heightForWidth(200) == tall and label.heightForWidth(900) < tall
    label.setText("短")
    assert label.heightForWidth(200) < tall  # a new text is measured again
    one_line = label.heightForWidth(200)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.heightForWidth(200) > one_line  # so is a new font
    hint, least = label.sizeHint(), label.minimumSizeHint()
    assert hint.width() not in label._heights  # a hint wraps nothing (its height is an estimate)...
    assert hint.height() > 0 and 0 < least.width() <= hint.width()
    measured = label.heightForWidth(hint.width())
    assert label.sizeHint().height() == measured  # ...or what was measured at that width


def test_cards_and_pages_hint_their_size_without_wrapping_their_texts(qtbot, env) -> None:
    """A card's and a page's size hints leave out Qt's extra layout of every text at the
    hint's own width (indicator_page.hint_without_wrapping): only the page's real width is
    ever measured."""
    view = env[0]
    view.navigator.select("B7")
    page = view.page()
    qtbot.waitUntil(page.complete, timeout=30_000)
    QApplication.sendPostedEvents()
    labels = [c.text_label for c in page.built.values()]
    before = [set(lb._heights) for lb in labels]
    page.sizeHint()
    for card in page.built.values():
        card.sizeHint()
    assert [set(lb._heights) for lb in labels] == before
    assert all(lb.width() in lb._heights for lb in labels)  # what the page laid out by


def test_the_requirement_text_becomes_selectable_when_the_pointer_comes_over_it(qapp) -> None:
    label = SelectableOnHover()
    label.setText("B1.1 校园网络全覆盖")
    assert not label.textInteractionFlags() & SELECTABLE  # no text document until needed
    height = label.heightForWidth(300)
    QApplication.sendEvent(label, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert label.textInteractionFlags() & SELECTABLE
    assert label.heightForWidth(300) == height


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def test_a_page_shows_its_texts_as_plain_text(qtbot, env) -> None:
    view, _ws, _me = env
    page = view.page()
    assert page.title.textFormat() == Qt.TextFormat.PlainText
    assert page.title.text().startswith(page.indicator.id) and page.title.font().bold()
    assert page.area_label.text().startswith(page.indicator.area_id)
    assert "of" in page.subtotal.text()  # "— of 10 points" (English window)
    card = next(iter(page.cards.values()))
    assert card.ident_label.text() == card.item.id and card.ident_label.font().bold()
    assert card.text_label.textFormat() == Qt.TextFormat.PlainText
    card.text_label.setText("<b>不是标记</b>")  # as written, never markup
    assert card.text_label.text() == "<b>不是标记</b>" and card.text_label.textFormat() == Qt.TextFormat.PlainText
