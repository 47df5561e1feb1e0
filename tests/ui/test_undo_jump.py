"""Undo and redo show what they change (the indicator, the field focused) even after the user
moved on; setting and clearing the security incident are undo steps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from .undo_helpers import CODE, review_env, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def test_undo_and_redo_of_a_score_jump_to_its_indicator(qtbot, env) -> None:
    view, ws, me = env
    view.navigator.select("B3")
    view.page().cards["B3.2"].full_button.click()
    full = ws.scores(CODE, me.id)["B3.2"]
    view.navigator.select("B20")  # the reviewer moves on
    assert view.current() == (CODE, "B20")
    view.undo_stack.undo()
    assert "B3.2" not in ws.scores(CODE, me.id)
    assert view.current() == (CODE, "B3")
    card = view.page().cards["B3.2"]
    assert card.spin.decimal_value() is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.spin, timeout=3000)
    view.navigator.select("B7")
    view.undo_stack.redo()
    assert ws.scores(CODE, me.id)["B3.2"] == full and view.current() == (CODE, "B3")


def test_undo_of_a_note_focuses_the_note(qtbot, env) -> None:
    view, ws, me = env
    view.navigator.select("B5")
    card = view.page().cards["B5.1"]
    type_text(card.note, "seen on site")
    view.navigator.select("B12")
    view.undo_stack.undo()
    assert view.current() == (CODE, "B5") and ws.notes(CODE, me.id).get("B5.1", "") == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.note, timeout=3000)


def test_the_first_save_does_not_move_the_view(qtbot, env) -> None:
    view, ws, me = env
    view.navigator.select("B4")
    jumps: list[tuple[str, str]] = []
    view.session.revealRequested.connect(lambda *a: jumps.append(a))
    view.page().cards["B4.1"].half_button.click()
    assert jumps == [] and view.current() == (CODE, "B4")


def test_incident_set_and_clear_are_undoable(qtbot, env) -> None:
    view, ws, me = env
    bar = view.score_bar
    bar.set_incident(True, "2026-10 勒索病毒致服务器瘫痪")
    assert ws.security_incident(CODE, me.id) == (True, "2026-10 勒索病毒致服务器瘫痪")
    assert "security_incident" in view.session.result.flags
    assert view.undo_stack.count() == 1  # named in whatever language an earlier test left installed
    assert view.undo_stack.undoText() == QCoreApplication.translate("ReviewUndo", "Record security incident")
    view.navigator.select("B9")
    view.undo_stack.undo()
    assert ws.security_incident(CODE, me.id)[0] is False
    assert "security_incident" not in view.session.result.flags
    assert bar.incident_button.text() == bar.tr("Security incident…")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.incident_button, timeout=3000)
    view.undo_stack.redo()
    assert ws.security_incident(CODE, me.id) == (True, "2026-10 勒索病毒致服务器瘫痪")
    bar.set_incident(False)  # clearing is a step too
    assert ws.security_incident(CODE, me.id)[0] is False and view.undo_stack.count() == 2
    view.undo_stack.undo()
    assert ws.security_incident(CODE, me.id)[0] is True
    fields = [a.field for a in ws.audit(CODE)]
    assert fields.count("security_incident") == 5  # set, undo, redo, clear, undo of the clear


def test_incident_without_description_is_refused_and_not_a_step(qtbot, env) -> None:
    view, ws, me = env
    view.score_bar.set_incident(True, "  ")
    assert ws.security_incident(CODE, me.id)[0] is False
    assert view.undo_stack.count() == 0
    assert view.banner.isVisibleTo(view) and view.banner.text().strip("⚠ ")  # the refusal, in words


def test_score_undo_still_works_across_a_score_change(qtbot, env) -> None:
    view, ws, me = env
    view.page().cards["B1.1"].spin.setValue(1.0)
    view.page().cards["B1.1"].spin.setValue(0.5)
    view.undo_stack.undo()
    assert ws.scores(CODE, me.id)["B1.1"] == Decimal(1)


def test_recording_an_incident_on_a_signed_sheet_asks_first(qtbot, env, tmp_path) -> None:
    import sys
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    sys.path.insert(0, str(Path(__file__).parents[1] / "signing"))
    from sheet_helpers import PASS, make_identity

    from workbench.signing.from_sources import remember_signed, sheet_from_workspace
    from workbench.signing.sheet import sign_sheet
    from workbench.ui.review.signed_guard import open_question
    from workbench.ui.signed_badge import notify_signed

    view, ws, me = env
    ident = make_identity(tmp_path / "id", name="王芳")
    sheet, rubric = sheet_from_workspace(ws, CODE, me.id)
    remember_signed(ws, CODE, me.id, sign_sheet(sheet, ident, ident.private_key(PASS), rubric,
                                                allow_incomplete=True))
    notify_signed(CODE)
    view.score_bar.set_incident(True, "2026-10 勒索病毒")
    box = open_question()
    assert box is not None and ws.security_incident(CODE, me.id)[0] is False  # held while it asks
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: open_question() is None, timeout=3000)
    assert ws.security_incident(CODE, me.id)[0] is False and view.undo_stack.count() == 0
    view.score_bar.set_incident(True, "2026-10 勒索病毒")
    open_question().button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: ws.security_incident(CODE, me.id)[0] is True, timeout=3000)
    assert view.undo_stack.count() == 1  # and it is an undo step like any other
