"""Undoable score, note and incident edits: each command's redo/undo writes through the core.

QUndoStack.push() runs redo() at once, so pushing a command *is* the save. The keystrokes
of one note editing session (the view ends a session on focus-out or after a pause) merge
into one command, exactly as the core keeps them as one audit entry: one undo step per
session; every keystroke is still saved as it happens. Every undo, and every redo after
the first, asks the view to show what it changed (`ReviewSession.revealRequested`).
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


class _Command(QUndoCommand):
    """Shows what it changed on every undo and on a redo that is not the first (the push)."""

    session: ReviewSession
    item_id: str
    kind: str

    def __init__(self) -> None:
        super().__init__()
        self.pushed = False

    def _write(self, value, first: bool) -> None:  # noqa: ANN001
        raise NotImplementedError

    def redo(self) -> None:
        first, self.pushed = not self.pushed, True
        if _apply(self, lambda: self._write(self.new, first)) and not first:
            self.session.revealRequested.emit(self.item_id, self.kind)

    def undo(self) -> None:
        if _apply(self, lambda: self._write(self.old, False)):
            self.session.revealRequested.emit(self.item_id, self.kind)


class SetScore(_Command):
    """Set (or clear, with None) one item's score for the session's reviewer."""

    kind = "score"

    def __init__(self, session: ReviewSession, item_id: str, old: Decimal | None,
                 new: Decimal | None) -> None:
        super().__init__()
        self.session, self.item_id, self.old, self.new = session, item_id, old, new
        self.setText(_score_text(item_id, old, new))

    def _write(self, value, first: bool) -> None:  # noqa: ANN001
        self.session.set_score(self.item_id, value)


class SetNote(_Command):
    """Replace one item's note; merges with the next edit of the same note editing session."""

    kind = "note"

    def __init__(self, session: ReviewSession, item_id: str, old: str, new: str,
                 session_id: str | None = None) -> None:
        super().__init__()
        self.session, self.item_id, self.old, self.new = session, item_id, old, new
        self.session_id = session_id
        self.setText(_note_text(item_id))

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _NOTE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetNote) or other.item_id != self.item_id \
                or other.session is not self.session or other.session_id is None \
                or other.session_id != self.session_id:
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def _write(self, value, first: bool) -> None:  # noqa: ANN001
        # the typing itself belongs to the editing session; an undo or redo is a change of its own
        self.session.set_note(self.item_id, value, self.session_id if first else None)


class SetIncident(_Command):
    """Record or clear the school's network-security incident (with its description)."""

    kind = "incident"

    def __init__(self, session: ReviewSession, old: tuple[bool, str], new: tuple[bool, str]) -> None:
        super().__init__()
        self.session, self.item_id, self.old, self.new = session, "", old, new
        self.setText(QCoreApplication.translate("ReviewUndo", "Record security incident") if new[0]
                     else QCoreApplication.translate("ReviewUndo", "Clear security incident"))

    def _write(self, value, first: bool) -> None:  # noqa: ANN001
        on, description = value
        self.session.set_incident(on, description if on else "")


def _apply(cmd: _Command, write) -> bool:  # noqa: ANN001
    """Write through the core; a refused write is reported and the command dropped.

    Qt calls redo()/undo() from C++, where a Python exception would only be printed, so
    the error goes to the session's `failed` signal (the view shows it) instead.
    """
    try:
        write()
    except WorkbenchError as e:
        cmd.setObsolete(True)
        cmd.session.failed.emit(cmd.item_id, str(e))
        return False
    return True


def _score_text(item_id: str, old: Decimal | None, new: Decimal | None) -> str:
    return QCoreApplication.translate("ReviewUndo", "Score {item}: {old} → {new}").format(
        item=item_id, old=_txt(old), new=_txt(new))


def _note_text(item_id: str) -> str:
    return QCoreApplication.translate("ReviewUndo", "Note {item}").format(item=item_id)
