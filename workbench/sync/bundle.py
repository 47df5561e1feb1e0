"""USB bundles (`.wbsync`): signed sheets, panel results and their photos on a stick, for
when there is no network at all. Format: docs/sync-bundle.md.

Export writes one ZIP with `workbench.atomic` (a pulled stick never holds half a bundle).
Import treats the file as hostile, like a package: a regular file, the central directory
bounded before `zipfile` parses it (`evidence.zipdir`), every entry name checked
(`evidence.paths`), only regular, unencrypted, stored or deflated entries, sizes and
compression ratios capped, every entry streamed with its size and SHA-256 checked against
the manifest, nothing in the archive that the manifest does not list. Structural problems
refuse the whole bundle before anything is stored. Each document then goes through the
same verification and duplicate rules as a hub pull (`workbench.sync.importing`): the same
sheet twice counts once, a document that does not verify is refused and named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from workbench.atomic import atomic_write
from workbench.errors import PackageError, WorkbenchError
from workbench.evidence.limits import Limits, MiB
from workbench.evidence.paths import collision_key, path_problem
from workbench.evidence.zipdir import read_central_directory
from workbench.inputs import open_regular
from workbench.store.outbox import Outbox, photos_of, received, received_bytes

FORMAT = "workbench-sync-bundle/1"
MANIFEST = "manifest.json"
SUFFIX = ".wbsync"
LIMITS = Limits(max_entries=50_000, max_total_size=64 * 1024 * MiB, max_entry_size=512 * MiB,
                max_manifest_bytes=16 * MiB, max_central_directory_bytes=16 * MiB)
MAX_DOCUMENT_BYTES = 32 * MiB
_HEX = re.compile(r"^[0-9a-f]{64}$")
_DOC_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
_SCHOOL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_FLAG_ENCRYPTED, _FLAG_STRONG = 0x1, 0x40
_CHUNK = 1 * MiB


class BundleError(WorkbenchError):
    """A bundle cannot be written, or is refused on import (nothing was stored)."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    school: str
    sheets: int
    panels: int
    photos: int
    bytes: int


@dataclass
class ImportReport:
    school: str = ""
    added: list[str] = field(default_factory=list)        # "kind hash"
    duplicates: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # ("kind hash", why)
    own: list[str] = field(default_factory=list)          # this workspace's own outbox documents
    photos: int = 0

    def summary(self) -> str:
        return (f"{self.school}: added {len(self.added)}, already here {len(self.duplicates)}, "
                f"refused {len(self.refused)}, own {len(self.own)}, photos {self.photos}")


# -- export ---------------------------------------------------------------------------------------
def _since(since: dt.datetime | str | None) -> dt.datetime | None:
    if since is None or isinstance(since, dt.datetime):
        t = since
    else:
        try:
            t = dt.datetime.fromisoformat(str(since).replace("Z", "+00:00"))
        except ValueError:
            raise BundleError(f"--since {since!r} is not a date or time",
                              hint="give it as 2026-11-27 or 2026-11-27T10:00") from None
    if t is not None and t.tzinfo is not None:
        t = t.astimezone(dt.UTC).replace(tzinfo=None)  # the workspace stores naive UTC
    return t


def _documents(ws: Any, school: str, since: dt.datetime | None) -> list[tuple[str, str, bytes]]:
    """(kind, doc hash, bytes) of everything this workspace can carry for `school`."""
    from workbench.store.panel_store import PanelStore

    out: dict[str, tuple[str, str, bytes]] = {}
    ob = Outbox(ws)
    for e in ob.entries():
        if e.school == school and e.state != "cancelled" and (since is None or (e.created_at or since) >= since):
            out[e.doc_hash] = (e.kind, e.doc_hash, ob.data(e.id))
    store = PanelStore(ws)
    for s in store.sheets(school):  # the chair carries the members' sheets the panel rests on
        if since is None or (s.added_at or since) >= since:
            out.setdefault(s.sheet_hash, ("sheet", s.sheet_hash, store.sheet_bytes(s.sheet_hash)))
    for r in received(ws, "panel", school):
        if since is None or (r.received_at or since) >= since:
            out.setdefault(r.doc_hash, ("panel", r.doc_hash, received_bytes(ws, r.doc_hash)))
    return sorted(out.values(), key=lambda t: (t[0] != "sheet", t[1]))


def export_bundle(ws: Any, school: str, out: str | Path, *, since: dt.datetime | str | None = None) -> ExportReport:
    """Write `out` (.wbsync) with the school's signed documents and the photos they name."""
    if not _SCHOOL.match(school or ""):
        raise BundleError(f"{school!r} is not a school code")
    docs = _documents(ws, school, _since(since))
    if not docs:
        raise BundleError(f"nothing to export for school {school}: no signed sheet or panel result",
                          hint="sign a sheet (or collect the members' sheets) first", code="bundle_empty")
    photos: dict[str, Path] = {}
    for kind, _h, data in docs:
        if kind == "sheet":
            for sha in photos_of(data):
                p = ws.blobs.path(sha)
                if not p.is_file():
                    raise BundleError(f"photo {sha[:12]}… named by a sheet is missing from the workspace",
                                      hint="import the photo again, or sign the sheet again without it",
                                      code="bundle_photo_missing")
                photos[sha] = p
    manifest: dict[str, Any] = {"format": FORMAT, "school": school,
                                "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
                                .replace("+00:00", "Z"), "documents": [], "photos": []}
    for kind, h, data in docs:
        manifest["documents"].append({"path": f"documents/{h.removeprefix('sha256:')}.json", "kind": kind,
                                      "hash": h, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
    for sha, p in sorted(photos.items()):
        manifest["photos"].append({"path": f"photos/{sha}", "sha256": sha, "size": p.stat().st_size})

    def write(f: IO[bytes]) -> None:
        with zipfile.ZipFile(f, "w", allowZip64=True) as z:
            z.writestr(_info(MANIFEST), json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                       compress_type=zipfile.ZIP_DEFLATED)
            for (_k, _h, data), d in zip(docs, manifest["documents"], strict=True):
                z.writestr(_info(d["path"]), data, compress_type=zipfile.ZIP_DEFLATED)
            for ph in manifest["photos"]:  # photos are compressed already: stored
                with photos[ph["sha256"]].open("rb") as src, \
                        z.open(_info(ph["path"], ph["size"]), "w", force_zip64=ph["size"] > 0x7FFFFFFF) as dst:
                    for block in iter(lambda src=src: src.read(_CHUNK), b""):
                        dst.write(block)

    path = atomic_write(out, write, what="sync bundle")
    return ExportReport(Path(path), school, sum(k == "sheet" for k, _, _ in docs), sum(k == "panel" for k, _, _ in docs),
                        len(photos), Path(path).stat().st_size)


def _info(name: str, size: int = 0) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # fixed: the same content, the same bytes
    zi.external_attr = (stat.S_IFREG | 0o644) << 16
    zi.compress_type = zipfile.ZIP_STORED
    zi.file_size = size
    return zi


# -- import ---------------------------------------------------------------------------------------
class BundleReader:
    """An opened, structurally checked bundle (use as a context manager)."""

    def __init__(self, path: str | Path, limits: Limits = LIMITS) -> None:
        self.path, self.limits = Path(path), limits
        self.name = self.path.name
        self._fp = open_regular(self.path, what="sync bundle", error=BundleError)
        try:
            self._open()
            self.manifest = self._read_manifest()
        except PackageError as e:  # the shared ZIP checks speak of packages
            self._fp.close()
            raise BundleError(e.message.replace("the package is refused", "the bundle is refused")
                              .replace("a .wbpkg package is a ZIP archive", "a .wbsync bundle is a ZIP archive"),
                              hint=e.hint) from None
        except BaseException:
            self._fp.close()
            raise

    def close(self) -> None:
        self._fp.close()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _refuse(self, why: str) -> BundleError:
        return BundleError(f"{self.name}: {why}; the bundle is refused",
                           hint="export it again from the laptop that made it", code="bundle_refused")

    def _open(self) -> None:
        import os

        lim = self.limits
        try:
            size = os.fstat(self._fp.fileno()).st_size
            read_central_directory(self._fp, size, lim, self.name)
            self._fp.seek(0)
            self.zf = zipfile.ZipFile(self._fp)
        except zipfile.BadZipFile:
            raise self._refuse("not a ZIP file (a damaged or truncated bundle?)") from None
        except (OSError, ValueError, EOFError, zipfile.LargeZipFile) as e:
            raise self._refuse(f"not a readable ZIP file ({e})") from None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        keys: set[str] = set()
        total = 0
        for info in self.zf.infolist():
            entry = info.orig_filename
            problem = path_problem(entry, lim)
            if problem:
                raise self._refuse(f"entry {entry!r}: unsafe path: {problem}")
            fmt = stat.S_IFMT(info.external_attr >> 16)
            if info.is_dir() or (fmt and fmt != stat.S_IFREG):
                raise self._refuse(f"entry {entry!r} is not a regular file")
            if info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_STRONG):
                raise self._refuse(f"entry {entry!r} is encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self._refuse(f"entry {entry!r} uses compression method {info.compress_type}")
            key = collision_key(entry)
            if key in keys:
                raise self._refuse(f"entry {entry!r} appears more than once")
            keys.add(key)
            if info.file_size > lim.max_entry_size:
                raise self._refuse(f"entry {entry!r} is {info.file_size:,} bytes, over the limit")
            if info.file_size > lim.ratio_min_size and info.file_size > lim.max_ratio * max(info.compress_size, 1):
                raise self._refuse(f"entry {entry!r} has a compression ratio over {lim.max_ratio}:1 (a zip bomb?)")
            total += info.file_size
            if total > lim.max_total_size:
                raise self._refuse("the entries add up to more than the limit")
            self.infos[entry] = info

    def read(self, entry: str, max_bytes: int) -> bytes:
        return b"".join(self.stream(entry, max_bytes))

    def stream(self, entry: str, max_bytes: int, sha256: str | None = None) -> Iterator[bytes]:
        """An entry's bytes in chunks; its real size is capped and its SHA-256 checked at the end."""
        info = self.infos.get(entry)
        if info is None:
            raise self._refuse(f"the manifest names {entry!r}, which is not in the archive")
        if info.file_size > max_bytes:
            raise self._refuse(f"entry {entry!r} is larger than a {entry.split('/')[0][:-1]} may be")
        h, n = hashlib.sha256(), 0
        try:
            with self.zf.open(info) as f:
                while True:
                    block = f.read(_CHUNK)
                    if not block:
                        break
                    n += len(block)
                    if n > info.file_size or n > max_bytes:
                        raise self._refuse(f"entry {entry!r} holds more bytes than it declares")
                    h.update(block)
                    yield block
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as e:  # CRC, inflate, truncation
            raise self._refuse(f"entry {entry!r} is damaged ({str(e)[:80] or type(e).__name__})") from None
        if n != info.file_size:
            raise self._refuse(f"entry {entry!r} is shorter than it declares")
        if sha256 is not None and h.hexdigest() != sha256:
            raise self._refuse(f"entry {entry!r} does not match its SHA-256 in the manifest (altered?)")

    def _read_manifest(self) -> dict[str, Any]:
        if MANIFEST not in self.infos:
            raise self._refuse("it has no manifest.json (is it a .wbsync bundle?)")
        try:
            m = json.loads(self.read(MANIFEST, self.limits.max_manifest_bytes))
        except (ValueError, UnicodeDecodeError):
            raise self._refuse("its manifest is not JSON") from None
        try:
            if m["format"] != FORMAT:
                raise self._refuse(f"unknown bundle format {m.get('format')!r}")
            school = m["school"]
            if not isinstance(school, str) or not _SCHOOL.match(school):
                raise self._refuse("the manifest's school code is malformed")
            docs, photos = m["documents"], m["photos"]
            if not isinstance(docs, list) or not isinstance(photos, list):
                raise TypeError
            named = {MANIFEST}
            for d in docs:
                if (d["kind"] not in ("sheet", "panel") or not _DOC_HASH.match(d["hash"])
                        or not _HEX.match(d["sha256"]) or not isinstance(d["size"], int)
                        or d["path"] != f"documents/{d['hash'].removeprefix('sha256:')}.json"):
                    raise self._refuse(f"a manifest document entry is malformed: {str(d)[:80]}")
                named.add(d["path"])
            for p in photos:
                if not _HEX.match(p["sha256"]) or p["path"] != f"photos/{p['sha256']}" or not isinstance(p["size"], int):
                    raise self._refuse(f"a manifest photo entry is malformed: {str(p)[:80]}")
                named.add(p["path"])
        except (KeyError, TypeError, AttributeError):
            raise self._refuse("its manifest is malformed") from None
        extra = sorted(set(self.infos) - named)
        if extra:
            raise self._refuse(f"entry {extra[0]!r} is not listed in the manifest")
        if len(named) != len(docs) + len(photos) + 1:
            raise self._refuse("the manifest lists an entry twice")
        for e in docs + photos:
            if self.infos.get(e["path"]) is None:
                raise self._refuse(f"the manifest names {e['path']!r}, which is not in the archive")
            if self.infos[e["path"]].file_size != e["size"]:
                raise self._refuse(f"entry {e['path']!r} does not have the size the manifest gives")
        return m


def import_bundle(ws: Any, path: str | Path, *,
                  progress: Callable[[int, int, str], None] | None = None) -> ImportReport:
    """Verify a bundle and store what it carries; BundleError refuses it whole (nothing stored).
    `progress(done, total, label)` after each document (the window's drop shows it)."""
    from workbench.sync.client import document_hash
    from workbench.sync.importing import SyncImportError, import_document

    with BundleReader(path) as rd:
        m = rd.manifest
        school = m["school"]
        report = ImportReport(school=school)
        try:
            ws.school(school)
        except WorkbenchError:
            raise BundleError(f"{rd.name}: a bundle for school {school}, which is not in this workspace",
                              hint="import that school's evidence package first, or take the bundle made for "
                              "your school", code="bundle_wrong_school") from None
        # every document read and checked against the manifest before anything is stored
        docs: list[tuple[dict, bytes]] = []
        for d in m["documents"]:
            data = b"".join(rd.stream(d["path"], MAX_DOCUMENT_BYTES, d["sha256"]))
            if document_hash(data, d["kind"]) != d["hash"]:
                raise rd._refuse(f"document {d['path']!r} is not the document {d['hash'][:19]}… it claims to be")
            try:
                doc_school = json.loads(data)["school"]["code"]
            except (ValueError, KeyError, TypeError):
                raise rd._refuse(f"document {d['path']!r} is not a signed sheet or panel result") from None
            if doc_school != school:
                raise rd._refuse(f"document {d['path']!r} is of school {doc_school}, not the bundle's {school}")
            docs.append((d, data))
        photos = {p["sha256"]: p for p in m["photos"]}
        ob = Outbox(ws)
        for n, (d, data) in enumerate(docs):
            if progress is not None:
                progress(n, len(docs), d["kind"])
            label = f"{d['kind']} {d['hash']}"
            if ob.find(d["hash"]) is not None:
                report.own.append(label)
                continue
            try:
                added = import_document(ws, d["kind"], data, doc_hash=d["hash"], source=rd.name)
            except SyncImportError as e:
                report.refused.append((label, e.message))
                continue
            (report.added if added else report.duplicates).append(label)
            for sha in photos_of(data) if d["kind"] == "sheet" else ():  # an accepted sheet's photos
                if ws.blobs.has(sha) or sha not in photos:
                    continue
                ws.blobs.put_stream(rd.stream(photos[sha]["path"], LIMITS.max_entry_size, sha), expected_sha256=sha)
                report.photos += 1
    if progress is not None:
        progress(len(docs), len(docs), "")
    return report
