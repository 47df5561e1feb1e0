"""Queue signed documents in the outbox at the moment they are signed.

Called where the workspace records a signature (`signing.from_sources.remember_signed` for
a sheet; the panel commands and the panel view for a panel result). A read-only workspace
queues nothing (it cannot record the signature either). A photo the sheet names is
queued by SHA-256: the worker uploads it from the workspace's blob store.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from workbench.store.outbox import Outbox, OutboxEntry, photos_of


def queue_sheet(ws: Any, signed: Mapping[str, Any], *, setting: tuple[str, str] | None = None) -> OutboxEntry | None:
    """Queue a signed sheet (with `setting` written in the same commit); None when it is not
    queued (a read-only workspace, a provisional sheet) and `setting` was not written."""
    from workbench.signing.sheet import sheet_file_bytes

    if getattr(ws, "read_only", False) or signed.get("provisional"):
        return None  # a provisional sheet is not a result: the hub and the chair refuse it
    data = sheet_file_bytes(signed)
    return Outbox(ws).enqueue("sheet", data, photos_of(data), setting=setting)


def queue_panel(ws: Any, doc: Mapping[str, Any]) -> OutboxEntry | None:
    from workbench.panel.document import panel_file_bytes

    if getattr(ws, "read_only", False):
        return None
    return Outbox(ws).enqueue("panel", panel_file_bytes(doc), [])



def _identity_fingerprint(ws: Any) -> str | None:
    from workbench.errors import WorkbenchError
    from workbench.signing.identity import load_identity
    from workbench.sync.settings import identity_dir

    try:
        return load_identity(identity_dir(ws)).fingerprint
    except (WorkbenchError, OSError):
        return None


@contextlib.contextmanager
def signer_workspace(path: str | Path | None, signer_fp: str) -> Iterator[Any | None]:
    """The workspace at `path` (default: $WORKBENCH_HOME or the user data folder) when one is
    already there and its sync identity is the one that signed, else None.

    For commands that merely sign a file (`sheet sign`, `panel cosign`): the document is
    queued where its signer syncs from, and a workspace is never created, migrated or
    written just to look (it is first opened read-only).
    """
    from workbench.errors import WorkbenchError
    from workbench.store import Workspace
    from workbench.store.workspace import DB_NAME, default_root

    root = Path(path).expanduser() if path else default_root()
    if not (root / DB_NAME).is_file():
        yield None
        return
    try:
        with Workspace.open(root, read_only=True) as peek:
            mine = _identity_fingerprint(peek) == signer_fp
    except WorkbenchError:
        mine = False  # unreadable or of another version: it cannot be the signer's outbox now
    if not mine:
        yield None
        return
    with Workspace.open(root) as ws:
        yield ws


def queue_cosigned(ws: Any, doc: Mapping[str, Any]) -> OutboxEntry | None:
    """A panel result that arrived (a hub's pull, a bundle) with co-signatures beyond the copies
    of the same revision this workspace queued: in the chair's workspace (its sync identity is
    the result's chair) the merged copy is queued too, so the members' co-signatures travel on
    to every hub the chair delivers to (the school's LAN hub, later the bureau). None when
    nothing is new or this is not the chair's workspace."""
    import json

    from workbench.panel.cosignatures import merge_cosignatures
    from workbench.panel.document import panel_hash

    if getattr(ws, "read_only", False) or _identity_fingerprint(ws) != doc["chair"]["fingerprint"]:
        return None
    box = Outbox(ws)
    want = panel_hash(doc)
    mine = []
    for e in box.entries():
        if e.kind == "panel" and e.school == doc["school"]["code"]:
            queued = json.loads(box.data(e.id))
            if panel_hash(queued) == want:
                mine.append(queued)
    if not mine:
        return None  # a revision the chair did not sign here: not this workspace's to forward
    best = mine[0]
    for other in mine[1:]:
        best, _ = merge_cosignatures(best, other)
    merged, added = merge_cosignatures(best, doc)
    return queue_panel(ws, merged) if added else None
