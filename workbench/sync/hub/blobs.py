"""Blobs on disk, content-addressed and never overwritten, with resumable uploads.

    blobs/ab/<hex>          a stored blob: visible only after its bytes hashed to <hex>
    uploads/<hex>.part      the bytes received so far (appended and fsynced per chunk)
    uploads/<hex>.len       the total length the first chunk announced
    uploads/.<hex>.len.*.wbtmp  atomic_write's temp file: a hub killed with -9 may leave one;
                            removed when the hub starts (clean_stale)
    uploads/.<hex>.*.wbtmp  a blob sent whole in one PATCH, between its fsync and its link
                            into blobs/ (no .part or .len for it); clean_stale's too

Several workers may serve the same upload: a chunk takes an exclusive lock on the .part file
(`portable.lock_exclusive_nonblocking`: flock, msvcrt.locking on Windows; an OS lock, shared
by every process on the machine) and gives up at once if
another connection holds it (409 busy). The offset is the .part file's size, so a hub
killed mid-chunk resumes from whatever reached the disk.

No pass over a whole file at completion: the SHA-256 that checked a chunk's Content-Digest
(`workbench.sync.hub.chunk_auth`) is the blob's own hash when the chunk is the whole blob
(a photo in one PATCH, the usual case: hashed once), and for a multi-chunk upload the
process keeps a running SHA-256 per upload (`_Running`), so completion only compares. The
running state is only trusted for the very file it hashed (see `_Running`); anything else
(another worker wrote the last chunk, the hub restarted) re-hashes the partial file once.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import mmap
import os
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench import portable
from workbench.atomic import TMP_SUFFIX, atomic_write, fsync_dir
from workbench.sync.hub.direct_io import AppendFile
from workbench.sync.hub.errors import HubError
from workbench.sync.protocol import MAX_BLOB_BYTES, SHA256_RE

_READ = 1024 * 1024
STALE_AFTER = 60.0  # seconds without a write before a temp file in uploads/ counts as left behind
MAX_RUNNING = 64    # uploads in progress whose running hash a process keeps (each holds one fd)


@dataclass(frozen=True)
class UploadState:
    offset: int
    length: int | None
    complete: bool


@dataclass
class _Running:
    """The SHA-256 of the first `offset` bytes of one .part file, as this process wrote them.

    `pin` is an open descriptor of that file: while it is open the inode cannot be freed,
    so no other file (a discarded upload started again by another worker) can have the same
    (st_dev, st_ino). Same inode and same size means the same bytes: the hub only appends."""

    pin: int
    dev: int
    ino: int
    offset: int
    hash: Any  # hashlib's sha256 object

    def matches(self, st: os.stat_result) -> bool:
        return (st.st_dev, st.st_ino, st.st_size) == (self.dev, self.ino, self.offset)


def check_sha(sha: str) -> str:
    if not isinstance(sha, str) or not SHA256_RE.match(sha):
        raise HubError("malformed", "a blob is named by 64 lowercase hex digits (its SHA-256)",
                       "附件名称应为 64 位小写十六进制 SHA-256")
    return sha


class BlobStore:
    def __init__(self, blobs: Path, uploads: Path) -> None:
        self.blobs, self.uploads = blobs, uploads
        blobs.mkdir(parents=True, exist_ok=True)
        uploads.mkdir(parents=True, exist_ok=True)
        self._running: dict[str, _Running] = {}
        self._running_lock = threading.Lock()

    def path(self, sha: str) -> Path:
        return self.blobs / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def size(self, sha: str) -> int:
        return self.path(sha).stat().st_size

    def missing(self, shas: list[str]) -> list[str]:
        seen: set[str] = set()
        out = []
        for s in shas:
            if s not in seen:
                seen.add(s)
                if not self.has(s):
                    out.append(s)
        return out

    def _part(self, sha: str) -> Path:
        return self.uploads / f"{sha}.part"

    def _len(self, sha: str) -> Path:
        return self.uploads / f"{sha}.len"

    def _read_len(self, sha: str) -> int | None:
        try:
            return int(self._len(sha).read_text(encoding="ascii"))
        except (FileNotFoundError, ValueError):
            return None

    def state(self, sha: str) -> UploadState:
        if self.has(sha):
            if self._part(sha).exists():  # left behind by a hub killed between link and cleanup
                self.discard(sha)
            n = self.size(sha)
            return UploadState(n, n, True)
        try:
            offset = self._part(sha).stat().st_size
        except FileNotFoundError:
            offset = 0
        return UploadState(offset, self._read_len(sha), False)

    def partial(self, shas: list[str]) -> dict[str, int]:
        """Of these blobs, those with an upload in progress: {sha: bytes the hub holds}."""
        out = {}
        for s in shas:
            try:
                n = self._part(s).stat().st_size
            except FileNotFoundError:
                continue
            if n:
                out[s] = n
        return out

    def append(self, sha: str, offset: int, length: int, chunk: bytes, chunk_hash: Any = None) -> UploadState:
        """Append `chunk` at `offset` of an upload of `length` bytes; store the blob when whole.

        `chunk_hash`: hashlib's SHA-256 of exactly `chunk` (the state that checked its
        Content-Digest), saving a second pass over it where it can serve as the blob's hash."""
        if self.has(sha):
            return self.state(sha)
        if not 0 <= length <= MAX_BLOB_BYTES:
            raise HubError("too_large", f"a blob may have at most {MAX_BLOB_BYTES} bytes",
                           f"单个附件不得超过 {MAX_BLOB_BYTES} 字节")
        if chunk_hash is None:
            chunk_hash = hashlib.sha256(chunk)
        if offset == 0 and len(chunk) == length and self._put_whole(sha, chunk, chunk_hash):
            return UploadState(length, length, True)
        part = self._part(sha)
        fd = os.open(part, os.O_RDWR | os.O_CREAT | os.O_APPEND | portable.BINARY, 0o644)
        run: _Running | None = None
        try:
            if not portable.lock_exclusive_nonblocking(fd):
                raise HubError("busy")
            if self.has(sha):  # finished by another connection while we waited for the lock
                return self.state(sha)
            if os.fstat(fd).st_nlink == 0:  # discarded (hash mismatch) under us: start over
                raise HubError("offset_mismatch", headers={"Upload-Offset": "0"}, offset=0)
            known = self._read_len(sha)
            if known is None:
                atomic_write(self._len(sha), str(length).encode("ascii"), what="upload length")
            elif known != length:
                raise HubError("length_mismatch", f"this upload was announced with Upload-Length {known}",
                               f"此上传先前声明的长度为 {known}")
            st = os.fstat(fd)
            have = st.st_size
            if offset != have:
                raise HubError("offset_mismatch", f"the hub holds {have} bytes of this blob; continue from there",
                               f"中心已有此附件的 {have} 字节,请从该位置继续",
                               headers={"Upload-Offset": str(have)}, offset=have)
            if have + len(chunk) > length:
                raise HubError("length_mismatch", "the chunk runs past Upload-Length", "数据块超出声明的长度")
            run = self._running_for(sha, fd, st)
            if chunk:
                _write_all(fd, chunk)
                os.fsync(fd)  # the protocol promises a chunk answered 204 is on disk
                if have == 0:
                    run.hash = chunk_hash
                else:
                    run.hash.update(chunk)
            run.offset = have + len(chunk)
            if run.offset < length:
                if run.pin >= 0:
                    self._keep(sha, run)
                    run = None
                return UploadState(have + len(chunk), length, False)
            whole = run.hash
            if not portable.IS_WINDOWS:  # finished under the lock: no second connection races it
                self._finish(sha, part, whole)
                return UploadState(length, length, True)
        finally:
            if run is not None:
                _close(run.pin)
            portable.unlock(fd)
            os.close(fd)
        # Windows cannot unlink a file that is open: finish once closed. A chunk of another
        # connection taking the lock meanwhile finds the blob linked (or links the same bytes).
        self._finish(sha, part, whole)
        return UploadState(length, length, True)

    def _running_for(self, sha: str, fd: int, st: os.stat_result) -> _Running:
        """This upload's running hash: the one this process kept if it is for this very file
        at this size, else the partial file hashed once (another worker wrote the last chunk,
        or the hub restarted since)."""
        with self._running_lock:
            run = self._running.pop(sha, None)
        if run is not None and run.matches(st):
            return run
        if run is not None:
            _close(run.pin)
        h = hashlib.sha256()
        pos = 0
        while pos < st.st_size:
            block = portable.pread(fd, min(_READ, st.st_size - pos), pos)
            if not block:
                break
            h.update(block)
            pos += len(block)
        return _Running(_pin(self._part(sha), st), st.st_dev, st.st_ino, pos, h)

    def _keep(self, sha: str, run: _Running) -> None:
        """Keep `run` for the next chunk; drop the oldest beyond MAX_RUNNING and any whose file
        was discarded meanwhile (its pin would hold the deleted bytes' disk space)."""
        with self._running_lock:
            self._running[sha] = run
            gone = [k for k, r in self._running.items() if os.fstat(r.pin).st_nlink == 0]
            while len(self._running) - len(gone) > MAX_RUNNING:
                gone.append(next(k for k in self._running if k not in gone))
            for k in gone:
                _close(self._running.pop(k).pin)

    def whole_writer(self, sha: str) -> WholeBlobWriter | None:
        """A writer for a blob about to arrive whole in one PATCH, or None when the ordinary
        path must answer (stored already, or an upload of it in progress)."""
        if self.has(sha) or self._part(sha).exists() or self._len(sha).exists():
            return None
        return WholeBlobWriter(self, sha)

    def _put_whole(self, sha: str, data: bytes, h: Any) -> bool:
        """A blob sent in one PATCH, with no upload of it in progress: checked by its hash,
        written to a temp file, fsynced and linked into place; no .part, no .len. False when
        an upload is in progress (the ordinary path answers it: offset_mismatch, length_mismatch)."""
        if self._part(sha).exists() or self._len(sha).exists():
            return False
        if not hmac.compare_digest(h.digest(), bytes.fromhex(sha)):
            raise HubError("hash_mismatch", headers={"Upload-Offset": "0"})
        tmp = self.uploads / f".{sha}.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}"  # clean_stale's pattern
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | portable.BINARY, 0o644)
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            self._link(sha, tmp)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()  # not fsynced: a temp that comes back after a crash is clean_stale's
        return True

    def _link(self, sha: str, src: Path) -> None:
        target = self.path(sha)
        target.parent.mkdir(exist_ok=True)
        with contextlib.suppress(FileExistsError):  # a link never replaces an existing blob
            os.link(src, target)
        fsync_dir(target.parent)

    def _finish(self, sha: str, part: Path, h: Any) -> None:
        """Move a complete upload into place if its running hash `h` is its name, else discard."""
        if not hmac.compare_digest(h.digest(), bytes.fromhex(sha)):
            self.discard(sha)
            raise HubError("hash_mismatch", headers={"Upload-Offset": "0"})
        self._link(sha, part)
        self.discard(sha, durable=False)  # a .part back after a crash is cleaned by state()

    def discard(self, sha: str, *, durable: bool = True) -> None:
        for p in (self._part(sha), self._len(sha)):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
            except PermissionError:  # Windows: another connection has it open; the client retries
                raise HubError("busy") from None
        if durable:
            fsync_dir(self.uploads)

    def clean_stale(self, min_age: float = STALE_AFTER) -> int:
        """Remove temp files a killed hub left in uploads/ (`.<sha>.len.*.wbtmp` of atomic_write,
        `.<sha>.*.wbtmp` of a whole-blob PATCH, `publish-*.part` of a publish); returns how many. Only files untouched for `min_age`
        seconds: another worker starting beside this one may be writing one right now, and
        a write in progress keeps touching its file."""
        removed = 0
        cutoff = time.time() - min_age
        for pattern in (f".*{TMP_SUFFIX}", "publish-*.part"):
            for p in self.uploads.glob(pattern):
                with contextlib.suppress(FileNotFoundError, PermissionError):  # Windows: still open
                    if p.is_file() and p.stat().st_mtime <= cutoff:
                        p.unlink()
                        removed += 1
        if removed:
            fsync_dir(self.uploads)
        return removed

    def put_file(self, src: Path) -> str:
        """Store a local file (the operator's `hub publish PKG`), hashing while copying."""
        tmp = self.uploads / f"publish-{uuid.uuid4().hex}.part"
        h = hashlib.sha256()
        try:
            with src.open("rb") as fin, tmp.open("xb") as fout:
                while block := fin.read(_READ):
                    h.update(block)
                    fout.write(block)
                fout.flush()
                os.fsync(fout.fileno())
            sha = h.hexdigest()
            self._link(sha, tmp)
            return sha
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


class WholeBlobWriter:
    """A whole blob streamed to a temp file in uploads/ as its PATCH body arrives, hashed as
    it is written (around the page cache where it can: `direct_io`); linked into blobs/ by
    `commit` only when its hash is its name. Nothing is visible before that, and `abort` (or
    a killed hub: clean_stale) removes the temp file."""

    def __init__(self, store: BlobStore, sha: str) -> None:
        self.store, self.sha = store, sha
        self.hash = hashlib.sha256()
        self.tmp = store.uploads / f".{sha}.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}"
        self._file: AppendFile | None = AppendFile(self.tmp)

    @property
    def size(self) -> int:
        return self._file.size if self._file is not None else 0

    def write(self, buf: mmap.mmap | bytes | bytearray, n: int | None = None) -> None:
        """Hash and append `buf[:n]` (all of it by default); a `direct_io.aligned_buffer`
        may be written past `n` (see AppendFile.append)."""
        assert self._file is not None
        n = len(buf) if n is None else n
        self.hash.update(memoryview(buf)[:n])
        self._file.append(buf, n)

    def sync(self) -> None:
        assert self._file is not None
        self._file.sync()

    def matches(self) -> bool:
        return hmac.compare_digest(self.hash.digest(), bytes.fromhex(self.sha))

    def commit(self) -> UploadState:
        """Link the (fsynced) temp file into place; it must hash to its name."""
        if not self.matches():
            raise HubError("hash_mismatch", headers={"Upload-Offset": "0"})
        size = self.size
        self._close()
        self.store._link(self.sha, self.tmp)
        self.abort()
        return UploadState(size, size, True)

    def abort(self) -> None:
        self._close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()  # not fsynced: a temp that comes back after a crash is clean_stale's

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _close(fd: int) -> None:
    if fd >= 0:
        os.close(fd)


def _pin(path: Path, st: os.stat_result) -> int:
    """A descriptor of its own on the file `st` describes (not a dup: that would share, and
    so keep holding, the writer's flock); -1 if `path` is no longer that file. Always -1 on
    Windows: a file held open there cannot be unlinked (discard, _finish), so nothing is kept
    open between requests and the next chunk hashes the partial file again."""
    if portable.IS_WINDOWS:
        return -1
    try:
        pin = os.open(path, os.O_RDONLY | portable.BINARY)
    except FileNotFoundError:
        return -1
    pst = os.fstat(pin)
    if (pst.st_dev, pst.st_ino) != (st.st_dev, st.st_ino):
        os.close(pin)
        return -1
    return pin


def _write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
