"""A throw-away PostgreSQL server on a loopback port, as NOTES.md describes.

`initdb` refuses to run as root (and sessions and CI run as root), so when we are root the
cluster is made and run as the `postgres` user in a temporary folder it owns. Debian's
binaries live in /usr/lib/postgresql/<version>/bin. Each test gets its own database.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "wb"


def pg_bin() -> Path | None:
    """The newest Debian PostgreSQL bin folder with initdb and pg_ctl, or $PATH's, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    owner: str | None  # the OS user running the server (postgres when we are root)

    @property
    def base_url(self) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}"

    def url(self, dbname: str) -> str:
        return f"{self.base_url}/{dbname}"

    def _admin(self):
        import psycopg
        return psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres", autocommit=True)

    def create_database(self, prefix: str = "hub") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self._admin() as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run(_as_owner([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast",
                                  "-w", "stop"], self.owner), capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def start_postgres(*, durable: bool = False) -> PgServer:
    """initdb + pg_ctl start on a free loopback port. `durable=False` turns fsync off: the
    tests kill the hub, never PostgreSQL, so durability of the test cluster is not in question."""
    bindir = pg_bin()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found; apt-get install postgresql")
    owner = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="wb-pg-"))
    if owner:
        shutil.chown(root, owner, owner)
    run = lambda cmd: subprocess.run(_as_owner(cmd, owner), capture_output=True, text=True, timeout=120)  # noqa: E731
    r = run([str(bindir / "initdb"), "-D", str(root / "data"), "-A", "trust", "-U", USER, "-E", "UTF8",
             "--no-sync", "--locale=C"])
    if r.returncode:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {r.stderr.strip()[-400:]}")
    port = free_port()
    opts = f"-p {port} -h 127.0.0.1 -k {root} -c max_connections=200"
    if not durable:
        opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    r = run([str(bindir / "pg_ctl"), "-D", str(root / "data"), "-o", opts, "-l", str(root / "log"), "-w",
             "-t", "60", "start"])
    if r.returncode:
        log = (root / "log").read_text(errors="replace")[-400:] if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {r.stderr.strip()[-300:]} {log}")
    return PgServer(bindir, root, port, owner)


@contextlib.contextmanager
def postgres(**kw) -> Iterator[PgServer]:
    srv = start_postgres(**kw)
    try:
        yield srv
    finally:
        srv.stop()
