"""What differs between Windows and POSIX, in one place (the laptops run Windows; we test on Linux).

- `BINARY`: `os.open` on Windows opens in TEXT mode unless O_BINARY is given, and then every
  b"\\n" written becomes b"\\r\\n" (a photo is corrupted) and reads turn b"\\r\\n" into b"\\n".
- `lock_exclusive_nonblocking` / `unlock`: `fcntl.flock` on POSIX; on Windows `msvcrt.locking`
  of one byte far past any data, so the lock never blocks reading or writing the file's bytes
  (Windows byte-range locks are mandatory for other handles).
- `pread`: `os.pread` where it exists; Windows has none (seek + read there).
- `replace`: os.replace, tried again for a moment on Windows, where a scanner briefly holding
  a new file makes the rename fail.
- `signal_group`: POSIX signals a child's process group; Windows has no SIGKILL, no killpg.
- `safe_file_name`: a file name made from data that Windows can create and that opens a file,
  not a device (CON, NUL, COM1, …).

No Qt here: this is core (import-linter). Modules import `fcntl`/`msvcrt` only inside the
branch for their system, so importing this module never fails on either.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import subprocess
import time
import unicodedata
from collections.abc import Callable

IS_WINDOWS = os.name == "nt"
BINARY: int = getattr(os, "O_BINARY", 0)
NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)

# msvcrt.locking locks from the file position: the largest offset a 32-bit C `long` holds,
# so the lock sits past the data of any file under 2 GiB (a longer file still works: only
# the lock holder writes it). Not run on Windows here: see docs/windows.md.
_WIN_LOCK_AT = 0x7FFF_FFFF
_BUSY = {errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, getattr(errno, "EDEADLOCK", errno.EDEADLK)}


def lock_exclusive_nonblocking(fd: int) -> bool:
    """Take an exclusive lock on the open file `fd` at once: True, or False when another open
    file (in any process) holds it. Released by `unlock` or when `fd` is closed."""
    if IS_WINDOWS:
        import msvcrt

        try:
            _at_lock_byte(fd, lambda: msvcrt.locking(fd, msvcrt.LK_NBLCK, 1))  # type: ignore[attr-defined]
        except OSError as e:
            if e.errno in _BUSY:
                return False
            raise
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno in _BUSY:
            return False
        raise
    return True


def unlock(fd: int) -> None:
    """Release the lock `lock_exclusive_nonblocking` took (Windows frees a closed file's locks
    only "eventually", so unlock before closing)."""
    with contextlib.suppress(OSError):
        if IS_WINDOWS:
            import msvcrt

            _at_lock_byte(fd, lambda: msvcrt.locking(fd, msvcrt.LK_UNLCK, 1))  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def _at_lock_byte(fd: int, op: Callable[[], object]) -> None:
    pos = os.lseek(fd, 0, os.SEEK_CUR)
    os.lseek(fd, _WIN_LOCK_AT, os.SEEK_SET)
    try:
        op()
    finally:
        os.lseek(fd, pos, os.SEEK_SET)


def pread(fd: int, n: int, pos: int) -> bytes:
    """Up to `n` bytes at offset `pos`. Without os.pread (Windows) this seeks, so the caller
    must own the descriptor's position (an O_APPEND writer does not care: it writes at the end)."""
    if hasattr(os, "pread"):
        return os.pread(fd, n, pos)
    os.lseek(fd, pos, os.SEEK_SET)
    return os.read(fd, n)


# Windows: a virus scanner or the search indexer often opens a file just written for a few
# milliseconds, and a rename onto or of it fails meanwhile; tried again after these pauses
REPLACE_RETRIES = (0.05, 0.1, 0.2, 0.4)


def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """os.replace; on Windows a PermissionError is tried again for up to ~0.75 s before it is
    raised (then the file is really in use: another program has it open)."""
    pauses: tuple[float | None, ...] = (*REPLACE_RETRIES, None) if IS_WINDOWS else (None,)
    for pause in pauses:
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if pause is None:
                raise
            time.sleep(pause)


def new_session() -> dict[str, object]:
    """Popen arguments that give a child its own process group, so `signal_group` reaches its
    children too. Windows ignores start_new_session; nothing is needed there."""
    return {} if IS_WINDOWS else {"start_new_session": True}


def signal_group(proc: subprocess.Popen, *, hard: bool) -> None:
    """Stop the process group of `proc` (started with `new_session()`): SIGTERM, or SIGKILL
    when `hard`. Windows has neither signal nor process groups: `hard` is proc.kill()
    (TerminateProcess) and a gentle stop is the caller's own (e.g. closing the child's stdin)."""
    if IS_WINDOWS or not hasattr(os, "killpg"):
        if hard:
            kill_hard(proc)
        return
    sig = getattr(signal, "SIGKILL", signal.SIGTERM) if hard else signal.SIGTERM
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def kill_hard(proc: subprocess.Popen) -> None:
    """End `proc` at once, on any system (SIGKILL on POSIX, TerminateProcess on Windows)."""
    with contextlib.suppress(ProcessLookupError, OSError):
        proc.kill()


# -- file names made from data -----------------------------------------------------------------

# Device names Windows opens instead of a file, with any extension and in any case.
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
                             | {f"{d}{n}" for d in ("COM", "LPT") for n in "123456789\u00b9\u00b2\u00b3"})
# separators, what Windows forbids, control characters, bidi controls (they can disguise a
# type: "\u202efdp.exe"), lone surrogates (no UTF-8 for them)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]')
MAX_NAME_BYTES = 200  # under every file system's 255 and leaves room for atomic_write's temp name


def is_reserved_name(name: str) -> bool:
    """True when Windows would open a device for `name` (CON, nul.txt, COM1.json, …)."""
    return name.split(".", 1)[0].rstrip(" ").upper() in WINDOWS_RESERVED


def safe_file_name(name: str, fallback: str = "file") -> str:
    """`name` made into one file name that Windows, macOS and Linux all create as given:
    separators, `<>:"|?*` and control characters become "_", a trailing dot or space is
    dropped (Windows drops it silently), a device name gets a "_" in front, and it is cut to
    MAX_NAME_BYTES of UTF-8 keeping its extension. Empty or nothing left: `fallback`."""
    s = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).strip().rstrip(". ")
    if not s.strip("._"):
        s = fallback
    if is_reserved_name(s):
        s = "_" + s
    if len(s.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, ext = s.rpartition(".")
        ext = dot + ext if dot and len(ext.encode("utf-8")) <= 16 else ""
        stem = s[: len(s) - len(ext)] if ext else s
        room = MAX_NAME_BYTES - len(ext.encode("utf-8"))
        stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
        s = (stem or fallback) + ext
    return s
