"""What the workspace hands out: plain frozen records, never live ORM objects.

Records can cross threads (the GUI reads on workers and shows on the UI thread) and
cannot write to the database by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from workbench.rubric import Rubric, load_rubric


@dataclass(frozen=True)
class Reviewer:
    id: int
    name: str
    org: str
    role: str  # "member" | "chair"


@dataclass(frozen=True)
class SchoolSummary:
    code: str
    name: str
    stage: str | None
    package_version: int
    application_type: str | None
    items: int | None = None  # items in the school's rubric (None: a rubric this workbench lacks)


@dataclass(frozen=True)
class SchoolInfo:
    """A school as its newest package describes it. Shared between callers (the workspace
    caches it per package version): treat its dicts as read-only."""

    code: str
    name: str
    stage: str | None
    principal: str | None
    phone: str | None
    website: str | None
    classes: int | None
    students: int | None
    facts: dict[str, Any]
    application: dict[str, Any]
    self_assessment: dict[str, Decimal]
    rubric_id: str
    package_version: int
    manifest_hash: str
    package_sha256: str
    manifest: dict[str, Any] = field(repr=False, compare=False)

    @property
    def rubric(self) -> Rubric:
        return load_rubric(self.rubric_id)


@dataclass(frozen=True)
class PackageVersion:
    version: int
    manifest_hash: str
    package_sha256: str
    source_name: str
    imported_at: dt.datetime


@dataclass(frozen=True)
class AddedPackage:
    school_code: str
    version: int
    created: bool


@dataclass(frozen=True)
class EvidenceFile:
    path: str
    sha256: str
    size: int
    indicators: tuple[str, ...]
    title: str | None
    date: str | None
    media_type: str


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    reviewer_id: int | None
    reviewer_name: str | None
    item_id: str | None
    field: str
    old: str | None
    new: str | None
    reason: str | None


@dataclass(frozen=True)
class Photo:
    id: int
    school_code: str
    sha256: str
    indicator: str | None
    original_name: str
    taken_at: dt.datetime | None
    gps: tuple[float, float] | None  # (latitude, longitude), degrees
    orientation: int
    width: int
    height: int
    reviewer_id: int | None
    imported_at: dt.datetime
    removed: bool


class PhotoList(list):
    """The photos an import added (or found already there), plus the files it skipped."""

    def __init__(self, photos: list[Photo] = (), skipped: list[tuple[str, str]] | None = None) -> None:
        super().__init__(photos)
        self.skipped: list[tuple[str, str]] = skipped or []  # (file name, reason)
