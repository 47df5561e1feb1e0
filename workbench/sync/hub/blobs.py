"""Blobs on disk, content-addressed and never overwritten, with resumable uploads.

    blobs/ab/<hex>          a stored blob: visible only after its bytes hashed to <hex>
    uploads/<hex>.part      the bytes received so far (appended and fsynced per chunk)
    uploads/<hex>.len       the total length the first chunk announced
    uploads/.<hex>.len.*.wbtmp  atomic_write's temp file: a hub killed with -9 may leave one;
                            removed when the hub starts (clean_stale)

Several workers may serve the same upload: a chunk takes an exclusive `flock` on the
.part file (an OS lock, shared by every process on the machine) and gives up at once if
another connection holds it (409 busy). The offset is the .part file's size, so a hub
killed mid-chunk resumes from whatever reached the disk.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from workbench.atomic import TMP_SUFFIX, atomic_write, fsync_dir
from workbench.sync.hub.errors import HubError
from workbench.sync.protocol import MAX_BLOB_BYTES, SHA256_RE

_READ = 1024 * 1024
STALE_AFTER = 60.0  # seconds without a write before a temp file in uploads/ counts as left behind


@dataclass(frozen=True)
class UploadState:
    offset: int
    length: int | None
    complete: bool


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

    def append(self, sha: str, offset: int, length: int, chunk: bytes) -> UploadState:
        """Append `chunk` at `offset` of an upload of `length` bytes; store the blob when whole."""
        if self.has(sha):
            return self.state(sha)
        if not 0 <= length <= MAX_BLOB_BYTES:
            raise HubError("too_large", f"a blob may have at most {MAX_BLOB_BYTES} bytes",
                           f"单个附件不得超过 {MAX_BLOB_BYTES} 字节")
        part = self._part(sha)
        fd = os.open(part, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise HubError("busy") from None
                raise
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
            have = os.fstat(fd).st_size
            if offset != have:
                raise HubError("offset_mismatch", f"the hub holds {have} bytes of this blob; continue from there",
                               f"中心已有此附件的 {have} 字节,请从该位置继续",
                               headers={"Upload-Offset": str(have)}, offset=have)
            if have + len(chunk) > length:
                raise HubError("length_mismatch", "the chunk runs past Upload-Length", "数据块超出声明的长度")
            if chunk:
                _write_all(fd, chunk)
                os.fsync(fd)
            have += len(chunk)
            if have < length:
                return UploadState(have, length, False)
            self._finish(sha, part)
            return UploadState(length, length, True)
        finally:
            os.close(fd)  # releases the flock

    def _finish(self, sha: str, part: Path) -> None:
        """Hash the whole upload; move it into place if it is what it claims, else discard."""
        h = hashlib.sha256()
        with part.open("rb") as f:
            while block := f.read(_READ):
                h.update(block)
        if h.hexdigest() != sha:
            self.discard(sha)
            raise HubError("hash_mismatch", headers={"Upload-Offset": "0"})
        target = self.path(sha)
        target.parent.mkdir(exist_ok=True)
        with contextlib.suppress(FileExistsError):  # a link never replaces an existing blob
            os.link(part, target)
        fsync_dir(target.parent)
        self.discard(sha)

    def discard(self, sha: str) -> None:
        for p in (self._part(sha), self._len(sha)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        fsync_dir(self.uploads)

    def clean_stale(self, min_age: float = STALE_AFTER) -> int:
        """Remove temp files a killed hub left in uploads/ (`.<sha>.len.*.wbtmp` of atomic_write,
        `publish-*.part` of a publish); returns how many. Only files untouched for `min_age`
        seconds: another worker starting beside this one may be writing one right now, and
        a write in progress keeps touching its file."""
        removed = 0
        cutoff = time.time() - min_age
        for pattern in (f".*{TMP_SUFFIX}", "publish-*.part"):
            for p in self.uploads.glob(pattern):
                with contextlib.suppress(FileNotFoundError):
                    if p.is_file() and p.stat().st_mtime <= cutoff:
                        p.unlink()
                        removed += 1
        if removed:
            fsync_dir(self.uploads)
        return removed

    def put_file(self, src: Path) -> str:
        """Store a local file (the operator's `hub publish PKG`), hashing while copying."""
        import uuid

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
            target = self.path(sha)
            target.parent.mkdir(exist_ok=True)
            with contextlib.suppress(FileExistsError):
                os.link(tmp, target)
            fsync_dir(target.parent)
            return sha
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
