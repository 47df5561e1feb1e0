"""The local workspace: SQLite (WAL, Alembic-migrated) plus a content-addressed blob store.

The names below load on first use (PEP 562), so a light submodule such as
`workbench.store.school_index` (the sqlite3 module only) imports without SQLAlchemy: the
window reads its school list that way before the store is loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.store.blobs import BlobStore
    from workbench.store.records import (
        AddedPackage,
        AuditEntry,
        EvidenceFile,
        PackageVersion,
        Photo,
        PhotoList,
        Reviewer,
        SchoolInfo,
        SchoolSummary,
    )
    from workbench.store.workspace import Workspace, default_root

_HOME = {
    "BlobStore": "workbench.store.blobs", "Workspace": "workbench.store.workspace",
    "default_root": "workbench.store.workspace",
    **{n: "workbench.store.records" for n in ("AddedPackage", "AuditEntry", "EvidenceFile", "PackageVersion",
                                              "Photo", "PhotoList", "Reviewer", "SchoolInfo", "SchoolSummary")},
}

__all__ = [
    "AddedPackage", "AuditEntry", "BlobStore", "EvidenceFile", "PackageVersion", "Photo", "PhotoList",
    "Reviewer", "SchoolInfo", "SchoolSummary", "Workspace", "default_root",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'workbench.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once: later look-ups skip this function
    return value
