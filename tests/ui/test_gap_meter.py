"""The event-loop meter of the event-loop tests still fails on the window's own stalls (work on
the UI thread, the UI thread asleep on a lock) and excuses only time spent waiting for a core."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from .gap_meter import MAX_GAP_MS, Gap, GapMeter

pytestmark = pytest.mark.gui
STALL = (MAX_GAP_MS + 100) / 1000


def _spin(seconds: float) -> None:
    end = time.thread_time() + seconds  # CPU seconds: the same work however busy the machine
    while time.thread_time() < end:
        pass


def _measure(qtbot, stall) -> GapMeter:  # noqa: ANN001
    meter = GapMeter()
    meter.start()
    qtbot.wait(50)
    QTimer.singleShot(0, stall)
    qtbot.waitUntil(lambda: meter.ticks > 10 and bool(meter.big), timeout=30_000)
    qtbot.wait(50)
    meter.stop()
    return meter


def test_work_on_the_ui_thread_fails_the_check(qtbot):
    meter = _measure(qtbot, lambda: _spin(STALL))
    assert meter.worst_cpu >= STALL * 0.9
    with pytest.raises(AssertionError, match="worked"):
        meter.check()


def test_the_ui_thread_waiting_on_a_lock_fails_the_check(qtbot):
    lock = threading.Lock()
    lock.acquire()

    def wait_for_the_worker() -> None:
        threading.Timer(STALL, lock.release).start()  # a worker holds it without wanting a core
        lock.acquire()

    meter = _measure(qtbot, wait_for_the_worker)
    lock.release()
    assert meter.worst_cpu * 1000 < MAX_GAP_MS  # asleep, not working: still the window's stall
    with pytest.raises(AssertionError, match="stalled"):
        meter.check()


def test_time_waiting_for_a_core_is_excused_and_blocked_time_only_while_workers_waited():
    starved = Gap(wall=0.9, cpu=0.05, queued=0.85, others=0.0)
    assert starved.ours == pytest.approx(0.05)
    gil_behind_a_queued_worker = Gap(wall=0.9, cpu=0.05, queued=0.1, others=2.0)
    assert gil_behind_a_queued_worker.ours == pytest.approx(0.05)
    blocked_while_workers_ran = Gap(wall=0.9, cpu=0.05, queued=0.1, others=0.2)
    assert blocked_while_workers_ran.ours == pytest.approx(0.05 + 0.75 - 0.2)
    idle_machine = Gap(wall=0.3, cpu=0.1, queued=0.0, others=0.0)
    assert idle_machine.ours == pytest.approx(0.3)  # the plain wall-clock limit


def test_a_reused_thread_id_never_makes_a_negative_wait():
    """Linux gives an ended worker's thread id to a new one, whose counter starts again."""
    from .gap_meter import _waited

    before = {101: 400_000_000, 102: 10_000_000}
    after = {101: 67_000_000, 102: 15_000_000}  # 101 is a new thread: its 67 ms all came in between
    assert _waited(before, after) == pytest.approx(0.072)
    gap = Gap(wall=0.013, cpu=0.004, queued=0.004, others=_waited(before, after))
    assert gap.others >= 0 and gap.ours <= gap.wall
