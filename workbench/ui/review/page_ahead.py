"""Indicator pages built in small steps, so a switch never builds a whole page at once.

Building a page (a few dozen widgets per item) takes longer than a frame; showing a page
built before does not. Two kinds of work, one step per event-loop turn (the owner's
`build(ind)` makes a page's header or its next item's card; a zero-interval single-shot timer
is restarted after each step, so input and painting are handled between steps and the loop
never stalls longer than one step):

- urgent: the rest of the page on screen, whose first cards the switch built (`urgent()`
  names it while it misses cards). It goes on while the reviewer acts: its cards are below
  what is painted, and a reviewer who scrolls or tabs down wants them now.
- ahead: after a quiet moment, the missing pages, nearest after the current indicator first.
  It starts at once when a school opens (`start_now`); anything the reviewer does (`poke`)
  stops it until the next quiet moment, so it never competes with a switch or a keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

QUIET_MS = 250  # how long the reviewer must leave the view alone before building ahead resumes


def _nothing() -> None:
    return None


class PageAhead(QObject):
    #: every page is built (the owner can now move them out of the collector's reach)
    finished = Signal()

    def __init__(self, next_missing: Callable[[], str | None], build: Callable[[str], object],
                 parent: QObject | None = None, quiet_ms: int = QUIET_MS,
                 urgent: Callable[[], str | None] = _nothing) -> None:
        super().__init__(parent)
        self._next_missing, self._build, self._urgent = next_missing, build, urgent
        self._idle = False  # a quiet moment came (or a school opened): build ahead too
        self._quiet = QTimer(self, singleShot=True, interval=quiet_ms, timeout=self._quiet_came)
        self._turn = QTimer(self, singleShot=True, interval=0, timeout=self._step)
        self.steps: list[str] = []  # the indicator of each step taken, in order (for tests, benchmarks)

    def poke(self) -> None:
        """The reviewer acted (or a school opened): build ahead after the next quiet moment;
        the page on screen is still finished meanwhile."""
        self._idle = False
        self._turn.stop()
        self._quiet.start()
        self.hurry()

    def hurry(self) -> None:
        """The page on screen misses cards: build them from the next event-loop turn on."""
        if self._urgent() is not None:
            self._turn.start()

    def start_now(self) -> None:
        """Begin at the next event-loop turn (a school just opened: nothing to wait for)."""
        self._quiet.stop()
        self._idle = True
        self._turn.start()

    def stop(self) -> None:
        self._idle = False
        self._turn.stop()
        self._quiet.stop()

    def active(self) -> bool:
        return self._quiet.isActive() or self._turn.isActive()

    def _quiet_came(self) -> None:
        self._idle = True
        self._step()

    def _step(self) -> None:
        ind = self._urgent()
        if ind is None:
            if not self._idle:
                return  # the page on screen is whole; building ahead waits for a quiet moment
            ind = self._next_missing()
            if ind is None:
                self._idle = False
                self.finished.emit()
                return
        self._build(ind)
        self.steps.append(ind)
        self._turn.start()  # the next step after the event loop has had its turn
