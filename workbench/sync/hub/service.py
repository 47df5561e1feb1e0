"""The hub as a library: configuration, database, blob store and key in one object.

The HTTP app (`app.py`) and the operator's commands (`workbench hub …`) both work
through a `Hub`; nothing in it outlives a request except immutable configuration.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from sqlalchemy import Engine

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


def init_hub(data: Path, *, name: str, db_url: str | None = None) -> Hub:
    """Make a new hub in `data`: hub.json, key and certificate, the migrated database."""
    if (data / CONFIG_FILE).exists():
        raise HubError("conflict", f"{data}: already holds a hub (hub.json)",
                       f"{data}:已存在中心(hub.json)")
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HubError("malformed", f"{data}: cannot create the folder ({e.strerror})",
                       f"{data}:无法创建目录") from None
    hub_id = str(uuid.uuid4())
    make_hub_key(data, name, hub_id)
    cfg = {"hub_id": hub_id, "name": name, "db": db_url, "protocol": PROTOCOL_VERSION}
    atomic_write(data / CONFIG_FILE, json.dumps(cfg, ensure_ascii=False, indent=2).encode("utf-8"),
                 mode=0o600, what="hub configuration")
    return Hub.open(data, upgrade=True)
