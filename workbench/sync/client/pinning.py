"""Which hub we are talking to: the TLS context, and the hub's own certificate checked against
the fingerprint the chair's screen shows (the pin) and the protocol version we speak."""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography import x509

from workbench.errors import WorkbenchError
from workbench.signing.identity import fingerprint, load_cert_pem
from workbench.sync import protocol as P
from workbench.sync.client.errors import HubMismatch, HubRefused


@dataclass(frozen=True)
class HubInfo:
    hub_id: str
    name: str
    certificate: x509.Certificate
    fingerprint: str
    protocol: int


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's default TLS context (system CAs via certifi), made once per process: loading the
    CA bundle costs 0.1-0.4 s, and a round makes a client per upload thread."""
    return httpx.create_ssl_context()


def normalise_fingerprint(fp: str | None) -> str | None:
    """A fingerprint as typed from the chair's screen (spaces, capitals) in the form we compare."""
    return fp.replace(" ", "").lower() if fp else None


def check_hub(data: Any, *, base_url: str, pinned: str | None) -> HubInfo:
    """The hub's description (`GET /v1/hub`) as HubInfo, refused when malformed, when its
    certificate is not the pinned one, or when it speaks another protocol version."""
    try:
        cert = load_cert_pem(data["certificate"], what="the hub's certificate")
        info = HubInfo(str(data["hub_id"]), str(data.get("name", "")), cert, fingerprint(cert),
                       int(data.get("protocol", 0)))
    except (KeyError, TypeError, ValueError, OverflowError, WorkbenchError):
        raise HubRefused("the hub's description (/v1/hub) is malformed", code="bad_response") from None
    if pinned and info.fingerprint != pinned:
        raise HubMismatch(f"the hub at {base_url} has certificate {info.fingerprint[:16]}…, not the "
                          f"expected {pinned[:16]}…", code="hub_mismatch",
                          hint="compare the fingerprint with the one on the chair's screen; do not connect")
    if info.protocol != P.PROTOCOL_VERSION:
        raise HubRefused(f"the hub speaks protocol {info.protocol}, this workbench {P.PROTOCOL_VERSION}",
                         code="protocol_version", hint="update the workbench or the hub")
    return info
