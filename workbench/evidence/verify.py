"""Verify an evidence package by streaming every entry: structure, limits, size, SHA-256.

`verify_package` never holds more than one chunk (~1 MiB) of an entry in memory. The same
reader serves the importer, which sends the checked chunks straight into the blob store.
Every refusal is a PackageError that names the entry.
"""

from __future__ import annotations

import hashlib
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
from workbench.evidence.images import image_problem_stream
from workbench.evidence.limits import Limits
from workbench.evidence.manifest import manifest_hash, parse_manifest
from workbench.evidence.paths import MANIFEST_NAME, collision_key, path_problem
from workbench.evidence.zipdir import read_central_directory
from workbench.inputs import open_regular

Progress = Callable[[int, int, str], None]  # (done_bytes, total_bytes, label)
Cancel = Callable[[], bool]

_FLAG_ENCRYPTED = 0x1
_FLAG_STRONG_ENCRYPTION = 0x40
_FLAG_UTF8 = 0x800
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


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
    """SHA-256 of the whole package file, on a second core while entries are checked
    (hashlib releases the GIL), so the package hash costs almost no extra time."""

    def __init__(self, path: Path, chunk_size: int) -> None:
        super().__init__(name="wbpkg-hash", daemon=True)
        self.path, self.chunk_size = path, chunk_size
        self.stop = threading.Event()
        self.digest: str | None = None
        self.error: OSError | PackageError | None = None

    def run(self) -> None:
        h = hashlib.sha256()
        try:
            with open_regular(self.path, what="package file", error=PackageError) as f:
                while not self.stop.is_set():
                    chunk = f.read(self.chunk_size)
                    if not chunk:
                        self.digest = h.hexdigest()
                        return
                    h.update(chunk)
        except (OSError, PackageError) as e:
            self.error = e

    def result(self) -> str:
        self.join()
        if self.error or self.digest is None:
            raise PackageError(f"{self.path.name}: cannot read ({self.error})")
        return self.digest


class PackageReader:
    """An opened, structurally checked package. Use as a context manager.

    After construction the central directory, every entry's name, type, flags and declared
    sizes, and the manifest have been checked; `stream(entry)` then yields an entry's data,
    checking its real size, SHA-256 and (for images) pixel count as it goes.
    """

    def __init__(self, path: str | Path, limits: Limits = Limits(), *, hash_package: bool = True) -> None:
        self.path = Path(path)
        self.limits = limits
        self._hasher: _FileHasher | None = None
        # a FIFO, device, socket or folder is refused before open() could block on it
        self._fp = open_regular(self.path, what="package file", error=PackageError)
        try:
            self._open_zip()
            self.manifest = self._read_manifest()
            self.entries = self._match_entries()
        except BaseException:
            self._fp.close()
            raise
        self.manifest_hash = manifest_hash(self.manifest)
        self.total_size = sum(f["size"] for f, _ in self.entries)
        if hash_package:
            self._hasher = _FileHasher(self.path, limits.chunk_size)
            self._hasher.start()

    # -- structure ---------------------------------------------------------------------------
    def _open_zip(self) -> None:
        name, lim = self.path.name, self.limits
        try:
            size = os.fstat(self._fp.fileno()).st_size
            read_central_directory(self._fp, size, lim, name)  # bounded before zipfile parses it
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
        self._check_overlap()

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
        if info.compress_type not in _METHODS:
            raise PackageError(f"entry {entry!r}: compression method {info.compress_type} is not "
                               "supported (only stored and deflated)")

    def _check_overlap(self) -> None:
        """Entries whose data overlap are the trick behind non-recursive zip bombs."""
        infos = sorted(self.zf.infolist(), key=lambda i: i.header_offset)
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
    def stream(self, f: dict, info: zipfile.ZipInfo, *, on_bytes: Callable[[int], None] | None = None,
               cancel: Cancel | None = None) -> Iterator[bytes]:
        """Yield the entry's data in chunks; raise PackageError (before the generator ends) if
        its real size, SHA-256 or image header is wrong."""
        path, size, lim = f["path"], f["size"], self.limits
        h = hashlib.sha256()
        done = 0
        try:
            # the image header on the entry's own stream, before any byte is handed on
            self._check_image(path, info)
            with self.zf.open(info) as src:
                while True:
                    if cancel is not None and cancel():
                        raise Cancelled("verification cancelled; nothing was changed")
                    chunk = src.read(lim.chunk_size)
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > size:  # the header lied; zipfile should stop first, but be sure
                        raise PackageError(f"entry {path!r}: holds more than the {size:,} bytes "
                                           "declared; the package is refused")
                    h.update(chunk)
                    if on_bytes is not None:
                        on_bytes(len(chunk))
                    yield chunk
        except zipfile.BadZipFile as e:
            raise PackageError(f"entry {path!r}: data do not match the archive's header ({e}); the "
                               "package is damaged or was tampered with") from None
        except (zlib.error, EOFError) as e:
            raise PackageError(f"entry {path!r}: damaged compressed data ({e})") from None
        if done != size:
            raise PackageError(f"entry {path!r}: size mismatch: {done:,} bytes, {MANIFEST_NAME} "
                               f"says {size:,}")
        if h.hexdigest() != f["sha256"]:
            raise PackageError(f"entry {path!r}: SHA-256 mismatch: the file is not the one "
                               f"{MANIFEST_NAME} describes (damaged or altered)")

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

    def _check_image(self, path: str, info: zipfile.ZipInfo) -> None:
        problem = image_problem_stream(lambda: self.zf.open(info), self.limits)
        if problem:
            raise PackageError(f"entry {path!r}: {problem}; the package is refused")

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

    progress(done_bytes, total_bytes, entry_path) is called after every chunk; cancel() is
    polled before every chunk and makes this raise workbench.errors.Cancelled. Safe to run
    on a worker thread (the callbacks run on that thread).
    """
    with PackageReader(path, limits) as reader:
        for _f, chunks in reader.streams(progress=progress, cancel=cancel):
            for _ in chunks:
                pass
        if cancel is not None and cancel():
            raise Cancelled("verification cancelled; nothing was changed")
        return VerifiedPackage(reader.path, reader.manifest, reader.manifest_hash,
                               reader.package_sha256(), tuple(_verified_file(f) for f, _ in reader.entries))
