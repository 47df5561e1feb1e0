"""Start-up: `workbench` opens the window; first run asks who reviews (once) and offers the
demo school, which imports with the event loop alive and opens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, str(Path(__file__).parent))
from gap_meter import GapMeter  # noqa: E402
from shell_helpers import prepared_workspace, start_window, visible_top  # noqa: E402

from workbench import entry  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.ui import app as app_module  # noqa: E402
from workbench.ui.reviewer_dialog import ReviewerDialog  # noqa: E402

pytestmark = pytest.mark.gui


def test_entry_without_subcommand_runs_the_gui(monkeypatch):
    seen = []
    monkeypatch.setattr(app_module, "run_gui", lambda args: seen.append(list(args)) or 0)
    assert entry.main([]) == 0
    assert entry.main(["--lang", "en"]) == 0
    assert seen == [[], ["--lang", "en"]]


CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])

def close_when_ready():
    for w in QApplication.topLevelWidgets():
        if w.objectName() == "MainWindow" and w.isVisible() and w.ws is not None:
            print("shown:", w.windowTitle(), flush=True)
            w.close()  # the last window: exec() returns
            return
    QTimer.singleShot(50, close_when_ready)  # the workspace opens after the first paint

QTimer.singleShot(50, close_when_ready)
QTimer.singleShot(60_000, app.quit)  # never hang the test run
from workbench.entry import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("argv, title", [([], "评估工作台"), (["--lang", "en"], "Workbench")])
def test_workbench_without_subcommand_opens_the_window(tmp_path, argv, title):
    """`workbench` (entry.main with no sub-command) runs run_gui in a fresh process on
    $WORKBENCH_HOME; closing the window ends it with exit code 0."""
    home = tmp_path / "home"
    prepared_workspace(home)
    env = {**os.environ, "WORKBENCH_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", CHILD, *argv], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert f"shown: {title}" in proc.stdout
    with Workspace.open(home) as ws:  # the window kept its state in this workspace
        assert ws.get_setting("ui.geometry")
        assert ws.get_setting("ui.page") == "schools"  # nothing opened yet: the school list


def test_unusable_workspace_is_reported_and_exits_non_zero(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    child = CHILD.replace("app = QApplication(sys.argv[:1])",
                          "app = QApplication(sys.argv[:1])\n"
                          "from PySide6.QtWidgets import QMessageBox\n"
                          "QMessageBox.critical = lambda *a, **k: print('dialog:', a[2], flush=True)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", child, "--workspace", str(blocker / "ws")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2  # StoreError's exit code
    assert "dialog: cannot create the workspace folder" in proc.stdout
    assert "error: cannot create the workspace folder" in proc.stderr


def test_prefs_find_the_same_folder_as_the_store(tmp_path, monkeypatch):
    from workbench.store import default_root
    from workbench.ui.prefs import workspace_root

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "h"))
    assert workspace_root(None) == default_root() == tmp_path / "h"
    monkeypatch.delenv("WORKBENCH_HOME")
    assert workspace_root(None) == default_root()
    assert workspace_root(str(tmp_path / "x")) == tmp_path / "x"


def test_first_run_asks_reviewer_then_offers_and_imports_demo(qtbot, tmp_path, monkeypatch):
    import threading

    from workbench.ui import import_dialog

    threads = []
    real_import = import_dialog.import_package

    def spy(*a, **k):
        threads.append(threading.current_thread())
        return real_import(*a, **k)

    monkeypatch.setattr(import_dialog, "import_package", spy)
    root = tmp_path / "ws"
    running = start_window(qtbot, root)
    try:
        qtbot.waitUntil(lambda: visible_top("ReviewerDialog") is not None
                        or running.window.findChild(ReviewerDialog) is not None)
        dlg = running.window.findChild(ReviewerDialog)
        assert dlg.isVisible() and dlg.first_run
        ok = dlg.buttons.buttons()[0]
        assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()  # a name is required
        dlg.name.setText("李明")
        dlg.org.setText("黔东南州教育局")
        dlg.role.setCurrentIndex(1)
        assert ok is not None
        dlg.accept()
        assert running.ws.local_reviewer().name == "李明"
        assert running.ws.local_reviewer().role == "chair"
        qtbot.waitUntil(lambda: getattr(running.window, "first_run_box", None) is not None
                        and running.window.first_run_box.isVisible())
        box = running.window.first_run_box
        accept = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        meter = GapMeter(interval_ms=20)  # the gaps, judged without the machine's waits (gap_meter.py)
        meter.start()
        with qtbot.waitSignal(running.window.importer.imported, timeout=30_000) as sig:
            accept.click()
        meter.stop()
        assert sig.args[0].school_code == DEMO_SCHOOL_CODE
        assert threads and threads[0] is not threading.main_thread()  # verified off the UI thread
        meter.check()  # the event loop must keep turning during the import
        assert [s.code for s in running.ws.list_schools()] == [DEMO_SCHOOL_CODE]
        # opened at once, shown one event-loop turn later (MainWindow.open_school show_later)
        qtbot.waitUntil(lambda: running.window.current_location() == (DEMO_SCHOOL_CODE, "B1", "review"))
        qtbot.waitUntil(lambda: running.window.schools.model.rowCount() == 1)
        row = running.window.schools.model.rows[0]
        assert (row.code, row.scored, row.items) == (DEMO_SCHOOL_CODE, 0, 51)
    finally:
        running.close()


def test_reviewer_is_asked_once(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root, reviewer=True, demo=False)
    running = start_window(qtbot, root)
    try:
        qtbot.waitUntil(lambda: getattr(running.window, "first_run_box", None) is not None)
        assert running.window.findChild(ReviewerDialog) is None  # known reviewer: not asked
        running.window.first_run_box.reject()
        assert "王芳" in running.window.identity_label.text()
    finally:
        running.close()


def test_identity_can_be_changed_from_the_menu(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root, reviewer=True, demo=False)
    running = start_window(qtbot, root, first_run=False)
    try:
        running.window.act_identity.trigger()
        dlg = running.window.findChild(ReviewerDialog)
        assert dlg.name.text() == "王芳" and not dlg.first_run
        dlg.org.setText("凯里学院")
        dlg.accept()
        r = running.ws.local_reviewer()
        assert (r.name, r.org, r.role) == ("王芳", "凯里学院", "member")
        assert len(running.ws.reviewers()) == 1  # updated, not a second identity
        assert "凯里学院" in running.window.identity_label.text()
    finally:
        running.close()
