"""The main window carries sync: a 同步 menu before Help and the status item, attached after start-up."""

from __future__ import annotations

import pytest

from .shell_helpers import prepared_workspace, start_window

pytestmark = [pytest.mark.gui]


def test_the_window_has_the_sync_menu_and_status_item(qtbot, tmp_path) -> None:
    lang, title, waiting = "zh_CN", "同步(&S)", "0 待同步 · 尚未同步"
    root = tmp_path / "ws"
    prepared_workspace(root)
    running = start_window(qtbot, root, lang=lang, first_run=False)
    w = running.window
    qtbot.waitUntil(lambda: w.sync is not None, timeout=15000)
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles.index(title) == titles.index(w.help_menu.title()) - 1  # just before Help
    item = w.sync.status
    assert item.parent() is not None and item.isVisibleTo(w)
    qtbot.waitUntil(lambda: item.text().startswith(waiting), timeout=15000)
    w.sync.open_panel()
    panel = w.sync.dialogs["panel"]
    assert panel.isVisible()
    w.close()
    assert w.sync.controller.timer.isActive() is False  # closing stops the rounds' timer
