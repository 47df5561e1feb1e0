"""Spare item cards (workbench/ui/review/card_pool.py): made and painted once at idle, then
bound to whichever item a page not built yet needs."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from workbench.rubric.loader import load_rubric
from workbench.ui.review.card_pool import CardPool
from workbench.ui.review.indicator_page import ItemCard

pytestmark = pytest.mark.gui


def _address(obj: QObject) -> int:
    """The C++ object's address: a child Qt made itself gets a new Python wrapper each time."""
    return shiboken6.getCppPointer(obj)[0]


class _Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.widgets: set[int] = set()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
        if event.type() == QEvent.Type.Paint:
            self.widgets.add(_address(obj))
        return False


def test_a_spare_and_every_child_it_shows_are_painted_when_it_is_made(qapp) -> None:
    rubric = load_rubric()
    pool = CardPool("zh_CN", size=1)
    pool.use_rules(rubric.rules)
    painted = _Painted()
    QApplication.instance().installEventFilter(painted)
    try:
        pool.make_one()
    finally:
        QApplication.instance().removeEventFilter(painted)
    assert not pool.short()
    card = pool._spares[0]
    shown = [w for w in card.findChildren(QWidget) if w.isVisibleTo(card)]
    assert len(shown) >= 10  # labels, the score field, its buttons, the methods, the note
    assert _address(card) in painted.widgets
    missed = [type(w).__name__ for w in shown if _address(w) not in painted.widgets]
    assert not missed, missed
    assert not card.isVisible()  # painted into a pixmap, never on screen
    pool.clear()


def test_a_taken_spare_is_its_items_card_as_a_new_card_would_be(qapp) -> None:
    rubric = load_rubric()
    item = rubric.indicators[2].items[0]
    pool = CardPool("zh_CN", size=1)
    pool.use_rules(rubric.rules)
    pool.make_one()
    page = QWidget()
    taken = pool.take(item, rubric.rules, page)
    fresh = ItemCard(item, rubric.rules, "zh_CN", page)
    assert taken.parentWidget() is page and not pool._spares
    for a, b in ((taken.ident_label, fresh.ident_label), (taken.max_label, fresh.max_label),
                 (taken.text_label, fresh.text_label)):
        assert a.text() == b.text()
    assert taken.checklist.texts == fresh.checklist.texts
    assert taken.spin.maximum() == fresh.spin.maximum()
    for w in (400, 520):
        assert taken.heightForWidth(w) == fresh.heightForWidth(w)
    page.deleteLater()
    pool.clear()
