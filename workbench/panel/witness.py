"""Who saw a collected sheet besides its signer (docs/panel-result.md, "Revoked certificates").

Two witnesses exist in a workspace, neither of them a field of the sheet:
- the workspace itself: `panel_sheets.added_at`, its own clock when it collected the sheet;
- a hub the sync worker pulled the sheet from. A hub stores no sheet whose certificate it has
  revoked (workbench.sync.hub.sheets), so the hub that revoked a certificate received every
  sheet it serves of that certificate before its `revoked_at`, on the same clock. The worker
  records "hub H served sheet S" here (a `sync_documents` row of kind `hub_witness`; no new
  column). A USB bundle or a file records nothing: they are the untrusted way in.

A panel result's (co-)signatures have the same two witnesses, per signature (fingerprint and
signature value): this workspace when it first held a copy carrying that signature (an outbox
row, written when it was signed or merged here, or a `sync_documents` row of kind `panel`,
pulled or bundled: `created_at` / `received_at`, the workspace's clock, rows never rewritten),
and a hub that served such a copy (the worker notes it as for sheets; the hub refuses a panel
result carrying a revoked signer's signature on arrival, workbench.sync.hub.panels).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench.panel.revoked import RevokedMark, Witness, stamp
from workbench.store.models import SyncDocumentRow
from workbench.store.outbox import keep_received

HUB_WITNESS_KIND = "hub_witness"


def record_hub_witness(ws: Any, hub_id: str, sheet_hash: str) -> bool:
    """Note that the pinned hub `hub_id` served sheet `sheet_hash` ("sha256:…"); False when noted already."""
    return keep_received(ws, f"{HUB_WITNESS_KIND}:{hub_id}:{sheet_hash}", HUB_WITNESS_KIND, None,
                         sheet_hash.encode("ascii"), hub_id)


def hub_witnesses(ws: Any) -> dict[str, set[str]]:
    """sheet hash -> the hubs that served it to this workspace."""
    with ws._tx() as s:
        rows = s.execute(select(SyncDocumentRow.data, SyncDocumentRow.source)
                         .where(SyncDocumentRow.kind == HUB_WITNESS_KIND)).all()
    out: dict[str, set[str]] = defaultdict(set)
    for data, source in rows:
        out[bytes(data).decode("ascii")].add(source)
    return out


def witnesses(hubs: set[str] | None, added_at: dt.datetime | None) -> list[Witness]:
    """The witnesses of one sheet: the hubs that served it, then this workspace's collection time."""
    out = [Witness("hub", None, h) for h in sorted(hubs or ())]
    if added_at is not None:
        out.append(Witness("workspace", stamp(added_at)))
    return out


SignatureKey = tuple[str, str]  # (signer fingerprint, signature value): one signature, not one signer


def panel_signature_witnesses(ws: Any) -> dict[SignatureKey, list[Witness]]:
    """Every panel (co-)signature this workspace holds -> who saw it: the hubs that served a copy
    carrying it, and this workspace's time for each copy (queued here, or received)."""
    from workbench.store.outbox import Outbox, received, received_bytes

    hubs = hub_witnesses(ws)
    box = Outbox(ws)
    copies = [(box.data(e.id), e.created_at, set()) for e in box.entries() if e.kind == "panel"]
    copies += [(received_bytes(ws, r.doc_hash), r.received_at, hubs.get(r.doc_hash, set()))
               for r in received(ws, "panel")]
    out: dict[SignatureKey, list[Witness]] = defaultdict(list)
    for data, at, by in copies:
        try:
            sigs = json.loads(data).get("signatures") or []
        except (ValueError, AttributeError):
            continue  # every kept copy was verified; nothing else witnesses anything
        for sig in sigs:
            if isinstance(sig, dict) and isinstance(sig.get("fingerprint"), str) and isinstance(sig.get("value"), str):
                out[(sig["fingerprint"], sig["value"])].extend(witnesses(by, at))
    return dict(out)


@dataclass(frozen=True)
class WorkspaceRevocations:
    """What `workbench verify`, `panel status` and `panel cosign` read from a workspace opened
    read-only: its revocations and, where it holds them, who saw a signature and when."""

    marks: dict[str, RevokedMark] = field(default_factory=dict)
    panel: dict[SignatureKey, list[Witness]] = field(default_factory=dict)
    sheet: list[Witness] = field(default_factory=list)  # the witnesses of the sheet asked about

    def panel_args(self) -> dict[str, Any]:
        """verify_panel_bytes(**…): with a revocation known, a signature unwitnessed here is not counted."""
        return {"revoked": self.marks, "witnesses": self.panel if self.marks else None}


def workspace_revocations(path: str | Path | None, *, sheet_hash: str | None = None) -> WorkspaceRevocations:
    """As workbench.panel.revoked.workspace_marks (never creates, migrates or writes a workspace),
    with the witnesses of panel signatures and of the sheet `sheet_hash` when a revocation is known."""
    from workbench.errors import WorkbenchError
    from workbench.store.workspace import DB_NAME, Workspace, default_root

    root = Path(path).expanduser() if path else default_root()
    if not (root / DB_NAME).is_file():
        return WorkspaceRevocations()
    try:
        with Workspace.open(root, read_only=True) as ws:
            return revocations_in(ws, sheet_hash=sheet_hash)
    except WorkbenchError:
        return WorkspaceRevocations()  # unreadable or of another version: it knows no revocation we can read


def revocations_in(ws: Any, *, sheet_hash: str | None = None) -> WorkspaceRevocations:
    """As workspace_revocations, for a workspace already open (the window's: its print preview)."""
    from workbench.store.panel_store import PanelStore

    marks = PanelStore(ws).revoked()
    if not marks:
        return WorkspaceRevocations()
    seen: list[Witness] = []
    if sheet_hash is not None:
        stored = PanelStore(ws).find(sheet_hash)
        seen = witnesses(hub_witnesses(ws).get(sheet_hash), stored.added_at if stored else None)
    return WorkspaceRevocations(marks, panel_signature_witnesses(ws), seen)
