"""SyncController: runs sync rounds off the UI thread (on a timer and on demand, cancellable)
and keeps a snapshot of the outbox that the status item and the sync panel show.

Two TaskRunners of one thread each: rounds in order on one, the short outbox reads and state
changes on the other, so the panel follows a round while it runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # the sync core (httpx, the protocol client) is imported by the jobs, off the UI thread
    from workbench.store.outbox import OutboxEntry
    from workbench.sync.worker import RoundProgress, RoundReport

DEFAULT_INTERVAL_MS = 5 * 60 * 1000  # a round every five minutes when a hub is set
REFRESH_DEBOUNCE_MS = 250


@dataclasses.dataclass(frozen=True)
class Snapshot:
    entries: tuple[OutboxEntry, ...] = ()
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    last_round: dict[str, Any] | None = None
    hubs: int = 0
    loaded: bool = False  # False until the first read


def read_snapshot(ws: Any) -> Snapshot:
    from workbench.store.outbox import Outbox
    from workbench.sync import settings

    ob = Outbox(ws)
    return Snapshot(tuple(ob.entries()), ob.counts(), settings.last_round(ws), len(settings.hubs(ws)), True)


def _outbox_call(ws: Any, method: str, entry_id: int) -> Any:
    from workbench.store.outbox import Outbox

    return getattr(Outbox(ws), method)(entry_id)


class _Flag:
    """run_round looks at `cancel.is_set()`; TaskRunner hands a job `cancel()`."""

    def __init__(self, fn: Callable[[], bool]) -> None:
        self.is_set = fn


def sync_all(ws: Any, clients: Callable[[], list], *, progress: Callable[..., None],
             cancel: Callable[[], bool]) -> list[RoundReport]:
    """One round with each configured hub (blocking: a TaskRunner job)."""
    from workbench.sync.worker import run_round

    reports: list[RoundReport] = []
    for _hub, factory in clients():
        if cancel():
            break

        def prog(p: RoundProgress) -> None:
            if p.phase == "photos" and p.bytes_total:
                progress(p.bytes_done, p.bytes_total, p.phase)
            else:
                progress(p.done, p.total, p.phase)
        reports.append(run_round(ws, factory, progress=prog, cancel=_Flag(cancel)))  # type: ignore[arg-type]
    return reports


class SyncController(QObject):
    changed = Signal()                  # snapshot / running / reachable changed
    progressed = Signal(str, int, int)  # phase, done, total
    roundFinished = Signal(object)      # list[RoundReport]
    failed = Signal(str)                # a one-line message (e.g. the identity cannot be unlocked)

    def __init__(self, ws: Any, *, clients: Callable[[], list] | None = None,
                 interval_ms: int = DEFAULT_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.passphrase: str | None = None
        self._clients = clients
        self.rounds = TaskRunner(self, max_threads=1)
        self.reads = TaskRunner(self, max_threads=1)
        self.snapshot = Snapshot()
        self.reachable: bool | None = None  # None: not tried yet this session
        self.last_reports: list[RoundReport] = []
        self.round_task: Task | None = None
        self.panel_hub: Any = None  # the chair's running PanelHub, if any
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self._timed_round)
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._last_phase = ""
        self.last_error_detail = ""  # the English line behind the last `failed` message (a tooltip)

    # -- reading ------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.round_task is not None

    def refresh(self) -> None:
        self.reads.submit(read_snapshot, self.ws, on_done=self._snap, on_error=self._error)

    def _snap(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.changed.emit()

    def error_line(self, e: BaseException) -> str:
        """`e` as one line in the window's language; its English line kept in last_error_detail."""
        from workbench.ui.sync.error_words import failure_words

        w = failure_words(e)
        self.last_error_detail = w.detail
        return " ".join(w.text.split())

    def _error(self, e: BaseException) -> None:
        self.failed.emit(self.error_line(e))

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, **kw: Any) -> Task:
        """A short job on the reads runner (settings, outbox changes), then a refresh."""
        def done(v: Any) -> None:
            self.refresh()
            if on_done is not None:
                on_done(v)
        return self.reads.submit(fn, *args, on_done=done, on_error=on_error or self._error, **kw)

    # -- entry actions ------------------------------------------------------------------
    def retry(self, entry_id: int) -> Task:
        return self.run(_outbox_call, self.ws, "retry", entry_id)

    def cancel_entry(self, entry_id: int) -> Task:
        return self.run(_outbox_call, self.ws, "cancel", entry_id)

    # -- rounds -------------------------------------------------------------------------
    def clients(self) -> list:
        """(on the round's thread) one client factory per configured hub."""
        if self._clients is not None:
            return self._clients()
        from workbench.sync.worker import client_factories

        return client_factories(self.ws, passphrase=self.passphrase, timeout=15.0)

    def start_timer(self) -> None:
        self.timer.start()

    def _timed_round(self) -> None:
        """A background round only when it can run unattended: a hub is set and the key is unlocked."""
        if self.snapshot.hubs and (self.passphrase is not None or self._clients is not None):
            self.sync_now()

    def sync_now(self) -> Task | None:
        if self.round_task is not None:
            return None
        self._last_phase = ""
        self.round_task = self.rounds.submit(sync_all, self.ws, self.clients, on_done=self._round_done,
                                             on_error=self._round_failed, on_progress=self._progress)
        self.changed.emit()
        return self.round_task

    def cancel_round(self) -> None:
        if self.round_task is not None:
            self.round_task.cancel()

    def _progress(self, done: int, total: int, phase: str) -> None:
        self.progressed.emit(phase, done, total)
        if phase in ("documents", "pull", "done") or phase != self._last_phase:
            self._debounce.start()  # entries change state: the panel follows, at most 4 reads a second
        self._last_phase = phase

    def _round_done(self, reports: list[RoundReport]) -> None:
        self.round_task = None
        self.last_reports = reports
        if reports:
            self.reachable = any(r.reached for r in reports)
        self.refresh()
        self.roundFinished.emit(reports)

    def _round_failed(self, e: BaseException) -> None:
        # run_round never raises: this is the identity (missing, or the passphrase was wrong),
        # so the next "Sync now" asks for the passphrase again
        self.round_task = None
        if self._clients is None:
            self.passphrase = None
        self.refresh()
        self._error(e)

    def shutdown(self) -> None:
        """On window close: stop the timer, cancel a round, stop the chair's panel hub."""
        self.timer.stop()
        self.cancel_round()
        self.rounds.wait(20000)
        self.reads.wait(5000)
        if self.panel_hub is not None:
            self.panel_hub.stop()
            self.panel_hub = None
