"""Helpers for evidence-package tests: craft packages, honest and hostile, with zipfile."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.rubric.canonical import canonical_bytes


def file_entry(path: str, data: bytes, indicators: tuple[str, ...] = ("B1",), **extra) -> dict:
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "indicators": list(indicators), **extra}


def base_manifest(files: list[dict], **over) -> dict:
    m = {"format": "workbench-evidence/1", "rubric": "majiang-2015",
         "school": {"code": "T-001", "name": "测试小学", "stage": "primary", "students": 400},
         "application": {"type": "qualified", "submitted": "2026-10-01"},
         "self_assessment": {"B1.1": "1", "B2.1": "2.5"},
         "files": files}
    m.update(over)
    return m


def write_zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]], manifest: dict | bytes | None,
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in entries:
            zf.writestr(name, data)
        if manifest is not None:
            data = manifest if isinstance(manifest, bytes) else canonical_bytes(manifest)
            zf.writestr("manifest.json", data)
    return path


def honest(path: Path, files: dict[str, bytes], **over) -> Path:
    """A valid package holding `files` (path -> bytes), all for indicator B1."""
    entries = list(files.items())
    return write_zip(path, entries, base_manifest([file_entry(p, d) for p, d in entries], **over))


def _central_records(raw: bytes) -> list[int]:
    out, i = [], raw.find(b"PK\x01\x02")
    while i != -1:
        out.append(i)
        i = raw.find(b"PK\x01\x02", i + 4)
    return out


def patch_entry(path: Path, name: str, *, file_size: int | None = None, flags_or: int = 0,
                header_offset: int | None = None) -> None:
    """Rewrite fields of an entry's central-directory record (and local header) in place:
    the lies a hostile tool can tell."""
    raw = bytearray(path.read_bytes())
    for c in _central_records(bytes(raw)):
        n_len = struct.unpack_from("<H", raw, c + 28)[0]
        if raw[c + 46:c + 46 + n_len].decode("utf-8") != name:
            continue
        local = struct.unpack_from("<I", raw, c + 42)[0]
        if file_size is not None:
            struct.pack_into("<I", raw, c + 24, file_size)
            struct.pack_into("<I", raw, local + 22, file_size)
        if flags_or:
            struct.pack_into("<H", raw, c + 8, struct.unpack_from("<H", raw, c + 8)[0] | flags_or)
            struct.pack_into("<H", raw, local + 6, struct.unpack_from("<H", raw, local + 6)[0] | flags_or)
        if header_offset is not None:
            struct.pack_into("<I", raw, c + 42, header_offset)
        path.write_bytes(bytes(raw))
        return
    raise AssertionError(f"no entry {name}")


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height: Pillow reads the size without decoding."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture
def make_honest(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, bytes] | None = None, name: str = "ok.wbpkg", **over) -> Path:
        files = files if files is not None else {"B1/会议记录.txt": "会议记录".encode() * 50,
                                                  "B2/plan.txt": b"plan " * 100}
        return honest(tmp_path / name, files, **over)
    return make


def manifest_json(m: dict) -> bytes:
    return json.dumps(m, ensure_ascii=False).encode()


@pytest.fixture
def kit():
    """The helpers above, for test modules (which cannot import conftest under importlib)."""
    import types

    return types.SimpleNamespace(file_entry=file_entry, base_manifest=base_manifest,
                                 write_zip=write_zip, honest=honest, patch_entry=patch_entry,
                                 png_header=png_header, manifest_json=manifest_json)
