"""The window on a read-only workspace (a tmpfs remounted read-only): it opens, shows the
school, walks its indicators and closes, without an error or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.evidence import DEMO_SCHOOL_CODE

from .conftest import make_workspace, tmpfs

pytestmark = pytest.mark.gui

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication(sys.argv[:1])
for name in ("critical", "warning", "information"):
    setattr(QMessageBox, name, lambda *a, _n=name, **k: print("dialog:", _n, a[2], flush=True))
state = {"opened": False}

def step():
    for w in QApplication.topLevelWidgets():
        if w.objectName() == "MainWindow" and w.isVisible() and w.ws is not None:
            if not state["opened"]:
                state["opened"] = True
                print("read_only:", w.ws.read_only, flush=True)
                print("school:", w.open_school(sys.argv[1], "B3"), flush=True)
                QTimer.singleShot(500, step)
                return
            w.close()
            return
    QTimer.singleShot(50, step)

QTimer.singleShot(50, step)
QTimer.singleShot(60_000, app.quit)
from workbench.entry import main
sys.exit(main(["--workspace", sys.argv[2]]))
"""


def test_window_opens_a_read_only_workspace(tmp_path: Path) -> None:
    with tmpfs("32m", tmp_path) as m:
        if not isinstance(m, Path):
            pytest.skip(f"needs a tmpfs mount (not permitted here: {m})")
        make_workspace(m / "ws")
        subprocess.run(["mount", "-o", "remount,ro", str(m)], check=True)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache")}
        proc = subprocess.run([sys.executable, "-c", CHILD, DEMO_SCHOOL_CODE, str(m / "ws")], env=env,
                              capture_output=True, text=True, timeout=90, cwd="/")
    assert proc.returncode == 0, proc.stderr
    assert "read_only: True" in proc.stdout and "school: True" in proc.stdout, proc.stdout + proc.stderr
    assert "dialog:" not in proc.stdout and "Traceback" not in proc.stderr, proc.stdout + proc.stderr
