"""The panel hub on the school's Wi-Fi: announced and found with mDNS/DNS-SD (zeroconf).

The chair's laptop announces its hub as `_workbench-hub._tcp.local.` (docs/sync-lan.md)
with TXT keys v, proto, id, fp, school, name. Anyone on the network can announce anything,
so a found hub is never trusted for what it says: `join()` fetches the hub's certificate
itself and pins it only when its SHA-256 starts with what the member typed from the
chair's screen (at least four groups of four) and equals the announced one. No Qt here.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from zeroconf import (
    BadTypeInNameException,
    InterfaceChoice,
    IPVersion,
    NonUniqueNameException,
    ServiceBrowser,
    ServiceInfo,
    ServiceListener,
    Zeroconf,
)

from workbench.errors import WorkbenchError
from workbench.signing.certs import fingerprint, format_fingerprint
from workbench.sync.protocol import PROTOCOL_VERSION

SERVICE_TYPE = "_workbench-hub._tcp.local."
TXT_VERSION = "1"
MIN_TYPED_HEX = 16  # four groups of four: 64 bits a forger would have to match
MAX_SCHOOLS_TXT = 200  # a TXT value is at most 255 bytes

Interfaces = InterfaceChoice | Sequence[str]


class LanError(WorkbenchError):
    """Announcing, finding or joining a hub on the local network failed."""


@dataclass(frozen=True)
class FoundHub:
    """A hub some laptop announces nearby (what it says about itself: unverified)."""

    service: str        # the DNS-SD instance name
    name: str
    hub_id: str
    fingerprint: str    # announced SHA-256 of its certificate (64 hex)
    schools: tuple[str, ...]
    protocol: int
    host: str
    port: int

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def fingerprint_groups(self) -> str:
        return format_fingerprint(self.fingerprint)


def _zc(interfaces: Interfaces | None) -> Zeroconf:
    ifs: Any = InterfaceChoice.All if interfaces is None else interfaces
    try:
        return Zeroconf(interfaces=ifs, ip_version=IPVersion.V4Only)
    except OSError as e:
        raise LanError(f"cannot use the local network for discovery ({e.strerror or e})",
                       hint="check that Wi-Fi is on; you can still type the hub's address", code="lan_unavailable") from None


def _instance_label(name: str, hub_id: str) -> str:
    # DNS-SD instance names are at most 63 bytes; the hub id's start keeps two hubs apart
    base = "".join(c for c in name if c.isprintable() and c != ".").strip() or "workbench hub"
    label = f"{base} ({hub_id[:8]})"
    while len(label.encode("utf-8")) > 63:
        base = base[:-1]
        label = f"{base} ({hub_id[:8]})"
    return label


class Announcement:
    """One hub announced on the LAN until `close()` (also a context manager)."""

    def __init__(self, *, hub_id: str, name: str, fingerprint: str, port: int, addresses: Iterable[str],
                 schools: Iterable[str] = (), interfaces: Interfaces | None = None) -> None:
        fp = fingerprint.replace(" ", "").lower()
        if len(fp) != 64:
            raise LanError("a hub's fingerprint is 64 hexadecimal digits", code="bad_fingerprint")
        addrs = [socket.inet_aton(a) for a in addresses]
        school_txt = ",".join(schools)
        if len(school_txt) > MAX_SCHOOLS_TXT:
            school_txt = school_txt[:MAX_SCHOOLS_TXT].rsplit(",", 1)[0]
        self.info = ServiceInfo(
            SERVICE_TYPE, f"{_instance_label(name, hub_id)}.{SERVICE_TYPE}", port=port, addresses=addrs,
            properties={"v": TXT_VERSION, "proto": str(PROTOCOL_VERSION), "id": hub_id, "fp": fp,
                        "school": school_txt, "name": name[:120]},
            server=f"wb-{hub_id[:8]}.local.")
        self.zc = _zc(interfaces)
        try:
            self.zc.register_service(self.info, allow_name_change=True)
        except (NonUniqueNameException, BadTypeInNameException, OSError) as e:
            self.zc.close()
            raise LanError(f"cannot announce the hub on the local network ({e})", code="lan_unavailable") from None

    @property
    def service_name(self) -> str:
        return self.info.name

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the network may already be gone
            self.zc.unregister_service(self.info)
        self.zc.close()

    def __enter__(self) -> Announcement:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text(props: dict[bytes, bytes | None], key: str) -> str:
    v = props.get(key.encode())
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else ""


def _found(info: ServiceInfo) -> FoundHub | None:
    props = info.properties or {}
    fp = _text(props, "fp").lower()
    addrs = info.parsed_addresses(IPVersion.V4Only)
    if len(fp) != 64 or any(c not in "0123456789abcdef" for c in fp) or not addrs or not info.port:
        return None  # not one of ours, or malformed: not listed
    try:
        proto = int(_text(props, "proto") or 0)
    except ValueError:
        proto = 0
    schools = tuple(s for s in _text(props, "school").split(",") if s)
    return FoundHub(info.name, _text(props, "name") or info.name.split(".")[0], _text(props, "id"), fp, schools,
                    proto, addrs[0], int(info.port))


class _Collect(ServiceListener):
    def __init__(self) -> None:
        self.names: set[str] = set()
        self.lock = threading.Lock()

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        with self.lock:
            self.names.add(name)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.add_service(zc, type_, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        with self.lock:
            self.names.discard(name)


def browse(timeout: float = 3.0, *, interfaces: Interfaces | None = None,
           cancel: Callable[[], bool] | None = None) -> list[FoundHub]:
    """Hubs announced nearby within `timeout` seconds (blocking: run it off the UI thread)."""
    zc = _zc(interfaces)
    listener = _Collect()
    browser = ServiceBrowser(zc, SERVICE_TYPE, listener)
    try:
        deadline = time.monotonic() + max(0.1, timeout)
        while time.monotonic() < deadline and not (cancel and cancel()):
            time.sleep(0.05)
        out: dict[str, FoundHub] = {}
        with listener.lock:
            names = sorted(listener.names)
        for name in names:
            info = zc.get_service_info(SERVICE_TYPE, name, timeout=1500)
            hub = _found(info) if info is not None else None
            if hub is not None:
                out[hub.service] = hub
        return sorted(out.values(), key=lambda h: (h.name, h.url))
    finally:
        browser.cancel()
        zc.close()


# -- joining -----------------------------------------------------------------------------------
def normalise_typed(typed: str) -> str:
    return "".join(c for c in typed.lower() if c not in " :-\t")


def check_typed(typed: str, actual_fp: str) -> None:
    """The member's typed groups must be at least four groups and start the actual fingerprint."""
    t = normalise_typed(typed)
    if len(t) < MIN_TYPED_HEX or any(c not in "0123456789abcdef" for c in t):
        raise LanError(f"type at least the first {MIN_TYPED_HEX // 4} groups of the fingerprint the chair's "
                       "screen shows (digits 0-9 and letters a-f)", code="fingerprint_too_short")
    if not actual_fp.startswith(t):
        raise LanError(f"the hub's certificate fingerprint starts {format_fingerprint(actual_fp[:len(t)])}, not "
                       f"{format_fingerprint(t)}: this is not the chair's hub; do not join",
                       hint="compare again with the chair's screen; ask the chair if it still differs",
                       code="fingerprint_differs")


def fetch_fingerprint(url: str, timeout: float = 5.0) -> tuple[str, dict[str, Any]]:
    """(SHA-256 of the certificate the hub at `url` presents, its /v1/hub answer)."""
    from workbench.signing.identity import load_cert_pem

    try:
        resp = httpx.get(url.rstrip("/") + "/v1/hub", timeout=timeout, trust_env=False, follow_redirects=False)
        resp.raise_for_status()
        body = resp.json()
        cert = load_cert_pem(body["certificate"], what="the hub's certificate")
    except httpx.HTTPError as e:
        raise LanError(f"cannot reach the hub at {url} ({type(e).__name__})",
                       hint="check that this laptop is on the same Wi-Fi as the chair's", code="lan_unreachable") from None
    except (ValueError, KeyError, TypeError, WorkbenchError):
        raise LanError(f"the service at {url} is not a workbench hub", code="not_a_hub") from None
    return fingerprint(cert), body


def join(ws: Any, hub: FoundHub, typed: str, *, timeout: float = 5.0) -> str:
    """Pin and add a nearby hub to this workspace's hubs once the typed fingerprint matches
    both the announcement and the certificate the hub really presents. Returns the pin."""
    from workbench.sync import settings

    check_typed(typed, hub.fingerprint)
    actual, body = fetch_fingerprint(hub.url, timeout)
    if actual != hub.fingerprint:
        raise LanError(f"the hub at {hub.url} presents certificate {format_fingerprint(actual[:16])}…, not the "
                       "announced one: do not join", hint="someone else may be answering on this network",
                       code="hub_mismatch")
    check_typed(typed, actual)
    settings.add_hub(ws, hub.url, actual, str(body.get("name") or hub.name))
    return actual
