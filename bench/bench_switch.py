#!/usr/bin/env python3
"""Benchmark: switching indicators in the review view, median and worst of 100 switches.

The demo school is imported into a temp workspace and half its items scored; the view is
shown at 1400 x 900 (offscreen). One switch = the navigator selects the next B-indicator
(page, evidence list, photo strip, settings write) and the event loop has laid out and
painted it. Every indicator's first visit builds its page ("cold"); later visits show the
page kept from before ("warm").

Floor, measured in the same run: a QStackedWidget in a window of the same size switching to
a freshly built bare QWidget page holding as many QLabels as the indicator page has child
widgets (what the least a page switch can cost with Qt widgets).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_switch.py [--switches 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget  # noqa: E402

from workbench.ui.review import ReviewView  # noqa: E402


def settle(app: QApplication) -> None:
    """Let Qt lay out and paint what the switch changed."""
    app.sendPostedEvents()
    app.processEvents()


def ms(xs: list[float]) -> str:
    return f"median {statistics.median(xs) * 1000:.1f} ms, worst {max(xs) * 1000:.1f} ms"


def bench_view(app: QApplication, switches: int) -> tuple[list[float], list[float], dict[str, int]]:
    from decimal import Decimal

    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.store import Workspace
    from workbench.ui.tasks import TaskRunner

    tmp = Path(tempfile.mkdtemp(prefix="bench-switch-"))
    ws = Workspace.open(tmp / "ws")
    import_package(ws, demo_package_path())
    reviewer = ws.set_local_reviewer("bench", "bench", "member")
    rubric = ws.school(DEMO_SCHOOL_CODE).rubric
    for n, item in enumerate(rubric.items):
        if n % 2 == 0:
            ws.set_score(DEMO_SCHOOL_CODE, reviewer.id, item.id, item.points / 2 // Decimal("0.5") * Decimal("0.5"))
    runner = TaskRunner()
    view = ReviewView(ws, reviewer, runner, lang="zh_CN")
    view.resize(1400, 900)
    view.show()
    view.open_school(DEMO_SCHOOL_CODE, "B1")
    settle(app)
    ids = [b.id for b in rubric.indicators]
    cold, warm, sizes = [], [], {}
    seen = {"B1"}
    for k in range(switches):
        target = ids[(k + 1) % len(ids)]
        t = time.perf_counter()
        view.navigator.select(target)
        settle(app)
        dt = time.perf_counter() - t
        (warm if target in seen else cold).append(dt)
        seen.add(target)
        sizes[target] = len(view.page().findChildren(QWidget))
    runner.wait(10000)
    view.close()
    ws.close()
    return cold, warm, sizes


def bench_floor(app: QApplication, switches: int, sizes: dict[str, int]) -> list[float]:
    win = QWidget()
    win.resize(1400, 900)
    stack = QStackedWidget(win)
    QVBoxLayout(win).addWidget(stack)
    win.show()
    settle(app)
    counts = list(sizes.values())
    out = []
    for k in range(switches):
        t = time.perf_counter()
        page = QWidget()
        lay = QVBoxLayout(page)
        for i in range(counts[k % len(counts)]):
            lay.addWidget(QLabel(f"标签 label {i}", page))
        stack.addWidget(page)
        stack.setCurrentWidget(page)
        settle(app)
        out.append(time.perf_counter() - t)
    win.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--switches", type=int, default=100)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    cold, warm, sizes = bench_view(app, args.switches)
    floor = bench_floor(app, args.switches, sizes)
    both = cold + warm
    print(f"switches: {len(both)} ({len(cold)} first visits, {len(warm)} revisits)")
    print(f"review view, all:          {ms(both)}")
    print(f"review view, first visits: {ms(cold)}")
    print(f"review view, revisits:     {ms(warm)}")
    print(f"floor (bare label page):   {ms(floor)}  (pages of {min(sizes.values())}-{max(sizes.values())} widgets)")
    print(f"ratio median ours / floor: all {statistics.median(both) / statistics.median(floor):.2f}, "
          f"first visits {statistics.median(cold) / statistics.median(floor):.2f}, "
          f"revisits {statistics.median(warm) / statistics.median(floor):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
