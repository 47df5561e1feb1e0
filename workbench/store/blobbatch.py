"""Store many blobs with one round of durability: how a package import fills the blob store.

`put_stream` pays two fsyncs per file, one for the data and one for the folder, one after
the other: 1–2 ms per file, half an import's time. Here each blob is written to its own
temporary file in `blobs/tmp/` as its bytes arrive; a few threads fsync finished files and
rename each to its content name while the next entries are still being checked (the disk
works in parallel, and the file system joins concurrent fsyncs into few journal commits);
`finish()` waits for those, then fsyncs each touched folder once (concurrently too). Only
then may the caller commit the rows that make the blobs visible. A crash at any moment leaves temporary files (removed
when the workspace next opens) and complete, durable blobs that no row names yet, which are
harmless (content-addressed: a re-import finds them and skips writing them).

Blobs of at most SMALL_MAX bytes (the caller passes the declared size) are not files: their
bytes are kept in memory until checked, then committed to the database in batches by one
writer thread (workbench/store/blobdb.py); `finish()` waits for that too.

The caller guarantees each blob's bytes hash to its name: `done()` is called only after the
package reader checked the SHA-256 of exactly the bytes written (workbench/evidence/entrydata.py).
"""

from __future__ import annotations

import contextlib
import os
import queue
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from workbench.atomic import fsync_dir
from workbench.errors import StoreError
from workbench.portable import replace
from workbench.store.blobdb import SMALL_MAX, SmallBlobWriter
from workbench.store.faults import disk_error, read_only_error

if TYPE_CHECKING:
    from workbench.store.blobs import BlobStore

FSYNC_THREADS = 8  # threads blocked in fsync cost no CPU; more of them share journal commits
FOLDER_FSYNC_THREADS = 16  # ext4 flushes the disk cache on every folder fsync: overlap them
MAX_UNSYNCED = 128  # files written but not yet fsynced (each holds a descriptor); writers wait past it


class BlobSink:
    """One blob being written: `write` as the bytes come, then `done` or `abort`."""

    def __init__(self, batch: BlobBatch, sha: str) -> None:
        self.batch, self.sha = batch, sha
        fd, name = tempfile.mkstemp(dir=batch.store.tmp, prefix="in-")
        self.fd: int | None = fd
        self.tmp = Path(name)

    def write(self, chunk: memoryview | bytes) -> None:
        view = memoryview(chunk)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError as e:
            raise self.batch.error(e, self.sha) from None

    def done(self) -> None:
        self.batch.written(self)

    def abort(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None
        self.batch.forget(self)


class SmallSink:
    """One small blob: its bytes kept until checked, then handed to the database writer."""

    def __init__(self, batch: BlobBatch, sha: str) -> None:
        self.batch, self.sha = batch, sha
        self.buf = bytearray()

    def write(self, chunk: memoryview | bytes) -> None:
        self.buf += chunk  # a copy: the reader reuses its buffer

    def done(self) -> None:
        self.batch.small_writer().add(self.sha, bytes(self.buf))
        self.buf = bytearray()

    def abort(self) -> None:
        self.buf = bytearray()
        with self.batch._lock:
            self.batch._small.discard(self.sha)


class BlobBatch:
    """Use as a context manager: leaving it by an exception removes what it wrote."""

    def __init__(self, store: BlobStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._sinks: dict[str, BlobSink] = {}  # sha -> its sink (one per blob, duplicates skipped)
        self._errors: list[OSError] = []
        self._unsynced: queue.Queue[BlobSink | None] = queue.Queue(MAX_UNSYNCED)
        self._folders: set[str] = set()  # to fsync once at the end
        self._syncers = [threading.Thread(target=self._sync_loop, name=f"blob-fsync-{i}", daemon=True)
                         for i in range(FSYNC_THREADS)]
        for t in self._syncers:
            t.start()
        self._syncing = True
        self._discarding = False
        self.created: list[str] = []  # blobs this batch placed under their names
        self._small: set[str] = set()  # small blobs claimed by this batch (database, not files)
        self._small_writer: SmallBlobWriter | None = None
        self._in_db: set[str] | None = None  # see expect()

    # -- writing ---------------------------------------------------------------------------------
    def sink(self, sha: str, size: int | None = None) -> BlobSink | SmallSink | None:
        """A sink for blob `sha` of `size` declared bytes (None: unknown, a file), or None
        when the store or this batch already has it."""
        self.store.file_path(sha)  # checks the name
        with self._lock:
            if sha in self._sinks or sha in self._small or self._stored(sha):
                return None
            if self.store.read_only:  # refused only when something must really be written
                raise read_only_error(self.store.root.parent, "cannot store files",
                                      disk_full=self.store._disk_full)
            if size is not None and size <= SMALL_MAX and self.store.small is not None:
                self._small.add(sha)
                return SmallSink(self, sha)
            try:
                s = self._sinks[sha] = BlobSink(self, sha)
            except OSError as e:
                raise self.error(e, sha) from None
            return s

    def expect(self, shas: list[str]) -> None:
        """Say which blobs `sink` will be asked for: the database is asked about them all at
        once, not once per sink (another process storing one meanwhile is harmless: the
        writer skips a blob already there)."""
        if self.store.small is not None:
            self._in_db = self.store.small.which(shas)

    def _stored(self, sha: str) -> bool:
        if self._in_db is None:
            return self.store.has(sha)
        return sha in self._in_db or self.store.file_path(sha).is_file()

    def small_writer(self) -> SmallBlobWriter:
        with self._lock:
            if self._small_writer is None:
                assert self.store.small is not None
                self._small_writer = self.store.small.writer()
            return self._small_writer

    def error(self, e: OSError, sha: str) -> StoreError:
        return disk_error(e, self.store.root.parent, f"file {sha[:12]}…")

    def written(self, sink: BlobSink) -> None:
        self._unsynced.put(sink)  # waits while MAX_UNSYNCED are pending: the disk sets the pace

    def forget(self, sink: BlobSink) -> None:
        with self._lock:
            if self._sinks.get(sink.sha) is sink:
                del self._sinks[sink.sha]
        with contextlib.suppress(OSError):
            sink.tmp.unlink()

    def _sync_loop(self) -> None:
        while (sink := self._unsynced.get()) is not None:
            fd, sink.fd = sink.fd, None
            if self._discarding:  # the import failed: no point making this durable
                with contextlib.suppress(OSError):
                    os.close(fd)
                self.forget(sink)
                continue
            try:
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
                self._place(sink)
            except OSError as e:
                with self._lock:
                    self._errors.append(e)

    def _place(self, sink: BlobSink) -> None:
        """Rename a durable temporary file to its content name (its folders made as needed)."""
        final = str(self.store.file_path(sink.sha))
        leaf = os.path.dirname(final)
        if os.path.exists(final):  # stored meanwhile (by another process): same bytes
            os.unlink(sink.tmp)
        else:
            for folder in (os.path.dirname(leaf), leaf):
                with contextlib.suppress(FileExistsError):
                    os.mkdir(folder)
                    with self._lock:
                        self._folders.add(os.path.dirname(folder))  # the new folder's own entry
            try:
                replace(sink.tmp, final)  # retries while Windows' scanner holds the new file
            except PermissionError:
                if not os.path.exists(final):
                    raise
                os.unlink(sink.tmp)  # Windows: stored meanwhile with the same bytes, held open
            with self._lock:
                self.created.append(sink.sha)
                self._folders.add(leaf)
        with self._lock:
            del self._sinks[sink.sha]

    def _stop_syncers(self) -> None:
        """Let the fsync threads finish what was queued, then end them."""
        if not self._syncing:
            return
        self._syncing = False
        for _ in self._syncers:
            self._unsynced.put(None)
        for t in self._syncers:
            t.join()

    # -- making them visible ---------------------------------------------------------------------
    def finish(self) -> list[str]:
        """Wait until every file is fsynced and named, then fsync each touched folder once;
        returns the blobs newly placed. After this the caller may commit rows naming them."""
        self._stop_syncers()
        self._finish_small()
        if self._errors:
            raise disk_error(self._errors[0], self.store.root.parent, "the package's files")
        with ThreadPoolExecutor(FOLDER_FSYNC_THREADS) as pool:
            list(pool.map(fsync_dir, map(Path, self._folders)))
        return self.created

    def _finish_small(self) -> None:
        """Wait until the small blobs are committed (once); they join `created`."""
        w, self._small_writer = self._small_writer, None
        if w is not None:
            try:
                self.created.extend(w.finish())
            except BaseException:
                w.discard()
                raise

    def discard(self) -> None:
        """Remove every temporary file and every blob this batch placed."""
        self._discarding = True
        self._stop_syncers()
        for sink in list(self._sinks.values()):
            with contextlib.suppress(OSError):
                sink.tmp.unlink()
        self._sinks.clear()
        if self._small_writer is not None:
            self._small_writer.discard()
        with contextlib.suppress(StoreError):  # a row left behind is harmless (named by nothing)
            self.store.delete_many(self.created)
        self.created = []

    def __enter__(self) -> BlobBatch:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        if e is not None:
            self.discard()
        else:
            self._stop_syncers()
            self._finish_small()
