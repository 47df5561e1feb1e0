"""Undoable score and note edits: each command's redo/undo writes through the core.

QUndoStack.push() runs redo() at once, so pushing a command *is* the save. Consecutive
keystrokes in one item's note merge into one command (one undo step per edit burst);
every keystroke is still saved as it happens.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from workbench.decimals import fmt
from workbench.errors import WorkbenchError
from workbench.ui.review.session import ReviewSession

_NOTE_ID = 4101


def _txt(v: Decimal | None) -> str:
    return "—" if v is None else fmt(v)


class SetScore(QUndoCommand):
    """Set (or clear, with None) one item's score for the session's reviewer."""

    def __init__(self, session: ReviewSession, item_id: str, old: Decimal | None,
                 new: Decimal | None) -> None:
        super().__init__()
        self.session, self.item_id, self.old, self.new = session, item_id, old, new
        self.setText(_score_text(item_id, old, new))

    def redo(self) -> None:
        _apply(self, self.session.set_score, self.item_id, self.new)

    def undo(self) -> None:
        _apply(self, self.session.set_score, self.item_id, self.old)


class SetNote(QUndoCommand):
    """Replace one item's note; merges with the next edit of the same item's note."""

    def __init__(self, session: ReviewSession, item_id: str, old: str, new: str) -> None:
        super().__init__()
        self.session, self.item_id, self.old, self.new = session, item_id, old, new
        self.setText(_note_text(item_id))

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _NOTE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetNote) or other.item_id != self.item_id \
                or other.session is not self.session:
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        _apply(self, self.session.set_note, self.item_id, self.new)

    def undo(self) -> None:
        _apply(self, self.session.set_note, self.item_id, self.old)


def _apply(cmd: QUndoCommand, write, item_id: str, value) -> None:
    """Write through the core; a refused write is reported and the command dropped.

    Qt calls redo()/undo() from C++, where a Python exception would only be printed, so
    the error goes to the session's `failed` signal (the view shows it) instead.
    """
    try:
        write(item_id, value)
    except WorkbenchError as e:
        cmd.setObsolete(True)
        cmd.session.failed.emit(item_id, str(e))


def _score_text(item_id: str, old: Decimal | None, new: Decimal | None) -> str:
    return QCoreApplication.translate("ReviewUndo", "Score {item}: {old} → {new}").format(
        item=item_id, old=_txt(old), new=_txt(new))


def _note_text(item_id: str) -> str:
    return QCoreApplication.translate("ReviewUndo", "Note {item}").format(item=item_id)
