#!/usr/bin/env python3
"""Benchmark: cold start of the Workbench window to its first paint, as a ratio to a bare
PySide6 QMainWindow started the same way (goal <= 1.5).

Each run is a new Python process (imports, QApplication, fonts, translators, workspace
open, window build): the parent notes the wall-clock time just before starting it, the
child prints the wall-clock time of the main window's first Paint event and exits at once.
Runs of ours and of the floor alternate, so both see the same machine state; the page
cache is warm for both (the first, colder pair is discarded).

  ours:  workbench.ui.app.start() on a demo workspace (reviewer set, demo school imported),
         Chinese UI, then the event loop until the window paints (the school list, or the
         review view when --reopen saves the last place in the demo school first)
  floor: python -c "QApplication; QMainWindow; resize(1280, 800); show(); exec()"

    .venv/bin/python bench/bench_startup.py                 # offscreen, 15 runs each
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python bench/bench_startup.py --platform xcb
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAINT_HOOK = """
from PySide6.QtCore import QEvent, QObject
class _Paint(QObject):
    def __init__(self, then_exit=True):
        super().__init__()
        self.then_exit = then_exit
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(repr(time.time()), flush=True)
            obj.removeEventFilter(self)
            if self.then_exit:
                os._exit(0)
        return False
"""

FLOOR = """
import os, sys, time
""" + PAINT_HOOK + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1280, 800)
hook = _Paint()
w.installEventFilter(hook)
w.show()
app.exec()
"""

OURS = """
import os, sys, time
sys.path.insert(0, {root!r})
""" + PAINT_HOOK + """
from workbench.ui.app import start
running = start(["--workspace", {ws!r}, "--lang", "zh_CN"])
hook = _Paint(then_exit=False)
running.window.installEventFilter(hook)

def ready(*_):  # the school list has its rows, or the review view its school
    print(repr(time.time()), flush=True)
    os._exit(0)

def attached():
    w = running.window
    if {reopen!r}:
        w.pages.currentChanged.connect(ready)  # the review view replaces the school list
    else:
        w.schools.loaded.connect(ready)

running.window.workspaceReady.connect(attached)
running.app.exec()
"""


def prepare_workspace(root: Path, reopen: bool) -> None:
    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.store import Workspace

    with Workspace.open(root) as ws:
        ws.set_local_reviewer("基准", "bench", "member")
        import_package(ws, demo_package_path())
        if reopen:
            ws.set_setting("ui.page", "review")
            ws.set_setting("ui.last_school", DEMO_SCHOOL_CODE)
            ws.set_setting("ui.last_indicator", "B3")


def one_run(code: str, env: dict[str, str]) -> list[float]:
    """Seconds from the process start to each time the child prints (first paint[, ready])."""
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in out.stdout.splitlines() if ln.strip()]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"child failed ({out.returncode}): {out.stderr[-2000:]}")
    return [float(x) - t0 for x in lines]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    ap.add_argument("--reopen", action="store_true", help="start into the review view of the demo school")
    ns = ap.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": ns.platform}
    env.pop("WORKBENCH_HOME", None)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        prepare_workspace(ws, ns.reopen)
        ours_code = OURS.format(root=str(ROOT), ws=str(ws), reopen=ns.reopen)
        one_run(FLOOR, env), one_run(ours_code, env)  # warm the page cache; discarded
        floor, ours, ready = [], [], []
        for _ in range(ns.runs):
            floor.append(one_run(FLOOR, env)[0])
            paint, done = one_run(ours_code, env)
            ours.append(paint)
            ready.append(done)
    mf, mo, mr = statistics.median(floor), statistics.median(ours), statistics.median(ready)

    def ms(xs: list[float]) -> str:
        return f"min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f}"

    what = "review view of the demo school" if ns.reopen else "school list"
    print(f"platform {ns.platform}, {ns.runs} runs each, starting into the {what}")
    print(f"floor: bare QMainWindow first paint     median {mf * 1000:4.0f} ms  ({ms(floor)})")
    print(f"ours:  Workbench window first paint     median {mo * 1000:4.0f} ms  ({ms(ours)})")
    print(f"ours:  workspace open, {what} filled  median {mr * 1000:4.0f} ms  ({ms(ready)})")
    print(f"ratio first paint ours / floor: {mo / mf:.2f}  (goal <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
