"""Write a package: each file streamed into the ZIP while it is hashed, manifest last.

The output is deterministic: fixed timestamps and attributes, entries in path order, so
the same inputs give the same bytes (and the same package hash).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from workbench.atomic import atomic_open
from workbench.errors import PackageError
from workbench.evidence.manifest import FORMAT, validate_manifest
from workbench.evidence.paths import MANIFEST_NAME
from workbench.rubric.canonical import canonical_bytes

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
# Already-compressed formats are stored; deflating them again costs time and gains nothing.
STORED_SUFFIXES = frozenset(
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".mp4", ".mov", ".m4v", ".avi", ".mkv", ".mp3", ".m4a", ".aac", ".zip", ".7z", ".rar", ".gz", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"]
)


@dataclass(frozen=True)
class SourceFile:
    """One file to put in a package: where it comes from and what the manifest says."""

    path: str  # path inside the package
    source: Path
    indicators: tuple[str, ...]
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD


def _zipinfo(name: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.create_system = 3  # unix, so the mode bits below are read as such
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    stored = PurePosixPath(name).suffix.lower() in STORED_SUFFIXES
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.file_size = size
    return info


def write_package(out: str | Path, head: dict, files: Iterable[SourceFile], *,
                  progress: Callable[[int, int, str], None] | None = None) -> dict:
    """Write `out` (atomically) and return its manifest. `head` holds the manifest's
    format-independent parts: rubric, school, application, self_assessment.

    Raises PackageError for a source file that cannot be read and WriteError (one line,
    `out` untouched, no temporary file left) when `out` cannot be written.
    """
    out = Path(out)
    files = sorted(files, key=lambda s: s.path)
    total = sum(_size(s.source) for s in files)
    done = 0
    entries = []
    with atomic_open(out, what="package") as f, \
            zipfile.ZipFile(f, "w", compresslevel=6, allowZip64=True) as zf:
        for s in files:
            size = _size(s.source)
            h = hashlib.sha256()
            written = 0
            with zf.open(_zipinfo(s.path, size), "w", force_zip64=size > 2**31) as dst:
                for chunk in _chunks(s.source):
                    h.update(chunk)
                    dst.write(chunk)
                    written += len(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total, s.path)
            entry: dict = {"path": s.path, "sha256": h.hexdigest(), "size": written,
                           "indicators": list(s.indicators)}
            if s.title:
                entry["title"] = s.title
            if s.date:
                entry["date"] = s.date
            entries.append(entry)
        manifest = {"format": FORMAT, **head, "files": entries}
        validate_manifest(manifest)
        data = canonical_bytes(manifest)
        zf.writestr(_zipinfo(MANIFEST_NAME, len(data)), data)
    return manifest


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError as e:
        raise PackageError(f"{p}: cannot read ({e.strerror or e})") from None


def _chunks(p: Path) -> Iterator[bytes]:
    """The source file's bytes; a read error is a PackageError naming the source, never
    taken for a failure to write the package."""
    try:
        with open(p, "rb") as src:
            while chunk := src.read(1 << 20):
                yield chunk
    except OSError as e:
        raise PackageError(f"{p}: cannot read ({e.strerror or e})") from None
