"""Who saw a collected sheet besides its signer (docs/panel-result.md, "Revoked certificates").

Two witnesses exist in a workspace, neither of them a field of the sheet:
- the workspace itself: `panel_sheets.added_at`, its own clock when it collected the sheet;
- a hub the sync worker pulled the sheet from. A hub stores no sheet whose certificate it has
  revoked (workbench.sync.hub.sheets), so the hub that revoked a certificate received every
  sheet it serves of that certificate before its `revoked_at`, on the same clock. The worker
  records "hub H served sheet S" here (a `sync_documents` row of kind `hub_witness`; no new
  column). A USB bundle or a file records nothing: they are the untrusted way in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from workbench.panel.revoked import Witness, stamp
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
