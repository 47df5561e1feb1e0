"""A note editing session in the window: every keystroke saved, one audit entry and one undo
step per session; a session ends on leaving the field or after a pause."""

from __future__ import annotations

import pytest

from .undo_helpers import CODE, commit_cjk, review_env, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def _note_rows(ws, item: str) -> list[tuple[str, str]]:
    return [(a.old, a.new) for a in ws.audit(CODE, item) if a.field == "note"]


def test_a_sentence_is_one_audit_entry_and_one_undo_step(qtbot, env) -> None:
    view, ws, me = env
    card = view.page().cards["B1.1"]
    type_text(card.note, "Minutes ")
    commit_cjk(card.note, "会议记录齐全")
    type_text(card.note, ", 2 copies.")
    sentence = "Minutes 会议记录齐全, 2 copies."
    assert ws.notes(CODE, me.id)["B1.1"] == sentence  # saved as typed, keystroke by keystroke
    assert _note_rows(ws, "B1.1") == [("", sentence)]  # 28 edits, one entry
    assert view.undo_stack.count() == 1
    view.undo_stack.undo()
    assert ws.notes(CODE, me.id).get("B1.1", "") == "" and card.note.toPlainText() == ""
    assert _note_rows(ws, "B1.1") == [("", sentence), (sentence, "")]  # the undo is its own entry
    view.undo_stack.redo()
    assert ws.notes(CODE, me.id)["B1.1"] == sentence and card.note.toPlainText() == sentence


def test_leaving_the_field_ends_the_session(qtbot, env) -> None:
    view, ws, me = env
    a, b = view.page().cards["B1.1"], view.page().cards["B1.2"]
    type_text(a.note, "first")
    qtbot.waitUntil(lambda: a.note.hasFocus(), timeout=3000)
    b.spin.setFocus()  # Tab to the next field
    qtbot.waitUntil(lambda: view.note_session is None, timeout=3000)
    type_text(a.note, " second")
    assert _note_rows(ws, "B1.1") == [("", "first"), ("first", "first second")]
    assert view.undo_stack.count() == 2
    view.undo_stack.undo()
    assert ws.notes(CODE, me.id)["B1.1"] == "first" and a.note.toPlainText() == "first"


def test_a_pause_ends_the_session(qtbot, env) -> None:
    view, ws, me = env
    view._note_timer.setInterval(150)  # the 2 s pause, shortened for the test
    card = view.page().cards["B1.2"]
    type_text(card.note, "ab")
    qtbot.waitUntil(lambda: view.note_session is None, timeout=3000)
    type_text(card.note, "c")
    assert _note_rows(ws, "B1.2") == [("", "ab"), ("ab", "abc")]
    assert view.undo_stack.count() == 2


def test_two_notes_typed_in_turn_are_two_sessions_each(qtbot, env) -> None:
    view, ws, me = env
    a, b = view.page().cards["B1.1"], view.page().cards["B1.2"]
    type_text(a.note, "abc")
    type_text(b.note, "xy")
    type_text(a.note, "d")
    assert view.undo_stack.count() == 3
    assert ws.notes(CODE, me.id) == {"B1.1": "abcd", "B1.2": "xy"}
    assert len(_note_rows(ws, "B1.1")) == 2 and len(_note_rows(ws, "B1.2")) == 1


def test_a_context_menu_over_the_note_does_not_end_the_session(qtbot, env) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    view, ws, me = env
    card = view.page().cards["B1.1"]
    type_text(card.note, "ab")
    QApplication.sendEvent(card.note, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.PopupFocusReason))
    assert view.note_session is not None
    type_text(card.note, "c")
    QApplication.sendEvent(card.note, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert view.note_session is None
    assert _note_rows(ws, "B1.1") == [("", "abc")] and view.undo_stack.count() == 1
