"""A card's checklist and methods are one widget each, drawing their boxes (issue 13: fewer
widgets per card), with the walk of separate check boxes: a click toggles the entry clicked,
Tab and Shift+Tab step through the entries, Space or Enter toggles the focused one; each
change is saved and shown again from the session."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from workbench.ui.review.check_rows import CheckRows

from .undo_helpers import CODE, review_env

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def card_with_checklist(view, least: int = 2):
    for b in view.session.rubric.indicators:
        for item in b.items:
            if len(item.checklist) >= least:
                view.navigator.select(b.id)
                return view.page().cards[item.id]
    pytest.skip("no item with a long enough checklist in the demo rubric")


def test_a_card_has_no_check_box_widgets(qtbot, env) -> None:
    view, _ws, _me = env
    card = card_with_checklist(view)
    assert card.findChildren(QCheckBox) == []
    assert len(card.checklist.texts) == len(card.item.checklist) and card.checklist.isVisible()
    assert len(card.methods.texts) == len(view.session.rubric.rules.methods)
    h = card.checklist.height()
    assert h >= card.checklist.heightForWidth(card.checklist.width()) > 0
    assert card.checklist.heightForWidth(150) > card.checklist.heightForWidth(600)  # it wraps


def test_a_click_toggles_the_entry_clicked_and_saves_it(qtbot, env) -> None:
    view, ws, me = env
    card = card_with_checklist(view)
    rows = card.checklist
    _box, text = rows._rects(rows.width())[0][1]  # the second entry
    qtbot.mouseClick(rows, Qt.MouseButton.LeftButton, pos=text.center())
    assert view.session.checks[card.item.id] == frozenset({1})
    assert rows.is_checked(1) and not rows.is_checked(0)
    with_rects = card.methods._rects(card.methods.width())[0]
    qtbot.mouseClick(card.methods, Qt.MouseButton.LeftButton, pos=with_rects[2][0].center())  # its box
    assert view.session.methods[card.item.id] == (card.method_ids[2],)
    qtbot.mouseClick(rows, Qt.MouseButton.LeftButton, pos=text.center())  # again: off
    assert view.session.checks[card.item.id] == frozenset()
    view.open_school(CODE)  # read back from the workspace
    again = view.page(card.item.id.split(".")[0]).cards[card.item.id]
    assert again.methods.is_checked(2) and not again.checklist.is_checked(1)


def test_tab_walks_the_entries_and_space_or_enter_toggles(qtbot, env) -> None:
    view, _ws, _me = env
    card = card_with_checklist(view)
    rows, n = card.checklist, len(card.checklist.texts)
    card.clear_button.setFocus()
    qtbot.waitUntil(card.clear_button.hasFocus, timeout=3000)
    qtbot.keyClick(card.clear_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is rows and rows.current == 0
    qtbot.keyClick(rows, Qt.Key.Key_Space)
    qtbot.keyClick(rows, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is rows and rows.current == 1
    qtbot.keyClick(rows, Qt.Key.Key_Return)
    assert view.session.checks[card.item.id] == frozenset({0, 1})
    assert "☑" in rows.accessibleDescription() and rows.texts[1] in rows.accessibleDescription()
    for _ in range(n - 1):
        qtbot.keyClick(rows, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.methods and card.methods.current == 0  # then the methods
    qtbot.keyClick(card.methods, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is rows and rows.current == n - 1  # back to the last entry
    qtbot.keyClick(rows, Qt.Key.Key_Space)
    qtbot.keyClick(rows, Qt.Key.Key_Space)  # twice: off again
    assert view.session.checks[card.item.id] == frozenset({0, 1})


def test_rows_without_entries_take_no_room_and_no_tab_stop(qtbot) -> None:
    from PySide6.QtWidgets import QWidget
    host = QWidget()
    qtbot.addWidget(host)
    rows = CheckRows(host)
    assert rows.isHidden() and rows.focusPolicy() == Qt.FocusPolicy.NoFocus
    rows.set_texts(["一", "二"])
    assert not rows.isHidden() and rows.focusPolicy() == Qt.FocusPolicy.StrongFocus
    seen: list[tuple[int, bool]] = []
    rows.toggled.connect(lambda i, on: seen.append((i, on)))
    rows.set_checked(1, True)  # a stored state shown: no signal
    rows.click(0)
    assert seen == [(0, True)] and rows.is_checked(1)
