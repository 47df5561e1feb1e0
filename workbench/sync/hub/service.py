"""The hub as a library: configuration, database, blob store and key in one object.

The HTTP app (`app.py`) and the operator's commands (`workbench hub …`) both work
through a `Hub`; nothing in it outlives a request except immutable configuration.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from workbench.atomic import atomic_write
from workbench.signing.identity import cert_pem, fingerprint
from workbench.sync.hub.blobs import BlobStore
from workbench.sync.hub.config import CONFIG_FILE, HubConfig, load_config
from workbench.sync.hub.db import check_schema, make_engine, migrate, sessions
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.keys import load_hub_key, make_hub_key
from workbench.sync.protocol import PROTOCOL_VERSION


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Hub:
    def __init__(self, config: HubConfig, *, engine: Engine | None = None) -> None:
        self.config = config
        self.engine = engine or make_engine(config.db_url)
        self.maker = sessions(self.engine)  # writers (and anything that must see the latest commit)
        if self.engine.dialect.name == "sqlite":
            self.read_engine: Engine | None = make_engine(config.db_url, reader=True)
            self.reader = sessions(self.read_engine)
        else:
            self.read_engine, self.reader = None, self.maker
        self.blobs = BlobStore(config.blobs, config.uploads)
        self.key, self.cert = load_hub_key(config.data)
        self.fingerprint = fingerprint(self.cert)
        self.cert_pem = cert_pem(self.cert)

    @property
    def hub_id(self) -> str:
        return self.config.hub_id

    @classmethod
    def open(cls, data: Path, *, upgrade: bool = False) -> Hub:
        """Open an initialised data folder; `upgrade` applies migrations (init, serve)."""
        config = load_config(data)
        engine = make_engine(config.db_url)
        if upgrade:
            migrate(engine)
        else:
            check_schema(engine)
        return cls(config, engine=engine)

    def info(self) -> dict:
        return {"hub_id": self.hub_id, "name": self.config.name, "certificate": self.cert_pem,
                "fingerprint": self.fingerprint, "protocol": PROTOCOL_VERSION}

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not None:
            self.read_engine.dispose()


def init_hub(data: Path, *, name: str, db_url: str | None = None, admin_pem: str | None = None) -> Hub:
    """Make a new hub in `data`: hub.json, key and certificate, the migrated database, and
    the first admin enrolled. All of it or nothing: on any failure (a full disk, a database
    that cannot be reached) what was made is removed again and the folder is as it was."""
    if not 0 < len(name.strip()) <= 64 or not name.isprintable():
        raise HubError("malformed", "the hub's name must be 1-64 printable characters (it is its certificate's CN)",
                       "中心名称应为 1–64 个可打印字符")
    if (data / CONFIG_FILE).exists():
        raise HubError("conflict", f"{data}: already holds a hub (hub.json)",
                       f"{data}:已存在中心(hub.json)")
    existed = data.exists()
    try:
        before = set(data.iterdir()) if existed else set()
        data.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HubError("malformed", f"{data}: cannot create the folder ({e.strerror})",
                       f"{data}:无法创建目录") from None
    hub: Hub | None = None
    try:
        hub_id = str(uuid.uuid4())
        make_hub_key(data, name, hub_id)
        cfg = {"hub_id": hub_id, "name": name, "db": db_url, "protocol": PROTOCOL_VERSION}
        atomic_write(data / CONFIG_FILE, json.dumps(cfg, ensure_ascii=False, indent=2).encode("utf-8"),
                     mode=0o600, what="hub configuration")
        hub = Hub.open(data, upgrade=True)
        if admin_pem is not None:
            from workbench.sync.hub.admin import enroll

            enroll(hub, admin_pem, "admin")
        return hub
    except BaseException as e:
        if hub is not None:
            hub.close()
        _remove_new(data, before, existed)
        if isinstance(e, DatabaseError):
            raise HubError("unavailable", f"{data}: cannot create the hub database ({e.orig or e}); nothing was "
                           "kept: free disk space or check --db, then run hub init again",
                           f"{data}:无法创建中心数据库,未保留任何文件") from None
        raise


def _remove_new(data: Path, before: set[Path], existed: bool) -> None:
    """Undo a failed init: remove what it added to `data` (and `data` itself if it made it)."""
    try:
        for p in data.iterdir():
            if p not in before:
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
        if not existed:
            data.rmdir()
    except OSError:
        pass  # best effort: the original error is what the user must see
