"""A card's note is a cheap preview until the reviewer goes there (issue 13: fewer widgets per
card); Tab, a click or a jump puts the real editor in its place, with the focus, and typing
then saves and undoes as before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from workbench.ui.review.note_preview import NotePreview

from .undo_helpers import CODE, review_env, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def test_a_card_shows_the_note_in_a_preview_without_an_editor(qtbot, env) -> None:
    view, ws, me = env
    ws.set_note(CODE, me.id, "B2.1", "会议记录齐全")
    view.open_school(CODE, "B2")
    card = view.page().cards["B2.1"]
    assert not card.has_note_editor() and card.findChildren(QPlainTextEdit) == []
    preview = card.note_stop
    assert isinstance(preview, NotePreview) and preview.text == "会议记录齐全"
    assert preview.isVisible() and preview.height() == card.fontMetrics().lineSpacing() * 3 + 12
    assert preview.accessibleName() == card.tr("Note for this item")
    other = view.page().cards["B2.2"].note_stop
    assert other.text == "" and other.grab().width() > 0  # paints the grey hint


def test_tab_into_the_preview_opens_the_editor_and_typing_saves(qtbot, env) -> None:
    view, ws, me = env
    view.navigator.select("B5")
    card = view.page().cards["B5.1"]
    height = card.note_stop.height()
    methods = card.methods
    methods.setFocus(Qt.FocusReason.BacktabFocusReason)  # on its last entry
    qtbot.waitUntil(methods.hasFocus, timeout=3000)
    qtbot.keyClick(methods, Qt.Key.Key_Tab)
    assert card.has_note_editor()
    editor = card.note
    assert QApplication.focusWidget() is editor and card.note_stop is editor
    assert editor.isVisible() and editor.height() == height
    type_text(editor, "seen")
    assert ws.notes(CODE, me.id)["B5.1"] == "seen"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # on to the next card's score, as before
    assert QApplication.focusWidget() in (view.page().cards["B5.2"].spin,
                                          view.page().cards["B5.2"].spin.focusProxy())
    view.undo_stack.undo()  # undo jumps back to the editor
    assert ws.notes(CODE, me.id).get("B5.1", "") == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor, timeout=3000)
    assert editor.toPlainText() == ""


def test_a_click_opens_the_editor_with_the_cursor_where_clicked(qtbot, env) -> None:
    view, ws, me = env
    ws.set_note(CODE, me.id, "B4.1", "abcdef")
    view.open_school(CODE, "B4")
    card = view.page().cards["B4.1"]
    preview = card.note_stop
    qtbot.mouseClick(preview, Qt.MouseButton.LeftButton, pos=QPoint(5, 8))  # before the first letter
    assert card.has_note_editor()
    editor = card.note
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor, timeout=3000)
    assert editor.textCursor().position() == 0  # not at the end, where a jump puts it
    type_text(editor, "X")
    assert ws.notes(CODE, me.id)["B4.1"] == "Xabcdef"


def test_a_jump_to_the_note_opens_the_editor_at_the_end(qtbot, env) -> None:
    view, ws, me = env
    ws.set_note(CODE, me.id, "B6.1", "abc")
    view.open_school(CODE, "B6")
    card = view.page().cards["B6.1"]
    editor = card.note  # what undo's jump and the tests use: the editor, made on demand
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor, timeout=3000)
    assert editor.toPlainText() == "abc" and editor.textCursor().position() == 3
    assert not card.findChildren(NotePreview) or not card.findChildren(NotePreview)[0].isVisible()
