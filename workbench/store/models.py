"""The workspace schema (SQLAlchemy 2.x). Changes go through an Alembic migration.

Times are UTC. Scores are decimal strings (exact), never REAL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class School(Base):
    __tablename__ = "schools"
    code: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # What the school list shows, from the newest package version, written at import so the
    # list is one query (migration 0004); never edited otherwise.
    stage: Mapped[str | None] = mapped_column(String, nullable=True)
    package_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    application_type: Mapped[str | None] = mapped_column(String, nullable=True)
    item_count: Mapped[int | None] = mapped_column(Integer, nullable=True)  # items in its rubric


class PackageVersionRow(Base):
    __tablename__ = "package_versions"
    __table_args__ = (
        UniqueConstraint("school_code", "version"),
        UniqueConstraint("school_code", "manifest_hash"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    version: Mapped[int] = mapped_column(Integer)
    manifest_hash: Mapped[str] = mapped_column(String)
    package_sha256: Mapped[str] = mapped_column(String)
    source_name: Mapped[str] = mapped_column(String)
    manifest_json: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PackageFileRow(Base):
    __tablename__ = "package_files"
    __table_args__ = (Index("ix_package_files_package", "package_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("package_versions.id"))
    path: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String)
    size: Mapped[int] = mapped_column(Integer)
    indicators: Mapped[str] = mapped_column(String)  # " B1 B3 ": space-delimited, for LIKE '% B1 %'
    title: Mapped[str | None] = mapped_column(String, nullable=True)
    date: Mapped[str | None] = mapped_column(String, nullable=True)
    media_type: Mapped[str] = mapped_column(String)


class SmallBlobRow(Base):
    """A blob of at most 64 KiB from a package import, kept here instead of in `blobs/`
    (workbench/store/blobdb.py); read through BlobStore like any other blob."""

    __tablename__ = "small_blobs"
    sha256: Mapped[str] = mapped_column(String, primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ReviewerRow(Base):
    __tablename__ = "reviewers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    org: Mapped[str] = mapped_column(String, default="")
    role: Mapped[str] = mapped_column(String)
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EntryRow(Base):
    """One reviewer's work on one item of one school: score, checklist, methods, note."""

    __tablename__ = "entries"
    __table_args__ = (UniqueConstraint("school_code", "reviewer_id", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    item_id: Mapped[str] = mapped_column(String)
    score: Mapped[str | None] = mapped_column(String, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    checks: Mapped[str] = mapped_column(String, default="[]")  # JSON list of 0-based indices
    methods: Mapped[str] = mapped_column(String, default="[]")  # JSON list of method ids
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IncidentRow(Base):
    __tablename__ = "incidents"
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), primary_key=True)
    incident: Mapped[bool] = mapped_column(Boolean)
    description: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditRow(Base):
    """Append-only: every change to an entry, an incident or a photo."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_school_item", "school_code", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"), nullable=True)
    item_id: Mapped[str | None] = mapped_column(String, nullable=True)
    field: Mapped[str] = mapped_column(String)
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class PhotoRow(Base):
    __tablename__ = "photos"
    __table_args__ = (Index("ix_photos_school", "school_code", "indicator"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    sha256: Mapped[str] = mapped_column(String)
    indicator: Mapped[str | None] = mapped_column(String, nullable=True)
    original_name: Mapped[str] = mapped_column(String)
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)  # GPS degrees, as EXIF gives them
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    orientation: Mapped[int] = mapped_column(Integer, default=1)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"), nullable=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)


class SettingRow(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PanelSheetRow(Base):
    """A member's signed sheet collected by the chair (issue 9): immutable, verified on arrival.

    The bytes are kept exactly as signed; `sheet_hash` identifies the sheet (the same sheet
    given twice is stored once). Revisions are linked by `supersedes`.
    """

    __tablename__ = "panel_sheets"
    __table_args__ = (Index("ix_panel_sheets_school", "school_code", "reviewer_fp"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sheet_hash: Mapped[str] = mapped_column(String, unique=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    manifest_hash: Mapped[str] = mapped_column(String)
    reviewer_fp: Mapped[str] = mapped_column(String)
    reviewer_name: Mapped[str] = mapped_column(String)
    sheet_id: Mapped[str] = mapped_column(String)
    revision: Mapped[int] = mapped_column(Integer)
    supersedes: Mapped[str | None] = mapped_column(String, nullable=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    source_name: Mapped[str] = mapped_column(String, default="")
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrustRootRow(Base):
    """A certificate the chair's workspace trusts: the bureau CA or a pinned reviewer."""

    __tablename__ = "trust_roots"
    fingerprint: Mapped[str] = mapped_column(String, primary_key=True)
    certificate: Mapped[str] = mapped_column(Text)  # PEM
    kind: Mapped[str] = mapped_column(String)  # "ca" | "reviewer"
    name: Mapped[str] = mapped_column(String, default="")
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class OutboxRow(Base):
    """A signed document waiting to reach the hub(s) (issue 11): kept until sent, never lost.

    One row per document (`doc_hash` unique: queueing the same bytes again is a no-op).
    `state` is the latest outcome; `deliveries` (JSON {hub_id: {state, receipt, at}}) says
    which hubs already hold it, so a hub added later still gets everything.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state", "state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)  # "sheet" | "panel"
    doc_hash: Mapped[str] = mapped_column(String, unique=True)
    school: Mapped[str] = mapped_column(String)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    blobs: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of SHA-256 hex
    state: Mapped[str] = mapped_column(String, default="waiting")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String, nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_message_zh: Mapped[str | None] = mapped_column(Text, nullable=True)  # the hub's own Chinese
    receipt: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, the hub's signed receipt
    hub_version: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, for a conflict
    deliveries: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SyncDocumentRow(Base):
    """A document pulled from a hub or a bundle that has no other home in the workspace
    (a panel result, an assignment), kept as received: verified, immutable."""

    __tablename__ = "sync_documents"
    __table_args__ = (Index("ix_sync_documents_school", "school", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_hash: Mapped[str] = mapped_column(String, unique=True)
    kind: Mapped[str] = mapped_column(String)  # "panel" | "assignment" | "rubric"
    school: Mapped[str | None] = mapped_column(String, nullable=True)
    source: Mapped[str] = mapped_column(String, default="")  # hub id or bundle file name
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
