"""Small blobs kept in the workspace database: package entries of at most SMALL_MAX bytes.

Why: a blob file costs ~1 ms on ext4 whatever its size (create, fsync, rename, two fan-out
folders, their fsyncs), so a package of 2,000 notes imported at 0.17x the verify rate. SQLite
stores thousands of small rows in one transaction with one fsync of its log (SQLite's own
measurements find it faster than the file system for blobs of this size). Large blobs stay
files: they are read by path (viewers, Pillow) and would bloat the database.

Durability is that of blob files: an import's writer thread commits the bytes in transactions
of about BATCH_BYTES each (synchronous=FULL: durable once COMMIT returns), all before the
transaction that adds the `package_files` rows naming them. A crash leaves either rolled-back
work or committed rows nothing names yet: harmless, content-addressed, and a re-import finds
them and skips writing them again.

Reads use one plain sqlite3 connection in autocommit mode (a deferred read on the WAL): the
engine's transactions all BEGIN IMMEDIATE, and a read must never take the write lock. A read-
only workspace is read through `read_only_uri`, like the rest of it.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from workbench.errors import StoreError
from workbench.store.faults import db_error

SMALL_MAX = 64 * 1024  # bytes; larger blobs are files in blobs/
BATCH_BYTES = 2 << 20  # bytes per writer transaction: few fsyncs, short hold of the write lock (1-4 MiB: same speed)
QUEUED_BATCHES = 2  # batches waiting for the writer (bounds memory: ~3 x BATCH_BYTES)


def _error(e: sqlite3.Error, root: Path, what: str) -> StoreError:
    return db_error(e, root) or StoreError(f"cannot {what} in the workspace database in {root} ({e})")


def _writer_connection(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, timeout=10, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA synchronous=FULL")  # per connection: a commit is on the disk when it returns
    return con


class SmallBlobs:
    """The `small_blobs` table of one workspace database. Any thread."""

    def __init__(self, db: Path, *, read_only: bool = False) -> None:
        self.db, self.read_only = db, read_only
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        """The reading connection (made on first use; the caller holds the lock)."""
        if self._con is None:
            from workbench.store.db import read_only_uri  # lazy: db imports SQLAlchemy

            self._con = sqlite3.connect(read_only_uri(self.db), uri=True, check_same_thread=False,
                                        timeout=10, isolation_level=None) if self.read_only else \
                sqlite3.connect(self.db, check_same_thread=False, timeout=10, isolation_level=None)
        return self._con

    def _read(self, sql: str, args: tuple) -> tuple | None:
        with self._lock:
            try:
                return self._connect().execute(sql, args).fetchone()
            except sqlite3.OperationalError as e:
                if "no such table" in str(e):  # a database not migrated yet holds no small blobs
                    return None
                raise _error(e, self.db.parent, "read a file") from None
            except sqlite3.Error as e:
                raise _error(e, self.db.parent, "read a file") from None

    def get(self, sha: str) -> bytes | None:
        row = self._read("SELECT data FROM small_blobs WHERE sha256 = ?", (sha,))
        return None if row is None else bytes(row[0])

    def has(self, sha: str) -> bool:
        return self._read("SELECT 1 FROM small_blobs WHERE sha256 = ?", (sha,)) is not None

    def which(self, shas: Iterable[str]) -> set[str]:
        """Those of `shas` the table holds: one query per 500 instead of one each."""
        shas, found = list(dict.fromkeys(shas)), set()
        for i in range(0, len(shas), 500):
            part = shas[i:i + 500]
            with self._lock:
                try:
                    con = self._connect()
                    found.update(r[0] for r in con.execute(
                        f"SELECT sha256 FROM small_blobs WHERE sha256 IN ({','.join('?' * len(part))})", part))
                except sqlite3.OperationalError as e:
                    if "no such table" in str(e):
                        return set()
                    raise _error(e, self.db.parent, "read a file") from None
                except sqlite3.Error as e:
                    raise _error(e, self.db.parent, "read a file") from None
        return found

    def delete(self, shas: Iterable[str]) -> None:
        """Remove these blobs, in one transaction (a failed import's own, named by nothing)."""
        shas = list(shas)
        if not shas or self.read_only:
            return
        con = _writer_connection(self.db)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.executemany("DELETE FROM small_blobs WHERE sha256 = ?", [(s,) for s in shas])
            con.execute("COMMIT")
        except sqlite3.Error as e:
            raise _error(e, self.db.parent, "remove files") from None
        finally:
            con.close()

    def writer(self) -> SmallBlobWriter:
        return SmallBlobWriter(self.db)

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


class SmallBlobWriter:
    """One thread committing small blobs in batches of ~BATCH_BYTES; `add` from any thread,
    then `finish` (everything committed, durable) or `discard` (what it committed removed)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._pending: list[tuple[str, int, bytes]] = []
        self._pending_bytes = 0
        self._queue: queue.Queue[list[tuple[str, int, bytes]] | None] = queue.Queue(QUEUED_BATCHES)
        self._error: sqlite3.Error | None = None
        self._discarding = False
        self.created: list[str] = []  # blobs this writer inserted (not those another process had)
        self._thread = threading.Thread(target=self._loop, name="small-blobs", daemon=True)
        self._thread.start()
        self._running = True

    def add(self, sha: str, data: bytes) -> None:
        with self._lock:
            self._pending.append((sha, len(data), data))
            self._pending_bytes += len(data)
            if self._pending_bytes < BATCH_BYTES:
                return
            batch, self._pending, self._pending_bytes = self._pending, [], 0
        self._queue.put(batch)  # waits while QUEUED_BATCHES are pending: the disk sets the pace

    def _loop(self) -> None:
        con: sqlite3.Connection | None = None
        try:
            while (batch := self._queue.get()) is not None:
                if self._error is not None or self._discarding:
                    continue  # drain: the import fails anyway
                try:
                    if con is None:
                        con = _writer_connection(self.db)
                    self._commit(con, batch)
                except sqlite3.Error as e:
                    self._error = e
            if con is not None and self._error is None and not self._discarding:
                # copy the log into the database now, on this thread: else the next commit that
                # passes SQLite's auto-checkpoint size (maybe the window's, on its UI thread) would
                with contextlib.suppress(sqlite3.Error):
                    con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            if con is not None:
                con.close()

    def _commit(self, con: sqlite3.Connection, batch: list[tuple[str, int, bytes]]) -> None:
        new = []
        con.execute("BEGIN IMMEDIATE")
        try:
            for row in batch:
                # OR IGNORE: another process may have stored the same content meanwhile
                if con.execute("INSERT OR IGNORE INTO small_blobs (sha256, size, data) VALUES (?, ?, ?)",
                               row).rowcount == 1:
                    new.append(row[0])
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise
        self.created.extend(new)

    def _stop(self) -> None:
        if not self._running:
            return
        self._running = False
        with self._lock:
            batch, self._pending, self._pending_bytes = self._pending, [], 0
        if batch:
            self._queue.put(batch)
        self._queue.put(None)
        self._thread.join()

    def finish(self) -> list[str]:
        """Commit what is pending and wait; returns the blobs inserted. Raises StoreError."""
        self._stop()
        if self._error is not None:
            raise _error(self._error, self.db.parent, "store the package's files")
        return self.created

    def discard(self) -> None:
        """Stop, and remove every blob this writer committed."""
        self._discarding = True
        self._stop()
        created, self.created = self.created, []
        with contextlib.suppress(StoreError):
            SmallBlobs(self.db).delete(created)
