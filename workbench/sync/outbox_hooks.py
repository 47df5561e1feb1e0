"""Queue signed documents in the outbox at the moment they are signed.

Called where the workspace records a signature (`signing.from_sources.remember_signed` for
a sheet; the panel commands and the panel view for a panel result). A read-only workspace
queues nothing (it cannot record the signature either). A photo the sheet names is
queued by SHA-256: the worker uploads it from the workspace's blob store.
"""

from __future__ import annotations

from collections.abc import Mapping
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
