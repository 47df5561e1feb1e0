#!/usr/bin/env python3
"""Benchmark: switching indicators in the review view, p50 / p99 of first visits and revisits.

The demo school is imported into a temp workspace and half its items scored; the view is
shown at 1400 x 900 (offscreen). One switch = the navigator selects the next B-indicator
(page, evidence list, photo strip, settings write) and the event loop has laid out and
painted it. Every indicator's first visit builds its page ("cold"); later visits show the
page kept from before ("warm").

Each of --rounds rounds opens a fresh view on the school and makes --switches switches, so
first visits and revisits each get enough samples for a p99 (nearest rank); they are reported
separately, with the worst. The goal (issue 13) is p99 <= 16 ms, one frame, for both.

Floor, measured in the same run: a QStackedWidget in a window of the same size; a first
visit switches to a freshly built bare QWidget page holding as many QLabels as that
indicator's page has child widgets, a revisit to such a page built before (the least a page
switch can cost with Qt widgets). The workspace is made in a temp folder and removed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_switch.py [--switches 100 --rounds 3]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
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


def p(xs: list[float], q: float) -> float:
    """The q-quantile by nearest rank (an observed switch, never an interpolation)."""
    return sorted(xs)[max(0, math.ceil(q * len(xs)) - 1)]


def ms(xs: list[float]) -> str:
    return (f"p50 {p(xs, 0.5) * 1000:5.1f} ms  p99 {p(xs, 0.99) * 1000:5.1f} ms  "
            f"worst {max(xs) * 1000:5.1f} ms  (n={len(xs)})")


def bench_view(app: QApplication, switches: int, tmp: Path) -> tuple[list[float], list[float], dict[str, int]]:
    from decimal import Decimal

    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.store import Workspace
    from workbench.ui.tasks import TaskRunner

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


def bench_floor(app: QApplication, switches: int, sizes: dict[str, int]) -> tuple[list[float], list[float]]:
    """(first visits: build a bare page and show it, revisits: show a page built before)."""
    win = QWidget()
    win.resize(1400, 900)
    stack = QStackedWidget(win)
    QVBoxLayout(win).addWidget(stack)
    win.show()
    settle(app)
    counts = list(sizes.values())
    pages: dict[int, QWidget] = {}
    cold, warm = [], []
    for k in range(switches):
        slot = k % len(counts)
        t = time.perf_counter()
        page = pages.get(slot)
        if page is None:
            page = pages[slot] = QWidget()
            lay = QVBoxLayout(page)
            for i in range(counts[slot]):
                lay.addWidget(QLabel(f"标签 label {i}", page))
            stack.addWidget(page)
        stack.setCurrentWidget(page)
        settle(app)
        (cold if k < len(counts) else warm).append(time.perf_counter() - t)
    win.close()
    return cold, warm


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--switches", type=int, default=100, help="switches per round")
    ap.add_argument("--rounds", type=int, default=3, help="fresh views (each brings 28 first visits)")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    cold, warm, fcold, fwarm, sizes = [], [], [], [], {}
    tmp = Path(tempfile.mkdtemp(prefix="bench-switch-"))
    try:
        for r in range(args.rounds):  # interleaved with the floor so both see the same load
            c, w, sizes = bench_view(app, args.switches, tmp / f"r{r}")
            cold += c
            warm += w
            fc, fw = bench_floor(app, args.switches, sizes)
            fcold += fc
            fwarm += fw
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"switches: {len(cold) + len(warm)} in {args.rounds} rounds ({len(cold)} first visits, "
          f"{len(warm)} revisits); pages of {min(sizes.values())}-{max(sizes.values())} widgets")
    print(f"review view, first visits:  {ms(cold)}")
    print(f"review view, revisits:      {ms(warm)}")
    print(f"floor, new bare page:       {ms(fcold)}")
    print(f"floor, bare page revisited: {ms(fwarm)}")
    for label, ours, fl in (("first visits", cold, fcold), ("revisits", warm, fwarm)):
        print(f"{label}: p99 {p(ours, 0.99) * 1000:.1f} ms "
              f"({'meets' if p(ours, 0.99) <= 0.016 else 'misses'} the 16 ms goal); "
              f"ratio to floor p50 {p(ours, 0.5) / p(fl, 0.5):.2f}, p99 {p(ours, 0.99) / p(fl, 0.99):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
