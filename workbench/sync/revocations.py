"""A hub's certificate revocation reaching the laptop (docs/sync-client.md, "Revocations").

The hub's change feed names a `revocation` by "sha256:" + the revoked certificate's
fingerprint; the document (workbench.sync.hub.pull.revocation_document) is
`{"format": "workbench-revocation/1", "hub_id", "fingerprint", "certificate", "name", "role",
"revoked_at", "signature": {"alg": "ES256", "value"}}`, canonical JSON signed with the hub's
key over the document without "signature", as receipts are. Nothing in it is trusted until:
the signature verifies with the certificate of the hub we talk to (pinned by the settings,
checked by `HubClient.hub_info`), `hub_id` is that hub's, and `fingerprint` is the SHA-256
of the certificate's DER and the name the feed gave. Only then is it kept, as received
(`sync_documents`, kind "revocation"); workbench.store.panel_store.PanelStore.revoked reads
it back and workbench.panel.revoked says what it means for a signature.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from workbench.errors import SignatureError, WorkbenchError
from workbench.rubric.canonical import canonical_bytes
from workbench.signing.ecdsa import decode_b64_signature, verify_low_s
from workbench.signing.identity import fingerprint, load_cert_pem
from workbench.store.outbox import has_received, keep_received
from workbench.store.panel_store import REVOCATION_KIND

FORMAT = "workbench-revocation/1"
FIELDS = frozenset({"format", "hub_id", "fingerprint", "certificate", "name", "role", "revoked_at", "signature"})
MAX_BYTES = 64 * 1024


class RevocationError(WorkbenchError):
    """A revocation document that does not verify; nothing was stored."""

    code = "revocation_refused"


@dataclass(frozen=True)
class Revocation:
    doc_hash: str  # "sha256:" + fingerprint: its name in the hub's feed and in sync_documents
    fingerprint: str
    name: str
    role: str
    revoked_at: str
    hub_id: str


def _refuse(msg: str) -> RevocationError:
    return RevocationError(f"revocation from the hub refused: {msg}",
                           hint="nothing was stored; tell the hub's admin (the document may have been changed)")


def verify_revocation(data: bytes, hub_cert: x509.Certificate, *, hub_id: str,
                      name: str | None = None) -> Revocation:
    """Check a revocation document against the hub we talk to; RevocationError if anything is off.

    `name`, when given, is the "sha256:<fingerprint>" the change feed named it by."""
    if len(data) > MAX_BYTES:
        raise _refuse("the document is too large")
    try:
        doc = json.loads(data)
    except ValueError:
        raise _refuse("not JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or set(doc) != FIELDS:
        raise _refuse(f"not a {FORMAT} document with exactly the fields {', '.join(sorted(FIELDS))}")
    if not all(isinstance(doc[k], str) for k in FIELDS - {"signature"}):
        raise _refuse("a field that should be text is not")
    sig = doc["signature"]
    if not isinstance(sig, dict) or set(sig) != {"alg", "value"} or sig["alg"] != "ES256":
        raise _refuse("the signature is not {alg: ES256, value}")
    try:
        verify_low_s(hub_cert.public_key(), decode_b64_signature(sig["value"]),
                     canonical_bytes({k: v for k, v in doc.items() if k != "signature"}))
    except SignatureError:
        raise _refuse("the hub's signature does not verify (not signed by the hub we talk to, or changed)") from None
    if doc["hub_id"] != hub_id:
        raise _refuse(f"it is from hub {doc['hub_id']!r}, not from {hub_id!r}, the hub we talk to")
    try:
        cert = load_cert_pem(doc["certificate"], what="the revoked certificate")
    except WorkbenchError:
        raise _refuse("the revoked certificate is damaged") from None
    fp = fingerprint(cert)
    if doc["fingerprint"] != fp:
        raise _refuse(f"the fingerprint {doc['fingerprint'][:16]}… is not the SHA-256 of its certificate ({fp[:16]}…)")
    if name is not None and name != "sha256:" + fp:
        raise _refuse(f"the hub named it {name[:23]}…, but it revokes certificate {fp[:16]}…")
    at = doc["revoked_at"]
    try:
        if not at.endswith("Z"):
            raise ValueError
        dt.datetime.fromisoformat(at[:-1] + "+00:00")
    except ValueError:
        raise _refuse("revoked_at is not a UTC time (…Z)") from None
    return Revocation("sha256:" + fp, fp, doc["name"], doc["role"], at, hub_id)


def store_revocation(ws: Any, data: bytes, rev: Revocation) -> bool:
    """Keep a verified revocation as evidence; False when this certificate's was already kept."""
    return keep_received(ws, rev.doc_hash, REVOCATION_KIND, None, data, rev.hub_id)


def receive_revocation(ws: Any, data: bytes, hub_cert: x509.Certificate, *, hub_id: str,
                       name: str | None = None) -> Revocation | None:
    """verify_revocation, then store_revocation: a refused document stores nothing; None when
    this certificate's revocation was already kept."""
    rev = verify_revocation(data, hub_cert, hub_id=hub_id, name=name)
    return rev if store_revocation(ws, data, rev) else None


def pull_revocation(ws: Any, client: Any, doc_hash: str) -> Revocation | None:
    """Fetch, verify and keep the revocation the feed named `doc_hash`; None when already kept.

    The document is named by the certificate, not by its bytes, so it is fetched with a plain
    signed GET (HubClient.document checks a hash of the bytes) and checked here instead."""
    from workbench.sync import protocol as P

    if has_received(ws, doc_hash):
        return None
    info = client.hub_info()  # the hub's certificate, checked against the pin
    data = client.request("GET", P.document_path(doc_hash)).content
    return receive_revocation(ws, data, info.certificate, hub_id=info.hub_id, name=doc_hash)
