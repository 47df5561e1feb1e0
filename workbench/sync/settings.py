"""Sync settings kept in the workspace (`ws.get_setting/set_setting`): the hubs, each with
its pinned certificate fingerprint, the identity folder, the time of the last round and
each hub's pull cursor.

Keys (values are JSON):
    sync.hubs            [{"url": "http://…", "fingerprint": "<hex>"|null, "name": "…"}, …]
    sync.identity        "/path/to/identity"   (default: identity/ in the workspace)
    sync.last_round      {"at": "2026-11-27T10:42:00Z", "ok": true, "summary": "…"}
    sync.cursor.<hub_id> 42
A hub is pinned by the SHA-256 of its certificate: the chair's screen shows it, the user
types or confirms it once, and every round refuses a hub whose certificate differs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError

KEY_HUBS = "sync.hubs"
KEY_IDENTITY = "sync.identity"
KEY_LAST_ROUND = "sync.last_round"
KEY_CURSOR = "sync.cursor.{hub}"


class SyncSettingsError(WorkbenchError):
    """A sync setting is missing or malformed."""


@dataclass(frozen=True)
class HubSetting:
    url: str
    fingerprint: str | None = None
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "fingerprint": self.fingerprint, "name": self.name}


def _norm_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url) > 2000 or any(c.isspace() for c in url):
        raise SyncSettingsError(f"not a hub address: {url[:80]!r}", hint="give it as http://HOST:PORT",
                                code="bad_address")
    return url


def norm_fingerprint(fp: str | None) -> str | None:
    if fp is None:
        return None
    out = fp.replace(" ", "").replace(":", "").lower()
    if len(out) != 64 or any(c not in "0123456789abcdef" for c in out):
        raise SyncSettingsError("a hub fingerprint is 64 hexadecimal digits (SHA-256 of its certificate)",
                                hint="copy it from the chair's screen or `workbench hub status`", code="bad_fingerprint")
    return out


def hubs(ws: Any) -> list[HubSetting]:
    raw = ws.get_setting(KEY_HUBS)
    if not raw:
        return []
    try:
        items = json.loads(raw)
        return [HubSetting(str(h["url"]), h.get("fingerprint"), str(h.get("name", ""))) for h in items]
    except (ValueError, KeyError, TypeError):
        raise SyncSettingsError("the workspace's hub list (sync.hubs) is damaged",
                                hint="set the hub again with `workbench sync --hub URL`", code="hubs_damaged") from None


def set_hubs(ws: Any, items: list[HubSetting]) -> None:
    ws.set_setting(KEY_HUBS, json.dumps([h.to_json() for h in items], ensure_ascii=False))


def add_hub(ws: Any, url: str, fingerprint: str | None = None, name: str = "") -> HubSetting:
    """Add a hub (or update its pin and name); the list keeps its order."""
    h = HubSetting(_norm_url(url), norm_fingerprint(fingerprint), name)
    items = [x for x in hubs(ws) if x.url != h.url]
    old = next((x for x in hubs(ws) if x.url == h.url), None)
    if old is not None:  # keep what this call does not say
        h = HubSetting(h.url, h.fingerprint or old.fingerprint, name or old.name)
    set_hubs(ws, [*items, h] if old is None else [h if x.url == h.url else x for x in hubs(ws)])
    return h


def remove_hub(ws: Any, url: str) -> None:
    set_hubs(ws, [x for x in hubs(ws) if x.url != _norm_url(url)])


def pin(ws: Any, url: str, fingerprint: str) -> None:
    add_hub(ws, url, fingerprint)


def identity_dir(ws: Any) -> Path:
    raw = ws.get_setting(KEY_IDENTITY)
    return Path(json.loads(raw)) if raw else Path(ws.root) / "identity"


def set_identity_dir(ws: Any, path: str | Path) -> None:
    ws.set_setting(KEY_IDENTITY, json.dumps(str(Path(path).expanduser().resolve())))


def cursor(ws: Any, hub_id: str) -> int:
    raw = ws.get_setting(KEY_CURSOR.format(hub=hub_id))
    try:
        return max(0, int(raw)) if raw else 0
    except ValueError:
        return 0


def set_cursor(ws: Any, hub_id: str, value: int) -> None:
    ws.set_setting(KEY_CURSOR.format(hub=hub_id), str(int(value)))


def last_round(ws: Any) -> dict[str, Any] | None:
    """{"at": ISO time, "ok": bool, "summary": str} of the last round, or None."""
    raw = ws.get_setting(KEY_LAST_ROUND)
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def last_round_time(ws: Any) -> dt.datetime | None:
    lr = last_round(ws)
    if not lr or not lr.get("at"):
        return None
    try:
        return dt.datetime.fromisoformat(str(lr["at"]).replace("Z", "+00:00"))
    except ValueError:
        return None


def set_last_round(ws: Any, ok: bool, summary: str, at: dt.datetime | None = None) -> None:
    t = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    ws.set_setting(KEY_LAST_ROUND, json.dumps({"at": t.isoformat().replace("+00:00", "Z"), "ok": ok,
                                               "summary": summary}, ensure_ascii=False))
