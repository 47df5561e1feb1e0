"""Bound a ZIP's central directory before `zipfile` parses it.

`zipfile.ZipFile` reads the whole central directory named by the end record and builds
one ZipInfo per record it finds, whatever the record count says: a 100 MB directory of
2 million 47-byte records, under an end record claiming 3 entries, cost 14 s and 1 GB
before the entry limit could refuse it. Here the end record (and the ZIP64 one) is read by
hand, the directory's size, place and count are checked against the limits and the file,
and the records are counted in one pass over fixed-size headers, before any ZipInfo exists.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from workbench.errors import PackageError
from workbench.evidence.limits import Limits

_EOCD = struct.Struct("<4s4H2LH")  # signature, disk, cd disk, entries here, entries, cd size, cd offset, comment
_LOC64 = struct.Struct("<4sLQL")  # signature, disk with the zip64 record, its offset, disks
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # sig, size, made by, needed, disk, cd disk, here, total, cd size, cd offset
_CDH = struct.Struct("<4s4B4HL2L5H2L")  # a central-directory file header (46 bytes)
_SIG_EOCD, _SIG_LOC64, _SIG_EOCD64, _SIG_CDH = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06", b"PK\x01\x02"
_MAX_COMMENT = 0xFFFF
_READ = 1 << 20


@dataclass(frozen=True)
class CentralDirectory:
    entries: int
    size: int
    offset: int


def _refuse(name: str, why: str) -> PackageError:
    return PackageError(f"{name}: {why}; the package is refused")


def _end_record(fp: BinaryIO, file_size: int, name: str) -> tuple[int, tuple]:
    """(position, fields) of the end-of-central-directory record."""
    if file_size < _EOCD.size:
        raise PackageError(f"{name}: not a ZIP file (or a damaged one); a .wbpkg package is a ZIP archive")
    tail_len = min(file_size, _EOCD.size + _MAX_COMMENT)
    fp.seek(file_size - tail_len)
    tail = fp.read(tail_len)
    pos = tail.rfind(_SIG_EOCD)
    while pos != -1:  # the last signature whose comment length reaches exactly the end
        if pos + _EOCD.size <= len(tail):
            fields = _EOCD.unpack_from(tail, pos)
            if pos + _EOCD.size + fields[7] == len(tail):
                return file_size - tail_len + pos, fields
        pos = tail.rfind(_SIG_EOCD, 0, pos)
    raise PackageError(f"{name}: not a ZIP file (or a damaged one); a .wbpkg package is a ZIP archive")


def read_central_directory(fp: BinaryIO, file_size: int, limits: Limits, name: str) -> CentralDirectory:
    """Where the central directory is and how many records it holds, checked against `limits`;
    PackageError (one line) for anything forged, split, out of place or over a limit."""
    eocd_pos, (_sig, disk, cd_disk, here, entries, cd_size, cd_offset, _comment) = _end_record(fp, file_size, name)
    dir_end = eocd_pos  # the central directory must end where the end record(s) begin
    if eocd_pos >= _LOC64.size:
        fp.seek(eocd_pos - _LOC64.size)
        loc = _LOC64.unpack(fp.read(_LOC64.size))
        if loc[0] == _SIG_LOC64:
            if loc[1] != 0 or loc[3] != 1:
                raise _refuse(name, "the archive spans several disks")
            rec_pos = eocd_pos - _LOC64.size - _EOCD64.size  # where zipfile reads it
            if rec_pos < 0 or loc[2] != rec_pos:
                raise _refuse(name, "the ZIP64 end record is not where its locator says")
            fp.seek(rec_pos)
            rec = _EOCD64.unpack(fp.read(_EOCD64.size))
            if rec[0] != _SIG_EOCD64:
                raise _refuse(name, "the ZIP64 end record is damaged")
            _s, _size, _by, _need, disk, cd_disk, here, entries, cd_size, cd_offset = rec
            dir_end = rec_pos
    if disk != 0 or cd_disk != 0 or here != entries:
        raise _refuse(name, "the archive spans several disks")
    if entries > limits.max_entries + 1:  # + 1: manifest.json
        raise PackageError(f"{name}: the archive has {entries} entries, more than the limit of "
                           f"{limits.max_entries}")
    if cd_size > limits.max_central_directory_bytes:
        raise _refuse(name, f"its central directory of {cd_size:,} bytes is over the limit of "
                      f"{limits.max_central_directory_bytes:,}")
    if cd_size > entries * (_CDH.size + limits.max_path_length + limits.max_record_extra):
        raise _refuse(name, f"its central directory of {cd_size:,} bytes is far too large for "
                      f"{entries} entries (a forged entry count?)")
    if cd_offset + cd_size != dir_end:
        raise _refuse(name, "its central directory does not fit the file (data before, after or "
                      "inside the archive)")
    _count_records(fp, cd_offset, cd_size, entries, limits, name)
    return CentralDirectory(entries, cd_size, cd_offset)


def _count_records(fp: BinaryIO, offset: int, size: int, entries: int, limits: Limits, name: str) -> None:
    """Walk the fixed-size record headers: exactly `entries` records filling exactly `size` bytes."""
    fp.seek(offset)
    buf, pos, left, count = b"", 0, size, 0
    while True:
        if len(buf) - pos < _CDH.size and left:
            chunk = fp.read(min(_READ, left))
            if not chunk:
                raise _refuse(name, "the archive ends inside its central directory")
            buf, pos, left = buf[pos:] + chunk, 0, left - len(chunk)
        if pos == len(buf) and not left:
            break
        if len(buf) - pos < _CDH.size:
            raise _refuse(name, "its central directory ends inside a record")
        if buf[pos:pos + 4] != _SIG_CDH:
            raise _refuse(name, f"its central directory is damaged (record {count + 1})")
        h = _CDH.unpack_from(buf, pos)
        name_len, extra_len, comment_len = h[12], h[13], h[14]
        count += 1
        if count > entries:
            raise _refuse(name, f"its central directory holds more records than the {entries} its end "
                          "record declares (a forged entry count?)")
        if name_len > limits.max_path_length:
            raise _refuse(name, f"entry name {count} is {name_len:,} bytes, over the limit of "
                          f"{limits.max_path_length}")
        if extra_len + comment_len > limits.max_record_extra:
            raise _refuse(name, f"entry {count} carries {extra_len + comment_len:,} bytes of extra data "
                          f"and comment, over the limit of {limits.max_record_extra:,}")
        skip = _CDH.size + name_len + extra_len + comment_len
        while len(buf) - pos < skip:  # a record straddling the chunk boundary
            if not left:
                raise _refuse(name, "its central directory ends inside a record")
            chunk = fp.read(min(_READ, left))
            if not chunk:
                raise _refuse(name, "the archive ends inside its central directory")
            buf, pos, left = buf[pos:] + chunk, 0, left - len(chunk)
        pos += skip
    if count != entries:
        raise _refuse(name, f"its end record declares {entries} entries but the central directory "
                      f"holds {count}")
