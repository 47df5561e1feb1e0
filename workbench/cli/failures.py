"""The CLI's last line of defence: whatever escapes a command becomes one line, never a traceback.

Commands raise `WorkbenchError` for everything they foresee. This module handles the rest:
failures of the machine (a full disk, a read-only folder, a missing file), text that is not
valid Unicode, input nested or numbered beyond what Python reads, memory exhaustion — each
one line with what to do. Anything else is a bug: one line that says so and where the
traceback was logged (the workspace's `logs/`, else the temporary folder), so a user can
report it without ever seeing it. `WORKBENCH_DEBUG=1` re-raises instead, for developers.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import tempfile
import traceback
from pathlib import Path

from workbench.atomic import atomic_write, describe_os_error

EXIT_FAILURE = 2  # as WorkbenchError: the input or the machine, not the program
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): a bug in the workbench
LOG_FOLDER = "logs"

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NO_ACCESS = {errno.EROFS, errno.EACCES, errno.EPERM}
_NOT_FOUND = {errno.ENOENT, errno.ENOTDIR}


def one_line(text: str) -> str:
    """`text` safe to print as one terminal line: newlines, control and bidi characters and lone
    surrogates become visible escapes, so a hostile file name cannot add lines or reorder text."""
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif ch in "\r\n\t":
            out.append(" ")
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


def _path(value: object) -> str:
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    return one_line(str(value))


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and what caused it (SQLAlchemy wraps sqlite3 errors, which may wrap OSError)."""
    seen: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in seen and len(seen) < 20:
        seen.append(e)
        orig = getattr(e, "orig", None)  # sqlalchemy.exc.DBAPIError
        e = orig if isinstance(orig, BaseException) else (e.__cause__ or e.__context__)
    return seen


def describe_os(err: OSError) -> str:
    """One line (message and hint) for an OSError that no command turned into a WorkbenchError."""
    reason = describe_os_error(err)
    where = f"{_path(err.filename)}: " if err.filename is not None else ""
    if err.filename2 is not None:
        where = f"{_path(err.filename)} → {_path(err.filename2)}: "
    if err.errno in _DISK_FULL:
        return (f"{where}no space left on the disk ({reason}) "
                "(free some space or choose another drive, then try again; finished files are unchanged)")
    if err.errno == errno.EROFS:
        return f"{where}cannot write: the folder is read-only ({reason}) (choose a folder you may write to)"
    if err.errno in _NO_ACCESS:
        return f"{where}cannot write or read ({reason}) (check the permissions, or choose a folder you may write to)"
    if err.errno in _NOT_FOUND:
        return f"{where}no such file or folder ({reason}) (check the path)"
    if err.errno == errno.EISDIR:
        return f"{where}is a folder, not a file (give the path of a file)"
    return f"{where}the operating system refused: {reason} (check the path and try again)"


def _describe_sqlite(err: sqlite3.Error) -> str | None:
    text = str(err).lower()
    if "disk is full" in text or "disk i/o error" in text:
        return ("the workspace database cannot be written: no space left on the disk, or the disk failed "
                "(free some space and try again; the last saved state is kept)")
    if "readonly" in text or "read-only" in text:
        return ("the workspace is read-only: this command changes it "
                "(open a workspace you may write to, or only read this one: info, result, audit, print)")
    if "unable to open" in text:
        return "the workspace database cannot be opened (check that the workspace folder exists and is yours)"
    if "not a database" in text or "malformed" in text:
        return "the workspace database is damaged (restore it from a backup or use another workspace)"
    return None


def _names(e: BaseException) -> set[str]:
    """Class names along the MRO: recognises library exceptions without importing the library."""
    return {c.__name__ for c in type(e).__mro__}


def _describe_library(e: BaseException) -> str | None:
    names = _names(e)
    if "DecompressionBombError" in names:  # Pillow
        return ("an image in the input claims more pixels than is safe to decode (a decompression bomb?) "
                "(use an ordinary image, e.g. a PNG or JPEG of a few megapixels)")
    if names & {"InvalidURL", "UnsupportedProtocol"}:  # httpx
        return f"not a usable URL: {one_line(str(e))[:120]} (give the hub's address like http://192.168.1.10:8470)"
    if "OperationalError" in names and "connection" in str(e).lower():  # psycopg / SQLAlchemy
        return ("cannot connect to the database (check that the database server is running and the URL, "
                "host, port and user are right)")
    return None


def describe(exc: BaseException) -> str | None:
    """One line (no "workbench: " prefix) for a failure that is not a bug, or None for a bug."""
    for e in _chain(exc):
        if isinstance(e, OSError):
            return describe_os(e)
        if isinstance(e, sqlite3.Error):
            said = _describe_sqlite(e)
            if said:
                return said
        said = _describe_library(e)
        if said:
            return said
    if isinstance(exc, UnicodeError):
        return ("the input holds text that is not valid Unicode (bytes that are not UTF-8, or a lone "
                "surrogate) (check file names, arguments, passphrases and files for damaged characters)")
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read (check the file: such nesting is refused)"
    if isinstance(exc, MemoryError):
        return "not enough memory: the input is too large (check the file's size, or close other programs)"
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return "a number in the input has too many digits (check the file: counts and sizes are small numbers)"
    if isinstance(exc, OverflowError):
        return "a number in the input is out of range (check the numbers given)"
    return None


def log_folder(workspace: str | os.PathLike[str] | None) -> Path:
    """Where an internal error's traceback goes: the workspace's logs/, else the temp folder."""
    if workspace is None:
        workspace = os.environ.get("WORKBENCH_HOME") or None
    if workspace is None:
        try:
            from workbench.store import default_root
            workspace = default_root()
        except Exception:  # noqa: BLE001 - any failure here falls back to the temp folder
            workspace = None
    return Path(workspace).expanduser() / LOG_FOLDER if workspace else _temp_log_folder()


def _temp_log_folder() -> Path:
    return Path(tempfile.gettempdir()) / "workbench-logs"


def write_log(exc: BaseException, argv: list[str] | None, workspace: str | os.PathLike[str] | None) -> Path | None:
    """Write the traceback to a new log file; its path, or None when nothing could be written."""
    now = dt.datetime.now(dt.UTC)
    name = f"error-{now:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    text = (f"workbench internal error at {now.isoformat()}\nargv: {argv!r}\n\n"
            + "".join(traceback.format_exception(exc)))
    data = text.encode("utf-8", "backslashreplace")
    for folder in (log_folder(workspace), _temp_log_folder()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return atomic_write(folder / name, data, mode=0o600, what="error log")
        except Exception:  # noqa: BLE001 - try the next place; never fail while reporting a failure
            continue
    return None


def internal_error_line(exc: BaseException, log: Path | None) -> str:
    what = one_line(f"{type(exc).__name__}: {exc}")
    what = what if len(what) <= 160 else what[:157] + "…"
    where = f"details in {_path(log)}" if log else "the details could not be saved"
    return f"internal error: {what} — please report it; {where}"
