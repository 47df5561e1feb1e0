"""Verify an evidence package by streaming every entry: structure, limits, size, SHA-256.

`verify_package` never holds more than one chunk (~1 MiB) of an entry in memory. The same
reader serves the importer, which sends the checked chunks straight into the blob store.
Every refusal is a PackageError that names the entry.
"""

from __future__ import annotations

import mimetypes
import os
import stat
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from workbench.errors import Cancelled, PackageError
from workbench.evidence.entrydata import EntryChecker, FileSource, hash_file
from workbench.evidence.fanout import check_entries
from workbench.evidence.limits import Limits
from workbench.evidence.manifest import manifest_hash, parse_manifest
from workbench.evidence.paths import MANIFEST_NAME, collision_key, path_problem
from workbench.evidence.zipdir import read_central_directory
from workbench.inputs import open_regular

Progress = Callable[[int, int, str], None]  # (done_bytes, total_bytes, label)
Cancel = Callable[[], bool]

_FLAG_ENCRYPTED = 0x1
_FLAG_PATCHED = 0x20
_FLAG_STRONG_ENCRYPTION = 0x40
_FLAG_UTF8 = 0x800
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
HASH_BUFFER = 4 << 20  # the whole-package hash reads this much at a time (one reused buffer)


@dataclass(frozen=True)
class VerifiedFile:
    path: str
    sha256: str
    size: int
    indicators: tuple[str, ...]
    title: str | None
    date: str | None  # "YYYY-MM-DD"
    media_type: str


@dataclass(frozen=True)
class VerifiedPackage:
    path: Path
    manifest: dict
    manifest_hash: str  # "sha256:<hex>" of the canonical manifest JSON
    package_sha256: str  # hex SHA-256 of the whole .wbpkg file
    files: tuple[VerifiedFile, ...]

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


def _verified_file(f: dict) -> VerifiedFile:
    media = mimetypes.guess_type(f["path"], strict=False)[0] or "application/octet-stream"
    return VerifiedFile(f["path"], f["sha256"], f["size"], tuple(f["indicators"]), f.get("title"),
                        f.get("date"), media)


class _FileHasher(threading.Thread):
    """SHA-256 of the whole package file, on another core while entries are checked (hashlib
    releases the GIL), so the package hash costs almost no extra time. It reads the file
    already opened and checked, by position: the hash is of the bytes that were verified."""

    def __init__(self, src: FileSource, size: int, name: str) -> None:
        super().__init__(name="wbpkg-hash", daemon=True)
        self.src, self.size, self.name = src, size, name
        self.stop = threading.Event()
        self.digest: str | None = None
        self.error: PackageError | None = None

    def run(self) -> None:
        try:
            self.digest = hash_file(self.src, self.size, HASH_BUFFER, self.stop)
        except PackageError as e:
            self.error = e

    def result(self) -> str:
        self.join()
        if self.error is not None:
            raise self.error
        if self.digest is None:
            raise PackageError(f"{self.name}: cannot read (it changed while being read)")
        return self.digest


class PackageReader:
    """An opened, structurally checked package. Use as a context manager.

    After construction the central directory, every entry's name, type, flags and declared
    sizes, and the manifest have been checked; `stream(entry)` then yields an entry's data,
    checking its real size, CRC-32, SHA-256 and (for images) pixel count as it goes, and
    `check_entries` (workbench/evidence/fanout.py) checks them all on two threads.
    """

    def __init__(self, path: str | Path, limits: Limits = Limits(), *, hash_package: bool = True) -> None:
        self.path = Path(path)
        self.limits = limits
        self._hasher: _FileHasher | None = None
        # a FIFO, device, socket or folder is refused before open() could block on it
        self._fp = open_regular(self.path, what="package file", error=PackageError)
        self.src = FileSource(self._fp, self.path.name)
        try:
            self._open_zip()
            self.manifest = self._read_manifest()
            self.entries = self._match_entries()
        except BaseException:
            self._fp.close()
            raise
        self.manifest_hash = manifest_hash(self.manifest)
        self.total_size = sum(f["size"] for f, _ in self.entries)
        self._checker: EntryChecker | None = None
        if hash_package:
            self._hasher = _FileHasher(self.src, self._file_size, self.path.name)
            self._hasher.start()

    # -- structure ---------------------------------------------------------------------------
    def _open_zip(self) -> None:
        name, lim = self.path.name, self.limits
        try:
            size = self._file_size = os.fstat(self._fp.fileno()).st_size
            cd = read_central_directory(self._fp, size, lim, name)  # bounded before zipfile parses it
            self._fp.seek(0)
        except OSError as e:
            raise PackageError(f"{name}: cannot read ({e.strerror or e})") from None
        try:
            self.zf = zipfile.ZipFile(self._fp)
        except zipfile.BadZipFile:
            raise PackageError(f"{name}: not a ZIP file (or a damaged one); a .wbpkg package is a "
                               "ZIP archive") from None
        except (OSError, ValueError, EOFError, zipfile.LargeZipFile) as e:
            raise PackageError(f"{name}: not a readable ZIP file ({e})") from None
        self.src.share_lock(self.zf._lock)  # image checks read through zipfile's own streams
        infos = self.zf.infolist()
        if len(infos) > lim.max_entries + 1:
            raise PackageError(f"{name}: the archive has {len(infos)} entries, more than the limit "
                               f"of {lim.max_entries}")
        self.infos: dict[str, zipfile.ZipInfo] = {}
        keys: dict[str, str] = {}
        total = 0
        for info in infos:
            entry = info.orig_filename
            if info.is_dir() and info.file_size == 0 and path_problem(entry.rstrip("/"), lim) is None:
                self._check_type(info)
                continue  # explicit folder entries made by ordinary zip tools carry nothing
            problem = path_problem(entry, lim)
            if problem:
                raise PackageError(f"entry {entry!r}: unsafe path: {problem}; the package is refused")
            self._check_type(info)
            key = collision_key(entry)
            if entry in self.infos or key in keys:
                raise PackageError(f"entry {entry!r}: appears more than once in the archive")
            keys[key] = entry
            self.infos[entry] = info
            if info.file_size > lim.max_entry_size:
                raise PackageError(f"entry {entry!r}: {info.file_size:,} bytes, over the per-file "
                                   f"limit of {lim.max_entry_size:,}")
            if (info.file_size > lim.ratio_min_size
                    and info.file_size > lim.max_ratio * max(info.compress_size, 1)):
                ratio = info.file_size // max(info.compress_size, 1)
                raise PackageError(f"entry {entry!r}: compression ratio {ratio}:1 is over the limit "
                                   f"of {lim.max_ratio}:1 (a zip bomb?)")
            total += info.file_size
            if total > lim.max_total_size:
                raise PackageError(f"{name}: the files add up to more than the limit of "
                                   f"{lim.max_total_size:,} bytes (at entry {entry!r})")
        self._check_overlap(cd.offset)

    def _check_type(self, info: zipfile.ZipInfo) -> None:
        entry = info.orig_filename
        mode = info.external_attr >> 16
        fmt = stat.S_IFMT(mode)
        if fmt and fmt != stat.S_IFREG and not (fmt == stat.S_IFDIR and info.is_dir()):
            kind = {stat.S_IFLNK: "a symbolic link", stat.S_IFCHR: "a character device",
                    stat.S_IFBLK: "a block device", stat.S_IFIFO: "a named pipe",
                    stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}.get(fmt, "not a regular file")
            raise PackageError(f"entry {entry!r}: is {kind}; a package holds only regular files")
        if info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION):
            raise PackageError(f"entry {entry!r}: is encrypted; packages must not be encrypted")
        if info.flag_bits & _FLAG_PATCHED:
            raise PackageError(f"entry {entry!r}: holds patch data (ZIP flag bit 5), which packages "
                               "must not use")
        if info.compress_type not in _METHODS:
            raise PackageError(f"entry {entry!r}: compression method {info.compress_type} is not "
                               "supported (only stored and deflated)")

    def _check_overlap(self, cd_offset: int) -> None:
        """Entries whose data overlap are the trick behind non-recursive zip bombs. Also notes
        where each entry's room ends (the next header, or the central directory), which its
        local header is checked against before its data are read."""
        infos = sorted(self.zf.infolist(), key=lambda i: i.header_offset)
        self._ends = {id(a): b.header_offset for a, b in zip(infos, infos[1:], strict=False)}
        if infos:
            self._ends[id(infos[-1])] = cd_offset
        for a, b in zip(infos, infos[1:], strict=False):
            enc = "utf-8" if a.flag_bits & _FLAG_UTF8 else "cp437"
            try:
                name_len = len(a.orig_filename.encode(enc))
            except UnicodeEncodeError:
                name_len = len(a.orig_filename.encode("utf-8"))
            if a.header_offset + 30 + name_len + a.compress_size > b.header_offset:
                raise PackageError(f"entry {b.orig_filename!r}: overlaps the data of "
                                   f"{a.orig_filename!r}; the archive is malformed (a zip bomb?)")

    def _read_manifest(self) -> dict:
        info = self.infos.get(MANIFEST_NAME)
        if info is None:
            raise PackageError(f"{self.path.name}: no {MANIFEST_NAME} at the root of the archive; "
                               "not an evidence package")
        if info.file_size > self.limits.max_manifest_bytes:
            raise PackageError(f"{MANIFEST_NAME}: {info.file_size:,} bytes, over the limit of "
                               f"{self.limits.max_manifest_bytes:,}")
        try:
            with self.zf.open(info) as f:
                data = f.read(self.limits.max_manifest_bytes + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
            raise PackageError(f"{MANIFEST_NAME}: damaged in the archive ({e})") from None
        return parse_manifest(data, self.limits)

    def _match_entries(self) -> list[tuple[dict, zipfile.ZipInfo]]:
        listed = {f["path"] for f in self.manifest["files"]}
        for entry in self.infos:
            if entry != MANIFEST_NAME and entry not in listed:
                raise PackageError(f"entry {entry!r}: is in the archive but not in {MANIFEST_NAME}")
        out = []
        for f in self.manifest["files"]:
            info = self.infos.get(f["path"])
            if info is None:
                raise PackageError(f"{MANIFEST_NAME} lists {f['path']!r}, which is not in the archive")
            if info.file_size != f["size"]:
                raise PackageError(f"entry {f['path']!r}: size mismatch: {MANIFEST_NAME} says "
                                   f"{f['size']:,} bytes, the archive says {info.file_size:,}")
            out.append((f, info))
        return out

    # -- data ----------------------------------------------------------------------------------
    def checker(self) -> EntryChecker:
        """A checker with its own read buffer: one per thread."""
        return EntryChecker(self.src, self.limits, self.zf.open, self.limits.chunk_size)

    def end_of(self, info: zipfile.ZipInfo) -> int:
        return self._ends[id(info)]

    def stream(self, f: dict, info: zipfile.ZipInfo, *, on_bytes: Callable[[int], None] | None = None,
               cancel: Cancel | None = None) -> Iterator[bytes]:
        """Yield the entry's data in chunks (bytes of their own); raise PackageError (before
        the generator ends) if its real size, CRC-32, SHA-256 or image header is wrong."""
        if self._checker is None:
            self._checker = self.checker()
        for chunk in self._checker.chunks(f, info, self.end_of(info)):
            if cancel is not None and cancel():
                raise Cancelled("verification cancelled; nothing was changed")
            if on_bytes is not None:
                on_bytes(len(chunk))
            yield bytes(chunk)

    def streams(self, *, progress: Progress | None = None,
                cancel: Cancel | None = None) -> Iterator[tuple[dict, Iterator[bytes]]]:
        """Each manifest entry with its checked chunk stream, in archive order, reporting
        progress(done_bytes, total_bytes, entry_path) across the whole package. Each stream
        must be consumed before the next is taken (a stream's checks run at its end)."""
        total, done = self.total_size, 0
        if progress is not None:
            progress(0, total, "")  # the structure checked; now the data

        for f, info in self.entries:
            def on_bytes(n: int, label: str = f["path"]) -> None:
                nonlocal done
                done += n
                if progress is not None:
                    progress(done, total, label)

            yield f, self.stream(f, info, on_bytes=on_bytes, cancel=cancel)

    def package_sha256(self) -> str:
        if self._hasher is None:
            raise RuntimeError("PackageReader opened with hash_package=False")
        return self._hasher.result()

    def close(self) -> None:
        if self._hasher is not None:
            self._hasher.stop.set()
            self._hasher.join()
        self.zf.close()
        self._fp.close()

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def verify_package(path: str | Path, *, limits: Limits = Limits(), progress: Progress | None = None,
                   cancel: Cancel | None = None) -> VerifiedPackage:
    """Check a package completely without unpacking it; raise PackageError or Cancelled.

    progress(done_bytes, total_bytes, entry_path) is called after every chunk the calling
    thread checks (and every 50 ms while a helper thread finishes); cancel() is polled as
    often and makes this raise workbench.errors.Cancelled. Safe to run on a worker thread
    (the callbacks run on that thread, never on the helper).
    """
    with PackageReader(path, limits) as reader:
        check_entries(reader, progress=progress, cancel=cancel)
        if cancel is not None and cancel():
            raise Cancelled("verification cancelled; nothing was changed")
        return VerifiedPackage(reader.path, reader.manifest, reader.manifest_hash,
                               reader.package_sha256(), tuple(_verified_file(f) for f, _ in reader.entries))
