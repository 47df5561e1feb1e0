"""Keep Python's garbage collector from pausing the window.

A full (generation-2) collection walks every container object in the process: with Qt,
SQLAlchemy and ReportLab loaded that is ~90 ms on the UI thread, long enough to see,
and it happens at moments nobody chooses (measured in tests/ui/test_review_eventloop.py).
Objects that live as long as the window (modules, the ORM's metadata, the rubric, the
widgets of an open school) never become garbage, so after they are built we move them
to the collector's permanent generation (`gc.freeze()`); later full collections only
walk what was made since. Cyclic garbage among frozen objects is not reclaimed; the
window has little (widgets are freed by Qt, records are acyclic).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


def freeze_long_lived() -> None:
    """Exempt every object alive now from future collections. Cheap (no walk of the heap)."""
    gc.freeze()


class CollectLater:
    """Automatic collection held off from an action the reviewer waits for until the event
    loop has delivered what it posted (layout requests, the paint): a generation-1 collection
    in the middle of a switch to a new page costs 1-6 ms of the 16 ms frame (measured over
    on-demand switches with bench/bench_switch.py's set-up), and the same walk costs nothing
    noticeable a moment later. A zero-interval timer is the moment: Qt runs it once the
    posted events are delivered. Collection always resumes, so memory is not left to grow."""

    def __init__(self, parent: QObject, quiet_ms: int = 0) -> None:
        self._timer = QTimer(parent, singleShot=True, interval=quiet_ms, timeout=self._resume)
        self._held = False

    def hold(self) -> None:
        if not self._held:
            if not gc.isenabled():
                return  # someone else (a test, a profiler) has it off: theirs to turn on
            gc.disable()
            self._held = True
        self._timer.start()

    def held(self) -> bool:
        return self._held

    def _resume(self) -> None:
        if self._held:
            self._held = False
            gc.enable()

    def release(self) -> None:
        """Collection back on now (the view closing)."""
        self._timer.stop()
        self._resume()
