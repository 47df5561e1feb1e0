"""A review view on the demo school for the undo tests, and typing that Qt's key table allows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
from workbench.store import Workspace
from workbench.ui.review import ReviewView
from workbench.ui.tasks import TaskRunner

CODE = DEMO_SCHOOL_CODE


def review_env(qtbot, tmp_path):
    """The body of each test file's `env` fixture: (view, workspace, reviewer)."""
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    reviewer = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    runner = TaskRunner()
    view = ReviewView(ws, reviewer, runner, lang="en")
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    view.open_school(CODE)
    yield view, ws, reviewer
    runner.cancel_all()
    runner.wait(10000)
    ws.close()


def type_text(widget, text: str) -> None:
    """One key event per character, each carrying its text (CJK included, see NOTES.md)."""
    widget.setFocus()
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))


def commit_cjk(widget, text: str) -> None:
    """An input method's commit, as a Chinese IME delivers a phrase."""
    widget.setFocus()
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)
