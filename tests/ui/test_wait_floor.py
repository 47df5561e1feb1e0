"""tests/conftest.py gives every raising pytest-qt wait a generous floor: a condition that holds
later than a short timeout written for a quiet machine still passes; a non-raising wait, which
only asks whether something happened in a window, keeps its own timeout."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from ..conftest import WAIT_FLOOR_MS

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    fired = Signal()


def test_a_wait_outlasting_its_short_timeout_still_passes(qtbot):
    done = []
    QTimer.singleShot(400, lambda: done.append(1))
    t = time.monotonic()
    qtbot.waitUntil(lambda: bool(done), timeout=50)
    assert 0.3 < time.monotonic() - t < WAIT_FLOOR_MS / 1000
    e = _Emitter()
    QTimer.singleShot(400, e.fired.emit)
    with qtbot.waitSignal(e.fired, timeout=50):
        pass


def test_a_non_raising_wait_keeps_its_timeout(qtbot):
    e = _Emitter()
    t = time.monotonic()
    with qtbot.waitSignal(e.fired, timeout=200, raising=False) as blocker:
        pass
    assert not blocker.signal_triggered and time.monotonic() - t < 5


def test_a_wait_that_never_holds_still_fails(qtbot, monkeypatch):
    import tests.conftest as shared

    monkeypatch.setattr(shared, "WAIT_FLOOR_MS", 300)  # the floor, shortened for this test only
    with pytest.raises(qtbot.TimeoutError):
        qtbot.waitUntil(lambda: False, timeout=50)
