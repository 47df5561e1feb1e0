"""Start-up's early school list: read with sqlite3 while the store loads, painted with its rows
before the workspace is open, handed over to the full page without an empty table between,
and a school chosen in it opened once the workspace is ready."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from workbench.evidence import DEMO_SCHOOL_CODE
from workbench.ui import app as app_module
from workbench.ui.app import start
from workbench.ui.school_list import SchoolTableModel
from workbench.ui.school_list_early import CODE_ROLE, PENDING, EarlySchoolList, early_model

sys.path.insert(0, str(Path(__file__).parent))
from shell_helpers import prepared_workspace  # noqa: E402


def test_early_columns_are_the_full_pages(qtbot) -> None:
    full, early = SchoolTableModel(), early_model([])
    assert early.columnCount() == full.columnCount()
    assert [early.headerData(c, Qt.Orientation.Horizontal) for c in range(early.columnCount())] == \
        [full.headerData(c, Qt.Orientation.Horizontal) for c in range(full.columnCount())]


def _start(qtbot, root: Path):
    running = start(["--workspace", str(root), "--lang", "zh_CN"], first_run=False)
    qtbot.addWidget(running.window)
    return running


def test_the_list_is_on_screen_before_the_workspace_then_handed_over(qtbot, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    prepared_workspace(root)
    running = _start(qtbot, root)
    try:
        w = running.window
        # what the early page shows, read when it becomes current (the workspace may attach and
        # replace it within milliseconds on a quiet machine)
        seen: list[tuple] = []

        def page_changed(_i: int) -> None:
            page = w.pages.currentWidget()
            if isinstance(page, EarlySchoolList):
                m = page.model
                seen.append((page, w.ws is not None, m.rowCount(), m.index(0, 5).data(),
                             m.index(0, 0).data(CODE_ROLE), m.index(0, 2).data(), m.index(0, 3).data(),
                             page.table.isVisibleTo(page)))

        w.pages.currentChanged.connect(page_changed)
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
        page, ws_open, rows, outcome, code, version, progress, table_shown = seen[0]
        assert not ws_open and rows == 1 and outcome == PENDING  # before the store: totals pending
        assert code == DEMO_SCHOOL_CODE
        assert (version, progress) == ("第 1 版", "0 / 51")
        assert table_shown
        qtbot.waitUntil(lambda: w.ws is not None, timeout=20_000)
        # attached: the full page is current at once, showing the early table until its rows are in
        assert w.pages.currentWidget() is w.schools
        assert w.schools.stack.currentWidget() in (page.table, w.schools.table)
        qtbot.waitUntil(lambda: w.schools.model.rowCount() == 1 and running.early is None, timeout=20_000)
        qtbot.waitUntil(lambda: w.schools.stack.currentWidget() is w.schools.table)
        assert w.schools.selected_code() == DEMO_SCHOOL_CODE
        assert not any(isinstance(w.pages.widget(i), EarlySchoolList) for i in range(w.pages.count()))
    finally:
        running.close()


def test_a_school_chosen_early_opens_when_the_workspace_is_ready(qtbot, tmp_path: Path, monkeypatch) -> None:
    gate = threading.Event()  # the workspace opens only once the school was chosen: a slow laptop
    real_open = app_module.open_workspace
    monkeypatch.setattr(app_module, "open_workspace", lambda root: (gate.wait(30), real_open(root))[1])
    root = tmp_path / "ws"
    prepared_workspace(root)
    running = _start(qtbot, root)
    try:
        w = running.window
        qtbot.waitUntil(lambda: isinstance(w.pages.currentWidget(), EarlySchoolList), timeout=20_000)
        page = w.pages.currentWidget()
        page.table.doubleClicked.emit(page.model.index(0, 1))
        assert running.open_when_ready == DEMO_SCHOOL_CODE and w.ws is None
        gate.set()
        qtbot.waitUntil(lambda: w.current_location()[::2] == (DEMO_SCHOOL_CODE, "review"), timeout=30_000)
    finally:
        gate.set()
        running.close()


def test_no_early_list_without_schools(qtbot, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    prepared_workspace(root, demo=False)
    running = _start(qtbot, root)
    try:
        w = running.window
        qtbot.waitUntil(lambda: w.ws is not None and w.schools is not None, timeout=20_000)
        assert running.early is None
        assert not any(isinstance(w.pages.widget(i), EarlySchoolList) for i in range(w.pages.count()))
    finally:
        running.close()
