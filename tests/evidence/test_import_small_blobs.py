"""Package entries of at most 64 KiB are kept in the workspace database (table small_blobs),
larger ones as files; every reader finds both; a refused or cancelled import leaves no row;
a workspace written before migration 0005 (every blob a file) reads as before."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from alembic import command

import workbench.store.blobdb as blobdb
from workbench.errors import Cancelled, PackageError
from workbench.evidence import import_package
from workbench.store import Workspace
from workbench.store.db import SCHEMA_HEAD, alembic_config, schema_version

SMALL = blobdb.SMALL_MAX


def _files(seed: int = 5) -> dict[str, bytes]:
    rng = random.Random(seed)
    files = {f"B{i % 4 + 1}/note{i:02d}.txt": rng.randbytes(rng.randint(10, 20_000)) for i in range(40)}
    files["B1/edge.txt"] = rng.randbytes(SMALL)  # exactly the limit: still small
    files["B2/over.jpg"] = rng.randbytes(SMALL + 1)
    files["B3/scan.pdf"] = rng.randbytes(700_000)
    files["B4/same.txt"] = files["B1/note00.txt"]  # the same content twice: one blob
    return files


def _package(path: Path, kit, files: dict[str, bytes], code: str = "T-001") -> Path:
    entries = list(files.items())
    m = kit.base_manifest([kit.file_entry(n, d, (n.split("/")[0],)) for n, d in entries])
    m["school"] = dict(m["school"], code=code)
    return kit.write_zip(path, entries, m)


def _rows(ws_root: Path) -> dict[str, bytes]:
    con = sqlite3.connect(ws_root / "workspace.db")
    try:
        return {sha: bytes(data) for sha, data in con.execute("SELECT sha256, data FROM small_blobs")}
    finally:
        con.close()


def _blob_files(ws_root: Path) -> set[str]:
    return {p.name for p in (ws_root / "blobs").rglob("*") if p.is_file()}


def _sha(d: bytes) -> str:
    return hashlib.sha256(d).hexdigest()


def test_small_entries_in_the_database_large_ones_as_files(tmp_path: Path, kit) -> None:
    files = _files()
    pkg = _package(tmp_path / "p.wbpkg", kit, files)
    small = {_sha(d) for d in files.values() if len(d) <= SMALL}
    large = {_sha(d) for d in files.values() if len(d) > SMALL}
    with Workspace.open(tmp_path / "ws") as ws:
        r = import_package(ws, pkg)
        assert r.new_blobs == len(small) + len(large)
        rows = _rows(ws.root)
        assert set(rows) == small and all(_sha(d) == s for s, d in rows.items())
        assert _blob_files(ws.root) == large  # no file for a small entry, not even in tmp/
        stored = ws.package_files(r.school_code)
        assert {f.path: f.sha256 for f in stored} == {n: _sha(d) for n, d in files.items()}
        for f in stored:  # every reader, wherever the blob is
            assert ws.blobs.has(f.sha256)
            assert ws.blobs.read_bytes(f.sha256) == files[f.path]
            with ws.blobs.open(f.sha256) as fh:
                assert fh.read() == files[f.path]
            p = ws.blobs.path(f.sha256)
            assert p.read_bytes() == files[f.path]
            if f.sha256 in small:  # a copy in the cache folder, made once
                assert p == ws.root / "cache" / f.sha256[:2] / f.sha256
                made = p.stat().st_mtime_ns
                assert ws.blobs.path(f.sha256) == p and p.stat().st_mtime_ns == made
            else:
                assert p == ws.blobs.file_path(f.sha256)
        missing = "0" * 64
        assert not ws.blobs.has(missing) and not ws.blobs.path(missing).exists()
        # the same content in another school's package: nothing written again
        again = _package(tmp_path / "q.wbpkg", kit, files, code="T-002")
        r2 = import_package(ws, again)
        assert r2.created and r2.new_blobs == 0 and _rows(ws.root) == rows


@pytest.mark.parametrize("how", ["damaged", "cancelled"])
def test_refused_or_cancelled_import_leaves_no_row(tmp_path: Path, kit, monkeypatch, how: str) -> None:
    monkeypatch.setattr(blobdb, "BATCH_BYTES", 8_000)  # many commits before the end
    files = _files()
    entries = list(files.items())
    manifest = kit.base_manifest([kit.file_entry(n, d, (n.split("/")[0],)) for n, d in entries])
    if how == "damaged":  # the last entry's bytes differ from what the manifest says
        entries[-2] = (entries[-2][0], b"x" + entries[-2][1][1:])
    pkg = kit.write_zip(tmp_path / "p.wbpkg", entries, manifest)
    seen: list[str] = []

    def cancel() -> bool:  # once most entries were stored (and several batches committed)
        return how == "cancelled" and len(seen) > 35

    with Workspace.open(tmp_path / "ws") as ws:
        with pytest.raises(PackageError if how == "damaged" else Cancelled):
            import_package(ws, pkg, cancel=cancel, progress=lambda d, t, label: seen.append(label))
        assert ws.list_schools() == []
    assert _rows(tmp_path / "ws") == {} and _blob_files(tmp_path / "ws") == set()


def test_read_only_workspace_copies_to_the_user_cache(tmp_path: Path, kit, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    files = _files()
    with Workspace.open(tmp_path / "ws") as ws:
        r = import_package(ws, _package(tmp_path / "p.wbpkg", kit, files))
    with Workspace.open(tmp_path / "ws", read_only=True) as ws:
        for f in ws.package_files(r.school_code):
            p = ws.blobs.path(f.sha256)
            assert p.read_bytes() == files[f.path]
            if len(files[f.path]) <= SMALL:
                assert (tmp_path / "xdg") in p.parents
    assert not (tmp_path / "ws" / "cache").exists()  # nothing written in the workspace


def test_workspace_before_0005_reads_its_file_blobs(tmp_path: Path, kit) -> None:
    """Written as the 0004 workbench did (every blob a file), then opened by this one."""
    files = _files()
    root = tmp_path / "ws"
    with Workspace.open(root) as ws:
        ws.blobs.small = None  # the 0004 store: files only
        r = import_package(ws, _package(tmp_path / "p.wbpkg", kit, files))
        cfg = alembic_config()
        with ws.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        assert schema_version(ws.engine) == "0004"
    assert _blob_files(root) == {_sha(d) for d in files.values()}
    with Workspace.open(root) as ws:  # migrated to 0005 and on: the files are read where they are
        assert schema_version(ws.engine) == SCHEMA_HEAD and _rows(root) == {}
        for f in ws.package_files(r.school_code):
            assert ws.blobs.has(f.sha256) and ws.blobs.path(f.sha256) == ws.blobs.file_path(f.sha256)
            assert ws.blobs.read_bytes(f.sha256) == files[f.path]
        # a new package's small entries go to the database; the old files are not moved
        more = {"B5/new.txt": b"a new small note", "B5/old.txt": files["B2/note01.txt"]}
        r2 = import_package(ws, _package(tmp_path / "q.wbpkg", kit, more, code="T-002"))
        assert r2.new_blobs == 1 and set(_rows(root)) == {_sha(b"a new small note")}
        assert ws.blobs.read_bytes(_sha(files["B2/note01.txt"])) == files["B2/note01.txt"]


def test_which_blobs_the_database_holds_is_asked_in_parts(tmp_path: Path) -> None:
    """`which` asks 500 names at a time (SQLite's limit on parameters is not reached)."""
    with Workspace.open(tmp_path / "ws") as ws:
        assert ws.blobs.small is not None
        w = ws.blobs.small.writer()
        held = {}
        for n in range(1_200):
            data = b"note %d" % n
            held[_sha(data)] = data
            w.add(_sha(data), data)
        assert sorted(w.finish()) == sorted(held)
        unknown = [_sha(b"absent %d" % n) for n in range(100)]
        assert ws.blobs.small.which(unknown + list(held) + unknown[:3]) == set(held)
        assert ws.blobs.small.which([]) == set()
