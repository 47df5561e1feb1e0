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


def freeze_long_lived() -> None:
    """Exempt every object alive now from future collections. Cheap (no walk of the heap)."""
    gc.freeze()
