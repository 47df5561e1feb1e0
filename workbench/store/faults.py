"""What a failed database or disk operation in the workspace means to the user, in one line.

SQLite reports a full disk as `database or disk is full` (SQLITE_FULL), a read-only file or
medium as `attempt to write a readonly database` (SQLITE_READONLY…), both wrapped by
SQLAlchemy; the blob store sees plain OSErrors. Each becomes a StoreError that says what
failed and what to do. A failed transaction is rolled back by SQLite, so every message
can promise that the workspace is as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from workbench.atomic import describe_os_error, error_code
from workbench.errors import StoreError

UNCHANGED = "the workspace is as it was before"
READ_ONLY_HINT = ("copy the workspace folder to a drive you may write to and open it there "
                  "(--workspace DIR), or make the folder writable")
DISK_FULL_HINT = f"free some disk space, then try again; {UNCHANGED}"


def read_only_error(root: Path, what: str = "the change was not saved") -> StoreError:
    return StoreError(f"this workspace is read-only: {what} ({root})", hint=READ_ONLY_HINT)


def _sqlite_name(e: BaseException) -> str:
    orig = e.orig if isinstance(e, DBAPIError) else e
    if isinstance(orig, sqlite3.Error):
        name = getattr(orig, "sqlite_errorname", None)
        if name:
            return name
        text = str(orig)  # Python < 3.11 has no sqlite_errorname: fall back to the message
        for needle, code in (("disk is full", "SQLITE_FULL"), ("readonly", "SQLITE_READONLY"),
                             ("disk I/O", "SQLITE_IOERR"), ("unable to open", "SQLITE_CANTOPEN"),
                             ("malformed", "SQLITE_CORRUPT"), ("not a database", "SQLITE_NOTADB"),
                             ("locked", "SQLITE_BUSY")):
            if needle in text:
                return code
    return ""


def db_error(e: BaseException, root: Path) -> StoreError | None:
    """The StoreError for a database failure caused by the machine, or None for anything
    else (a programming error, which should surface as it is)."""
    name = _sqlite_name(e)
    if name == "SQLITE_FULL":
        return StoreError(f"the disk is full: the change was not saved in the workspace {root}",
                          hint=DISK_FULL_HINT)
    if name.startswith("SQLITE_READONLY"):
        return read_only_error(root)
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"cannot read or write the workspace database in {root} (disk I/O error)",
                          hint=f"check that the drive is still attached and healthy; {UNCHANGED}")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"cannot open the workspace database in {root}",
                          hint="is the folder still there, and may you write to it?")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return StoreError(f"the workspace database in {root} is damaged or not a workbench database",
                          hint="restore the workspace folder from a backup, or choose another with --workspace")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"the workspace {root} is busy: another program is writing to it",
                          hint="close the other workbench window or command and try again")
    return None


def disk_error(e: OSError, root: Path, what: str) -> StoreError:
    """A StoreError for an OSError while the workspace stored `what` (e.g. "the file B3/a.jpg")."""
    code = error_code(e)
    if code == "disk_full":
        return StoreError(f"the disk is full: cannot store {what} in the workspace {root}", hint=DISK_FULL_HINT)
    if code == "read_only":
        return read_only_error(root, f"cannot store {what}")
    return StoreError(f"cannot store {what} in the workspace {root} ({describe_os_error(e)})",
                      hint=f"check the drive and try again; {UNCHANGED}")
