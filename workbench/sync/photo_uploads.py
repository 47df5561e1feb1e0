"""The photos of one sync round going up in the background, in the order the documents need
them, so that each document is pushed as soon as its own photos are on the hub (the hub's
verification of a sheet then overlaps the next photos on the wire instead of following them).

No Qt. Used by `workbench.sync.worker`: `start()`, then `wait(shas)` before each document,
then `finish()`; `wait` and `finish` raise what an upload raised (Cancelled included).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from workbench.errors import Cancelled
from workbench.sync.client import HubClient

ClientFactory = Callable[[], HubClient]


class PhotoUploads:
    """`upload_one(client, sha, offset)` sends one photo (the round's retry policy inside) and
    returns its UploadResult; `workers` threads each with a client of their own from
    `factory`, or, with one worker, the photos a `wait` needs uploaded right there."""

    def __init__(self, shas: list[str], sizes: dict[str, int], *, client: HubClient,
                 factory: ClientFactory | None, workers: int,
                 upload_one: Callable[[HubClient, str], Any],
                 check_cancel: Callable[[], None]) -> None:
        self.todo = [s for s in shas if s in sizes]  # one not in the store fails its entry at push, by name
        self._wanted = set(self.todo)
        self._queue = list(reversed(self.todo))
        self._done: set[str] = set()
        self._errors: list[BaseException] = []
        self._cond = threading.Condition()
        self._client, self._factory, self._upload_one = client, factory, upload_one
        self._check_cancel = check_cancel
        self._workers = min(workers, len(self.todo)) if factory is not None else 1
        self._threads: list[threading.Thread] = []

    def start(self) -> PhotoUploads:
        if self._workers > 1:
            self._threads = [threading.Thread(target=self._run, name=f"sync-upload-{n}", daemon=True)
                             for n in range(self._workers)]
            for t in self._threads:
                t.start()
        return self

    def _take(self) -> str | None:
        with self._cond:
            if self._errors or not self._queue:
                return None
            return self._queue.pop()

    def _finished(self, sha: str | None, error: BaseException | None = None) -> None:
        with self._cond:
            if sha is not None:
                self._done.add(sha)
            if error is not None:
                self._errors.append(error)
            self._cond.notify_all()

    def _run(self) -> None:
        try:
            with self._factory() as client:  # type: ignore[misc]
                while (sha := self._take()) is not None:
                    self._check_cancel()
                    self._upload_one(client, sha)
                    self._finished(sha)
        except BaseException as e:  # noqa: BLE001 - handed to the round's thread by wait/finish
            self._finished(None, e)

    def _raise(self) -> None:
        if self._errors:
            raise next((e for e in self._errors if not isinstance(e, Cancelled)), self._errors[0])

    def wait(self, shas: Iterable[str]) -> None:
        """Return once every one of `shas` this round uploads is on the hub."""
        need = [s for s in dict.fromkeys(shas) if s in self._wanted]
        if not self._threads:  # one worker: upload what this document needs now, in order
            for sha in need:
                if sha not in self._done:
                    self._check_cancel()
                    with self._cond:
                        self._queue.remove(sha)
                    self._upload_one(self._client, sha)
                    self._finished(sha)
            return
        with self._cond:
            while not self._errors and not all(s in self._done for s in need):
                self._cond.wait()
            self._raise()

    def finish(self) -> None:
        """Upload whatever is left (no document waited for it), stop, raise the first error."""
        if not self._threads:
            self.wait(list(reversed(self._queue)))
            return
        for t in self._threads:
            t.join()
        with self._cond:
            self._raise()

    def stop(self) -> None:
        """After a failure elsewhere: take no new photo, let the ones on the wire end."""
        with self._cond:
            self._queue.clear()
        for t in self._threads:
            t.join()
