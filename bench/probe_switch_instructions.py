#!/usr/bin/env python3
"""Probe (not a timed benchmark): instructions the UI thread executes for switches to pages not
built yet, counted by valgrind's callgrind, which machine load does not move.

Opens the demo school in a review view at 1400 x 900 (as bench_switch.py does) and switches to
each of B2…B29 at once, before any page is built ahead; between switches the event loop turns,
uncounted, until the page is whole and the view's spares are made again. Counting is on only
from the navigator's selection until the switch's layouts and paint are delivered (the same
span bench_switch.py times), switched with `callgrind_control`.

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/switch.cg \\
        .venv/bin/python bench/probe_switch_instructions.py
    grep totals /tmp/switch.cg          # instructions over the 28 switches
    callgrind_annotate --inclusive=yes /tmp/switch.cg | head -60

With `--warm` a first view on the school builds all its pages ahead and closes before the
counted one opens: bench_switch.py's on-demand rounds run in such a warmed process (glyphs
rendered, fonts loaded), a reviewer's first school of the day does not.

Run it against another version with `--root DIR` (a `git archive` of that version's
workbench/ and resources/). Without valgrind it runs and prints the switches' CPU time only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def counting(on: bool) -> None:
    """callgrind_control talks to the valgrind running this process (a no-op otherwise)."""
    if shutil.which("callgrind_control"):
        subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                    help="the checkout whose workbench/ is measured")
    ap.add_argument("--warm", action="store_true", help="first show the school once in another view")
    args = ap.parse_args()
    sys.path.insert(0, str(args.root))
    from PySide6.QtWidgets import QApplication

    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.store import Workspace
    from workbench.ui.review import ReviewView
    from workbench.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    try:  # the application's font as the program sets it (make_app); versions before it had none
        from workbench.ui.app_font import prefer_unshaped_text
        prefer_unshaped_text(app)
    except ImportError:
        pass
    tmp = Path(tempfile.mkdtemp(prefix="probe-switch-"))
    try:
        ws = Workspace.open(tmp / "ws")
        import_package(ws, demo_package_path())
        reviewer = ws.set_local_reviewer("probe", "probe", "member")
        runner = TaskRunner()
        if args.warm:
            first = ReviewView(ws, reviewer, runner, lang="zh_CN")
            first.resize(1400, 900)
            first.show()
            first.open_school(DEMO_SCHOOL_CODE, "B1")
            t0 = time.perf_counter()
            while (first.ahead.active() or not first.ahead.steps) and time.perf_counter() - t0 < 60:
                app.processEvents()
            first.close()
            first.deleteLater()
            app.processEvents()
        view = ReviewView(ws, reviewer, runner, lang="zh_CN")
        view.resize(1400, 900)
        view.show()
        view.open_school(DEMO_SCHOOL_CODE, "B1")
        app.sendPostedEvents()
        app.processEvents()
        cpu = []
        for ind in [b.id for b in ws.school(DEMO_SCHOOL_CODE).rubric.indicators][1:]:
            counting(True)
            c = time.thread_time()
            view.navigator.select(ind)
            app.sendPostedEvents()
            app.sendPostedEvents()
            cpu.append(time.thread_time() - c)
            counting(False)
            t0 = time.perf_counter()
            urgent = getattr(view, "_urgent", lambda: None)
            app.processEvents()
            while (not view.page().complete() or urgent() is not None) and time.perf_counter() - t0 < 30:
                app.processEvents()
        runner.wait(10000)
        view.close()
        ws.close()
        cpu.sort()
        print(f"{len(cpu)} switches to pages not built yet: CPU p50 {cpu[len(cpu) // 2] * 1000:.1f} ms, "
              f"worst {cpu[-1] * 1000:.1f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
