"""The hub's data folder: hub.json (id, name, database URL), its key and certificate, blobs.

    DIR/hub.json        {"hub_id", "name", "db", "protocol"}; db null = SQLite DIR/hub.db
    DIR/hub-key.pem     the hub's P-256 private key (PKCS#8, unencrypted, mode 0600)
    DIR/hub-cert.pem    its self-signed certificate (what GET /v1/hub hands out)
    DIR/hub.db          the SQLite database, when no URL is given
    DIR/blobs/ab/<hex>  stored blobs, content-addressed
    DIR/uploads/        uploads in progress

`hub serve` passes the folder to each uvicorn worker in $WORKBENCH_HUB_DATA.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from workbench.sync.hub.errors import HubError

ENV_DATA = "WORKBENCH_HUB_DATA"
ENV_DB = "WORKBENCH_HUB_DB"  # overrides hub.json's database URL (keeps a password out of the file)
CONFIG_FILE, KEY_FILE, CERT_FILE, SQLITE_FILE = "hub.json", "hub-key.pem", "hub-cert.pem", "hub.db"


@dataclass(frozen=True)
class HubConfig:
    data: Path
    hub_id: str
    name: str
    db_url: str

    @property
    def blobs(self) -> Path:
        return self.data / "blobs"

    @property
    def uploads(self) -> Path:
        return self.data / "uploads"


def data_dir(arg: str | Path | None) -> Path:
    """--data, else $WORKBENCH_HUB_DATA; a HubError when neither is given."""
    value = arg if arg else os.environ.get(ENV_DATA)
    if not value:
        raise HubError("malformed", f"no hub data folder: give --data DIR or set ${ENV_DATA}",
                       "未指定中心数据目录:请用 --data DIR 或设置环境变量 " + ENV_DATA)
    return Path(value).expanduser().resolve()


def sqlite_url(data: Path) -> str:
    return f"sqlite:///{data / SQLITE_FILE}"


def load_config(data: Path) -> HubConfig:
    p = data / CONFIG_FILE
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HubError("not_found", f"{data}: not a hub data folder (no {CONFIG_FILE}); "
                       "make one with `workbench hub init --data DIR --admin CERT`",
                       f"{data}:不是中心数据目录(没有 {CONFIG_FILE}),请先运行 workbench hub init") from None
    except (OSError, ValueError) as e:
        raise HubError("malformed", f"{p}: cannot read ({e})", f"{p}:无法读取") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("hub_id"), str):
        raise HubError("malformed", f"{p}: not a hub configuration", f"{p}:不是中心配置文件")
    url = os.environ.get(ENV_DB) or raw.get("db") or sqlite_url(data)
    return HubConfig(data, raw["hub_id"], str(raw.get("name") or "workbench hub"), url)
