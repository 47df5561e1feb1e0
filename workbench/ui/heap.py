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

from PySide6.QtCore import QTimer


def freeze_long_lived() -> None:
    """Exempt every object alive now from future collections. Cheap (no walk of the heap)."""
    gc.freeze()


# Automatic collection held off from an action the reviewer waits for until the event loop
# has delivered what it posted (layout requests, the paint): a generation-1 collection in the
# middle of a switch to a new page costs 1-6 ms of the 16 ms frame (measured over on-demand
# switches with bench/bench_switch.py's set-up), and the same walk costs nothing noticeable a
# moment later. A 1 ms timer is the moment: Qt runs timers once the posted events are delivered
# (a zero-interval single shot would itself be a posted event, queued before the switch's layout
# requests and paint). The collector is the process's, so the hold is too, and the timer that
# ends it belongs to no widget: a view deleted in the turn it held the collector once left it
# off for the rest of a test run. Collection always resumes.
_held = False


def hold_collection() -> None:
    global _held
    if not _held:
        if not gc.isenabled():
            return  # someone else (a test, a profiler) has it off: theirs to turn on
        gc.disable()
        _held = True
        QTimer.singleShot(1, resume_collection)  # no receiver: it fires whatever is deleted meanwhile


def collection_held() -> bool:
    return _held


def resume_collection() -> None:
    """Collection back on now (also what the timer does)."""
    global _held
    if _held:
        _held = False
        gc.enable()
