"""Open the workspace database: SQLite in WAL mode, migrated to the newest schema.

Pragmas are set per connection (SQLite forgets them): WAL so readers never block the
writer, synchronous=FULL so a committed score survives a power cut, foreign keys on,
and a busy timeout so a second thread waits instead of failing. Transactions start with
BEGIN IMMEDIATE: two threads that both write queue on the lock at BEGIN, instead of one
failing with "database is locked" when it tries to upgrade a read lock mid-transaction.

A read-only workspace (a write-protected stick, a folder without write permission) is
opened with `mode=ro`, which reads a WAL database only when its -wal and -shm files exist
or can be created; when they cannot (the usual case: a cleanly closed workspace on a
read-only medium), with `immutable=1`, which reads the main file alone and is right then
because nothing can change it. No pragma that writes is run, and `query_only` refuses
any write with SQLITE_READONLY (see workbench.store.faults).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from workbench.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's revision id. Opening a workspace already at this revision needs
# no Alembic at all (importing it costs ~120 ms of start-up); a test keeps this constant
# equal to Alembic's head.
SCHEMA_HEAD = "0006"
# Every revision this version knows (a test keeps it equal to Alembic's history). A workspace
# at any other revision was made by a newer workbench: Alembic would fail with "Can't locate
# revision", so it is refused in plain words before Alembic runs.
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005", "0006"})


def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see module docstring)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _on_begin(conn) -> None:  # noqa: ANN001
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _on_connect_ro(dbapi_conn, _record) -> None:  # noqa: ANN001
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _on_begin_ro(conn) -> None:  # noqa: ANN001
    conn.exec_driver_sql("BEGIN")


def make_engine(db_path: Path, *, read_only: bool = False) -> Engine:
    if read_only:
        uri = read_only_uri(db_path)
        engine = create_engine(f"sqlite:///{db_path}", creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=10))
        event.listen(engine, "connect", _on_connect_ro)
        event.listen(engine, "begin", _on_begin_ro)
        return engine
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def read_only_uri(db_path: Path) -> str:
    """The URI that reads `db_path` without writing anything (see the module docstring).

    Raises sqlite3.Error when the file cannot be read at all.
    """
    base = db_path.resolve().as_uri()
    uri = f"{base}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return uri
        finally:
            con.close()
    except sqlite3.OperationalError:
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            raise  # immutable=1 would silently ignore the last changes kept in the -wal file
    return f"{base}?immutable=1"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def schema_version(engine: Engine) -> str | None:
    """The workspace's Alembic revision, or None for a new, empty database."""
    with engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except OperationalError as e:
            if "no such table" in str(e.orig):
                return None
            raise


def check_known_revision(version: str | None) -> None:
    """Refuse a workspace whose schema revision this workbench does not know (a newer one's)."""
    if version is not None and version not in KNOWN_REVISIONS:
        shown = version if version.isprintable() and len(version) <= 40 else repr(version[:40])
        raise StoreError(f"this workspace was made by a newer version of Workbench (schema {shown}); "
                         "install that version or open another workspace")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op (one cheap query) when it is."""
    version = schema_version(engine)
    if version == SCHEMA_HEAD:
        return
    check_known_revision(version)
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
