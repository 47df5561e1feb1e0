"""The hub's tables. Every uniqueness rule of the protocol is a constraint here.

Times are "YYYY-MM-DDTHH:MM:SSZ" strings (as receipts carry them) or Unix seconds where
they are compared (certificate validity, nonce age). Hashes are "sha256:<hex>" for
documents, bare hex for blobs and fingerprints.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

HASH = String(71)   # "sha256:" + 64 hex
FP = String(64)     # certificate fingerprint, hex
TIME = String(20)   # "2026-11-27T09:30:00Z"


class Base(DeclarativeBase):
    pass


class Counter(Base):
    """Single-row sequences. Locking the "seq" row (FOR UPDATE) serialises every accepting
    write, so receipts and changes get gap-free numbers in commit order."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class Enrollment(Base):
    __tablename__ = "enrollments"
    fingerprint: Mapped[str] = mapped_column(FP, primary_key=True)
    certificate: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    org: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    not_before: Mapped[int] = mapped_column(BigInteger, nullable=False)
    not_after: Mapped[int] = mapped_column(BigInteger, nullable=False)
    enrolled_at: Mapped[str] = mapped_column(TIME, nullable=False)
    revoked_at: Mapped[str | None] = mapped_column(TIME)


class Nonce(Base):
    __tablename__ = "nonces"
    nonce: Mapped[str] = mapped_column(String(128), primary_key=True)
    keyid: Mapped[str] = mapped_column(FP, nullable=False)
    created: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)


class Document(Base):
    """Every document the hub keeps, accepted or in conflict: sheets, panel results,
    assignments, rubrics (packages are blobs, listed in `packages`)."""

    __tablename__ = "documents"
    hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    item_id: Mapped[str] = mapped_column(String(128), nullable=False)
    school: Mapped[str | None] = mapped_column(String(64), index=True)
    signer: Mapped[str | None] = mapped_column(FP)
    requester: Mapped[str | None] = mapped_column(FP)
    arrived_at: Mapped[str] = mapped_column(TIME, nullable=False)
    body: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class Sheet(Base):
    """Accepted sheet revisions; (sheet_id, revision) is the sheet's key."""

    __tablename__ = "sheets"
    sheet_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(HASH, ForeignKey("documents.hash"), nullable=False, unique=True)
    reviewer: Mapped[str] = mapped_column(FP, nullable=False, index=True)
    school: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    supersedes: Mapped[str | None] = mapped_column(HASH)
    total: Mapped[str] = mapped_column(String(16), nullable=False)
    outcome: Mapped[str] = mapped_column(String(32), nullable=False)
    provisional: Mapped[bool] = mapped_column(nullable=False)
    arrived_at: Mapped[str] = mapped_column(TIME, nullable=False)


class PanelResult(Base):
    """The panel result kept per (panel_id, revision): the payload (panel hash) is fixed,
    `hash` names the stored document with the most signatures so far."""

    __tablename__ = "panel_results"
    panel_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    school: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    panel_hash: Mapped[str] = mapped_column(HASH, nullable=False)
    hash: Mapped[str] = mapped_column(HASH, ForeignKey("documents.hash"), nullable=False)
    chair: Mapped[str] = mapped_column(FP, nullable=False)
    signers: Mapped[str] = mapped_column(Text, nullable=False)  # JSON list of fingerprints
    final: Mapped[bool] = mapped_column(nullable=False)
    total: Mapped[str] = mapped_column(String(16), nullable=False)
    outcome: Mapped[str] = mapped_column(String(32), nullable=False)
    arrived_at: Mapped[str] = mapped_column(TIME, nullable=False)


class Receipt(Base):
    __tablename__ = "receipts"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(HASH, nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    hash: Mapped[str] = mapped_column(HASH, nullable=False, unique=True)  # of the whole receipt
    body: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON, signature included


class Change(Base):
    __tablename__ = "changes"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    item_id: Mapped[str] = mapped_column(String(128), nullable=False)
    hash: Mapped[str] = mapped_column(HASH, nullable=False)
    school: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (Index("ix_changes_school_seq", "school", "seq"),)


class Conflict(Base):
    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    reason: Mapped[str] = mapped_column(String(32), nullable=False)
    stored_hash: Mapped[str] = mapped_column(HASH, nullable=False)
    incoming_hash: Mapped[str] = mapped_column(HASH, ForeignKey("documents.hash"), nullable=False)
    requester: Mapped[str] = mapped_column(FP, nullable=False)
    arrived_at: Mapped[str] = mapped_column(TIME, nullable=False)
    __table_args__ = (UniqueConstraint("stored_hash", "incoming_hash", name="uq_conflict_pair"),)


class Assignment(Base):
    __tablename__ = "assignments"
    school: Mapped[str] = mapped_column(String(64), primary_key=True)
    panel: Mapped[str] = mapped_column(String(200), nullable=False)
    hash: Mapped[str] = mapped_column(HASH, nullable=False)
    county: Mapped[str | None] = mapped_column(String(200))


class AssignmentMember(Base):
    __tablename__ = "assignment_members"
    school: Mapped[str] = mapped_column(String(64), ForeignKey("assignments.school", ondelete="CASCADE"),
                                        primary_key=True)
    fingerprint: Mapped[str] = mapped_column(FP, primary_key=True, index=True)


class Package(Base):
    __tablename__ = "packages"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    school: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    school_name: Mapped[str] = mapped_column(Text, nullable=False)
    county: Mapped[str | None] = mapped_column(String(200))
    manifest_hash: Mapped[str] = mapped_column(HASH, nullable=False)
    published_at: Mapped[str] = mapped_column(TIME, nullable=False)


class PublishedRubric(Base):
    __tablename__ = "rubrics"
    hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(128), nullable=False)
    published_at: Mapped[str] = mapped_column(TIME, nullable=False)
