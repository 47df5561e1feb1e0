"""One entry's data, read by position from the package file and checked as it goes.

This does the bulk work zipfile's ZipExtFile did, faster and with the same checks: the
local header against the central record, inflate in bounded steps (never more than the
declared size), then the real size, CRC-32 and SHA-256. Reads go into one reused buffer per
thread (`os.preadv`, so threads share the file without seeking); stored entries are hashed
straight from it. hashlib, zlib.crc32 and inflate release the GIL on large buffers, so two
threads checking entries (and a third hashing the whole package) keep both cores busy.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO, Protocol

from workbench.errors import PackageError
from workbench.evidence.images import claimed_format, image_problem_stream
from workbench.evidence.limits import Limits
from workbench.evidence.paths import MANIFEST_NAME

try:  # zlib-ng inflates ~2.5× and computes CRC-32 ~3× as fast as the system zlib, same results
    from zlib_ng import zlib_ng as fastzlib  # a dependency; the system zlib where it is missing
except ImportError:
    fastzlib = zlib

_LOCAL = struct.Struct("<4s5H3L2H")  # sig, version, flags, method, time, date, crc, sizes, name len, extra len
_SIG_LOCAL = b"PK\x03\x04"
_FLAG_UTF8 = 0x800
INFLATE_IN = 256 * 1024  # compressed bytes per inflate step: output stays bounded by chunk_size
_HEAD = 16  # bytes the image-format test looks at
_NAME_GUESS = 256  # bytes read after a local header in the same call (most names fit)


class Sink(Protocol):
    """Where an entry's checked bytes go (the blob store on import). `write` gets buffers that
    are reused after it returns; `done` is called only after every check passed."""

    def write(self, chunk: memoryview | bytes) -> None: ...
    def done(self) -> None: ...
    def abort(self) -> None: ...


class FileSource:
    """Positional reads from one open file, safe from several threads at once."""

    def __init__(self, fp: BinaryIO, name: str) -> None:
        self.fp, self.fd, self.name = fp, fp.fileno(), name
        # only where os.preadv is missing (Windows): seek + read under the lock that zipfile's
        # own readers of the same file object take (share_lock), so neither moves the other
        self._lock: threading.Lock | threading.RLock = threading.Lock()

    def share_lock(self, lock: threading.Lock | threading.RLock) -> None:
        self._lock = lock

    def read_into(self, buf: memoryview, pos: int) -> int:
        try:
            if hasattr(os, "preadv"):
                return os.preadv(self.fd, [buf], pos)
            with self._lock:
                self.fp.seek(pos)
                return self.fp.readinto(buf) or 0
        except OSError as e:
            raise PackageError(f"{self.name}: cannot read ({e.strerror or e})") from None

    def read(self, n: int, pos: int) -> bytes:
        buf = bytearray(n)
        got = self.read_into(memoryview(buf), pos)
        return bytes(buf[:got])


def damaged(path: str, why: str) -> PackageError:
    return PackageError(f"entry {path!r}: data do not match the archive's header ({why}); the "
                        "package is damaged or was tampered with")


def data_start(src: FileSource, info: zipfile.ZipInfo, end: int) -> int:
    """Where the entry's data begin, once its local header agrees with the central record;
    the data must end by `end` (the next entry's header, or the central directory)."""
    path = info.orig_filename
    head = src.read(_LOCAL.size + _NAME_GUESS, info.header_offset)  # usually the name too: one read
    if len(head) < _LOCAL.size:
        raise damaged(path, "the archive ends inside its local header")
    sig, _ver, flags, _method, _t, _d, _crc, _csize, _usize, name_len, extra_len = _LOCAL.unpack_from(head)
    if sig != _SIG_LOCAL:
        raise damaged(path, "no local header where the central directory says")
    raw = head[_LOCAL.size:_LOCAL.size + name_len]
    if len(raw) < name_len:
        raw = src.read(name_len, info.header_offset + _LOCAL.size)
    try:
        name = raw.decode("utf-8" if flags & _FLAG_UTF8 else "cp437")
    except UnicodeDecodeError:
        name = None
    if name != info.orig_filename:
        raise damaged(path, "its local header names another file")
    start = info.header_offset + _LOCAL.size + name_len + extra_len
    if start + info.compress_size > end:
        raise PackageError(f"entry {path!r}: its data run past the next entry or into the central "
                           "directory; the archive is malformed (a zip bomb?)")
    return start


def raw_chunks(src: FileSource, info: zipfile.ZipInfo, start: int, buf: memoryview,
               out_max: int) -> Iterator[memoryview | bytes]:
    """The entry's uncompressed bytes. Stored: views into `buf` (valid until the next one).
    Deflated: at most `out_max` bytes a step, and never more than the declared size + 1 in
    all, so a lying header cannot make us inflate the rest."""
    path, size, left, pos = info.orig_filename, info.file_size, info.compress_size, start
    if info.compress_type == zipfile.ZIP_STORED:
        if left != size:
            raise damaged(path, f"stored, yet {left:,} bytes in the archive for {size:,}")
        while left:
            n = src.read_into(buf[:min(left, len(buf))], pos)
            if n <= 0:
                raise damaged(path, "the archive ends inside the entry")
            pos, left = pos + n, left - n
            yield buf[:n]
        return
    d = fastzlib.decompressobj(-15)
    room = size + 1  # one byte past the declared size is enough to know it lied
    step = min(INFLATE_IN, len(buf))
    while not d.eof:
        if not left:
            raise PackageError(f"entry {path!r}: damaged compressed data (they end before the "
                               "entry does)")
        n = src.read_into(buf[:min(left, step)], pos)
        if n <= 0:
            raise damaged(path, "the archive ends inside the entry")
        pos, left = pos + n, left - n
        data: memoryview | bytes = buf[:n]
        while True:
            limit = min(out_max, room)
            try:
                out = d.decompress(data, limit)
            except fastzlib.error as e:
                raise PackageError(f"entry {path!r}: damaged compressed data ({e})") from None
            data = d.unconsumed_tail
            if out:
                room -= len(out)
                yield out
                if room <= 0:
                    return  # the caller sees more bytes than declared and refuses
            if d.eof or (not data and len(out) < limit):
                break  # the end, or this input used up with nothing pending inside zlib
    if left or d.unused_data:
        raise damaged(path, "bytes after the end of the compressed data")


def _with_head(chunks: Iterator[memoryview | bytes]) -> Iterator[memoryview | bytes]:
    """The same bytes, the first piece at least _HEAD long (unless the entry is shorter)."""
    head = b""
    for chunk in chunks:
        if head or len(chunk) < _HEAD:
            head += bytes(chunk)
            if len(head) < _HEAD:
                continue
            chunk, head = head, b""
        yield chunk
        yield from chunks
        return
    if head:
        yield head


class EntryChecker:
    """Checks entries of one package; one per thread (it owns its read buffer)."""

    def __init__(self, src: FileSource, limits: Limits, open_entry: Callable[[zipfile.ZipInfo], BinaryIO],
                 buffer_size: int) -> None:
        self.src, self.limits, self.open_entry = src, limits, open_entry
        self.buf = memoryview(bytearray(buffer_size))
        self.out_max = max(limits.chunk_size, 64 * 1024)

    def chunks(self, f: dict, info: zipfile.ZipInfo, end: int) -> Iterator[memoryview | bytes]:
        """The entry's bytes, each chunk checked before it is yielded (image header first,
        never more than declared); SHA-256, CRC-32 and the real size checked before the
        iterator ends: a consumer that reached the end has the bytes the manifest describes."""
        path, size = f["path"], f["size"]
        h = hashlib.sha256()
        crc, done = 0, 0
        start = data_start(self.src, info, end)
        for i, chunk in enumerate(_with_head(raw_chunks(self.src, info, start, self.buf, self.out_max))):
            done += len(chunk)
            if done > size:
                raise damaged(path, f"more than the {size:,} bytes declared")
            if i == 0 and claimed_format(bytes(chunk[:_HEAD])):
                self._check_image(path, info)  # before any byte is handed on
            h.update(chunk)
            crc = fastzlib.crc32(chunk, crc)
            yield chunk
        if done != size:
            raise PackageError(f"entry {path!r}: size mismatch: {done:,} bytes, {MANIFEST_NAME} "
                               f"says {size:,}")
        if crc != info.CRC:
            raise damaged(path, "bad CRC-32")
        if h.hexdigest() != f["sha256"]:
            raise PackageError(f"entry {path!r}: SHA-256 mismatch: the file is not the one "
                               f"{MANIFEST_NAME} describes (damaged or altered)")

    def _check_image(self, path: str, info: zipfile.ZipInfo) -> None:
        try:
            problem = image_problem_stream(lambda: self.open_entry(info), self.limits)
        except (zipfile.BadZipFile, zlib.error, EOFError) as e:  # zipfile's own stream
            raise damaged(path, str(e)) from None
        if problem:
            raise PackageError(f"entry {path!r}: {problem}; the package is refused")


def hash_file(src: FileSource, size: int, buffer_size: int, stop: threading.Event) -> str | None:
    """SHA-256 of the first `size` bytes of the file (None if stopped, or if it got shorter);
    PackageError if it cannot be read."""
    h = hashlib.sha256()
    buf = memoryview(bytearray(buffer_size))
    pos = 0
    while pos < size:
        if stop.is_set():
            return None
        n = src.read_into(buf[:min(buffer_size, size - pos)], pos)
        if n <= 0:
            return None
        h.update(buf[:n])
        pos += n
    return h.hexdigest()
