"""Appending a whole photo to a new file around the page cache (O_DIRECT), from page-aligned
buffers, where the system allows it; ordinary buffered writes everywhere else.

Why: a photo the hub receives is not read back soon, and copying 4.5 MB into the page cache
(page allocation and accounting, then the writeback at fsync) cost the hub 2-4 ms of CPU
per photo, as much as hashing it. Written directly, the bytes go from the buffer to the
device; `sync` still fsyncs the file (its size, its extents, the device's cache), so a blob
is as durable as before when it is linked into place.

O_DIRECT wants the buffer's address, the length and the file offset aligned: buffers come
from `aligned_buffer` (anonymous mmap: page-aligned), every step but the last is a whole
number of pages, and the last one is padded with zeros to ALIGN and the file truncated to
its real size before the fsync. Where O_DIRECT does not exist (macOS) or the file system
refuses it (tmpfs, some FUSE), or a write is refused, the file goes on buffered.
"""

from __future__ import annotations

import errno
import mmap
import os
from pathlib import Path

from workbench.portable import BINARY

ALIGN = 4096  # covers 512- and 4096-byte logical blocks
_O_DIRECT = getattr(os, "O_DIRECT", 0)


def aligned_buffer(size: int) -> mmap.mmap:
    """`size` bytes of page-aligned anonymous memory (`size` a multiple of ALIGN)."""
    assert size % ALIGN == 0
    return mmap.mmap(-1, size)


class BufferPool:
    """`aligned_buffer`s of one size, given back after use and handed out again (their
    memory already faulted in); at most `keep` kept."""

    def __init__(self, size: int, *, keep: int) -> None:
        self.size, self.keep = size, keep
        self._spare: list[mmap.mmap] = []

    @property
    def spare(self) -> int:
        return len(self._spare)

    def take(self) -> mmap.mmap:
        try:  # list.pop is atomic: safe with apps on event loops in several threads (tests)
            return self._spare.pop()
        except IndexError:
            return aligned_buffer(self.size)

    def give(self, buf: mmap.mmap) -> None:
        if len(self._spare) < self.keep:
            self._spare.append(buf)


class AppendFile:
    """A new file written from its start, step by step; `size` is what it holds."""

    def __init__(self, path: Path, *, direct: bool = True) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o644)
        self.size = 0
        self._padded = False  # the last write went past `size` (zeros to ALIGN)
        self.direct = bool(direct and _O_DIRECT) and self._set_direct(True)

    def _set_direct(self, on: bool) -> bool:
        import fcntl  # here, not at the top: only reached where O_DIRECT exists (never on Windows)

        flags = fcntl.fcntl(self.fd, fcntl.F_GETFL)
        try:
            fcntl.fcntl(self.fd, fcntl.F_SETFL, flags | _O_DIRECT if on else flags & ~_O_DIRECT)
        except OSError:
            return False  # refused by this file system: buffered
        return on

    def _go_buffered(self) -> None:
        if self._padded:  # back to the real end before appending anything else
            os.ftruncate(self.fd, self.size)
            os.lseek(self.fd, self.size, os.SEEK_SET)
            self._padded = False
        self.direct = self._set_direct(False)

    def append(self, buf: mmap.mmap | bytes | bytearray, n: int) -> None:
        """Append `buf[:n]`. An `aligned_buffer` may be written past `n` up to ALIGN (zeros
        written there first); anything else goes buffered."""
        view = memoryview(buf)[:n]
        if self.direct and (self._padded or not isinstance(buf, mmap.mmap)):
            self._go_buffered()
        if self.direct and n:
            padded = -(-n // ALIGN) * ALIGN
            if padded > n:
                buf[n:padded] = bytes(padded - n)  # type: ignore[index]  # never an earlier photo's bytes on disk
            try:
                k = os.write(self.fd, memoryview(buf)[:padded])
            except OSError as e:
                if e.errno != errno.EINVAL:
                    raise
                k = 0  # refused (alignment this device does not take): nothing written
            done = min(k, n)
            self.size += done
            self._padded = k > n
            view = view[done:]
            if not view:
                return
            self._go_buffered()  # a short or refused write: the rest as before
        while view:
            k = os.write(self.fd, view)
            self.size += k
            view = view[k:]

    def sync(self) -> None:
        """The file at its real size, on disk."""
        if self._padded:
            os.ftruncate(self.fd, self.size)
            self._padded = False
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
