"""Content-addressed file store: every evidence file and photo, named by its SHA-256.

Layout: `blobs/ab/cd/abcd…` (two levels of fan-out keep directories small). A blob is
written to a temporary file in `blobs/tmp/`, fsynced, checked against the expected hash,
and only then renamed into place, so a crash never leaves a half-written blob under a
real name. Blobs are immutable; identical content is stored once.

Package entries of at most 64 KiB are kept in the workspace database instead (table
`small_blobs`, workbench/store/blobdb.py), where thousands of them cost one fsync. Readers
do not care where a blob is: `has`, `open` and `path` look in `blobs/` first, then in the
database; `path` gives a blob kept in the database as a copy in the cache folder, made the
first time a reader needs a file.

A blob's final name is known only once its bytes are hashed, so this is the one writer
that does not use `workbench.atomic.atomic_open` (which needs the target up front); it
follows the same steps (temporary file, fsync, rename, fsync of the folder) and turns a
full disk or a read-only medium into one StoreError, leaving no temporary file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from workbench.atomic import WriteError, atomic_write, fsync_dir
from workbench.errors import StoreError
from workbench.portable import replace
from workbench.store.blobbatch import BlobBatch
from workbench.store.blobdb import SmallBlobs
from workbench.store.faults import disk_error, read_only_error

_SHA = re.compile(r"[0-9a-f]{64}")
CHUNK = 1024 * 1024


def _check(sha: str) -> str:
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise ValueError(f"not a SHA-256 hex digest: {sha!r}")
    return sha


class BlobStore:
    """`db` (the workspace database) holds the small blobs; `cache` is where copies of them
    are made for readers that need a file. Without `db` every blob is a file."""

    def __init__(self, root: Path, *, read_only: bool = False, disk_full: bool = False,
                 db: Path | None = None, cache: Path | None = None) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.read_only = read_only
        self._disk_full = disk_full  # why it is read-only, for the message
        self.small = SmallBlobs(db, read_only=read_only) if db is not None else None
        self.cache = cache if cache is not None else root.parent / "cache"
        if not read_only:
            self.tmp.mkdir(parents=True, exist_ok=True)
            self._clean_tmp()

    def _clean_tmp(self) -> None:
        """Temporary files left by a crash are garbage: no blob name points at them."""
        for p in self.tmp.iterdir():
            with contextlib.suppress(OSError):
                p.unlink()

    def file_path(self, sha: str) -> Path:
        """Where blob `sha` is, or would be, as a file in `blobs/`."""
        _check(sha)
        return self.root / sha[:2] / sha[2:4] / sha

    def path(self, sha: str) -> Path:
        """A file holding blob `sha`, for readers that need a path: its own file, or for a
        blob kept in the database a copy in the cache folder (made once; a worker thread's
        job, it may write). A blob that is nowhere gives its would-be file, which does not
        exist (reading it raises FileNotFoundError). Raises StoreError if a copy cannot be made."""
        own = self.file_path(sha)
        if own.is_file() or self.small is None:
            return own
        copy = self.cache / sha[:2] / sha
        if copy.is_file():
            return copy
        data = self.small.get(sha)
        if data is None:
            return own
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            # durable, unlike a thumbnail: after a power cut a copy must not be empty or partial
            atomic_write(copy, data, what="copy of a stored file")
        except OSError as e:
            raise StoreError(f"cannot copy file {sha[:12]}… to {self.cache} ({e.strerror or e})",
                             hint="free some disk space, or check that the folder may be written") from None
        except WriteError as e:
            raise StoreError(e.message, hint=e.hint) from None
        return copy

    def has(self, sha: str) -> bool:
        return self.file_path(sha).is_file() or (self.small is not None and self.small.has(sha))

    def open(self, sha: str) -> BinaryIO:
        try:
            return self.file_path(sha).open("rb")
        except FileNotFoundError:
            data = self.small.get(sha) if self.small is not None else None
            if data is not None:
                return io.BytesIO(data)
            raise StoreError(f"file {sha[:12]}… is missing from the workspace",
                             hint="import the package or photo again") from None

    def read_bytes(self, sha: str) -> bytes:
        """The whole blob (StoreError if it is missing)."""
        with self.open(sha) as f:
            return f.read()

    def put_stream(self, chunks: Iterable[bytes], expected_sha256: str | None = None) -> tuple[str, int]:
        """Store the bytes `chunks` yields; returns (sha256, size).

        Raises ValueError when the content does not hash to `expected_sha256`, StoreError
        when the disk is full or read-only; any exception from `chunks` propagates. Either
        way nothing is left behind.
        """
        if expected_sha256 is not None:
            _check(expected_sha256)
        if self.read_only:
            raise read_only_error(self.root.parent, "cannot store files", disk_full=self._disk_full)
        what = "a file" if expected_sha256 is None else f"file {expected_sha256[:12]}…"
        try:
            return self._put(_guarded(chunks), expected_sha256)
        except _SourceError as e:
            raise e.err from None  # the source's own failure, not the workspace disk's
        except OSError as e:
            raise disk_error(e, self.root.parent, what) from None

    def _put(self, chunks: Iterable[bytes], expected_sha256: str | None) -> tuple[str, int]:
        h = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="in-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    h.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = h.hexdigest()
            if expected_sha256 is not None and sha != expected_sha256:
                raise ValueError(f"expected {expected_sha256}, got {sha}")
            final = self.file_path(sha)
            if final.exists():
                tmp.unlink()
                return sha, size
            final.parent.mkdir(parents=True, exist_ok=True)
            try:
                replace(tmp, final)  # retries while Windows' scanner holds the new file
            except PermissionError:
                if not final.exists():
                    raise
                tmp.unlink()  # Windows: another writer stored the same bytes and has it open
                return sha, size
            fsync_dir(final.parent)
            return sha, size
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def put_file(self, path: str | Path) -> tuple[str, int]:
        try:
            f = open(path, "rb")  # noqa: SIM115 - a read error is the caller's file, not the store
        except OSError as e:
            raise StoreError(f"{path}: cannot read ({e.strerror or e})") from None
        with f:
            return self.put_stream(_read_chunks(f, path))

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        return self.put_stream([data])

    def batch(self) -> BlobBatch:
        """Many blobs with one round of durability (workbench/store/blobbatch.py)."""
        return BlobBatch(self)

    def delete(self, sha: str) -> None:
        self.delete_many([sha])

    def delete_many(self, shas: Iterable[str]) -> None:
        """Remove these blobs (files and database rows; the rows in one transaction)."""
        shas = list(shas)
        for sha in shas:
            for p in (self.file_path(sha), self.cache / sha[:2] / sha):
                # Windows refuses to remove a file a viewer has open: the blob stays as a
                # harmless orphan (content-addressed, so never wrong), as a gone one would.
                with contextlib.suppress(FileNotFoundError, PermissionError):
                    p.unlink()
        if self.small is not None:
            self.small.delete(shas)

    def close(self) -> None:
        if self.small is not None:
            self.small.close()


class _SourceError(Exception):
    """An OSError raised by the chunks' source, carried past put_stream's disk handling."""

    def __init__(self, err: OSError) -> None:
        super().__init__(str(err))
        self.err = err


def _guarded(chunks: Iterable[bytes]) -> Iterator[bytes]:
    it = iter(chunks)
    while True:
        try:
            chunk = next(it)
        except StopIteration:
            return
        except OSError as e:
            raise _SourceError(e) from None
        yield chunk


def _read_chunks(f: BinaryIO, path: str | Path) -> Iterable[bytes]:
    """The file's chunks; a read error is a StoreError naming the source, so put_stream does
    not take it for a failure of the workspace's disk."""
    while True:
        try:
            chunk = f.read(CHUNK)
        except OSError as e:
            raise StoreError(f"{path}: cannot read ({e.strerror or e})") from None
        if not chunk:
            return
        yield chunk
