"""The one way the workbench writes a file: all of it, or nothing.

Every output (sheets, PDFs, workbooks, identities, bundles) goes through `atomic_write`:
the bytes are written to a temporary file in the target's own folder, flushed and
fsynced, then renamed over the target, and the folder is fsynced so the rename itself
survives a power cut. On any failure (a full disk, a read-only folder, a cancelled
writer) the temporary file is removed and the previous target, if any, is untouched.

A rename is atomic only within one filesystem, hence the temporary file beside the target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from workbench import portable
from workbench.errors import WorkbenchError

TMP_SUFFIX = ".wbtmp"


class WriteError(WorkbenchError):
    """A file could not be written; the previous file (if any) is intact."""

    def __init__(self, path: Path, err: OSError | None = None, *, what: str = "file", in_use: bool = False) -> None:
        self.path = path
        self.errno = err.errno if err is not None else None
        self.code = "in_use" if in_use else _code(self.errno)
        super().__init__(f"{path}: cannot write the {what} ({describe_os_error(err)})",
                         hint=_HINTS.get(self.code, "check the folder and try again"))


_HINTS = {
    "disk_full": "free some disk space or choose another drive; the previous file, if any, is unchanged",
    "read_only": "choose a folder you may write to; the previous file, if any, is unchanged",
    "not_found": "the folder does not exist: create it or choose another",
    "in_use": ("close the file in the program that has it open (a PDF reader, Excel), or choose another "
               "name; the previous file is unchanged"),
}


def _in_use(err: OSError, target: Path) -> bool:
    """Windows refuses to replace a file another program has open (Excel, most PDF readers),
    with a PermissionError that is not about the folder at all."""
    return portable.IS_WINDOWS and isinstance(err, PermissionError) and target.is_file()


def error_code(err: OSError | int | None) -> str:
    """What kind of failure an OSError (or errno) is: disk_full, read_only, not_found or io."""
    return _code(err.errno if isinstance(err, OSError) else err)


def _code(e: int | None) -> str:
    if e in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "disk_full"
    if e in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read_only"
    if e in (errno.ENOENT, errno.ENOTDIR):
        return "not_found"
    return "io"


def describe_os_error(err: OSError | None) -> str:
    """A short, human reason for an OSError ("No space left on device")."""
    if err is None:
        return "unknown error"
    if err.errno == errno.EFBIG:
        return "no space left (file size limit reached)"
    return err.strerror or type(err).__name__


def is_disk_full(err: OSError) -> bool:
    return _code(err.errno) == "disk_full"


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened)."""
    if portable.IS_WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(path: str | Path, *, mode: int = 0o644, what: str = "file",
                durable: bool = True) -> Iterator[BinaryIO]:
    """Open a temporary file beside `path` for binary writing; on success it replaces `path`.

    Use when the writer wants a file object (ReportLab, openpyxl, zipfile). Any exception
    in the body removes the temporary file and leaves `path` as it was. `durable=False`
    skips the fsyncs, for caches that can be made again (still all-or-nothing).
    """
    target = Path(path)
    tmp = target.with_name(_tmp_name(target.name))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | portable.BINARY, mode)
    except OSError as e:
        raise WriteError(target, e, what=what) from None
    f = os.fdopen(fd, "wb")
    try:
        try:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        finally:
            f.close()
        portable.replace(tmp, target)  # (tried again for a moment on Windows)
    except OSError as e:
        _unlink_quietly(tmp)
        raise WriteError(target, e, what=what, in_use=_in_use(e, target)) from None
    except BaseException as e:
        _unlink_quietly(tmp)
        os_err = _library_io_error(e)
        if os_err is not None:
            raise WriteError(target, os_err, what=what) from None
        raise
    if durable:
        fsync_dir(target.parent)


def atomic_write(path: str | Path, data: bytes | Callable[[BinaryIO], None], *,
                 mode: int = 0o644, what: str = "file", durable: bool = True) -> Path:
    """Write `data` (bytes, or a function that writes to the open file) to `path`, atomically.

    Raises WriteError (a WorkbenchError: one line for the user) when the file cannot be
    written; the previous `path`, if any, is intact and no temporary file is left.
    `mode` 0o600 keeps a file private from its first byte (private keys).
    """
    target = Path(path)
    with atomic_open(target, mode=mode, what=what, durable=durable) as f:
        if callable(data):
            data(f)
        else:
            f.write(data)
    return target


# lxml (under openpyxl) reports a failed write as SerialisationError("IO_ENOSPC"), not OSError
_LIB_IO = re.compile(r"\bIO_(E[A-Z0-9]+)\b")


def _library_io_error(e: BaseException) -> OSError | None:
    """The OSError behind a library's own exception for a failed write, if there is one."""
    seen = 0
    cur: BaseException | None = e
    while cur is not None and seen < 5:
        if isinstance(cur, OSError):
            return cur
        m = _LIB_IO.search(str(cur)) if type(cur).__name__ == "SerialisationError" else None
        if m and isinstance(getattr(errno, m.group(1), None), int):
            n = getattr(errno, m.group(1))
            return OSError(n, os.strerror(n))
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return None


def _tmp_name(name: str) -> str:
    # A long target name plus the suffix could pass the file-system's 255-byte limit
    # (Chinese names take 3 bytes a character): keep at most 120 bytes of it.
    stem = name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "ignore")
    return f".{stem}.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}"


def _unlink_quietly(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()
