"""The panel result a workspace holds for a school, its co-signatures gathered from every copy.

Copies of one revision reach a workspace separately: the one signed here (in the outbox),
members' co-signed copies and the hub's merged one (received by a pull or a bundle). The
panel view opens on `latest_panel`, so the chair sees the result final once the members'
co-signatures came back, and a new merge supersedes it instead of starting a second result.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.panel.cosignatures import merge_cosignatures
from workbench.panel.document import panel_hash
from workbench.store.outbox import Outbox, received, received_bytes


def panel_copies(ws: Any, school: str) -> list[dict[str, Any]]:
    """Every panel result of `school` in the workspace: queued here first, then received."""
    box = Outbox(ws)
    docs = [json.loads(box.data(e.id)) for e in box.entries() if e.kind == "panel" and e.school == school]
    docs += [json.loads(received_bytes(ws, r.doc_hash)) for r in received(ws, "panel", school)]
    return docs


def latest_panel(ws: Any, school: str) -> dict[str, Any] | None:
    """The newest revision (by creation time, then revision) with every copy's co-signatures
    merged into it; None when the workspace holds no panel result of the school."""
    docs = panel_copies(ws, school)
    if not docs:
        return None
    newest = max(docs, key=lambda d: (str(d.get("created_at")), int(d.get("revision", 0))))
    want = panel_hash(newest)
    merged = newest
    for d in docs:
        if d is not newest and panel_hash(d) == want:
            merged, _ = merge_cosignatures(merged, d)
    return merged
