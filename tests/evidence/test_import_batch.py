"""Import through a blob batch (workbench/store/blobbatch.py): every new entry stored once
under its content name, nothing left behind by a refused or cancelled import, blobs already
in the workspace not written again."""

from __future__ import annotations

import hashlib
import random
import threading
import zipfile
from pathlib import Path

import pytest

from workbench.errors import Cancelled, PackageError
from workbench.evidence import Limits, import_package
from workbench.evidence.fanout import PARALLEL_MIN_BYTES
from workbench.store import Workspace

MiB = 1 << 20


def _files(n: int = 12, seed: int = 3) -> dict[str, bytes]:
    rng = random.Random(seed)
    files = {f"B{i % 5 + 1}/f{i:02d}.{'jpg' if i % 2 else 'txt'}":
             rng.randbytes(rng.randint(100_000, 900_000)) if i % 2 else
             (b"minutes %d " % i) * rng.randint(10_000, 60_000) for i in range(n)}
    files["B9/copy.txt"] = files["B1/f00.txt"]  # the same content twice: one blob
    return files


def _blob_files(ws_root: Path) -> list[Path]:
    return [p for p in (ws_root / "blobs").rglob("*") if p.is_file()]


def _assert_blobs_named_by_content(ws_root: Path) -> set[str]:
    names = set()
    for p in _blob_files(ws_root):
        assert p.parent.parent.parent.name == "blobs" and p.parent.name == p.name[2:4]
        assert hashlib.sha256(p.read_bytes()).hexdigest() == p.name
        names.add(p.name)
    return names


@pytest.fixture
def package(tmp_path: Path, kit) -> tuple[Path, dict[str, bytes]]:
    files = _files()
    assert sum(map(len, files.values())) > PARALLEL_MIN_BYTES  # two threads write
    p = tmp_path / "school.wbpkg"
    entries = list(files.items())
    kit.write_zip(p, entries, kit.base_manifest([kit.file_entry(n, d, (n.split("/")[0],))
                                                 for n, d in entries]))
    return p, files


def test_import_stores_each_new_entry_once_under_its_name(tmp_path: Path, package) -> None:
    p, files = package
    shas = {hashlib.sha256(d).hexdigest() for d in files.values()}
    with Workspace.open(tmp_path / "ws") as ws:
        r = import_package(ws, p, limits=Limits(chunk_size=128 * 1024))
        assert r.created and r.files == len(files) and r.new_blobs == len(shas)
        assert {f.path for f in ws.package_files(r.school_code)} == set(files)
    assert _assert_blobs_named_by_content(tmp_path / "ws") == shas
    assert list((tmp_path / "ws" / "blobs" / "tmp").iterdir()) == []


def test_blobs_already_stored_are_not_written_again(tmp_path: Path, package) -> None:
    p, files = package
    with Workspace.open(tmp_path / "ws") as ws:
        ws.blobs.put_bytes(files["B2/f01.jpg"])
        before = ws.blobs.path(hashlib.sha256(files["B2/f01.jpg"]).hexdigest()).stat().st_mtime_ns
        r = import_package(ws, p)
        assert r.new_blobs == len({hashlib.sha256(d).hexdigest() for d in files.values()}) - 1
        assert ws.blobs.path(hashlib.sha256(files["B2/f01.jpg"]).hexdigest()).stat().st_mtime_ns == before


def _break_late_entry(p: Path, name: str) -> None:
    raw = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo(name)
    raw[info.header_offset + 30 + len(name.encode()) + info.compress_size // 2] ^= 0x55
    p.write_bytes(bytes(raw))


def test_a_refused_import_leaves_no_blob_and_no_school(tmp_path: Path, package) -> None:
    p, _files = package
    _break_late_entry(p, "B2/f11.jpg")  # most entries were stored by the time it is met
    with Workspace.open(tmp_path / "ws") as ws:
        with pytest.raises(PackageError, match="entry 'B2/f11.jpg'"):
            import_package(ws, p)
        assert ws.list_schools() == []
    assert _blob_files(tmp_path / "ws") == []
    assert not [t for t in threading.enumerate() if t.name.startswith(("wbpkg-", "blob-fsync"))]


def test_a_cancelled_import_leaves_nothing_and_a_second_one_works(tmp_path: Path, package) -> None:
    p, files = package
    calls = [0]

    def cancel() -> bool:
        calls[0] += 1
        return calls[0] > 4

    with Workspace.open(tmp_path / "ws") as ws:
        with pytest.raises(Cancelled):
            import_package(ws, p, limits=Limits(chunk_size=64 * 1024), cancel=cancel)
        assert ws.list_schools() == [] and _blob_files(tmp_path / "ws") == []
        r = import_package(ws, p)
        assert r.created and [s.code for s in ws.list_schools()] == [r.school_code]
        for f in ws.package_files(r.school_code):
            with ws.blobs.open(f.sha256) as fh:
                assert fh.read() == files[f.path]
