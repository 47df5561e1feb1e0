"""The local workspace: one folder with `workspace.db` (SQLite) and `blobs/`.

Every public method is one short transaction, committed before it returns, so an edit
is on disk the moment the caller gets control back. Methods are safe to call from any
thread (each opens its own session). Score, photo and audit methods live in the mixins
`workbench.store.entries` and `workbench.store.photo_store`.

A workspace whose folder or database cannot be written (a write-protected USB stick, a
folder whose permissions were changed) opens read-only: everything reads as usual, no
migration runs, and a write says "this workspace is read-only: …". A full disk or another
failure of the machine inside a transaction rolls it back and becomes one StoreError
(`workbench.store.faults`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

import platformdirs
from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from workbench import portable
from workbench.atomic import TMP_SUFFIX, error_code
from workbench.errors import StoreError, WorkbenchError
from workbench.rubric import load_rubric
from workbench.store.blobs import BlobStore
from workbench.store.db import (
    SCHEMA_HEAD,
    check_known_revision,
    make_engine,
    migrate,
    read_only_uri,
    schema_version,
)
from workbench.store.entries import EntriesMixin
from workbench.store.faults import db_error, disk_is_full
from workbench.store.models import (
    PackageFileRow,
    PackageVersionRow,
    ReviewerRow,
    School,
    SettingRow,
)
from workbench.store.photo_store import PhotosMixin
from workbench.store.records import (
    AddedPackage,
    EvidenceFile,
    PackageVersion,
    Reviewer,
    SchoolInfo,
    SchoolSummary,
)

DB_NAME = "workspace.db"
ROLES = ("member", "chair")
FACT_KEYS = ("teachers", "student_computers", "teacher_computers", "network_admins", "four_star")


def default_root() -> Path:
    """$WORKBENCH_HOME, else the per-user data folder (e.g. ~/.local/share/workbench)."""
    env = os.environ.get("WORKBENCH_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("workbench", appauthor=False))


def _subject_text(value: str, what: str) -> str:
    """The identity's own check (one printable line, no control, bidi or invisible characters):
    the name goes on printed forms and into certificates, so it must pass there too."""
    from workbench.errors import SignatureError
    from workbench.signing.certs import check_subject_text  # lazy: cryptography is slow to import

    try:
        return check_subject_text(value, what)
    except SignatureError as e:
        raise StoreError(e.message, hint=e.hint) from None


def _reviewer(r: ReviewerRow) -> Reviewer:
    return Reviewer(r.id, r.name, r.org, r.role)


def is_writable(root: Path) -> bool:
    """Whether the workspace folder and its database files may be written, found by trying:
    a uniquely named file is created and removed in the folder, and each database file that
    exists is opened for writing (nothing written). `os.access` would not do: on Windows it
    reads only the read-only attribute, never the folder's ACL. A read-only mount refuses
    even root. Any failure means False: the workspace then opens read-only."""
    probe = root / f".write-probe.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | portable.BINARY, 0o600)
    except OSError:
        return False
    try:
        os.close(fd)
        os.unlink(probe)  # a folder where files can be made but not removed is no place for SQLite's -wal
    except OSError:
        return False
    for p in (root / DB_NAME, root / f"{DB_NAME}-wal", root / f"{DB_NAME}-shm"):
        try:
            fd = os.open(p, os.O_WRONLY | portable.BINARY)  # no O_CREAT, no O_TRUNC: changes nothing
        except FileNotFoundError:
            continue
        except OSError:
            return False
        os.close(fd)
    return True


class Workspace(EntriesMixin, PhotosMixin):
    def __init__(self, root: Path, *, read_only: bool = False, disk_full: bool = False) -> None:
        self.root = root
        self.read_only = read_only
        # opened for reading only because the disk was full (else: the medium or folder is read-only)
        self.disk_full = disk_full
        self.blobs = BlobStore(root / "blobs", read_only=read_only, disk_full=disk_full, db=root / DB_NAME,
                               cache=self._cache_folder("cache", "read-only-cache"))
        self.engine = make_engine(root / DB_NAME, read_only=read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # package version row id -> its SchoolInfo: a version never changes once recorded, and
        # parsing a large manifest on every score edit (result() needs the facts) is waste
        self._info: dict[int, SchoolInfo] = {}
        self._dv: sqlite3.Connection | None = None  # see data_version()
        self._dv_lock = threading.Lock()

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool | None = None) -> Workspace:
        """Open (creating it if needed) the workspace in `path`.

        `read_only=None` decides by itself: a workspace that exists but cannot be written
        opens read-only. True forces read-only (the workspace must exist).
        """
        root = Path(path).expanduser() if path else default_root()
        if read_only is None:
            read_only = (root / DB_NAME).is_file() and not is_writable(root)
        if read_only:
            return cls._open_read_only(root)
        try:
            root.mkdir(parents=True, exist_ok=True)
            (root / "blobs").mkdir(exist_ok=True)
            ws = cls(root)  # makes blobs/tmp
        except OSError as e:
            if error_code(e) == "disk_full":
                raise StoreError(f"the disk is full: cannot create the workspace folder {root}",
                                 hint="free some disk space, or choose another folder with --workspace") from None
            raise StoreError(f"cannot create the workspace folder {root} ({e.strerror or e})",
                             hint="choose another folder with --workspace or WORKBENCH_HOME") from None
        try:
            migrate(ws.engine)
        except StoreError:
            ws.close()
            raise
        except DatabaseError as e:
            ws.close()
            err = db_error(e, root, opening=True) or StoreError(
                f"cannot open the workspace database in {root} ({e.orig})",
                hint="is the folder writable, and is this really a workbench workspace?")
            if disk_is_full(root):
                # SQLite cannot even make its shared-memory file: the workspace still reads
                with contextlib.suppress(StoreError):
                    return cls._open_read_only(root, disk_full=True)
            raise err from None
        return ws

    @classmethod
    def _open_read_only(cls, root: Path, *, disk_full: bool = False) -> Workspace:
        if not (root / DB_NAME).is_file():
            raise StoreError(f"no workspace in {root} to open for reading",
                             hint="choose another folder with --workspace or WORKBENCH_HOME")
        try:
            ws = cls(root, read_only=True, disk_full=disk_full)
        except sqlite3.OperationalError as e:
            # read_only_uri: mode=ro failed and immutable=1 would miss the -wal's changes
            raise StoreError(f"cannot read the read-only workspace in {root} ({e}): its last changes are "
                             "still in workspace.db-wal",
                             hint="open it once where it may be written, then it reads anywhere") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(f"the workspace database in {root} is damaged or not a workbench database ({e})",
                             hint="restore the workspace folder from a backup, or choose another with --workspace") \
                from None
        try:
            version = schema_version(ws.engine)
        except DatabaseError as e:
            ws.close()
            raise db_error(e, root) or StoreError(f"cannot read the workspace database in {root} ({e.orig})") \
                from None
        if version is None:
            ws.close()
            raise StoreError(f"{root / DB_NAME} is not a workbench workspace (it has no schema version)",
                             hint="choose another folder with --workspace or WORKBENCH_HOME")
        if version != SCHEMA_HEAD:
            ws.close()
            check_known_revision(version)
            raise StoreError(f"this workspace is read-only and was written by another version of the "
                             f"workbench (schema {version}, this one reads {SCHEMA_HEAD}) ({root})",
                             hint="open it once where it may be written, so it is brought up to date")
        return ws

    @property
    def thumbs_root(self) -> Path:
        """Where thumbnails are cached: in the workspace, or for a read-only one in the
        user's cache folder (one sub-folder per workspace path)."""
        return self._cache_folder("thumbs", "read-only-thumbs")

    def _cache_folder(self, name: str, read_only_name: str) -> Path:
        if not self.read_only:
            return self.root / name
        key = hashlib.sha256(str(self.root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        return Path(platformdirs.user_cache_dir("workbench", appauthor=False)) / read_only_name / key

    def close(self) -> None:
        with self._dv_lock:
            if self._dv is not None:
                self._dv.close()
                self._dv = None
        self.blobs.close()
        self.engine.dispose()

    def data_version(self) -> int:
        """A number that changes when anything is committed to the database by another
        connection: another process (the CLI, a sync) or this one's own writes, which go
        through the engine's pool. SQLite's `PRAGMA data_version` on one connection kept
        for this alone (it opens a read transaction on the WAL index: cheap, never behind
        a writer). Any thread."""
        with self._plain_read() as con:
            return int(con.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def _plain_read(self) -> Iterator[sqlite3.Connection]:
        """The connection kept for data_version(), for reads that must never take the write
        lock: the engine's transactions all BEGIN IMMEDIATE, so a background read through it
        would make the UI thread's next write wait. Autocommit; BEGIN yourself for a
        consistent view of several SELECTs (a deferred read transaction on the WAL)."""
        path = self.root / DB_NAME
        with self._dv_lock:
            try:
                if self._dv is None:
                    self._dv = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False, timeout=5,
                                               isolation_level=None) if self.read_only else \
                        sqlite3.connect(path, check_same_thread=False, timeout=5, isolation_level=None)
                yield self._dv
            except sqlite3.Error as e:
                raise StoreError(f"cannot read the workspace database in {self.root} ({e})") from None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any exception. A full
        disk, a read-only workspace and the like become one StoreError."""
        try:
            with self._sessions.begin() as s:
                yield s
        except DBAPIError as e:
            err = db_error(e, self.root, read_only_for_disk_full=self.disk_full)
            if err is None:
                raise
            raise err from None

    # -- settings ---------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._tx() as s:
            row = s.get(SettingRow, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Remember a setting (the window's state). A read-only workspace keeps none: the
        window then works without remembering, as with a missing ui-prefs.json."""
        if self.read_only:
            return
        with self._tx() as s:
            s.merge(SettingRow(key=key, value=str(value)))

    # -- reviewers --------------------------------------------------------------------

    def local_reviewer(self) -> Reviewer | None:
        with self._tx() as s:
            row = s.scalars(select(ReviewerRow).where(ReviewerRow.is_local)).first()
            return _reviewer(row) if row else None

    def set_local_reviewer(self, name: str, org: str, role: str) -> Reviewer:
        name, org = name.strip(), org.strip()
        if not name:
            raise StoreError("the reviewer's name is empty", hint="enter your name as it should appear on forms")
        name, org = _subject_text(name, "name"), _subject_text(org, "organisation") if org else ""
        if role not in ROLES:
            raise StoreError(f"unknown panel role {role!r}", hint="use 'member' or 'chair'")
        with self._tx() as s:
            row = s.scalars(select(ReviewerRow).where(ReviewerRow.is_local)).first()
            if row is None:
                row = ReviewerRow(name=name, org=org, role=role, is_local=True)
                s.add(row)
            else:
                row.name, row.org, row.role = name, org, role
            s.flush()
            return _reviewer(row)

    def reviewers(self) -> list[Reviewer]:
        with self._tx() as s:
            return [_reviewer(r) for r in s.scalars(select(ReviewerRow).order_by(ReviewerRow.id))]

    def reviewer(self, reviewer_id: int) -> Reviewer:
        with self._tx() as s:
            row = s.get(ReviewerRow, reviewer_id)
            if row is None:
                raise StoreError(f"no reviewer with id {reviewer_id} in this workspace")
            return _reviewer(row)

    # -- schools and packages ---------------------------------------------------------

    def add_package_version(self, manifest: dict[str, Any], manifest_hash: str, package_sha256: str,
                            source_name: str) -> AddedPackage:
        """Record a verified package (its blobs already stored) as the school's newest version."""
        sch = manifest["school"]
        code = sch["code"]
        with self._tx() as s:
            existing = s.scalars(select(PackageVersionRow).where(
                PackageVersionRow.school_code == code, PackageVersionRow.manifest_hash == manifest_hash)).first()
            if existing is not None:
                return AddedPackage(code, existing.version, False)
            last = s.scalar(select(func.max(PackageVersionRow.version)).where(
                PackageVersionRow.school_code == code)) or 0
            school = s.get(School, code)
            if school is None:
                school = School(code=code)
                s.add(school)
            # what the school list shows, stored now so list_schools never parses a manifest
            school.name, school.stage, school.package_version = sch["name"], sch.get("stage"), last + 1
            school.application_type = (manifest.get("application") or {}).get("type")
            school.item_count = _item_count(manifest["rubric"])
            s.flush()  # the school row before its version's (no ORM relationship orders them)
            pv = PackageVersionRow(school_code=code, version=last + 1, manifest_hash=manifest_hash,
                                   package_sha256=package_sha256, source_name=source_name,
                                   manifest_json=json.dumps(manifest, ensure_ascii=False, sort_keys=True))
            s.add(pv)
            s.flush()
            # the driver's executemany of plain tuples: 2,000 ORM objects cost 0.3 s, this ~10 ms
            s.connection().exec_driver_sql(_INSERT_FILE, [
                (pv.id, f["path"], f["sha256"], f["size"], " " + " ".join(f["indicators"]) + " ", f.get("title"),
                 f.get("date"), _media_type(f["path"])) for f in manifest["files"]])
            return AddedPackage(code, pv.version, True)

    def _newest(self, s: Session, code: str) -> PackageVersionRow:
        pv = s.scalars(select(PackageVersionRow).where(PackageVersionRow.school_code == code)
                       .order_by(PackageVersionRow.version.desc())).first()
        if pv is None:
            raise StoreError(f"no school with code {code!r} in this workspace",
                             hint="import the school's evidence package first")
        return pv

    def list_schools(self) -> list[SchoolSummary]:
        """Every school, by code: one query over what add_package_version stored (no manifest
        is parsed, so the cost is flat in the size and number of packages)."""
        q = (select(School.code, School.name, School.stage, School.package_version, School.application_type,
                    School.item_count).where(School.package_version.is_not(None)).order_by(School.code))
        with self._tx() as s:
            return [SchoolSummary(*row) for row in s.execute(q)]

    def _info_of(self, pv: PackageVersionRow) -> SchoolInfo:
        """The parsed SchoolInfo of a package version (parsed once: versions never change)."""
        info = self._info.get(pv.id)
        if info is None:
            info = self._info[pv.id] = _school_info(json.loads(pv.manifest_json), pv)
        return info

    def school(self, code: str) -> SchoolInfo:
        with self._tx() as s:
            return self._info_of(self._newest(s, code))

    def package_versions(self, code: str) -> list[PackageVersion]:
        with self._tx() as s:
            self._newest(s, code)
            rows = s.scalars(select(PackageVersionRow).where(PackageVersionRow.school_code == code)
                             .order_by(PackageVersionRow.version))
            return [PackageVersion(r.version, r.manifest_hash, r.package_sha256, r.source_name, r.imported_at)
                    for r in rows]

    def package_files(self, code: str, indicator: str | None = None) -> list[EvidenceFile]:
        with self._tx() as s:
            pv = self._newest(s, code)
            q = select(PackageFileRow).where(PackageFileRow.package_id == pv.id)
            if indicator is not None:
                q = q.where(PackageFileRow.indicators.contains(f" {indicator} "))
            return [EvidenceFile(f.path, f.sha256, f.size, tuple(f.indicators.split()), f.title, f.date,
                                 f.media_type) for f in s.scalars(q.order_by(PackageFileRow.path))]


_INSERT_FILE = ("INSERT INTO package_files (package_id, path, sha256, size, indicators, title, date, media_type) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _item_count(rubric_id: str) -> int | None:
    """Items in the bundled rubric; None for a rubric this workbench does not have."""
    try:
        return len(load_rubric(rubric_id).items)
    except WorkbenchError:
        return None


def _media_type(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return _media_type_of("x" + "".join(PurePosixPath(name).suffixes[-2:]))  # the type depends on these


@functools.lru_cache(maxsize=256)
def _media_type_of(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def _school_info(m: dict[str, Any], pv: PackageVersionRow) -> SchoolInfo:
    sch = m["school"]
    facts = {k: v for k, v in sch.items() if k in FACT_KEYS or k in ("stage", "students", "classes")}
    return SchoolInfo(
        code=sch["code"], name=sch["name"], stage=sch.get("stage"), principal=sch.get("principal"),
        phone=sch.get("phone"), website=sch.get("website"), classes=sch.get("classes"),
        students=sch.get("students"), facts=facts, application=dict(m.get("application", {})),
        self_assessment={k: Decimal(v) for k, v in m.get("self_assessment", {}).items()},
        rubric_id=m["rubric"], package_version=pv.version, manifest_hash=pv.manifest_hash,
        package_sha256=pv.package_sha256, manifest=m)
