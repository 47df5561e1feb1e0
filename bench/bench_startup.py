#!/usr/bin/env python3
"""Benchmark: cold start of the Workbench window, as ratios to a bare PySide6 QMainWindow's
first paint started the same way: our first paint (goal <= 1.5) and the usable school list
(goal <= 2, issue 13), the moment the list's table is painted with its rows.

Each run is a new Python process (imports, QApplication, fonts, translators, workspace
open, window build): the parent notes the wall-clock time just before starting it, the
child prints the wall-clock time of each point and exits after the last. Runs of ours and
of the floor alternate, so both see the same machine state; the page cache is warm for both
(the first, colder pair is discarded).

  ours:  workbench.ui.app.start() on a demo workspace (reviewer set, demo school imported),
         Chinese UI, then the event loop; points: the window's first paint; the usable
         school list (a school table's viewport painted with rows: the early list read with
         sqlite3, or the full page); the full list (totals, outcome, signed state, after the
         store is loaded); with --reopen, the review view of the last school instead
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
            print("paint", repr(time.time()), flush=True)
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
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView
from workbench.ui.app import start
running = start(["--workspace", {ws!r}, "--lang", "zh_CN"])
w = running.window
seen = set()

def mark(what):
    if what not in seen:
        seen.add(what)
        print(what, repr(time.time()), flush=True)
    if what == "full":
        os._exit(0)

class Paints(QObject):  # on the window (first paint) and on each school table's viewport
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            if obj is w:
                mark("paint")
            else:
                table = obj.parent()
                if table.model().rowCount() > 0:  # rows on screen: the list is usable
                    mark("list")
                    if table.objectName() == "schoolTable":
                        mark("list-full")
                        if not {reopen!r}:
                            mark("full")
        return False

paints = Paints()
w.installEventFilter(paints)

def page_changed(_index):
    page = w.pages.currentWidget()
    if {reopen!r} and page is not None and page is w.review:
        mark("full")  # the review view of the last school
    table = page.findChild(QTableView) if page is not None else None
    if table is not None:
        table.viewport().installEventFilter(paints)

w.pages.currentChanged.connect(page_changed)
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


def one_run(code: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from the process start to each point the child prints ("paint", "list", ...)."""
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    lines = [ln.split() for ln in out.stdout.splitlines() if ln.strip()]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"child failed ({out.returncode}): {out.stderr[-2000:]}")
    return {ln[0]: float(ln[1]) - t0 for ln in lines}


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
        floor: list[float] = []
        ours: dict[str, list[float]] = {}
        for _ in range(ns.runs):
            floor.append(one_run(FLOOR, env)["paint"])
            for k, v in one_run(ours_code, env).items():
                ours.setdefault(k, []).append(v)
    mf = statistics.median(floor)

    def line(label: str, xs: list[float]) -> str:
        return (f"{label:44s} median {statistics.median(xs) * 1000:5.0f} ms  (min {min(xs) * 1000:.0f}, "
                f"max {max(xs) * 1000:.0f}; {statistics.median(xs) / mf:.2f}x the floor)")

    what = "review view of the demo school" if ns.reopen else "school list"
    print(f"platform {ns.platform}, {ns.runs} runs each, starting into the {what}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(line("floor: bare QMainWindow first paint", floor))
    print(line("ours:  Workbench window first paint", ours["paint"]))
    if "list" in ours:
        print(line("ours:  usable school list (rows painted)", ours["list"]))
    if "list-full" in ours:
        print(line("ours:  full school list (totals, state)", ours["list-full"]))
    if ns.reopen:
        print(line("ours:  review view of the last school", ours["full"]))
    print(f"ratio first paint ours / floor: {statistics.median(ours['paint']) / mf:.2f}  (goal <= 1.5)")
    if "list" in ours and len(ours["list"]) == ns.runs:
        print(f"ratio usable school list / floor first paint: {statistics.median(ours['list']) / mf:.2f}  "
              "(goal <= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
