"""The score field never changes a typed value silently: full-width digits from an input
method are converted in the field and a notice says so; 2.3 becomes 2.5 with a notice; text
outside the grammar is refused with a notice. Keys are sent as QKeyEvents carrying the text
(qtbot.keyClicks aborts on CJK, see NOTES.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
from workbench.store import Workspace
from workbench.ui.i18n import Translators
from workbench.ui.review import ReviewView
from workbench.ui.review.score_spin import ScoreSpinBox
from workbench.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
CODE = DEMO_SCHOOL_CODE


def _type(widget, text: str) -> None:
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))


def _enter(widget) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))


@pytest.fixture
def spin(qtbot):
    s = ScoreSpinBox(Decimal(3))
    qtbot.addWidget(s)
    s.show()
    qtbot.waitExposed(s)
    s.setFocus()
    s.selectAll()
    return s


def test_off_grid_value_is_corrected_with_a_notice(spin) -> None:
    notes: list[str] = []
    spin.notice.connect(notes.append)
    _type(spin, "2.3")
    _enter(spin)
    assert spin.decimal_value() == Decimal("2.5") and spin.lineEdit().text() == "2.5"
    assert spin.last_notice == "2.3 is not a multiple of 0.5: corrected to 2.5"


def test_full_width_digits_are_converted_visibly(spin) -> None:
    _type(spin, "１．５")
    assert spin.lineEdit().text() == "1.5"  # the field shows what will be saved
    assert spin.last_notice == "Full-width digits converted: 1.5"
    _enter(spin)
    assert spin.decimal_value() == Decimal("1.5")


def test_input_method_commit_is_converted_too(spin) -> None:
    ev = QInputMethodEvent()
    ev.setCommitString("２")
    QApplication.sendEvent(spin.lineEdit(), ev)
    assert spin.lineEdit().text() == "2" and spin.last_notice.startswith("Full-width digits converted")
    _enter(spin)
    assert spin.decimal_value() == Decimal(2)


@pytest.mark.parametrize(("typed", "notice"), [
    ("1e", "Type a score from 0 to 3 with digits and one point, like 1.5"),
    ("0_", "Type a score from 0 to 3"),
    ("+", "Type a score from 0 to 3"),
    ("7", "At most 3 points for this item"),
])
def test_text_outside_the_grammar_is_refused_with_a_notice(spin, typed: str, notice: str) -> None:
    _type(spin, typed)
    assert spin.last_notice.startswith(notice)
    assert spin.lineEdit().text() == typed[:-1] or spin.lineEdit().text() == "—"


def test_the_card_shows_the_notice_and_saves_the_corrected_score(qtbot, tmp_path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    reviewer = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    translators = Translators()
    assert translators.install("zh_CN") == "zh_CN"  # the notices in the window's language
    runner = TaskRunner()
    view = ReviewView(ws, reviewer, runner, lang="zh_CN")
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    try:
        view.open_school(CODE)
        view.navigator.select("B2")
        card = view.page().cards["B2.1"]
        assert card.notice_label.isHidden()
        card.spin.setFocus()
        card.spin.selectAll()
        _type(card.spin, "２.３")
        assert card.notice_label.isVisible() and "全角" in card.notice_label.text()
        _enter(card.spin)
        assert card.notice_label.isVisible()
        assert card.notice_label.text() == "ⓘ 2.3 不是 0.5 的倍数:已改为 2.5"
        assert ws.scores(CODE, reviewer.id)["B2.1"] == Decimal("2.5")
        card.spin.selectAll()
        _type(card.spin, "1")  # a new, clean entry clears the notice
        assert card.notice_label.isHidden()
    finally:
        translators.remove()
        runner.cancel_all()
        runner.wait(10000)
        ws.close()
