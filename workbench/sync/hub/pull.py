"""What a client reads: the change feed, documents, receipts, conflicts, all filtered to
what concerns the caller (docs/sync-protocol.md, "Pull")."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, or_, select

from workbench.sync.hub import access
from workbench.sync.hub.auth import Caller
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.models import Change, Conflict, Document, Enrollment, Package, Receipt
from workbench.sync.hub.service import Hub
from workbench.sync.protocol import DOC_HASH_RE, SHA256_RE


def changes(hub: Hub, caller: Caller, since: int, limit: int, school: str | None = None) -> dict:
    with hub.reader() as s:
        # the newest seq first: every lower seq is committed (writers hold the seq lock), so a
        # cursor past it skips nothing, even when a change commits while we read
        top = s.execute(select(func.max(Change.seq))).scalar() or 0
        q = select(Change).where(Change.seq > since, Change.seq <= top)
        if school is not None:
            q = q.where(or_(Change.school == school, Change.school.is_(None)))
        if caller.role != "admin":  # rubrics and revocations concern everyone
            q = q.where(or_(Change.kind.in_(("rubric", "revocation")),
                            Change.school.in_(access.schools_of(s, caller.fingerprint))))
        rows = s.execute(q.order_by(Change.seq).limit(limit + 1)).scalars().all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if more else max(top, since)
    return {"cursor": cursor, "more": more,
            "changes": [{"seq": c.seq, "kind": c.kind, "id": c.item_id, "hash": c.hash, "school": c.school}
                        for c in rows]}


def receipts(hub: Hub, since: int, limit: int) -> dict:
    with hub.reader() as s:
        rows = s.execute(select(Receipt.body).where(Receipt.seq > since).order_by(Receipt.seq)
                         .limit(limit)).scalars().all()
        last = s.execute(select(func.max(Receipt.seq))).scalar() or 0
    return {"receipts": [json.loads(b) for b in rows], "last_seq": last}


def document(hub: Hub, caller: Caller, name: str) -> tuple[bytes | Path, str]:
    """(bytes or a blob path, media type) of a document the caller may read; 404 otherwise."""
    h = name if name.startswith("sha256:") else "sha256:" + name
    if not DOC_HASH_RE.match(h):
        raise HubError("not_found", "a document is named sha256:<64 hex>", "文件名称应为 sha256:<64 位十六进制>")
    with hub.reader() as s:
        doc = s.get(Document, h)
        if doc is not None:
            if not access.may_read(s, caller, doc):
                raise HubError("not_found")
            media = {"sheet": "application/vnd.workbench.sheet+json",
                     "panel": "application/vnd.workbench.panel+json"}.get(doc.kind, "application/json")
            return doc.body, media
        pkg = s.get(Package, h[7:])
        if pkg is not None and (caller.role == "admin" or access.on_panel(s, caller.fingerprint, pkg.school)):
            return hub.blobs.path(pkg.sha256), "application/vnd.workbench.package"
        e = access.enrollment(s, h[7:])
        if e is not None and e.revoked_at is not None:
            return revocation_document(hub, e), "application/json"
    raise HubError("not_found")


def revocation_document(hub: Hub, e: Enrollment) -> bytes:
    """What a `revocation` change names ("sha256:" + the certificate's fingerprint, which is the
    SHA-256 of its DER): the certificate and when the hub revoked it, signed with the hub's key
    (canonical JSON without "signature", as receipts are), so a client can keep it as evidence."""
    from workbench.rubric.canonical import canonical_bytes
    from workbench.signing.ecdsa import sign_b64

    doc = {"format": "workbench-revocation/1", "hub_id": hub.hub_id, "fingerprint": e.fingerprint,
           "certificate": e.certificate, "name": e.name, "role": e.role, "revoked_at": e.revoked_at}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(hub.key, canonical_bytes(doc))}
    return canonical_bytes(doc) + b"\n"


def conflicts(hub: Hub, caller: Caller) -> dict:
    with hub.reader() as s:
        q = select(Conflict).order_by(Conflict.id)
        if caller.role != "admin":
            stored_mine = select(Document.hash).where(Document.signer == caller.fingerprint)
            q = q.where(or_(Conflict.requester == caller.fingerprint, Conflict.stored_hash.in_(stored_mine)))
        rows = s.execute(q).scalars().all()
    return {"conflicts": [{"id": c.id, "kind": c.kind, "key": c.key, "reason": c.reason, "stored": c.stored_hash,
                           "incoming": c.incoming_hash, "requester": c.requester, "arrived_at": c.arrived_at}
                          for c in rows]}


def check_blob_name(sha: str) -> str:
    if not SHA256_RE.match(sha):
        raise HubError("not_found", "a blob is named by 64 lowercase hex digits", "附件名称应为 64 位小写十六进制")
    return sha
