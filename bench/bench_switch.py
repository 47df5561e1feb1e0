#!/usr/bin/env python3
"""Benchmark: switching indicators in the review view, p50 / p99 of first visits and revisits.

The demo school is imported into a temp workspace and half its items scored; the view is
shown at 1400 x 900 (offscreen), or at `--size`: `--size 1366x696` is what the view gets in
the main window on a 1366 x 768 laptop (the window 1366 x 740 less its menu and status bars,
as scripts/screenshots.py shows it), three cards high where 1400 x 900 is four. One switch = the navigator selects the next B-indicator
(page, evidence list, photo strip, settings write) until Qt has laid out and painted what is
on screen: the posted events are delivered (layout requests, then the paint) until none is
left, with no timer run; the event loop then turns, untimed, before the next switch. Every
indicator's first visit builds its page ("cold"); later visits show the page kept from
before ("warm").

Each of --rounds rounds opens a fresh view on the school and makes --switches switches, so
first visits and revisits each get enough samples for a p99 (nearest rank); they are reported
separately, with the worst. The goal (issue 13) is p99 <= 16 ms, one frame, for both.

The view builds the school's other pages ahead at idle (one card per event-loop turn, then
one paint of each page into a scratch pixmap; workbench/ui/review/page_ahead.py). A round
therefore first lets the event loop idle, as a reviewer reading the first page does, until
building ahead has finished, with a 5 ms timer measuring the longest the loop was held (one
step); its first visits show pages built ahead but never shown. A second kind of round
switches at once after opening (no quiet moment): its first visits build their page on
demand, the worst case, reported apart. Only first visits to a page that did not exist at all
before the switch count there (checked before each switch; the one or two steps building
ahead takes at the school's opening, before the first switch, begin the next page, and such a
first visit is left out and counted). Such a page is built as the view does it: the cards
that fit on screen before the paint, the rest one per event-loop turn after it; the bench lets
the loop turn until the page is whole and the view's spare cards and spare page are made again
(the work of the turns right after a switch, card_pool.py and view.py's SHELL) before the next switch, and prints how long that
took and the longest step; a reviewer's next click comes later than that.

Besides wall time, each switch's CPU time on the UI thread is printed: on a shared machine
wall time includes waiting for a core, CPU time is what the switch itself costs.

Floor, measured in the same run: a QStackedWidget in a window of the same size; a first
visit switches to a freshly built bare QWidget page holding as many QLabels as that
indicator's page has child widgets (the floor of on-demand first visits), or to such a page
built before but not yet shown (the floor of first visits built ahead), a revisit to such a
page shown before (the least a page switch can cost with Qt widgets). The workspace is made
in a temp folder and removed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_switch.py [--switches 100 --rounds 3 --size 1366x696]
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

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget  # noqa: E402

from workbench.ui.app_font import prefer_unshaped_text  # noqa: E402
from workbench.ui.review import ReviewView  # noqa: E402


def settle(app: QApplication) -> None:
    """Let Qt lay out and paint what the switch changed."""
    app.sendPostedEvents()
    app.processEvents()


def paint(app: QApplication) -> None:
    """Deliver the posted events until the switch's result is laid out and painted, and
    nothing else: no timer runs here (a page's later cards are built by timers, after the
    paint). A first show posts a second layout request from the scroll area and a second
    paint while the first is delivered: the second call delivers those."""
    app.sendPostedEvents()
    app.sendPostedEvents()


def p(xs: list[float], q: float) -> float:
    """The q-quantile by nearest rank (an observed switch, never an interpolation)."""
    return sorted(xs)[max(0, math.ceil(q * len(xs)) - 1)]


def ms(xs: list[float]) -> str:
    return (f"p50 {p(xs, 0.5) * 1000:5.1f} ms  p99 {p(xs, 0.99) * 1000:5.1f} ms  "
            f"worst {max(xs) * 1000:5.1f} ms  (n={len(xs)})")


class Samples:
    """Wall and UI-thread CPU seconds of each switch, first visits and revisits apart."""

    def __init__(self) -> None:
        self.cold: list[float] = []
        self.warm: list[float] = []
        self.cold_cpu: list[float] = []
        self.warm_cpu: list[float] = []
        self.ahead_s: list[float] = []  # time to build all pages ahead, per round
        self.ahead_gap: list[float] = []  # the longest the event loop was held meanwhile
        self.ahead_steps = 0
        self.skipped = 0  # first visits to a page begun before the switch (left out of `cold`)
        self.rest: list[float] = []  # after an on-demand first visit: until the page was whole
        self.rest_step: list[float] = []  # the longest event-loop turn meanwhile
        # on-demand first visits by the cards made before the paint: (wall, cpu) lists
        self.by_cards: dict[int, tuple[list[float], list[float]]] = {}


def idle_until_built(app: QApplication, view, out: Samples) -> None:
    """Run the event loop (as a reviewer reading does) until every page is built ahead."""
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    ahead = getattr(view, "ahead", None)  # None: a version without building ahead (idles 2 s)
    meter = QTimer(interval=5, timeout=tick)
    meter.start()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 60 and (
            (ahead.active() or not ahead.steps) if ahead is not None else time.perf_counter() - t0 < 2):
        app.processEvents()
        time.sleep(0.001)
    meter.stop()
    out.ahead_s.append(time.perf_counter() - t0)
    out.ahead_gap.append(max(gaps, default=0.0))
    out.ahead_steps += len(ahead.steps) if ahead is not None else 0


def busy(view) -> bool:
    """The view still has work for the turns right after a switch (the rest of the page,
    spare cards and a spare page to make); older versions: spare cards only."""
    urgent = getattr(view, "_urgent", None)
    if urgent is not None:
        return urgent() is not None
    spares = getattr(view, "spares", None)
    return spares is not None and spares.short()


SIZE = (1400, 900)  # the view's size (--size)


def bench_view(app: QApplication, switches: int, tmp: Path, out: Samples, idle: bool) -> dict[str, int]:
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
    view.resize(*SIZE)
    view.show()
    view.open_school(DEMO_SCHOOL_CODE, "B1")
    settle(app)
    if idle:
        idle_until_built(app, view, out)
    ids = [b.id for b in rubric.indicators]
    sizes = {}
    seen = {"B1"}
    for k in range(switches):
        target = ids[(k + 1) % len(ids)]
        first = target not in seen
        begun = target in view.pages  # a first visit to a page (partly) built before
        t, c = time.perf_counter(), time.thread_time()
        view.navigator.select(target)
        paint(app)
        dt, dc = time.perf_counter() - t, time.thread_time() - c
        if first and begun and not idle:
            out.skipped += 1
        else:
            (out.cold if first else out.warm).append(dt)
            (out.cold_cpu if first else out.warm_cpu).append(dc)
        seen.add(target)
        page = view.page()
        made = len(getattr(page, "built", page.cards))  # cards made before the paint
        t0 = last = time.perf_counter()
        longest = 0.0
        app.processEvents()  # the loop turns (untimed); a page built on demand gets its rest
        while (not page.complete() or busy(view)) and time.perf_counter() - t0 < 10:
            now = time.perf_counter()
            longest, last = max(longest, now - last), now
            app.processEvents()
        if first and not begun and not idle:
            wall_cpu = out.by_cards.setdefault(made, ([], []))
            wall_cpu[0].append(dt)
            wall_cpu[1].append(dc)
            out.rest.append(time.perf_counter() - t0)
            out.rest_step.append(max(longest, time.perf_counter() - last))
        sizes[target] = len(page.findChildren(QWidget))
    runner.wait(10000)
    view.close()
    ws.close()
    return sizes


def bare_page(labels: int) -> QWidget:
    page = QWidget()
    lay = QVBoxLayout(page)
    for i in range(labels):
        lay.addWidget(QLabel(f"标签 label {i}", page))
    return page


def bench_floor(app: QApplication, switches: int, sizes: dict[str, int],
                prebuilt: bool = False) -> tuple[list[float], list[float]]:
    """(first visits: build a bare page and show it, or with `prebuilt` show for the first
    time a page built before, untimed; revisits: show a page shown before)."""
    win = QWidget()
    win.resize(*SIZE)
    stack = QStackedWidget(win)
    QVBoxLayout(win).addWidget(stack)
    win.show()
    settle(app)
    counts = list(sizes.values())
    pages: dict[int, QWidget] = {}
    if prebuilt:
        for slot, n in enumerate(counts):
            pages[slot] = bare_page(n)
            stack.addWidget(pages[slot])
        settle(app)
    cold, warm = [], []
    for k in range(switches):
        slot = k % len(counts)
        t = time.perf_counter()
        page = pages.get(slot)
        if page is None:
            page = pages[slot] = bare_page(counts[slot])
            stack.addWidget(page)
        stack.setCurrentWidget(page)
        paint(app)
        (cold if k < len(counts) else warm).append(time.perf_counter() - t)
        app.processEvents()
    win.close()
    return cold, warm


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--switches", type=int, default=100, help="switches per round")
    ap.add_argument("--rounds", type=int, default=3, help="fresh views of each kind (each brings 28 first visits)")
    ap.add_argument("--size", default="1400x900", help="the view's width x height in pixels")
    args = ap.parse_args()
    global SIZE
    SIZE = tuple(int(v) for v in args.size.lower().split("x"))
    app = QApplication.instance() or QApplication([])
    prefer_unshaped_text(app)  # the application's font as the program sets it (make_app); floors too
    ahead, at_once = Samples(), Samples()
    fcold, fwarm, fpre, sizes = [], [], [], {}
    tmp = Path(tempfile.mkdtemp(prefix="bench-switch-"))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        for r in range(args.rounds):  # interleaved with the floor so all see the same load
            sizes = bench_view(app, args.switches, tmp / f"a{r}", ahead, idle=True)
            bench_view(app, args.switches, tmp / f"n{r}", at_once, idle=False)
            fc, fw = bench_floor(app, args.switches, sizes)
            fcold += fc
            fwarm += fw
            fpre += bench_floor(app, args.switches, sizes, prebuilt=True)[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{args.rounds} rounds of each kind x {args.switches} switches at {SIZE[0]} x {SIZE[1]}; pages of "
          f"{min(sizes.values())}-{max(sizes.values())} widgets")
    print(f"building ahead: {p(ahead.ahead_s, 0.5):.2f} s per school (median of {args.rounds}), "
          f"{ahead.ahead_steps // args.rounds} steps; longest event-loop hold "
          f"{max(ahead.ahead_gap) * 1000:.1f} ms")
    print(f"on-demand first visits: {len(at_once.cold)} to pages not begun before the switch "
          f"({at_once.skipped} to a page begun at the opening left out); the rest of such a page "
          f"and the spare cards and page built after the paint in p50 {p(at_once.rest, 0.5) * 1000:.1f} / worst "
          f"{max(at_once.rest) * 1000:.1f} ms, longest loop turn meanwhile "
          f"{max(at_once.rest_step) * 1000:.1f} ms")
    for n, (wall, cpu) in sorted(at_once.by_cards.items()):
        print(f"  on demand, {n} card{'s' if n > 1 else ''} made before the paint: wall {ms(wall)}")
        print(f"  {'':42s} cpu  {ms(cpu)}")
    rows = (("first visits, built ahead", ahead.cold, ahead.cold_cpu, fpre),
            ("revisits", ahead.warm + at_once.warm, ahead.warm_cpu + at_once.warm_cpu, fwarm),
            ("first visits, no idle (on demand)", at_once.cold, at_once.cold_cpu, fcold))
    for label, wall, cpu, _fl in rows:
        print(f"{label:34s} wall {ms(wall)}")
        print(f"{'':34s} cpu  {ms(cpu)}")
    print(f"{'floor, bare page built, 1st show':34s} wall {ms(fpre)}")
    print(f"{'floor, new bare page':34s} wall {ms(fcold)}")
    print(f"{'floor, bare page revisited':34s} wall {ms(fwarm)}")
    for label, wall, _cpu, fl in rows:
        print(f"{label}: p99 {p(wall, 0.99) * 1000:.1f} ms "
              f"({'meets' if p(wall, 0.99) <= 0.016 else 'misses'} the 16 ms goal); "
              f"ratio to floor p50 {p(wall, 0.5) / p(fl, 0.5):.2f}, p99 {p(wall, 0.99) / p(fl, 0.99):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
