"""Background work for the window: the UI thread hands jobs to a pool and never waits.

A job is a plain core function called as ``fn(*args, progress=..., cancel=...)`` when it
accepts those keywords (the core's long operations all do). Results, errors and progress
come back to the UI thread as Qt signals, queued across threads.

    task = runner.submit(import_package, ws, path, on_done=..., on_error=..., on_progress=...)
    task.cancel()   # the job sees cancel() -> True at its next check and raises Cancelled
"""

from __future__ import annotations

import inspect
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class Task(QObject):
    """One submitted job. Signals arrive on the thread that created the Task (the UI)."""

    progressed = Signal(int, int, str)  # done, total, label
    finished = Signal(object)  # the job's return value
    failed = Signal(object)  # the exception (WorkbenchError for user-facing problems)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Job(QRunnable):
    def __init__(self, task: Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.task, self.fn, self.args, self.kwargs = task, fn, args, kwargs
        self.setAutoDelete(True)

    def run(self) -> None:  # on a pool thread
        try:
            value = self.fn(*self.args, **self.kwargs)
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the UI
            e.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.task.failed.emit(e)
        else:
            self.task.finished.emit(value)


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


class TaskRunner(QObject):
    """Submits jobs to a thread pool. `serial=True` makes a runner with one thread, for
    work that must happen in order (e.g. database writes)."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        if max_threads:
            self.pool.setMaxThreadCount(max_threads)
        self._live: set[Task] = set()

    def submit(self, fn: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None,
               **kwargs: Any) -> Task:
        task = Task(self)
        if _accepts(fn, "progress") and "progress" not in kwargs:
            kwargs["progress"] = lambda d, t, label="": task.progressed.emit(int(d), int(t), str(label))
        if _accepts(fn, "cancel") and "cancel" not in kwargs:
            kwargs["cancel"] = task.cancelled
        if on_progress is not None:
            task.progressed.connect(on_progress)
        task.finished.connect(lambda v: self._settle(task, on_done, v))
        task.failed.connect(lambda e: self._settle(task, on_error, e))
        self._live.add(task)
        self.pool.start(_Job(task, fn, args, kwargs))
        return task

    @Slot()
    def _settle(self, task: Task, callback: Callable[[Any], None] | None, value: Any) -> None:
        task.done = True
        self._live.discard(task)
        if callback is not None:
            callback(value)
        task.deleteLater()

    def cancel_all(self) -> None:
        for t in list(self._live):
            t.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has finished (for shutdown and tests only)."""
        return self.pool.waitForDone(msecs)
