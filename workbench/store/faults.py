"""What a failed database or disk operation in the workspace means to the user, in one line.

SQLite reports a full disk as `database or disk is full` (SQLITE_FULL), a read-only file or
medium as `attempt to write a readonly database` (SQLITE_READONLY…), both wrapped by
SQLAlchemy; the blob store sees plain OSErrors. Each becomes a StoreError that says what
failed and what to do. A failed transaction is rolled back by SQLite, so every message
can promise that the workspace is as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from workbench.atomic import describe_os_error, error_code
from workbench.errors import StoreError

UNCHANGED = "the workspace is as it was before"
READ_ONLY_HINT = ("copy the workspace folder to a drive you may write to and open it there "
                  "(--workspace DIR), or make the folder writable")
DISK_FULL_HINT = f"free some disk space, then try again; {UNCHANGED}"


# Below this many free bytes a failed open or write is put down to a full disk: SQLite says
# only "disk I/O error" when it cannot grow its shared-memory file on a full file system.
FULL_BELOW = 64 * 1024


def disk_is_full(root: Path) -> bool:
    try:
        return shutil.disk_usage(root).free < FULL_BELOW
    except OSError:
        return False


def read_only_error(root: Path, what: str = "the change was not saved", *, disk_full: bool = False) -> StoreError:
    """A write refused by a read-only workspace (opened read-only because its disk is full
    when `disk_full`)."""
    if disk_full:
        return StoreError(f"the disk is full, so this workspace is open for reading only: {what} ({root})",
                          hint="free some disk space, then open the workspace again", code="disk_full")
    return StoreError(f"this workspace is read-only: {what} ({root})", hint=READ_ONLY_HINT,
                      code="workspace_read_only")


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


def db_error(e: BaseException, root: Path, *, opening: bool = False, read_only_for_disk_full: bool = False,
             ) -> StoreError | None:
    """The StoreError for a database failure caused by the machine, or None for anything
    else (a programming error, which should surface as it is). `read_only_for_disk_full`:
    the workspace was opened read-only because its disk was full."""
    name = _sqlite_name(e)
    if name == "SQLITE_FULL" or (name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and disk_is_full(root)):
        if opening:
            return StoreError(f"the disk is full: cannot open the workspace {root}",
                              hint="free some disk space, then try again", code="disk_full")
        return StoreError(f"the disk is full: the change was not saved in the workspace {root}",
                          hint=DISK_FULL_HINT, code="disk_full")
    if name.startswith("SQLITE_READONLY"):
        return read_only_error(root, disk_full=read_only_for_disk_full)
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"cannot read or write the workspace database in {root} (disk I/O error)",
                          hint=f"check that the drive is still attached and healthy; {UNCHANGED}")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"cannot open the workspace database in {root}",
                          hint="is the folder still there, and may you write to it?")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return StoreError(f"the workspace database in {root} is damaged or not a workbench database",
                          code="workspace_damaged", hint="restore the workspace folder from a backup, or choose another with --workspace")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"the workspace {root} is busy: another program is writing to it",
                          hint="close the other workbench window or command and try again")
    return None


def disk_error(e: OSError, root: Path, what: str) -> StoreError:
    """A StoreError for an OSError while the workspace stored `what` (e.g. "the file B3/a.jpg")."""
    code = error_code(e)
    if code == "disk_full":
        return StoreError(f"the disk is full: cannot store {what} in the workspace {root}", hint=DISK_FULL_HINT,
                          code="disk_full")
    if code == "read_only":
        return read_only_error(root, f"cannot store {what}")
    return StoreError(f"cannot store {what} in the workspace {root} ({describe_os_error(e)})",
                      hint=f"check the drive and try again; {UNCHANGED}")
