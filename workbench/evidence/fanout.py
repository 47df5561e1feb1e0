"""Check every entry of an opened package, on two threads when it is worth it.

Inflate, SHA-256 and CRC-32 release the GIL on large buffers, so a second thread taking
entries from the same list doubles the work done per second on a 2-core laptop (the whole-
package hash runs on its own thread besides). The caller's thread is one of the two: it alone
calls `progress` and `cancel`, so callbacks behave as they did with one thread. A refusal is
always the one for the first bad entry in archive order, whatever thread met which first.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from workbench.errors import Cancelled
from workbench.evidence.entrydata import Sink

if TYPE_CHECKING:
    from workbench.evidence.verify import Cancel, PackageReader, Progress

PARALLEL_MIN_BYTES = 4 << 20  # below this a second thread costs more than it saves
_WAIT = 0.05  # seconds between progress reports / cancel polls while the helper finishes

SinkFor = Callable[[dict], Sink | None]


class _Stopped(Exception):
    """This entry's work is no longer wanted (an earlier entry failed, or cancel)."""


class _Run:
    def __init__(self, reader: PackageReader, sink_for: SinkFor | None, threads: int) -> None:
        self.reader, self.sink_for = reader, sink_for
        self.entries = reader.entries
        self.next = itertools.count()  # next() on it is atomic: each entry goes to one thread
        self.done = [0] * threads  # bytes checked, one slot per thread (each writes its own)
        self.first_bad = len(self.entries)  # entries after this one are not worth finishing
        self.errors: dict[int, BaseException] = {}
        self.lock = threading.Lock()
        self.label = ""

    def fail(self, i: int, e: BaseException) -> None:
        with self.lock:
            self.errors[i] = e
            self.first_bad = min(self.first_bad, i)

    def work(self, slot: int, poll: Callable[[], None]) -> None:
        checker = self.reader.checker()
        while True:
            i = next(self.next)
            if i >= len(self.entries) or i > self.first_bad:
                return
            f, info = self.entries[i]
            sink = None
            try:
                if self.sink_for is not None:
                    sink = self.sink_for(f)  # may refuse (read-only workspace, full disk)
                for chunk in checker.chunks(f, info, self.reader.end_of(info)):
                    if i > self.first_bad:
                        raise _Stopped
                    if sink is not None:
                        sink.write(chunk)
                    self.done[slot] += len(chunk)
                    self.label = f["path"]
                    poll()
                if sink is not None:
                    sink.done()
            except BaseException as e:  # noqa: BLE001 - handed to the caller's thread below
                if sink is not None:
                    sink.abort()
                if not isinstance(e, _Stopped):
                    self.fail(i, e)
                return


def check_entries(reader: PackageReader, *, sink_for: SinkFor | None = None,
                  progress: Progress | None = None, cancel: Cancel | None = None,
                  threads: int = 2) -> None:
    """Check every entry of `reader` (and hand its bytes to `sink_for(f)`'s sink, if any);
    raise the first bad entry's PackageError, Cancelled, or a sink's error."""
    total = reader.total_size
    if len(reader.entries) < 2 or total < PARALLEL_MIN_BYTES:
        threads = 1
    run = _Run(reader, sink_for, threads)
    if progress is not None:
        progress(0, total, "")  # the structure checked; now the data

    def poll() -> None:
        if cancel is not None and cancel():
            run.fail(-1, Cancelled("verification cancelled; nothing was changed"))
            raise _Stopped
        if progress is not None:
            progress(sum(run.done), total, run.label)

    helpers = [threading.Thread(target=run.work, args=(slot, lambda: None), name=f"wbpkg-check-{slot}",
                                daemon=True) for slot in range(1, threads)]
    for t in helpers:
        t.start()
    try:
        run.work(0, poll)
        for t in helpers:
            while t.is_alive():
                t.join(_WAIT)
                if t.is_alive():
                    poll()
    except _Stopped:
        pass
    finally:
        with run.lock:
            run.first_bad = -1  # whatever is left is not wanted any more
        for t in helpers:
            t.join()
    if run.errors:
        raise run.errors[min(run.errors)]
    if progress is not None:
        progress(sum(run.done), total, run.label)
