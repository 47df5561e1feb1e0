"""TaskRunner: results, errors, progress and cancel come back on the UI thread."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtWidgets import QDialog

from workbench.errors import Cancelled
from workbench.ui.tasks import TaskRunner


def test_tasks_result_progress_and_thread(qtbot) -> None:
    runner = TaskRunner()
    ui = threading.get_ident()
    seen: list[tuple] = []

    def job(n: int, *, progress, cancel) -> int:
        for i in range(n):
            progress(i + 1, n, f"step {i}")
        return threading.get_ident()

    got: list[int] = []
    task = runner.submit(job, 5, on_done=got.append,
                         on_progress=lambda d, t, label: seen.append((d, t, label, threading.get_ident())))
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert got and got[0] != ui  # ran on a pool thread
    assert [s[:2] for s in seen] == [(i, 5) for i in range(1, 6)] and {s[3] for s in seen} == {ui}


def test_tasks_error_and_cancel(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []
    runner.submit(lambda: 1 / 0, on_error=errors.append)
    started = threading.Event()

    def slow(*, cancel) -> None:
        started.set()
        while not cancel():
            threading.Event().wait(0.005)
        raise Cancelled("stopped")

    t = runner.submit(slow, on_error=errors.append)
    started.wait(5)
    runner.cancel_all()
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError) and "ZeroDivisionError" in errors[0].__traceback_text__
    assert isinstance(errors[1], Cancelled) and t.cancelled()


class _Dialog(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.runner = TaskRunner(self, max_threads=1)

    def go(self) -> None:
        self.runner.submit(lambda: 42, on_done=lambda _v: self.accept())


@pytest.mark.parametrize("run", range(3))
def test_tasks_done_inside_nested_loop_then_gc(qtbot, run: int) -> None:
    """Regression: a job finishing inside a nested event loop, then a garbage collection,
    used to delete the task's QObject twice and crash the process."""
    d = _Dialog()
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.accepted, timeout=20_000):
        d.go()
    gc.collect()
    assert d.runner.wait(5000)
