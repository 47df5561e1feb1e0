"""Import a package into a workspace: verify and store every entry in one streaming pass.

Each entry's bytes go into a temporary file of a blob batch as they are checked, on the
same two threads that verify (workbench/evidence/fanout.py); a blob is kept only if its
entry passed every check (size, CRC-32, SHA-256 of exactly those bytes). Once all entries
passed, the batch makes the files durable and names them (fsync of each file, rename,
fsync of each folder once; entries of at most 64 KiB committed to the database instead:
workbench/store/blobbatch.py, blobdb.py), and only then is the package
version recorded, in one transaction. On any failure or cancel, what this import wrote is
deleted again, so a refused package leaves nothing behind; a crash before the commit
leaves no visible school and nothing a re-import trips over.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import Cancelled
from workbench.evidence.fanout import check_entries
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
        with PackageReader(path, limits) as reader, ws.blobs.batch() as batch:
            m = reader.manifest
            name = m["school"]["name"]
            total = reader.total_size
            batch.expect([f["sha256"] for f in m["files"]])
            # every entry is checked; those the workspace lacks are also written
            check_entries(reader, sink_for=lambda f: batch.sink(f["sha256"], f["size"]), progress=progress,
                          cancel=cancel)
            package_sha256 = reader.package_sha256()
            if cancel is not None and cancel():
                raise Cancelled("import cancelled; nothing was changed")
            created = batch.finish()  # durable and named: now the commit may point at them
        added = ws.add_package_version(m, reader.manifest_hash, package_sha256, path.name)
    except BaseException:
        with contextlib.suppress(Exception):
            ws.blobs.delete_many(created)
        raise
    return ImportResult(added.school_code, name, added.version, added.created, len(reader.entries),
                        total, len(created), reader.manifest_hash, package_sha256)
