"""The window's menus are wired to the parts: Edit › Undo/Redo drive the review view's undo
stack, View › Language reaches the review view, the signing dialogs are offered when the
signing module is there, and nothing that needs the workspace is enabled before it is open."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence, QUndoCommand

sys.path.insert(0, str(Path(__file__).parent))
from shell_helpers import prepared_workspace, start_window  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.ui.app import start  # noqa: E402

pytestmark = pytest.mark.gui


class Append(QUndoCommand):
    def __init__(self, log: list[str], text: str) -> None:
        super().__init__(text)
        self.log, self.value = log, text

    def redo(self) -> None:
        self.log.append(self.value)

    def undo(self) -> None:
        self.log.remove(self.value)


@pytest.fixture
def running(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)
    r = start_window(qtbot, root, first_run=False)
    yield r
    r.close()


def test_edit_menu_undoes_and_redoes_on_the_review_views_stack(running):
    w = running.window
    assert not w.act_undo.isEnabled()
    assert w.open_school(DEMO_SCHOOL_CODE, "B2")
    assert w.undo_group.activeStack() is w.review.undo_stack
    log: list[str] = []
    w.review.undo_stack.push(Append(log, "B2.1 = 2"))
    assert w.act_undo.isEnabled() and "B2.1 = 2" in w.act_undo.text()
    assert QKeySequence(QKeySequence.StandardKey.Undo) in w.act_undo.shortcuts()
    w.act_undo.trigger()
    assert log == [] and w.act_redo.isEnabled()
    w.act_redo.trigger()
    assert log == ["B2.1 = 2"]


def test_language_switch_reaches_the_review_view(running):
    w = running.window
    assert w.open_school(DEMO_SCHOOL_CODE, "B5")
    w.set_language("en")
    assert getattr(w.review, "lang", "en") == "en"
    assert w.current_location()[:2] == (DEMO_SCHOOL_CODE, "B5")
    w.set_language("zh_CN")


def test_optional_signing_actions_follow_the_module(running):
    w = running.window
    has_print = importlib.util.find_spec("workbench.ui.signing.print_dialog") is not None
    assert w.act_print.isVisible() == has_print
    has_identity = importlib.util.find_spec("workbench.ui.signing.identity_dialog") is not None
    assert w.act_signing.isVisible() == has_identity


def test_workspace_actions_wait_for_the_workspace(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)
    r = start(["--workspace", str(root)], first_run=False)
    qtbot.addWidget(r.window)
    try:
        # right after start(): painted or about to be, the workspace not open yet
        assert r.window.ws is None and not r.window.act_import.isEnabled()
        assert r.window.loading.text()
        qtbot.waitUntil(lambda: r.window.ws is not None, timeout=20_000)
        assert r.window.act_import.isEnabled() and r.window.act_identity.isEnabled()
        assert r.window.pages.currentWidget() is r.window.schools
    finally:
        r.close()


def test_closing_while_the_workspace_opens_leaves_nothing_open(qtbot, tmp_path, monkeypatch):
    import time

    from workbench.ui import app as app_module

    opened, closed = [], []

    def slow_open(root):
        time.sleep(0.3)
        ws = real_open(root)
        real_close = ws.close
        ws.close = lambda: (closed.append(ws), real_close())
        opened.append(ws)
        return ws

    real_open = app_module.open_workspace
    monkeypatch.setattr(app_module, "open_workspace", slow_open)
    root = tmp_path / "ws"
    prepared_workspace(root)
    r = start(["--workspace", str(root)])
    qtbot.addWidget(r.window)
    qtbot.waitUntil(lambda: r.runner is not None, timeout=10_000)  # painted; opening
    r.window.close()
    qtbot.waitUntil(lambda: len(closed) == 1, timeout=10_000)
    assert closed == opened  # released at once, not attached to the closed window
    assert r.window.ws is None
    r.close()
