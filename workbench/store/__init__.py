"""The local workspace: SQLite (WAL, Alembic-migrated) plus a content-addressed blob store."""

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

__all__ = [
    "AddedPackage", "AuditEntry", "BlobStore", "EvidenceFile", "PackageVersion", "Photo", "PhotoList",
    "Reviewer", "SchoolInfo", "SchoolSummary", "Workspace", "default_root",
]
