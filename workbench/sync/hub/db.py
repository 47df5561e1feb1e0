"""The hub's database: SQLite (WAL, synchronous=FULL) by default, PostgreSQL by URL.

Transactions that accept something take the "seq" counter row first (`lock_seq`):
`SELECT … FOR UPDATE` on PostgreSQL, and on SQLite every transaction begins IMMEDIATE,
which takes the database's write lock. Either way accepting writes run one at a time
across every worker process, and checks made after the lock see every earlier commit
(PostgreSQL's READ COMMITTED takes a fresh snapshot per statement).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from workbench.sync.hub.errors import HubError
from workbench.sync.hub.models import Counter

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0001"  # newest migration; tests keep it equal to Alembic's head
VERSION_TABLE = "hub_alembic_version"  # not "alembic_version": the hub may share a database


def _sqlite_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn) -> None:  # noqa: ANN001
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_read(conn) -> None:  # noqa: ANN001
    conn.exec_driver_sql("BEGIN DEFERRED")


def make_engine(url: str, *, reader: bool = False) -> Engine:
    """An engine; `reader` on SQLite: transactions begin DEFERRED, so reads (request
    authentication, pulls) never queue on the write lock (WAL readers do not block)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin_read if reader else _sqlite_begin)
        return engine
    if url.startswith("postgresql"):
        return create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8)
    raise HubError("malformed", f"database URL {url.split(':', 1)[0]}:… is neither sqlite nor postgresql",
                   "数据库地址既不是 sqlite 也不是 postgresql")


def alembic_config():  # noqa: ANN201 - alembic imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    except (OperationalError, ProgrammingError):
        return None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse one this workbench does not know."""
    rev = current_revision(engine)
    if rev == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    cfg = alembic_config()
    try:
        known = rev is None or ScriptDirectory.from_config(cfg).get_revision(rev) is not None
    except CommandError:
        known = False
    if not known:
        raise HubError("unavailable", f"the hub database is at schema {rev!r}, which this workbench does not know "
                       "(made by a newer version?): run the newer workbench, or restore a backup",
                       "中心数据库结构版本未知(可能由更新的版本创建)")
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except CommandError as e:
        raise HubError("unavailable", f"cannot migrate the hub database: {e}", "无法升级中心数据库") from None


def check_schema(engine: Engine) -> None:
    rev = current_revision(engine)
    if rev != SCHEMA_HEAD:
        raise HubError("unavailable", f"the hub database is at schema {rev or 'none'}, not {SCHEMA_HEAD}: "
                       "run `workbench hub serve` or `hub init` to migrate it",
                       "中心数据库结构不是最新版本:请运行 workbench hub serve 或 hub init")


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(maker: sessionmaker[Session]) -> Iterator[Session]:
    """One committed transaction (rolled back on any exception)."""
    with maker() as s, s.begin():
        yield s


def lock_seq(s: Session) -> int:
    """Take the write lock and return the last sequence number used."""
    return s.execute(select(Counter.value).where(Counter.name == "seq").with_for_update()).scalar_one()


def set_seq(s: Session, value: int) -> None:
    s.execute(Counter.__table__.update().where(Counter.name == "seq").values(value=value))
