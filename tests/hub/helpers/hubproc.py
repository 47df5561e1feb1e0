"""The real hub as a subprocess: `workbench hub init`, then `workbench hub serve` (uvicorn)
on a free loopback port, waited for through `GET /v1/hub`, killed by process group.

Also a snapshot of everything the hub keeps (database rows but the nonce table, blob and
upload files), so a test can assert that a refused request changed nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from helpers.pg import free_port

ENV_DATA, ENV_DB = "WORKBENCH_HUB_DATA", "WORKBENCH_HUB_DB"


def workbench_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "workbench", *args]


def _env(data: Path, db_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env[ENV_DATA] = str(data)
    if db_url:
        env[ENV_DB] = db_url
    else:
        env.pop(ENV_DB, None)
    env.pop("WORKBENCH_HOME", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(*args: str, data: Path, db_url: str | None = None, check: bool = True,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(workbench_cmd(*args), env=_env(data, db_url), capture_output=True, text=True,
                       timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError(f"workbench {' '.join(args)} exited {r.returncode}: {r.stderr.strip()[-800:]}")
    return r


def has_hub_cli() -> bool:
    """Whether `workbench hub …` exists yet (until it does: the Python API and uvicorn)."""
    import importlib.util
    return importlib.util.find_spec("workbench.cli.cmd_hub") is not None


def init_hub(data: Path, admin_cert: Path, *, db_url: str | None = None, name: str = "测试中心",
             cli: bool = False) -> None:
    """`workbench hub init` as a subprocess (cli=True), or the same two calls it makes
    in-process (service.init_hub, admin.enroll), which saves a Python start per hub."""
    if cli and has_hub_cli():
        args = ["hub", "init", "--data", str(data), "--admin", str(admin_cert), "--name", name]
        if db_url:
            args += ["--db", db_url]
        run_cli(*args, data=data, db_url=db_url)
        return
    from workbench.sync.hub import admin, service
    hub = service.init_hub(data, name=name, db_url=db_url)
    try:
        admin.enroll(hub, admin_cert.read_bytes(), "admin")
    finally:
        hub.close()


@dataclass
class HubProcess:
    """One `workbench hub serve` on 127.0.0.1; `kill()` is a kill -9 of every worker."""

    data: Path
    db_url: str | None = None
    workers: int = 1
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.data.parent / f"{self.data.name}-serve.log"

    def start(self, timeout: float = 60) -> HubProcess:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        if has_hub_cli():
            cmd = workbench_cmd("hub", "serve", "--data", str(self.data), "--host", "127.0.0.1",
                                "--port", str(self.port), "--workers", str(self.workers))
        else:
            cmd = [sys.executable, "-m", "uvicorn", "--factory", "workbench.sync.hub.app:app_from_env",
                   "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)]
        logf = self.log.open("ab")
        self.proc = subprocess.Popen(cmd, env=_env(self.data, self.db_url), stdout=logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        self.starts += 1
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.proc.returncode}: {self.tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/v1/hub", timeout=2, trust_env=False).status_code == 200:
                    if self.workers > 1:
                        self._wait_workers(deadline)
                    return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the hub did not answer GET /v1/hub within {timeout:.0f} s: {self.tail()}")

    def _wait_workers(self, deadline: float) -> None:
        """With several workers, wait until each has started (their log lines), so that the
        concurrency tests really run against all of them."""
        while time.monotonic() < deadline:
            if self.log.read_text(errors="replace").count("Application startup complete") >= self.workers * self.starts:
                return
            time.sleep(0.1)

    def tail(self, n: int = 1500) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def _signal(self, sig: int) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def kill(self) -> None:
        """kill -9 the server and every worker it forked (one process group)."""
        self._signal(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # a worker left behind by a dead parent

    def stop(self) -> None:
        if self.proc is None:
            return
        self._signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(15)
        self.kill()


# -- what the hub keeps -------------------------------------------------------------------------
VOLATILE_TABLES = {"nonces"}  # a refused request may still consume its nonce (by design)


def db_snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every hub table but the volatile ones, sorted: equal iff nothing changed."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        md = sa.MetaData()
        md.reflect(engine)
        out: dict[str, list[tuple]] = {}
        with engine.connect() as c:
            for name, table in sorted(md.tables.items()):
                if name in VOLATILE_TABLES:
                    continue
                out[name] = sorted((tuple(r) for r in c.execute(sa.select(table))), key=repr)
        return out
    finally:
        engine.dispose()


def files_snapshot(root: Path) -> dict[str, str]:
    out = {}
    for sub in ("blobs", "uploads"):
        base = root / sub
        if base.exists():
            for p in sorted(base.rglob("*")):
                if p.is_file():
                    out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
