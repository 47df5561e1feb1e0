"""A hub's signed revocation reaching a workspace, as a sync round brings it (issue 11).

Real documents: the revocation is signed by a hub identity and goes through the same
verification as one pulled from a hub (workbench.sync.revocations.receive_revocation).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbench.rubric.canonical import canonical_bytes
from workbench.signing.ecdsa import sign_b64
from workbench.signing.identity import Identity
from workbench.sync.revocations import receive_revocation

HUB_ID = "hub-test"


def stamp(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def revoke(ws: Any, hub: Identity, passphrase: str, ident: Identity, at: dt.datetime | None = None) -> str:
    """Store the hub's revocation of `ident`'s certificate in `ws`; returns its revoked_at."""
    doc = {"format": "workbench-revocation/1", "hub_id": HUB_ID, "fingerprint": ident.fingerprint,
           "certificate": ident.cert_pem, "name": ident.name, "role": ident.role,
           "revoked_at": stamp(at or dt.datetime.now(dt.UTC))}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(hub.private_key(passphrase), canonical_bytes(doc))}
    assert receive_revocation(ws, canonical_bytes(doc) + b"\n", hub.cert, hub_id=HUB_ID) is not None
    return doc["revoked_at"]
