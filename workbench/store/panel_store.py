"""The chair's store of collected member sheets and trust roots (tables of migration 0002).

Rows are only ever added: a collected sheet's bytes never change (a newer revision is a
new row), and a trust root is kept once per certificate. Verification and the rules of
collecting live in workbench.panel.collect; this module only stores and reads.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography import x509
from sqlalchemy import select

from workbench.store.models import PanelSheetRow, SyncDocumentRow, TrustRootRow
from workbench.store.workspace import Workspace

if TYPE_CHECKING:
    from workbench.panel.revoked import RevokedMark

REVOCATION_KIND = "revocation"  # sync_documents.kind of a hub's verified revocation (workbench.sync.revocations)


@dataclass(frozen=True)
class StoredSheet:
    sheet_hash: str
    school_code: str
    manifest_hash: str
    reviewer_fp: str
    reviewer_name: str
    sheet_id: str
    revision: int
    supersedes: str | None
    source_name: str
    added_at: dt.datetime | None = None


@dataclass(frozen=True)
class TrustRoot:
    fingerprint: str
    kind: str  # "ca" | "reviewer"
    name: str
    certificate: str  # PEM
    revoked_at: str | None = None  # marked revoked (kept as evidence, never deleted)


def _stored(r: PanelSheetRow) -> StoredSheet:
    return StoredSheet(r.sheet_hash, r.school_code, r.manifest_hash, r.reviewer_fp, r.reviewer_name, r.sheet_id,
                       r.revision, r.supersedes, r.source_name, r.added_at)


class PanelStore:
    """Panel tables of one open workspace (each method is one short transaction)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- trust roots ------------------------------------------------------------------

    def add_trust_root(self, fp: str, pem: str, kind: str, name: str) -> bool:
        """Pin a certificate; False when it was already there."""
        with self.ws._tx() as s:
            if s.get(TrustRootRow, fp) is not None:
                return False
            s.add(TrustRootRow(fingerprint=fp, certificate=pem, kind=kind, name=name))
            return True

    def trust_roots(self) -> list[TrustRoot]:
        marks = self.revoked()
        with self.ws._tx() as s:
            return [TrustRoot(r.fingerprint, r.kind, r.name, r.certificate,
                              marks[r.fingerprint].revoked_at if r.fingerprint in marks else None)
                    for r in s.scalars(select(TrustRootRow).order_by(TrustRootRow.added_at, TrustRootRow.fingerprint))]

    def revoked(self) -> dict[str, RevokedMark]:
        """Certificates known to be revoked (fingerprint -> mark), from the hub revocations kept
        in sync_documents (verified on arrival). The mark of a pinned trust root is this join:
        no column, so the root and the revocation both stay as evidence."""
        from workbench.panel.revoked import RevokedMark

        with self.ws._tx() as s:
            rows = s.execute(select(SyncDocumentRow.data, SyncDocumentRow.source)
                             .where(SyncDocumentRow.kind == REVOCATION_KIND).order_by(SyncDocumentRow.id)).all()
        out: dict[str, RevokedMark] = {}
        for data, source in rows:
            doc = json.loads(bytes(data))
            fp = doc["fingerprint"]
            if fp not in out or doc["revoked_at"] < out[fp].revoked_at:  # the earliest revocation counts
                out[fp] = RevokedMark(fp, str(doc.get("name", "")), doc["revoked_at"], source)
        return out

    def trust_certificates(self) -> list[x509.Certificate]:
        from workbench.signing.identity import load_cert_pem
        return [load_cert_pem(r.certificate, what=f"trust root {r.name}") for r in self.trust_roots()]

    # -- sheets -----------------------------------------------------------------------

    def find(self, sheet_hash: str) -> StoredSheet | None:
        with self.ws._tx() as s:
            row = s.scalars(select(PanelSheetRow).where(PanelSheetRow.sheet_hash == sheet_hash)).first()
            return _stored(row) if row else None

    def add_sheet(self, sheet: StoredSheet, data: bytes) -> bool:
        """Store a verified sheet; False (nothing written) when its hash is already stored."""
        with self.ws._tx() as s:
            if s.scalars(select(PanelSheetRow.id).where(PanelSheetRow.sheet_hash == sheet.sheet_hash)).first():
                return False
            s.add(PanelSheetRow(sheet_hash=sheet.sheet_hash, school_code=sheet.school_code,
                                manifest_hash=sheet.manifest_hash, reviewer_fp=sheet.reviewer_fp,
                                reviewer_name=sheet.reviewer_name, sheet_id=sheet.sheet_id, revision=sheet.revision,
                                supersedes=sheet.supersedes, data=data, source_name=sheet.source_name))
            return True

    def sheets(self, school_code: str, reviewer_fp: str | None = None) -> list[StoredSheet]:
        """Collected sheets of a school (optionally one reviewer's), oldest first."""
        with self.ws._tx() as s:
            q = select(PanelSheetRow).where(PanelSheetRow.school_code == school_code)
            if reviewer_fp is not None:
                q = q.where(PanelSheetRow.reviewer_fp == reviewer_fp)
            return [_stored(r) for r in s.scalars(q.order_by(PanelSheetRow.reviewer_fp, PanelSheetRow.revision,
                                                             PanelSheetRow.id))]

    def sheet_bytes(self, sheet_hash: str) -> bytes:
        with self.ws._tx() as s:
            data = s.scalars(select(PanelSheetRow.data).where(PanelSheetRow.sheet_hash == sheet_hash)).first()
        if data is None:
            from workbench.errors import StoreError
            raise StoreError(f"sheet {sheet_hash} is not collected in this workspace")
        return bytes(data)

    def schools(self) -> list[str]:
        with self.ws._tx() as s:
            return list(s.scalars(select(PanelSheetRow.school_code).distinct().order_by(PanelSheetRow.school_code)))
