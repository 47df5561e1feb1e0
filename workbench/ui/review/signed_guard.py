"""The first edit of a signed sheet asks once whether to start a new revision.

"本校评分已签名（第 N 版）。修改将在再次签名时生成第 N+1 版，原签名版本保留不变。继续修改？"
The signed revision is never altered (it is a signed file, in the outbox and maybe on paper);
editing only changes the workspace, and the next signing makes revision N+1 that supersedes it.
Asked once per school, reviewer and revision (for the life of the window); asked only while
the state is "signed and unchanged" (once an edit is made, the state is "changed").

The question is asynchronous (QMessageBox.open, the event loop keeps turning): the edit is
held, `retry` applies it after 继续修改, `restore` shows the stored value again after Cancel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.signing.from_sources import last_signed
from workbench.signing.state import SIGNED, signed_state

# (workspace folder, school, reviewer, revision) the reviewer agreed to edit
_confirmed: set[tuple[str, str, int, int]] = set()
_box: QMessageBox | None = None  # the open question, if any (tests answer it)


def question_text(revision: int) -> str:
    text = QCoreApplication.translate(
        "SignedGuard", "This school's scores are signed (revision %1). Your changes will become revision %2 "
        "when you sign again; the signed revision stays as it is. Continue editing?")
    return text.replace("%1", str(revision)).replace("%2", str(revision + 1))


def open_question() -> QMessageBox | None:
    """The question box while it is open (for tests and for the view)."""
    return _box


def allows(session, parent: QWidget | None, retry: Callable[[], None],  # noqa: ANN001 - a ReviewSession
           restore: Callable[[], None]) -> bool:
    """True: edit now. False: held; the question is open, or another question already is."""
    global _box
    if session is None:
        return True
    if _box is not None:  # one question at a time: this edit is dropped
        restore()
        return False
    ws, code, rid = session.ws, session.code, session.reviewer.id
    record = last_signed(ws, code, rid)  # one small read: most edits stop here
    if record is None or (str(ws.root), code, rid, int(record["revision"])) in _confirmed:
        return True
    state = signed_state(ws, code, rid)
    key = (str(ws.root), code, rid, state.revision or 0)
    if state.status != SIGNED:
        return True
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("SignedGuard", "Signed scores"),
                      question_text(state.revision or 0),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("signedGuardBox")
    box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("SignedGuard", "Continue editing"))
    box.button(QMessageBox.StandardButton.Cancel).setText(QCoreApplication.translate("SignedGuard", "Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def answered(_result: int) -> None:
        global _box
        _box = None
        box.deleteLater()
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            _confirmed.add(key)
            retry()
        else:
            restore()

    def gone() -> None:  # closed with its parent, unanswered: later edits must not stay blocked
        global _box
        if _box is box:
            _box = None

    box.finished.connect(answered)
    box.destroyed.connect(gone)
    _box = box
    box.open()
    return False
