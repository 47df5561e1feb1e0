"""Receipts and the change feed, written inside the caller's locked transaction.

Both sequences are gap-free because every writer holds the "seq" lock (db.lock_seq)
from before it reads the last number until it commits.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.rubric.canonical import canonical_bytes
from workbench.signing.ecdsa import sign_b64
from workbench.sync.hub.models import Change, Receipt
from workbench.sync.receipts import ALG, receipt_hash, receipt_payload


def issue_receipt(s: Session, hub, kind: str, document: str, arrived_at: str) -> dict:  # noqa: ANN001 - Hub
    last = s.execute(select(Receipt).order_by(Receipt.seq.desc()).limit(1)).scalar_one_or_none()
    r: dict = {"hub_id": hub.hub_id, "kind": kind, "document": document, "arrived_at": arrived_at,
               "seq": 1 if last is None else last.seq + 1, "prev": None if last is None else last.hash}
    r["signature"] = {"alg": ALG, "value": sign_b64(hub.key, receipt_payload(r))}
    s.add(Receipt(seq=r["seq"], document=document, kind=kind, hash=receipt_hash(r),
                  body=canonical_bytes(r).decode("utf-8")))
    return r


def receipt_for(s: Session, document: str) -> dict | None:
    row = s.execute(select(Receipt.body).where(Receipt.document == document)).scalar_one_or_none()
    return None if row is None else json.loads(row)


def add_change(s: Session, kind: str, item_id: str, doc_hash: str, school: str | None) -> int:
    seq = (s.execute(select(func.max(Change.seq))).scalar() or 0) + 1
    s.add(Change(seq=seq, kind=kind, item_id=item_id, hash=doc_hash, school=school))
    return seq
