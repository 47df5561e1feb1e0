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


class _Listeners:
    """A signal-like list of callbacks, called on the UI thread."""

    def __init__(self) -> None:
        self._fns: list[Callable[..., Any]] = []

    def connect(self, fn: Callable[..., Any]) -> None:
        self._fns.append(fn)

    def emit(self, *args: Any) -> None:
        for fn in list(self._fns):
            fn(*args)


class Task:
    """One submitted job: a plain Python object, so its lifetime is Python's alone.

    (An earlier version made each Task a QObject deleted with deleteLater(); a job that
    finished inside a nested event loop could then be deleted twice by Qt and the garbage
    collector, and crash. The runner's one long-lived bridge QObject carries the signals.)
    `progressed`, `finished` and `failed` call their listeners on the UI thread.
    """

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.done = False
        self.progressed = _Listeners()  # (done, total, label)
        self.finished = _Listeners()  # (value)
        self.failed = _Listeners()  # (exception)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Bridge(QObject):
    """Lives on the UI thread; workers emit here and Qt queues the call to the UI thread."""

    progressed = Signal(object, object, object, str)  # object: sizes over 2 GiB stay exact
    finished = Signal(object, object)
    failed = Signal(object, object)


class _Job(QRunnable):
    def __init__(self, bridge: _Bridge, task: Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.bridge, self.task, self.fn, self.args, self.kwargs = bridge, task, fn, args, kwargs
        self.setAutoDelete(True)

    def run(self) -> None:  # on a pool thread
        try:
            value = self.fn(*self.args, **self.kwargs)
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the UI
            e.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.bridge.failed.emit(self.task, e)
        else:
            self.bridge.finished.emit(self.task, value)
        finally:
            self.fn = self.args = self.kwargs = None  # drop references on this thread early


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


class TaskRunner(QObject):
    """Submits jobs to a thread pool (`max_threads=1` for work that must stay in order)."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        if max_threads:
            self.pool.setMaxThreadCount(max_threads)
        self._bridge = _Bridge(self)
        self._bridge.progressed.connect(self._on_progress)
        self._bridge.finished.connect(self._on_finished)
        self._bridge.failed.connect(self._on_failed)
        self._live: set[Task] = set()

    def submit(self, fn: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None,
               **kwargs: Any) -> Task:
        task = Task()
        bridge = self._bridge
        if _accepts(fn, "progress") and "progress" not in kwargs:
            kwargs["progress"] = lambda d, t, label="": bridge.progressed.emit(task, int(d), int(t), str(label))
        if _accepts(fn, "cancel") and "cancel" not in kwargs:
            kwargs["cancel"] = task.cancelled
        if on_progress is not None:
            task.progressed.connect(on_progress)
        if on_done is not None:
            task.finished.connect(on_done)
        if on_error is not None:
            task.failed.connect(on_error)
        self._live.add(task)
        self.pool.start(_Job(bridge, task, fn, args, kwargs))
        return task

    @Slot(object, object, object, str)
    def _on_progress(self, task: Task, done: int, total: int, label: str) -> None:
        if not task.done:
            task.progressed.emit(done, total, label)

    @Slot(object, object)
    def _on_finished(self, task: Task, value: Any) -> None:
        task.done = True
        self._live.discard(task)
        task.finished.emit(value)

    @Slot(object, object)
    def _on_failed(self, task: Task, error: BaseException) -> None:
        task.done = True
        self._live.discard(task)
        task.failed.emit(error)

    def cancel_all(self) -> None:
        for t in list(self._live):
            t.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has finished (for shutdown and tests only)."""
        return self.pool.waitForDone(msecs)
