"""Indicator pages built ahead while the reviewer reads, so a first visit is a revisit.

Building a page (a few dozen widgets per item) takes longer than a frame; showing a page
built before does not. After a quiet moment this builds the missing pages in small steps,
one per event-loop turn (the owner's `build(ind)` makes a page's header or its next item's
card; a zero-interval single-shot timer is restarted after each step, so input and painting
are handled between steps and the loop never stalls longer than one step), nearest after the
current indicator first. It starts at once when a school opens (`start_now`); anything the
reviewer does (`poke`) stops it until the next quiet moment, so building never competes with
a switch or a keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

QUIET_MS = 250  # how long the reviewer must leave the view alone before building resumes


class PageAhead(QObject):
    #: every page is built (the owner can now move them out of the collector's reach)
    finished = Signal()

    def __init__(self, next_missing: Callable[[], str | None], build: Callable[[str], object],
                 parent: QObject | None = None, quiet_ms: int = QUIET_MS) -> None:
        super().__init__(parent)
        self._next_missing, self._build = next_missing, build
        self._quiet = QTimer(self, singleShot=True, interval=quiet_ms, timeout=self._step)
        self._turn = QTimer(self, singleShot=True, interval=0, timeout=self._step)
        self.steps: list[str] = []  # the indicator of each step taken, in order (for tests, benchmarks)

    def poke(self) -> None:
        """The reviewer acted (or a school opened): wait for the next quiet moment."""
        self._turn.stop()
        self._quiet.start()

    def start_now(self) -> None:
        """Begin at the next event-loop turn (a school just opened: nothing to wait for)."""
        self._quiet.stop()
        self._turn.start()

    def stop(self) -> None:
        self._turn.stop()
        self._quiet.stop()

    def active(self) -> bool:
        return self._quiet.isActive() or self._turn.isActive()

    def _step(self) -> None:
        ind = self._next_missing()
        if ind is None:
            self.finished.emit()
            return
        self._build(ind)
        self.steps.append(ind)
        self._turn.start()  # the next page after the event loop has had its turn
