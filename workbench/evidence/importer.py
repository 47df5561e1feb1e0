"""Import a package into a workspace: verify and store every entry in one streaming pass.

Each entry's checked chunks go straight into the content-addressed blob store (which
re-checks the SHA-256 before its atomic rename). Only when every entry is stored is the
package version recorded, in one transaction. On any failure or cancel, blobs this import
created are deleted again, so a refused package leaves nothing behind.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import Cancelled, PackageError
from workbench.evidence.limits import Limits
from workbench.evidence.verify import Cancel, PackageReader, Progress

if TYPE_CHECKING:
    from workbench.store import Workspace


@dataclass(frozen=True)
class ImportResult:
    school_code: str
    school_name: str
    version: int
    created: bool  # False: this exact package was already imported; nothing changed
    files: int
    bytes: int
    new_blobs: int
    manifest_hash: str
    package_sha256: str


def import_package(ws: Workspace, path: str | Path, *, limits: Limits = Limits(),
                   progress: Progress | None = None, cancel: Cancel | None = None) -> ImportResult:
    """Verify `path` and add it to `ws` as the school's newest package version.

    Every entry is verified even when this package was imported before (its blobs are
    then not written again): a damaged copy of a known package is refused, not waved
    through as "already imported".

    progress(done_bytes, total_bytes, entry_path) and cancel() behave as in verify_package.
    Raises PackageError (refused; nothing stored) or Cancelled (nothing stored).
    """
    path = Path(path)
    created: list[str] = []
    try:
        with PackageReader(path, limits) as reader:
            m = reader.manifest
            name = m["school"]["name"]
            total = reader.total_size
            for f, chunks in reader.streams(progress=progress, cancel=cancel):
                sha = f["sha256"]
                if ws.blobs.has(sha):
                    for _ in chunks:  # still verified: the package must be whole
                        pass
                    continue
                try:
                    ws.blobs.put_stream(chunks, expected_sha256=sha)
                except ValueError as e:
                    raise PackageError(f"entry {f['path']!r}: SHA-256 mismatch ({e})") from None
                created.append(sha)
            package_sha256 = reader.package_sha256()
            if cancel is not None and cancel():
                raise Cancelled("import cancelled; nothing was changed")
        added = ws.add_package_version(m, reader.manifest_hash, package_sha256, path.name)
    except BaseException:
        for sha in created:
            with contextlib.suppress(Exception):
                ws.blobs.delete(sha)
        raise
    return ImportResult(added.school_code, name, added.version, added.created, len(reader.entries),
                        total, len(created), reader.manifest_hash, package_sha256)
